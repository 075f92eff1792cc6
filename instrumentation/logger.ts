import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import winston from 'winston';
import { currentSdk } from './sdk/state';

export interface CreateLoggerOptions {
  /** minimum level. default: `info`. */
  level?: string;
  /** where the JSON lines go. default: a console transport on stdout. */
  transports?: winston.transport[];
  /** ship records as OTLP logs. default: true (off when the SDK is disabled or logs are off). */
  otlp?: boolean;
  /** fields added to every record. */
  defaultMeta?: Record<string, unknown>;
}

// the key @opentelemetry/winston-transport reads to emit a record in the caller's context, since
// a transport may run after the caller's span has ended
const OTEL_CONTEXT = Symbol.for('opentelemetry.js.contrib.winston.context');

/** adds trace_id/span_id of the active span, and remembers the context for the OTLP transport. */
const correlation = winston.format((info) => {
  const active = context.active();
  const span = trace.getSpan(active);
  const sc = span?.spanContext();
  if (sc && isSpanContextValid(sc)) {
    info.trace_id = sc.traceId;
    info.span_id = sc.spanId;
    info.trace_flags = `0${sc.traceFlags.toString(16)}`;
  }
  (info as Record<symbol, unknown>)[OTEL_CONTEXT] = active;
  return info;
});

function shipsLogs(option: boolean | undefined): boolean {
  const sdk = currentSdk();
  const enabled = sdk !== undefined && !sdk.config.disabled && sdk.config.logsExporters.length > 0;
  return option ?? enabled;
}

/** a winston logger writing JSON lines with trace_id/span_id and shipping records as OTLP logs. */
export function createLogger(options: CreateLoggerOptions = {}): winston.Logger {
  const transports: winston.transport[] = [...(options.transports ?? [new winston.transports.Console()])];
  if (shipsLogs(options.otlp)) transports.push(new OpenTelemetryTransportV3());
  return winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: options.defaultMeta,
    format: winston.format.combine(winston.format.timestamp(), correlation(), winston.format.json()),
    transports,
  });
}
