import { loadavg } from 'node:os';
import { helpRequested } from '../usage';
import {
  type BenchReceiver,
  cpuSeconds,
  fleet,
  postJson,
  registerAgents,
  runBench,
  startBareServer,
} from './harness';

if (
  helpRequested(
    'usage: node dist/bench/heartbeat/throughput.js\n' +
      'env: BENCH_AGENTS (10000), BENCH_DURATION_S (10), BENCH_CONNECTIONS (32), BENCH_ROUNDS (2), BENCH_PORT (19412), BENCH_CPU_PROF=<dir>',
  )
)
  process.exit(0);

// heartbeats accepted per second by one receiver process (pinned to one core) tracking 10k
// agents, one heartbeat per request and in batches of 100, next to a bare node:http server that
// only parses the same JSON and answers 204 (bare-server.ts), measured in the same run on the
// same core: intake / bare says how close intake is to what node:http itself allows, also on a
// machine busy with other work. Rounds alternate bare and receiver so drift hits both alike.
// The load generator is autocannon, in this process on the other core; its cpu use is printed,
// since one core of autocannon may not keep the server busy: then requests per second say how
// fast the load generator is, and heartbeats per cpu-second of the server what one core can do.
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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
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

async function measure(server: BenchReceiver, pool: string[], batch: number, receiver: boolean) {
  const url = receiver ? `${server.url}/v1/heartbeats` : server.url;
  // warm-up: jit and lazy requires
  await load(url, pool, 2);
  const pid = server.child.pid!;
  const before = receiver ? (await fleet(server.url)).reduce((n, a) => n + a.heartbeats, 0) : 0;
  const cpuBefore = cpuSeconds(pid);
  const loadGenBefore = process.cpuUsage();
  const result = await load(url, pool, DURATION_S);
  const cpuAfter = cpuSeconds(pid);
  const loadGen = process.cpuUsage(loadGenBefore);
  const accepted = receiver
    ? (await fleet(server.url)).reduce((n, a) => n + a.heartbeats, 0) - before
    : result['2xx'] * batch;
  // the load generator may saturate before the server does; cpu use shows how busy it was.
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : Number.NaN;
  return {
    server: receiver ? 'receiver' : 'bare node:http',
    batch,
    requestsPerS: Math.round(result.requests.average),
    heartbeatsPerS: Math.round(accepted / result.duration),
    serverCpuPct: Math.round((cpu / result.duration) * 100),
    heartbeatsPerCpuS: Math.round(accepted / cpu),
    loadGenCpuPct: Math.round(((loadGen.user + loadGen.system) / 1e6 / result.duration) * 100),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

runBench({ port: PORT, agents: AGENTS, timing: { period_s: 30, grace_s: 15 } }, async (receiver) => {
  const ids = await registerAgents(receiver.url, AGENTS, 'bench');
  await postJson(`${receiver.url}/v1/heartbeats`, { agent_id: ids[0] });
  const singles = bodies(ids, 1);
  const bare = await startBareServer(BARE_PORT);
  const rows = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      rows.push(await measure(bare, singles, 1, false));
      rows.push(await measure(receiver, singles, 1, true));
    }
  } finally {
    await bare.stop();
  }
  rows.push(await measure(receiver, bodies(ids, 100), 100, true));
  console.log(
    `heartbeat receiver throughput: ${AGENTS} agents, ${DURATION_S} s per measurement, ${CONNECTIONS} connections, ` +
      `load average ${loadavg()[0].toFixed(1)} at the end`,
  );
  console.table(rows);
  const singleRows = rows.filter((r) => r.server === 'receiver' && r.batch === 1);
  const bareRows = rows.filter((r) => r.server !== 'receiver');
  const list = (values: (number | string)[]) => values.join(', ');
  console.log(
    `single heartbeats per cpu-second of the receiver: ${list(singleRows.map((r) => r.heartbeatsPerCpuS))}; ` +
      `bare node:http JSON 204 per cpu-second in the same rounds: ${list(bareRows.map((r) => r.heartbeatsPerCpuS))}; ` +
      `receiver/bare: ${list(singleRows.map((r, i) => (r.heartbeatsPerCpuS / bareRows[i].heartbeatsPerCpuS).toFixed(2)))}`,
  );
  console.log(
    `single heartbeats per second: ${list(singleRows.map((r) => r.heartbeatsPerS))} ` +
      `(load generator cpu ${list(singleRows.map((r) => `${r.loadGenCpuPct}%`))}); ` +
      `bare: ${list(bareRows.map((r) => r.requestsPerS))} (load generator cpu ${list(bareRows.map((r) => `${r.loadGenCpuPct}%`))})`,
  );
});
