import { loadavg } from 'node:os';
import { cpuSeconds } from '../proc-cpu';
import { quantile } from '../quantile';
import { helpRequested } from '../usage';
import { type BenchReceiver, fleet, postJson, registerAgents, runBench, startBareServer } from './harness';
import { type LoadResult, wrkHeartbeats } from './wrk';

if (
  helpRequested(
    'usage: node dist/bench/heartbeat/throughput.js   (needs wrk: scripts/install-wrk.sh)\n' +
      'env: BENCH_AGENTS (10000), BENCH_SLICE_S (2), BENCH_CYCLES (15), BENCH_DURATION_S (10, the batch run), BENCH_CONNECTIONS (32), BENCH_PORT (19412), BENCH_CPU_PROF=<dir>',
  )
)
  process.exit(0);

// heartbeats accepted per second by one receiver process (pinned to one core) tracking 10k
// agents, one heartbeat per request and in batches of 100, next to a bare node:http server that
// only parses the same JSON and answers 204 (bare-server.ts), measured in the same run on the
// same core: intake / bare says how close intake is to what node:http itself allows, also on a
// machine busy with other work. Both servers run side by side and the load visits them in short
// slices, cycle after cycle, so a slow moment of this shared machine falls on one slice of each
// rather than on one server's whole measurement. A slice's CPU time is read over the slice only:
// the receiver's own timers (the per-agent export every 10 s, the liveness tick) then count for the
// time it serves, as under steady load.
// The load generator runs on the other core: wrk for single heartbeats (one core of autocannon
// tops out near what one core of the receiver takes), autocannon in this process for the batches.
// Its cpu use is printed: while it stays below its core, requests per second are the server's.
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no type declarations; this is the part of its api used here.
const autocannon: Autocannon = require('autocannon');

const AGENTS = Number(process.env.BENCH_AGENTS ?? 10_000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SLICE_S = Number(process.env.BENCH_SLICE_S ?? 2);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 15);
const WARMUP_S = 2;
const PORT = Number(process.env.BENCH_PORT ?? 19412);
const BARE_PORT = PORT + 2;

/** request bodies built before the run, so the load generator spends no time on JSON. */
function bodies(ids: string[], batch: number): string[] {
  const at = new Date().toISOString();
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += batch) {
    const items = ids
      .slice(i, i + batch)
      .map((agent_id) => ({ agent_id, status: 'on_track', timestamp: at }));
    out.push(JSON.stringify(batch === 1 ? items[0] : items));
  }
  return out;
}

function load(url: string, pool: string[], durationS: number): Promise<AutocannonResult> {
  let next = 0;
  return autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: durationS,
    headers: { 'content-type': 'application/json' },
    requests: [
      { setupRequest: (req: Record<string, unknown>) => ({ ...req, body: pool[next++ % pool.length] }) },
    ],
  });
}

interface SliceResult {
  heartbeats: number;
  cpuS: number;
  loadGenCpuS: number;
  durationS: number;
  p99Ms: number;
  errors: number;
}

/** autocannon in this process, its result in the shape of wrk's. */
async function autocannonLoad(url: string, pool: string[], durationS: number): Promise<LoadResult> {
  const before = process.cpuUsage();
  const result = await load(url, pool, durationS);
  const used = process.cpuUsage(before);
  return {
    answered: result['2xx'],
    durationS: result.duration,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    loadGenCpuS: (used.user + used.system) / 1e6,
  };
}

/** one slice of load on a server: heartbeats answered 2xx, and the server's CPU time over it. */
async function slice(server: BenchReceiver, batch: number, run: () => Promise<LoadResult>) {
  const cpuBefore = cpuSeconds(server.child.pid!);
  const result = await run();
  const cpuAfter = cpuSeconds(server.child.pid!);
  return {
    // answered 202; the run checks below that the fleet counted at least as many
    heartbeats: result.answered * batch,
    // the load generator may saturate before the server does; cpu use shows how busy it was.
    cpuS: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : Number.NaN,
    loadGenCpuS: result.loadGenCpuS,
    durationS: result.durationS,
    p99Ms: result.p99Ms,
    errors: result.errors,
  } satisfies SliceResult;
}

