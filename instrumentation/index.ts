// public entry point: named exports only.
export { counter, heartbeat } from './agent-api';
export { recordOperationDuration, recordTokenUsage } from './gen-ai-metrics';
export { type HeartbeatIdentity, HeartbeatSender, type HeartbeatUpdate } from './heartbeat';
export { type AgentSummary, SUMMARY_LIMITS } from './heartbeat-summary';
export { init, shutdown } from './init';
export { type CreateLoggerOptions, createLogger } from './logger';
export {
  type ExecuteToolOptions,
  executeTool,
  type InvokeAgentOptions,
  invokeAgent,
  withTask,
} from './spans';
export type {
  AgentOtel,
  AgentOtelOptions,
  CounterTags,
  HeartbeatOptions,
  HeartbeatPayload,
  HeartbeatSignal,
  HeartbeatStatus,
  HeartbeatSummary,
  OtlpProtocol,
  TokenUsage,
} from './types';
