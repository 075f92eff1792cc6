import type { Command } from 'commander';
import { countersConfigSchema, DEFAULT_COUNTERS_PORT } from '../../processors/counters/config';
import type * as Receiver from '../../processors/counters/receiver';
import { stderrLogger } from '../../processors/shared/logger';
import {
  addListenerFlags,
  fileReceiverFromEnv,
  intFlag,
  type ListenerFlags,
  listenerFromFlags,
  resolveServiceConfig,
  serviceHelp,
} from '../service-config';
import type * as Shell from '../service-shell';

interface CountersFlags extends ListenerFlags {
  config?: string;
  file?: string[];
  namespace?: string;
  checkpoint?: string;
  startAt?: string;
  exportInterval?: string;
  pollInterval?: string;
  maxSeriesPerMetric?: string;
  logLevel?: string;
}

/** the counters configuration: flags > environment > config file > defaults (cli/service-config.ts). */
export function countersConfigFrom(
  flags: CountersFlags,
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = () => {},
) {
  const fromFlags = {
    include: flags.file,
    namespace: flags.namespace,
    checkpoint: flags.checkpoint,
    start_at: flags.startAt,
    export_interval_ms: intFlag(flags.exportInterval, '--export-interval'),
    poll_interval_ms: intFlag(flags.pollInterval, '--poll-interval'),
    cardinality: { max_series_per_metric: intFlag(flags.maxSeriesPerMetric, '--max-series-per-metric') },
    http: listenerFromFlags(flags),
  };
  const fromEnv = fileReceiverFromEnv('counters', env, warn);
  return resolveServiceConfig({ schema: countersConfigSchema, file: flags.config, fromEnv, fromFlags, warn });
}

export function registerCountersCommand(program: Command): void {
  const command = program
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
    .option('--start-at <where>', 'beginning | end, for files without a checkpoint (default: beginning)');
  addListenerFlags(command, {
    block: 'http',
    defaultPort: DEFAULT_COUNTERS_PORT,
    disable: 'do not listen for counters over HTTP',
  });
  command
    .option('--export-interval <ms>', 'checkpoint and export interval (default: 2000)')
    .option('--poll-interval <ms>', 'file poll interval (default: 250)')
    .option('--max-series-per-metric <n>', 'cardinality cap per metric (default: 1000)')
    .option('--log-level <level>', 'error, warn, info or debug (default: info)')
    .addHelpText('after', serviceHelp('counters'))
    .action(async (flags: CountersFlags) => {
      // the service's modules (the OTel SDK, express) load when the command runs, so `--help` and the
      // other commands do not pay for them
      const { logLevel, runService } = require('../service-shell') as typeof Shell;
      const { CountersReceiver } = require('../../processors/counters/receiver') as typeof Receiver;
      const logger = stderrLogger('counters', logLevel(flags.logLevel));
      const config = countersConfigFrom(flags, process.env, logger.warn);
      await runService({
        name: 'counters',
        logger,
        serviceName: `${config.service_name}-receiver`,
        selfMetricsIntervalMs: config.self_metrics_interval_ms,
        create: (deps) => new CountersReceiver(config, deps),
      });
    });
}
