import assert from 'node:assert/strict';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SumMetricData } from '@opentelemetry/sdk-metrics';
import { CardinalityGuard } from '../../../processors/counters/cardinality';
import { CounterExporter } from '../../../processors/counters/exporter';
import { Ledger } from '../../../processors/counters/ledger';

const inc = (labels: Record<string, string>, value = 1) => ({ metric: 'm', value, labels });

describe('counters ledger and cardinality guard', () => {
  it('keeps one running total per label set, whatever the key order', () => {
    const ledger = new Ledger(new CardinalityGuard());
    ledger.add(inc({ a: '1', b: '2' }));
    ledger.add(inc({ b: '2', a: '1' }, 2));
    assert.deepEqual(
      ledger.state().series.map((s) => s.value),
      [3],
    );
  });

  it('keeps label sets apart whatever control characters their values hold', () => {
    const ledger = new Ledger(new CardinalityGuard());
    // with a separator-joined key these two were one series: a="1" b="2" and a="1<NUL>b<SOH>2".
    ledger.add(inc({ a: '1', b: '2' }));
    ledger.add(inc({ a: '1\u0000b\u00012' }));
    ledger.add(inc({ a: '1\u0001', b: '2' }));
    ledger.add(inc({ a: '1', b: '\u00012' }));
    assert.equal(ledger.size, 4);
    assert.deepEqual(
      ledger.state().series.map((s) => s.value),
      [1, 1, 1, 1],
    );
  });

  it('puts every total back, and removes new series, when the commit of a batch fails', () => {
    const ledger = new Ledger(new CardinalityGuard({ maxSeriesPerMetric: 2 }));
    ledger.add(inc({ t: 'a' }, 0.1));
    const before = ledger.state();
    assert.throws(
      () =>
        ledger.addAll([inc({ t: 'a' }, 0.2), inc({ t: 'b' }), inc({ t: 'c' }), inc({ t: 'a' })], () => {
          throw new Error('disk full');
        }),
      /disk full/,
    );
    assert.deepEqual(ledger.state(), before);
    // the cap counts what is really there: b is a new series again, not an overflow.
    assert.equal(ledger.add(inc({ t: 'b' })).overflow, false);
  });

  it('folds series over the cap into the overflow series and reports it', () => {
    const ledger = new Ledger(new CardinalityGuard({ maxSeriesPerMetric: 2 }));
    const results = ['a', 'b', 'c', 'd'].map((t) => ledger.add(inc({ t })));
    assert.deepEqual(
      results.map((r) => r.overflow),
      [false, false, true, true],
    );
    const overflow = ledger.state().series.find((s) => s.labels.otel_metric_overflow === 'true');
    assert.equal(overflow?.value, 2);
  });

  it('drops denied keys and keeps only allowed ones', () => {
    const deny = new Ledger(new CardinalityGuard({ denyKeys: ['secret'] }));
    assert.deepEqual(deny.add(inc({ a: '1', secret: 's' })).dropped, ['secret']);
    const allow = new Ledger(new CardinalityGuard({ allowKeys: ['a'] }));
    const r = allow.add(inc({ a: '1', b: '2' }));
    assert.deepEqual(r.labels, { a: '1' });
  });

  it('restores totals, start time and the cap from a checkpointed state', () => {
    const first = new Ledger(new CardinalityGuard({ maxSeriesPerMetric: 1 }));
    first.add(inc({ t: 'a' }, 5));
    const again = new Ledger(new CardinalityGuard({ maxSeriesPerMetric: 1 }), first.state());
    assert.equal(again.startTimeMs, first.startTimeMs);
    assert.equal(again.add(inc({ t: 'b' })).overflow, true);
    assert.equal(again.state().series.find((s) => s.labels.t === 'a')?.value, 5);
  });
});

describe('counters exporter', () => {
  it('sends a new series at 0 first, its total after the zero was announced, with one start time', () => {
    const ledger = new Ledger(new CardinalityGuard());
    ledger.add(inc({ t: 'a' }, 4));
    const exporter = new CounterExporter({ resource: resourceFromAttributes({}), exporter: {} as never });
    const first = exporter.build(ledger.state());
    const point = (b: typeof first) => (b.metrics.scopeMetrics[0].metrics[0] as SumMetricData).dataPoints[0];
    assert.equal(point(first).value, 0);
    assert.equal(first.announcedKeys.length, 1);
    ledger.announce(first.announcedKeys);
    const second = exporter.build(ledger.state());
    assert.equal(point(second).value, 4);
    assert.deepEqual(point(second).startTime, point(first).startTime);
    assert.ok(
      point(second).endTime[0] * 1e9 + point(second).endTime[1] >
        point(first).endTime[0] * 1e9 + point(first).endTime[1],
      'sample timestamps increase',
    );
    const metric = second.metrics.scopeMetrics[0].metrics[0] as SumMetricData;
    assert.equal(metric.isMonotonic, true);
    assert.equal(metric.descriptor.name, 'm');
  });
});
