import { ConfigError } from '../processors/shared/config-file';

// what the file-tailing receiver commands share: flag parsing helpers.

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
