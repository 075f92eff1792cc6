import type { Command } from 'commander';
import { type HeartbeatConfig, heartbeatConfigSchema } from '../../processors/fleet-supervisor/config';
import type * as Service from '../../processors/fleet-supervisor/service';
import { DEFAULT_PORT } from '../../processors/heartbeat/config';
import { stderrLogger } from '../../processors/shared/logger';
import {
  addListenerFlags,
  envExportInterval,
  type ListenerFlags,
  listenerFromFlags,
  resolveServiceConfig,
  serviceHelp,
  tokenVariable,
} from '../service-config';
import type * as Shell from '../service-shell';

interface HeartbeatFlags extends ListenerFlags {
  config?: string;
  stateFile?: string;
  logLevel?: string;
}

/** the token is read from the environment rather than a flag, so it stays out of `ps`. */
export const TOKEN_ENV = tokenVariable('heartbeat');
export const AM_TOKEN_ENV = 'AGENT_OTEL_ALERTMANAGER_TOKEN';

/** the heartbeat configuration: flags > environment > config file > defaults (cli/service-config.ts). */
export function resolveHeartbeatConfig(
  flags: HeartbeatFlags,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void = () => {},
): HeartbeatConfig {
  const fromFlags = {
    receiver: { ...listenerFromFlags(flags), state_file: flags.stateFile },
  };
  const fromEnv = {
    export_interval_ms: envExportInterval(env, warn, 'export_interval_ms'),
    receiver: { bearer_token: env[TOKEN_ENV] || undefined },
    watchdog: { alertmanager_token: env[AM_TOKEN_ENV] || undefined },
  };
  return resolveServiceConfig({
    schema: heartbeatConfigSchema,
    file: flags.config,
    fromEnv,
    fromFlags,
    warn,
  });
}

export function registerHeartbeatCommand(program: Command): void {
  const command = program
    .command('heartbeat')
    .description('run the heartbeat receiver, the watchdog and the fleet console')
    .option('-c, --config <file>', 'YAML config (see processors/heartbeat/README.md); defaults without one');
  addListenerFlags(command, { block: 'receiver', defaultPort: DEFAULT_PORT });
  command
    .option('--state-file <path>', 'checkpoint file, empty to disable (overrides receiver.state_file)')
    .option('--log-level <level>', 'error, warn, info or debug (default: info)')
    .addHelpText(
      'after',
      serviceHelp('heartbeat', [[AM_TOKEN_ENV, 'bearer token for /v1/alertmanager (open when unset)']]),
    )
    .action(async (flags: HeartbeatFlags) => {
      // the service's modules (the OTel SDK, express) load when the command runs, so `--help` and the
      // other commands do not pay for them
      const { logLevel, runService } = require('../service-shell') as typeof Shell;
      const { startHeartbeatService } =
        require('../../processors/fleet-supervisor/service') as typeof Service;
      const logger = stderrLogger('heartbeat', logLevel(flags.logLevel));
      const config = resolveHeartbeatConfig(flags, process.env, logger.warn);
      let service: Service.HeartbeatService | undefined;
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
