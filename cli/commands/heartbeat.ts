import type { Command } from 'commander';
import {
  type HeartbeatConfig,
  heartbeatConfigSchema,
  loadHeartbeatConfig,
} from '../../processors/heartbeat/config';
import { type HeartbeatService, startHeartbeatService } from '../../processors/heartbeat/service';
import { validateConfig } from '../../processors/shared/config-file';
import { logLevel, runService, stderrLogger } from '../service-shell';

interface HeartbeatFlags {
  config?: string;
  host?: string;
  port?: string;
  stateFile?: string;
  logLevel?: string;
}

/** the token is read from the environment rather than a flag, so it stays out of `ps`. */
export const TOKEN_ENV = 'AGENT_OTEL_HEARTBEAT_TOKEN';
export const AM_TOKEN_ENV = 'AGENT_OTEL_ALERTMANAGER_TOKEN';

/**
 * the effective configuration. Precedence, per option: command-line flag, then environment
 * variable, then the config file, then the documented default; the result is validated again,
 * so a bad flag or variable fails at start naming its key.
 */
export function resolveHeartbeatConfig(flags: HeartbeatFlags, env: NodeJS.ProcessEnv): HeartbeatConfig {
  const file = loadHeartbeatConfig(flags.config);
  const receiver: Record<string, unknown> = { ...file.receiver };
  if (flags.host !== undefined) receiver.host = flags.host;
  if (flags.port !== undefined) receiver.port = Number(flags.port);
  if (flags.stateFile !== undefined) receiver.state_file = flags.stateFile;
  if (env[TOKEN_ENV]) receiver.bearer_token = env[TOKEN_ENV];
  const watchdog: Record<string, unknown> = { ...file.watchdog };
  if (env[AM_TOKEN_ENV]) watchdog.alertmanager_token = env[AM_TOKEN_ENV];
  const source = `${flags.config ?? 'defaults'} with flags and environment`;
  return validateConfig(heartbeatConfigSchema, { ...file, receiver, watchdog }, source);
}

export function registerHeartbeatCommand(program: Command): void {
  program
    .command('heartbeat')
    .description('run the heartbeat receiver, the watchdog and the fleet console')
    .option('-c, --config <file>', 'YAML config (see processors/heartbeat/README.md); defaults without one')
    .option('--host <host>', 'interface to bind (overrides receiver.host; default 127.0.0.1)')
    .option('--port <port>', 'TCP port, 0 for any free one (overrides receiver.port; default 9412)')
    .option('--state-file <path>', 'checkpoint file, empty to disable (overrides receiver.state_file)')
    .option('--log-level <level>', 'error, warn, info or debug (default: info)')
    .addHelpText(
      'after',
      `\nEnvironment:\n  ${TOKEN_ENV}    bearer token for every route but /healthz and the console pages\n` +
        `  ${AM_TOKEN_ENV} bearer token for /v1/alertmanager (open when unset)\n` +
        '  OTEL_EXPORTER_OTLP_*          where metrics and events go (default http://localhost:4318)\n',
    )
    .action(async (flags: HeartbeatFlags) => {
      const logger = stderrLogger('heartbeat', logLevel(flags.logLevel));
      const config = resolveHeartbeatConfig(flags, process.env);
      let service: HeartbeatService | undefined;
      await runService({
        name: 'heartbeat',
        logger,
        serviceName: config.service_name,
        selfMetricsIntervalMs: config.export_interval_ms,
        create: ({ telemetry }) => ({
          async start() {
            service = await startHeartbeatService({ config, log: logger, telemetry });
          },
          stop: () => service?.shutdown() ?? Promise.resolve(),
          get address() {
            return service?.url;
          },
        }),
      });
    });
}
