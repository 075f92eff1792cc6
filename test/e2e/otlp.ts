import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ENDPOINTS } from './stack';

// SDK providers that send straight to the stack's collector over OTLP/HTTP, for tests that
// need telemetry of a known shape. Export on demand with forceFlush().

export function testResource(serviceName: string, attributes: Record<string, string> = {}): Resource {
  return resourceFromAttributes({ 'service.name': serviceName, ...attributes });
}

export function testMeterProvider(resource: Resource): MeterProvider {
  return new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${ENDPOINTS.collectorOtlpHttp}/v1/metrics` }),
        // long enough that only forceFlush() exports
        exportIntervalMillis: 600_000,
      }),
    ],
  });
}

export function testTracerProvider(resource: Resource): TracerProvider {
  const exporter = new OTLPTraceExporter({ url: `${ENDPOINTS.collectorOtlpHttp}/v1/traces` });
  return new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
}

export function testLoggerProvider(resource: Resource): LoggerProvider {
  const exporter = new OTLPLogExporter({ url: `${ENDPOINTS.collectorOtlpHttp}/v1/logs` });
  return new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
