import assert from 'node:assert/strict';
import { inTurns } from '../../../processors/shared/in-turns';

describe('inTurns (walking a large collection without holding the event loop)', () => {
  it('gives the items in slices, with a turn of the event loop between slices only', async () => {
    const seen: string[] = [];
    let turns = 0;
    let walking = true;
    const count = () => {
      if (!walking) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    for await (const slice of inTurns([1, 2, 3, 4, 5, 6, 7], 3)) seen.push(`${slice.join('')}@${turns}`);
    walking = false;
    // the first slice comes at once; each later one after at least one turn
    assert.deepEqual(
      seen.map((s) => s.split('@')[0]),
      ['123', '456', '7'],
    );
    const at = seen.map((s) => Number(s.split('@')[1]));
    assert.equal(at[0], 0);
    assert.ok(at[1]! > at[0]! && at[2]! > at[1]!, `turns before each slice: ${at}`);
  });

  it('gives nothing for no items, and a single slice for exactly one slice of items', async () => {
    const none: number[][] = [];
    for await (const slice of inTurns([], 2)) none.push(slice);
    assert.deepEqual(none, []);
    const full: number[][] = [];
    for await (const slice of inTurns([1, 2], 2)) full.push(slice);
    assert.deepEqual(full, [[1, 2]]);
  });

  it('visits entries a live Map gains between slices, and skips those it loses', async () => {
    const map = new Map([1, 2, 3, 4].map((n) => [n, n]));
    const seen: number[] = [];
    for await (const slice of inTurns(map.values(), 2)) {
      seen.push(...slice);
      if (seen.length === 2) {
        map.delete(3);
        map.set(5, 5);
      }
    }
    assert.deepEqual(seen, [1, 2, 4, 5]);
  });
});
