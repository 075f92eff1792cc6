import type { Attributes } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';

/** OTLP transport and encoding, as in `OTEL_EXPORTER_OTLP_PROTOCOL`. */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

// the heartbeat wire format is shared with the receiver (protocol/heartbeat.ts).
export type { HeartbeatPayload, HeartbeatSignal, HeartbeatStatus } from '../protocol/heartbeat';
export type { HeartbeatSummary } from '../protocol/heartbeat-summary';

export interface HeartbeatOptions {
  /** send heartbeats. default: true (env `AGENT_OTEL_HEARTBEAT_ENABLED`). */
  enabled?: boolean;
  /** receiver base url. default: `http://127.0.0.1:9412` (env `AGENT_OTEL_HEARTBEAT_ENDPOINT`). */
  endpoint?: string;
  /** bearer token sent as `Authorization`. default: none (env `AGENT_OTEL_HEARTBEAT_TOKEN`). */
  token?: string;
  /** period between beats in ms. default: 30000 (env `AGENT_OTEL_HEARTBEAT_INTERVAL_MS`). */
  intervalMs?: number;
  /** how much shorter a period may randomly be, as a fraction of it (0..1); never longer. default: 0.1. */
  jitter?: number;
  /** upper bound of the backoff delay while the receiver is down, in ms. default: 300000. */
  maxBackoffMs?: number;
  /** per-request timeout in ms. default: 5000. */
  timeoutMs?: number;
}

/** options of `init()`; every field falls back to its environment variable, then to its default. */
export interface AgentOtelOptions {
  /** turn the whole SDK off. default: false (env `OTEL_SDK_DISABLED`). */
  disabled?: boolean;
  /** `service.name`. default: `OTEL_SERVICE_NAME`, then `unknown_service:node`. */
  serviceName?: string;
  /** `gen_ai.agent.id`. default: `AGENT_OTEL_AGENT_ID`, then the service name. */
  agentId?: string;
  /** `gen_ai.agent.name`. default: `AGENT_OTEL_AGENT_NAME`, then the agent id. */
  agentName?: string;
  /** `agent.role`. default: `AGENT_OTEL_AGENT_ROLE`, then unset. */
  agentRole?: string;
  /** `service.instance.id`. default: `AGENT_OTEL_INSTANCE_ID`, then a random uuid per process. */
  instanceId?: string;
  /** extra resource attributes, above `OTEL_RESOURCE_ATTRIBUTES`. default: none. */
  resourceAttributes?: Attributes;
  /**
   * OTLP base url; over HTTP `/v1/{signal}` is appended, gRPC uses it as is. default:
   * `OTEL_EXPORTER_OTLP_ENDPOINT`, then `http://127.0.0.1:4318` (`http://127.0.0.1:4317` for gRPC).
   */
  endpoint?: string;
  /**
   * OTLP transport for all three signals. default: `OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_PROTOCOL`,
   * then `OTEL_EXPORTER_OTLP_PROTOCOL`, then `http/protobuf`.
   */
  protocol?: OtlpProtocol;
  /** extra OTLP request headers (merged with `OTEL_EXPORTER_OTLP_HEADERS`). default: none. */
  headers?: Record<string, string>;
  /**
   * export traces; `false` turns them off, `true` keeps the exporters `OTEL_TRACES_EXPORTER` lists
   * (`otlp` when it says `none`). default: `OTEL_TRACES_EXPORTER`, then `otlp`.
   */
  traces?: boolean;
  /** export metrics, as `traces`. default: `OTEL_METRICS_EXPORTER`, then `otlp`. */
  metrics?: boolean;
  /** export logs, as `traces`. default: `OTEL_LOGS_EXPORTER`, then `otlp`. */
  logs?: boolean;
  /** metric export period in ms. default: `OTEL_METRIC_EXPORT_INTERVAL`, then 60000. */
  metricExportIntervalMs?: number;
  /** prefix of `counter()` names. default: `AGENT_OTEL_COUNTER_NAMESPACE`, then `anti_drift`. */
  counterNamespace?: string;
  /** also append each `counter()` call to this JSON-lines file. default: `AGENT_OTEL_COUNTERS_FILE`, then off. */
  countersFile?: string | false;
  /** load the auto-instrumentations (http, express, winston, ...; fs stays off). default: true. */
  autoInstrumentations?: boolean;
  /**
   * runtime metrics (event loop, heap, GC: runtime-node) and process CPU time and memory
   * (host-metrics, process groups only), collected at each metric export; independent of
   * autoInstrumentations. default: `AGENT_OTEL_RUNTIME_METRICS`, then true.
   */
  runtimeMetrics?: boolean;
  /** instrumentations registered in addition to the automatic ones. default: none. */
  instrumentations?: Instrumentation[];
  /** heartbeat sender options, or false to turn it off. */
  heartbeat?: HeartbeatOptions | false;
  /** upper bound of the flush on shutdown, in ms. default: `AGENT_OTEL_SHUTDOWN_TIMEOUT_MS`, then 5000. */
  shutdownTimeoutMs?: number;
  /** GenAI message content capture (`recordMessages`); off unless set here or in the environment. */
  contentCapture?: ContentCaptureOptions;
  /**
   * model prices that turn token usage into cost: a table, or the path of a YAML/JSON file.
   * default: the file named by `AGENT_OTEL_PRICES_FILE`, then none (no cost is counted).
   */
  prices?: PriceTable | string;
  /**
   * this agent's daily budget in USD, exported for the budget alert. default:
   * `AGENT_OTEL_COST_BUDGET_USD`, then none (the fleet default budget rule applies).
   */
  costBudgetUsd?: number;
  /** the admin endpoint for on-demand CPU profiles; off unless a port is set. */
  admin?: AdminOptions;
}

