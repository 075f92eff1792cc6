import type { AgentRecord, AgentState, Timing } from './types';

export interface StateDecision {
  readonly state: AgentState;
  readonly reason: string;
}

// every decision is one of these: shared and frozen, because each heartbeat and each tick over
// the whole fleet decides once per agent, and a fresh object each time is only work for the GC.
const decision = (state: AgentState, reason: string): StateDecision => Object.freeze({ state, reason });
const PAUSED = decision('paused', 'paused');
const RUN_FAILED = decision('down', 'run_failed');
const RUN_TIMEOUT = decision('down', 'run_timeout');
const NEVER_REPORTED = decision('down', 'never_reported');
const EXPECTED = decision('new', 'expected');
const UP = decision('up', 'heartbeat');
const MISSED = decision('late', 'missed_heartbeat');
const DOWN = decision('down', 'no_heartbeat');
const STILL_LATE = decision('late', 'no_heartbeat');

/**
 * the liveness state an agent should be in at `nowMs`; pure, so it is tested with a fake clock.
 * Paused agents stay paused until resumed or until they send a heartbeat.
 */
export function decideState(record: AgentRecord, timing: Timing, nowMs: number): StateDecision {
  if (record.state === 'paused') return PAUSED;
  if (record.runFailed) return RUN_FAILED;
  // an open run is timed from the later of its start and the start of watching too: a receiver
  // restart (or a resume) gives it a fresh run grace instead of turning it down at once.
  if (
    record.runStartedMs !== undefined &&
    nowMs - Math.max(record.runStartedMs, record.watchFromMs) > timing.runGraceMs
  ) {
    return RUN_TIMEOUT;
  }
  // liveness counts from the later of the last heartbeat and the start of watching, so that a
  // receiver restart gives every agent a fresh period instead of flapping the fleet to down.
  const base = Math.max(record.lastSeenMs ?? record.watchFromMs, record.watchFromMs);
  const age = nowMs - base;
  if (record.lastSeenMs === undefined) {
    if (record.state === 'down') return NEVER_REPORTED;
    return age > timing.periodMs + timing.graceMs ? NEVER_REPORTED : EXPECTED;
  }
  // only a heartbeat newer than the change brings a late or down agent back, so a restored
  // checkpoint does not turn agents up that nobody has heard from.
  const stale =
    record.lastSeenMs < record.stateSinceMs && (record.state === 'late' || record.state === 'down');
  if (age <= timing.periodMs) return stale ? (record.state === 'late' ? STILL_LATE : DOWN) : UP;
  if (record.state === 'down' && stale) return DOWN;
  if (age <= timing.periodMs + timing.graceMs) return MISSED;
  return DOWN;
}
