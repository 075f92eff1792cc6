import { ValueType } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, millisToHrTime } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import type { Resource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type PushMetricExporter,
  type ResourceMetrics,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { type LedgerState, seriesKey } from './ledger';

export interface CounterExporterOptions {
  resource: Resource;
  /** OTLP/HTTP metrics URL; unset, the exporter reads OTEL_EXPORTER_OTLP_* itself. */
  url?: string;
  /** a prepared exporter (benchmarks, tests); replaces `url`. */
  exporter?: PushMetricExporter;
}

/** what one export sent, so the receiver can mark new series as announced after success. */
export interface ExportOutcome {
  ok: boolean;
  error?: Error;
  /** series sent at zero for the first time. */
  announcedKeys: string[];
  series: number;
}

/**
 * Exports committed totals as cumulative monotonic sums with the fixed start time.
 *
 * this builds ResourceMetrics by hand instead of using the SDK MeterProvider: an SDK counter can
 * only add to its own in-memory sum, cannot be restored from a checkpoint, picks its own start
 * time, and never tells which export succeeded. Exactness needs all four: the value exported is
 * the checkpointed total itself, so re-exporting after a crash or an outage sends the same number.
 *
 * a series never exported before is sent at 0 first and at its real total only after that export
 * succeeded (a later, newer sample): prometheus's increase() and rate() need two samples, so a
 * brand-new series that first appeared at 1 would otherwise look like no increase at all.
 */
export class CounterExporter {
  private readonly exporter: PushMetricExporter;
  private lastEndMs = 0;

  constructor(private readonly options: CounterExporterOptions) {
    this.exporter = options.exporter ?? new OTLPMetricExporter(options.url ? { url: options.url } : {});
  }

  build(state: LedgerState): { metrics: ResourceMetrics; announcedKeys: string[] } {
    // sample timestamps must increase per series, or prometheus rejects them as out of order.
    const endMs = Math.max(Date.now(), this.lastEndMs + 1);
    this.lastEndMs = endMs;
    const startTime = millisToHrTime(state.startTimeMs);
    const endTime = millisToHrTime(endMs);
    const byMetric = new Map<string, SumMetricData & { dataPoints: DataPoint<number>[] }>();
    const announcedKeys: string[] = [];
    for (const s of state.series) {
      let data = byMetric.get(s.metric);
      if (!data) {
        data = {
          descriptor: { name: s.metric, description: '', unit: '', valueType: ValueType.DOUBLE },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          isMonotonic: true,
          dataPoints: [],
        };
        byMetric.set(s.metric, data);
      }
      if (!s.announced) announcedKeys.push(seriesKey(s.metric, s.labels));
      data.dataPoints.push({ startTime, endTime, attributes: s.labels, value: s.announced ? s.value : 0 });
    }
    return {
      metrics: {
        resource: this.options.resource,
        scopeMetrics: [{ scope: { name: 'agent-otel.counters' }, metrics: [...byMetric.values()] }],
      },
      announcedKeys,
    };
  }

  async export(state: LedgerState): Promise<ExportOutcome> {
    if (state.series.length === 0) return { ok: true, announcedKeys: [], series: 0 };
    const { metrics, announcedKeys } = this.build(state);
    const result = await new Promise<ExportResult>((resolve) => this.exporter.export(metrics, resolve));
    const ok = result.code === ExportResultCode.SUCCESS;
    return { ok, error: result.error, announcedKeys: ok ? announcedKeys : [], series: state.series.length };
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }
}
