import assert from 'node:assert/strict';
import fs, { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import fc from 'fast-check';
import {
  AGENTS_PER_TURN,
  type BackgroundSave,
  StateCheckpoint,
} from '../../../processors/fleet-supervisor/state-file';
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

  /** a fleet large enough that a background save takes several turns of the event loop. */
  function largeFleet() {
    const { fleet } = testFleet({ receiver: { max_agents: 10_000 } });
    for (let i = 0; i < 2 * AGENTS_PER_TURN + 5; i++) fleet.receive({ agent_id: `a-${i}`, role: 'r' }, 1000);
    return fleet;
  }

  it('saves in the background the same text a synchronous save writes, a slice of agents per turn', async () => {
    const fleet = largeFleet();
    const incidents = [{ key: 'k', policy: 'p' }];
    const sync = join(dir, 'sync', 'state.json');
    new StateCheckpoint(sync).save([...fleet.agents.values()], incidents, 2000);
    const background = join(dir, 'background', 'state.json');
    let turns = 0;
    let saving = true;
    const count = () => {
      if (!saving) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    const written = await new StateCheckpoint(background).saveInBackground(
      fleet.agents.values(),
      () => incidents,
      2000,
    );
    saving = false;
    assert.equal(written, 'written');
    assert.equal(readFileSync(background, 'utf8'), readFileSync(sync, 'utf8'));
    assert.ok(turns >= 2, `the event loop turned ${turns} times during the serialization and write`);
    assert.equal(statSync(background).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(dir, 'background')), ['state.json']);
    // the slice boundaries: no agent, one, a full slice, a slice and one
    for (const n of [0, 1, AGENTS_PER_TURN, AGENTS_PER_TURN + 1]) {
      const agents = [...fleet.agents.values()].slice(0, n);
      const a = join(dir, `sync-${n}.json`);
      const b = join(dir, `background-${n}.json`);
      new StateCheckpoint(a).save(agents, [], 3000);
      assert.equal(await new StateCheckpoint(b).saveInBackground(agents, () => [], 3000), 'written');
      assert.equal(readFileSync(b, 'utf8'), readFileSync(a, 'utf8'), `${n} agents`);
    }
  });

  it('skips a background save while one runs, and reports a failed write', async () => {
    const checkpoint = new StateCheckpoint(join(dir, 'overlap', 'state.json'));
    const fleet = largeFleet();
    const first = checkpoint.saveInBackground(fleet.agents.values(), () => [], 1000);
    assert.equal(await checkpoint.saveInBackground(fleet.agents.values(), () => [], 2000), 'busy');
    assert.equal(await first, 'written');
    assert.equal(checkpoint.load()!.savedAtMs, 1000);
    // a directory where the file should be: the write fails, and the next save may run
    const blocked = new StateCheckpoint(join(dir, 'overlap'));
    await assert.rejects(
      blocked.saveInBackground([], () => [], 3000),
      /EISDIR|EEXIST|ENOTDIR|directory/,
    );
    assert.equal(await checkpoint.saveInBackground([], () => [], 4000), 'written');
  });

  // model: every save takes the next sequence number when it starts; background saves overlap
  // synchronous ones (the watchdog's) at random points of their serialization and write.
  it('never lets an older background save overwrite a newer checkpoint (random interleavings)', async () => {
    const fleet = largeFleet();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('sync', 'background', 'turn', 'turn'), { minLength: 1, maxLength: 12 }),
        async (ops) => {
          const path = join(dir, 'model', `${run++}.json`);
          const checkpoint = new StateCheckpoint(path);
          let clock = 0;
          let onDisk = 0;
          const syncSaves: number[] = [];
          const backgroundSaves: Promise<[number, BackgroundSave]>[] = [];
          const check = () => {
            const saved = existsSync(path) ? checkpoint.load()!.savedAtMs : 0;
            assert.ok(saved >= onDisk, `the checkpoint went back from ${onDisk} to ${saved}`);
            onDisk = saved;
          };
          for (const op of ops) {
            const nowMs = ++clock;
            if (op === 'sync') {
              checkpoint.save([...fleet.agents.values()], [], nowMs);
              syncSaves.push(nowMs);
            } else if (op === 'background') {
              const save = checkpoint.saveInBackground(fleet.agents.values(), () => [], nowMs);
              backgroundSaves.push(save.then((outcome) => [nowMs, outcome]));
            } else {
              await nextTurn();
            }
            check();
          }
          const outcomes = await Promise.all(backgroundSaves);
          check();
          // on disk at the end: the newest save that was not skipped
          const taken = outcomes.filter(([, outcome]) => outcome !== 'busy').map(([at]) => at);
          assert.equal(onDisk, Math.max(0, ...syncSaves, ...taken));
          // a background save is superseded only by a newer save
          for (const [at, outcome] of outcomes) {
            if (outcome === 'superseded') assert.ok(Math.max(0, ...syncSaves) > at);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
