import { logs } from '@opentelemetry/api';
import { type LoggerProvider as ApiLogsLoggerProvider, logs as apiLogs } from '@opentelemetry/api-logs';

// sdk 3.x registers its logger provider on @opentelemetry/api's `logs`, while
// @opentelemetry/winston-transport still asks the older @opentelemetry/api-logs global; without
// this bridge the transport silently sends nothing.

// the provider this bridge registered; undefined when the application had already set one
let registered: ApiLogsLoggerProvider | undefined;

export function bridgeApiLogs(): void {
  const provider = logs.getLoggerProvider() as unknown as ApiLogsLoggerProvider;
  // registering fails (returns the existing one) when the slot is taken: then it is not ours
  if (apiLogs.setGlobalLoggerProvider(provider) === provider) registered = provider;
}

/** removes the global provider only if the bridge registered it. */
export function unbridgeApiLogs(): void {
  if (registered === undefined) return;
  apiLogs.disable();
  registered = undefined;
}
