import type { Meter } from '@opentelemetry/api';
import { LOG_LEVELS, type LogLevel, type ServiceLogger, stderrLogger } from '../processors/shared/logger';
import { createServiceTelemetry, type ServiceTelemetry } from '../processors/shared/telemetry';
import { ConfigError } from '../protocol/config-file';

// the one runner of the three services (counters, logs, heartbeat): the same logger, the same
// start and stop, the same signals. Signal handlers live here, in the entry point, never in a
// service.

/**
 * A service the shell runs. `start()` either succeeds or throws having left nothing running
 * (no timer, no listener); `stop()` runs once, flushes, then releases everything.
 */
export interface Service {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** where it listens, once started. */
  readonly address?: string;
}

export interface ShellOptions {
  /** the `service` field of every log line: counters, logs or heartbeat. */
  name: string;
  /** service.name of the service's own OTLP metrics and logs. */
  serviceName: string;
  selfMetricsIntervalMs: number;
  /** the logger to use, when the command made one already (for its config warnings). */
  logger?: ServiceLogger;
  logLevel?: LogLevel;
  /** longest a stop (flush included) may take before the process exits anyway. Default: 20 s. */
  stopTimeoutMs?: number;
  create(deps: { logger: ServiceLogger; meter: Meter; telemetry: ServiceTelemetry }): Service;
}

export const DEFAULT_STOP_TIMEOUT_MS = 20_000;
/** the own telemetry's last flush must not hold the exit when the collector is away. */
const TELEMETRY_SHUTDOWN_MS = 3_000;

/** a start error as an operator reads it: which address, and what is wrong with it. */
export function startErrorMessage(err: Error): string {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  const where = e.address !== undefined ? `${e.address}:${e.port}` : 'the listen address';
  switch (e.code) {
    case 'EADDRINUSE':
      return `${where} is already in use (another process listens there: stop it or choose another --port)`;
    case 'EACCES':
      return `no permission to listen on ${where} (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
      return `${where} is not an address of this host (check --host)`;
    default:
      return err.message;
  }
}

/** the --log-level flag, or a ConfigError naming it. */
export function logLevel(value: string | undefined): LogLevel {
  if (value === undefined) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, got '${value}'`);
  }
  return value as LogLevel;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * Starts a service with its own telemetry and runs it until SIGTERM or SIGINT: then it stops
 * once, flushing first, and exits 0 (1 when the stop failed or overran; a second signal exits
 * at once). A failed start exits 1 with the reason, naming the address when it is the listener.
 */
export async function runService(options: ShellOptions): Promise<void> {
  const logger = options.logger ?? stderrLogger(options.name, options.logLevel);
  const telemetry = createServiceTelemetry({
    serviceName: options.serviceName,
    exportIntervalMillis: options.selfMetricsIntervalMs,
  });
  const service = options.create({ logger, meter: telemetry.meter, telemetry });
  const exit = async (code: number) => {
    await within(telemetry.shutdown(), TELEMETRY_SHUTDOWN_MS, 'telemetry shutdown').catch(() => {});
    process.exit(code);
  };
  try {
    await service.start();
  } catch (err) {
    logger.error(`cannot start: ${startErrorMessage(err as Error)}`);
    // nothing ran, so there is nothing of its own to flush.
    process.exit(1);
  }
  logger.info('started', { address: service.address ?? 'none' });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting for the stop`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal}: stopping (flushing first)`);
    within(service.stop(), options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS, 'stop').then(
      () => {
        logger.info('stopped');
        return exit(0);
      },
      (err: Error) => {
        logger.error(`stop failed: ${err.message}`);
        return exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
