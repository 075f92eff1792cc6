import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { PINNED, rerunOnCore1 } from '../cores';
import { cpuSeconds } from '../proc-cpu';
import { quantile } from '../quantile';
import { helpRequested } from '../usage';
import { type Arm, arms, startArm } from './arms';
import { startModelServer } from './model-server';
import { type Accepted, type OtlpEndpoint, startOtlpEndpoint } from './otlp-endpoint';
import { calibrateThink } from './think';

if (
  helpRequested(
    'usage: npm run bench:instrumentation [-- <seconds per slice> <cycles>]   (defaults 2 15)\n' +
      'env: BENCH_VARIANTS (JSON: arm name -> environment of an extra agent-otel arm), BENCH_HANDLERS (hello,agent), BENCH_CPU_PROF=<dir>',
  )
)
  process.exit(0);

// the SDK's cost side by side with what a user would pick instead, in one run: the same express
// service bare, under `--require agent-otel/register`, and under the stock
// `--require @opentelemetry/auto-instrumentations-node/register` exporting traces, metrics and logs
// over OTLP; each with a hello-world handler and a realistic agent request (app.ts). per handler,
// every arm's server runs side by side and the load visits them in short slices, cycle after
// cycle (runHandler), so drift on a shared machine hits all arms alike.
// the servers run on core 0; autocannon, the mock model and the OTLP endpoint on core 1.
// usage: npm run bench:instrumentation [-- <seconds per slice> <cycles>]
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

const seconds = Number(process.argv[2] ?? 2);
const cycles = Number(process.argv[3] ?? 15);
const WARMUP_S = 3;
// after the last cycle, until the batch processors' 5 s schedule delay has sent the last spans
const SETTLE_MS = 6_000;
const CONNECTIONS = 50;
// agent-otel flushes within its 5 s shutdown bound and exits; the stock register flushes on
// SIGTERM but never exits, so it is killed after this
const STOP_TIMEOUT_MS = 8_000;
const CPU_PROF = process.env.BENCH_CPU_PROF;

const ARMS = arms();

/** a process's CPU time in µs, undefined where /proc has none. */
function cpuUs(pid: number | undefined): number | undefined {
  const s = cpuSeconds(pid);
  return s === undefined ? undefined : s * 1e6;
}

// BENCH_HANDLERS=agent runs one handler only (a variants run on the agent request takes half the time)
const HANDLERS = [
  { name: 'hello', path: '/hello' },
  { name: 'agent', path: '/agent/TASK-1' },
].filter((h) => !process.env.BENCH_HANDLERS || process.env.BENCH_HANDLERS.split(',').includes(h.name));

interface Server {
  arm: Arm;
  /** the arm's place in ARMS, which is also its OTLP receiver's. */
  index: number;
  child: ChildProcess;
  url: string;
}

interface Slice {
  rps: number;
  /**
   * the server's CPU time (user + system) per request of this slice, in µs, from the slice's start
   * to the arm's next slice: the gap holds what the slice left behind (the batched export of its
   * spans, GC), which then counts for it.
   */
  cpuUs?: number;
}

interface Outcome {
  slices: Slice[];
  /** requests sent to the arm (warm-up and slices), which all made telemetry. */
  requests: number;
  exported?: Accepted;
  /** how the server stopped: by itself after SIGTERM, or killed. */
  stop: 'exited' | 'killed';
}

let endpoint: OtlpEndpoint;
let modelUrl = '';
let thinkIterations = 0;
// the running servers, killed if the bench itself is stopped
const running = new Set<ChildProcess>();

async function startServer(arm: Arm, index: number): Promise<Server> {
  const prof = CPU_PROF
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${CPU_PROF}`,
        `--cpu-prof-name=${arm.name.replace(/ /g, '-')}-${Date.now()}.cpuprofile`,
      ]
    : [];
  const started = startArm(
    arm,
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint.urls[index]!,
      BENCH_MODEL_URL: modelUrl,
      BENCH_THINK_ITERATIONS: String(thinkIterations),
    },
    prof,
  );
  const { child, port } = await started;
  running.add(child);
  child.once('exit', () => running.delete(child));
  return { arm, index, child, url: `http://127.0.0.1:${port}` };
}

