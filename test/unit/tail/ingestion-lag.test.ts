import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type HistogramMetricData,
  MeterProvider,
  MetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { countersConfigSchema } from '../../../processors/counters/config';
import { CountersReceiver } from '../../../processors/counters/receiver';
import { silentLogger } from '../../../processors/shared/logger';
import { IngestionLag } from '../../../processors/tail/ingestion-lag';
import { tempDir } from './helpers';

/** collects on demand, so a test reads exactly what an export would carry. */
class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

function meter() {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  return { meter: provider.getMeter('test'), reader };
}

async function histogram(reader: TestReader, name: string) {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === name) as HistogramMetricData | undefined;
  return metric?.dataPoints[0]?.value;
}

async function counter(reader: TestReader, name: string) {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === name);
  return Object.fromEntries(
    (metric?.dataPoints ?? []).map((p) => [String(p.attributes.reason), p.value as number]),
  );
}

const T = Date.parse('2026-01-01T00:00:00.000Z');

describe('ingestion lag', () => {
  it('records each line once, at the export that delivered it, as export time minus write time', async () => {
    const { meter: m, reader } = meter();
    const lag = new IngestionLag(m, 'test');
    lag.startRead(T + 1000);
    lag.line(T); // 2 s before the export
    lag.line(T);
    lag.line(T + 1500); // 0.5 s before
    const delivered = lag.take();
    lag.line(T + 1800); // read after the commit: not in this export
    lag.exported(delivered, T + 2000);
    const h = await histogram(reader, 'test.ingestion_lag');
    assert.equal(h?.count, 3);
    assert.equal(h?.sum, 2 + 2 + 0.5);
    lag.exported(lag.take(), T + 3000);
    assert.equal((await histogram(reader, 'test.ingestion_lag'))?.count, 4);
    assert.equal(lag.recorded, 4);
  });

  it('a failed export keeps its lines for the next one; a rewind forgets them', () => {
    const lag = new IngestionLag(undefined, 'test');
    lag.startRead(T);
    for (let i = 0; i < 5; i++) lag.line(T - i * 1000);
    const first = lag.take();
    lag.putBack(first);
    lag.line(T);
    lag.exported(lag.take(), T + 100);
    assert.equal(lag.recorded, 6);
    lag.line(T);
    lag.discard();
    lag.exported(lag.take(), T + 100);
    assert.equal(lag.recorded, 6);
  });

  it('counts lines without a time, and with one after their export, apart', async () => {
    const { meter: m, reader } = meter();
    const lag = new IngestionLag(m, 'test');
    lag.startRead(T);
    lag.untimedLine('missing_timestamp');
    lag.line(T + 60_000);
    lag.line(T);
    lag.exported(lag.take(), T + 10);
    assert.deepEqual(lag.untimed, { missing_timestamp: 1, future_timestamp: 1 });
    assert.deepEqual(await counter(reader, 'test.untimed_lines'), {
      missing_timestamp: 1,
      future_timestamp: 1,
    });
    assert.equal(lag.recorded, 1);
  });

  it('keeps a bounded number of write times for a backlog of old lines, within the rounding', () => {
    const lag = new IngestionLag(undefined, 'test');
    lag.startRead(T);
    // a day of lines, ten a second, read at once: kept per minute, the last 10 minutes per
    // second, the last 10 seconds per 10 ms
    for (let ms = 86_400_000; ms > 0; ms -= 100) lag.line(T - ms);
    const taken = lag.take();
    assert.ok(taken.size <= 24 * 60 + 10 * 60 + 10_000 / 10, `${taken.size} write times kept`);
    assert.equal(
      [...taken.values()].reduce((a, b) => a + b, 0),
      864_000,
    );
    const step = (key: number) => (T - key > 600_000 ? 60_000 : T - key > 10_000 ? 1000 : 10);
    for (const key of taken.keys()) assert.equal(key % step(key), 0);
  });
});

describe('counters receiver ingestion lag', () => {
  const ok: PushMetricExporter = {
    export: (_metrics, done) => done({ code: ExportResultCode.SUCCESS }),
    forceFlush: async () => {},
    shutdown: async () => {},
  };

  it('records the lag of every counted line with a timestamp and counts the others, losing no count', async () => {
    const dir = tempDir();
    const file = join(dir, 'counters.jsonl');
    const written = new Date(Date.now() - 3000).toISOString();
    writeFileSync(file, `{"name":"a","timestamp":"${written}"}\n{"name":"a"}\n`);
    appendFileSync(file, `{"name":"a","timestamp":"yesterday"}\n{"name":"a","timestamp":"${written}"}\n`);
    const { meter: m, reader } = meter();
    const receiver = new CountersReceiver(
      countersConfigSchema.parse({
        include: [file],
        checkpoint: join(dir, 'checkpoint.json'),
        export_interval_ms: 300_000,
        http: { enabled: false },
      }),
      { logger: silentLogger, exporter: ok, meter: m },
    );
    await receiver.start();
    await receiver.flush();
    await receiver.stop();
    assert.equal(receiver.stats.accepted, 3);
    assert.deepEqual(receiver.stats.rejected, { invalid_timestamp: 1 });
    assert.deepEqual(receiver.lag.untimed, { missing_timestamp: 1, future_timestamp: 0 });
    const h = await histogram(reader, 'agent_otel.counters.ingestion_lag');
    assert.equal(h?.count, 2);
    assert.ok(h && h.min !== undefined && h.min >= 3, `lag ${h?.min} s, written 3 s before`);
  });
});
