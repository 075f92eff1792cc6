import { CRITERIA, type CriterionId, type CriterionSpec, passes, worseOf } from './criteria';
import { formatValue } from './format';
import type { Thresholds } from './thresholds';
import type {
  AgentMeasurements,
  ComparisonRow,
  CriterionResult,
  Evaluation,
  Figures,
  GroupLatency,
  Measurements,
  Status,
} from './types';

// pure: measurements and thresholds in, figures, verdicts and the decision out.

const ratio = (num: number | undefined, den: number | undefined): number | null =>
  num !== undefined && den !== undefined && den > 0 ? num / den : null;

const orNull = (n: number | undefined): number | null => (n === undefined ? null : n);

function sum(values: (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0);
}

function mean(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}

// an agent with requests but no error series had no errors; one that was sent messages but has
// no consumed series received none. without requests (or messages) there is nothing to rate.
const errorsOf = (m: AgentMeasurements) => (m.requests === undefined ? undefined : (m.errors ?? 0));
const receivedOf = (m: AgentMeasurements) => (m.sent === undefined ? undefined : (m.received ?? 0));

export function agentFigures(m: AgentMeasurements): Figures {
  return {
    uptime: ratio(m.upSamples, m.samples),
    error_rate: ratio(errorsOf(m), m.requests),
    delivery: ratio(receivedOf(m), m.sent),
    latency_p50_ms: orNull(m.p50),
    latency_p99_ms: orNull(m.p99),
    // increase() extrapolates to the window's edges; a restart count is whole
    restarts: m.restarts === undefined ? null : Math.round(m.restarts),
    cpu_cores: orNull(m.cpu),
    memory_mean_bytes: ratio(m.memorySum, m.memorySamples),
    memory_peak_bytes: orNull(m.memoryPeak),
    counts: {
      up_samples: orNull(m.upSamples),
      samples: orNull(m.samples),
      requests: orNull(m.requests),
      errors: orNull(errorsOf(m)),
      sent: orNull(m.sent),
      received: orNull(receivedOf(m)),
    },
  };
}

/** ratios pooled over the group's counts; CPU and memory the mean of its agents'. */
export function groupFigures(members: AgentMeasurements[], latency: GroupLatency): Figures {
  const total = (pick: (m: AgentMeasurements) => number | undefined) => sum(members.map(pick));
  const figures = members.map(agentFigures);
  const restarts = figures.map((f) => f.restarts).filter((r): r is number => r !== null);
  const counts = {
    upSamples: total((m) => m.upSamples),
    samples: total((m) => m.samples),
    requests: total((m) => m.requests),
    errors: total(errorsOf),
    sent: total((m) => m.sent),
    received: total(receivedOf),
  };
  const peaks = figures.map((f) => f.memory_peak_bytes).filter((p): p is number => p !== null);
  return {
    uptime: ratio(counts.upSamples, counts.samples),
    error_rate: ratio(counts.errors, counts.requests),
    delivery: ratio(counts.received, counts.sent),
    latency_p50_ms: orNull(latency.p50),
    latency_p99_ms: orNull(latency.p99),
    restarts: restarts.length === 0 ? null : restarts.reduce((a, b) => a + b, 0),
    cpu_cores: mean(figures.map((f) => f.cpu_cores)),
    memory_mean_bytes: mean(figures.map((f) => f.memory_mean_bytes)),
    memory_peak_bytes: peaks.length === 0 ? null : Math.max(...peaks),
    counts: {
      up_samples: orNull(counts.upSamples),
      samples: orNull(counts.samples),
      requests: orNull(counts.requests),
      errors: orNull(counts.errors),
      sent: orNull(counts.sent),
      received: orNull(counts.received),
    },
  };
}

const relative = (test: number | null, control: number | null): number | null =>
  test !== null && control !== null && control !== 0 ? test / control - 1 : null;

function agentValue(id: CriterionId, f: Figures): number | null {
  return id === 'cpu_overhead' || id === 'memory_overhead' ? null : f[id];
}

