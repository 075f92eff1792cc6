import type { AgentSnapshot, AgentState, OnTrackStatus } from './agent-snapshot';

/** one state change of an agent, as its record keeps the recent ones. */
export interface AgentTransitionView {
  readonly from: AgentState;
  readonly to: AgentState;
  readonly reason: string;
  readonly atMs: number;
}

/** one summary an agent gave of itself (seed 004), as its record keeps the recent ones. */
export interface AgentSummaryEntry {
  /** receive time of the first heartbeat that carried it. */
  readonly atMs: number;
  /** the on-track status the agent reported with it. */
  readonly status: OnTrackStatus;
  readonly currentActivity?: string;
  /** 0..1 */
  readonly confidence?: number;
  readonly driftReasons?: readonly string[];
  readonly recommendedAction?: string;
}

/**
 * what the public views of an agent read: the snapshot plus what `GET /v1/agents` and the console
 * print. The heartbeat receiver's record is a superset, so the console needs nothing of its internals.
 */
export interface AgentDetail extends AgentSnapshot {
  readonly name?: string;
  /** true when the agent is listed in the inventory (expected even if it never reports). */
  readonly expected: boolean;
  readonly taskId?: string;
  readonly phase?: string;
  readonly instanceId?: string;
  readonly startedAt?: string;
  readonly intervalS?: number;
  readonly attributes?: Record<string, string>;
  readonly lastSeenMs?: number;
  readonly heartbeats: number;
  readonly restarts: number;
  readonly runStartedMs?: number;
  /** oldest first. */
  readonly recentTransitions: readonly AgentTransitionView[];
  /** the last distinct summaries, oldest first. */
  readonly summaries?: readonly AgentSummaryEntry[];
}

/** one agent summary as the API answers it, snake_case like the wire format. */
export interface SummaryView {
  at: string;
  status: OnTrackStatus;
  current_activity?: string;
  confidence?: number;
  drift_reasons?: string[];
  recommended_action?: string;
}

/** one agent summary, snake_case like the wire format. */
export function summaryView(entry: AgentSummaryEntry): SummaryView {
  return {
    at: new Date(entry.atMs).toISOString(),
    status: entry.status,
    current_activity: entry.currentActivity,
    confidence: entry.confidence,
    drift_reasons: entry.driftReasons ? [...entry.driftReasons] : undefined,
    recommended_action: entry.recommendedAction,
  };
}

/** the public JSON shape of one agent (`GET /v1/agents`), snake_case like the wire format. */
export function agentView(record: AgentDetail, nowMs: number) {
  return {
    agent_id: record.agentId,
    role: record.role,
    name: record.name,
    expected: record.expected,
    state: record.state,
    state_since: new Date(record.stateSinceMs).toISOString(),
    status: record.status,
    task_id: record.taskId,
    phase: record.phase,
    instance_id: record.instanceId,
    started_at: record.startedAt,
    interval_s: record.intervalS,
    heartbeat_age_s: record.lastSeenMs === undefined ? null : Math.max(0, (nowMs - record.lastSeenMs) / 1000),
    last_seen: record.lastSeenMs === undefined ? null : new Date(record.lastSeenMs).toISOString(),
    heartbeats: record.heartbeats,
    restarts: record.restarts,
    run_open: record.runStartedMs !== undefined,
    attributes: record.attributes,
    /** the latest summary the agent gave of itself, null when it never sent one. */
    summary: record.summaries?.length ? summaryView(record.summaries[record.summaries.length - 1]) : null,
    recent_transitions: record.recentTransitions.map((t) => ({
      from: t.from,
      to: t.to,
      reason: t.reason,
      at: new Date(t.atMs).toISOString(),
    })),
  };
}

/** the fleet, filtered by state and role, with counts per state over the whole fleet. */
export function fleetView(
  agents: Iterable<AgentDetail>,
  nowMs: number,
  filter: { state?: string; role?: string },
) {
  const counts: Record<string, number> = { up: 0, late: 0, down: 0, new: 0, paused: 0 };
  const list = [];
  for (const record of agents) {
    counts[record.state]++;
    if (filter.state && record.state !== filter.state) continue;
    if (filter.role && record.role !== filter.role) continue;
    list.push(agentView(record, nowMs));
  }
  list.sort((a, b) => a.agent_id.localeCompare(b.agent_id));
  return { generated_at: new Date(nowMs).toISOString(), counts, agents: list };
}

/** an agent with its recent summaries, newest first (`GET /v1/agents/:id`, the console's agent page). */
export function agentDetailView(record: AgentDetail, nowMs: number) {
  return {
    ...agentView(record, nowMs),
    summaries: [...(record.summaries ?? [])].reverse().map(summaryView),
  };
}
