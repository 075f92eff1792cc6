import { z } from 'zod';
import { AGENT_STATES, ON_TRACK_STATUSES } from '../shared/agent-snapshot';

// defaults, each documented in processors/watchdog/README.md.
export const DEFAULT_ACTION_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_INITIAL_BACKOFF_MS = 1_000;
export const DEFAULT_MAX_BACKOFF_MS = 30_000;
export const DEFAULT_RECENT_ACTIONS = 200;
export const DEFAULT_MAX_INCIDENTS = 10_000;

const nonEmpty = z.string().min(1);

const webhookAction = z.strictObject({
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }),
  /** extra request headers, e.g. an authorization header of the target. */
  headers: z.record(z.string(), z.string()).default({}),
  /** extra fields merged into the JSON body. */
  body: z.record(z.string(), z.unknown()).default({}),
  timeout_ms: z.number().int().positive().default(DEFAULT_ACTION_TIMEOUT_MS),
});

const commandAction = z.strictObject({
  type: z.literal('command'),
  /** argv, run without a shell; the event is passed as JSON on stdin and in AGENT_OTEL_WATCHDOG_EVENT. */
  command: z.array(nonEmpty).min(1),
  timeout_ms: z.number().int().positive().default(DEFAULT_ACTION_TIMEOUT_MS),
});

export const actionSchema = z.discriminatedUnion('type', [webhookAction, commandAction]);

const retriesSchema = z.strictObject({
  max_attempts: z.number().int().min(1).max(20).default(DEFAULT_MAX_ATTEMPTS),
  initial_backoff_ms: z.number().int().min(0).default(DEFAULT_INITIAL_BACKOFF_MS),
  max_backoff_ms: z.number().int().min(0).default(DEFAULT_MAX_BACKOFF_MS),
});

const stringOrList = z
  .union([nonEmpty, z.array(nonEmpty).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** what a policy reacts to: exactly one of state, status, restarts or alert. */
const triggerSchema = z
  .strictObject({
    /** the agent has been in this state for at least for_s. */
    state: z.enum(AGENT_STATES).optional(),
    /** the agent has reported this on-track status for at least for_s. */
    status: z.enum(ON_TRACK_STATUSES).optional(),
    for_s: z.number().min(0).default(0),
    /** more than `above` restarts within `window_s`. */
    restarts: z.strictObject({ above: z.number().int().min(0), window_s: z.number().positive() }).optional(),
    /** a firing Alertmanager alert with this alertname and these labels. */
    alert: z
      .strictObject({ alertname: nonEmpty, labels: z.record(z.string(), z.string()).default({}) })
      .optional(),
  })
  .refine((t) => [t.state, t.status, t.restarts, t.alert].filter((x) => x !== undefined).length === 1, {
    message: 'set exactly one of state, status, restarts or alert',
  });

export const policySchema = z.strictObject({
  name: nonEmpty,
  on: triggerSchema,
  /** limits an agent trigger to some agents or roles. */
  match: z.strictObject({ agent_id: stringOrList.optional(), role: stringOrList.optional() }).default({}),
  actions: z.array(actionSchema).min(1),
  /** further steps run while the condition still holds, each after_s after it began. */
  escalation: z
    .array(z.strictObject({ after_s: z.number().positive(), actions: z.array(actionSchema).min(1) }))
    .default([]),
  retries: retriesSchema.prefault({}),
});

export const watchdogSchema = z
  .strictObject({
    /**
     * alertmanager does not send the receiver's bearer token; this separate token guards
     * `/v1/alertmanager` when set (configure it in alertmanager's http_config.authorization).
     */
    alertmanager_token: nonEmpty.optional(),
    recent_actions: z.number().int().positive().default(DEFAULT_RECENT_ACTIONS),
    max_incidents: z.number().int().positive().default(DEFAULT_MAX_INCIDENTS),
    policies: z.array(policySchema).default([]),
  })
  .superRefine((cfg, ctx) => {
    // policy names key incidents and manual actions, so two policies cannot share one.
    const names = new Set<string>();
    cfg.policies.forEach((p, i) => {
      if (names.has(p.name))
        ctx.addIssue({ code: 'custom', path: ['policies', i, 'name'], message: 'duplicate name' });
      names.add(p.name);
    });
  });

export type WatchdogConfig = z.infer<typeof watchdogSchema>;
export type PolicyConfig = z.infer<typeof policySchema>;
export type ActionConfig = z.infer<typeof actionSchema>;
