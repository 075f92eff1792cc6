// public entry point: named exports only.

export { type AgentSummary, SUMMARY_LIMITS } from '../protocol/heartbeat-summary';
export { counter, heartbeat } from './agent-api';
export { recordMessages } from './gen-ai-content';
export { recordOperationDuration, recordTokenUsage } from './gen-ai-metrics';
export { type HeartbeatIdentity, HeartbeatSender, type HeartbeatUpdate } from './heartbeat';
export { init, shutdown } from './init';
export { type CreateLoggerOptions, createLogger } from './logger';
export { type MessageRecord, recordMessageConsumed, recordMessageSent } from './messaging-metrics';
export { REDACTED, redactSecrets } from './redaction';
export {
  type ExecuteToolOptions,
  executeTool,
  type InvokeAgentOptions,
  invokeAgent,
  withTask,
} from './spans';
export type {
  AdminOptions,
  AgentOtel,
  AgentOtelOptions,
  ContentCaptureMode,
  ContentCaptureOptions,
  ContentRedactor,
  CounterTags,
  GenAiContent,
  GenAiMessage,
  GenAiPart,
  HeartbeatOptions,
  HeartbeatPayload,
  HeartbeatSignal,
  HeartbeatStatus,
  HeartbeatSummary,
  ModelPrice,
  OtlpProtocol,
  PriceTable,
  TokenUsage,
} from './types';
