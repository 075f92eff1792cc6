import type { Counter, Meter } from '@opentelemetry/api';
import { type Logger, SeverityNumber } from '@opentelemetry/api-logs';
import type { FleetListener } from './fleet';
import type { AgentRecord, OnTrackStatus, Transition } from './types';

/**
 * OTLP output of the receiver: rejections and one event per state change, restart and status
 * change. The per-agent series are produced from the fleet at each export (fleet-metrics.ts).
 */
export class HeartbeatExporter implements FleetListener {
  private readonly rejected: Counter;

  constructor(
    meter: Meter,
    private readonly logger: Logger,
  ) {
    this.rejected = meter.createCounter('heartbeat_rejected', {
      description: 'heartbeat requests or items refused, by reason',
    });
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
