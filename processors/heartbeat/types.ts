import type {
  HeartbeatPayload,
  HeartbeatSignal,
  HeartbeatStatus,
  HeartbeatSummary,
} from '../../instrumentation/types';

// the wire format is defined once, by the SDK that sends it; the receiver adds the value lists
// it validates against, checked against those types.

/** the on-track status an agent reports about itself (seed 004). */
export const ON_TRACK_STATUSES = [
  'on_track',
  'drifting',
  'off_track',
  'blocked',
  'unknown',
] as const satisfies readonly HeartbeatStatus[];
export type OnTrackStatus = HeartbeatStatus;

/** liveness states of an agent, as kept by the receiver. */
export const AGENT_STATES = ['new', 'up', 'late', 'down', 'paused'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** run signals, as in the healthchecks.io model: a started run must succeed within its grace. */
export const RUN_SIGNALS = ['start', 'success', 'fail'] as const satisfies readonly HeartbeatSignal[];
export type RunSignal = HeartbeatSignal;

/** one heartbeat as sent on the wire (`POST /v1/heartbeats`). */
export type Heartbeat = HeartbeatPayload;
export type { HeartbeatSummary };

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

/** one summary an agent gave of itself (seed 004), as kept in its recent summaries. */
export interface SummaryEntry {
  /** receive time of the first heartbeat that carried it. */
  atMs: number;
  /** the on-track status the agent reported with it. */
  status: OnTrackStatus;
  currentActivity?: string;
  /** 0..1 */
  confidence?: number;
  driftReasons?: string[];
  recommendedAction?: string;
}

/** what the receiver knows about one agent; persisted in the checkpoint as is. */
export interface AgentRecord {
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

/** the logger a service is given; the CLI passes the service shell's stderr logger. */
export interface ServiceLogger {
  info(message: string, meta?: object): void;
  warn(message: string, meta?: object): void;
  error(message: string, meta?: object): void;
}
