import { randomUUID } from 'node:crypto';
import { COUNTER_NAMESPACE } from '../../protocol/counter-naming';
import type { AgentOtelOptions, OtlpProtocol } from '../types';
import { resolveAdmin } from './admin';
import { resolveContentCapture } from './content-capture';
import * as D from './defaults';
import { warnInvalid } from './env-parsers';
import type { EnvConfig, ResolvedConfig, SignalExporter } from './internal-types';
import { resolvePrices } from './prices';

// precedence, everywhere: explicit option, then environment, then the named default.

type Signal = 'traces' | 'metrics' | 'logs';

function signalProtocol(
  option: OtlpProtocol | undefined,
  signalEnv: OtlpProtocol | undefined,
  env: EnvConfig,
) {
  return option ?? signalEnv ?? env.protocol ?? D.DEFAULT_OTLP_PROTOCOL;
}

/**
 * OTLP/HTTP appends `/v1/{signal}` to a base url; gRPC takes the endpoint as it is. a
 * signal-specific url from the environment is always used as given.
 */
function signalUrl(
  option: string | undefined,
  signalEnv: string | undefined,
  env: EnvConfig,
  signal: Signal,
  protocol: OtlpProtocol,
) {
  if (protocol === 'grpc') return option ?? signalEnv ?? env.endpoint ?? D.DEFAULT_OTLP_GRPC_ENDPOINT;
  const base = (b: string) => `${b.replace(/\/+$/, '')}/v1/${signal}`;
  if (option !== undefined) return base(option);
  if (signalEnv !== undefined) return signalEnv;
  return base(env.endpoint ?? D.DEFAULT_OTLP_ENDPOINT);
}

/** `false` turns a signal off; `true` only turns it on, the environment still picks the exporters. */
function exporters(option: boolean | undefined, env: SignalExporter[] | undefined): SignalExporter[] {
  if (option === false) return [];
  if (option === true && env?.length === 0) return ['otlp'];
  return env ?? ['otlp'];
}

/** OTLP exporter timeout: the signal's variable, then the general one, then the default. */
function exportTimeout(signalEnv: number | undefined, env: EnvConfig): number {
  return signalEnv ?? env.exportTimeoutMs ?? D.DEFAULT_EXPORT_TIMEOUT_MS;
}

