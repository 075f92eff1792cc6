import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CRITERIA, type CriterionId, passes } from '../../../cli/report/criteria';
import { agentFigures, evaluate, groupFigures } from '../../../cli/report/evaluate';
import { DEFAULT_THRESHOLDS, resolveThresholds, thresholdsSchema } from '../../../cli/report/thresholds';
import type { AgentMeasurements, Measurements } from '../../../cli/report/types';

// a healthy agent by the default thresholds
const healthy = (over: Partial<AgentMeasurements> = {}): AgentMeasurements => ({
  upSamples: 1440,
  samples: 1440,
  requests: 10_000,
  errors: 5,
  sent: 100,
  received: 100,
  p50: 40,
  p99: 150,
  restarts: 0,
  cpu: 0.1,
  memorySum: 1440 * 100,
  memorySamples: 1440,
  memoryPeak: 120,
  ...over,
});

const latency = { test: { p50: 40, p99: 150 }, control: { p50: 40, p99: 150 } };

function run(
  agents: Record<string, AgentMeasurements>,
  test: string[],
  control: string[],
  thresholds = DEFAULT_THRESHOLDS,
) {
  const m: Measurements = { agents, latency };
  return evaluate(m, { test, control }, thresholds);
}

const statuses = (e: ReturnType<typeof run>) => Object.fromEntries(e.criteria.map((c) => [c.id, c.status]));

