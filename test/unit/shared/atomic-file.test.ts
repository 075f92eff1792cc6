import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../processors/shared/atomic-file';

const HELPER = join(__dirname, '..', '..', '..', 'processors', 'shared', 'atomic-file.js');

describe('writeFileAtomic', () => {
  it('writes the whole text with mode 0600 and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const path = join(dir, 'sub', 'state.json');
    writeFileAtomic(path, '{"a":1}');
    writeFileAtomic(path, '{"a":2}');
    assert.equal(readFileSync(path, 'utf8'), '{"a":2}');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.throws(() => statSync(`${path}.tmp`), /ENOENT/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns, not hangs, for a relative path once the working directory is deleted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-cwd-'));
    // a child process: the old code never returned, and chdir would move the whole test run
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        `const { rmSync } = require('node:fs');
         rmSync(process.cwd(), { recursive: true });
         try { require(${JSON.stringify(HELPER)}).writeFileAtomic('state/heartbeat/state.json', '{}'); console.log('written'); }
         catch (err) { console.log('error', err.code); }`,
      ],
      { cwd: dir, timeout: 5_000, encoding: 'utf8' },
    );
    rmSync(dir, { recursive: true, force: true });
    assert.equal(child.signal, null, 'the write hung until the timeout killed it');
    // node keeps the working directory it started in, so the path resolves there and is recreated
    assert.equal(child.stdout.trim(), 'written', child.stderr);
  });
});
