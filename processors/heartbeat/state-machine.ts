import type { AgentRecord, AgentState, Timing } from './types';

export interface StateDecision {
  state: AgentState;
  reason: string;
}

/**
 * the liveness state an agent should be in at `nowMs`; pure, so it is tested with a fake clock.
 * Paused agents stay paused until resumed or until they send a heartbeat.
 */
export function decideState(record: AgentRecord, timing: Timing, nowMs: number): StateDecision {
  if (record.state === 'paused') return { state: 'paused', reason: 'paused' };
  if (record.runFailed) return { state: 'down', reason: 'run_failed' };
  // an open run is timed from the later of its start and the start of watching too: a receiver
  // restart (or a resume) gives it a fresh run grace instead of turning it down at once.
  if (
    record.runStartedMs !== undefined &&
    nowMs - Math.max(record.runStartedMs, record.watchFromMs) > timing.runGraceMs
  ) {
    return { state: 'down', reason: 'run_timeout' };
  }
  // liveness counts from the later of the last heartbeat and the start of watching, so that a
  // receiver restart gives every agent a fresh period instead of flapping the fleet to down.
  const base = Math.max(record.lastSeenMs ?? record.watchFromMs, record.watchFromMs);
  const age = nowMs - base;
  if (record.lastSeenMs === undefined) {
    if (record.state === 'down') return { state: 'down', reason: 'never_reported' };
    return age > timing.periodMs + timing.graceMs
      ? { state: 'down', reason: 'never_reported' }
      : { state: 'new', reason: 'expected' };
  }
  // only a heartbeat newer than the change brings a late or down agent back, so a restored
  // checkpoint does not turn agents up that nobody has heard from.
  const stale =
    record.lastSeenMs < record.stateSinceMs && (record.state === 'late' || record.state === 'down');
  if (age <= timing.periodMs)
    return stale ? { state: record.state, reason: 'no_heartbeat' } : { state: 'up', reason: 'heartbeat' };
  if (record.state === 'down' && stale) return { state: 'down', reason: 'no_heartbeat' };
  if (age <= timing.periodMs + timing.graceMs) return { state: 'late', reason: 'missed_heartbeat' };
  return { state: 'down', reason: 'no_heartbeat' };
}
