import { ConfigError } from '../processors/shared/config-file';
import { createServiceTelemetry } from '../processors/shared/telemetry';
import type { ServiceLogger } from '../processors/tail/types';

// what the file-tailing receiver commands share: flag parsing helpers, the stderr logger, and
// running a receiver with its own telemetry until a signal stops it.

/** one JSON object per line on stderr: what the cli prints for the services it runs. */
export function stderrLogger(service: string): ServiceLogger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, service, message, ...fields })}\n`,
    );
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** an integer flag, or a ConfigError naming the flag. */
export function int(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ConfigError(`${flag}: expected an integer, got '${value}'`);
  return n;
}

/** OTEL_METRIC_EXPORT_INTERVAL as the receivers' self-metrics interval, when it is an integer. */
export function envSelfMetricsInterval(env: NodeJS.ProcessEnv): { selfMetricsIntervalMs?: number } {
  const ms = env.OTEL_METRIC_EXPORT_INTERVAL ? Number(env.OTEL_METRIC_EXPORT_INTERVAL) : undefined;
  return Number.isInteger(ms) ? { selfMetricsIntervalMs: ms } : {};
}

export interface HttpFlags {
  host?: string;
  port?: string;
  http?: boolean;
}

/** the `http` block: flags over the config file; the token only from the environment variable. */
export function httpSettings(
  fileHttp: Record<string, unknown>,
  flags: HttpFlags,
  token: string | undefined,
): Record<string, unknown> {
  return {
    ...fileHttp,
    ...(flags.http === false && { enabled: false }),
    ...(flags.host && { host: flags.host }),
    ...(flags.port && { port: int(flags.port, '--port') }),
    // the token comes from the environment so it never shows in the process list.
    ...(token && fileHttp.bearerToken === undefined ? { bearerToken: token } : {}),
  };
}

interface Receiver {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly address?: string;
}

/** starts a receiver with its own OTLP telemetry; SIGTERM/SIGINT stop it once, flushing first. */
export async function runReceiver(
  name: string,
  serviceName: string,
  selfMetricsIntervalMs: number,
  create: (deps: {
    logger: ServiceLogger;
    meter: ReturnType<typeof createServiceTelemetry>['meter'];
  }) => Receiver,
): Promise<void> {
  const logger = stderrLogger(name);
  const telemetry = createServiceTelemetry({ serviceName, exportIntervalMillis: selfMetricsIntervalMs });
  const receiver = create({ logger, meter: telemetry.meter });
  await receiver.start();
  logger.info('listening', { http: receiver.address ?? 'disabled' });
  // signal handlers live here, in the entry point; stop() runs once and flushes first.
  const shutdown = (signal: string) => {
    logger.info(`${signal}: stopping`);
    receiver
      .stop()
      .then(() => telemetry.shutdown())
      .catch((err: Error) => logger.error(`shutdown failed: ${err.message}`))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
