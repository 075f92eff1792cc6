import type { Groups } from './evaluate';
import type { InstantQuery } from './prometheus';
import {
  agentMatcher,
  agentsSeen,
  groupQueries,
  type PerAgentQuery,
  perAgentQueries,
  type QueryContext,
} from './queries';
import type { AgentMeasurements, GroupLatency, Measurements } from './types';

/** every PromQL the report ran, by name, for the appendix and summary.json. */
export type QueryLog = Record<string, string>;

function context(agents: readonly string[], rangeS: number, spanKinds: readonly string[]): QueryContext {
  return { agents: agentMatcher(agents), range: `${rangeS}s`, spanKinds };
}

/** the agents the heartbeat receiver reported in the window, sorted. */
export async function discoverAgents(query: InstantQuery, rangeS: number): Promise<string[]> {
  const seen = await query(agentsSeen(`${rangeS}s`));
  return [...seen.keys()].filter((id) => id !== '').sort();
}

async function groupLatency(
  query: InstantQuery,
  c: QueryContext,
  log: QueryLog,
  name: string,
): Promise<GroupLatency> {
  const p50 = groupQueries.p50(c);
  const p99 = groupQueries.p99(c);
  log[`${name}_p50`] = p50;
  log[`${name}_p99`] = p99;
  const [a, b] = await Promise.all([query(p50), query(p99)]);
  return { p50: a.get(''), p99: b.get('') };
}

/** runs every query over both groups at once; a group with no agents is not queried. */
export async function collect(
  query: InstantQuery,
  groups: Groups,
  rangeS: number,
  spanKinds: readonly string[],
): Promise<{ measurements: Measurements; queries: QueryLog }> {
  const queries: QueryLog = {};
  const all = [...groups.test, ...groups.control];
  const agents: Record<string, AgentMeasurements> = Object.fromEntries(all.map((id) => [id, {}]));
  const c = context(all, rangeS, spanKinds);
  // the queries are independent: sent together, a report takes as long as its slowest query
  const names = Object.keys(perAgentQueries) as PerAgentQuery[];
  for (const name of names) queries[name] = perAgentQueries[name](c);
  const answers = await Promise.all(names.map((name) => query(queries[name])));
  names.forEach((name, i) => {
    for (const [agent, value] of answers[i]) {
      if (agents[agent]) agents[agent][name] = value;
    }
  });
  const none: GroupLatency = {};
  const [test, control] = await Promise.all([
    groups.test.length > 0
      ? groupLatency(query, context(groups.test, rangeS, spanKinds), queries, 'test')
      : none,
    groups.control.length > 0
      ? groupLatency(query, context(groups.control, rangeS, spanKinds), queries, 'control')
      : none,
  ]);
  const latency = { test, control };
  return { measurements: { agents, latency }, queries };
}
