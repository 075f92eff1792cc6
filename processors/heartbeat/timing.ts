import type { TimingConfig } from './config';
import type { Timing } from './types';

/**
 * period and grace of one agent. Precedence, most specific first:
 * timing.agents[id], then timing.roles[role], then the agent's own interval_s (when
 * trust_sender_interval), then timing.period_s / grace_s / run_grace_s.
 */
export function resolveTiming(
  config: TimingConfig,
  agentId: string,
  role: string,
  intervalS: number | undefined,
): Timing {
  // own keys only: an agent named `constructor` must not find Object.prototype's.
  const byAgent = Object.hasOwn(config.agents, agentId) ? config.agents[agentId] : undefined;
  const byRole = Object.hasOwn(config.roles, role) ? config.roles[role] : undefined;
  const senderPeriod = config.trust_sender_interval ? intervalS : undefined;
  const periodS = byAgent?.period_s ?? byRole?.period_s ?? senderPeriod ?? config.period_s;
  const graceS = byAgent?.grace_s ?? byRole?.grace_s ?? config.grace_s;
  const runGraceS = byAgent?.run_grace_s ?? byRole?.run_grace_s ?? config.run_grace_s;
  // no run grace anywhere: a `start` opens no timer.
  const runGraceMs = runGraceS === undefined ? Number.POSITIVE_INFINITY : runGraceS * 1000;
  return { periodMs: periodS * 1000, graceMs: graceS * 1000, runGraceMs };
}
