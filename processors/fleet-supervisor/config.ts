import { z } from 'zod';
import { loadConfigFile, validateConfig } from '../../protocol/config-file';
import { consoleSchema } from '../console/config';
import { checkInventory, inventorySchema, receiverSchema, timingSchema } from '../heartbeat/config';
import { watchdogSchema } from '../watchdog/config';

// defaults, each documented in processors/heartbeat/README.md.
export const DEFAULT_SERVICE_NAME = 'agent-otel-heartbeat';

/** the heartbeat service's config file: each part's block, validated by that part's schema. */
export const heartbeatConfigSchema = z
  .strictObject({
    service_name: z.string().min(1).default(DEFAULT_SERVICE_NAME),
    /** how often the OTLP metrics are exported. */
    export_interval_ms: z.number().int().positive().default(10_000),
    receiver: receiverSchema.prefault({}),
    timing: timingSchema.prefault({}),
    inventory: inventorySchema,
    watchdog: watchdogSchema.prefault({}),
    /** the fleet console: where it reads traces, logs, metrics and alerts (processors/console). */
    console: consoleSchema.prefault({}),
  })
  .superRefine(checkInventory);

export type HeartbeatConfig = z.infer<typeof heartbeatConfigSchema>;

/** reads and validates a config file; throws ConfigError naming each bad key. */
export function loadHeartbeatConfig(path: string | undefined): HeartbeatConfig {
  if (!path) return validateConfig(heartbeatConfigSchema, {}, 'defaults');
  return loadConfigFile(heartbeatConfigSchema, path);
}
