import { helpRequested } from '../usage';
import { fleet, percentile, postJson, registerAgents, runBench } from './harness';

if (
  helpRequested(
    'usage: node dist/bench/heartbeat/detection.js   (env BENCH_AGENTS (10000), BENCH_PORT (19413))',
  )
)
  process.exit(0);

// how long after its deadline (last heartbeat + period + grace) a silent agent is marked down,
// with 10k agents tracked; the bound is period + grace + 1 s from the last heartbeat.
const AGENTS = Number(process.env.BENCH_AGENTS ?? 10_000);
const PERIOD_S = 2;
const GRACE_S = 1;
const PORT = Number(process.env.BENCH_PORT ?? 19413);

runBench(
  { port: PORT, agents: AGENTS, timing: { period_s: PERIOD_S, grace_s: GRACE_S } },
  async (receiver) => {
    const ids = await registerAgents(receiver.url, AGENTS, 'detect');
    // a few rounds of heartbeats, then silence from every agent.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < ids.length; i += 1000) {
        await postJson(
          `${receiver.url}/v1/heartbeats`,
          ids.slice(i, i + 1000).map((agent_id) => ({ agent_id })),
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, (PERIOD_S + GRACE_S + 2) * 1000));
    const rows = await fleet(receiver.url);
    const budgetMs = (PERIOD_S + GRACE_S) * 1000;
    const delays = rows
      .map((a) => {
        const down = a.recent_transitions.findLast((t) => t.to === 'down');
        return down && a.last_seen ? Date.parse(down.at) - Date.parse(a.last_seen) - budgetMs : Number.NaN;
      })
      .filter((d) => Number.isFinite(d))
      .sort((x, y) => x - y);
    const missed = rows.length - delays.length;
    console.log(
      `missed-heartbeat detection: ${AGENTS} agents, period ${PERIOD_S} s, grace ${GRACE_S} s, tick 250 ms`,
    );
    console.table([
      {
        agentsDown: delays.length,
        notDetected: missed,
        'delay after deadline p50 (ms)': percentile(delays, 50),
        'p99 (ms)': percentile(delays, 99),
        'max (ms)': delays.at(-1),
        'worst last heartbeat -> down (ms)': (delays.at(-1) ?? 0) + budgetMs,
        'bound period+grace+1s (ms)': budgetMs + 1000,
      },
    ]);
  },
);
