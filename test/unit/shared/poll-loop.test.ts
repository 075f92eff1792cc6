import assert from 'node:assert/strict';
import { PollLoop } from '../../../processors/shared/poll-loop';

describe('poll loop', () => {
  const loop = (maxIdleIntervalMs?: number) =>
    new PollLoop({ intervalMs: 100, maxIdleIntervalMs, poll: () => ({ more: false }) });

  it('polls again at once while more is pending, and after the interval when it caught up', () => {
    const l = loop(800);
    assert.equal(l.nextWait({ more: true }), 0);
    assert.equal(l.nextWait({ more: false }), 100);
  });

  it('backs off while idle, doubling up to the maximum, and resets on data', () => {
    const l = loop(800);
    const waits = [1, 2, 3, 4, 5].map(() => l.nextWait({ more: false, idle: true }));
    assert.deepEqual(waits, [100, 200, 400, 800, 800]);
    assert.equal(l.nextWait({ more: false, idle: false }), 100);
    assert.equal(l.nextWait({ more: false, idle: true }), 100);
  });

  it('keeps the interval when no maximum is set (no backoff), and obeys an explicit wait', () => {
    const l = loop();
    assert.deepEqual(
      [1, 2, 3].map(() => l.nextWait({ more: false, idle: true })),
      [100, 100, 100],
    );
    assert.equal(l.nextWait({ more: true, waitMs: 20 }), 20);
  });

  it('stops polling after stop()', async () => {
    let polls = 0;
    const l = new PollLoop({
      intervalMs: 5,
      poll: () => {
        polls++;
        return { more: false };
      },
    });
    l.start();
    await new Promise((r) => setTimeout(r, 30));
    l.stop();
    const seen = polls;
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(seen >= 2, `${seen} polls`);
    assert.equal(polls, seen);
  });
});
