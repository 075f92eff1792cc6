import type { Command } from 'commander';
import { DEFAULT_LOGS_PORT, logsConfigSchema } from '../../processors/logs/config';
import type * as Receiver from '../../processors/logs/receiver';
import { stderrLogger } from '../../processors/shared/logger';
import { ConfigError } from '../../protocol/config-file';
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

interface LogsFlags extends ListenerFlags {
  config?: string;
  file?: string[];
  checkpoint?: string;
  startAt?: string;
  format?: string;
  multilineStart?: string;
  resource?: string[];
  flushInterval?: string;
  pollInterval?: string;
  logLevel?: string;
}

function keyValues(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new ConfigError(`--resource: expected key=value, got '${pair}'`);
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

/** the log receiver configuration: flags > environment > config file > defaults (cli/service-config.ts). */
export function logsConfigFrom(
  flags: LogsFlags,
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = () => {},
) {
  const fromFlags = {
    include: flags.file,
    checkpoint: flags.checkpoint,
    start_at: flags.startAt,
    format: flags.format,
    // resource attributes from flags add to (and override) the file's, key by key.
    resource: flags.resource && keyValues(flags.resource),
    flush_interval_ms: intFlag(flags.flushInterval, '--flush-interval'),
    poll_interval_ms: intFlag(flags.pollInterval, '--poll-interval'),
    multiline: { start: flags.multilineStart },
    http: listenerFromFlags(flags),
  };
  const fromEnv = fileReceiverFromEnv('logs', env, warn);
  return resolveServiceConfig({ schema: logsConfigSchema, file: flags.config, fromEnv, fromFlags, warn });
}

export function registerLogsCommand(program: Command): void {
  const command = program
    .command('logs')
    .description(
      'tail agent log files (JSON lines or text with a level word) and export them as OTLP log records',
    )
    .option('-c, --config <yaml>', 'YAML config file (see processors/logs/README.md)')
    .option(
      '-f, --file <glob...>',
      'files to follow; {agent} captures a path segment (default: logs/{agent}/*.log)',
    )
    .option('--checkpoint <path>', 'checkpoint file (default: state/telemetry/logs.checkpoint.json)')
    .option('--start-at <where>', 'beginning | end, for files without a checkpoint (default: beginning)')
    .option('--format <format>', 'auto | json | text (default: auto)')
    .option('--multiline-start <regex>', 'first line of a record; other lines continue it (default: none)')
    .option('-r, --resource <key=value...>', 'resource attributes; values may use {agent}');
  addListenerFlags(command, {
    block: 'http',
    defaultPort: DEFAULT_LOGS_PORT,
    disable: 'no health endpoint',
  });
  command
    .option('--flush-interval <ms>', 'export and checkpoint interval (default: 1000)')
    .option('--poll-interval <ms>', 'file poll interval (default: 250)')
    .option('--log-level <level>', 'error, warn, info or debug (default: info)')
    .addHelpText('after', serviceHelp('logs'))
    .action(async (flags: LogsFlags) => {
      // the service's modules (the OTel SDK, express) load when the command runs, so `--help` and the
      // other commands do not pay for them
      const { logLevel, runService } = require('../service-shell') as typeof Shell;
      const { LogsReceiver } = require('../../processors/logs/receiver') as typeof Receiver;
      const logger = stderrLogger('logs', logLevel(flags.logLevel));
      const config = logsConfigFrom(flags, process.env, logger.warn);
      await runService({
        name: 'logs',
        logger,
        serviceName: 'agent-otel-logs-receiver',
        selfMetricsIntervalMs: config.self_metrics_interval_ms,
        create: (deps) => new LogsReceiver(config, deps),
      });
    });
}
