import type { Attributes } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ContentCaptureMode, OtlpProtocol, PriceTable } from '../types';
import type { AdminEnv, ResolvedAdmin } from './admin';
import type { ResolvedContentCapture } from './content-capture';

/** a value of `OTEL_{TRACES,METRICS,LOGS}_EXPORTER`. */
export type ExporterKind = 'otlp' | 'console' | 'none';

/** an exporter a signal runs; no exporter at all means the signal is off. */
export type SignalExporter = Exclude<ExporterKind, 'none'>;

export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

export interface SamplerSpec {
  name: SamplerName;
  /** ratio for the traceidratio samplers, 0..1. */
  ratio: number;
}

/**
 * `OTEL_NODE_RESOURCE_DETECTORS` names this SDK acts on. `env` and `serviceinstance` are always in
 * effect (OTEL_RESOURCE_ATTRIBUTES is read and an instance id set regardless); cloud detectors are
 * not shipped.
 */
export type ResourceDetectorName = 'all' | 'none' | 'env' | 'host' | 'os' | 'process' | 'serviceinstance';

export type LogLevelName = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

/** what the environment says, already validated; unset or invalid values are absent. */
export interface EnvConfig {
  disabled?: boolean;
  serviceName?: string;
  resourceAttributes?: Attributes;
  resourceDetectors?: ResourceDetectorName[];
  endpoint?: string;
  tracesEndpoint?: string;
  metricsEndpoint?: string;
  logsEndpoint?: string;
  protocol?: OtlpProtocol;
  tracesProtocol?: OtlpProtocol;
  metricsProtocol?: OtlpProtocol;
  logsProtocol?: OtlpProtocol;
  /** OTEL_EXPORTER_OTLP_TIMEOUT and its per-signal variants, in ms. */
  exportTimeoutMs?: number;
  tracesExportTimeoutMs?: number;
  metricsExportTimeoutMs?: number;
  logsExportTimeoutMs?: number;
  /** an empty list is `none`: the signal is off. */
  tracesExporters?: SignalExporter[];
  metricsExporters?: SignalExporter[];
  logsExporters?: SignalExporter[];
  sampler?: SamplerSpec;
  metricExportIntervalMs?: number;
  metricExportTimeoutMs?: number;
  spanQueueSize?: number;
  spanBatchSize?: number;
  spanScheduleDelayMs?: number;
  spanExportTimeoutMs?: number;
  logQueueSize?: number;
  logBatchSize?: number;
  logScheduleDelayMs?: number;
  logExportTimeoutMs?: number;
  /** short names from OTEL_NODE_ENABLED_INSTRUMENTATIONS (the auto-instrumentations package applies it). */
  enabledInstrumentations?: string[];
  /** short names from OTEL_NODE_DISABLED_INSTRUMENTATIONS. */
  disabledInstrumentations?: string[];
  runtimeMetrics?: boolean;
  /** AGENT_OTEL_EVENT_LOOP_RESOLUTION_MS: how often the event-loop delay histogram samples. */
  eventLoopResolutionMs?: number;
  agentId?: string;
  agentName?: string;
  agentRole?: string;
  instanceId?: string;
  counterNamespace?: string;
  countersFile?: string;
  /** AGENT_OTEL_EXPRESS_LAYER_SPANS: a span per express layer besides the route on the server span. */
  expressLayerSpans?: boolean;
  heartbeatEnabled?: boolean;
  heartbeatEndpoint?: string;
  heartbeatToken?: string;
  heartbeatIntervalMs?: number;
  shutdownTimeoutMs?: number;
  contentCaptureMode?: ContentCaptureMode;
  pricesFile?: string;
  costBudgetUsd?: number;
  admin?: AdminEnv;
}

export interface ResolvedHeartbeat {
  enabled: boolean;
  endpoint: string;
  token?: string;
  intervalMs: number;
  jitter: number;
  maxBackoffMs: number;
  timeoutMs: number;
}

/** options, environment and defaults merged: what the SDK runs with. */
export interface ResolvedConfig {
  disabled: boolean;
  serviceName?: string;
  agentId?: string;
  agentName?: string;
  agentRole?: string;
  instanceId: string;
  resourceAttributes: Attributes;
  resourceDetectors: ResourceDetectorName[];
  tracesUrl: string;
  metricsUrl: string;
  logsUrl: string;
  tracesProtocol: OtlpProtocol;
  metricsProtocol: OtlpProtocol;
  logsProtocol: OtlpProtocol;
  headers?: Record<string, string>;
  /** OTLP exporter timeouts per signal, in ms. */
  tracesTimeoutMs: number;
  metricsTimeoutMs: number;
  logsTimeoutMs: number;
  /** the exporters of each signal; empty when the signal is off. */
  tracesExporters: SignalExporter[];
  metricsExporters: SignalExporter[];
  logsExporters: SignalExporter[];
  sampler: SamplerSpec;
  metricExportIntervalMs: number;
  /** never above metricExportIntervalMs (the reader requires it). */
  metricExportTimeoutMs: number;
  spanQueueSize: number;
  /** never above spanQueueSize (the processor requires it). */
  spanBatchSize: number;
  spanScheduleDelayMs?: number;
  spanExportTimeoutMs: number;
  logQueueSize: number;
  /** never above logQueueSize (the processor requires it). */
  logBatchSize: number;
  logScheduleDelayMs?: number;
  logExportTimeoutMs: number;
  counterNamespace: string;
  countersFile?: string;
  autoInstrumentations: boolean;
  /** auto-instrumentations explicitly asked for by OTEL_NODE_ENABLED_INSTRUMENTATIONS. */
  enabledInstrumentations: string[];
  /** auto-instrumentations turned off by OTEL_NODE_DISABLED_INSTRUMENTATIONS. */
  disabledInstrumentations: string[];
  /** runtime (runtime-node) and process CPU/memory (host-metrics) metrics. */
  runtimeMetrics: boolean;
  /** the event-loop delay histogram's sampling interval, in ms (runtime-node's monitoringPrecision). */
  eventLoopResolutionMs: number;
  /** a span per express layer (middleware, router, request handler). */
  expressLayerSpans: boolean;
  instrumentations: Instrumentation[];
  heartbeat: ResolvedHeartbeat;
  shutdownTimeoutMs: number;
  contentCapture: ResolvedContentCapture;
  /** validated; undefined when none is configured (or the configured one is bad). */
  prices?: PriceTable;
  costBudgetUsd?: number;
  admin: ResolvedAdmin;
}
