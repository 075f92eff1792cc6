import { z } from 'zod';
import type { AlertmanagerAlert } from './types';

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  fingerprint: z.string().min(1),
  generatorURL: z.string().optional(),
});

const payloadSchema = z.object({
  version: z.literal('4'),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: z.string().optional(),
  groupKey: z.string().optional(),
  alerts: z.array(alertSchema).max(10_000),
});

/** the alerts of an Alertmanager webhook payload (v4), or an error naming what is wrong. */
export function parseAlertmanagerPayload(body: unknown): AlertmanagerAlert[] | string {
  const result = payloadSchema.safeParse(body);
  if (result.success) return result.data.alerts;
  return `not an Alertmanager webhook payload (version 4): ${result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ')}`;
}
