import { context, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  type LogRecordExporter,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import type { ParsedLog } from './parser';

export interface LogExporterOptions {
  /** resource attributes; `{name}` is replaced by the path capture of that name. */
  resource: Record<string, string>;
  /** OTLP/HTTP logs URL; unset, the exporter reads OTEL_EXPORTER_OTLP_* itself. */
  url?: string;
  /** most distinct resources (agents); later ones share one provider. Default: 256. */
  maxResources?: number;
  /** a prepared exporter (tests); replaces `url`. */
  exporter?: LogRecordExporter;
}

/**
 * passes exports through and counts failures, so the receiver can rewind instead of losing logs,
 * and counts the records whose export has ended, so it can tell how many still wait in a queue.
 */
class CountingExporter implements LogRecordExporter {
  failures = 0;
  settled = 0;
  constructor(private readonly inner: LogRecordExporter) {}
  export(logs: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.inner.export(logs, (result) => {
      this.settled += logs.length;
      if (result.code !== ExportResultCode.SUCCESS) this.failures++;
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * records one provider's queue holds. A full queue drops records silently, so the receiver keeps
 * what is queued well below it (`pending`, and a line budget per poll) instead of losing lines.
 */
export const QUEUE_SIZE = 65_536;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** the resource of one file: configured attributes with its path captures filled in. */
export function resourceAttributes(
  template: Record<string, string>,
  captures: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(template)) {
    let missing = false;
    const value = v.replace(PLACEHOLDER, (_m, name: string) => {
      if (captures[name] === undefined) missing = true;
      return captures[name] ?? '';
    });
    // an attribute whose placeholder the path did not capture is left out, not sent half-filled.
    if (!missing) out[k] = value;
  }
  return out;
}

/** one LoggerProvider per resource (agent), all exporting through one counting exporter. */
export class LogExporterPool {
  private readonly exporter: CountingExporter;
  private readonly providers = new Map<string, LoggerProvider>();
  private readonly maxResources: number;
  private emitted = 0;

  constructor(private readonly options: LogExporterOptions) {
    this.exporter = new CountingExporter(
      options.exporter ?? new OTLPLogExporter(options.url ? { url: options.url } : {}),
    );
    this.maxResources = options.maxResources ?? 256;
  }

  get failures(): number {
    return this.exporter.failures;
  }

  /** records handed to a provider whose export has not ended yet. */
  get pending(): number {
    return this.emitted - this.exporter.settled;
  }

  private provider(attrs: Record<string, string>): LoggerProvider {
    let key = JSON.stringify(Object.entries(attrs).sort());
    if (!this.providers.has(key) && this.providers.size >= this.maxResources) key = 'overflow';
    let provider = this.providers.get(key);
    if (!provider) {
      provider = new LoggerProvider({
        resource: defaultResource().merge(resourceFromAttributes(key === 'overflow' ? {} : attrs)),
        processors: [
          new BatchLogRecordProcessor({
            exporter: this.exporter,
            maxQueueSize: QUEUE_SIZE,
            maxExportBatchSize: 2048,
            scheduledDelayMillis: 200,
          }),
        ],
      });
      this.providers.set(key, provider);
    }
    return provider;
  }

  emit(log: ParsedLog, captures: Record<string, string>, extra: Record<string, string | number>): void {
    const attrs = resourceAttributes(this.options.resource, captures);
    const logger = this.provider(attrs).getLogger('agent-otel.logs');
    this.emitted++;
    // trace and span id travel in the record's context, so the logs backend links the record to its trace.
    const ctx =
      log.traceId && log.spanId
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: log.traceId,
            spanId: log.spanId,
            traceFlags: TraceFlags.SAMPLED,
          })
        : context.active();
    logger.emit({
      timestamp: log.timeMs,
      observedTimestamp: Date.now(),
      severityNumber: log.severityNumber,
      severityText: log.severityText,
      body: log.body,
      attributes: {
        ...log.attributes,
        ...extra,
        ...(log.traceId && !log.spanId ? { trace_id: log.traceId } : {}),
      },
      context: ctx,
    });
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this.providers.values()].map((p) => p.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled([...this.providers.values()].map((p) => p.shutdown()));
  }
}
