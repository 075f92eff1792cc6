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
  const out: GroupLatency = {};
  for (const key of ['p50', 'p99'] as const) {
    const promql = groupQueries[key](c);
    log[`${name}_${key}`] = promql;
    out[key] = (await query(promql)).get('');
  }
  return out;
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
  for (const name of Object.keys(perAgentQueries) as PerAgentQuery[]) {
    const promql = perAgentQueries[name](c);
    queries[name] = promql;
    for (const [agent, value] of await query(promql)) {
      if (agents[agent]) agents[agent][name] = value;
    }
  }
  const none: GroupLatency = {};
  const latency = {
    test:
      groups.test.length > 0
        ? await groupLatency(query, context(groups.test, rangeS, spanKinds), queries, 'test')
        : none,
    control:
      groups.control.length > 0
        ? await groupLatency(query, context(groups.control, rangeS, spanKinds), queries, 'control')
        : none,
  };
  return { measurements: { agents, latency }, queries };
}
