import type { Command } from 'commander';
import { logsConfigSchema } from '../../processors/logs/config';
import { LogsReceiver } from '../../processors/logs/receiver';
import { ConfigError, loadConfigFile, validateConfig } from '../../processors/shared/config-file';
import { envSelfMetricsInterval, httpSettings, int } from '../service-runner';
import { logLevel, runService, stderrLogger } from '../service-shell';

interface LogsFlags {
  config?: string;
  file?: string[];
  checkpoint?: string;
  startAt?: string;
  format?: string;
  multilineStart?: string;
  resource?: string[];
  host?: string;
  port?: string;
  http?: boolean;
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

/** flags over the config file over defaults; the schema validates the merged result. */
export function logsConfigFrom(flags: LogsFlags, env: NodeJS.ProcessEnv = process.env) {
  const file = flags.config
    ? (loadConfigFile(logsConfigSchema.partial(), flags.config) as Record<string, unknown>)
    : {};
  const fileHttp = (file.http ?? {}) as Record<string, unknown>;
  const fileMultiline = (file.multiline ?? {}) as Record<string, unknown>;
  // precedence: flag, then config file, then environment, then the schema default.
  const merged = {
    ...envSelfMetricsInterval(env),
    ...file,
    ...(flags.file && { include: flags.file }),
    ...(flags.checkpoint && { checkpoint: flags.checkpoint }),
    ...(flags.startAt && { startAt: flags.startAt }),
    ...(flags.format && { format: flags.format }),
    ...(flags.resource && {
      resource: { ...((file.resource as object) ?? {}), ...keyValues(flags.resource) },
    }),
    ...(flags.flushInterval && { flushIntervalMs: int(flags.flushInterval, '--flush-interval') }),
    ...(flags.pollInterval && { pollIntervalMs: int(flags.pollInterval, '--poll-interval') }),
    multiline: { ...fileMultiline, ...(flags.multilineStart && { start: flags.multilineStart }) },
    http: httpSettings(fileHttp, flags, env.AGENT_OTEL_LOGS_TOKEN),
  };
  return validateConfig(logsConfigSchema, merged, flags.config ?? 'command line');
}

export function registerLogsCommand(program: Command): void {
  program
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
    .option('-r, --resource <key=value...>', 'resource attributes; values may use {agent}')
    .option('--host <host>', 'health endpoint address (default: 127.0.0.1)')
    .option('-p, --port <port>', 'health endpoint port (default: 9411)')
    .option('--no-http', 'no health endpoint')
    .option('--flush-interval <ms>', 'export and checkpoint interval (default: 1000)')
    .option('--poll-interval <ms>', 'file poll interval (default: 250)')
    .option('--log-level <level>', 'error, warn, info or debug (default: info)')
    .addHelpText(
      'after',
      '\nEnvironment: AGENT_OTEL_LOGS_TOKEN (bearer token), OTEL_EXPORTER_OTLP_ENDPOINT and the other OTEL_* variables.',
    )
    .action(async (flags: LogsFlags) => {
      const logger = stderrLogger('logs', logLevel(flags.logLevel));
      const config = logsConfigFrom(flags);
      await runService({
        name: 'logs',
        logger,
        serviceName: 'agent-otel-logs-receiver',
        selfMetricsIntervalMs: config.selfMetricsIntervalMs,
        create: (deps) => new LogsReceiver(config, deps),
      });
    });
}
