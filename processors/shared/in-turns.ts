import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * the items in slices of `size`, with a turn of the event loop between slices, so a walk over a
 * whole fleet (an export, a checkpoint) lets the requests waiting meanwhile in. A slice is taken
 * from the iterator in one step; a live Map's iterator also visits entries added between slices
 * and skips those removed.
 */
export async function* inTurns<T>(items: Iterable<T>, size: number): AsyncGenerator<T[]> {
  let slice: T[] = [];
  for (const item of items) {
    slice.push(item);
    // nothing is read ahead: the next slice is taken from the iterator after the turn
    if (slice.length === size) {
      yield slice;
      slice = [];
      await nextTurn();
    }
  }
  if (slice.length > 0) yield slice;
}