function stringAttr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function resolveConfig(options: AgentOtelOptions, env: EnvConfig): ResolvedConfig {
  const fromResourceEnv = env.resourceAttributes ?? {};
  const serviceName = options.serviceName ?? env.serviceName ?? stringAttr(fromResourceEnv['service.name']);
  const agentId =
    options.agentId ?? env.agentId ?? stringAttr(fromResourceEnv['gen_ai.agent.id']) ?? serviceName;
  const hb = options.heartbeat === false ? { enabled: false } : (options.heartbeat ?? {});
  const tracesProtocol = signalProtocol(options.protocol, env.tracesProtocol, env);
  const metricsProtocol = signalProtocol(options.protocol, env.metricsProtocol, env);
  const logsProtocol = signalProtocol(options.protocol, env.logsProtocol, env);
  const metricExportIntervalMs =
    options.metricExportIntervalMs ?? env.metricExportIntervalMs ?? D.DEFAULT_METRIC_EXPORT_INTERVAL_MS;
  const spanQueueSize = env.spanQueueSize ?? D.DEFAULT_SPAN_QUEUE_SIZE;
  const logQueueSize = env.logQueueSize ?? D.DEFAULT_LOG_QUEUE_SIZE;
  return {
    disabled: options.disabled ?? env.disabled ?? false,
    serviceName,
    agentId,
    agentName:
      options.agentName ?? env.agentName ?? stringAttr(fromResourceEnv['gen_ai.agent.name']) ?? agentId,
    agentRole: options.agentRole ?? env.agentRole ?? stringAttr(fromResourceEnv['agent.role']),
    // a fresh id per process start, so that restarts are visible downstream
    instanceId:
      options.instanceId ??
      env.instanceId ??
      stringAttr(fromResourceEnv['service.instance.id']) ??
      randomUUID(),
    resourceAttributes: { ...fromResourceEnv, ...options.resourceAttributes },
    resourceDetectors: env.resourceDetectors ?? [...D.DEFAULT_RESOURCE_DETECTORS],
    tracesUrl: signalUrl(options.endpoint, env.tracesEndpoint, env, 'traces', tracesProtocol),
    metricsUrl: signalUrl(options.endpoint, env.metricsEndpoint, env, 'metrics', metricsProtocol),
    logsUrl: signalUrl(options.endpoint, env.logsEndpoint, env, 'logs', logsProtocol),
    tracesProtocol,
    metricsProtocol,
    logsProtocol,
    headers: options.headers,
    tracesTimeoutMs: exportTimeout(env.tracesExportTimeoutMs, env),
    metricsTimeoutMs: exportTimeout(env.metricsExportTimeoutMs, env),
    logsTimeoutMs: exportTimeout(env.logsExportTimeoutMs, env),
    tracesExporters: exporters(options.traces, env.tracesExporters),
    metricsExporters: exporters(options.metrics, env.metricsExporters),
    logsExporters: exporters(options.logs, env.logsExporters),
    sampler: env.sampler ?? { name: 'parentbased_always_on', ratio: 1 },
    metricExportIntervalMs,
    metricExportTimeoutMs: Math.min(
      env.metricExportTimeoutMs ?? D.DEFAULT_EXPORT_TIMEOUT_MS,
      metricExportIntervalMs,
    ),
    spanQueueSize,
    spanBatchSize: Math.min(env.spanBatchSize ?? D.DEFAULT_SPAN_BATCH_SIZE, spanQueueSize),
    spanScheduleDelayMs: env.spanScheduleDelayMs,
    spanExportTimeoutMs: env.spanExportTimeoutMs ?? D.DEFAULT_EXPORT_TIMEOUT_MS,
    logQueueSize,
    logBatchSize: Math.min(env.logBatchSize ?? D.DEFAULT_LOG_BATCH_SIZE, logQueueSize),
    logScheduleDelayMs: env.logScheduleDelayMs,
    logExportTimeoutMs: env.logExportTimeoutMs ?? D.DEFAULT_EXPORT_TIMEOUT_MS,
    counterNamespace: counterNamespace(options.counterNamespace, env.counterNamespace),
    countersFile:
      options.countersFile === false ? undefined : (options.countersFile ?? env.countersFile ?? undefined),
    autoInstrumentations: options.autoInstrumentations ?? true,
    enabledInstrumentations: env.enabledInstrumentations ?? [],
    disabledInstrumentations: env.disabledInstrumentations ?? [],
    runtimeMetrics: options.runtimeMetrics ?? env.runtimeMetrics ?? D.DEFAULT_RUNTIME_METRICS,
    eventLoopResolutionMs: env.eventLoopResolutionMs ?? D.DEFAULT_EVENT_LOOP_RESOLUTION_MS,
    expressLayerSpans: env.expressLayerSpans ?? D.DEFAULT_EXPRESS_LAYER_SPANS,
    instrumentations: options.instrumentations ?? [],
    heartbeat: {
      enabled: hb.enabled ?? env.heartbeatEnabled ?? true,
      endpoint: hb.endpoint ?? env.heartbeatEndpoint ?? D.DEFAULT_HEARTBEAT_ENDPOINT,
      token: hb.token ?? env.heartbeatToken,
      intervalMs: hb.intervalMs ?? env.heartbeatIntervalMs ?? D.DEFAULT_HEARTBEAT_INTERVAL_MS,
      jitter: hb.jitter ?? D.DEFAULT_HEARTBEAT_JITTER,
      maxBackoffMs: hb.maxBackoffMs ?? D.DEFAULT_HEARTBEAT_MAX_BACKOFF_MS,
      timeoutMs: hb.timeoutMs ?? D.DEFAULT_HEARTBEAT_TIMEOUT_MS,
    },
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? env.shutdownTimeoutMs ?? D.DEFAULT_SHUTDOWN_TIMEOUT_MS,
    contentCapture: resolveContentCapture(options.contentCapture, env.contentCaptureMode),
    prices: resolvePrices(options.prices, env.pricesFile),
    costBudgetUsd: options.costBudgetUsd ?? env.costBudgetUsd,
    admin: resolveAdmin(options.admin, env.admin ?? {}),
  };
}

/** an explicit `counterNamespace` is held to the variable's rule: a bad one warns and falls back. */
function counterNamespace(option: string | undefined, fromEnv: string | undefined): string {
  const fallback = fromEnv ?? D.DEFAULT_COUNTER_NAMESPACE;
  if (option === undefined || COUNTER_NAMESPACE.test(option)) return option ?? fallback;
  warnInvalid(
    'init({ counterNamespace })',
    option,
    'letters, digits and _ (not starting with a digit)',
    fallback,
  );
  return fallback;
}