describe('report/evaluate', () => {
  it('GO when every agent passes and the overheads are within bounds', () => {
    const e = run({ t: healthy({ cpu: 0.104 }), c: healthy() }, ['t'], ['c']);
    assert.equal(e.decision, 'GO', e.reasons.join('; '));
    assert.ok(Object.values(statuses(e)).every((s) => s === 'PASS'));
  });

  // one failing figure per criterion, each on its own
  const breakers: [CriterionId, Partial<AgentMeasurements>][] = [
    ['uptime', { upSamples: 1438 }], // 99.86 %
    ['error_rate', { errors: 10 }], // exactly 0.1 %: not below
    ['delivery', { received: 99 }],
    ['latency_p50_ms', { p50: 100 }],
    ['latency_p99_ms', { p99: 200 }],
    ['restarts', { restarts: 0.6 }], // increase() of one restart, extrapolated, rounds to 1
    ['cpu_overhead', { cpu: 0.106 }], // +6 %
    ['memory_overhead', { memorySum: 1440 * 111 }], // +11 %
  ];
  for (const [id, over] of breakers) {
    it(`${id}: fails alone at its threshold, and the decision is NO-GO`, () => {
      const e = run({ t: healthy(over), c: healthy() }, ['t'], ['c']);
      const s = statuses(e);
      assert.equal(s[id], 'FAIL');
      for (const other of CRITERIA.filter((c) => c.id !== id)) assert.equal(s[other.id], 'PASS', other.id);
      assert.equal(e.decision, 'NO-GO');
      assert.equal(e.reasons.length, 1);
    });
  }

  it('uptime: 1 of 1440 samples down passes (> 99.9 %), 2 fail', () => {
    assert.equal(
      statuses(run({ t: healthy({ upSamples: 1439 }), c: healthy() }, ['t'], ['c'])).uptime,
      'PASS',
    );
    assert.equal(
      statuses(run({ t: healthy({ upSamples: 1438 }), c: healthy() }, ['t'], ['c'])).uptime,
      'FAIL',
    );
  });

  it('missing data is NO DATA, never PASS, and blocks GO unless allowed or informational', () => {
    const e = run({ t: healthy({ p50: undefined, p99: undefined }), c: healthy() }, ['t'], ['c']);
    assert.equal(statuses(e).latency_p50_ms, 'NO DATA');
    assert.equal(e.decision, 'NO-GO');
    assert.deepEqual(e.reasons, ['Response latency p50: no data', 'Response latency p99: no data']);
    const allowed = resolveThresholds(
      thresholdsSchema.parse({
        criteria: { latency_p50_ms: { allow_no_data: true }, latency_p99_ms: { required: false } },
      }),
    );
    const e2 = run({ t: healthy({ p50: undefined, p99: undefined }), c: healthy() }, ['t'], ['c'], allowed);
    assert.equal(e2.decision, 'GO');
    assert.equal(statuses(e2).latency_p50_ms, 'NO DATA');
  });

  it('without a control group the overheads are NO DATA', () => {
    const e = run({ t: healthy() }, ['t'], []);
    assert.equal(statuses(e).cpu_overhead, 'NO DATA');
    assert.equal(statuses(e).memory_overhead, 'NO DATA');
    assert.equal(e.decision, 'NO-GO');
  });

  it('no requests means no error rate; requests without an error series mean 0 errors', () => {
    assert.equal(agentFigures(healthy({ requests: undefined, errors: undefined })).error_rate, null);
    assert.equal(agentFigures(healthy({ errors: undefined })).error_rate, 0);
    assert.equal(agentFigures(healthy({ received: undefined })).delivery, 0);
    assert.equal(agentFigures(healthy({ sent: undefined })).delivery, null);
  });

  it('a failing agent decides the criterion and is named, whatever the others', () => {
    const e = run(
      {
        a: healthy(),
        b: healthy({ upSamples: 1400 }),
        x: healthy({ upSamples: undefined, samples: undefined }),
        c: healthy(),
      },
      ['a', 'b', 'x'],
      ['c'],
    );
    const uptime = e.criteria.find((c) => c.id === 'uptime')!;
    assert.equal(uptime.status, 'FAIL');
    assert.equal(uptime.worst_agent, 'b');
    assert.equal(uptime.per_agent.x.status, 'NO DATA');
  });

  it('group figures pool counts; CPU and memory are the mean of the agents', () => {
    const g = groupFigures(
      [
        healthy({ upSamples: 1440, requests: 1000, errors: 1, cpu: 0.2 }),
        healthy({ upSamples: 1420, requests: 3000, errors: 7, cpu: 0.4, memorySum: 1440 * 300 }),
      ],
      {},
    );
    assert.equal(g.uptime, 2860 / 2880);
    assert.equal(g.error_rate, 8 / 4000);
    assert.ok(Math.abs((g.cpu_cores ?? 0) - 0.3) < 1e-12);
    assert.equal(g.memory_mean_bytes, 200);
    assert.equal(g.latency_p50_ms, null);
  });

  it('property: the decision is GO exactly when no required criterion fails or lacks data', () => {
    const maybe = (arb: fc.Arbitrary<number>) => fc.option(arb, { nil: undefined });
    const agent = fc.record({
      upSamples: maybe(fc.integer({ min: 1400, max: 1440 })),
      samples: fc.constant(1440),
      requests: maybe(fc.integer({ min: 1, max: 100_000 })),
      errors: maybe(fc.integer({ min: 0, max: 200 })),
      sent: maybe(fc.integer({ min: 1, max: 1000 })),
      received: maybe(fc.integer({ min: 990, max: 1000 })),
      p50: maybe(fc.double({ min: 1, max: 150, noNaN: true })),
      p99: maybe(fc.double({ min: 50, max: 300, noNaN: true })),
      restarts: maybe(fc.double({ min: 0, max: 2, noNaN: true })),
      cpu: maybe(fc.double({ min: 0.01, max: 1, noNaN: true })),
      memorySum: maybe(fc.double({ min: 1, max: 1e9, noNaN: true })),
      memorySamples: fc.constant(1440),
    });
    const settings = fc.record({ required: fc.boolean(), allow_no_data: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(agent, { minLength: 1, maxLength: 4 }),
        fc.array(agent, { minLength: 0, maxLength: 3 }),
        fc.dictionary(fc.constantFrom(...CRITERIA.map((c) => c.id)), settings),
        (testAgents, controlAgents, criteria) => {
          const test = testAgents.map((_, i) => `t${i}`);
          const control = controlAgents.map((_, i) => `c${i}`);
          const agents: Record<string, AgentMeasurements> = Object.fromEntries([
            ...testAgents.map((a, i) => [test[i], a]),
            ...controlAgents.map((a, i) => [control[i], a]),
          ]);
          const thresholds = resolveThresholds(thresholdsSchema.parse({ criteria }));
          const e = run(agents, test, control, thresholds);
          for (const c of e.criteria) {
            const s = thresholds.criteria[c.id];
            // every status agrees with its value and threshold
            if (c.scope === 'agents') {
              for (const [agent, r] of Object.entries(c.per_agent)) {
                const v = r.value;
                assert.equal(
                  r.status,
                  v === null ? 'NO DATA' : passes(v, c.comparison, s.threshold) ? 'PASS' : 'FAIL',
                  agent,
                );
              }
            }
            assert.ok(c.status !== 'PASS' || c.value !== null, `${c.id} passed without a value`);
          }
          const blocking = e.criteria.filter(
            (c) =>
              thresholds.criteria[c.id].required &&
              (c.status === 'FAIL' || (c.status === 'NO DATA' && !thresholds.criteria[c.id].allowNoData)),
          );
          assert.equal(e.decision, blocking.length === 0 ? 'GO' : 'NO-GO');
          assert.equal(e.reasons.length, blocking.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
