import assert from 'node:assert/strict';
import { parseHeartbeatBody } from '../../../processors/heartbeat/intake';

describe('heartbeat intake (parseHeartbeatBody)', () => {
  it('accepts one object or a batch, with every wire field', () => {
    const full = {
      agent_id: 'a',
      role: 'coder',
      name: 'Coder A',
      instance_id: 'i1',
      started_at: '2026-01-01T00:00:00Z',
      timestamp: '2026-01-01T00:00:30Z',
      interval_s: 30,
      status: 'drifting',
      task_id: 'T-1',
      phase: 'IMPLEMENT',
      signal: 'start',
      attributes: { team: 'x' },
    };
    const one = parseHeartbeatBody(full, 10);
    assert.ok(typeof one !== 'string');
    assert.deepEqual(one.items[0].heartbeat, full);
    const batch = parseHeartbeatBody([{ agent_id: 'a' }, { agent_id: 'b' }], 10);
    assert.ok(typeof batch !== 'string');
    assert.equal(batch.items.length, 2);
  });

  const bad: [string, unknown, RegExp][] = [
    ['missing agent_id', { role: 'x' }, /^agent_id: /],
    ['empty agent_id', { agent_id: '' }, /^agent_id: /],
    ['control characters', { agent_id: 'a\nb' }, /agent_id: must not contain control characters/],
    ['unknown status', { agent_id: 'a', status: 'lost' }, /^status: Invalid option/],
    ['unknown signal', { agent_id: 'a', signal: 'boom' }, /^signal: /],
    ['bad timestamp', { agent_id: 'a', timestamp: 'yesterday' }, /timestamp: must be an ISO 8601 time/],
    ['negative interval', { agent_id: 'a', interval_s: -1 }, /^interval_s: /],
    ['nested attribute', { agent_id: 'a', attributes: { k: { x: 1 } } }, /^attributes.k: /],
    ['not an object', 42, /expected object/],
  ];
  for (const [name, item, error] of bad) {
    it(`rejects ${name} by index, keeping the good items`, () => {
      const parsed = parseHeartbeatBody([{ agent_id: 'good' }, item], 10);
      assert.ok(typeof parsed !== 'string');
      assert.equal(parsed.items.length, 1);
      assert.equal(parsed.rejected[0].index, 1);
      assert.match(parsed.rejected[0].error, error);
    });
  }

  it('refuses unusable bodies as a whole', () => {
    assert.match(parseHeartbeatBody('text', 10) as string, /JSON heartbeat object or an array/);
    assert.match(parseHeartbeatBody([], 10) as string, /empty batch/);
    assert.match(
      parseHeartbeatBody([{}, {}, {}], 2) as string,
      /batch of 3 heartbeats is over the limit of 2/,
    );
  });
});
