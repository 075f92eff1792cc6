// the fleet's top offenders: agents ranked by how far they are from their own baseline, read from
// the anomaly recording rules (collector-config/prometheus/rules/anomaly.yml), the same series the
// anomaly alerts use.

/** the anomaly signals, each a recording rule, with the ratio at which its alert fires. */
export const ANOMALY_SIGNALS = {
  slowdown: { series: 'agent_phase:task_duration_ms:p95_ratio', label: 'task_phase', threshold: 2 },
  loop: { series: 'agent_tool:calls_per_task:ratio', label: 'gen_ai_tool_name', threshold: 5 },
  errors: { series: 'agent:span_errors:ratio', label: undefined, threshold: 3 },
} as const;
export type AnomalySignal = keyof typeof ANOMALY_SIGNALS;
export const SIGNALS = Object.keys(ANOMALY_SIGNALS) as AnomalySignal[];

/** one sample of a signal: the agent, what it is about (phase, tool), the deviation ratio. */
export interface SignalSample {
  agent_id: string;
  subject?: string;
  ratio: number;
}

/** an agent's worst deviation per signal, and the one that ranks it. */
export interface Offender {
  agent_id: string;
  /** ratio over its alert threshold of the worst signal: 1 or more is at an alert's threshold. */
  score: number;
  worst: AnomalySignal;
  signals: Partial<Record<AnomalySignal, { ratio: number; subject?: string }>>;
}

/**
 * ranks agents by their worst signal, each ratio divided by its alert threshold so that a loop
 * 5x over usual weighs as much as a slowdown 2x; ties by agent id. Non-finite ratios (a baseline
 * of 0) are dropped: the rules floor baselines, so one here is a broken series, not an offender.
 */
export function rankOffenders(samples: Record<AnomalySignal, SignalSample[]>, limit: number): Offender[] {
  const byAgent = new Map<string, Offender>();
  for (const signal of SIGNALS) {
    const { threshold } = ANOMALY_SIGNALS[signal];
    for (const s of samples[signal]) {
      if (!Number.isFinite(s.ratio) || s.ratio < 0 || s.agent_id === '') continue;
      const score = s.ratio / threshold;
      let o = byAgent.get(s.agent_id);
      if (o === undefined) {
        o = { agent_id: s.agent_id, score, worst: signal, signals: {} };
        byAgent.set(s.agent_id, o);
      }
      const prev = o.signals[signal];
      if (prev === undefined || s.ratio > prev.ratio)
        o.signals[signal] = { ratio: s.ratio, subject: s.subject };
      if (score > o.score) {
        o.score = score;
        o.worst = signal;
      }
    }
  }
  return [...byAgent.values()]
    .sort((a, b) => b.score - a.score || a.agent_id.localeCompare(b.agent_id))
    .slice(0, Math.max(0, limit));
}
