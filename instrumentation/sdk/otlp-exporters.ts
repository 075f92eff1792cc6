import type * as Grpc from '@grpc/grpc-js';
import type * as LogGrpc from '@opentelemetry/exporter-logs-otlp-grpc';
import type * as LogJson from '@opentelemetry/exporter-logs-otlp-http';
import type * as LogProto from '@opentelemetry/exporter-logs-otlp-proto';
import type * as MetricGrpc from '@opentelemetry/exporter-metrics-otlp-grpc';
import type * as MetricJson from '@opentelemetry/exporter-metrics-otlp-http';
import type * as MetricProto from '@opentelemetry/exporter-metrics-otlp-proto';
import type * as TraceGrpc from '@opentelemetry/exporter-trace-otlp-grpc';
import type * as TraceJson from '@opentelemetry/exporter-trace-otlp-http';
import type * as TraceProto from '@opentelemetry/exporter-trace-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpProtocol } from '../types';

// one OTLP exporter per signal, of the package for the chosen protocol. each package is loaded
// only when chosen: gRPC brings @grpc/grpc-js and protobuf brings protobufjs, which a process
// using another protocol should not pay for at start.

export interface OtlpTarget {
  protocol: OtlpProtocol;
  url: string;
  headers?: Record<string, string>;
  /** passed to the exporter, so it wins over what the exporter would read from the environment. */
  timeoutMs: number;
}

/** http exporters take headers; gRPC takes metadata (both also read OTEL_EXPORTER_OTLP_HEADERS). */
function options(target: OtlpTarget) {
  const common = { url: target.url, timeoutMillis: target.timeoutMs };
  if (target.protocol !== 'grpc') return { ...common, headers: target.headers };
  if (!target.headers) return common;
  const { Metadata } = require('@grpc/grpc-js') as typeof Grpc;
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(target.headers)) metadata.set(key, value);
  return { ...common, metadata };
}

type Exporters<T> = Record<OtlpProtocol, () => new (opts: ReturnType<typeof options>) => T>;

const TRACE: Exporters<SpanExporter> = {
  'http/protobuf': () =>
    (require('@opentelemetry/exporter-trace-otlp-proto') as typeof TraceProto).OTLPTraceExporter,
  'http/json': () =>
    (require('@opentelemetry/exporter-trace-otlp-http') as typeof TraceJson).OTLPTraceExporter,
  grpc: () => (require('@opentelemetry/exporter-trace-otlp-grpc') as typeof TraceGrpc).OTLPTraceExporter,
};

const METRIC: Exporters<PushMetricExporter> = {
  'http/protobuf': () =>
    (require('@opentelemetry/exporter-metrics-otlp-proto') as typeof MetricProto).OTLPMetricExporter,
  'http/json': () =>
    (require('@opentelemetry/exporter-metrics-otlp-http') as typeof MetricJson).OTLPMetricExporter,
  grpc: () => (require('@opentelemetry/exporter-metrics-otlp-grpc') as typeof MetricGrpc).OTLPMetricExporter,
};

const LOG: Exporters<LogRecordExporter> = {
  'http/protobuf': () =>
    (require('@opentelemetry/exporter-logs-otlp-proto') as typeof LogProto).OTLPLogExporter,
  'http/json': () => (require('@opentelemetry/exporter-logs-otlp-http') as typeof LogJson).OTLPLogExporter,
  grpc: () => (require('@opentelemetry/exporter-logs-otlp-grpc') as typeof LogGrpc).OTLPLogExporter,
};

export const traceExporter = (target: OtlpTarget): SpanExporter =>
  new (TRACE[target.protocol]())(options(target));
export const metricExporter = (target: OtlpTarget): PushMetricExporter =>
  new (METRIC[target.protocol]())(options(target));
export const logExporter = (target: OtlpTarget): LogRecordExporter =>
  new (LOG[target.protocol]())(options(target));
