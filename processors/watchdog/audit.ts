import type { Counter, Meter } from '@opentelemetry/api';
import { type Logger, SeverityNumber } from '@opentelemetry/api-logs';
import type { ActionAudit } from './types';

/** every action attempt: an OTLP log event, a count by action and result, and a bounded recent list. */
export class ActionAuditLog {
  private readonly recent: ActionAudit[] = [];
  private readonly actions: Counter;
  private readonly alerts: Counter;

  constructor(
    meter: Meter,
    private readonly logger: Logger,
    private readonly maxRecent: number,
  ) {
    this.actions = meter.createCounter('watchdog_actions', {
      description: 'watchdog action attempts by policy, action and result (success, retry, failure)',
    });
    this.alerts = meter.createCounter('watchdog_alerts_received', {
      description: 'alertmanager alerts received, by what the watchdog did with them',
    });
  }

  record(entry: ActionAudit): void {
    this.recent.push(entry);
    if (this.recent.length > this.maxRecent) this.recent.shift();
    this.actions.add(1, { policy: entry.policy, action: entry.action, result: entry.result });
    const failed = entry.result !== 'success';
    this.logger.emit({
      severityNumber: failed ? SeverityNumber.WARN : SeverityNumber.INFO,
      severityText: failed ? 'WARN' : 'INFO',
      body: `watchdog ${entry.policy}: ${entry.action} ${entry.target} attempt ${entry.attempt} ${entry.result}${
        entry.error ? `: ${entry.error}` : ''
      }`,
      attributes: {
        'event.name': 'watchdog.action',
        policy: entry.policy,
        incident: entry.incident,
        level: entry.level,
        action: entry.action,
        target: entry.target,
        attempt: entry.attempt,
        result: entry.result,
        duration_ms: entry.durationMs,
        ...(entry.error ? { error: entry.error } : {}),
      },
    });
  }

  /** counts alertmanager alerts: matched, duplicate, resolved, unmatched. */
  alert(outcome: string, count = 1): void {
    this.alerts.add(count, { outcome });
  }

  list(limit = this.maxRecent): ActionAudit[] {
    return this.recent.slice(-limit).reverse();
  }
}
