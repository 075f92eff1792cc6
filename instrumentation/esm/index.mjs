// ESM face of the package: re-exports the CommonJS build, so both module systems share one SDK.
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('../instrumentation/index.js');

export const {
  counter,
  createLogger,
  executeTool,
  heartbeat,
  HeartbeatSender,
  init,
  invokeAgent,
  REDACTED,
  recordMessageConsumed,
  recordMessageSent,
  recordMessages,
  recordOperationDuration,
  recordTokenUsage,
  redactSecrets,
  SUMMARY_LIMITS,
  shutdown,
  withTask,
} = api;
