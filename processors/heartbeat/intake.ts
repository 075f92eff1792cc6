import { z } from 'zod';
import { SUMMARY_LIMITS } from '../../protocol/heartbeat-summary';
import { type Heartbeat, ON_TRACK_STATUSES, RUN_SIGNALS } from './types';

const MAX_ATTRIBUTES = 32;

// no control characters: ids end up in labels, log lines and the status page.
const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

// the SDK brings a summary within these bounds before it sends one.

const summarySchema = z
  .strictObject({
    current_activity: printable(SUMMARY_LIMITS.activity).optional(),
    confidence: z.number().min(0).max(1).optional(),
    drift_reasons: z.array(printable(SUMMARY_LIMITS.reason)).max(SUMMARY_LIMITS.reasons).optional(),
    recommended_action: printable(SUMMARY_LIMITS.action).optional(),
  })
  .refine(
    (s) => Object.keys(s).length > 0,
    'an empty summary: give current_activity, confidence, drift_reasons or recommended_action',
  );

const isoTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 time');

const heartbeatSchema = z.object({
  agent_id: printable(128),
  role: printable(64).optional(),
  name: printable(128).optional(),
  instance_id: printable(128).optional(),
  started_at: isoTime.optional(),
  timestamp: isoTime.optional(),
  interval_s: z.number().positive().max(86_400).optional(),
  status: z.enum(ON_TRACK_STATUSES).optional(),
  task_id: printable(128).optional(),
  phase: printable(64).optional(),
  signal: z.enum(RUN_SIGNALS).optional(),
  attributes: z
    .record(z.string().max(64), z.string().max(256))
    .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, `at most ${MAX_ATTRIBUTES} attributes`)
    .optional(),
  // checked on its own (summarySchema), so a bad summary never costs the agent its heartbeat.
  summary: z.unknown().optional(),
});

export interface RejectedItem {
  index: number;
  error: string;
}

export interface ParsedBatch {
  items: { index: number; heartbeat: Heartbeat }[];
  rejected: RejectedItem[];
  /** heartbeats accepted without their summary, which was invalid. */
  summaryRejected: RejectedItem[];
}

/** names each problem of one item, e.g. `agent_id: Invalid input: expected string`. */
function describe(error: z.ZodError, prefix: PropertyKey[] = []): string {
  return error.issues
    .map((i) => {
      const path = [...prefix, ...i.path];
      return `${path.length ? path.join('.') : 'item'}: ${i.message}`;
    })
    .join('; ');
}

/**
 * splits a request body into valid heartbeats and per-item rejections, so that one bad item
 * never loses the good ones. Returns a string when the body as a whole is unusable.
 */
export function parseHeartbeatBody(body: unknown, maxBatch: number): ParsedBatch | string {
  if (body === undefined || body === null || typeof body !== 'object') {
    return 'body must be a JSON heartbeat object or an array of them (Content-Type: application/json)';
  }
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) return 'empty batch';
  if (list.length > maxBatch) return `batch of ${list.length} heartbeats is over the limit of ${maxBatch}`;
  const parsed: ParsedBatch = { items: [], rejected: [], summaryRejected: [] };
  list.forEach((item, index) => {
    const result = heartbeatSchema.safeParse(item);
    if (!result.success) {
      parsed.rejected.push({ index, error: describe(result.error) });
      return;
    }
    const heartbeat = result.data as Heartbeat;
    if (heartbeat.summary !== undefined) {
      const summary = summarySchema.safeParse(heartbeat.summary);
      if (summary.success) heartbeat.summary = summary.data;
      else {
        heartbeat.summary = undefined;
        const error = describe(summary.error, ['summary']);
        parsed.summaryRejected.push({ index, error });
      }
    }
    parsed.items.push({ index, heartbeat });
  });
  return parsed;
}
