import type { AgentSnapshot } from '../shared/agent-snapshot';
import type { PolicyConfig } from './config';
import type { AlertmanagerAlert } from './types';

/** whether an agent falls under a policy's match block. */
export function agentMatches(policy: PolicyConfig, record: AgentSnapshot): boolean {
  const { agent_id: ids, role: roles } = policy.match;
  if (ids && !ids.includes(record.agentId)) return false;
  if (roles && !roles.includes(record.role)) return false;
  return true;
}

/**
 * the start of the episode in which an agent meets a policy's agent condition, or undefined
 * when it does not (or the policy is an alert policy). Pure: time comes in as `nowMs`.
 */
export function agentConditionSince(
  policy: PolicyConfig,
  record: AgentSnapshot,
  nowMs: number,
): number | undefined {
  const on = policy.on;
  const holdMs = on.for_s * 1000;
  if (on.state !== undefined) {
    return record.state === on.state && nowMs - record.stateSinceMs >= holdMs
      ? record.stateSinceMs
      : undefined;
  }
  if (on.status !== undefined) {
    // a paused agent is not acted on for what it reported before the pause.
    if (record.state === 'paused') return undefined;
    return record.status === on.status && nowMs - record.statusSinceMs >= holdMs
      ? record.statusSinceMs
      : undefined;
  }
  if (on.restarts !== undefined) {
    const windowStart = nowMs - on.restarts.window_s * 1000;
    const recent = record.restartTimesMs.filter((t) => t > windowStart);
    return recent.length > on.restarts.above ? recent[recent.length - 1] : undefined;
  }
  return undefined;
}

/** whether a firing alert is one a policy acts on (same alertname, every configured label equal). */
export function alertMatches(policy: PolicyConfig, alert: AlertmanagerAlert): boolean {
  const on = policy.on.alert;
  if (!on || alert.labels.alertname !== on.alertname) return false;
  for (const [k, v] of Object.entries(on.labels)) if (alert.labels[k] !== v) return false;
  // an alert about one agent is also subject to the match block.
  const { agent_id: ids, role: roles } = policy.match;
  if (ids && !ids.includes(alert.labels.agent_id ?? '')) return false;
  if (roles && !roles.includes(alert.labels.role ?? '')) return false;
  return true;
}
