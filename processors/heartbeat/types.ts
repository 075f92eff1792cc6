import { HEARTBEAT_SIGNALS, type HeartbeatPayload, type HeartbeatSignal } from '../../protocol/heartbeat';
import type { AgentState, OnTrackStatus } from '../shared/agent-snapshot';
import type { AgentDetail, AgentSummaryEntry } from '../shared/agent-view';

// the wire format is declared once, in protocol/heartbeat.ts, for the SDK that sends it and this
// receiver. The states and statuses are shared with the receiver's consumers
// (processors/shared/agent-snapshot.ts).
export {
  AGENT_STATES,
  type AgentState,
  ON_TRACK_STATUSES,
  type OnTrackStatus,
} from '../shared/agent-snapshot';

/** run signals, as in the healthchecks.io model: a started run must succeed within its grace. */
export const RUN_SIGNALS = HEARTBEAT_SIGNALS;
export type RunSignal = HeartbeatSignal;

/** one heartbeat as sent on the wire (`POST /v1/heartbeats`). */
export type Heartbeat = HeartbeatPayload;
export type { HeartbeatSummary } from '../../protocol/heartbeat-summary';

/** period and grace of one agent, after role and agent overrides. */
export interface Timing {
  periodMs: number;
  graceMs: number;
  /** how long a `start` signal may stay without `success` before the agent is down; Infinity when not set. */
  runGraceMs: number;
}

/** a state change, as emitted to the exporter, the status page and the watchdog. */
export interface Transition {
  agentId: string;
  role: string;
  from: AgentState;
  to: AgentState;
  reason: string;
  atMs: number;
}

/** one summary an agent gave of itself, as the receiver keeps it. */
export type SummaryEntry = { -readonly [K in keyof AgentSummaryEntry]: AgentSummaryEntry[K] };

/** what the receiver knows about one agent; persisted in the checkpoint as is. */
export interface AgentRecord extends AgentDetail {
  agentId: string;
  role: string;
  name?: string;
  /** true when the agent is listed in the inventory (expected even if it never reports). */
  expected: boolean;
  state: AgentState;
  stateSinceMs: number;
  status: OnTrackStatus;
  statusSinceMs: number;
  taskId?: string;
  phase?: string;
  instanceId?: string;
  startedAt?: string;
  intervalS?: number;
  attributes?: Record<string, string>;
  /** receive time of the last heartbeat (the sender's clock is not trusted for liveness). */
  lastSeenMs?: number;
  /** the sender's own timestamp of the last heartbeat, for display. */
  lastSentAt?: string;
  /** liveness is measured from max(lastSeenMs, watchFromMs): set at first sight and on restore. */
  watchFromMs: number;
  heartbeats: number;
  restarts: number;
  /** receive times of recent restarts, newest last, for "restarts in a window" policies. */
  restartTimesMs: number[];
  /** receive time of an open `start` signal. */
  runStartedMs?: number;
  /** set by a `fail` signal until the next `start` or `success`. */
  runFailed?: boolean;
  recentTransitions: Transition[];
  /** the agent's last `receiver.recent_summaries` distinct summaries, newest last. */
  summaries?: SummaryEntry[];
}
