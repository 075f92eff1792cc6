/**
 * the CPU work of an agent turn (prompt building, parsing): a fixed number of iterations, so
 * every arm does the same work whatever the machine's load.
 */
export function think(iterations: number): number {
  let x = 0;
  for (let i = 0; i < iterations; i++) x += Math.sqrt(x + i);
  return x;
}

// results are kept here, so the optimiser cannot drop a call whose result nobody reads
let sink = 0;

/** iterations of think() that take about `ms` here: the fastest of several tries, so a busy moment does not inflate it. */
export function calibrateThink(ms: number): number {
  const probe = 200_000;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    sink += think(probe);
    best = Math.min(best, performance.now() - started);
  }
  return sink === Number.NEGATIVE_INFINITY ? 0 : Math.round((probe * ms) / best);
}
