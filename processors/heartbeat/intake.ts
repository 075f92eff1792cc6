import type { z } from 'zod';
import { heartbeatSchema } from '../../protocol/heartbeat';
import type { Heartbeat } from './types';

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
    if (result.success) parsed.items.push({ index, heartbeat: result.data });
    else parsed.rejected.push({ index, error: describe(result.error) });
  });
  return parsed;
}
