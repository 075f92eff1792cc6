import type { AgentSummary, HeartbeatStatus } from '../../instrumentation';

/** how a demo agent misbehaves, so that every dashboard panel and alert has something to show. */
export type Behaviour = 'steady' | 'drifter' | 'flaky' | 'crasher' | 'stalled';

export const BEHAVIOURS: Behaviour[] = ['steady', 'drifter', 'flaky', 'crasher', 'stalled'];

export interface TurnPlan {
  /** on-track status reported in heartbeats from now on. */
  status: HeartbeatStatus;
  /** milliseconds the turn takes. */
  latencyMs: number;
  /** whether the turn fails (a 500 and an error span). */
  fails: boolean;
  /** anti-drift counter lines to append for this turn (seed-000 names). */
  counters: { name: string; tags: Record<string, string> }[];
  /** leave the process: crash (exit 1) or hang (stop answering and beating). */
  exit?: 'crash' | 'hang';
  /** the agent's summary of itself, sent with its heartbeats (seed 004). */
  summary: AgentSummary;
}

/** what an agent with `behaviour` does on a turn, `ageS` seconds after it started. */
export function planTurn(
  behaviour: Behaviour,
  ageS: number,
  task: { taskId: string; phase: string },
  random: () => number = Math.random,
): TurnPlan {
  const { taskId, phase } = task;
  const plan: TurnPlan = {
    status: 'on_track',
    latencyMs: 20 + random() * 60,
    fails: false,
    counters: [],
    summary: { currentActivity: `${phase.toLowerCase()} of ${taskId}`, confidence: 0.9, driftReasons: [] },
  };
  if (random() < 0.05)
    plan.counters.push({ name: 'phase_lease_contention', tags: { taskId, phase, holder: 'planner-1' } });
  if (random() < 0.03) {
    plan.counters.push({
      name: 'evidence_gate_failed',
      tags: { taskId, phase, missingEvidence: 'test_report' },
    });
  }
  switch (behaviour) {
    case 'drifter':
      if (ageS > 30) {
        plan.status = ageS > 60 ? 'off_track' : 'drifting';
        plan.summary = {
          currentActivity: `rewriting the logging module instead of ${phase.toLowerCase()} of ${taskId}`,
          confidence: ageS > 60 ? 0.2 : 0.5,
          driftReasons:
            ageS > 60
              ? [
                  'edits files outside the task',
                  'no test run for the task in 30 s',
                  'prompt asks for a refactor',
                ]
              : ['edits files outside the task'],
          recommendedAction: ageS > 60 ? 'stop and re-plan from the task statement' : `return to ${taskId}`,
        };
        if (random() < 0.2) {
          const severity = ageS > 60 ? 'high' : 'medium';
          plan.counters.push({ name: 'prompt_drift_detected', tags: { taskId, phase, severity } });
        }
      }
      break;
    case 'flaky':
      plan.latencyMs = 150 + random() * 250;
      plan.fails = random() < 0.1;
      plan.summary = {
        currentActivity: `${phase.toLowerCase()} of ${taskId}, retrying slow tool calls`,
        confidence: plan.fails ? 0.55 : 0.75,
        driftReasons: plan.fails ? ['validation failed on the last turn'] : [],
        recommendedAction: plan.fails ? 'rerun validation with the schema fixed' : undefined,
      };
      if (plan.fails)
        plan.counters.push({ name: 'phase_validations_failed', tags: { taskId, phase, reason: 'schema' } });
      break;
    case 'crasher':
      if (ageS > 45 && random() < 0.1) plan.exit = 'crash';
      break;
    case 'stalled':
      if (ageS > 50) {
        plan.status = 'blocked';
        plan.summary = {
          currentActivity: `waiting on the lock of ${taskId}`,
          confidence: 0.3,
          driftReasons: ['lock held by planner-1 for over 10 s'],
          recommendedAction: 'ask an operator to release the lock',
        };
        if (ageS > 60) plan.exit = 'hang';
      }
      break;
    default:
      break;
  }
  return plan;
}
