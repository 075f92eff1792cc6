// a scripted 24 h of one agent fleet, as the real pipeline names its series: the heartbeat
// receiver's agent_up and agent_restarts_total, the collector's span metrics, messaging
// counters, and the SDK's process CPU and memory. samples every 60 s, 30 s inside both window
// edges, so no sample sits on a boundary.

export const STEP_S = 60;
export const SAMPLES = 1440;

export interface AgentScript {
  id: string;
  /** sample indexes at which agent_up is 0 */
  down?: number[];
  /** growth over the sampled span (first to last sample) of each counter */
  requests: number;
  errors: number;
  /** cumulative span-duration buckets (ms upper bound → count); +Inf is `requests` */
  buckets: [number, number][];
  /** messages the driver sent to this agent, and those it consumed */
  sent: number;
  consumed: number;
  /** sample index at which agent_restarts_total goes from 0 to 1 */
  restartAt?: number;
  cpuUser: number;
  cpuSystem: number;
  memoryMiB: number;
}

type Labels = Record<string, string>;
interface Series {
  name: string;
  labels: Labels;
  value: (k: number) => number;
}

const format = (labels: Labels) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;

// a counter that grows evenly by `growth` from first to last sample. it starts at `growth`, as a
// long-running process's would, so Prometheus extrapolates every counter of the scenario to
// both window edges alike and the ratios between them stay exact.
const counter = (growth: number) => (k: number) => growth + (growth * k) / (SAMPLES - 1);

function agentSeries(a: AgentScript, driver: string): Series[] {
  const job = `svc-${a.id}`;
  const span = {
    job,
    agent_id: a.id,
    service_name: job,
    span_name: 'POST /question',
    span_kind: 'SPAN_KIND_SERVER',
  };
  const down = new Set(a.down ?? []);
  const series: Series[] = [
    {
      name: 'agent_up',
      labels: { job: 'agent-heartbeat', agent_id: a.id, role: 'expert' },
      value: (k) => (down.has(k) ? 0 : 1),
    },
    {
      name: 'agent_restarts_total',
      labels: { job: 'agent-heartbeat', agent_id: a.id, role: 'expert' },
      value: (k) => (a.restartAt !== undefined && k >= a.restartAt ? 1 : 0),
    },
    {
      name: 'traces_span_metrics_calls_total',
      labels: { ...span, status_code: 'STATUS_CODE_UNSET' },
      value: counter(a.requests - a.errors),
    },
    {
      name: 'traces_span_metrics_calls_total',
      labels: { ...span, status_code: 'STATUS_CODE_ERROR' },
      value: counter(a.errors),
    },
    {
      name: 'messaging_client_sent_messages_total',
      labels: { job: `svc-${driver}`, agent_id: driver, messaging_destination_name: a.id },
      value: counter(a.sent),
    },
    {
      name: 'messaging_client_consumed_messages_total',
      labels: { job, agent_id: a.id },
      value: counter(a.consumed),
    },
    {
      name: 'process_cpu_time_seconds_total',
      labels: { job, agent_id: a.id, cpu_mode: 'user' },
      value: counter(a.cpuUser * STEP_S * (SAMPLES - 1)),
    },
    {
      name: 'process_cpu_time_seconds_total',
      labels: { job, agent_id: a.id, cpu_mode: 'system' },
      value: counter(a.cpuSystem * STEP_S * (SAMPLES - 1)),
    },
    { name: 'process_memory_usage', labels: { job, agent_id: a.id }, value: () => a.memoryMiB * 2 ** 20 },
  ];
  for (const [le, count] of [...a.buckets, [Number.POSITIVE_INFINITY, a.requests] as [number, number]]) {
    series.push({
      name: 'traces_span_metrics_duration_milliseconds_bucket',
      labels: { ...span, le: le === Number.POSITIVE_INFINITY ? '+Inf' : String(le) },
      value: counter(count),
    });
  }
  return series;
}

/** OpenMetrics text of the scripted agents over the window ending at endS (unix seconds). */
export function openMetrics(agents: AgentScript[], endS: number, driver: string): string {
  const first = endS - SAMPLES * STEP_S + STEP_S / 2;
  const all = agents.flatMap((a) => agentSeries(a, driver)).sort((x, y) => x.name.localeCompare(y.name));
  const lines: string[] = [];
  for (const s of all) {
    const head = `${s.name}${format(s.labels)}`;
    for (let k = 0; k < SAMPLES; k++) lines.push(`${head} ${s.value(k)} ${first + k * STEP_S}`);
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}