function evaluateCriterion(
  spec: CriterionSpec,
  thresholds: Thresholds,
  testAgents: Record<string, Figures>,
  groups: { test: Figures; control: Figures },
): CriterionResult {
  const settings = thresholds.criteria[spec.id];
  const verdict = (value: number | null): Status =>
    value === null ? 'NO DATA' : passes(value, spec.comparison, settings.threshold) ? 'PASS' : 'FAIL';
  const perAgent: CriterionResult['per_agent'] = {};
  let status: Status;
  let value: number | null = null;
  let worst: string | null = null;
  if (spec.scope === 'agents') {
    for (const [agent, figures] of Object.entries(testAgents)) {
      const v = agentValue(spec.id, figures);
      perAgent[agent] = { status: verdict(v), value: v };
      if (v !== null && (value === null || worseOf(spec.comparison, v, value) !== value)) {
        value = v;
        worst = agent;
      }
    }
    // the worst value is a failing one whenever any agent fails, so it names the deciding agent
    const statuses = Object.values(perAgent).map((r) => r.status);
    status = statuses.includes('FAIL') ? 'FAIL' : statuses.includes('NO DATA') ? 'NO DATA' : 'PASS';
  } else {
    const key = spec.id === 'cpu_overhead' ? 'cpu_cores' : 'memory_mean_bytes';
    value = relative(groups.test[key], groups.control[key]);
    status = verdict(value);
  }
  const blocks = settings.required && (status === 'FAIL' || (status === 'NO DATA' && !settings.allowNoData));
  return {
    id: spec.id,
    title: spec.title,
    comparison: spec.comparison,
    threshold: settings.threshold,
    scope: spec.scope,
    required: settings.required,
    allow_no_data: settings.allowNoData,
    status,
    value,
    worst_agent: worst,
    per_agent: perAgent,
    blocks_go: blocks,
  };
}

function comparisonRows(test: Figures, control: Figures): ComparisonRow[] {
  const keys = [
    'uptime',
    'error_rate',
    'delivery',
    'latency_p50_ms',
    'latency_p99_ms',
    'restarts',
    'cpu_cores',
    'memory_mean_bytes',
    'memory_peak_bytes',
  ] as const;
  return keys.map((k) => ({
    metric: k,
    test: test[k],
    control: control[k],
    relative: relative(test[k], control[k]),
  }));
}

export interface Groups {
  test: readonly string[];
  control: readonly string[];
}

/** the whole verdict: per agent, per group, per criterion, and GO only if nothing blocks it. */
export function evaluate(measurements: Measurements, groups: Groups, thresholds: Thresholds): Evaluation {
  const of = (id: string) => measurements.agents[id] ?? {};
  const agents: Evaluation['agents'] = {};
  for (const id of groups.test) agents[id] = { group: 'test', figures: agentFigures(of(id)) };
  for (const id of groups.control) agents[id] = { group: 'control', figures: agentFigures(of(id)) };
  const groupFigs = {
    test: groupFigures(groups.test.map(of), measurements.latency.test),
    control: groupFigures(groups.control.map(of), measurements.latency.control),
  };
  const testFigures = Object.fromEntries(groups.test.map((id) => [id, agents[id].figures]));
  const criteria = CRITERIA.map((spec) => evaluateCriterion(spec, thresholds, testFigures, groupFigs));
  const reasons = criteria
    .filter((c) => c.blocks_go)
    .map((c) =>
      c.status === 'NO DATA'
        ? `${c.title}: no data`
        : `${c.title}: ${c.worst_agent ? `${c.worst_agent} at ` : ''}${formatValue(c.id, c.value)}, needs ${c.comparison} ${formatValue(c.id, c.threshold)}`,
    );
  return {
    decision: reasons.length === 0 ? 'GO' : 'NO-GO',
    reasons,
    criteria,
    agents,
    groups: groupFigs,
    comparison: comparisonRows(groupFigs.test, groupFigs.control),
  };
}
