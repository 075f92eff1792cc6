import assert from 'node:assert/strict';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import {
  CostRecorder,
  MAX_UNPRICED_MODELS,
  OTHER_MODEL,
  usageCost,
} from '../../../instrumentation/gen-ai-cost';
import type { PriceTable, TokenUsage } from '../../../instrumentation/types';
import { spyOnDiag } from './diag-spy';

const PRICES: PriceTable = {
  models: { 'm-1': { input: 2, output: 8, cachedInput: 0.5 }, 'm-2': { input: 3, output: 15 } },
};

// a real meter provider, read on demand: every series of a metric as "attrs json" -> value
async function harness(prices: PriceTable | undefined, budget?: number) {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  const recorder = new CostRecorder('agent-1', prices, budget, provider);
  async function read(name: string): Promise<Map<string, number>> {
    exporter.reset();
    await reader.forceFlush();
    const out = new Map<string, number>();
    for (const rm of exporter.getMetrics()) {
      for (const sm of rm.scopeMetrics) {
        for (const m of sm.metrics) {
          if (m.descriptor.name !== name) continue;
          for (const p of m.dataPoints) out.set(JSON.stringify(p.attributes), p.value as number);
        }
      }
    }
    return out;
  }
  return { recorder, read, stop: () => provider.shutdown() };
}

const key = (model: string, extra: Record<string, string> = {}) =>
  JSON.stringify({ 'gen_ai.agent.id': 'agent-1', 'gen_ai.request.model': model, ...extra });

describe('instrumentation/gen-ai-cost', () => {
  it('usageCost: USD per 1M tokens, cached input at its own price (cached tokens are part of input)', () => {
    assert.equal(usageCost({ inputTokens: 250_000, outputTokens: 125_000 }, PRICES.models['m-1']), 1.5);
    // 200k input of which 100k cached: 100k at 2 + 100k at 0.5
    assert.equal(usageCost({ inputTokens: 200_000, cachedInputTokens: 100_000 }, PRICES.models['m-1']), 0.25);
    // without a cached price, cached tokens cost the input price
    assert.equal(usageCost({ inputTokens: 1_000_000, cachedInputTokens: 500_000 }, PRICES.models['m-2']), 3);
    // missing, negative and non-finite counts are none
    assert.equal(usageCost({ inputTokens: -5, outputTokens: Number.NaN }, PRICES.models['m-1']), 0);
    assert.equal(usageCost({ inputTokens: Number.POSITIVE_INFINITY }, PRICES.models['m-1']), 0);
  });

  it('announces every priced model at 0, then adds the cost of each usage', async () => {
    const h = await harness(PRICES);
    assert.deepEqual(
      await h.read('agent_otel.gen_ai.cost'),
      new Map([
        [key('m-1'), 0],
        [key('m-2'), 0],
      ]),
    );
    h.recorder.record({ model: 'm-1', inputTokens: 250_000, outputTokens: 125_000 });
    h.recorder.record({ model: 'm-1', inputTokens: 250_000 });
    assert.equal((await h.read('agent_otel.gen_ai.cost')).get(key('m-1')), 2);
    await h.stop();
  });

  it('counts the tokens of a model without a price (or without a model) as unpriced, warning once per model', async () => {
    const h = await harness(PRICES);
    const spy = spyOnDiag();
    try {
      h.recorder.record({ model: 'mystery', inputTokens: 10, outputTokens: 4 });
      h.recorder.record({ model: 'mystery', inputTokens: 5 });
      h.recorder.record({ inputTokens: 7 });
      const unpriced = await h.read('agent_otel.gen_ai.unpriced_tokens');
      assert.equal(unpriced.get(key('mystery', { 'gen_ai.token.type': 'input' })), 15);
      assert.equal(unpriced.get(key('mystery', { 'gen_ai.token.type': 'output' })), 4);
      assert.equal(unpriced.get(key('', { 'gen_ai.token.type': 'input' })), 7);
      assert.equal(spy.warnings.filter((w) => w.includes('"mystery"')).length, 1);
      assert.ok(!(await h.read('agent_otel.gen_ai.cost')).has(key('mystery')));
    } finally {
      spy.restore();
      await h.stop();
    }
  });

  it(`caps distinct unpriced models at ${MAX_UNPRICED_MODELS}; the rest share ${OTHER_MODEL}, nothing dropped`, async () => {
    const h = await harness(undefined);
    const spy = spyOnDiag();
    try {
      for (let i = 0; i < MAX_UNPRICED_MODELS + 20; i++)
        h.recorder.record({ model: `id-${i}`, inputTokens: 1 });
      const unpriced = await h.read('agent_otel.gen_ai.unpriced_tokens');
      assert.equal(unpriced.size, MAX_UNPRICED_MODELS + 1);
      assert.equal(unpriced.get(key(OTHER_MODEL, { 'gen_ai.token.type': 'input' })), 20);
      assert.equal(
        [...unpriced.values()].reduce((a, b) => a + b, 0),
        MAX_UNPRICED_MODELS + 20,
      );
    } finally {
      spy.restore();
      await h.stop();
    }
  });

  it('exports the budget as a gauge when one is set, none otherwise', async () => {
    const withBudget = await harness(PRICES, 25);
    assert.deepEqual(
      await withBudget.read('agent_otel.gen_ai.cost.budget'),
      new Map([[JSON.stringify({ 'gen_ai.agent.id': 'agent-1' }), 25]]),
    );
    await withBudget.stop();
    const without = await harness(PRICES);
    assert.equal((await without.read('agent_otel.gen_ai.cost.budget')).size, 0);
    await without.stop();
  });

  // model-based: whatever the sequence of usages, each priced model's exported cost is the sum of
  // its usages' costs (in the same order) and every unpriced token is counted once.
  it('property: exported totals equal the model of sums, nothing lost or double counted', async () => {
    const usage = fc.record({
      model: fc.constantFrom('m-1', 'm-2', 'x', 'y'),
      inputTokens: fc.nat(2_000_000),
      outputTokens: fc.nat(2_000_000),
      cachedInputTokens: fc.nat(2_000_000),
    });
    const spy = spyOnDiag();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(usage, { maxLength: 40 }), async (usages: TokenUsage[]) => {
          const h = await harness(PRICES);
          const cost = new Map<string, number>([
            [key('m-1'), 0],
            [key('m-2'), 0],
          ]);
          const unpriced = new Map<string, number>();
          for (const u of usages) {
            h.recorder.record(u);
            const price = PRICES.models[u.model ?? ''];
            if (price) cost.set(key(u.model!), (cost.get(key(u.model!)) ?? 0) + usageCost(u, price));
            else {
              for (const [type, n] of [
                ['input', u.inputTokens ?? 0],
                ['output', u.outputTokens ?? 0],
              ] as const) {
                if (n === 0) continue;
                const k = key(u.model!, { 'gen_ai.token.type': type });
                unpriced.set(k, (unpriced.get(k) ?? 0) + n);
              }
            }
          }
          assert.deepEqual(await h.read('agent_otel.gen_ai.cost'), cost);
          assert.deepEqual(await h.read('agent_otel.gen_ai.unpriced_tokens'), unpriced);
          await h.stop();
        }),
        { numRuns: 50 },
      );
    } finally {
      spy.restore();
    }
  });
});
