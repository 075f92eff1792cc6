import { randomUUID } from 'node:crypto';
import type { AgentSnapshot } from '../shared/agent-snapshot';
import type { ServiceLogger } from '../shared/logger';
import { actionTarget, backoffMs, runAction } from './actions';
import type { ActionAuditLog } from './audit';
import type { ActionConfig, PolicyConfig, WatchdogConfig } from './config';
import { agentConditionSince, agentMatches, alertMatches } from './policies';
import type { AlertmanagerAlert, Incident, IncidentSubject, TriggerKind } from './types';

// closed incidents are kept this long so a late duplicate (a re-sent alert) still finds its key.
const CLOSED_RETENTION_MS = 24 * 3600_000;
const SHUTDOWN_WAIT_MS = 5_000;

/** an incident opened by an agent policy, tracked per policy and agent until its condition ends. */
function isAgentTrigger(incident: Incident): incident is Incident & { subject: { agentId: string } } {
  const kind = incident.subject.kind;
  return (
    incident.subject.agentId !== undefined && (kind === 'state' || kind === 'status' || kind === 'restarts')
  );
}

function triggerKind(policy: PolicyConfig): TriggerKind {
  const on = policy.on;
  return on.state ? 'state' : on.status ? 'status' : on.restarts ? 'restarts' : 'alert';
}

/**
 * runs policies: opens an incident once per condition episode (its key is the idempotency key),
 * runs the policy's actions with retries, then each escalation step while the condition holds.
 */
export class Watchdog {
  readonly incidents = new Map<string, Incident>();
  /** open agent incident per `policy|agent`, so one episode never opens twice. */
  private readonly openByAgent = new Map<string, string>();
  private readonly policies: Map<string, PolicyConfig>;
  private readonly inFlight = new Set<Promise<void>>();
  /** actions fired in this turn of the event loop, started once the incidents are saved. */
  private readonly toStart: (() => void)[] = [];
  private stopped = false;
  private lastPruneMs = 0;

  constructor(
    private readonly config: WatchdogConfig,
    private readonly audit: ActionAuditLog,
    private readonly log: ServiceLogger,
    private readonly now: () => number,
    /**
     * saves the incidents durably; called before actions run, so that after a crash the restored
     * incident shows them as run (at most once) instead of running them again.
     */
    private readonly persist: () => void = () => {},
  ) {
    this.policies = new Map(config.policies.map((p) => [p.name, p]));
  }

  listPolicies(): PolicyConfig[] {
    return this.config.policies;
  }

  restore(saved: unknown[]): void {
    const nowMs = this.now();
    for (const item of saved) {
      const incident = item as Incident;
      if (typeof incident?.key !== 'string' || !this.policies.has(incident.policy)) continue;
      this.incidents.set(incident.key, incident);
      if (!incident.active || !isAgentTrigger(incident)) continue;
      const pair = `${incident.policy}|${incident.subject.agentId}`;
      const tracked = this.incidents.get(this.openByAgent.get(pair) ?? '');
      // older versions could leave two active incidents of one episode; keep the newer one.
      if (tracked && tracked.openedAtMs > incident.openedAtMs) {
        this.close(incident.key, nowMs);
        continue;
      }
      if (tracked) this.close(tracked.key, nowMs);
      this.openByAgent.set(pair, incident.key);
    }
  }

  /** evaluates agent policies and escalation timers; called by the receiver's tick. */
  tick(agents: Iterable<AgentSnapshot>, nowMs: number): void {
    const agentPolicies = this.config.policies.filter((p) => !p.on.alert);
    // with no agent policy and no open agent incident there is nothing to do per agent (a
    // fleet of 10k agents ticks four times a second); incidents are few (watchdog.max_incidents).
    const present = new Set<string>();
    const needAgents =
      agentPolicies.length > 0 || [...this.incidents.values()].some((i) => i.active && isAgentTrigger(i));
    if (needAgents) {
      for (const record of agents) {
        present.add(record.agentId);
        for (const policy of agentPolicies) this.evaluateAgent(policy, record, nowMs);
      }
    }
    for (const incident of this.incidents.values()) {
      if (!incident.active) continue;
      // an agent that is gone (removed, or not restored) can never end its condition.
      if (isAgentTrigger(incident) && !present.has(incident.subject.agentId)) {
        this.log.info(`watchdog: incident ${incident.key} closed, agent ${incident.subject.agentId} is gone`);
        this.close(incident.key, nowMs);
        continue;
      }
      const policy = this.policies.get(incident.policy)!;
      const step = policy.escalation[incident.levelsFired - 1];
      if (step && nowMs >= incident.openedAtMs + step.after_s * 1000) {
        this.fire(incident, policy, step.actions, incident.levelsFired, nowMs);
      }
    }
    this.prune(nowMs);
  }