/** SIGTERM, then SIGKILL when the process is still there after STOP_TIMEOUT_MS. */
async function stopServer(child: ChildProcess): Promise<'exited' | 'killed'> {
  if (child.exitCode !== null || child.signalCode !== null) return 'exited';
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

async function load(server: Server, path: string, duration: number) {
  const result = await autocannon({
    url: server.url + path,
    connections: CONNECTIONS,
    pipelining: 1,
    duration,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${server.arm.name} ${path}: errors ${result.errors}, non-2xx ${result.non2xx}`);
  return result;
}

/**
 * one handler over every arm: all servers run side by side (idle but for their own timers while
 * another arm has the load), and the load visits them in short slices, cycle after cycle, so a
 * slow moment of this shared machine falls on one slice of each arm rather than on one arm. each
 * cycle gives one ratio per arm against bare's slice of the same cycle.
 */
async function runHandler(path: string, label: string): Promise<Outcome[]> {
  const before = await Promise.all(ARMS.map((_, i) => endpoint.accepted(i)));
  const servers: Server[] = [];
  const stops: Outcome['stop'][] = [];
  const requests = ARMS.map(() => 0);
  const marks: (number | undefined)[][] = ARMS.map(() => []);
  const slices: { rps: number; requests: number }[][] = ARMS.map(() => []);
  try {
    for (const [i, arm] of ARMS.entries()) servers.push(await startServer(arm, i));
    // warm-up: jit, lazy requires, keep-alive connections, first exports
    for (const server of servers)
      requests[server.index]! += (await load(server, path, WARMUP_S)).requests.sent;
    for (let cycle = 0; cycle < cycles; cycle++) {
      // rotate the order each cycle, so no arm always follows the same one
      const order = servers.map((_, i) => servers[(i + cycle) % servers.length]!);
      const line: string[] = [];
      for (const server of order) {
        // taskset execs node, so the child's pid is the server's
        marks[server.index]!.push(cpuUs(server.child.pid));
        const result = await load(server, path, seconds);
        requests[server.index]! += result.requests.sent;
        // every request sent is served, those in flight at the slice's end too, within the window
        slices[server.index]!.push({ rps: result.requests.average, requests: result.requests.sent });
        line.push(`${server.arm.name} ${result.requests.average.toFixed(0)}/s`);
      }
      console.log(`${label} cycle ${cycle + 1}: ${line.join(', ')}`);
    }
    // the last slice's spans leave with the batch processor's 5 s schedule delay
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    for (const server of servers) marks[server.index]!.push(cpuUs(server.child.pid));
  } finally {
    stops.push(...(await Promise.all(servers.map((s) => stopServer(s.child)))));
  }
  const after = await Promise.all(ARMS.map((_, i) => endpoint.accepted(i)));
  return ARMS.map((_, i) => ({
    slices: slices[i]!.map((s, c) => {
      const [from, to] = [marks[i]![c], marks[i]![c + 1]];
      return {
        rps: s.rps,
        cpuUs: from !== undefined && to !== undefined ? (to - from) / s.requests : undefined,
      };
    }),
    requests: requests[i]!,
    exported: delta(after[i], before[i]),
    stop: stops[i]!,
  }));
}

const median = (xs: number[]) => quantile(xs, 0.5);
const spread = (xs: number[]) =>
  `${quantile(xs, 0.25).toFixed(2)}–${quantile(xs, 0.75).toFixed(2)} (${quantile(xs, 0).toFixed(2)}–${quantile(xs, 1).toFixed(2)})`;

function perRequest(outcome: Outcome, key: keyof Accepted): string {
  if (!outcome.exported) return '?';
  return (outcome.exported[key] / outcome.requests).toFixed(2);
}

function report(results: Map<string, Outcome[]>): void {
  console.log(
    `\n${cycles} cycles of ${seconds} s slices per arm. req/s: median of the slices; CPU µs/req: median ` +
      'of the slices (server CPU time per request, from /proc). ratios are per cycle, against bare of the ' +
      'same cycle (bare / arm by CPU): median, middle half (and min–max) of the cycles',
  );
  const header = [
    'handler',
    'arm',
    'req/s',
    'CPU µs/req',
    'CPU ratio',
    'middle half (min–max)',
    'req/s ratio',
  ];
  const rows: string[][] = [[...header, 'spans/req', 'logs/req', 'on SIGTERM']];
  for (const handler of HANDLERS) {
    const outcomes = results.get(handler.name) ?? [];
    const bare = outcomes[0]!.slices;
    for (const [i, arm] of ARMS.entries()) {
      const outcome = outcomes[i]!;
      const cpu = outcome.slices.map((s) => s.cpuUs ?? Number.NaN);
      const cpuRatios = outcome.slices.map(
        (s, c) => (bare[c]?.cpuUs ?? Number.NaN) / (s.cpuUs ?? Number.NaN),
      );
      const rpsRatios = outcome.slices.map((s, c) => s.rps / (bare[c]?.rps ?? Number.NaN));
      rows.push([
        handler.name,
        arm.name,
        median(outcome.slices.map((s) => s.rps)).toFixed(0),
        median(cpu).toFixed(0),
        median(cpuRatios).toFixed(2),
        spread(cpuRatios),
        median(rpsRatios).toFixed(2),
        perRequest(outcome, 'spans'),
        perRequest(outcome, 'logRecords'),
        outcome.stop,
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
}

async function main(): Promise<void> {
  if (rerunOnCore1()) return;
  thinkIterations = calibrateThink(1);
  endpoint = await startOtlpEndpoint(PINNED, ARMS.length);
  const model = await startModelServer();
  modelUrl = model.url;
  // a stopped bench leaves nothing behind: the servers, the collector
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running) child.kill('SIGKILL');
      void endpoint.stop().finally(() => process.exit(1));
    });
  }
  console.log(
    PINNED
      ? 'servers on core 0; load generator, model and OTLP endpoint on core 1'
      : 'taskset not found: unpinned',
  );
  console.log(`OTLP endpoint: ${endpoint.kind}`);
  console.log(`agent handler CPU work: ${thinkIterations} iterations (about 1 ms here)`);
  // other work on the machine shows in every figure; the load says how much there was
  const loadAverage = () => loadavg()[0]!.toFixed(1);
  console.log(`load average at start: ${loadAverage()}`);
  const results = new Map<string, Outcome[]>();
  try {
    for (const handler of HANDLERS) results.set(handler.name, await runHandler(handler.path, handler.name));
  } finally {
    model.close();
    await endpoint.stop();
  }
  report(results);
  console.log(`load average at end: ${loadAverage()}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
