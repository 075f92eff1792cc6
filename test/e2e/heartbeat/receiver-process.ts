import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ENDPOINTS, ROOT } from '../stack';

/** a unique suffix per test run, so series, log streams and agent ids never collide. */
export const RUN = randomUUID().slice(0, 8);

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `hb-e2e-${prefix}-`));
}

/** writes a config file (yaml) and returns its path. */
export function writeConfig(dir: string, config: Record<string, unknown>): string {
  const path = join(dir, 'heartbeat.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

export interface ReceiverProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** starts `agent-otel heartbeat` as a real child process and waits for its listening line. */
export async function startReceiver(
  configPath: string,
  env: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<ReceiverProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'cli', 'main.js'), 'heartbeat', '--config', configPath],
    {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINTS.collectorOtlpHttp, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (c) => {
    out += c;
  });
  child.stderr!.on('data', (c) => {
    out += c;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`receiver did not start in time:\n${out}`)), timeoutMs);
    const onData = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`receiver exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** posts heartbeats; returns status and parsed body. */
export async function post(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

export interface AgentView {
  agent_id: string;
  role: string;
  state: string;
  status: string;
  restarts: number;
  heartbeats: number;
  task_id?: string;
  recent_transitions: { from: string; to: string; reason: string; at: string }[];
}

export async function agents(url: string, token?: string): Promise<AgentView[]> {
  const res = await fetch(`${url}/v1/agents`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`GET /v1/agents -> ${res.status}`);
  return ((await res.json()) as { agents: AgentView[] }).agents;
}

export async function agent(url: string, id: string, token?: string): Promise<AgentView | undefined> {
  return (await agents(url, token)).find((a) => a.agent_id === id);
}

/** sends a heartbeat every `everyMs` until stopped. */
export function heartbeatLoop(
  url: string,
  heartbeat: Record<string, unknown>,
  everyMs: number,
  token?: string,
) {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await post(`${url}/v1/heartbeats`, { ...heartbeat, timestamp: new Date().toISOString() }, token).catch(
        () => {},
      );
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
