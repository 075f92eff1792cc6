import { spawnSync } from 'node:child_process';

// the benches keep the measured process alone on core 0 and put their own load (generator,
// writer, sink, model) on core 1, so a figure does not depend on the machine's core count.

/** true when `taskset` can pin processes here (linux with util-linux). */
export const PINNED = spawnSync('taskset', ['-c', '1', 'true']).status === 0;

/**
 * runs this bench again pinned to core 1 and returns true (the caller then returns), unless it
 * is that run already or pinning is not possible.
 */
export function rerunOnCore1(): boolean {
  if (!PINNED || process.env.BENCH_PINNED === '1') return false;
  const again = spawnSync('taskset', ['-c', '1', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PINNED: '1' },
  });
  process.exitCode = again.status ?? 1;
  return true;
}
