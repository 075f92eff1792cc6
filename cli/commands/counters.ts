import type { Command } from 'commander';
import { countersConfigSchema } from '../../processors/counters/config';
import { CountersReceiver } from '../../processors/counters/receiver';
import { ConfigError, loadConfigFile, validateConfig } from '../../processors/shared/config-file';
import { createServiceTelemetry } from '../../processors/shared/telemetry';
import type { ServiceLogger } from '../../processors/tail/types';

interface CountersFlags {
  config?: string;
  file?: string[];
  namespace?: string;
  checkpoint?: string;
  startAt?: string;
  host?: string;
  port?: string;
  http?: boolean;
  exportInterval?: string;
  pollInterval?: string;
  maxSeriesPerMetric?: string;
}

/** one JSON object per line on stderr: what the cli prints for the services it runs. */
export function stderrLogger(service: string): ServiceLogger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, service, message, ...fields })}\n`,
    );
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

function int(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ConfigError(`${flag}: expected an integer, got '${value}'`);
  return n;
}

/** flags over the config file over defaults; the schema validates the merged result. */
export function countersConfigFrom(flags: CountersFlags, env: NodeJS.ProcessEnv = process.env) {
  const file = flags.config
    ? (loadConfigFile(countersConfigSchema.partial(), flags.config) as Record<string, unknown>)
    : {};
  const fileHttp = (file.http ?? {}) as Record<string, unknown>;
  const fileCardinality = (file.cardinality ?? {}) as Record<string, unknown>;
  // precedence: flag, then config file, then environment, then the schema default.
  const envInterval = env.OTEL_METRIC_EXPORT_INTERVAL ? Number(env.OTEL_METRIC_EXPORT_INTERVAL) : undefined;
  const merged = {
    ...(Number.isInteger(envInterval) && { selfMetricsIntervalMs: envInterval }),
    ...file,
    ...(flags.file && { include: flags.file }),
    ...(flags.namespace !== undefined && { namespace: flags.namespace }),
    ...(flags.checkpoint && { checkpoint: flags.checkpoint }),
    ...(flags.startAt && { startAt: flags.startAt }),
    ...(flags.exportInterval && { exportIntervalMs: int(flags.exportInterval, '--export-interval') }),
    ...(flags.pollInterval && { pollIntervalMs: int(flags.pollInterval, '--poll-interval') }),
    cardinality: {
      ...fileCardinality,
      ...(flags.maxSeriesPerMetric && {
        maxSeriesPerMetric: int(flags.maxSeriesPerMetric, '--max-series-per-metric'),
      }),
    },
    http: {
      ...fileHttp,
      ...(flags.http === false && { enabled: false }),
      ...(flags.host && { host: flags.host }),
      ...(flags.port && { port: int(flags.port, '--port') }),
      // the token comes from the environment so it never shows in the process list.
      ...(env.AGENT_OTEL_COUNTERS_TOKEN && fileHttp.bearerToken === undefined
        ? { bearerToken: env.AGENT_OTEL_COUNTERS_TOKEN }
        : {}),
    },
  };
  return validateConfig(countersConfigSchema, merged, flags.config ?? 'command line');
}

export function registerCountersCommand(program: Command): void {
  program
    .command('counters')
    .description(
      'tail counters.jsonl (seed 000) and export exact cumulative counters over OTLP; also accepts counters on POST /v1/counters',
    )
    .option('-c, --config <yaml>', 'YAML config file (see processors/counters/README.md)')
    .option(
      '-f, --file <glob...>',
      'files to follow (default: state/telemetry/counters.jsonl and its rotated copies)',
    )
    .option('-n, --namespace <prefix>', 'metric name prefix (default: anti_drift)')
    .option('--checkpoint <path>', 'checkpoint file (default: state/telemetry/counters.checkpoint.json)')
    .option('--start-at <where>', 'beginning | end, for files without a checkpoint (default: beginning)')
    .option('--host <host>', 'HTTP listen address (default: 127.0.0.1)')
    .option('-p, --port <port>', 'HTTP port (default: 9410)')
    .option('--no-http', 'do not listen for counters over HTTP')
    .option('--export-interval <ms>', 'checkpoint and export interval (default: 5000)')
    .option('--poll-interval <ms>', 'file poll interval (default: 250)')
    .option('--max-series-per-metric <n>', 'cardinality cap per metric (default: 1000)')
    .addHelpText(
      'after',
      '\nEnvironment: AGENT_OTEL_COUNTERS_TOKEN (bearer token), OTEL_EXPORTER_OTLP_ENDPOINT and the other OTEL_* variables.',
    )
    .action(async (flags: CountersFlags) => {
      const config = countersConfigFrom(flags);
      const logger = stderrLogger('counters');
      const telemetry = createServiceTelemetry({
        serviceName: `${config.serviceName}-receiver`,
        exportIntervalMillis: config.selfMetricsIntervalMs,
      });
      const receiver = new CountersReceiver(config, { logger, meter: telemetry.meter });
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
    });
}
