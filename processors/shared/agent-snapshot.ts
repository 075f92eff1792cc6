import { HEARTBEAT_STATUSES, type HeartbeatStatus } from '../../protocol/heartbeat';

// the contract between the liveness tracker (processors/heartbeat) and what acts on or shows its
// agents (processors/watchdog, the console): declared here so neither imports the other.

/** the on-track status an agent reports about itself (seed 004), as on the wire (protocol/heartbeat.ts). */
export const ON_TRACK_STATUSES = HEARTBEAT_STATUSES;
export type OnTrackStatus = HeartbeatStatus;

/** liveness states of an agent, as the heartbeat receiver keeps them. */
export const AGENT_STATES = ['new', 'up', 'late', 'down', 'paused'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** what a consumer may read about one agent; the heartbeat receiver's record is a superset. */
export interface AgentSnapshot {
  readonly agentId: string;
  readonly role: string;
  readonly state: AgentState;
  readonly stateSinceMs: number;
  readonly status: OnTrackStatus;
  readonly statusSinceMs: number;
  /** receive times of recent restarts, newest last. */
  readonly restartTimesMs: readonly number[];
}

/** the agents a consumer can look up and walk; a `Map` of records satisfies it. */
export interface AgentLookup {
  get(agentId: string): AgentSnapshot | undefined;
  values(): Iterable<AgentSnapshot>;
}
