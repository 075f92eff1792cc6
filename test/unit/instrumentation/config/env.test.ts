import assert from 'node:assert/strict';
import { readEnvConfig } from '../../../../instrumentation/config/env';
import type { EnvConfig } from '../../../../instrumentation/config/internal-types';
import { spyOnDiag } from '../diag-spy';

// each row: an environment, the parsed fields expected, and the warnings expected (substrings of
// the one message: the variable, the value, what is allowed, the fallback).
const TABLE: { name: string; env: Record<string, string>; expect: Partial<EnvConfig>; warn?: string[] }[] = [
  { name: 'empty environment', env: {}, expect: { disabled: undefined, serviceName: undefined } },
  { name: 'sdk disabled', env: { OTEL_SDK_DISABLED: 'true' }, expect: { disabled: true } },
  {
    name: 'blank values count as unset',
    env: { OTEL_SERVICE_NAME: '  ' },
    expect: { serviceName: undefined },
  },
  {
    name: 'bad boolean',
    env: { OTEL_SDK_DISABLED: 'yes' },
    expect: { disabled: undefined },
    warn: ['OTEL_SDK_DISABLED="yes"', 'true, false', 'using false'],
  },
  {
    name: 'resource attributes, percent-decoded',
    env: { OTEL_RESOURCE_ATTRIBUTES: 'team=a%20b,gen_ai.agent.id=x' },
    expect: { resourceAttributes: { team: 'a b', 'gen_ai.agent.id': 'x' } },
  },
  {
    name: 'bad resource attribute pair is skipped',
    env: { OTEL_RESOURCE_ATTRIBUTES: 'ok=1,broken' },
    expect: { resourceAttributes: { ok: '1' } },
    warn: ['OTEL_RESOURCE_ATTRIBUTES="broken"', 'skipping that pair'],
  },
  {
    name: 'endpoint url',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
    expect: { endpoint: 'http://collector:4318' },
  },
  {
    name: 'bad endpoint url',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
    expect: { endpoint: undefined },
    warn: ['OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318"', 'http://', 'using http://127.0.0.1:4318'],
  },
  {
    name: 'protocols, general and per signal',
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'HTTP/JSON' },
    expect: { protocol: 'grpc', logsProtocol: 'http/json', tracesProtocol: undefined },
  },
  {
    name: 'unsupported protocol',
    env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/thrift', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'udp' },
    expect: { protocol: undefined, tracesProtocol: undefined },
    warn: [
      'OTEL_EXPORTER_OTLP_PROTOCOL="http/thrift"',
      'allowed: http/protobuf, http/json, grpc',
      'using http/protobuf',
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL="udp"',
      'using the general protocol',
    ],
  },
  { name: 'exporters none', env: { OTEL_LOGS_EXPORTER: 'none' }, expect: { logsExporters: [] } },
  {
    name: 'exporter lists, comma separated',
    env: { OTEL_TRACES_EXPORTER: 'otlp,console', OTEL_METRICS_EXPORTER: ' Console , otlp ' },
    expect: { tracesExporters: ['otlp', 'console'], metricsExporters: ['console', 'otlp'] },
  },
  {
    name: 'an unknown exporter in a list is skipped',
    env: { OTEL_LOGS_EXPORTER: 'otlp,zipkin' },
    expect: { logsExporters: ['otlp'] },
    warn: ['OTEL_LOGS_EXPORTER="zipkin"', 'otlp, console, none', 'skipping that value'],
  },
  {
    name: 'none along with other exporters is ignored',
    env: { OTEL_TRACES_EXPORTER: 'none,console' },
    expect: { tracesExporters: ['console'] },
    warn: ['OTEL_TRACES_EXPORTER="none"', 'only works on its own'],
  },
  {
    name: 'bad exporter',
    env: { OTEL_TRACES_EXPORTER: 'zipkin' },
    expect: { tracesExporters: undefined },
    warn: ['OTEL_TRACES_EXPORTER="zipkin"', 'otlp, console, none', 'using otlp'],
  },
  {
    name: 'export timeouts and batch size',
    env: {
      OTEL_EXPORTER_OTLP_TIMEOUT: '3000',
      OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: '1000',
      OTEL_BSP_EXPORT_TIMEOUT: '2000',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '64',
      OTEL_METRIC_EXPORT_TIMEOUT: '4000',
    },
    expect: {
      exportTimeoutMs: 3000,
      logsExportTimeoutMs: 1000,
      tracesExportTimeoutMs: undefined,
      spanExportTimeoutMs: 2000,
      spanBatchSize: 64,
      metricExportTimeoutMs: 4000,
    },
  },
  {
    name: 'bad export timeout',
    env: { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '10s' },
    expect: { tracesExportTimeoutMs: undefined },
    warn: ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT="10s"', 'positive integer', 'the general timeout'],
  },
  {
    name: 'log batch settings',
    env: {
      OTEL_BLRP_SCHEDULE_DELAY: '250',
      OTEL_BLRP_EXPORT_TIMEOUT: '3000',
      OTEL_BLRP_MAX_QUEUE_SIZE: '100',
      OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '10',
    },
    expect: { logScheduleDelayMs: 250, logExportTimeoutMs: 3000, logQueueSize: 100, logBatchSize: 10 },
  },
  {
    name: 'bad log batch settings, each named',
    env: {
      OTEL_BLRP_SCHEDULE_DELAY: '1s',
      OTEL_BLRP_EXPORT_TIMEOUT: '-1',
      OTEL_BLRP_MAX_QUEUE_SIZE: '0',
      OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '2.5',
    },
    expect: {
      logScheduleDelayMs: undefined,
      logExportTimeoutMs: undefined,
      logQueueSize: undefined,
      logBatchSize: undefined,
    },
    warn: [
      'OTEL_BLRP_SCHEDULE_DELAY="1s"',
      'OTEL_BLRP_EXPORT_TIMEOUT="-1"',
      'OTEL_BLRP_MAX_QUEUE_SIZE="0"',
      'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE="2.5"',
      'positive integer',
      'using 1000',
      'using 10000',
      'using 2048',
      'using 512',
    ],
  },
  {
    name: 'ratio sampler',
    env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' },
    expect: { sampler: { name: 'traceidratio', ratio: 0.25 } },
  },
  {
    name: 'bad sampler and bad ratio',
    env: { OTEL_TRACES_SAMPLER: 'sometimes', OTEL_TRACES_SAMPLER_ARG: '2' },
    expect: { sampler: undefined },
    warn: ['OTEL_TRACES_SAMPLER="sometimes"', 'OTEL_TRACES_SAMPLER_ARG="2"'],
  },
  {
    name: 'bad metric interval',
    env: { OTEL_METRIC_EXPORT_INTERVAL: '-5' },
    expect: { metricExportIntervalMs: undefined },
    warn: ['OTEL_METRIC_EXPORT_INTERVAL="-5"', 'positive integer', 'using 60000'],
  },
  {
    name: 'agent identity',
    env: { AGENT_OTEL_AGENT_ID: 'a1', AGENT_OTEL_AGENT_NAME: 'Planner', AGENT_OTEL_AGENT_ROLE: 'planner' },
    expect: { agentId: 'a1', agentName: 'Planner', agentRole: 'planner' },
  },
  {
    name: 'bad counter namespace',
    env: { AGENT_OTEL_COUNTER_NAMESPACE: 'anti-drift' },
    expect: { counterNamespace: undefined },
    warn: ['AGENT_OTEL_COUNTER_NAMESPACE="anti-drift"', 'using anti_drift'],
  },
  {
    name: 'heartbeat settings',
    env: {
      AGENT_OTEL_HEARTBEAT_ENDPOINT: 'http://hb:9412',
      AGENT_OTEL_HEARTBEAT_TOKEN: 's3cret',
      AGENT_OTEL_HEARTBEAT_INTERVAL_MS: '1000',
    },
    expect: { heartbeatEndpoint: 'http://hb:9412', heartbeatToken: 's3cret', heartbeatIntervalMs: 1000 },
  },
  {
    name: 'bad heartbeat interval',
    env: { AGENT_OTEL_HEARTBEAT_INTERVAL_MS: '1.5s' },
    expect: { heartbeatIntervalMs: undefined },
    warn: ['AGENT_OTEL_HEARTBEAT_INTERVAL_MS="1.5s"', 'using 30000'],
  },
  {
    name: 'event-loop delay resolution',
    env: { AGENT_OTEL_EVENT_LOOP_RESOLUTION_MS: '20' },
    expect: { eventLoopResolutionMs: 20 },
  },
  {
    name: 'bad event-loop delay resolution',
    env: { AGENT_OTEL_EVENT_LOOP_RESOLUTION_MS: '0' },
    expect: { eventLoopResolutionMs: undefined },
    warn: ['AGENT_OTEL_EVENT_LOOP_RESOLUTION_MS="0"', 'a positive integer', 'using 50'],
  },
  {
    name: 'express layer spans',
    env: { AGENT_OTEL_EXPRESS_LAYER_SPANS: 'true' },
    expect: { expressLayerSpans: true },
  },
  {
    name: 'bad express layer spans flag',
    env: { AGENT_OTEL_EXPRESS_LAYER_SPANS: 'some' },
    expect: { expressLayerSpans: undefined },
    warn: ['AGENT_OTEL_EXPRESS_LAYER_SPANS="some"', 'true, false', 'using false'],
  },
  {
    name: 'enabled instrumentations list',
    env: { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http, express,router' },
    expect: { enabledInstrumentations: ['http', 'express', 'router'] },
  },
  {
    name: 'resource detectors, an unknown one skipped',
    env: { OTEL_NODE_RESOURCE_DETECTORS: 'os, Host,gcp' },
    expect: { resourceDetectors: ['os', 'host'] },
    warn: [
      'OTEL_NODE_RESOURCE_DETECTORS="gcp"',
      'all, none, env, host, os, process, serviceinstance',
      'skipping',
    ],
  },
];

describe('instrumentation/config/env: readEnvConfig', () => {
  for (const row of TABLE) {
    it(row.name, () => {
      const spy = spyOnDiag();
      try {
        const cfg = readEnvConfig(row.env);
        for (const [key, value] of Object.entries(row.expect)) {
          assert.deepEqual(cfg[key as keyof EnvConfig], value, key);
        }
        const expected = row.warn ?? [];
        // one warning per bad variable, each naming it
        const badVars = new Set(expected.map((w) => w.split('=')[0]).filter((v) => /^[A-Z_]+$/.test(v)));
        assert.equal(spy.warnings.length, badVars.size, spy.warnings.join('\n'));
        for (const fragment of expected) {
          assert.ok(
            spy.warnings.some((w) => w.includes(fragment)),
            `no warning contains ${fragment}: ${spy.warnings.join(' | ')}`,
          );
        }
      } finally {
        spy.restore();
      }
    });
  }
});
