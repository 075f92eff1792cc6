import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// every bench answers --help with its usage and starts nothing (no stack, no receiver, no load).
const BENCH = join(__dirname, '..', '..', '..', 'bench');
const BENCHES = [
  'instrumentation/preload.bench.js',
  'instrumentation/idle.bench.js',
  'heartbeat/throughput.js',
  'heartbeat/detection.js',
  'heartbeat/agent-down-alert.js',
  'counters/file-to-otlp.js',
  'counters/line-to-promql.js',
];

describe('bench: --help', () => {
  for (const bench of BENCHES) {
    it(`${bench} prints its usage and exits 0 at once`, () => {
      const run = spawnSync(process.execPath, [join(BENCH, bench), '--help'], {
        encoding: 'utf8',
        timeout: 15_000,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^usage: /);
      // a started run would print more than the usage (pinning, endpoints, progress)
      assert.ok(run.stdout.trim().split('\n').length <= 2, run.stdout);
    });
  }
});