function row(server: string, batch: number, slices: SliceResult[]) {
  const sum = (key: keyof SliceResult) => slices.reduce((n, s) => n + s[key], 0);
  const perCpu = slices.map((s) => s.heartbeats / s.cpuS);
  return {
    server,
    batch,
    heartbeatsPerS: Math.round(sum('heartbeats') / sum('durationS')),
    serverCpuPct: Math.round((sum('cpuS') / sum('durationS')) * 100),
    heartbeatsPerCpuS: Math.round(sum('heartbeats') / sum('cpuS')),
    perCpuSMiddleHalf: `${Math.round(quantile(perCpu, 0.25))}–${Math.round(quantile(perCpu, 0.75))}`,
    loadGenCpuPct: Math.round((sum('loadGenCpuS') / sum('durationS')) * 100),
    // a slice holds an export (every 10 s) or not: the median slice and the worst one
    p99MsMedian: quantile(
      slices.map((s) => s.p99Ms),
      0.5,
    ),
    p99MsWorst: Math.max(...slices.map((s) => s.p99Ms)),
    errors: sum('errors'),
  };
}

runBench({ port: PORT, agents: AGENTS, timing: { period_s: 30, grace_s: 15 } }, async (receiver) => {
  const ids = await registerAgents(receiver.url, AGENTS, 'bench');
  await postJson(`${receiver.url}/v1/heartbeats`, { agent_id: ids[0] });
  const singles = (url: string, durationS: number) => () =>
    wrkHeartbeats(url, {
      durationS,
      connections: CONNECTIONS,
      agents: AGENTS,
      prefix: 'bench',
      at: new Date().toISOString(),
    });
  const bare = await startBareServer(BARE_PORT);
  const intake = `${receiver.url}/v1/heartbeats`;
  const counted = async () => (await fleet(receiver.url)).reduce((n, a) => n + a.heartbeats, 0);
  const countedBefore = await counted();
  const bareSlices: SliceResult[] = [];
  const receiverSlices: SliceResult[] = [];
  try {
    // warm-up: jit and lazy requires
    await singles(bare.url, WARMUP_S)();
    await singles(intake, WARMUP_S)();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // alternate which server goes first, so neither always follows the other
      const order = cycle % 2 === 0 ? ['bare', 'receiver'] : ['receiver', 'bare'];
      for (const which of order) {
        if (which === 'bare') bareSlices.push(await slice(bare, 1, singles(bare.url, SLICE_S)));
        else receiverSlices.push(await slice(receiver, 1, singles(intake, SLICE_S)));
      }
    }
  } finally {
    await bare.stop();
  }
  const batches = bodies(ids, 100);
  const batchRun = await slice(receiver, 100, () => autocannonLoad(intake, batches, DURATION_S));
  // a 202 can also carry rejected items: every heartbeat counted here must have been accepted.
  // (the fleet may count a few more: requests in flight when a slice ended are served unanswered.)
  const answered = [...receiverSlices, batchRun].reduce((n, s) => n + s.heartbeats, 0);
  const accepted = (await counted()) - countedBefore;
  if (accepted < answered)
    throw new Error(`the fleet counted ${accepted} heartbeats, fewer than the ${answered} answered 202`);
  const rows = [
    row('bare node:http', 1, bareSlices),
    row('receiver', 1, receiverSlices),
    row('receiver', 100, [batchRun]),
  ];
  console.log(
    `heartbeat receiver throughput: ${AGENTS} agents, ${CYCLES} cycles of ${SLICE_S} s slices per server (the batch of 100: one ${DURATION_S} s run), ` +
      `${CONNECTIONS} connections, load average ${loadavg()[0].toFixed(1)} at the end`,
  );
  console.table(rows);
  const ratios = receiverSlices.map(
    (s, i) => s.heartbeats / s.cpuS / (bareSlices[i]!.heartbeats / bareSlices[i]!.cpuS),
  );
  console.log(
    `single heartbeats per cpu-second of the receiver: ${rows[1]!.heartbeatsPerCpuS} (slices' middle half ${rows[1]!.perCpuSMiddleHalf}); ` +
      `bare node:http JSON 204: ${rows[0]!.heartbeatsPerCpuS} (${rows[0]!.perCpuSMiddleHalf}); ` +
      `receiver/bare per cycle: median ${quantile(ratios, 0.5).toFixed(2)}, middle half ${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)}`,
  );
});
