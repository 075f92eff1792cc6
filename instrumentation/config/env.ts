import type { OtlpProtocol } from '../types';
import { readAdminEnv } from './admin';
import { readContentCaptureMode } from './content-capture';
import {
  bool,
  type Env,
  exporterList,
  httpUrl,
  identifier,
  keyValueList,
  namesOf,
  oneOf,
  positiveInt,
  ratio,
  str,
} from './env-parsers';
import type {
  EnvConfig,
  ExporterKind,
  LogLevelName,
  ResourceDetectorName,
  SamplerName,
  SamplerSpec,
} from './internal-types';
import { PRICES_FILE_ENV, readCostBudget } from './prices';

// the one place that reads the environment: standard OTEL_* variables first, then the agent
// variables. the result holds only valid values; resolve.ts applies the precedence.

const EXPORTERS: readonly ExporterKind[] = ['otlp', 'console', 'none'];
const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const LOG_LEVELS: readonly LogLevelName[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];
const DETECTORS: readonly ResourceDetectorName[] = [
  'all',
  'none',
  'env',
  'host',
  'os',
  'process',
  'serviceinstance',
];
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

/**
 * `OTEL_LOG_LEVEL`, read apart from the rest: init() sets a diag logger from it before parsing the
 * other variables, so their warnings show. unset means the application's diag logger stays.
 */
export function readLogLevel(env: Env = process.env): LogLevelName | undefined {
  return oneOf(env, 'OTEL_LOG_LEVEL', LOG_LEVELS, "the application's diag logger");
}

function sampler(env: Env): SamplerSpec | undefined {
  const name = oneOf(env, 'OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const arg = ratio(env, 'OTEL_TRACES_SAMPLER_ARG', 'ratio 1');
  if (name === undefined && arg === undefined) return undefined;
  return { name: name ?? 'parentbased_always_on', ratio: arg ?? 1 };
}

export function readEnvConfig(env: Env = process.env): EnvConfig {
  const exporterFallback = 'otlp';
  return {
    // standard variables
    disabled: bool(env, 'OTEL_SDK_DISABLED', 'false'),
    serviceName: str(env, 'OTEL_SERVICE_NAME'),
    resourceAttributes: keyValueList(env, 'OTEL_RESOURCE_ATTRIBUTES'),
    resourceDetectors: namesOf(env, 'OTEL_NODE_RESOURCE_DETECTORS', DETECTORS),
    endpoint: httpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318'),
    tracesEndpoint: httpUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'the general endpoint'),
    metricsEndpoint: httpUrl(env, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'the general endpoint'),
    logsEndpoint: httpUrl(env, 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', 'the general endpoint'),
    protocol: oneOf(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', PROTOCOLS, 'http/protobuf'),
    tracesProtocol: oneOf(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', PROTOCOLS, 'the general protocol'),
    metricsProtocol: oneOf(env, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', PROTOCOLS, 'the general protocol'),
    logsProtocol: oneOf(env, 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL', PROTOCOLS, 'the general protocol'),
    exportTimeoutMs: positiveInt(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', '10000'),
    tracesExportTimeoutMs: positiveInt(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'the general timeout'),
    metricsExportTimeoutMs: positiveInt(env, 'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', 'the general timeout'),
    logsExportTimeoutMs: positiveInt(env, 'OTEL_EXPORTER_OTLP_LOGS_TIMEOUT', 'the general timeout'),
    tracesExporters: exporterList(env, 'OTEL_TRACES_EXPORTER', EXPORTERS, exporterFallback),
    metricsExporters: exporterList(env, 'OTEL_METRICS_EXPORTER', EXPORTERS, exporterFallback),
    logsExporters: exporterList(env, 'OTEL_LOGS_EXPORTER', EXPORTERS, exporterFallback),
    sampler: sampler(env),
    metricExportIntervalMs: positiveInt(env, 'OTEL_METRIC_EXPORT_INTERVAL', '60000'),
    metricExportTimeoutMs: positiveInt(env, 'OTEL_METRIC_EXPORT_TIMEOUT', '10000'),
    spanQueueSize: positiveInt(env, 'OTEL_BSP_MAX_QUEUE_SIZE', '2048'),
    spanBatchSize: positiveInt(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', '512'),
    spanScheduleDelayMs: positiveInt(env, 'OTEL_BSP_SCHEDULE_DELAY', '5000'),
    spanExportTimeoutMs: positiveInt(env, 'OTEL_BSP_EXPORT_TIMEOUT', '10000'),
    logQueueSize: positiveInt(env, 'OTEL_BLRP_MAX_QUEUE_SIZE', '2048'),
    logBatchSize: positiveInt(env, 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE', '512'),
    logScheduleDelayMs: positiveInt(env, 'OTEL_BLRP_SCHEDULE_DELAY', '1000'),
    logExportTimeoutMs: positiveInt(env, 'OTEL_BLRP_EXPORT_TIMEOUT', '10000'),
    enabledInstrumentations: str(env, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS')
      ?.split(',')
      .map((name) => name.trim()),
    disabledInstrumentations: str(env, 'OTEL_NODE_DISABLED_INSTRUMENTATIONS')
      ?.split(',')
      .map((name) => name.trim()),
    // agent variables
    runtimeMetrics: bool(env, 'AGENT_OTEL_RUNTIME_METRICS', 'true'),
    eventLoopResolutionMs: positiveInt(env, 'AGENT_OTEL_EVENT_LOOP_RESOLUTION_MS', '50'),
    agentId: str(env, 'AGENT_OTEL_AGENT_ID'),
    agentName: str(env, 'AGENT_OTEL_AGENT_NAME'),
    agentRole: str(env, 'AGENT_OTEL_AGENT_ROLE'),
    instanceId: str(env, 'AGENT_OTEL_INSTANCE_ID'),
    counterNamespace: identifier(env, 'AGENT_OTEL_COUNTER_NAMESPACE', 'anti_drift'),
    countersFile: str(env, 'AGENT_OTEL_COUNTERS_FILE'),
    expressLayerSpans: bool(env, 'AGENT_OTEL_EXPRESS_LAYER_SPANS', 'false'),
    heartbeatEnabled: bool(env, 'AGENT_OTEL_HEARTBEAT_ENABLED', 'true'),
    heartbeatEndpoint: httpUrl(env, 'AGENT_OTEL_HEARTBEAT_ENDPOINT', 'http://127.0.0.1:9412'),
    heartbeatToken: str(env, 'AGENT_OTEL_HEARTBEAT_TOKEN'),
    heartbeatIntervalMs: positiveInt(env, 'AGENT_OTEL_HEARTBEAT_INTERVAL_MS', '30000'),
    shutdownTimeoutMs: positiveInt(env, 'AGENT_OTEL_SHUTDOWN_TIMEOUT_MS', '5000'),
    contentCaptureMode: readContentCaptureMode(env),
    pricesFile: str(env, PRICES_FILE_ENV),
    costBudgetUsd: readCostBudget(env),
    admin: readAdminEnv(env),
  };
}
