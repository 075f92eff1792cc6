import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { getJson } from '../backends';
import { ENDPOINTS, ROOT } from '../stack';

// exact history in the stack's own Prometheus: promtool turns OpenMetrics text into TSDB blocks
// (the documented backfill), which are renamed into the running server's data directory; its
// periodic block reload (every minute) makes them queryable.

/** the data directory of the running Prometheus, from its own flags. */
async function tsdbPath(): Promise<string> {
  const flags = await getJson<{ data: Record<string, string> }>(
    `${ENDPOINTS.prometheus}/api/v1/status/flags`,
  );
  const path = flags.data['storage.tsdb.path'];
  if (!path) throw new Error('prometheus did not report storage.tsdb.path');
  return isAbsolute(path) ? path : join(ROOT, path);
}

/** writes the samples as blocks into the running Prometheus; returns the block ids. */
export async function backfill(openMetrics: string, name: string): Promise<string[]> {
  const data = await tsdbPath();
  // built beside the data directory, so that moving a finished block in is one rename
  const work = join(dirname(data), `backfill-${name}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'blocks'), { recursive: true });
  try {
    const input = join(work, 'input.om');
    writeFileSync(input, openMetrics);
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, join(work, 'blocks')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const blocks = readdirSync(join(work, 'blocks')).filter((b) => /^[0-9A-Z]{26}$/.test(b));
    if (blocks.length === 0) throw new Error('promtool wrote no blocks');
    for (const b of blocks) renameSync(join(work, 'blocks', b), join(data, b));
    return blocks;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
