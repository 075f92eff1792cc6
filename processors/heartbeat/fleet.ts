import type { InventoryConfig, TimingConfig } from './config';
import { decideState } from './state-machine';
import { resolveTiming } from './timing';
import type {
  AgentRecord,
  Heartbeat,
  HeartbeatSummary,
  OnTrackStatus,
  SummaryEntry,
  Timing,
  Transition,
} from './types';

const MAX_RESTART_TIMES = 100;
export const UNKNOWN_ROLE = 'unknown';

/** what the fleet tells its listeners (the exporter, and whatever the service wires in). */
export interface FleetListener {
  transition?(transition: Transition, record: AgentRecord): void;
  restart?(record: AgentRecord, atMs: number): void;
  statusChange?(record: AgentRecord, from: OnTrackStatus, atMs: number): void;
}

export interface FleetOptions {
  timing: TimingConfig;
  inventory: InventoryConfig;
  maxAgents: number;
  recentTransitions: number;
  /** distinct summaries kept per agent (receiver.recent_summaries); 0 keeps none. */
  recentSummaries: number;
}

function sameSummary(a: SummaryEntry, b: SummaryEntry): boolean {
  return (
    a.status === b.status &&
    a.currentActivity === b.currentActivity &&
    a.confidence === b.confidence &&
    a.recommendedAction === b.recommendedAction &&
    (a.driftReasons ?? []).join('\u0000') === (b.driftReasons ?? []).join('\u0000') &&
    (a.driftReasons === undefined) === (b.driftReasons === undefined)
  );
}

/** the inventory of agents and their states; all time comes in as `nowMs`, never read here. */
export class Fleet {
  readonly agents = new Map<string, AgentRecord>();
  private readonly timings = new Map<string, Timing>();
  private readonly listeners: FleetListener[] = [];

  constructor(
    private readonly options: FleetOptions,
    nowMs: number,
  ) {
    for (const entry of options.inventory) {
      this.agents.set(
        entry.agent_id,
        this.newRecord(entry.agent_id, entry.role ?? UNKNOWN_ROLE, true, nowMs),
      );
      if (entry.name) this.agents.get(entry.agent_id)!.name = entry.name;
    }
  }

  listen(listener: FleetListener): void {
    this.listeners.push(listener);
  }

  private newRecord(agentId: string, role: string, expected: boolean, nowMs: number): AgentRecord {
    return {
      agentId,
      role,
      expected,
      state: 'new',
      stateSinceMs: nowMs,
      status: 'unknown',
      statusSinceMs: nowMs,
      watchFromMs: nowMs,
      heartbeats: 0,
      restarts: 0,
      restartTimesMs: [],
      recentTransitions: [],
    };
  }

  timing(record: AgentRecord): Timing {
    let timing = this.timings.get(record.agentId);
    if (!timing) {
      timing = resolveTiming(this.options.timing, record.agentId, record.role, record.intervalS);
      this.timings.set(record.agentId, timing);
    }
    return timing;
  }

  /** applies one valid heartbeat; returns an error string when the agent cap refuses it. */
  receive(hb: Heartbeat, nowMs: number): string | undefined {
    let record = this.agents.get(hb.agent_id);
    if (!record) {
      if (this.agents.size >= this.options.maxAgents) {
        return `agent cap reached: receiver.max_agents=${this.options.maxAgents}, agent '${hb.agent_id}' is not tracked`;
      }
      record = this.newRecord(hb.agent_id, hb.role ?? UNKNOWN_ROLE, false, nowMs);
      this.agents.set(hb.agent_id, record);
    }
    const restarted =
      record.heartbeats > 0 &&
      ((hb.instance_id !== undefined &&
        record.instanceId !== undefined &&
        hb.instance_id !== record.instanceId) ||
        (hb.started_at !== undefined &&
          record.startedAt !== undefined &&
          hb.started_at !== record.startedAt &&
          Date.parse(hb.started_at) !== Date.parse(record.startedAt)));
    // the timing is cached per agent and only depends on its role and interval.
    if (
      (hb.role !== undefined && hb.role !== record.role) ||
      (hb.interval_s !== undefined && hb.interval_s !== record.intervalS)
    ) {
      this.timings.delete(record.agentId);
    }
    if (hb.role !== undefined && hb.role !== record.role) record.role = hb.role;
    if (hb.name !== undefined) record.name = hb.name;
    if (hb.instance_id !== undefined) record.instanceId = hb.instance_id;
    if (hb.started_at !== undefined) record.startedAt = hb.started_at;
    if (hb.task_id !== undefined) record.taskId = hb.task_id;
    if (hb.phase !== undefined) record.phase = hb.phase;
    if (hb.attributes !== undefined) record.attributes = hb.attributes;
    record.intervalS = hb.interval_s ?? record.intervalS;
    record.lastSentAt = hb.timestamp;
    record.lastSeenMs = nowMs;
    record.heartbeats++;

    if (restarted) {
      record.restarts++;
      record.restartTimesMs.push(nowMs);
      if (record.restartTimesMs.length > MAX_RESTART_TIMES) record.restartTimesMs.shift();
      // a new process has no open run of the old one.
      record.runStartedMs = undefined;
      record.runFailed = false;
      for (const l of this.listeners) l.restart?.(record, nowMs);
    }
    if (hb.signal === 'start') {
      record.runStartedMs = nowMs;
      record.runFailed = false;
    } else if (hb.signal === 'success') {
      record.runStartedMs = undefined;
      record.runFailed = false;
    } else if (hb.signal === 'fail') {
      record.runStartedMs = undefined;
      record.runFailed = true;
    }
    if (hb.status !== undefined && hb.status !== record.status) {
      const from = record.status;
      record.status = hb.status;
      record.statusSinceMs = nowMs;
      for (const l of this.listeners) l.statusChange?.(record, from, nowMs);
    }
    if (hb.summary !== undefined) this.keepSummary(record, hb.summary, nowMs);
    // a heartbeat ends a pause, as a ping does in the healthchecks.io model: in one transition to
    // whatever the agent is now, so a failed run shows paused>down and never a passing up.
    const wasPaused = record.state === 'paused';
    const first = record.heartbeats === 1;
    const decision = decideState(wasPaused ? { ...record, state: 'up' } : record, this.timing(record), nowMs);
    const reason =
      decision.state !== 'up'
        ? decision.reason
        : wasPaused
          ? 'heartbeat_after_pause'
          : restarted
            ? 'restart'
            : first
              ? 'first_heartbeat'
              : 'heartbeat';
    this.move(record, decision.state, reason, nowMs);
    return undefined;
  }

