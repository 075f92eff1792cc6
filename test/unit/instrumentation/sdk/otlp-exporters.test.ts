import assert from 'node:assert/strict';
import * as LogGrpc from '@opentelemetry/exporter-logs-otlp-grpc';
import * as LogJson from '@opentelemetry/exporter-logs-otlp-http';
import * as LogProto from '@opentelemetry/exporter-logs-otlp-proto';
import * as MetricGrpc from '@opentelemetry/exporter-metrics-otlp-grpc';
import * as MetricJson from '@opentelemetry/exporter-metrics-otlp-http';
import * as MetricProto from '@opentelemetry/exporter-metrics-otlp-proto';
import * as TraceGrpc from '@opentelemetry/exporter-trace-otlp-grpc';
import * as TraceJson from '@opentelemetry/exporter-trace-otlp-http';
import * as TraceProto from '@opentelemetry/exporter-trace-otlp-proto';
import { logExporter, metricExporter, traceExporter } from '../../../../instrumentation/sdk/otlp-exporters';
import type { OtlpProtocol } from '../../../../instrumentation/types';

// each protocol gets the exporter package of that protocol, for every signal.
const CASES: { protocol: OtlpProtocol; url: string; trace: unknown; metric: unknown; log: unknown }[] = [
  {
    protocol: 'http/protobuf',
    url: 'http://127.0.0.1:1/v1/x',
    trace: TraceProto.OTLPTraceExporter,
    metric: MetricProto.OTLPMetricExporter,
    log: LogProto.OTLPLogExporter,
  },
  {
    protocol: 'http/json',
    url: 'http://127.0.0.1:1/v1/x',
    trace: TraceJson.OTLPTraceExporter,
    metric: MetricJson.OTLPMetricExporter,
    log: LogJson.OTLPLogExporter,
  },
  {
    protocol: 'grpc',
    url: 'http://127.0.0.1:1',
    trace: TraceGrpc.OTLPTraceExporter,
    metric: MetricGrpc.OTLPMetricExporter,
    log: LogGrpc.OTLPLogExporter,
  },
];

describe('instrumentation/sdk/otlp-exporters', () => {
  for (const c of CASES) {
    it(`${c.protocol}: the ${c.protocol} exporter of each signal`, async () => {
      const target = {
        protocol: c.protocol,
        url: c.url,
        headers: { authorization: 'Bearer t' },
        timeoutMs: 1000,
      };
      const exporters = [traceExporter(target), metricExporter(target), logExporter(target)];
      assert.ok(exporters[0] instanceof (c.trace as new () => object));
      assert.ok(exporters[1] instanceof (c.metric as new () => object));
      assert.ok(exporters[2] instanceof (c.log as new () => object));
      await Promise.all(exporters.map((e) => e.shutdown()));
    });
  }
});
