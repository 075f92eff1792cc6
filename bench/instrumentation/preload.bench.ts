import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startModelServer } from './model-server';
import { type Accepted, type OtlpEndpoint, startOtlpEndpoint } from './otlp-endpoint';

// the SDK's cost side by side with what a user would pick instead, in one run: the same express
// service bare, under `--require agent-otel/register`, and under the stock
// `--require @opentelemetry/auto-instrumentations-node/register` exporting traces, metrics and logs
// over OTLP; each with a hello-world handler and a realistic agent request (app.ts). rounds
// interleave arms and handlers, rotating the order, so drift on a shared machine hits all alike.
// the server runs on core 0; autocannon, the mock model and the OTLP endpoint on core 1.
// usage: npm run bench:instrumentation [-- <seconds per measurement> <rounds>]
// BENCH_CPU_PROF=<dir> writes a .cpuprofile of each server (node --cpu-prof) into dir.

type Autocannon = (opts: {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
}) => Promise<{ requests: { average: number; total: number }; non2xx: number; errors: number }>;
// autocannon ships no type declarations
const autocannon = require('autocannon') as Autocannon;

const ROOT = join(__dirname, '..', '..', '..');
const APP = join(__dirname, 'app.js');
const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 3);
const WARMUP_S = 3;
const CONNECTIONS = 50;
// agent-otel flushes within its 5 s shutdown bound and exits; the stock register flushes on
// SIGTERM but never exits, so it is killed after this
const STOP_TIMEOUT_MS = 8_000;
const PINNED = spawnSync('taskset', ['-c', '1', 'true']).status === 0;
const CPU_PROF = process.env.BENCH_CPU_PROF;

interface Arm {
  name: string;
  preload: string[];
  env: Record<string, string>;
}

const ARMS: Arm[] = [
  { name: 'bare', preload: [], env: {} },
  {
    name: 'agent-otel',
    preload: ['--require', 'agent-otel/register'],
    // no heartbeat receiver here: a beat every 30 s costs nothing per request
    env: { AGENT_OTEL_HEARTBEAT_ENABLED: 'false' },
  },
  {
    name: 'stock register',
    preload: ['--require', '@opentelemetry/auto-instrumentations-node/register'],
    env: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'otlp' },
  },
];

const HANDLERS = [
  { name: 'hello', path: '/hello' },
  { name: 'agent', path: '/agent/TASK-1' },
] as const;

interface Sample {
  rps: number;
  requests: number;
  exported?: Accepted;
  /** how the server stopped: by itself after SIGTERM, or killed. */
  stop: 'exited' | 'killed';
}

let endpoint: OtlpEndpoint;
let modelUrl = '';

