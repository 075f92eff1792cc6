import type { z } from 'zod';
import { heartbeatSchema } from '../../protocol/heartbeat';
import { summarySchema } from '../../protocol/heartbeat-summary';
import type { Heartbeat } from './types';

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
  for (let index = 0; index < list.length; index++) {
    const result = heartbeatSchema.safeParse(list[index]);
    if (!result.success) {
      parsed.rejected.push({ index, error: describe(result.error) });
      continue;
    }
    const heartbeat = result.data;
    if (heartbeat.summary !== undefined) {
      const summary = summarySchema.safeParse(heartbeat.summary);
      if (summary.success) heartbeat.summary = summary.data;
      else {
        // the heartbeat still counts for liveness; only its summary is dropped, and named.
        heartbeat.summary = undefined;
        parsed.summaryRejected.push({ index, error: describe(summary.error, ['summary']) });
      }
    }
    parsed.items.push({ index, heartbeat });
  }
  return parsed;
}
