import assert from 'node:assert/strict';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { recordMessageConsumed, recordMessageSent } from '../../../instrumentation/messaging-metrics';

// the messaging counters against a real meter provider, read on demand.
describe('instrumentation/messaging-metrics', () => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  before(() => metrics.setGlobalMeterProvider(provider));
  after(async () => {
    await provider.shutdown();
    metrics.disable();
  });

  async function read(name: string): Promise<Record<string, number>> {
    exporter.reset();
    await reader.forceFlush();
    const out: Record<string, number> = {};
    for (const rm of exporter.getMetrics())
      for (const sm of rm.scopeMetrics)
        for (const m of sm.metrics) {
          if (m.descriptor.name !== name) continue;
          assert.equal(m.descriptor.unit, '{message}');
          for (const p of m.dataPoints) out[JSON.stringify(p.attributes)] = p.value as number;
        }
    return out;
  }

  it('counts sent messages per recipient with the semantic-convention attributes', async () => {
    recordMessageSent({ destination: 'tdd-expert-1', system: 'nats' });
    recordMessageSent({ destination: 'tdd-expert-1', system: 'nats', count: 4 });
    recordMessageSent({ destination: 'tdd-expert-1', system: 'nats', errorType: 'timeout' });
    assert.deepEqual(await read('messaging.client.sent.messages'), {
      '{"messaging.operation.name":"send","messaging.system":"nats","messaging.destination.name":"tdd-expert-1"}': 5,
      '{"messaging.operation.name":"send","messaging.system":"nats","messaging.destination.name":"tdd-expert-1","error.type":"timeout"}': 1,
    });
  });

  it('counts consumed messages; a bad count records nothing', async () => {
    recordMessageConsumed();
    recordMessageConsumed({ count: 2, operation: 'process' });
    recordMessageConsumed({ count: -1 });
    recordMessageConsumed({ count: Number.NaN });
    assert.deepEqual(await read('messaging.client.consumed.messages'), {
      '{"messaging.operation.name":"receive"}': 1,
      '{"messaging.operation.name":"process"}': 2,
    });
  });
});
