// the PromQL of every figure in the report, in one place so the README can list it. a selector
// picks agents by the agent_id label (the heartbeat receiver's series carry it as a data
// point attribute, every other agent metric gets it from the collector's transform/agent_id).

/** an anchored PromQL regex matching exactly these agent ids, quoted for a label matcher. */
export function agentMatcher(agentIds: readonly string[]): string {
  const escaped = agentIds.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return JSON.stringify(escaped.join('|'));
}

export interface QueryContext {
  /** agent ids, already a quoted regex (agentMatcher). */
  agents: string;
  /** range, e.g. `86400s`. */
  range: string;
  /** span kinds that count as requests. */
  spanKinds: readonly string[];
}

function requests(c: QueryContext, extra = ''): string {
  return `span_kind=~${JSON.stringify(c.spanKinds.join('|'))}, agent_id=~${c.agents}${extra}`;
}

const quantile = (q: number, by: string, c: QueryContext) =>
  `histogram_quantile(${q}, sum by (${by}) (increase(traces_span_metrics_duration_milliseconds_bucket{${requests(c)}}[${c.range}])))`;

/** per agent (`by (agent_id)`) figures; each returns one series per agent that has data. */
export const perAgentQueries = {
  // samples in which the heartbeat receiver saw the agent up or late, and all its samples
  upSamples: (c: QueryContext) =>
    `sum by (agent_id) (sum_over_time(agent_up{agent_id=~${c.agents}}[${c.range}]))`,
  samples: (c: QueryContext) =>
    `sum by (agent_id) (count_over_time(agent_up{agent_id=~${c.agents}}[${c.range}]))`,
  requests: (c: QueryContext) =>
    `sum by (agent_id) (increase(traces_span_metrics_calls_total{${requests(c)}}[${c.range}]))`,
  errors: (c: QueryContext) =>
    `sum by (agent_id) (increase(traces_span_metrics_calls_total{${requests(c, ', status_code="STATUS_CODE_ERROR"')}}[${c.range}]))`,
  // messages are counted by their recipient: senders label them with the recipient's agent id
  // as messaging.destination.name, the recipient counts what it consumed.
  sent: (c: QueryContext) =>
    `sum by (agent_id) (label_replace(increase(messaging_client_sent_messages_total{messaging_destination_name=~${c.agents}}[${c.range}]), "agent_id", "$1", "messaging_destination_name", "(.*)"))`,
  received: (c: QueryContext) =>
    `sum by (agent_id) (increase(messaging_client_consumed_messages_total{agent_id=~${c.agents}}[${c.range}]))`,
  p50: (c: QueryContext) => quantile(0.5, 'agent_id, le', c),
  p99: (c: QueryContext) => quantile(0.99, 'agent_id, le', c),
  restarts: (c: QueryContext) =>
    `sum by (agent_id) (increase(agent_restarts_total{agent_id=~${c.agents}}[${c.range}]))`,
  // CPU cores used on average over the window (user + system)
  cpu: (c: QueryContext) =>
    `sum by (agent_id) (rate(process_cpu_time_seconds_total{agent_id=~${c.agents}}[${c.range}]))`,
  memorySum: (c: QueryContext) =>
    `sum by (agent_id) (sum_over_time(process_memory_usage{agent_id=~${c.agents}}[${c.range}]))`,
  memorySamples: (c: QueryContext) =>
    `sum by (agent_id) (count_over_time(process_memory_usage{agent_id=~${c.agents}}[${c.range}]))`,
  memoryPeak: (c: QueryContext) =>
    `max by (agent_id) (max_over_time(process_memory_usage{agent_id=~${c.agents}}[${c.range}]))`,
} as const;

export type PerAgentQuery = keyof typeof perAgentQueries;

/** group latency comes from the group's summed histogram, not from the agents' quantiles. */
export const groupQueries = {
  p50: (c: QueryContext) => quantile(0.5, 'le', c),
  p99: (c: QueryContext) => quantile(0.99, 'le', c),
} as const;

/** every agent the heartbeat receiver reported in the window (the test group when none is named). */
export const agentsSeen = (range: string) => `count by (agent_id) (count_over_time(agent_up[${range}]))`;
