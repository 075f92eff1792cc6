import { z } from 'zod';
import { httpConfigShape } from '../shared/http-config';
import { DEFAULT_EXCLUDE, DEFAULT_MAX_TRACKED_FILES, DEFAULT_ROTATED_SUFFIXES } from '../tail/types';

export const DEFAULT_LOGS_INCLUDE = 'logs/{agent}/*.log';
export const DEFAULT_LOGS_CHECKPOINT = 'state/telemetry/logs.checkpoint.json';
export const DEFAULT_LOGS_PORT = 9411;

/** the log receiver configuration; README.md lists every key with its default. */
export const logsConfigSchema = z.strictObject({
  /** files to follow; `{name}` captures a path segment for the resource attributes. */
  include: z.array(z.string().min(1)).min(1).default([DEFAULT_LOGS_INCLUDE]),
  exclude: z.array(z.string().min(1)).default(DEFAULT_EXCLUDE),
  checkpoint: z.string().min(1).default(DEFAULT_LOGS_CHECKPOINT),
  start_at: z.enum(['beginning', 'end']).default('beginning'),
  /** auto: JSON objects as JSON, anything else as text. */
  format: z.enum(['auto', 'json', 'text']).default('auto'),
  multiline: z
    .strictObject({
      /** regex a record's first line matches (e.g. `^\\d{4}-\\d\\d-\\d\\d`); unset, one line is one record. */
      start: z
        .string()
        .refine((s) => {
          try {
            new RegExp(s);
            return true;
          } catch {
            return false;
          }
        }, 'must be a valid regular expression')
        .optional(),
      timeout_ms: z.number().int().min(10).max(60_000).default(1000),
      max_lines: z.number().int().min(1).max(100_000).default(500),
    })
    .prefault({}),
  /** a last line without newline is emitted after this long unchanged; 0 waits for the newline. */
  partial_line_timeout_ms: z.number().int().min(0).max(600_000).default(2000),
  rotated_suffixes: z.array(z.string().min(1)).default(DEFAULT_ROTATED_SUFFIXES),
  /** most files followed at once; further new files are refused (counted) until room frees up. */
  max_tracked_files: z.number().int().min(1).max(1_000_000).default(DEFAULT_MAX_TRACKED_FILES),
  poll_interval_ms: z.number().int().min(10).max(60_000).default(250),
  /** while polls find nothing, the wait doubles from poll_interval_ms up to this. */
  poll_idle_max_ms: z.number().int().min(10).max(60_000).default(1000),
  /** how often logs are flushed to OTLP and positions checkpointed. */
  flush_interval_ms: z.number().int().min(100).max(300_000).default(1000),
  max_line_bytes: z
    .number()
    .int()
    .min(256)
    .max(16 * 1024 * 1024)
    .default(262_144),
  /** resource attributes per file; `{agent}` etc. are filled from the include pattern. */
  resource: z
    .record(z.string(), z.string())
    .default({ 'service.name': 'agent-logs', 'gen_ai.agent.id': '{agent}' }),
  otlp_logs_url: z.url().optional(),
  self_metrics_interval_ms: z.number().int().min(100).max(300_000).default(10_000),
  http: z
    .strictObject({
      enabled: z.boolean().default(true),
      ...httpConfigShape(DEFAULT_LOGS_PORT),
    })
    .prefault({}),
});

export type LogsConfig = z.infer<typeof logsConfigSchema>;
export type LogsConfigInput = z.input<typeof logsConfigSchema>;
