import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { readEnvConfig, readLogLevel } from './config/env';
import type { LogLevelName } from './config/internal-types';
import { resolveConfig } from './config/resolve';
import { AgentOtelSdk } from './sdk/sdk';
import { currentSdk, setCurrentSdk } from './sdk/state';
import type { AgentOtel, AgentOtelOptions } from './types';

const LEVELS: Record<LogLevelName, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

function setDiagLevel(level: LogLevelName): void {
  if (level === 'none') diag.disable();
  else diag.setLogger(new DiagConsoleLogger(), { logLevel: LEVELS[level], suppressOverrideMessage: true });
}

/**
 * starts the SDK once per process. a second call (or a call after the register preload) returns
 * the running instance instead of registering providers and instrumentations again.
 */
export function init(options: AgentOtelOptions = {}): AgentOtel {
  const existing = currentSdk();
  if (existing) {
    const keys = Object.keys(options);
    const say = keys.length > 0 ? diag.warn : diag.debug;
    say(
      `agent-otel: already initialised (by the register preload or an earlier init()); ${
        keys.length > 0 ? `ignoring options: ${keys.join(', ')}` : 'returning the running instance'
      }`,
    );
    return existing;
  }
  // the diag logger is the application's unless OTEL_LOG_LEVEL asks for ours; it is set before the
  // other variables are read, so that their warnings go through it
  const logLevel = readLogLevel();
  if (logLevel !== undefined) setDiagLevel(logLevel);
  const config = resolveConfig(options, readEnvConfig());
  const sdk = new AgentOtelSdk(config);
  setCurrentSdk(sdk);
  try {
    sdk.start();
  } catch (err) {
    // telemetry must never take the application down
    diag.error(
      `agent-otel: failed to start; the application runs without telemetry: ${(err as Error).message}`,
    );
  }
  return sdk;
}

/** flushes and stops the running SDK; a no-op when none runs. */
export function shutdown(): Promise<void> {
  return currentSdk()?.shutdown() ?? Promise.resolve();
}
