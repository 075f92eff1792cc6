import assert from 'node:assert/strict';
import fs, { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateCheckpoint } from '../../../processors/fleet-supervisor/state-file';
import { useTempDirs } from '../../helpers';
import { testFleet } from '../heartbeat/helpers';

describe('state checkpoint', () => {
  const dir = useTempDirs('state-file')();

  it('saves atomically and loads the same records', () => {
    const path = join(dir, 'sub', 'state.json');
    const { fleet } = testFleet();
    fleet.receive({ agent_id: 'a', role: 'coder', instance_id: 'i1' }, 1000);
    const checkpoint = new StateCheckpoint(path);
    assert.equal(checkpoint.load(), undefined);
    checkpoint.save([...fleet.agents.values()], [{ key: 'k' }], 2000);
    const loaded = checkpoint.load()!;
    assert.equal(loaded.savedAtMs, 2000);
    assert.deepEqual(loaded.agents, JSON.parse(JSON.stringify([...fleet.agents.values()])));
    assert.deepEqual(loaded.incidents, [{ key: 'k' }]);
    // no temp file is left behind
    assert.deepEqual(readdirSync(join(dir, 'sub')), ['state.json']);
  });

  it('names the file when it is corrupt or of another format', () => {
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"version":1,"agents":[');
    assert.throws(() => new StateCheckpoint(corrupt).load(), /state file .*corrupt.json is not valid JSON/);
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"version":7,"agents":[]}');
    assert.throws(() => new StateCheckpoint(other).load(), /unknown format \(version 7\)/);
    assert.ok(existsSync(other));
  });

  it('fsyncs the file and its directory, so the checkpoint survives a power loss', () => {
    const path = join(dir, 'durable', 'state.json');
    const synced: number[] = [];
    const original = fs.fsyncSync;
    fs.fsyncSync = (fd: number) => {
      synced.push(fd);
      original(fd);
    };
    try {
      new StateCheckpoint(path).save([], [], 1000);
    } finally {
      fs.fsyncSync = original;
    }
    assert.equal(synced.length, 2, 'the temp file, then the directory after the rename');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(new StateCheckpoint(path).load()!.savedAtMs, 1000);
  });
});