  /**
   * keeps a summary when it differs from the agent's latest one: the SDK repeats the current
   * summary in every beat, so the history holds changes, not beats.
   */
  private keepSummary(record: AgentRecord, summary: HeartbeatSummary, nowMs: number): void {
    const limit = this.options.recentSummaries;
    if (limit <= 0) return;
    const entry: SummaryEntry = { atMs: nowMs, status: record.status };
    if (summary.current_activity !== undefined) entry.currentActivity = summary.current_activity;
    if (summary.confidence !== undefined) entry.confidence = summary.confidence;
    if (summary.drift_reasons !== undefined) entry.driftReasons = summary.drift_reasons;
    if (summary.recommended_action !== undefined) entry.recommendedAction = summary.recommended_action;
    record.summaries ??= [];
    const list = record.summaries;
    const last = list.at(-1);
    if (last && sameSummary(last, entry)) return;
    list.push(entry);
    if (list.length > limit) list.splice(0, list.length - limit);
  }

  /** re-evaluates every agent; called by the receiver's timer. */
  tick(nowMs: number): void {
    for (const record of this.agents.values()) {
      if (record.state === 'paused') continue;
      const decision = decideState(record, this.timing(record), nowMs);
      this.move(record, decision.state, decision.reason, nowMs);
    }
  }

  pause(agentId: string, nowMs: number): AgentRecord | undefined {
    const record = this.agents.get(agentId);
    if (record) this.move(record, 'paused', 'paused_by_operator', nowMs);
    return record;
  }

  resume(agentId: string, nowMs: number): AgentRecord | undefined {
    const record = this.agents.get(agentId);
    if (record?.state !== 'paused') return record;
    // measure from the resume, or a long pause would turn straight into down.
    record.watchFromMs = nowMs;
    const decision = decideState({ ...record, state: 'up' }, this.timing(record), nowMs);
    this.move(record, decision.state, 'resumed_by_operator', nowMs);
    return record;
  }

  /** restores persisted records; liveness restarts counting now, so the fleet does not flap. */
  restore(records: AgentRecord[], nowMs: number): number {
    let restored = 0;
    for (const saved of records) {
      const current = this.agents.get(saved.agentId);
      if (!current && this.agents.size >= this.options.maxAgents) continue;
      const expected = current?.expected ?? false;
      // an agent dropped from the inventory and never heard from is not worth keeping.
      if (!expected && saved.lastSeenMs === undefined) continue;
      const record: AgentRecord = { ...saved, expected, watchFromMs: nowMs };
      if (current) {
        record.role =
          current.role !== UNKNOWN_ROLE && saved.role === UNKNOWN_ROLE ? current.role : saved.role;
      }
      if (record.recentTransitions.length > this.options.recentTransitions) {
        record.recentTransitions = record.recentTransitions.slice(-this.options.recentTransitions);
      }
      // checkpoints before summaries existed have none; a smaller limit keeps the newest.
      const keep = this.options.recentSummaries;
      record.summaries = Array.isArray(saved.summaries) && keep > 0 ? saved.summaries.slice(-keep) : [];
      this.agents.set(saved.agentId, record);
      this.timings.delete(saved.agentId);
      restored++;
    }
    return restored;
  }

  private move(record: AgentRecord, to: AgentRecord['state'], reason: string, nowMs: number): void {
    if (record.state === to) return;
    const transition: Transition = {
      agentId: record.agentId,
      role: record.role,
      from: record.state,
      to,
      reason,
      atMs: nowMs,
    };
    record.state = to;
    record.stateSinceMs = nowMs;
    if (this.options.recentTransitions > 0) {
      record.recentTransitions.push(transition);
      if (record.recentTransitions.length > this.options.recentTransitions) record.recentTransitions.shift();
    }
    for (const l of this.listeners) l.transition?.(transition, record);
  }
}
