import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../processors/shared/atomic-file';
import { useTempDirs } from '../../helpers';

const tempDir = useTempDirs('atomic');

const HELPER = join(__dirname, '..', '..', '..', 'processors', 'shared', 'atomic-file.js');

describe('writeFileAtomic', () => {
  it('writes the whole text with mode 0600 and leaves no temp file', () => {
    const dir = tempDir();
    const path = join(dir, 'sub', 'state.json');
    writeFileAtomic(path, '{"a":1}');
    writeFileAtomic(path, '{"a":2}');
    assert.equal(readFileSync(path, 'utf8'), '{"a":2}');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.throws(() => statSync(`${path}.tmp`), /ENOENT/);
  });

  it('returns, not hangs, for a relative path once the working directory is deleted', () => {
    const dir = tempDir('cwd');
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
    assert.equal(child.signal, null, 'the write hung until the timeout killed it');
    // node keeps the working directory it started in, so the path resolves there and is recreated
    assert.equal(child.stdout.trim(), 'written', child.stderr);
  });
});
