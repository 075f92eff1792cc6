import {
  BatchLogRecordProcessor,
  ConsoleLogRecordExporter,
  type LogRecordProcessor,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  ConsoleMetricExporter,
  type IMetricReader,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { DEFAULT_EXPORT_TIMEOUT_MS } from './defaults';
import type { ResolvedConfig } from './internal-types';
import { logExporter, metricExporter, traceExporter } from './otlp-exporters';

// the exporting half of each signal. batch processors have capped queues, so a collector that
// is down or slow drops the overflow (reported by the sdk) instead of growing memory.

export function spanProcessors(cfg: ResolvedConfig): SpanProcessor[] {
  if (cfg.tracesExporter === 'none') return [];
  if (cfg.tracesExporter === 'console')
    return [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })];
  const exporter = traceExporter({ protocol: cfg.tracesProtocol, url: cfg.tracesUrl, headers: cfg.headers });
  return [
    new BatchSpanProcessor({
      exporter,
      maxQueueSize: cfg.spanQueueSize,
      maxExportBatchSize: Math.min(512, cfg.spanQueueSize),
      scheduledDelayMillis: cfg.spanScheduleDelayMs,
      exportTimeoutMillis: DEFAULT_EXPORT_TIMEOUT_MS,
    }),
  ];
}

export function metricReaders(cfg: ResolvedConfig): IMetricReader[] {
  if (cfg.metricsExporter === 'none') return [];
  const exporter =
    cfg.metricsExporter === 'console'
      ? new ConsoleMetricExporter()
      : metricExporter({ protocol: cfg.metricsProtocol, url: cfg.metricsUrl, headers: cfg.headers });
  return [
    new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: cfg.metricExportIntervalMs,
      exportTimeoutMillis: Math.min(DEFAULT_EXPORT_TIMEOUT_MS, cfg.metricExportIntervalMs),
    }),
  ];
}

export function logRecordProcessors(cfg: ResolvedConfig): LogRecordProcessor[] {
  if (cfg.logsExporter === 'none') return [];
  if (cfg.logsExporter === 'console') {
    return [new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() })];
  }
  const exporter = logExporter({ protocol: cfg.logsProtocol, url: cfg.logsUrl, headers: cfg.headers });
  return [
    new BatchLogRecordProcessor({
      exporter,
      maxQueueSize: cfg.logQueueSize,
      maxExportBatchSize: Math.min(512, cfg.logQueueSize),
      scheduledDelayMillis: cfg.logScheduleDelayMs,
      exportTimeoutMillis: DEFAULT_EXPORT_TIMEOUT_MS,
    }),
  ];
}
