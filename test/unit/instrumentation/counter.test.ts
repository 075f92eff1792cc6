import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CountersFile } from '../../../instrumentation/counters-file';
import { useTempDirs } from '../../helpers';
import { spyOnDiag } from './diag-spy';

describe('instrumentation/counters-file: seed-000 lines', () => {
  const tempDir = useTempDirs('counters-file');
  it('appends one JSON object per line in the seed format', () => {
    const path = join(tempDir(), 'nested', 'counters.jsonl');
    const file = new CountersFile(path);
    file.append({
      name: 'evidence_gate_failed',
      value: 1,
      timestamp: '2025-10-28T22:00:00.000Z',
      tags: { taskId: 'T' },
    });
    file.append({ name: 'prompt_drift_detected', value: 2, timestamp: '2025-10-28T22:00:01.000Z', tags: {} });
    file.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.equal(lines.pop(), '', 'file ends with a newline');
    assert.deepEqual(JSON.parse(lines[0]), {
      name: 'evidence_gate_failed',
      value: 1,
      timestamp: '2025-10-28T22:00:00.000Z',
      tags: { taskId: 'T' },
    });
    assert.equal(JSON.parse(lines[1]).value, 2);
  });

  it('never tears a line when several processes append at once', async () => {
    const path = join(tempDir(), 'counters.jsonl');
    const module = require.resolve('../../../instrumentation/counters-file');
    // each writer appends long lines so that interleaving inside a line would be visible
    const script = `
      const { CountersFile } = require(${JSON.stringify(module)});
      const f = new CountersFile(process.argv[1]);
      const pad = 'x'.repeat(3000);
      for (let i = 0; i < 400; i++) f.append({ name: 'c', value: 1, timestamp: new Date().toISOString(), tags: { w: process.argv[2], i: String(i), pad } });
      f.close();`;
    const writers = Array.from(
      { length: 4 },
      (_, w) =>
        new Promise<number | null>((resolve) =>
          spawn(process.execPath, ['-e', script, path, String(w)], { stdio: 'inherit' }).on('exit', resolve),
        ),
    );
    assert.deepEqual(await Promise.all(writers), [0, 0, 0, 0]);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 1600);
    const seen = new Set(
      lines.map((l) => {
        const rec = JSON.parse(l) as { tags: { w: string; i: string } };
        return `${rec.tags.w}:${rec.tags.i}`;
      }),
    );
    assert.equal(seen.size, 1600);
  });

  it('warns once and stops writing when the file cannot be opened, without throwing', () => {
    // a regular file where a directory should be: opening fails with ENOTDIR
    const notADir = join(tempDir(), 'file');
    writeFileSync(notADir, '');
    const file = new CountersFile(join(notADir, 'counters.jsonl'));
    const spy = spyOnDiag();
    try {
      file.append({ name: 'c', value: 1, timestamp: new Date().toISOString(), tags: {} });
      file.append({ name: 'c', value: 1, timestamp: new Date().toISOString(), tags: {} });
      file.close();
    } finally {
      spy.restore();
    }
    assert.equal(spy.warnings.length, 1, spy.warnings.join('\n'));
    assert.match(spy.warnings[0], /cannot append to counters file .*counters\.jsonl/);
  });
});
