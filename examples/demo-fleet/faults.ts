import type { TurnPlan } from './behaviour';

/**
 * faults a game day injects into a running demo agent (`agent-otel gameday`), each made to trip
 * one alert: `drift` (HighSeverityPromptDrift), `lease` (LeaseContentionStorm), `evidence`
 * (HighEvidenceGateFailureRate), `slow` (AgentTaskSlowdown). `none` clears a fault: the watchdog's
 * remediation. Stopping an agent is the fleet's business (fleet.ts), not the agent's.
 */
export const AGENT_FAULTS = ['none', 'drift', 'lease', 'evidence', 'slow'] as const;
export type AgentFault = (typeof AGENT_FAULTS)[number];

export const isAgentFault = (v: string): v is AgentFault => (AGENT_FAULTS as readonly string[]).includes(v);

// one fixed task and phase per fault, so its counters form one series and fire one alert: the
// watchdog then remediates once, not once per task or phase.
const FAULT_TASK = 'GAMEDAY';
const FAULT_PHASE = 'IMPLEMENT';

/** the turn an agent with `fault` takes instead of `plan`. */
export function applyFault(plan: TurnPlan, fault: AgentFault, agentId: string): TurnPlan {
  const tags = (name: string) => ({ taskId: `${FAULT_TASK}-${name}`, phase: FAULT_PHASE });
  switch (fault) {
    case 'drift':
      return {
        ...plan,
        status: 'off_track',
        counters: [
          ...plan.counters,
          { name: 'prompt_drift_detected', tags: { ...tags('DRIFT'), severity: 'high' } },
        ],
      };
    case 'lease':
      // five contentions a turn: at two turns a second, far over the storm's 10 a minute
      return {
        ...plan,
        counters: [
          ...plan.counters,
          ...Array.from({ length: 5 }, () => ({
            name: 'phase_lease_contention',
            tags: { ...tags('LEASE'), holder: `not-${agentId}` },
          })),
        ],
      };
    case 'evidence':
      return {
        ...plan,
        counters: [
          ...plan.counters,
          ...Array.from({ length: 3 }, () => ({
            name: 'evidence_gate_failed',
            tags: { ...tags('EVIDENCE'), missingEvidence: 'test_report' },
          })),
        ],
      };
    case 'slow':
      // twenty times the steady latency, still under the fleet's 2 s request timeout
      return { ...plan, latencyMs: Math.min(1800, plan.latencyMs * 20) };
    default:
      return plan;
  }
}
