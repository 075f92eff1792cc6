import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { PINNED, rerunOnCore1 } from '../cores';
import { helpRequested } from '../usage';
import { startModelServer } from './model-server';
import { type Accepted, type OtlpEndpoint, startOtlpEndpoint } from './otlp-endpoint';
import { calibrateThink } from './think';

if (
  helpRequested(
    'usage: npm run bench:instrumentation [-- <seconds per measurement> <rounds>]   (defaults 10 3)\n' +
      'env: BENCH_VARIANTS (JSON: arm name -> environment of an extra agent-otel arm), BENCH_HANDLERS (hello,agent), BENCH_CPU_PROF=<dir>',
  )
)
  process.exit(0);

// the SDK's cost side by side with what a user would pick instead, in one run: the same express
// service bare, under `--require agent-otel/register`, and under the stock
// `--require @opentelemetry/auto-instrumentations-node/register` exporting traces, metrics and logs
// over OTLP; each with a hello-world handler and a realistic agent request (app.ts). rounds
// interleave arms and handlers, rotating the order, so drift on a shared machine hits all alike.
// the server runs on core 0; autocannon, the mock model and the OTLP endpoint on core 1.
// usage: npm run bench:instrumentation [-- <seconds per measurement> <rounds>]
// BENCH_CPU_PROF=<dir> writes a .cpuprofile of each server (node --cpu-prof) into dir.
// BENCH_VARIANTS='{"layer spans":{"AGENT_OTEL_EXPRESS_LAYER_SPANS":"true"}}' adds agent-otel arms
// with those variables set, to measure what one default costs in the same run.

type Autocannon = (opts: {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
}) => Promise<{ requests: { average: number; total: number; sent: number }; non2xx: number; errors: number }>;
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

function variants(): Arm[] {
  const json = process.env.BENCH_VARIANTS;
  if (!json) return [];
  const parsed = JSON.parse(json) as Record<string, Record<string, string>>;
  return Object.entries(parsed).map(([name, env]) => ({
    name: `agent-otel, ${name}`,
    preload: ['--require', 'agent-otel/register'],
    env: { AGENT_OTEL_HEARTBEAT_ENABLED: 'false', ...env },
  }));
}
ARMS.push(...variants());

// BENCH_HANDLERS=agent runs one handler only (a variants run on the agent request takes half the time)
const HANDLERS = [
  { name: 'hello', path: '/hello' },
  { name: 'agent', path: '/agent/TASK-1' },
].filter((h) => !process.env.BENCH_HANDLERS || process.env.BENCH_HANDLERS.split(',').includes(h.name));

interface Sample {
  rps: number;
  requests: number;
  /** the server's CPU time (user + system) per request in the measured window, in µs. */
  cpuUs?: number;
  exported?: Accepted;
  /** how the server stopped: by itself after SIGTERM, or killed. */
  stop: 'exited' | 'killed';
}

let endpoint: OtlpEndpoint;
let modelUrl = '';
let thinkIterations = 0;
// the running server, killed if the bench itself is stopped
let current: ChildProcess | undefined;

/**
 * a process's CPU time in µs from /proc (linux), undefined elsewhere. on a machine shared with
 * other work it is the steadier figure: throughput also measures how much of its core the server got.
 */
function cpuTimeUs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name, which may hold spaces: utime and stime are the 12th and 13th
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return undefined;
  }
}

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
      BENCH_THINK_ITERATIONS: String(thinkIterations),
      ...arm.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  current = child;
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
  let cpuUs: number | undefined;
  try {
    // warm-up: jit, lazy requires, keep-alive connections, first exports
    warm = await load(WARMUP_S);
    // taskset execs node, so the child's pid is the server's
    const cpuBefore = cpuTimeUs(child.pid);
    result = await load(seconds);
    const cpuAfter = cpuTimeUs(child.pid);
    if (cpuBefore !== undefined && cpuAfter !== undefined)
      cpuUs = (cpuAfter - cpuBefore) / result.requests.total;
  } finally {
    stop = await stopServer(child);
  }
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${arm.name} ${path}: errors ${result.errors}, non-2xx ${result.non2xx}`);
  return {
    rps: result.requests.average,
    // every request sent, answered in the window or after it, made telemetry
    requests: warm.requests.sent + result.requests.sent,
    cpuUs,
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
    `\nover ${rounds} rounds of ${seconds} s: req/s (mean, min–max), ratio = arm / bare of the same round; ` +
      'CPU µs per request of the server, and bare / arm of it (the steadier ratio on a shared machine)',
  );
  const header = [
    'handler',
    'arm',
    'req/s',
    'range',
    'ratio',
    'ratio range',
    'CPU µs/req',
    'CPU ratio',
    'CPU ratio range',
  ];
  const rows: string[][] = [[...header, 'spans/req', 'logs/req', 'on SIGTERM']];
  for (const handler of HANDLERS) {
    const bare = results.get(`${handler.name}/bare`) ?? [];
    const bareCpu = mean(bare.map((s) => s.cpuUs ?? Number.NaN));
    for (const arm of ARMS) {
      const samples = results.get(`${handler.name}/${arm.name}`) ?? [];
      const rps = samples.map((s) => s.rps);
      const ratios = samples.map((s, i) => s.rps / (bare[i]?.rps ?? Number.NaN));
      const cpu = mean(samples.map((s) => s.cpuUs ?? Number.NaN));
      // per round, like the req/s ratios: a slow moment of the machine hits the arms of one round
      const cpuRatios = samples.map((s, i) => (bare[i]?.cpuUs ?? Number.NaN) / (s.cpuUs ?? Number.NaN));
      rows.push([
        handler.name,
        arm.name,
        mean(rps).toFixed(0),
        range(rps),
        (mean(rps) / mean(bare.map((s) => s.rps))).toFixed(2),
        range(ratios, 2),
        cpu.toFixed(0),
        (bareCpu / cpu).toFixed(2),
        range(cpuRatios, 2),
        perRequest(samples, 'spans'),
        perRequest(samples, 'logRecords'),
        [...new Set(samples.map((s) => s.stop))].join('/'),
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
}

async function main(): Promise<void> {
  if (rerunOnCore1()) return;
  thinkIterations = calibrateThink(1);
  endpoint = await startOtlpEndpoint(PINNED);
  const model = await startModelServer();
  modelUrl = model.url;
  // a stopped bench leaves nothing behind: the server, the collector
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      current?.kill('SIGKILL');
      void endpoint.stop().finally(() => process.exit(1));
    });
  }
  console.log(
    PINNED
      ? 'server on core 0; load generator, model and OTLP endpoint on core 1'
      : 'taskset not found: unpinned',
  );
  console.log(`OTLP endpoint: ${endpoint.kind}`);
  console.log(`agent handler CPU work: ${thinkIterations} iterations (about 1 ms here)`);
  // other work on the machine shows in every figure; the load says how much there was
  const load = () => loadavg()[0]!.toFixed(1);
  console.log(`load average at start: ${load()}`);
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
          line.push(`${arm.name} ${sample.rps.toFixed(0)} req/s ${sample.cpuUs?.toFixed(0) ?? '?'} µs`);
        }
        console.log(`round ${round + 1} ${handler.name}: ${line.join(', ')}`);
      }
    }
  } finally {
    model.close();
    await endpoint.stop();
  }
  report(results);
  console.log(`load average at end: ${load()}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
