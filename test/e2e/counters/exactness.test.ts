import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, renameSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../../helpers';
import { type ReceiverProcess, startReceiver, testPort } from './receiver-process';
import { expectSeriesToMatch } from './series-match';

const SERIES = 50;
const WRITE_MS = 24_000;
const BATCH = 150;
const BATCH_EVERY_MS = 15;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// the exactness contract: while a writer appends fast over many series, the receiver is killed
// with SIGKILL and restarted, and the file is rotated by move/create and by copytruncate (both
// also while the receiver is down). Afterwards every series in prometheus equals the lines written.
describe('counters receiver: exact counts through SIGKILL, restarts and rotation', () => {
  const run = randomUUID().slice(0, 8).replace(/-/g, '');
  const name = `c${run}`;
  const dir = useTempDirs('counters-exact')();
  const file = join(dir, 'counters.jsonl');
  const port = testPort(2);
  const args = [
    '--file',
    file,
    `${file}.*`,
    '--checkpoint',
    join(dir, 'checkpoint.json'),
    '--namespace',
    'exact',
    '--export-interval',
    '700',
    '--poll-interval',
    '50',
  ];
  const written = new Map<string, number>();
  let receiver: ReceiverProcess | undefined;
  const events: string[] = [];

  after(async () => {
    await receiver?.kill('SIGKILL');
  });

  function writeBatch(seq: number): void {
    let text = '';
    for (let i = 0; i < BATCH; i++) {
      const s = `s${(seq * 7 + i * 13) % SERIES}`;
      written.set(s, (written.get(s) ?? 0) + 1);
      text += `${JSON.stringify({ name, value: 1, timestamp: new Date().toISOString(), tags: { seriesId: s, run } })}\n`;
    }
    appendFileSync(file, text);
  }

  /** logrotate's default: shift archives, rename the live file; the writer creates a new one. */
  function rotateMove(): void {
    if (existsSync(`${file}.1`)) renameSync(`${file}.1`, `${file}.2`);
    if (existsSync(file)) renameSync(file, `${file}.1`);
    events.push('move');
  }

  /** logrotate copytruncate: copy, then truncate in place (the writer pauses, as nothing is lost between). */
  function rotateCopyTruncate(): void {
    if (!existsSync(file)) return;
    if (existsSync(`${file}.1`)) renameSync(`${file}.1`, `${file}.2`);
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    events.push('copytruncate');
  }

  it('every series equals exactly the lines written for it', async () => {
    receiver = await startReceiver('counters', dir, port, args);
    const started = Date.now();
    let seq = 0;
    let nextAction = started + 1500;
    let action = 0;
    while (Date.now() - started < WRITE_MS) {
      writeBatch(seq++);
      if (Date.now() >= nextAction) {
        switch (action++ % 5) {
          case 0:
            await receiver?.kill('SIGKILL');
            events.push('kill');
            writeBatch(seq++);
            receiver = await startReceiver('counters', dir, port, args);
            break;
          case 1:
            rotateMove();
            break;
          case 2:
            rotateCopyTruncate();
            break;
          case 3:
            // rotation while the receiver is down: it must finish the old file after restart.
            await receiver?.kill('SIGKILL');
            events.push('kill');
            writeBatch(seq++);
            if (action % 2 === 0) rotateCopyTruncate();
            else rotateMove();
            writeBatch(seq++);
            receiver = await startReceiver('counters', dir, port, args);
            break;
          default:
            // a clean restart flushes on SIGTERM
            await receiver?.kill('SIGTERM');
            events.push('term');
            receiver = await startReceiver('counters', dir, port, args);
        }
        nextAction = Date.now() + 1200;
      }
      await sleep(BATCH_EVERY_MS);
    }
    assert.ok(
      events.filter((e) => e === 'kill').length >= 3,
      `expected several SIGKILLs, got ${events.join(',')}`,
    );
    assert.ok(events.includes('move') && events.includes('copytruncate'), `rotations: ${events.join(',')}`);
    await expectSeriesToMatch(`exact_${name}_total`, written, `events: ${events.join(',')}`);
    const health = await receiver!.health();
    assert.deepEqual(health.rejected, {}, `no line may be rejected: ${JSON.stringify(health.rejected)}`);
  });
});
