import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

/** captures diag warnings while a test runs. */
export function spyOnDiag(): { warnings: string[]; restore: () => void } {
  const warnings: string[] = [];
  const noop = () => undefined;
  const logger: DiagLogger = {
    error: noop,
    warn: (msg: string) => {
      warnings.push(msg);
    },
    info: noop,
    debug: noop,
    verbose: noop,
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return { warnings, restore: () => diag.disable() };
}

/** captures diag errors while a test runs. */
export function spyOnDiagErrors(): { errors: string[]; restore: () => void } {
  const errors: string[] = [];
  const noop = () => undefined;
  diag.setLogger(
    { error: (m: string) => errors.push(m), warn: noop, info: noop, debug: noop, verbose: noop },
    { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true },
  );
  return { errors, restore: () => diag.disable() };
}
