import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { countersConfigSchema } from '../../../processors/counters/config';
import { seriesKey } from '../../../processors/counters/ledger';
import { CountersReceiver } from '../../../processors/counters/receiver';
import { silentLogger } from '../../../processors/shared/logger';
import { CounterLineError, parseCounterText } from '../../../protocol/counter-line';
import { tempDir } from '../tail/helpers';

// lines that look like a line seen before (same name, tags that walk alike) but are not the same:
// the receiver, which skips validating a line it has seen, must judge each as if seen first.
const LINES = [
  '{"name":"a","tags":{"0":"x"}}',
  '{"name":"a","tags":"x"}',
  '{"name":"a","tags":["x"]}',
  '{"name":"a","tags":{"0":"x"},"value":-1}',
  '{"name":"a","tags":{"0":"x"},"timestamp":"yesterday"}',
  '{"name":"a","tags":{"0":"x"},"value":2.5,"timestamp":"2026-12-01T10:00:00.000Z"}',
  '{"name":"a","tags":{"k":1}}',
  '{"name":"a","tags":{"k":"1"}}',
  '{"name":"a","tags":{"k":true}}',
  '{"name":"a","tags":{"k":"true"}}',
  '{"name":"a","tags":{"k":{"v":1}}}',
  '{"name":"a","tags":{"k":null}}',
  '{"name":"a"}',
  '{"name":"a","tags":null}',
  '{"name":"a","tags":{}}',
  '{"name":"a","value":"1"}',
  '{"name":"a","tags":{"0":"x","otel_metric_overflow":"true"}}',
  '{"name":"b.c","tags":{"0":"x"}}',
  '["a"]',
  '{"name":"a","tags":{"0":"x"}}',
];

describe('CountersReceiver: lines like ones seen before', () => {
  it('accepts, rejects and totals every line as if it were the first', async () => {
    // what each line is on its own
    const expectedRejected: Record<string, number> = {};
    const expectedTotals = new Map<string, number>();
    for (const line of LINES) {
      try {
        const inc = parseCounterText(line, { bytes: Buffer.from(line) }, { namespace: 'ns' });
        const key = seriesKey(inc.metric, inc.labels);
        expectedTotals.set(key, (expectedTotals.get(key) ?? 0) + inc.value);
      } catch (err) {
        if (!(err instanceof CounterLineError)) throw err;
        expectedRejected[err.reason] = (expectedRejected[err.reason] ?? 0) + 1;
      }
    }
    const dir = tempDir();
    const file = join(dir, 'counters.jsonl');
    // twice: the second time every line's name and tags are known
    writeFileSync(file, `${[...LINES, ...LINES].join('\n')}\n`);
    let last: ResourceMetrics | undefined;
    const exporter: PushMetricExporter = {
      export: (metrics, done) => {
        last = metrics;
        done({ code: ExportResultCode.SUCCESS });
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const receiver = new CountersReceiver(
      countersConfigSchema.parse({
        namespace: 'ns',
        include: [file],
        checkpoint: join(dir, 'checkpoint.json'),
        poll_interval_ms: 60_000,
        export_interval_ms: 300_000,
        http: { enabled: false },
      }),
      { logger: silentLogger, exporter },
    );
    await receiver.start();
    await receiver.stop();
    const twice = (counts: Record<string, number>) =>
      Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, 2 * n]));
    assert.deepEqual(receiver.stats.rejected, twice(expectedRejected));
    const totals = new Map<string, number>();
    for (const metric of last?.scopeMetrics[0].metrics ?? []) {
      for (const point of metric.dataPoints) {
        totals.set(
          seriesKey(metric.descriptor.name, point.attributes as Record<string, string>),
          point.value as number,
        );
      }
    }
    assert.deepEqual(totals, new Map([...expectedTotals].map(([k, v]) => [k, 2 * v])));
  });
});