  private evaluateAgent(policy: PolicyConfig, record: AgentSnapshot, nowMs: number): void {
    const pair = `${policy.name}|${record.agentId}`;
    const openKey = this.openByAgent.get(pair);
    // an agent that stopped matching (its role changed) ends its incident like a recovery.
    const since = agentMatches(policy, record) ? agentConditionSince(policy, record, nowMs) : undefined;
    if (since === undefined) {
      if (openKey) this.close(openKey, nowMs);
      return;
    }
    if (openKey) return;
    const key = `${pair}|${since}`;
    if (this.incidents.has(key)) return;
    const subject: IncidentSubject = {
      kind: triggerKind(policy),
      agentId: record.agentId,
      role: record.role,
      reason: `${record.state}/${record.status}`,
    };
    this.openByAgent.set(pair, key);
    this.open(key, policy, subject, nowMs);
  }

  /** handles the alerts of one alertmanager notification; returns how many opened incidents. */
  receiveAlerts(alerts: AlertmanagerAlert[]): number {
    const nowMs = this.now();
    let opened = 0;
    for (const alert of alerts) {
      const policies = this.config.policies.filter((p) => alertMatches(p, alert));
      if (policies.length === 0) {
        this.audit.alert('unmatched');
        continue;
      }
      for (const policy of policies) {
        // the fingerprint and start identify one firing of one alert across re-notifications.
        const key = `${policy.name}|alert|${alert.fingerprint}|${alert.startsAt}`;
        if (alert.status === 'resolved') {
          this.audit.alert('resolved');
          this.close(key, nowMs);
        } else if (this.incidents.has(key)) {
          this.audit.alert('duplicate');
        } else {
          this.audit.alert('matched');
          const subject: IncidentSubject = {
            kind: 'alert',
            agentId: alert.labels.agent_id,
            role: alert.labels.role,
            alert,
          };
          this.open(key, policy, subject, nowMs);
          opened++;
        }
      }
    }
    return opened;
  }

  /** an operator's request: runs a policy's first actions once per idempotency key. */
  manual(
    policyName: string,
    agent: AgentSnapshot | undefined,
    reason: string | undefined,
    idempotencyKey: string | undefined,
  ): { key: string; duplicate: boolean } | string {
    const policy = this.policies.get(policyName);
    if (!policy) return `no policy named '${policyName}'`;
    const key = `${policy.name}|manual|${idempotencyKey ?? randomUUID()}`;
    if (this.incidents.has(key)) return { key, duplicate: true };
    const subject: IncidentSubject = { kind: 'manual', agentId: agent?.agentId, role: agent?.role, reason };
    const incident = this.open(key, policy, subject, this.now());
    // a manual action has no condition to hold, so it never escalates.
    this.close(incident.key, this.now());
    return { key, duplicate: false };
  }

  private open(key: string, policy: PolicyConfig, subject: IncidentSubject, nowMs: number): Incident {
    const incident: Incident = {
      key,
      policy: policy.name,
      subject,
      openedAtMs: nowMs,
      levelsFired: 0,
      active: true,
    };
    this.incidents.set(key, incident);
    this.log.info(`watchdog: incident ${key} opened`, { policy: policy.name, agent_id: subject.agentId });
    this.fire(incident, policy, policy.actions, 0, nowMs);
    return incident;
  }

  private close(key: string, nowMs: number): void {
    const incident = this.incidents.get(key);
    if (!incident?.active) return;
    incident.active = false;
    incident.closedAtMs = nowMs;
    const pair = `${incident.policy}|${incident.subject.agentId}`;
    // only the tracked incident ends the tracking: a manual or alert incident of the same agent must not.
    if (this.openByAgent.get(pair) === key) this.openByAgent.delete(pair);
  }

