import { checkTailModel } from './tail-model';

// `npm run prop:tail -- --runs N [--seed S]` runs more sequences.
const SEED = 20_261_201;
const RUNS = 300;

describe('TailReader model: random writes, rotations, copies, deletes and restarts', () => {
  it(`counters see every line once, logs at least once (${RUNS} sequences, seed ${SEED})`, function () {
    this.timeout(120_000);
    checkTailModel(RUNS, SEED);
  });
});
