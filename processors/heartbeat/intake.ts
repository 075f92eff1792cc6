import { z } from 'zod';
import { type Heartbeat, ON_TRACK_STATUSES, RUN_SIGNALS } from './types';

const MAX_ATTRIBUTES = 32;

// no control characters: ids end up in labels, log lines and the status page.
const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

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
});

export interface RejectedItem {
  index: number;
  error: string;
}

export interface ParsedBatch {
  items: { index: number; heartbeat: Heartbeat }[];
  rejected: RejectedItem[];
}

/** names each problem of one item, e.g. `agent_id: Invalid input: expected string`. */
function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'item'}: ${i.message}`).join('; ');
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
  const parsed: ParsedBatch = { items: [], rejected: [] };
  list.forEach((item, index) => {
    const result = heartbeatSchema.safeParse(item);
    if (result.success) parsed.items.push({ index, heartbeat: result.data as Heartbeat });
    else parsed.rejected.push({ index, error: describe(result.error) });
  });
  return parsed;
}
