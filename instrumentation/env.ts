import {
  bool,
  type Env,
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
import type { OtlpProtocol } from './types';

// the one place that reads the environment: standard OTEL_* variables first, then the agent
// variables. the result holds only valid values; config.ts applies the precedence.

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
    logLevel: oneOf(env, 'OTEL_LOG_LEVEL', LOG_LEVELS, 'warn'),
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
    tracesExporter: oneOf(env, 'OTEL_TRACES_EXPORTER', EXPORTERS, exporterFallback),
    metricsExporter: oneOf(env, 'OTEL_METRICS_EXPORTER', EXPORTERS, exporterFallback),
    logsExporter: oneOf(env, 'OTEL_LOGS_EXPORTER', EXPORTERS, exporterFallback),
    sampler: sampler(env),
    metricExportIntervalMs: positiveInt(env, 'OTEL_METRIC_EXPORT_INTERVAL', '60000'),
    spanQueueSize: positiveInt(env, 'OTEL_BSP_MAX_QUEUE_SIZE', '2048'),
    spanScheduleDelayMs: positiveInt(env, 'OTEL_BSP_SCHEDULE_DELAY', '5000'),
    logQueueSize: positiveInt(env, 'OTEL_BLRP_MAX_QUEUE_SIZE', '2048'),
    logScheduleDelayMs: positiveInt(env, 'OTEL_BLRP_SCHEDULE_DELAY', '1000'),
    enabledInstrumentations: str(env, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS')
      ?.split(',')
      .map((name) => name.trim()),
    // agent variables
    agentId: str(env, 'AGENT_OTEL_AGENT_ID'),
    agentName: str(env, 'AGENT_OTEL_AGENT_NAME'),
    agentRole: str(env, 'AGENT_OTEL_AGENT_ROLE'),
    instanceId: str(env, 'AGENT_OTEL_INSTANCE_ID'),
    counterNamespace: identifier(env, 'AGENT_OTEL_COUNTER_NAMESPACE', 'anti_drift'),
    countersFile: str(env, 'AGENT_OTEL_COUNTERS_FILE'),
    heartbeatEnabled: bool(env, 'AGENT_OTEL_HEARTBEAT_ENABLED', 'true'),
    heartbeatEndpoint: httpUrl(env, 'AGENT_OTEL_HEARTBEAT_ENDPOINT', 'http://127.0.0.1:9412'),
    heartbeatToken: str(env, 'AGENT_OTEL_HEARTBEAT_TOKEN'),
    heartbeatIntervalMs: positiveInt(env, 'AGENT_OTEL_HEARTBEAT_INTERVAL_MS', '30000'),
    shutdownTimeoutMs: positiveInt(env, 'AGENT_OTEL_SHUTDOWN_TIMEOUT_MS', '5000'),
  };
}
