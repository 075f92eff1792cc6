import { z } from 'zod';
import { COUNTER_NAMESPACE } from '../../protocol/counter-naming';
import { httpConfigShape } from '../shared/http-config';
import { DEFAULT_EXCLUDE, DEFAULT_MAX_TRACKED_FILES, DEFAULT_ROTATED_SUFFIXES } from '../tail/types';
import { DEFAULT_IDEMPOTENCY_MAX_KEYS } from './idempotency';

/** the counters file of seed 000, relative to the working directory. */
export const DEFAULT_COUNTERS_FILE = 'state/telemetry/counters.jsonl';
export const DEFAULT_CHECKPOINT = 'state/telemetry/counters.checkpoint.json';
export const DEFAULT_NAMESPACE = 'anti_drift';
export const DEFAULT_COUNTERS_PORT = 9410;

/**
 * The counters receiver configuration. Every key has a default (README.md lists them); unknown
 * keys are errors, so a typo fails at start instead of being ignored.
 */
export const countersConfigSchema = z.strictObject({
  /** prefix of every exported metric: `<namespace>_<name>`, `_total` added by prometheus. */
  namespace: z
    .string()
    .regex(COUNTER_NAMESPACE, 'must be a prometheus name prefix like anti_drift')
    .default(DEFAULT_NAMESPACE),
  /** files to follow; rotated copies must match too, so their unread tail is finished. */
  include: z
    .array(z.string().min(1))
    .min(1)
    .default([DEFAULT_COUNTERS_FILE, `${DEFAULT_COUNTERS_FILE}.*`]),
  /** files never read (compressed archives). */
  exclude: z.array(z.string().min(1)).default(DEFAULT_EXCLUDE),
  /** checkpoint file: positions and running totals together. */
  checkpoint: z.string().min(1).default(DEFAULT_CHECKPOINT),
  /** where a first run starts in existing files. */
  start_at: z.enum(['beginning', 'end']).default('beginning'),
  rotated_suffixes: z.array(z.string().min(1)).default(DEFAULT_ROTATED_SUFFIXES),
  /** most files followed at once; further new files are refused (counted) until room frees up. */
  max_tracked_files: z.number().int().min(1).max(1_000_000).default(DEFAULT_MAX_TRACKED_FILES),
  poll_interval_ms: z.number().int().min(10).max(60_000).default(250),
  /** while polls find nothing, the wait doubles from poll_interval_ms up to this. */
  poll_idle_max_ms: z.number().int().min(10).max(60_000).default(1000),
  /** how often totals are checkpointed and exported. */
  export_interval_ms: z.number().int().min(100).max(300_000).default(2_000),
  max_line_bytes: z
    .number()
    .int()
    .min(256)
    .max(16 * 1024 * 1024)
    .default(65_536),
  max_tags: z.number().int().min(0).max(256).default(32),
  max_tag_value_length: z.number().int().min(1).max(65_536).default(256),
  cardinality: z
    .strictObject({
      max_series_per_metric: z.number().int().min(1).max(1_000_000).default(1000),
      allow_keys: z.array(z.string().min(1)).optional(),
      deny_keys: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  /** service.name of the exported series (prometheus `job`). */
  service_name: z.string().min(1).default('agent-otel-counters'),
  /** extra resource attributes; `service.instance.id` (prometheus `instance`) defaults to the host name. */
  resource: z.record(z.string(), z.string()).default({}),
  /** OTLP/HTTP metrics URL; unset, OTEL_EXPORTER_OTLP_* or http://localhost:4318/v1/metrics. */
  otlp_metrics_url: z.url().optional(),
  /** how often the receiver's own metrics are exported. */
  self_metrics_interval_ms: z.number().int().min(100).max(300_000).default(10_000),
  http: z
    .strictObject({
      enabled: z.boolean().default(true),
      ...httpConfigShape(DEFAULT_COUNTERS_PORT),
      /** Idempotency-Key answers remembered (oldest forgotten first), kept in the checkpoint. */
      idempotency_max_keys: z.number().int().min(0).max(1_000_000).default(DEFAULT_IDEMPOTENCY_MAX_KEYS),
      /** how long an Idempotency-Key is remembered. */
      idempotency_ttl_s: z
        .number()
        .int()
        .min(1)
        .max(7 * 86_400)
        .default(86_400),
    })
    .prefault({}),
});

export type CountersConfig = z.infer<typeof countersConfigSchema>;
export type CountersConfigInput = z.input<typeof countersConfigSchema>;
