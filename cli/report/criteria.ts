// the success criteria of a wave checkpoint (the rollout plan's primary criteria, plus the
// test-versus-control overheads), each with its fixed comparison and its default threshold.

export type CriterionId =
  | 'uptime'
  | 'error_rate'
  | 'delivery'
  | 'latency_p50_ms'
  | 'latency_p99_ms'
  | 'restarts'
  | 'cpu_overhead'
  | 'memory_overhead';

/** how a value passes: strictly above, at least, strictly below, at most the threshold. */
export type Comparison = '>' | '>=' | '<' | '<=';

/** `agents`: every test agent must pass; `group`: the test group against the control group. */
export type Scope = 'agents' | 'group';

export interface CriterionSpec {
  id: CriterionId;
  title: string;
  comparison: Comparison;
  defaultThreshold: number;
  scope: Scope;
  /** how the value is shown: a fraction as a percentage, milliseconds, a count. */
  unit: 'percent' | 'ms' | 'count';
}

export const CRITERIA: readonly CriterionSpec[] = [
  {
    id: 'uptime',
    title: 'Agent uptime',
    comparison: '>',
    defaultThreshold: 0.999,
    scope: 'agents',
    unit: 'percent',
  },
  {
    id: 'error_rate',
    title: 'Error rate',
    comparison: '<',
    defaultThreshold: 0.001,
    scope: 'agents',
    unit: 'percent',
  },
  {
    id: 'delivery',
    title: 'Message delivery',
    comparison: '>=',
    defaultThreshold: 1,
    scope: 'agents',
    unit: 'percent',
  },
  {
    id: 'latency_p50_ms',
    title: 'Response latency p50',
    comparison: '<',
    defaultThreshold: 100,
    scope: 'agents',
    unit: 'ms',
  },
  {
    id: 'latency_p99_ms',
    title: 'Response latency p99',
    comparison: '<',
    defaultThreshold: 200,
    scope: 'agents',
    unit: 'ms',
  },
  {
    id: 'restarts',
    title: 'Restarts',
    comparison: '<=',
    defaultThreshold: 0,
    scope: 'agents',
    unit: 'count',
  },
  {
    id: 'cpu_overhead',
    title: 'CPU overhead vs control',
    comparison: '<',
    defaultThreshold: 0.05,
    scope: 'group',
    unit: 'percent',
  },
  {
    id: 'memory_overhead',
    title: 'Memory overhead vs control',
    comparison: '<',
    defaultThreshold: 0.1,
    scope: 'group',
    unit: 'percent',
  },
];

export const CRITERION_IDS = CRITERIA.map((c) => c.id) as [CriterionId, ...CriterionId[]];

export function passes(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/** for a criterion over every agent, the agent that decides it: the lowest for `>`/`>=`, else the highest. */
export function worseOf(comparison: Comparison, a: number, b: number): number {
  return comparison === '>' || comparison === '>=' ? Math.min(a, b) : Math.max(a, b);
}
