// npm run prop:tail -- --runs N [--seed S]: more model sequences than the unit suite runs.
// A failure prints the seed and the shrunk sequence; the same seed reproduces it.
import { parseArgs } from 'node:util';
import { checkTailModel } from './tail-model';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string' } },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error(
    `--runs must be a positive integer and --seed an integer (got runs ${values.runs}, seed ${values.seed})`,
  );
  process.exit(2);
}
const started = Date.now();
console.log(`tail model: ${runs} sequences, seed ${seed}`);
try {
  checkTailModel(runs, seed);
  console.log(`passed: ${runs} sequences, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  console.error((err as Error).message);
  const cause = (err as Error).cause;
  if (cause instanceof Error) console.error(`cause: ${cause.message}`);
  console.error(`reproduce: npm run prop:tail -- --runs ${runs} --seed ${seed}`);
  process.exit(1);
}
