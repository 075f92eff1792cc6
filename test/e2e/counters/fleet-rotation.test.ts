import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  truncateSync,
} from 'node:fs';
import { join } from 'node:path';
import type { LedgerState } from '../../../processors/counters/ledger';
import type { CheckpointDocument } from '../../../processors/tail/checkpoint';
import { useTempDirs } from '../../helpers';
import { type ReceiverProcess, startReceiver, testPort } from './receiver-process';
import { expectSeriesToMatch } from './series-match';

const AGENTS = 16;
const WRITE_MS = 12_000;
const LINES_PER_AGENT = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// many agents, one counters file each, every file starting with the same line: the counters
// receiver is SIGKILLed while files rotate (move/create and copytruncate, also while it is down).
// A file in one agent's directory is never taken for a copy of another's, so every series, in the
// checkpoint and in prometheus, equals the lines written, the shared first line included.
describe('counters receiver: a fleet of identical first lines through rotation and SIGKILL', () => {
  const run = randomUUID().slice(0, 8);
  const name = `f${run}`;
  const dir = useTempDirs('counters-fleet')();
  const agents = Array.from({ length: AGENTS }, (_, i) => `agent-${i}`);
  const fileOf = (agent: string) => join(dir, agent, 'counters.jsonl');
  const port = testPort(3);
  const args = [
    '--file',
    join(dir, '{agent}', 'counters.jsonl'),
    join(dir, '{agent}', 'counters.jsonl.*'),
    '--checkpoint',
    join(dir, 'checkpoint.json'),
    '--namespace',
    'fleet',
    '--export-interval',
    '700',
    '--poll-interval',
    '50',
  ];
  const written = new Map<string, number>();
  const events: string[] = [];
  let receiver: ReceiverProcess | undefined;
  let seq = 0;

  after(async () => {
    await receiver?.kill('SIGKILL');
  });

  const line = (seriesId: string) => {
    written.set(seriesId, (written.get(seriesId) ?? 0) + 1);
    return `${JSON.stringify({ name, value: 1, tags: { seriesId, run } })}\n`;
  };

  function write(agent: string): void {
    const file = fileOf(agent);
    // every new file starts with the very same bytes, in every agent's directory
    let text = existsSync(file) ? '' : line('started');
    for (let i = 0; i < LINES_PER_AGENT; i++) text += line(`${agent}-${seq++ % 3}`);
    appendFileSync(file, text);
  }

  function rotate(agent: string, how: 'move' | 'copytruncate'): void {
    const file = fileOf(agent);
    if (!existsSync(file)) return;
    // archives kept long enough for a receiver slowed by a loaded machine to finish them
    for (let n = 3; n >= 1; n--)
      if (existsSync(`${file}.${n}`)) renameSync(`${file}.${n}`, `${file}.${n + 1}`);
    if (how === 'move') renameSync(file, `${file}.1`);
    else {
      copyFileSync(file, `${file}.1`);
      truncateSync(file, 0);
    }
    events.push(how);
  }

  it('every series, the shared first line included, equals the lines written', async () => {
    for (const agent of agents) {
      mkdirSync(join(dir, agent));
      write(agent);
    }
    receiver = await startReceiver('counters', dir, port, args);
    const started = Date.now();
    let tick = 0;
    while (Date.now() - started < WRITE_MS) {
      for (const agent of agents) write(agent);
      if (++tick % 10 === 0) {
        const kill = tick % 20 === 0;
        if (kill) {
          await receiver.kill('SIGKILL');
          events.push('kill');
        }
        for (const [i, agent] of agents.entries()) {
          if ((i + tick) % 3 === 0) rotate(agent, (i + tick) % 2 === 0 ? 'move' : 'copytruncate');
        }
        for (const agent of agents) write(agent);
        if (kill) receiver = await startReceiver('counters', dir, port, args);
      }
      await sleep(50);
    }
    assert.ok(events.filter((e) => e === 'kill').length >= 2, `events: ${events.join(',')}`);
    assert.ok((written.get('started') ?? 0) > AGENTS, 'new files after rotation start with the shared line');
    // a clean stop checkpoints and exports the last totals
    await receiver.kill('SIGTERM');
    const context = `events: ${events.join(',')}; files in ${dir}`;
    const checkpoint = JSON.parse(
      readFileSync(join(dir, 'checkpoint.json'), 'utf8'),
    ) as CheckpointDocument<LedgerState>;
    const totals = Object.fromEntries(
      checkpoint.state.series
        .filter((series) => series.labels.run === run)
        .map((series) => [series.labels.series_id, series.value])
        .sort(),
    );
    assert.deepEqual(totals, Object.fromEntries([...written.entries()].sort()), context);
    await expectSeriesToMatch(`fleet_${name}_total`, written, context);
  });
});
