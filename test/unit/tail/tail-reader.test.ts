import assert from 'node:assert/strict';
import {
  appendFileSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { TailReader } from '../../../processors/tail/tail-reader';
import { drain, tempDir } from './helpers';

// the loss and duplicate cases of other tailers, each on real files.
describe('TailReader', () => {
  let dir: string;
  let file: string;
  const reader = (extra = {}) => new TailReader({ include: [file, `${file}.*`], ...extra });

  beforeEach(() => {
    dir = tempDir();
    file = join(dir, 'c.jsonl');
  });

  it('hands over complete lines only; a partial line waits for its newline', () => {
    writeFileSync(file, 'a\nb\npart');
    const r = reader();
    assert.deepEqual(drain(r).lines, ['a', 'b']);
    appendFileSync(file, 'ial\n');
    assert.deepEqual(drain(r).lines, ['partial']);
    assert.deepEqual(drain(r).lines, []);
  });

  it('strips \\r of CRLF lines and counts line numbers', () => {
    writeFileSync(file, 'a\r\nb\n');
    const r = reader();
    const lines: number[] = [];
    r.poll(
      (l) => lines.push(l.lineNo),
      () => {},
    );
    assert.deepEqual(lines, [1, 2]);
    assert.deepEqual(drain(reader()).lines, ['a', 'b']);
  });

  it('resumes from a snapshot without repeating or losing lines', () => {
    writeFileSync(file, 'a\nb\n');
    const first = reader();
    drain(first);
    const saved = first.snapshot();
    appendFileSync(file, 'c\n');
    const second = reader();
    second.restore(saved);
    assert.deepEqual(drain(second).lines, ['c']);
  });

  it('move/create rotation: finishes the old file, then reads the new one', () => {
    writeFileSync(file, 'a\n');
    const r = reader();
    drain(r);
    appendFileSync(file, 'b\n');
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'c\n');
    assert.deepEqual(drain(r).lines.sort(), ['b', 'c']);
  });

  it('a file seen under two names in one poll (rename while listing) is read once', () => {
    writeFileSync(file, 'a\nb\n');
    const r = reader();
    drain(r);
    appendFileSync(file, 'c\n');
    // what a poll sees when the rotation's rename lands between listing and opening
    linkSync(file, `${file}.1`);
    assert.deepEqual(drain(r).lines, ['c']);
    rmSync(file);
    writeFileSync(file, 'd\n');
    assert.deepEqual(drain(r).lines, ['d']);
  });

  it('copytruncate caught mid-copy: the growing copy is not read again', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `{"n":${i}}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = reader();
    assert.equal(drain(r).lines.length, 40);
    // the copy is seen while it holds only its first bytes, then complete, then the original is truncated
    writeFileSync(`${file}.1`, `${lines.slice(0, 2).join('\n')}\n`);
    assert.deepEqual(drain(r).lines, []);
    writeFileSync(`${file}.1`, `${lines.join('\n')}\n`);
    assert.deepEqual(drain(r).lines, []);
    truncateSync(file, 0);
    appendFileSync(file, 'new\n');
    assert.deepEqual(drain(r).lines, ['new']);
    assert.deepEqual(drain(r).lines, []);
  });

  it('a small new file that only begins like another file is read whole once it differs', () => {
    writeFileSync(file, 'same\nmore\n');
    const r = reader();
    drain(r);
    writeFileSync(`${file}.1`, 'same\n');
    assert.deepEqual(drain(r).lines, []);
    appendFileSync(`${file}.1`, 'other\n');
    assert.deepEqual(drain(r).lines, ['same', 'other']);
  });

  it('rotation while the reader is down', () => {
    writeFileSync(file, 'a\n');
    const r = reader();
    drain(r);
    const saved = r.snapshot();
    appendFileSync(file, 'b\n');
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'a\n'); // identical first bytes in the new file
    const again = reader();
    again.restore(saved);
    assert.deepEqual(drain(again).lines.sort(), ['a', 'b']);
  });

  it('copytruncate with identical first bytes: the new content is read once, the copy not again', () => {
    writeFileSync(file, 'same-first-line\nx\n');
    const r = reader();
    assert.deepEqual(drain(r).lines, ['same-first-line', 'x']);
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    appendFileSync(file, 'same-first-line\ny\nz\n');
    assert.deepEqual(drain(r).lines, ['same-first-line', 'y', 'z']);
    assert.deepEqual(drain(r).lines, []);
  });

  it('copytruncate after reading past the copy: the shorter copy is not re-read', () => {
    writeFileSync(file, 'a\n');
    const r = reader();
    drain(r);
    copyFileSync(file, `${file}.1`); // the copy holds only 'a'
    appendFileSync(file, 'b\n');
    assert.deepEqual(drain(r).lines, ['b']);
    truncateSync(file, 0);
    appendFileSync(file, 'c\n');
    assert.deepEqual(drain(r).lines, ['c']);
  });

  it('copytruncate seen between copy and truncate: the duplicate is not read twice', () => {
    writeFileSync(file, 'a\n');
    const r = reader();
    drain(r);
    appendFileSync(file, 'b\n');
    copyFileSync(file, `${file}.1`);
    assert.deepEqual(drain(r).lines, ['b']);
    truncateSync(file, 0);
    appendFileSync(file, 'c\n');
    assert.deepEqual(drain(r).lines, ['c']);
  });

  it('copytruncate with archive shift, seen between copy and truncate, reads nothing twice', () => {
    writeFileSync(file, 'head\nx1\n');
    const r = reader();
    drain(r);
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    appendFileSync(file, 'head\ny22\n');
    assert.deepEqual(drain(r).lines, ['head', 'y22']);
    renameSync(`${file}.1`, `${file}.2`);
    copyFileSync(file, `${file}.1`);
    assert.deepEqual(drain(r).lines, []);
    truncateSync(file, 0);
    appendFileSync(file, 'c\n');
    assert.deepEqual(drain(r).lines, ['c']);
  });

  it('copytruncate while the reader is down: the unread tail comes from the copy', () => {
    writeFileSync(file, 'head\nx1\n');
    const r = reader();
    drain(r);
    const saved = r.snapshot();
    appendFileSync(file, 'b\n');
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    appendFileSync(file, 'head\ny22\nc\n'); // same first line, longer than the old offset
    const again = reader();
    again.restore(saved);
    assert.deepEqual(drain(again).lines.sort(), ['b', 'c', 'head', 'y22']);
  });

  it('truncation in place (offset beyond size) starts over', () => {
    writeFileSync(file, 'long line one\nlong line two\n');
    const r = new TailReader({ include: [file] });
    drain(r);
    writeFileSync(file, 'new\n');
    assert.deepEqual(drain(r).lines, ['new']);
  });

  it('a new file reusing a deleted file inode is a new file', () => {
    writeFileSync(file, 'old\n');
    const r = new TailReader({ include: [file] });
    drain(r);
    rmSync(file);
    writeFileSync(file, 'fresh content that is longer\n');
    assert.deepEqual(drain(r).lines, ['fresh content that is longer']);
  });

  it('rejects lines over the limit without truncating them into the stream', () => {
    writeFileSync(file, `ok\n${'x'.repeat(300)}\nok2\n${'y'.repeat(500)}`);
    const r = new TailReader({ include: [file], maxLineBytes: 100 });
    const first = drain(r);
    assert.deepEqual(first.lines, ['ok', 'ok2']);
    assert.deepEqual(
      first.rejected.map((x) => [x.lineNo, x.size]),
      [[2, 300]],
    );
    appendFileSync(file, 'yyy\nafter\n');
    const second = drain(r);
    assert.deepEqual(second.lines, ['after']);
    assert.equal(second.rejected.length, 1);
  });

  it('hands invalid UTF-8 over as bytes without failing', () => {
    writeFileSync(file, Buffer.from([0xff, 0xfe, 0x0a, 0x41, 0x0a]));
    const r = new TailReader({ include: [file] });
    const got: Buffer[] = [];
    r.poll(
      (l) => got.push(Buffer.from(l.bytes)),
      () => {},
    );
    assert.deepEqual(got, [Buffer.from([0xff, 0xfe]), Buffer.from('A')]);
  });

  it('emits a partial line after the timeout when configured', async () => {
    writeFileSync(file, 'no newline');
    const r = new TailReader({ include: [file], partialLineTimeoutMs: 30 });
    assert.deepEqual(drain(r).lines, []);
    await new Promise((res) => setTimeout(res, 50));
    assert.deepEqual(drain(r).lines, ['no newline']);
    appendFileSync(file, ' more\n');
    assert.deepEqual(drain(r).lines, [' more']);
  });

  it('follows several files by glob and captures {agent} from the path', () => {
    const r = new TailReader({ include: [join(dir, '{agent}', '*.log')] });
    for (const a of ['a1', 'a2']) {
      const sub = join(dir, a);
      mkdirSync(sub);
      writeFileSync(join(sub, 'x.log'), `${a}\n`);
    }
    const seen: string[] = [];
    r.poll(
      (l) => seen.push(`${l.captures.agent}:${l.bytes}`),
      () => {},
    );
    assert.deepEqual(seen.sort(), ['a1:a1', 'a2:a2']);
  });

  it('a line budget per poll: stops after it, resumes where it stopped, files take turns', () => {
    writeFileSync(file, 'a1\na2\na3\na4\n');
    writeFileSync(`${file}.1`, 'b1\nb2\n');
    const r = reader({ maxLinesPerPoll: 3 });
    const polls = [drain(r).lines, drain(r).lines, drain(r).lines];
    assert.ok(polls.every((p) => p.length <= 3));
    assert.deepEqual(polls.flat().sort(), ['a1', 'a2', 'a3', 'a4', 'b1', 'b2']);
    // the first poll starts with one file, the second with the other
    assert.notEqual(polls[0][0]![0], polls[1][0]![0]);
  });

  it('lines left by the budget are not taken for a partial line', async () => {
    writeFileSync(file, 'x1\nx2\nx3');
    const r = new TailReader({ include: [file], maxLinesPerPoll: 1, partialLineTimeoutMs: 1 });
    assert.deepEqual(drain(r).lines, ['x1']);
    await new Promise((res) => setTimeout(res, 5));
    assert.deepEqual(drain(r).lines, ['x2']);
    await new Promise((res) => setTimeout(res, 5));
    assert.deepEqual(drain(r).lines, []); // 'x3' is seen as a partial line now
    await new Promise((res) => setTimeout(res, 5));
    assert.deepEqual(drain(r).lines, ['x3']);
  });

  it('starts at the end of existing files when asked, and at the beginning of later ones', () => {
    writeFileSync(file, 'old\n');
    const r = new TailReader({ include: [file, `${file}.*`], startAt: 'end' });
    assert.deepEqual(drain(r).lines, []);
    appendFileSync(file, 'new\n');
    writeFileSync(`${file}.later`, 'later\n');
    assert.deepEqual(drain(r).lines.sort(), ['later', 'new']);
  });
});
