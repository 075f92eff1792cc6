import assert from 'node:assert/strict';
import fs, {
  appendFileSync,
  copyFileSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { TailReader } from '../../../processors/tail/tail-reader';
import { drain, tempDir } from './helpers';

type FsName = 'openSync' | 'readSync';

/**
 * runs `action` once, just before the first `name` call for which `when` is true: a rotation
 * landing between two steps of one poll, which timing alone reproduces only now and then.
 */
function interleave(name: FsName, when: (...args: unknown[]) => boolean, action: () => void): () => void {
  const original = fs[name] as (...args: unknown[]) => unknown;
  let done = false;
  (fs as unknown as Record<FsName, unknown>)[name] = (...args: unknown[]) => {
    if (!done && when(...args)) {
      done = true;
      action();
    }
    return original(...args);
  };
  return () => {
    (fs as unknown as Record<FsName, unknown>)[name] = original;
  };
}

const numbered = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `{"n":${from + i},"pad":"${'x'.repeat(40)}"}\n`).join('');

// copytruncate races inside one poll: the rotation lands between the reader's own steps.
describe('TailReader: copytruncate racing a poll', () => {
  let dir: string;
  let file: string;
  let restore: (() => void) | undefined;
  const reader = () => new TailReader({ include: [file, `${file}.*`] });
  const copyTruncate = (rest = '') => {
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    appendFileSync(file, rest);
  };

  beforeEach(() => {
    dir = tempDir();
    file = join(dir, 'c.jsonl');
  });
  afterEach(() => restore?.());

  it('truncated while its new lines are read: they come from the copy, once', () => {
    writeFileSync(file, numbered(0, 20));
    const r = reader();
    assert.equal(drain(r).lines.length, 20);
    appendFileSync(file, numbered(20, 40));
    // the rotation lands after the poll measured the file, before it reads the new lines
    restore = interleave(
      'readSync',
      (_fd, _buf, _off, _len, position) => Number(position) > 0,
      () => copyTruncate(numbered(40, 45)),
    );
    const seen = [...drain(r).lines];
    restore();
    seen.push(...drain(r).lines, ...drain(r).lines);
    assert.deepEqual(
      seen.map((l) => JSON.parse(l).n).sort((a, b) => a - b),
      Array.from({ length: 25 }, (_, i) => 20 + i),
    );
  });

  it('a copy seen half-written, then the original truncated: the copy resumes where the original was read', () => {
    writeFileSync(file, numbered(0, 30));
    const r = reader();
    assert.equal(drain(r).lines.length, 30);
    const whole = readFileSync(file);
    writeFileSync(`${file}.1`, whole.subarray(0, 500)); // the copy caught mid-way, mid-line
    assert.deepEqual(drain(r).lines, []);
    appendFileSync(`${file}.1`, whole.subarray(500));
    truncateSync(file, 0);
    appendFileSync(file, numbered(30, 32));
    assert.deepEqual(
      drain(r).lines.map((l) => JSON.parse(l).n),
      [30, 31],
    );
    assert.deepEqual(drain(r).lines, []);
  });

  it('a copy longer than its source was measured: still known as a copy', () => {
    writeFileSync(file, numbered(0, 10));
    writeFileSync(`${file}.1`, 'an older archive\n');
    const r = reader();
    assert.equal(drain(r).lines.length, 11);
    // between measuring the live file and opening the archive, the writer appends and the copy is made
    restore = interleave(
      'openSync',
      (path) => path === `${file}.1`,
      () => {
        appendFileSync(file, numbered(10, 12));
        copyFileSync(file, join(dir, 'copy.tmp'));
        renameSync(join(dir, 'copy.tmp'), `${file}.1`);
      },
    );
    const seen = [...drain(r).lines];
    restore();
    truncateSync(file, 0);
    appendFileSync(file, numbered(12, 13));
    seen.push(...drain(r).lines, ...drain(r).lines);
    assert.deepEqual(
      seen.map((l) => JSON.parse(l).n).sort((a, b) => a - b),
      [10, 11, 12],
    );
  });
});