export interface AdminOptions {
  /** port on `host`; the endpoint is off without one. default: `AGENT_OTEL_ADMIN_PORT`, then off. */
  port?: number;
  /** bind address. default: `AGENT_OTEL_ADMIN_HOST`, then `127.0.0.1`. */
  host?: string;
  /** bearer token every request must carry; required. default: `AGENT_OTEL_ADMIN_TOKEN`. */
  token?: string;
  /** where `.cpuprofile` files are written. default: `AGENT_OTEL_PROFILE_DIR`, then `<tmpdir>/agent-otel-profiles`. */
  profileDir?: string;
  /** longest profile a request may ask for, in seconds. default: `AGENT_OTEL_PROFILE_MAX_SECONDS`, then 60. */
  maxProfileSeconds?: number;
}

/** what `init()` returns. */
export interface AgentOtel {
  /** the resolved agent identity, as put on the resource. */
  readonly agentId: string;
  readonly instanceId: string;
  readonly serviceName: string;
  /** flushes and stops everything; runs once, later calls return the same promise. */
  shutdown(): Promise<void>;
}

export interface TokenUsage {
  /** input tokens, cached ones included (as the conventions count `gen_ai.usage.input_tokens`). */
  inputTokens?: number;
  outputTokens?: number;
  /** of the input tokens, those served from the provider's cache (`gen_ai.usage.cache_read.input_tokens`). */
  cachedInputTokens?: number;
  /** `gen_ai.request.model`. */
  model?: string;
  /** `gen_ai.operation.name`, default `invoke_agent`. */
  operation?: string;
  /** `gen_ai.provider.name`. */
  provider?: string;
}

export type CounterTags = Record<string, string | number | boolean>;

/**
 * where GenAI message content goes, as in `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`:
 * span attributes, a `gen_ai.client.inference.operation.details` log event, both, or nowhere.
 */
export type ContentCaptureMode = 'NO_CONTENT' | 'SPAN_ONLY' | 'EVENT_ONLY' | 'SPAN_AND_EVENT';

/** rewrites one captured text value (a message part, a tool argument) before it is recorded. */
export type ContentRedactor = (text: string) => string;

export interface ContentCaptureOptions {
  /**
   * where content goes; `true` is EVENT_ONLY (as the OTel JS GenAI instrumentations read the
   * boolean), `false` NO_CONTENT. default: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`,
   * then NO_CONTENT.
   */
  mode?: ContentCaptureMode | boolean;
  /**
   * applied to every text value before it is recorded; `false` records content as given. default:
   * `redactSecrets` (API keys, tokens, private keys, JWTs become `[REDACTED]`).
   */
  redact?: ContentRedactor | false;
  /** characters kept of one text value; the rest is cut and marked. default: 8192. */
  maxLength?: number;
  /** messages kept of one list (the most recent). default: 50. */
  maxMessages?: number;
}

/** one part of a GenAI message: `{ type: 'text', content }`, or another typed part (tool call, ...). */
export type GenAiPart = { type: 'text'; content: string } | { type: string; [key: string]: unknown };

/** one chat message, as in `gen_ai.input.messages` / `gen_ai.output.messages`. */
export interface GenAiMessage {
  role: string;
  parts: GenAiPart[];
  name?: string;
  /** output messages: why the model stopped (`stop`, `length`, `tool_call`, ...). */
  finish_reason?: string;
}

/** what `recordMessages` records; a string is one text message (user for input, assistant for output). */
export interface GenAiContent {
  systemInstructions?: string | GenAiPart[];
  input?: string | GenAiMessage[];
  output?: string | GenAiMessage[];
  /** `gen_ai.operation.name` of the event. default: `chat`. */
  operation?: string;
  /** `gen_ai.request.model` of the event. */
  model?: string;
  /** `gen_ai.provider.name` of the event. */
  provider?: string;
}

/** USD per 1M tokens of one model. */
export interface ModelPrice {
  input: number;
  output: number;
  /** cached input tokens; default: the input price. */
  cachedInput?: number;
}

/** model name (`gen_ai.request.model`) to its prices. */
export interface PriceTable {
  models: Record<string, ModelPrice>;
}
