import assert from 'node:assert/strict';
import { IdempotencyWindow, validIdempotencyKey } from '../../../processors/counters/idempotency';

const answer = (key: string, at: number) => ({ key, fingerprint: 'f', at, status: 200, body: {} });

describe('counters idempotency window', () => {
  it('forgets a key after its time to live, and keeps the saved ones that are still fresh', () => {
    let now = 1_000;
    const window = new IdempotencyWindow({ ttlMs: 100, now: () => now }, [
      answer('old', 850),
      answer('new', 950),
    ]);
    assert.equal(window.get('old'), undefined, 'expired before the restart');
    assert.ok(window.get('new'));
    now = 1_060;
    assert.equal(window.get('new'), undefined);
    assert.deepEqual(window.snapshot(), []);
  });

  it('keeps at most maxKeys, the oldest forgotten first, in the saved order', () => {
    const window = new IdempotencyWindow({ maxKeys: 2, now: () => 10 }, [answer('b', 2), answer('a', 1)]);
    window.add(answer('c', 3));
    assert.deepEqual(
      window.snapshot().map((r) => r.key),
      ['b', 'c'],
    );
  });

  it('accepts printable ASCII keys of 1 to 255 characters', () => {
    assert.ok(validIdempotencyKey('3f1c2a9e-7b2d-4c55-9a1e-0c1d2e3f4a5b'));
    for (const bad of ['', 'has space', 'tab\t', 'é', 'x'.repeat(256)])
      assert.equal(validIdempotencyKey(bad), false);
  });
});
