/** one alert of an Alertmanager webhook notification (payload version 4). */
export interface AlertmanagerAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  fingerprint: string;
  generatorURL?: string;
}

export type TriggerKind = 'state' | 'status' | 'restarts' | 'alert' | 'manual';

/** what an incident is about: an agent, an alert, or an operator's request. */
export interface IncidentSubject {
  kind: TriggerKind;
  agentId?: string;
  role?: string;
  alert?: AlertmanagerAlert;
  reason?: string;
}

/**
 * one occurrence of a policy's condition. Its key makes actions idempotent: the same alert or
 * the same state episode maps to the same key and never runs the actions twice.
 */
export interface Incident {
  key: string;
  policy: string;
  subject: IncidentSubject;
  openedAtMs: number;
  /** escalation levels started: 1 after the policy's own actions, +1 per escalation step. */
  levelsFired: number;
  active: boolean;
  closedAtMs?: number;
}

export type ActionResult = 'success' | 'retry' | 'failure';

/** the audit record of one action attempt, kept in the recent-actions list. */
export interface ActionAudit {
  at: string;
  policy: string;
  incident: string;
  level: number;
  action: 'webhook' | 'command';
  target: string;
  attempt: number;
  result: ActionResult;
  durationMs: number;
  error?: string;
}
