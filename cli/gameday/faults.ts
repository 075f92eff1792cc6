/**
 * the faults of a game day, each with the alert that must detect it and the watchdog remediation
 * that must follow. The alerts are the shipped rules: AgentDown (heartbeat.yml),
 * HighSeverityPromptDrift, LeaseContentionStorm and HighEvidenceGateFailureRate (anti-drift.yml),
 * AgentTaskSlowdown (anomaly.yml).
 */
export const FAULT_NAMES = ['stop', 'drift', 'lease', 'evidence', 'slow'] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultSpec {
  name: FaultName;
  /** what happens to the agent. */
  what: string;
  /** the alert that detects it, with the agent's `agent_id` label. */
  alertname: string;
  /** the demo fleet's control route the watchdog calls to remediate. */
  remediation: '/remediate/restart' | '/remediate/clear';
}

export const FAULTS: Record<FaultName, FaultSpec> = {
  stop: { name: 'stop', what: 'the agent stops', alertname: 'AgentDown', remediation: '/remediate/restart' },
  drift: {
    name: 'drift',
    what: 'the agent drifts off track with high severity prompt drift',
    alertname: 'HighSeverityPromptDrift',
    remediation: '/remediate/clear',
  },
  lease: {
    name: 'lease',
    what: 'a lease contention storm on one task phase',
    alertname: 'LeaseContentionStorm',
    remediation: '/remediate/clear',
  },
  evidence: {
    name: 'evidence',
    what: 'evidence gates fail on one task phase',
    alertname: 'HighEvidenceGateFailureRate',
    remediation: '/remediate/clear',
  },
  slow: {
    name: 'slow',
    what: 'the agent slows down twentyfold',
    alertname: 'AgentTaskSlowdown',
    remediation: '/remediate/clear',
  },
};

/** the watchdog policy a game day adds for a fault. */
export const policyName = (fault: FaultName): string => `gameday-${fault}`;

/**
 * parses `--faults stop,drift` (default: all) and `--expect fault=Alert` overrides; returns the
 * specs or a message naming the bad value.
 */
export function parseFaults(list: string | undefined, expect: string[] = []): FaultSpec[] | string {
  const names = (list ?? FAULT_NAMES.join(','))
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length === 0) return `--faults: expected a list of ${FAULT_NAMES.join(', ')}`;
  const specs: FaultSpec[] = [];
  for (const n of names) {
    if (!(FAULT_NAMES as readonly string[]).includes(n))
      return `--faults: unknown fault '${n}' (expected: ${FAULT_NAMES.join(', ')})`;
    if (specs.some((s) => s.name === n)) return `--faults: '${n}' is listed twice`;
    specs.push({ ...FAULTS[n as FaultName] });
  }
  for (const e of expect) {
    const m = /^([a-z]+)=([A-Za-z_][A-Za-z0-9_]*)$/.exec(e);
    if (!m) return `--expect: '${e}' is not fault=AlertName`;
    const spec = specs.find((s) => s.name === m[1]);
    if (!spec) return `--expect: fault '${m[1]}' is not among the faults of this run`;
    spec.alertname = m[2];
  }
  return specs;
}
