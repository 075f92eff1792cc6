// the one logger of the services: the type every part is given, the JSON-lines logger the CLI
// makes, and a silent one for tests and embedding. Library code never prints on its own.

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** what a service logs through; fields become keys of the JSON line. */
export interface ServiceLogger {
  error(message: string, fields?: object): void;
  warn(message: string, fields?: object): void;
  info(message: string, fields?: object): void;
  debug(message: string, fields?: object): void;
}

/** a logger that drops everything, for tests and embedding. */
export const silentLogger: ServiceLogger = { error() {}, warn() {}, info() {}, debug() {} };

/** one JSON object per line on stderr (`time`, `level`, `service`, `message`, fields), at `level` and above. */
export function stderrLogger(service: string, level: LogLevel = 'info'): ServiceLogger {
  const limit = LOG_LEVELS.indexOf(level);
  const write = (at: LogLevel) => (message: string, fields?: object) => {
    if (LOG_LEVELS.indexOf(at) > limit) return;
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: at, service, message, ...fields })}\n`,
    );
  };
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') };
}
