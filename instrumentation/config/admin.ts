import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminOptions } from '../types';
import { type Env, positiveInt, str, warnInvalid } from './env-parsers';

// the opt-in admin endpoint (on-demand CPU profiles): off unless a port is given.

export const ADMIN_PORT_ENV = 'AGENT_OTEL_ADMIN_PORT';
export const ADMIN_TOKEN_ENV = 'AGENT_OTEL_ADMIN_TOKEN';
// loopback: the endpoint runs inside the application and must not be reachable from elsewhere
export const DEFAULT_ADMIN_HOST = '127.0.0.1';
export const DEFAULT_PROFILE_DIR = join(tmpdir(), 'agent-otel-profiles');
export const DEFAULT_PROFILE_MAX_SECONDS = 60;
export const DEFAULT_PROFILE_SECONDS = 10;

export interface AdminEnv {
  port?: number;
  host?: string;
  token?: string;
  profileDir?: string;
  maxProfileSeconds?: number;
}

export interface ResolvedAdmin {
  /** undefined: the endpoint is off. */
  port?: number;
  host: string;
  token?: string;
  profileDir: string;
  maxProfileSeconds: number;
}

function port(env: Env): number | undefined {
  const value = str(env, ADMIN_PORT_ENV);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
  warnInvalid(ADMIN_PORT_ENV, value, 'a port number from 1 to 65535', 'no admin endpoint');
  return undefined;
}

export function readAdminEnv(env: Env): AdminEnv {
  return {
    port: port(env),
    host: str(env, 'AGENT_OTEL_ADMIN_HOST'),
    token: str(env, ADMIN_TOKEN_ENV),
    profileDir: str(env, 'AGENT_OTEL_PROFILE_DIR'),
    maxProfileSeconds: positiveInt(
      env,
      'AGENT_OTEL_PROFILE_MAX_SECONDS',
      String(DEFAULT_PROFILE_MAX_SECONDS),
    ),
  };
}

/** option, then environment, then default, per key. */
export function resolveAdmin(option: AdminOptions | undefined, env: AdminEnv): ResolvedAdmin {
  return {
    port: option?.port ?? env.port,
    host: option?.host ?? env.host ?? DEFAULT_ADMIN_HOST,
    token: option?.token ?? env.token,
    profileDir: option?.profileDir ?? env.profileDir ?? DEFAULT_PROFILE_DIR,
    maxProfileSeconds: option?.maxProfileSeconds ?? env.maxProfileSeconds ?? DEFAULT_PROFILE_MAX_SECONDS,
  };
}