async function startServer(arm: Arm): Promise<{ child: ChildProcess; url: string }> {
  const prof = CPU_PROF
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${CPU_PROF}`,
        `--cpu-prof-name=${arm.name.replace(/ /g, '-')}-${Date.now()}.cpuprofile`,
      ]
    : [];
  const args = [process.execPath, ...prof, ...arm.preload, APP];
  const [cmd, ...argv] = PINNED ? ['taskset', '-c', '0', ...args] : args;
  const child = spawn(cmd!, argv, {
    cwd: ROOT,
    env: {
      ...process.env,
      OTEL_SERVICE_NAME: 'instrumentation-bench',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint.url,
      BENCH_MODEL_URL: modelUrl,
      ...arm.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err = (err + d).slice(-8000);
      const m = /\{"listening":(\d+)\}/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${arm.name} server exited with ${code}:\n${err}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

/** SIGTERM, then SIGKILL when the process is still there after STOP_TIMEOUT_MS. */
async function stopServer(child: ChildProcess): Promise<'exited' | 'killed'> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // app.ts exits on SIGUSR2 with process.exit(), which is when node writes the cpu profile
  child.kill(CPU_PROF ? 'SIGUSR2' : 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'killed'>((resolve) => {
    timer = setTimeout(() => resolve('killed'), STOP_TIMEOUT_MS);
  });
  const how = await Promise.race([exited.then(() => 'exited' as const), timedOut]);
  clearTimeout(timer);
  if (how === 'killed') {
    child.kill('SIGKILL');
    await exited;
  }
  return how;
}

function delta(after?: Accepted, before?: Accepted): Accepted | undefined {
  if (!after || !before) return undefined;
  return {
    spans: after.spans - before.spans,
    logRecords: after.logRecords - before.logRecords,
    metricPoints: after.metricPoints - before.metricPoints,
  };
}

async function measure(arm: Arm, path: string): Promise<Sample> {
  const before = await endpoint.accepted();
  const { child, url } = await startServer(arm);
  const load = (duration: number) =>
    autocannon({ url: url + path, connections: CONNECTIONS, pipelining: 1, duration });
  let warm: Awaited<ReturnType<Autocannon>> | undefined;
  let result: Awaited<ReturnType<Autocannon>> | undefined;
  let stop: Sample['stop'] = 'killed';
  try {
    // warm-up: jit, lazy requires, keep-alive connections, first exports
    warm = await load(WARMUP_S);
    result = await load(seconds);
  } finally {
    stop = await stopServer(child);
  }
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${arm.name} ${path}: errors ${result.errors}, non-2xx ${result.non2xx}`);
  return {
    rps: result.requests.average,
    requests: warm.requests.total + result.requests.total,
    exported: delta(await endpoint.accepted(), before),
    stop,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const range = (xs: number[], digits = 0) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

function perRequest(samples: Sample[], key: keyof Accepted): string {
  const known = samples.filter((s) => s.exported);
  if (known.length === 0) return '?';
  const items = known.reduce((a, s) => a + (s.exported?.[key] ?? 0), 0);
  return (items / known.reduce((a, s) => a + s.requests, 0)).toFixed(2);
}

function report(results: Map<string, Sample[]>): void {
  console.log(
    `\nreq/s over ${rounds} rounds of ${seconds} s (mean, min–max); ratio = arm / bare of the same round`,
  );
  const header = [
    'handler',
    'arm',
    'req/s',
    'range',
    'ratio',
    'ratio range',
    'spans/req',
    'logs/req',
    'on SIGTERM',
  ];
  const rows: string[][] = [header];
  for (const handler of HANDLERS) {
    const bare = results.get(`${handler.name}/bare`) ?? [];
    for (const arm of ARMS) {
      const samples = results.get(`${handler.name}/${arm.name}`) ?? [];
      const rps = samples.map((s) => s.rps);
      const ratios = samples.map((s, i) => s.rps / (bare[i]?.rps ?? Number.NaN));
      const stops = [...new Set(samples.map((s) => s.stop))].join('/');
      rows.push([
        handler.name,
        arm.name,
        mean(rps).toFixed(0),
        range(rps),
        (mean(rps) / mean(bare.map((s) => s.rps))).toFixed(2),
        range(ratios, 2),
        perRequest(samples, 'spans'),
        perRequest(samples, 'logRecords'),
        stops,
      ]);
    }
  }
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
}

async function main(): Promise<void> {
  if (PINNED && process.env.BENCH_PINNED !== '1') {
    // run the whole bench again on core 1, leaving core 0 to the server
    const again = spawnSync('taskset', ['-c', '1', process.execPath, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_PINNED: '1' },
    });
    process.exitCode = again.status ?? 1;
    return;
  }
  endpoint = await startOtlpEndpoint(PINNED);
  const model = await startModelServer();
  modelUrl = model.url;
  console.log(
    PINNED
      ? 'server on core 0; load generator, model and OTLP endpoint on core 1'
      : 'taskset not found: unpinned',
  );
  console.log(`OTLP endpoint: ${endpoint.kind}`);
  const results = new Map<string, Sample[]>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const handler of HANDLERS) {
        // rotate the order each round, so no arm always runs first or last
        const order = ARMS.map((_, i) => ARMS[(i + round) % ARMS.length]!);
        const line: string[] = [];
        for (const arm of order) {
          const sample = await measure(arm, handler.path);
          const key = `${handler.name}/${arm.name}`;
          results.set(key, [...(results.get(key) ?? []), sample]);
          line.push(`${arm.name} ${sample.rps.toFixed(0)}`);
        }
        console.log(`round ${round + 1} ${handler.name}: ${line.join(', ')} req/s`);
      }
    }
  } finally {
    model.close();
    await endpoint.stop();
  }
  report(results);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