  private fire(
    incident: Incident,
    policy: PolicyConfig,
    actions: ActionConfig[],
    level: number,
    nowMs: number,
  ): void {
    incident.levelsFired = level + 1;
    const event = {
      policy: policy.name,
      incident: incident.key,
      level,
      trigger: incident.subject.kind,
      agent_id: incident.subject.agentId,
      role: incident.subject.role,
      reason: incident.subject.reason,
      alert: incident.subject.alert,
      opened_at: new Date(incident.openedAtMs).toISOString(),
      at: new Date(nowMs).toISOString(),
    };
    actions.forEach((action, index) => {
      this.toStart.push(() => {
        const run = this.runWithRetries(
          policy,
          incident,
          action,
          level,
          `${incident.key}#${level}#${index}`,
          event,
        );
        this.inFlight.add(run);
        void run.finally(() => this.inFlight.delete(run));
      });
    });
    // one save for everything fired in this turn (a notification may carry many alerts).
    if (this.toStart.length === actions.length) queueMicrotask(() => this.startFired());
  }

  /** saves the incidents, then starts their actions: a crash in between loses no run and repeats none. */
  private startFired(): void {
    const starts = this.toStart.splice(0);
    this.persist();
    for (const start of starts) start();
  }

  private async runWithRetries(
    policy: PolicyConfig,
    incident: Incident,
    action: ActionConfig,
    level: number,
    idempotencyKey: string,
    event: Record<string, unknown>,
  ): Promise<void> {
    const { max_attempts: maxAttempts, initial_backoff_ms: initial, max_backoff_ms: max } = policy.retries;
    for (let attempt = 1; attempt <= maxAttempts && !this.stopped; attempt++) {
      const started = Date.now();
      // an action must never take the receiver down, whatever it throws.
      const outcome = await runAction(action, { ...event, attempt }, idempotencyKey).catch((err: Error) => ({
        ok: false,
        error: err.message,
      }));
      const last = outcome.ok || attempt === maxAttempts;
      this.audit.record({
        at: new Date().toISOString(),
        policy: policy.name,
        incident: incident.key,
        level,
        action: action.type,
        target: actionTarget(action),
        attempt,
        result: outcome.ok ? 'success' : last ? 'failure' : 'retry',
        durationMs: Date.now() - started,
        error: outcome.error,
      });
      if (outcome.ok) return;
      if (last) {
        this.log.warn(
          `watchdog: ${policy.name} ${action.type} failed after ${attempt} attempts: ${outcome.error}`,
        );
        return;
      }
      await new Promise<void>((r) => setTimeout(r, backoffMs(attempt, initial, max)).unref());
    }
  }

  private prune(nowMs: number): void {
    if (this.incidents.size <= this.config.max_incidents) {
      if (nowMs - this.lastPruneMs < 60_000) return;
      this.lastPruneMs = nowMs;
      for (const [key, i] of this.incidents) {
        if (!i.active && nowMs - (i.closedAtMs ?? nowMs) > CLOSED_RETENTION_MS) this.incidents.delete(key);
      }
      return;
    }
    // over the cap: drop the oldest closed incidents first (map order is insertion order).
    for (const [key, i] of this.incidents) {
      if (this.incidents.size <= this.config.max_incidents) break;
      if (!i.active) this.incidents.delete(key);
    }
    // still over: the oldest active alert incidents go too (a resolve that never came). agent
    // incidents stay: at most one per policy and present agent, and dropping one would re-open it.
    let dropped = 0;
    for (const [key, i] of this.incidents) {
      if (this.incidents.size <= this.config.max_incidents) break;
      if (isAgentTrigger(i)) continue;
      this.incidents.delete(key);
      dropped++;
    }
    if (dropped > 0) {
      this.log.warn(
        `watchdog: dropped ${dropped} active incidents over watchdog.max_incidents=${this.config.max_incidents}`,
      );
    }
  }

  /** stops retries and waits for running actions (bounded by their timeouts). */
  async shutdown(): Promise<void> {
    this.stopped = true;
    // a retry may be sleeping in its backoff; do not hold the shutdown for it.
    const limit = new Promise((r) => setTimeout(r, SHUTDOWN_WAIT_MS).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), limit]);
  }
}
