import type { Meter } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import {
  type CollectionResult,
  MeterProvider,
  type MetricCollectOptions,
  type MetricProducer,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';

/**
 * The OTLP output of a processor service: its own meter and logger, exported over OTLP/HTTP
 * (metrics as protobuf: a fleet's per-agent series are several times smaller, and cheaper to encode, than as JSON).
 * Exporter endpoint, headers and timeouts come from the standard OTEL_EXPORTER_OTLP_* variables,
 * which the OTLP exporters read themselves.
 */
export interface ServiceTelemetryOptions {
  serviceName: string;
  /** extra resource attributes; they win over OTEL_RESOURCE_ATTRIBUTES and the defaults. */
  resourceAttributes?: Record<string, string>;
  /** how often metrics are exported. Default: 10 s (OTEL_METRIC_EXPORT_INTERVAL via the service env). */
  exportIntervalMillis?: number;
}

export const DEFAULT_EXPORT_INTERVAL_MS = 10_000;
/**
 * data points per OTLP metrics request. The reader encodes and sends one request at a time, each
 * in one go: 2 000 points keep a large fleet's export well under receivers' body limits and each
 * encoding to a few ms of the event loop (20 000 held it for 10-40 ms, delaying intake as long).
 */
export const EXPORT_BATCH_POINTS = 2_000;

/**
 * series a service builds itself at each export (e.g. one per agent), added after the shell
 * made the telemetry: a reader takes its producers only when it is made.
 */
class AddedProducers implements MetricProducer {
  readonly producers: MetricProducer[] = [];

  async collect(options?: MetricCollectOptions): Promise<CollectionResult> {
    const results = await Promise.all(this.producers.map((p) => p.collect(options)));
    return {
      // the reader keeps its own resource; only the scope metrics of a producer are used.
      resourceMetrics: {
        resource: resourceFromAttributes({}),
        scopeMetrics: results.flatMap((r) => r.resourceMetrics.scopeMetrics),
      },
      errors: results.flatMap((r) => r.errors),
    };
  }
}

export interface ServiceTelemetry {
  meter: Meter;
  logger: Logger;
  meterProvider: MeterProvider;
  loggerProvider: LoggerProvider;
  /** adds series that the service builds itself at each export. */
  addMetricProducer(producer: MetricProducer): void;
  /** exports everything pending. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function createServiceTelemetry(options: ServiceTelemetryOptions): ServiceTelemetry {
  // precedence, lowest first: sdk defaults, the service's own name, OTEL_RESOURCE_ATTRIBUTES and
  // OTEL_SERVICE_NAME (so operators can rename or tag a receiver), then explicit attributes.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': options.serviceName }))
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes(options.resourceAttributes ?? {}));
  const exportIntervalMillis = options.exportIntervalMillis ?? DEFAULT_EXPORT_INTERVAL_MS;
  const added = new AddedProducers();
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis,
        exportTimeoutMillis: Math.min(exportIntervalMillis, 30_000),
        metricProducers: [added],
        maxExportBatchSize: EXPORT_BATCH_POINTS,
      }),
    ],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter(), scheduledDelayMillis: 500 })],
  });
  return {
    meter: meterProvider.getMeter(options.serviceName),
    logger: loggerProvider.getLogger(options.serviceName),
    meterProvider,
    loggerProvider,
    addMetricProducer: (producer) => added.producers.push(producer),
    async flush() {
      await Promise.all([meterProvider.forceFlush(), loggerProvider.forceFlush()]);
    },
    async shutdown() {
      await Promise.allSettled([meterProvider.shutdown(), loggerProvider.shutdown()]);
    },
  };
}
