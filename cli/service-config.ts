import type { Command } from 'commander';
import type { z } from 'zod';
import { normalizeConfigKeys } from '../processors/shared/config-keys';
import { DEFAULT_BODY_LIMIT, DEFAULT_HOST } from '../processors/shared/http-config';
import { ConfigError, readConfigDocument, validateConfig } from '../protocol/config-file';

// how the three services (counters, logs, heartbeat) get their configuration: the same
// precedence, the same token rule, the same config file handling. This is the one place that
// reads their environment.

export type ServiceName = 'counters' | 'logs' | 'heartbeat';

/** `AGENT_OTEL_COUNTERS_TOKEN`, `AGENT_OTEL_LOGS_TOKEN`, `AGENT_OTEL_HEARTBEAT_TOKEN`. */
export function tokenVariable(service: ServiceName): string {
  return `AGENT_OTEL_${service.toUpperCase()}_TOKEN`;
}

/** a plain object (not an array), whose keys are merged one by one. */
function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `over` wins key by key; maps are merged, anything else (lists too) replaced. */
export function deepMerge(under: unknown, over: unknown): unknown {
  if (!isMap(under) || !isMap(over)) return over === undefined ? under : over;
  const out: Record<string, unknown> = { ...under };
  for (const [k, v] of Object.entries(over)) {
    if (v !== undefined) out[k] = deepMerge(under[k], v);
  }
  return out;
}

/** an integer flag, or a ConfigError naming the flag. */
export function intFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ConfigError(`${flag}: expected an integer, got '${value}'`);
  return n;
}

/**
 * OTEL_METRIC_EXPORT_INTERVAL as a number of milliseconds; a bad value is warned about, naming
 * the variable, the value, what is allowed and the fallback, and then ignored.
 */
export function envExportInterval(
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
  fallback: string,
): number | undefined {
  const raw = env.OTEL_METRIC_EXPORT_INTERVAL;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (Number.isInteger(ms) && ms > 0) return ms;
  warn(`OTEL_METRIC_EXPORT_INTERVAL='${raw}' is not a positive integer of milliseconds; using ${fallback}`);
  return undefined;
}

/** the flags every service has for its listener (processors/shared/http-config.ts). */
export interface ListenerFlags {
  host?: string;
  port?: string;
  bodyLimit?: string;
  /** false with --no-http (the file receivers only). */
  http?: boolean;
}

/**
 * adds --host, --port and --body-limit, the same on every service; the token is never a flag, so
 * it stays out of `ps`. `disable` adds --no-http (the file receivers can run without a listener).
 */
export function addListenerFlags(
  command: Command,
  listener: { block: 'http' | 'receiver'; defaultPort: number; disable?: string },
): Command {
  const key = (name: string) => `overrides ${listener.block}.${name}`;
  command
    .option('--host <host>', `address to listen on (${key('host')}; default: ${DEFAULT_HOST})`)
    .option(
      '-p, --port <port>',
      `port to listen on, 0 for any free one (${key('port')}; default: ${listener.defaultPort})`,
    )
    .option(
      '--body-limit <size>',
      `largest request body, e.g. 512kb (${key('body_limit')}; default: ${DEFAULT_BODY_LIMIT})`,
    );
  if (listener.disable) command.option('--no-http', listener.disable);
  return command;
}

/** the listener block from the listener flags (unset flags leave the file's values). */
export function listenerFromFlags(flags: ListenerFlags) {
  return {
    ...(flags.http === false && { enabled: false }),
    host: flags.host,
    port: intFlag(flags.port, '--port'),
    body_limit: flags.bodyLimit,
  };
}

/**
 * what the environment sets for a file receiver: its own metrics' interval and its token. The
 * token comes from the environment (or the file), never a flag: it must not show in `ps`.
 */
export function fileReceiverFromEnv(
  service: 'counters' | 'logs',
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
) {
  return {
    self_metrics_interval_ms: envExportInterval(env, warn, 'self_metrics_interval_ms'),
    http: { bearer_token: env[tokenVariable(service)] || undefined },
  };
}

export interface ResolveOptions<S extends z.ZodType> {
  schema: S;
  /** the --config file, if any. */
  file?: string;
  /** what the environment sets, as config keys. */
  fromEnv: Record<string, unknown>;
  /** what the flags set, as config keys. */
  fromFlags: Record<string, unknown>;
  /** where deprecation warnings go (the service's logger). */
  warn: (message: string) => void;
}

/**
 * A service's configuration. Precedence, per key, highest first:
 *   1. command-line flags;
 *   2. environment variables (the service's token, OTEL_METRIC_EXPORT_INTERVAL);
 *   3. the config file, snake_case keys (camelCase still read, with a deprecation warning);
 *   4. the documented defaults of the schema.
 * The merged result is validated once, so a bad value from any source fails naming its key.
 */
export function resolveServiceConfig<S extends z.ZodType>(options: ResolveOptions<S>): z.infer<S> {
  const source = options.file ?? 'command line';
  const file = options.file
    ? normalizeConfigKeys(readConfigDocument(options.file), options.file, options.warn)
    : {};
  const merged = deepMerge(deepMerge(file, options.fromEnv), options.fromFlags);
  return validateConfig(options.schema, merged, `${source} (with flags and environment)`);
}

/** the help text every service command ends with: environment, precedence, signals. */
export function serviceHelp(service: ServiceName, extraEnv: [string, string][] = []): string {
  const rows: [string, string][] = [
    [
      tokenVariable(service),
      'bearer token (wins over the config file; never a flag, so it stays out of `ps`)',
    ],
    ...extraEnv,
    ['OTEL_METRIC_EXPORT_INTERVAL', "the service's own metrics interval, in ms"],
    ['OTEL_EXPORTER_OTLP_*', 'where OTLP goes (default http://localhost:4318)'],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    '',
    'Environment:',
    ...rows.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`),
    '',
    'Precedence, per key: flags > environment > config file > defaults. Config keys are',
    'snake_case; camelCase keys are still read, with a deprecation warning.',
    'SIGTERM or SIGINT: flush, then exit 0. A failed start exits 1 with the reason.',
  ].join('\n');
}
