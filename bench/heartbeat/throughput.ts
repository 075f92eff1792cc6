import { cpuSeconds, fleet, postJson, registerAgents, runBench } from './harness';

// heartbeats accepted per second by one receiver process (pinned to one core) tracking 10k
// agents: one heartbeat per request, and batches of 100. The load generator is autocannon.
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
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
const PORT = Number(process.env.BENCH_PORT ?? 19412);

async function scenario(url: string, pid: number, ids: string[], batch: number) {
  let next = 0;
  const before = (await fleet(url)).reduce((n, a) => n + a.heartbeats, 0);
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url: `${url}/v1/heartbeats`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const items = [];
          for (let i = 0; i < batch; i++) {
            items.push({
              agent_id: ids[next++ % ids.length],
              status: 'on_track',
              timestamp: new Date().toISOString(),
            });
          }
          return { ...req, body: JSON.stringify(batch === 1 ? items[0] : items) };
        },
      },
    ],
  });
  const cpuAfter = cpuSeconds(pid);
  const after = (await fleet(url)).reduce((n, a) => n + a.heartbeats, 0);
  const accepted = after - before;
  // the load generator may saturate before the receiver does; cpu use shows how busy it was.
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : Number.NaN;
  return {
    batch,
    requestsPerS: Math.round(result.requests.average),
    heartbeatsPerS: Math.round(accepted / result.duration),
    receiverCpuPct: Math.round((cpu / result.duration) * 100),
    heartbeatsPerCpuS: Math.round(accepted / cpu),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

runBench({ port: PORT, agents: AGENTS, timing: { period_s: 30, grace_s: 15 } }, async (receiver) => {
  const ids = await registerAgents(receiver.url, AGENTS, 'bench');
  await postJson(`${receiver.url}/v1/heartbeats`, { agent_id: ids[0] });
  const pid = receiver.child.pid!;
  const rows = [await scenario(receiver.url, pid, ids, 1), await scenario(receiver.url, pid, ids, 100)];
  console.log(
    `heartbeat receiver throughput: ${AGENTS} agents, ${DURATION_S} s per scenario, ${CONNECTIONS} connections`,
  );
  console.table(rows);
});
