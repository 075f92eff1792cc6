import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError, CheckpointStore } from '../../../processors/tail/checkpoint';
import { tempDir } from './helpers';

describe('CheckpointStore', () => {
  it('returns undefined before the first save, then the saved positions and state', () => {
    const path = join(tempDir(), 'cp.json');
    const store = new CheckpointStore<{ n: number }>(path);
    assert.equal(store.load(), undefined);
    store.save([], { n: 1 });
    store.save([], { n: 2 });
    assert.deepEqual(store.load()?.state, { n: 2 });
    assert.equal(existsSync(`${path}.tmp`), false, 'the temp file is renamed away');
  });

  it('refuses a corrupt checkpoint with a message naming the file, rather than re-counting', () => {
    const path = join(tempDir(), 'cp.json');
    writeFileSync(path, '{"version":1,');
    assert.throws(
      () => new CheckpointStore(path).load(),
      (err: Error) => {
        return err instanceof CheckpointError && err.message.includes(path);
      },
    );
  });

  it('survives a leftover temp file of a crashed save', () => {
    const path = join(tempDir(), 'cp.json');
    const store = new CheckpointStore<{ n: number }>(path);
    store.save([], { n: 1 });
    writeFileSync(`${path}.tmp`, 'half writ');
    assert.deepEqual(store.load()?.state, { n: 1 });
    store.save([], { n: 3 });
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).state.n, 3);
  });
});
