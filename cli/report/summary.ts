import type { QueryLog } from './collect';
import type { Evaluation } from './types';
import { type ReportWindow, startOf } from './window';

/** summary.json: everything the Markdown report shows, as data. */
export interface ReportSummary {
  generated_at: string;
  decision: Evaluation['decision'];
  reasons: string[];
  window: { label: string; seconds: number; start: string; end: string; end_unix: number };
  prometheus: string;
  groups: { test: string[]; control: string[] };
  criteria: Evaluation['criteria'];
  agents: Evaluation['agents'];
  group_figures: Evaluation['groups'];
  comparison: Evaluation['comparison'];
  queries: QueryLog;
}

const iso = (unixS: number) => new Date(unixS * 1000).toISOString();

export function buildSummary(
  evaluation: Evaluation,
  window: ReportWindow,
  prometheus: string,
  groups: { test: string[]; control: string[] },
  queries: QueryLog,
  now: Date,
): ReportSummary {
  return {
    generated_at: now.toISOString(),
    decision: evaluation.decision,
    reasons: evaluation.reasons,
    window: {
      label: window.label,
      seconds: window.seconds,
      start: iso(startOf(window)),
      end: iso(window.endS),
      end_unix: window.endS,
    },
    prometheus,
    groups,
    criteria: evaluation.criteria,
    agents: evaluation.agents,
    group_figures: evaluation.groups,
    comparison: evaluation.comparison,
    queries,
  };
}
