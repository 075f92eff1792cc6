import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJournal } from './journaled-reader';

const WRITE_MS = 12_000;
const BATCH = 150;
/** archives kept, so a reader slowed by a loaded machine still finds a file before it is dropped. */
const ARCHIVES = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// the tail reader alone, at a rotation rate no service sees: a writer appends numbered lines,
// the file is rotated by copytruncate and move/create every ~150 ms, and the reader process is
// SIGKILLed now and then (also with a rotation while it is down). Every line must be handed over
// exactly once. Races between a rotation and the reader's own steps show up here within seconds.
describe('tail reader: every line once through copytruncate, move/create and SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tail-stress-'));
  const file = join(dir, 'c.jsonl');
  let child: ChildProcess | undefined;
  let nextId = 0;
  const events: string[] = [];

  after(async () => {
    await kill();
  });

  async function start(): Promise<void> {
    child = fork(join(__dirname, 'journaled-reader.js'), [dir], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child!.once('message', () => resolve());
      child!.once('exit', (code) => reject(new Error(`reader exited ${code} before its first poll`)));
    });
  }

  async function kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill(signal);
    await exited;
  }

  function writeBatch(): void {
    let text = '';
    for (let i = 0; i < BATCH; i++) {
      text += `{"id":${nextId++},"at":"${new Date().toISOString()}","pad":"${'x'.repeat(80)}"}\n`;
    }
    appendFileSync(file, text);
  }

  function rotate(how: 'move' | 'copytruncate'): void {
    if (!existsSync(file)) return;
    for (let n = ARCHIVES - 1; n >= 1; n--) {
      if (existsSync(`${file}.${n}`)) renameSync(`${file}.${n}`, `${file}.${n + 1}`);
    }
    if (how === 'move') renameSync(file, `${file}.1`);
    else {
      copyFileSync(file, `${file}.1`);
      truncateSync(file, 0);
    }
    events.push(how);
  }

  it('hands over every written line exactly once', async () => {
    await start();
    const started = Date.now();
    let step = 0;
    let next = started + 150;
    while (Date.now() - started < WRITE_MS) {
      writeBatch();
      if (Date.now() >= next) {
        switch (step++ % 6) {
          case 0:
          case 2:
            rotate('copytruncate');
            break;
          case 1:
            rotate('move');
            break;
          case 3:
            await kill();
            events.push('kill');
            writeBatch();
            await start();
            break;
          default:
            await kill();
            events.push('kill');
            writeBatch();
            rotate(step % 4 === 0 ? 'move' : 'copytruncate');
            writeBatch();
            await start();
        }
        next = Date.now() + 150;
      }
      await sleep(15);
    }
    // let the reader catch up before stopping it
    await sleep(1500);
    await kill('SIGTERM');

    const counts = new Array<number>(nextId).fill(0);
    const strange: string[] = [];
    for (const record of readJournal(join(dir, 'journal.ndjson'))) {
      for (const id of record.ids) counts[id]! += 1;
      strange.push(...record.strange);
    }
    const missing = counts.flatMap((c, id) => (c === 0 ? [id] : []));
    const twice = counts.flatMap((c, id) => (c > 1 ? [id] : []));
    assert.ok(events.filter((e) => e === 'copytruncate').length >= 10, `rotations: ${events.join(',')}`);
    assert.deepEqual(
      { missing: missing.length, twice: twice.length, strange: strange.slice(0, 5) },
      { missing: 0, twice: 0, strange: [] },
      `of ${nextId} lines, first missing ${missing.slice(0, 5)}, first twice ${twice.slice(0, 5)}; ` +
        `files and journal kept in ${dir}; events ${events.join(',')}`,
    );
    rmSync(dir, { recursive: true });
  });
});
