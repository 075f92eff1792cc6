import type { Comparison, CriterionId, Scope } from './criteria';

/** what Prometheus answered for one agent; a field is absent when no series had data. */
export interface AgentMeasurements {
  upSamples?: number;
  samples?: number;
  requests?: number;
  errors?: number;
  sent?: number;
  received?: number;
  p50?: number;
  p99?: number;
  restarts?: number;
  cpu?: number;
  memorySum?: number;
  memorySamples?: number;
  memoryPeak?: number;
}

export interface GroupLatency {
  p50?: number;
  p99?: number;
}

export interface Measurements {
  agents: Record<string, AgentMeasurements>;
  /** quantiles of each group's summed histogram. */
  latency: { test: GroupLatency; control: GroupLatency };
}

/** the figures of one agent or one group; null is no data. */
export interface Figures {
  uptime: number | null;
  error_rate: number | null;
  delivery: number | null;
  latency_p50_ms: number | null;
  latency_p99_ms: number | null;
  restarts: number | null;
  /** CPU cores used on average (1 = one core busy). */
  cpu_cores: number | null;
  memory_mean_bytes: number | null;
  memory_peak_bytes: number | null;
  /** the counts behind the ratios. */
  counts: {
    up_samples: number | null;
    samples: number | null;
    requests: number | null;
    errors: number | null;
    sent: number | null;
    received: number | null;
  };
}

export type Status = 'PASS' | 'FAIL' | 'NO DATA';

export interface CriterionResult {
  id: CriterionId;
  title: string;
  comparison: Comparison;
  threshold: number;
  scope: Scope;
  required: boolean;
  allow_no_data: boolean;
  status: Status;
  /** agents scope: the deciding (worst) agent's value; group scope: the overhead. */
  value: number | null;
  /** agents scope: which agent decided it. */
  worst_agent: string | null;
  per_agent: Record<string, { status: Status; value: number | null }>;
  /** whether this criterion stands in the way of GO. */
  blocks_go: boolean;
}

export interface ComparisonRow {
  metric: string;
  test: number | null;
  control: number | null;
  /** test / control - 1, when both exist and control is not 0. */
  relative: number | null;
}

export interface Evaluation {
  decision: 'GO' | 'NO-GO';
  reasons: string[];
  criteria: CriterionResult[];
  agents: Record<string, { group: 'test' | 'control'; figures: Figures }>;
  groups: { test: Figures; control: Figures };
  comparison: ComparisonRow[];
}
