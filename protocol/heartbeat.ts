import { z } from 'zod';
import type { HeartbeatSummary } from './heartbeat-summary';

// the heartbeat wire format, sent by the SDK's heartbeat sender and read by the heartbeat
// receiver: `POST {endpoint}/v1/heartbeats` with one heartbeat object or an array of them.

/** where heartbeats are posted, under the receiver's base URL. */
export const HEARTBEAT_PATH = '/v1/heartbeats';

/** the on-track status an agent reports about itself (seed 004). */
export const HEARTBEAT_STATUSES = ['on_track', 'drifting', 'off_track', 'blocked', 'unknown'] as const;
export type HeartbeatStatus = (typeof HEARTBEAT_STATUSES)[number];

/** one-off run signals, as in the healthchecks.io model: a started run must succeed within its grace. */
export const HEARTBEAT_SIGNALS = ['start', 'success', 'fail'] as const;
export type HeartbeatSignal = (typeof HEARTBEAT_SIGNALS)[number];

/** the heartbeat wire object. */
export interface HeartbeatPayload {
  agent_id: string;
  role?: string;
  name?: string;
  instance_id?: string;
  started_at?: string;
  timestamp?: string;
  /** the sender's beat interval, in seconds. */
  interval_s?: number;
  status?: HeartbeatStatus;
  task_id?: string;
  phase?: string;
  signal?: HeartbeatSignal;
  attributes?: Record<string, string>;
  /** the agent's own summary (seed 004); bounds and checks in heartbeat-summary.ts. */
  summary?: HeartbeatSummary;
}

export const MAX_HEARTBEAT_ATTRIBUTES = 32;

// no control characters: ids end up in labels, log lines and the status page.
const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

const isoTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 time');

/** what the receiver accepts as one heartbeat; typed against HeartbeatPayload so the two agree. */
export const heartbeatSchema: z.ZodType<HeartbeatPayload> = z.object({
  agent_id: printable(128),
  role: printable(64).optional(),
  name: printable(128).optional(),
  instance_id: printable(128).optional(),
  started_at: isoTime.optional(),
  timestamp: isoTime.optional(),
  interval_s: z.number().positive().max(86_400).optional(),
  status: z.enum(HEARTBEAT_STATUSES).optional(),
  task_id: printable(128).optional(),
  phase: printable(64).optional(),
  signal: z.enum(HEARTBEAT_SIGNALS).optional(),
  attributes: z
    .record(z.string().max(64), z.string().max(256))
    .refine(
      (a) => Object.keys(a).length <= MAX_HEARTBEAT_ATTRIBUTES,
      `at most ${MAX_HEARTBEAT_ATTRIBUTES} attributes`,
    )
    .optional(),
  // passed through here and checked on its own (summarySchema), so a bad summary never costs the
  // agent its heartbeat.
  summary: z.custom<HeartbeatSummary>(() => true).optional(),
});
