import type { Command } from 'commander';
import { countersConfigSchema } from '../../processors/counters/config';
import { CountersReceiver } from '../../processors/counters/receiver';
import { loadConfigFile, validateConfig } from '../../processors/shared/config-file';
import { envSelfMetricsInterval, httpSettings, int } from '../service-runner';
import { logLevel, runService, stderrLogger } from '../service-shell';

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
  logLevel?: string;
}

/** flags over the config file over defaults; the schema validates the merged result. */
export function countersConfigFrom(flags: CountersFlags, env: NodeJS.ProcessEnv = process.env) {
  const file = flags.config
    ? (loadConfigFile(countersConfigSchema.partial(), flags.config) as Record<string, unknown>)
    : {};
  const fileHttp = (file.http ?? {}) as Record<string, unknown>;
  const fileCardinality = (file.cardinality ?? {}) as Record<string, unknown>;
  // precedence: flag, then config file, then environment, then the schema default.
  const merged = {
    ...envSelfMetricsInterval(env),
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
    http: httpSettings(fileHttp, flags, env.AGENT_OTEL_COUNTERS_TOKEN),
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
    .option('--log-level <level>', 'error, warn, info or debug (default: info)')
    .addHelpText(
      'after',
      '\nEnvironment: AGENT_OTEL_COUNTERS_TOKEN (bearer token), OTEL_EXPORTER_OTLP_ENDPOINT and the other OTEL_* variables.',
    )
    .action(async (flags: CountersFlags) => {
      const logger = stderrLogger('counters', logLevel(flags.logLevel));
      const config = countersConfigFrom(flags);
      await runService({
        name: 'counters',
        logger,
        serviceName: `${config.serviceName}-receiver`,
        selfMetricsIntervalMs: config.selfMetricsIntervalMs,
        create: (deps) => new CountersReceiver(config, deps),
      });
    });
}
