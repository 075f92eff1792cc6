import type { Attributes, Counter, Meter } from '@opentelemetry/api';
import { type Logger, SeverityNumber } from '@opentelemetry/api-logs';
import type { Fleet, FleetListener } from './fleet';
import {
  AGENT_STATES,
  type AgentRecord,
  ON_TRACK_STATUSES,
  type OnTrackStatus,
  type Transition,
} from './types';

/**
 * OTLP output of the receiver. Per-agent series are observed from the fleet at each export
 * (one state set per agent, so a state change never leaves a stale series behind); counters
 * that must survive a receiver restart (heartbeats, restarts) are observed from the persisted
 * record rather than counted in memory.
 */
export class HeartbeatExporter implements FleetListener {
  private readonly rejected: Counter;

  constructor(
    private readonly fleet: Fleet,
    meter: Meter,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    this.rejected = meter.createCounter('heartbeat_rejected', {
      description: 'heartbeat requests or items refused, by reason',
    });
    const up = meter.createObservableGauge('agent_up', { description: '1 when the agent is up or late' });
    const age = meter.createObservableGauge('agent_heartbeat_age_seconds', {
      description: 'seconds since the last heartbeat (since the receiver started watching if none)',
    });
    const state = meter.createObservableGauge('agent_state', { description: '1 for the current state' });
    const onTrack = meter.createObservableGauge('agent_on_track', {
      description: '1 for the reported status',
    });
    const received = meter.createObservableCounter('agent_heartbeats_received', {
      description: 'heartbeats accepted per agent',
    });
    const restarts = meter.createObservableCounter('agent_restarts', {
      description: 'restarts detected (instance id or start time changed)',
    });
    // observed for every state even with no agents: its absence means the receiver is not
    // reporting, so no AgentDown can fire (alert HeartbeatReceiverAbsent)
    const agents = meter.createObservableGauge('agent_otel.heartbeat.agents', {
      description: 'agents tracked, by state',
    });
    meter.addBatchObservableCallback(
      (result) => {
        const nowMs = this.now();
        const byState = new Map(AGENT_STATES.map((s) => [s, 0]));
        for (const record of this.fleet.agents.values()) {
          byState.set(record.state, (byState.get(record.state) ?? 0) + 1);
          const labels: Attributes = { agent_id: record.agentId, role: record.role };
          result.observe(up, record.state === 'up' || record.state === 'late' ? 1 : 0, labels);
          const seen = record.lastSeenMs ?? record.watchFromMs;
          result.observe(age, Math.max(0, (nowMs - seen) / 1000), labels);
          for (const s of AGENT_STATES)
            result.observe(state, s === record.state ? 1 : 0, { ...labels, state: s });
          for (const s of ON_TRACK_STATUSES) {
            result.observe(onTrack, s === record.status ? 1 : 0, { ...labels, status: s });
          }
          result.observe(received, record.heartbeats, labels);
          result.observe(restarts, record.restarts, labels);
        }
        for (const [s, n] of byState) result.observe(agents, n, { state: s });
      },
      [up, age, state, onTrack, received, restarts, agents],
    );
  }

  reject(reason: string, count = 1): void {
    this.rejected.add(count, { reason });
  }

  transition(t: Transition, record: AgentRecord): void {
    const severity = t.to === 'down' ? SeverityNumber.WARN : SeverityNumber.INFO;
    this.logger.emit({
      severityNumber: severity,
      severityText: severity === SeverityNumber.WARN ? 'WARN' : 'INFO',
      body: `agent ${t.agentId}: ${t.from} -> ${t.to} (${t.reason})`,
      attributes: {
        'event.name': 'agent.state_change',
        agent_id: t.agentId,
        role: t.role,
        from: t.from,
        to: t.to,
        reason: t.reason,
        on_track_status: record.status,
        ...(record.taskId ? { task_id: record.taskId } : {}),
      },
    });
  }

  restart(record: AgentRecord): void {
    this.logger.emit({
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: `agent ${record.agentId}: restart detected (restart ${record.restarts})`,
      attributes: {
        'event.name': 'agent.restart',
        agent_id: record.agentId,
        role: record.role,
        instance_id: record.instanceId ?? '',
        restarts: record.restarts,
      },
    });
  }

  statusChange(record: AgentRecord, from: OnTrackStatus): void {
    this.logger.emit({
      severityNumber: record.status === 'on_track' ? SeverityNumber.INFO : SeverityNumber.WARN,
      severityText: record.status === 'on_track' ? 'INFO' : 'WARN',
      body: `agent ${record.agentId}: on-track status ${from} -> ${record.status}`,
      attributes: {
        'event.name': 'agent.status_change',
        agent_id: record.agentId,
        role: record.role,
        from,
        to: record.status,
        ...(record.taskId ? { task_id: record.taskId } : {}),
      },
    });
  }
}
