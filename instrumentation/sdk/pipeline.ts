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
import type { ResolvedConfig } from '../config/internal-types';
import { logExporter, metricExporter, traceExporter } from './otlp-exporters';

// the exporting half of each signal, one processor or reader per configured exporter. batch
// processors have capped queues, so a collector that is down or slow drops the overflow
// (reported by the sdk) instead of growing memory.

export function spanProcessors(cfg: ResolvedConfig): SpanProcessor[] {
  return cfg.tracesExporters.map((kind) => {
    if (kind === 'console') return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
    const target = {
      protocol: cfg.tracesProtocol,
      url: cfg.tracesUrl,
      headers: cfg.headers,
      timeoutMs: cfg.tracesTimeoutMs,
    };
    return new BatchSpanProcessor({
      exporter: traceExporter(target),
      maxQueueSize: cfg.spanQueueSize,
      maxExportBatchSize: cfg.spanBatchSize,
      scheduledDelayMillis: cfg.spanScheduleDelayMs,
      exportTimeoutMillis: cfg.spanExportTimeoutMs,
    });
  });
}

export function metricReaders(cfg: ResolvedConfig): IMetricReader[] {
  return cfg.metricsExporters.map((kind) => {
    const target = {
      protocol: cfg.metricsProtocol,
      url: cfg.metricsUrl,
      headers: cfg.headers,
      timeoutMs: cfg.metricsTimeoutMs,
    };
    return new PeriodicExportingMetricReader({
      exporter: kind === 'console' ? new ConsoleMetricExporter() : metricExporter(target),
      exportIntervalMillis: cfg.metricExportIntervalMs,
      exportTimeoutMillis: cfg.metricExportTimeoutMs,
    });
  });
}

export function logRecordProcessors(cfg: ResolvedConfig): LogRecordProcessor[] {
  return cfg.logsExporters.map((kind) => {
    if (kind === 'console') return new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() });
    const target = {
      protocol: cfg.logsProtocol,
      url: cfg.logsUrl,
      headers: cfg.headers,
      timeoutMs: cfg.logsTimeoutMs,
    };
    return new BatchLogRecordProcessor({
      exporter: logExporter(target),
      maxQueueSize: cfg.logQueueSize,
      maxExportBatchSize: cfg.logBatchSize,
      scheduledDelayMillis: cfg.logScheduleDelayMs,
      exportTimeoutMillis: cfg.logExportTimeoutMs,
    });
  });
}
