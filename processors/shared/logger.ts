/** the logger a service is given; the CLI passes the service shell's stderr logger. */
export interface ServiceLogger {
  info(message: string, meta?: object): void;
  warn(message: string, meta?: object): void;
  error(message: string, meta?: object): void;
}
