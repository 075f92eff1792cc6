import { logs } from '@opentelemetry/api';
import { type LoggerProvider as ApiLogsLoggerProvider, logs as apiLogs } from '@opentelemetry/api-logs';

// sdk 3.x registers its logger provider on @opentelemetry/api's `logs`, while
// @opentelemetry/winston-transport still asks the older @opentelemetry/api-logs global; without
// this bridge the transport silently sends nothing.
export function bridgeApiLogs(): void {
  const provider = logs.getLoggerProvider() as unknown as ApiLogsLoggerProvider;
  apiLogs.setGlobalLoggerProvider(provider);
}

export function unbridgeApiLogs(): void {
  apiLogs.disable();
}
