import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { StateCheckpoint } from '../../../processors/fleet-supervisor/state-file';
import { parseHeartbeatBody } from '../../../processors/heartbeat/intake';
import { agentDetailView, fleetView } from '../../../processors/shared/agent-view';
import { SUMMARY_LIMITS, wireSummary } from '../../../protocol/heartbeat-summary';
import { useTempDirs } from '../../helpers';
import { testFleet } from './helpers';

const tempDir = useTempDirs('hb-summary');

const good = {
  current_activity: 'writing the parser tests for T-1',
  confidence: 0.8,
  drift_reasons: ['touched files outside the task'],
  recommended_action: 'revert the unrelated edits',
};

describe('agent summaries (seed 004)', () => {
  describe('validation', () => {
    it('accepts a full summary and any one of its fields', () => {
      const parsed = parseHeartbeatBody(
        [
          { agent_id: 'a', summary: good },
          { agent_id: 'b', summary: { confidence: 0 } },
        ],
        10,
      );
      assert.ok(typeof parsed !== 'string');
      assert.deepEqual(parsed.items[0].heartbeat.summary, good);
      assert.deepEqual(parsed.items[1].heartbeat.summary, { confidence: 0 });
      assert.deepEqual(parsed.summaryRejected, []);
    });

    const bad: [string, unknown, RegExp][] = [
      ['confidence above 1', { confidence: 1.5 }, /^summary\.confidence: /],
      ['confidence not a number', { confidence: 'high' }, /^summary\.confidence: /],
      [
        'activity too long',
        { current_activity: 'x'.repeat(SUMMARY_LIMITS.activity + 1) },
        /^summary\.current_activity: /,
      ],
      [
        'control characters',
        { recommended_action: 'stop\u0007' },
        /summary\.recommended_action: must not contain control characters/,
      ],
      [
        'too many drift reasons',
        { drift_reasons: Array(SUMMARY_LIMITS.reasons + 1).fill('r') },
        /^summary\.drift_reasons: /,
      ],
      [
        'a drift reason too long',
        { drift_reasons: ['r'.repeat(SUMMARY_LIMITS.reason + 1)] },
        /^summary\.drift_reasons\.0: /,
      ],
      ['drift reasons not a list', { drift_reasons: 'looping' }, /^summary\.drift_reasons: /],
      ['unknown key', { mood: 'fine' }, /^summary: Unrecognized key: "mood"/],
      ['empty', {}, /an empty summary/],
      ['not an object', 'busy', /^summary: /],
    ];
    for (const [name, summary, error] of bad) {
      it(`drops a summary with ${name}, naming it, and keeps the heartbeat`, () => {
        const parsed = parseHeartbeatBody(
          [
            { agent_id: 'ok', summary: good },
            { agent_id: 'a', status: 'drifting', summary },
          ],
          10,
        );
        assert.ok(typeof parsed !== 'string');
        assert.equal(parsed.items.length, 2);
        assert.equal(parsed.items[1].heartbeat.summary, undefined);
        assert.equal(parsed.items[1].heartbeat.status, 'drifting');
        assert.equal(parsed.summaryRejected.length, 1);
        assert.equal(parsed.summaryRejected[0].index, 1);
        assert.match(parsed.summaryRejected[0].error, error);
      });
    }
  });

  describe('retention', () => {
    it('keeps distinct summaries only, newest last, and the status they came with', () => {
      const { fleet } = testFleet();
      fleet.receive({ agent_id: 'a', status: 'on_track', summary: { current_activity: 'one' } }, 1000);
      fleet.receive({ agent_id: 'a', status: 'on_track', summary: { current_activity: 'one' } }, 2000);
      fleet.receive({ agent_id: 'a', status: 'drifting', summary: { current_activity: 'one' } }, 3000);
      fleet.receive({ agent_id: 'a' }, 4000);
      fleet.receive({ agent_id: 'a', summary: { current_activity: 'two', drift_reasons: ['x'] } }, 5000);
      const entries = fleet.agents.get('a')!.summaries!;
      assert.deepEqual(
        entries.map((e) => [e.atMs, e.status, e.currentActivity]),
        [
          [1000, 'on_track', 'one'],
          [3000, 'drifting', 'one'],
          [5000, 'drifting', 'two'],
        ],
      );
      const detail = agentDetailView(fleet.agents.get('a')!, 6000);
      assert.equal(detail.summary?.current_activity, 'two');
      assert.deepEqual(
        detail.summaries.map((s) => s.current_activity),
        ['two', 'one', 'one'],
      );
      assert.equal(fleetView(fleet.agents.values(), 6000, {}).agents[0].summary?.drift_reasons?.[0], 'x');
    });

    it('keeps exactly the last N distinct summaries for any sequence (model check)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 6 }),
          fc.array(fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }), { maxLength: 40 }),
          (limit, activities) => {
            const { fleet } = testFleet({ receiver: { recent_summaries: limit } });
            const model: string[] = [];
            activities.forEach((activity, i) => {
              const summary = activity === undefined ? undefined : { current_activity: activity };
              fleet.receive({ agent_id: 'x', summary }, 1000 + i);
              if (activity !== undefined && model.at(-1) !== activity) model.push(activity);
            });
            const kept = (fleet.agents.get('x')?.summaries ?? []).map((e) => e.currentActivity);
            assert.deepEqual(kept, limit === 0 ? [] : model.slice(-limit));
          },
        ),
      );
    });

    it('survives a checkpoint round trip, trimmed to a smaller limit, and reads older checkpoints', () => {
      const { fleet } = testFleet();
      for (let i = 0; i < 5; i++)
        fleet.receive({ agent_id: 'a', summary: { ...good, confidence: i / 10 } }, 1000 + i);
      fleet.receive({ agent_id: 'old' }, 1000);
      const path = join(tempDir(), 'state.json');
      const checkpoint = new StateCheckpoint(path);
      const saved = [...fleet.agents.values()].map((r) =>
        r.agentId === 'old' ? { ...r, summaries: undefined } : r,
      );
      checkpoint.save(saved, [], 2000);
      const same = testFleet().fleet;
      same.restore(checkpoint.load()!.agents, 3000);
      assert.deepEqual(same.agents.get('a')!.summaries, fleet.agents.get('a')!.summaries);
      assert.deepEqual(same.agents.get('old')!.summaries, []);
      const smaller = testFleet({ receiver: { recent_summaries: 2 } }).fleet;
      smaller.restore(checkpoint.load()!.agents, 3000);
      assert.deepEqual(
        smaller.agents.get('a')!.summaries!.map((e) => e.confidence),
        [0.3, 0.4],
      );
    });
  });

  describe('the SDK brings a summary within the bounds (wireSummary)', () => {
    it('maps to the wire names and names what it had to change', () => {
      assert.deepEqual(
        wireSummary({ currentActivity: 'a', confidence: 0.5, driftReasons: ['r'], recommendedAction: 'b' }),
        {
          summary: { current_activity: 'a', confidence: 0.5, drift_reasons: ['r'], recommended_action: 'b' },
          fixes: [],
        },
      );
      const { summary, fixes } = wireSummary({
        currentActivity: `line one\nline two ${'x'.repeat(600)}`,
        confidence: 3,
        driftReasons: Array(12).fill('r'),
      });
      assert.equal(summary?.current_activity?.length, SUMMARY_LIMITS.activity);
      assert.doesNotMatch(summary?.current_activity ?? '', /\n/);
      assert.equal(summary?.confidence, 1);
      assert.equal(summary?.drift_reasons?.length, SUMMARY_LIMITS.reasons);
      assert.deepEqual(fixes, [
        'currentActivity cut to 500 characters',
        'confidence 3 clamped to 0..1',
        'driftReasons cut to 10',
      ]);
      assert.equal(wireSummary({ currentActivity: '  ' }).summary, undefined);
    });

    it('always yields a summary the receiver accepts (property)', () => {
      fc.assert(
        fc.property(
          fc.record(
            {
              currentActivity: fc.string({ maxLength: 700 }),
              confidence: fc.double(),
              driftReasons: fc.array(fc.string({ maxLength: 300 }), { maxLength: 15 }),
              recommendedAction: fc.string({ maxLength: 400 }),
            },
            { requiredKeys: [] },
          ),
          (input) => {
            const { summary } = wireSummary(input);
            const parsed = parseHeartbeatBody({ agent_id: 'a', summary }, 1);
            assert.ok(typeof parsed !== 'string');
            assert.deepEqual(parsed.summaryRejected, [], JSON.stringify(summary));
          },
        ),
      );
    });
  });
});
