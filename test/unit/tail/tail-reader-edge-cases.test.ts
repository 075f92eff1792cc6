import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TailReader } from '../../../processors/tail/tail-reader';
import { drain, tempDir } from './helpers';

// cases that lost, repeated or spun before the reader was split along its seams.
describe('TailReader: lost, repeated and spinning cases', () => {
  let dir: string;

  beforeEach(() => {
    dir = tempDir();
  });

  describe('copies are only rotations of the same source', () => {
    const agentFile = (agent: string) => join(dir, agent, 'x.log');
    const fleetReader = () => new TailReader({ include: [join(dir, '{agent}', '*.log*')] });
    const write = (path: string, text: string) => {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, text);
    };

    it('a file equal to one already read, in another agent directory, is read', () => {
      write(agentFile('a'), 'agent started\n');
      const reader = fleetReader();
      assert.deepEqual(drain(reader).lines, ['agent started']);
      write(agentFile('b'), 'agent started\n');
      assert.deepEqual(drain(reader).lines, ['agent started']);
    });

    it('a file equal to one read and deleted, in another directory, is read', () => {
      write(agentFile('a'), 'agent started\n');
      const reader = fleetReader();
      drain(reader);
      rmSync(agentFile('a'));
      write(agentFile('b'), 'agent started\n');
      assert.deepEqual(drain(reader).lines, ['agent started']);
    });

    it('a file equal to another in the same directory but not one of its rotated names is read', () => {
      write(agentFile('a'), 'agent started\n');
      const reader = fleetReader();
      drain(reader);
      write(join(dir, 'a', 'y.log'), 'agent started\n');
      assert.deepEqual(drain(reader).lines, ['agent started']);
    });

    it('a rotated name of the source (x.log.1, x.log-20260101) is still a copy', () => {
      write(agentFile('a'), 'agent started\nmore\n');
      const reader = fleetReader();
      drain(reader);
      write(`${agentFile('a')}.1`, 'agent started\nmore\n');
      write(`${agentFile('a')}-20260101`, 'agent started\nmore\n');
      assert.deepEqual(drain(reader).lines, []);
    });

    it('rotated_suffixes decides which names are rotations', () => {
      write(agentFile('a'), 'agent started\n');
      const reader = new TailReader({ include: [join(dir, '{agent}', '*.log*')], rotatedSuffixes: ['.old'] });
      drain(reader);
      write(`${agentFile('a')}.old`, 'agent started\n');
      write(`${agentFile('a')}.1`, 'agent started\n');
      assert.deepEqual(drain(reader).lines, ['agent started']);
    });
  });

  describe('more files than max tracked files', () => {
    it('never evicts a live file; new files over the cap are refused and counted', () => {
      for (let i = 0; i < 5; i++) writeFileSync(join(dir, `f${i}.log`), `line ${i}\n`);
      const reader = new TailReader({ include: [join(dir, '*.log')], maxTrackedFiles: 3 });
      const seen: string[] = [];
      const refused: string[][] = [];
      for (let poll = 0; poll < 4; poll++) {
        const result = reader.poll(
          (line) => seen.push(line.bytes.toString()),
          () => {},
        );
        refused.push(result.refusedFiles);
      }
      assert.equal(seen.length, 3, `read ${seen.join(',')}`);
      assert.equal(new Set(seen).size, 3);
      assert.equal(refused[0]!.length, 2);
      // reported once, not every poll
      assert.deepEqual(refused.slice(1), [[], [], []]);
      assert.equal(reader.refusedCount, 2);
    });

    it('a refused file is taken once a tracked one is gone', () => {
      for (let i = 0; i < 3; i++) writeFileSync(join(dir, `f${i}.log`), `line ${i}\n`);
      const reader = new TailReader({ include: [join(dir, '*.log')], maxTrackedFiles: 2 });
      const first = drain(reader).lines;
      assert.equal(first.length, 2);
      const tracked = first.map((l) => `f${l.split(' ')[1]}.log`);
      rmSync(join(dir, tracked[0]!));
      const second = drain(reader).lines;
      assert.equal(second.length, 1);
      assert.deepEqual([...first, ...second].sort(), ['line 0', 'line 1', 'line 2']);
    });
  });

  it('a line longer than the read budget but within the line limit is assembled across polls', () => {
    const file = join(dir, 'c.jsonl');
    const long = 'x'.repeat(1_500_000);
    writeFileSync(file, `first\n${long}\nnext\n`);
    const reader = new TailReader({
      include: [file],
      maxLineBytes: 2 * 1024 * 1024,
      maxReadBytesPerPoll: 512 * 1024,
    });
    const lines: string[] = [];
    for (let poll = 0; poll < 8; poll++) lines.push(...drain(reader).lines);
    assert.deepEqual(
      lines.map((l) => l.length),
      [5, long.length, 4],
    );
  });

  describe('pending: whether the next poll can read more right away', () => {
    it('a file ending in a partial line is not pending', () => {
      const file = join(dir, 'c.jsonl');
      writeFileSync(file, 'a\nparti');
      const reader = new TailReader({ include: [file] });
      assert.equal(
        reader.poll(
          () => {},
          () => {},
        ).pending,
        false,
      );
      assert.equal(
        reader.poll(
          () => {},
          () => {},
        ).pending,
        false,
      );
    });

    it('a file left by the read budget is pending until read', () => {
      const file = join(dir, 'c.jsonl');
      writeFileSync(file, `${'y'.repeat(99)}\n`.repeat(8000)); // 800 kB
      const reader = new TailReader({ include: [file], maxReadBytesPerPoll: 512 * 1024 });
      let lines = 0;
      const count = () =>
        reader.poll(
          () => lines++,
          () => {},
        );
      assert.equal(count().pending, true);
      assert.equal(count().pending, false);
      assert.equal(lines, 8000);
    });
  });

  it('a UTF-8 byte order mark is stripped at the start of a file only', () => {
    const file = join(dir, 'c.jsonl');
    writeFileSync(file, '\uFEFF{"a":1}\n\uFEFFsecond\n');
    const reader = new TailReader({ include: [file] });
    assert.deepEqual(drain(reader).lines, ['{"a":1}', '\uFEFFsecond']);
    appendFileSync(file, 'third\n');
    assert.deepEqual(drain(reader).lines, ['third']);
  });
});
