import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ANOMALY_SIGNALS,
  rankOffenders,
  SIGNALS,
  type SignalSample,
} from '../../../processors/console/offenders';
import { offendersTable } from '../../../processors/console/pages/offenders';

const none = { slowdown: [], loop: [], errors: [] };

describe('console top offenders (ranking of the anomaly recording rules)', () => {
  it('ranks agents by their worst ratio over its alert threshold', () => {
    const ranked = rankOffenders(
      {
        slowdown: [
          { agent_id: 'a', subject: 'IMPLEMENT', ratio: 3 }, // 1.5 of its threshold 2
          { agent_id: 'b', subject: 'VERIFY', ratio: 1 },
        ],
        loop: [{ agent_id: 'b', subject: 'search', ratio: 20 }], // 4 of its threshold 5
        errors: [{ agent_id: 'c', ratio: 1.5 }], // 0.5 of 3
      },
      10,
    );
    assert.deepEqual(
      ranked.map((o) => [o.agent_id, o.worst, o.score]),
      [
        ['b', 'loop', 4],
        ['a', 'slowdown', 1.5],
        ['c', 'errors', 0.5],
      ],
    );
    assert.deepEqual(ranked[0].signals, {
      slowdown: { ratio: 1, subject: 'VERIFY' },
      loop: { ratio: 20, subject: 'search' },
    });
  });

  it('keeps the worst subject of a signal, cuts at the limit and breaks ties by agent id', () => {
    const ranked = rankOffenders(
      {
        ...none,
        slowdown: [
          { agent_id: 'z', subject: 'PLAN', ratio: 4 },
          { agent_id: 'z', subject: 'IMPLEMENT', ratio: 6 },
          { agent_id: 'y', subject: 'PLAN', ratio: 6 },
          { agent_id: 'x', subject: 'PLAN', ratio: 1 },
        ],
      },
      2,
    );
    assert.deepEqual(
      ranked.map((o) => [o.agent_id, o.signals.slowdown?.subject]),
      [
        ['y', 'PLAN'],
        ['z', 'IMPLEMENT'],
      ],
    );
  });

  it('drops non-finite and negative ratios and samples without an agent', () => {
    const ranked = rankOffenders(
      {
        ...none,
        errors: [
          { agent_id: 'a', ratio: Number.POSITIVE_INFINITY },
          { agent_id: 'b', ratio: Number.NaN },
          { agent_id: 'c', ratio: -1 },
          { agent_id: '', ratio: 9 },
        ],
      },
      10,
    );
    assert.deepEqual(ranked, []);
  });

  it('property: sorted by score, one row per agent, at most the limit, score = worst ratio / threshold', () => {
    const sample = fc.record({
      agent_id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      subject: fc.option(fc.constantFrom('p', 'q'), { nil: undefined }),
      ratio: fc.double({ min: 0, max: 1e6, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.record({ slowdown: fc.array(sample), loop: fc.array(sample), errors: fc.array(sample) }),
        fc.nat(8),
        (samples: Record<(typeof SIGNALS)[number], SignalSample[]>, limit) => {
          const ranked = rankOffenders(samples, limit);
          const agents = new Set(SIGNALS.flatMap((s) => samples[s].map((x) => x.agent_id)));
          assert.equal(ranked.length, Math.min(limit, agents.size));
          assert.equal(new Set(ranked.map((o) => o.agent_id)).size, ranked.length);
          for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].score >= ranked[i].score);
          for (const o of ranked) {
            const expected = Math.max(
              ...SIGNALS.flatMap((s) =>
                samples[s]
                  .filter((x) => x.agent_id === o.agent_id)
                  .map((x) => x.ratio / ANOMALY_SIGNALS[s].threshold),
              ),
            );
            assert.equal(o.score, expected);
          }
        },
      ),
    );
  });

  it('renders escaped rows, the worst signal marked, and says when there is nothing to rank', () => {
    const out = String(
      offendersTable(
        rankOffenders({ ...none, loop: [{ agent_id: '<b>x', subject: 'search', ratio: 12 }] }, 5),
      ),
    );
    assert.match(out, /data-agent-id="&lt;b&gt;x"/);
    assert.match(out, /class="offender-signal worst" data-signal="loop" data-ratio="12.00">12\.0× search/);
    assert.doesNotMatch(out, /<b>x/);
    assert.match(String(offendersTable([])), /no agent has enough traffic/);
  });
});
