import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PINNED } from '../cores';
import { otlpSink } from '../otlp-sink';

const ROOT = join(__dirname, '..', '..', '..');

export interface BenchReceiver {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** runs `args` under node pinned to cpu 0 when taskset exists, and moves this process off it. */
function spawnPinned(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = PINNED
    ? spawn('taskset', ['-c', '0', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env })
    : spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  // the load generator runs on the other cores, so it does not steal the server's.
  if (PINNED && cpus().length > 1)
    spawnSync('taskset', ['-cp', `1-${cpus().length - 1}`, String(process.pid)]);
  return child;
}

/** waits until `probe` answers, or fails with what the process printed. */
async function started(child: ChildProcess, url: string, probe: string): Promise<BenchReceiver> {
  let err = '';
  child.stderr!.on('data', (c) => {
    err += c;
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ok = await fetch(`${url}${probe}`, {
      method: probe === '/' ? 'POST' : 'GET',
      body: probe === '/' ? '{}' : undefined,
    }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** the receiver CLI as its own process, pinned to cpu 0 when taskset exists (one core). */
export async function startBenchReceiver(
  config: Record<string, unknown>,
  otlpUrl: string,
  nodeArgs: string[] = [],
): Promise<BenchReceiver> {
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-'));
  const path = join(dir, 'heartbeat.yaml');
  // the state file on, in the run's own directory, as the shipped default has it: its periodic
  // checkpoint is part of what intake shares the core with
  const receiver = { state_file: join(dir, 'heartbeat-state.json'), ...(config.receiver as object) };
  writeFileSync(path, stringify({ ...config, receiver }));
  const args = [
    ...nodeArgs,
    join(ROOT, 'dist', 'cli', 'main.js'),
    'heartbeat',
    '--config',
    path,
    '--log-level',
    'warn',
  ];
  const child = spawnPinned(args, benchEnv(otlpUrl));
  return started(child, `http://127.0.0.1:${config_port(config)}`, '/healthz');
}

/** the bare node:http JSON server of bare-server.ts, pinned like the receiver. */
export function startBareServer(port: number): Promise<BenchReceiver> {
  const child = spawnPinned([join(__dirname, 'bare-server.js'), String(port)], process.env);
  return started(child, `http://127.0.0.1:${port}`, '/');
}

function config_port(config: Record<string, unknown>): number {
  return (config.receiver as { port: number }).port;
}

function benchEnv(otlpUrl: string): NodeJS.ProcessEnv {
  return { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl };
}

export async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export interface AgentRow {
  agent_id: string;
  state: string;
  heartbeats: number;
  last_seen: string | null;
  recent_transitions: { to: string; at: string }[];
}

export async function fleet(url: string): Promise<AgentRow[]> {
  // a pooled connection may have hit the server's keep-alive timeout during a long load run.
  const res = await fetch(`${url}/v1/agents`).catch(() => fetch(`${url}/v1/agents`));
  return ((await res.json()) as { agents: AgentRow[] }).agents;
}

/** registers `count` agents in batches, returns their ids. */
export async function registerAgents(url: string, count: number, prefix: string): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  for (let i = 0; i < ids.length; i += 1000) {
    const res = await postJson(
      `${url}/v1/heartbeats`,
      ids
        .slice(i, i + 1000)
        .map((agent_id) => ({ agent_id, role: `role-${i % 7}`, instance_id: 'i1', status: 'on_track' })),
    );
    if (res.status !== 202) throw new Error(`register -> ${res.status}: ${await res.text()}`);
  }
  return ids;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * runs one benchmark against a receiver process tracking up to `agents` with `timing`, its OTLP
 * going to a discarding sink; stops both afterwards and sets a failing exit code on error.
 */
export function runBench(
  options: { port: number; agents: number; timing: Record<string, number> },
  body: (receiver: BenchReceiver) => Promise<void>,
): void {
  const run = async () => {
    const sink = await otlpSink();
    const receiver = await startBenchReceiver(
      {
        export_interval_ms: 10_000,
        receiver: { port: options.port, max_agents: options.agents },
        timing: options.timing,
      },
      sink.url,
      // BENCH_CPU_PROF=<dir> writes the receiver's cpu profile there (node --cpu-prof).
      process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [],
    );
    try {
      await body(receiver);
    } finally {
      await receiver.stop();
      sink.close();
    }
  };
  run().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
