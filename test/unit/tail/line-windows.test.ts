import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TailReader } from '../../../processors/tail/tail-reader';
import { tempDir } from './helpers';

/** a small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Expected {
  bytes: Buffer;
  lineNo: number;
  endOffset: number;
}

/**
 * lines of every kind the splitter treats apart (ASCII, UTF-8, invalid bytes, CRLF, empty, over
 * the limit), long enough to cross the reader's split windows and read buffers: a line's text,
 * bytes, number and end offset come out the same whichever way its window was split.
 */
describe('TailReader: lines across read windows', () => {
  const MAX_LINE = 3000;

  /** `otherShare` of the lines are not plain ASCII: windows of ASCII lines only are split as text. */
  function makeFile(
    path: string,
    seed: number,
    lines: number,
    otherShare: number,
  ): { expected: Expected[]; rejected: number[] } {
    const next = random(seed);
    const parts: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])]; // a byte order mark, dropped
    const expected: Expected[] = [];
    const rejected: number[] = [];
    let offset = 3;
    for (let lineNo = 1; lineNo <= lines; lineNo++) {
      const kind = next() < otherShare ? 0.7 + next() * 0.3 : next() * 0.7;
      const length = Math.floor(next() ** 3 * MAX_LINE * 1.2);
      let body: Buffer;
      if (kind < 0.7) body = Buffer.from(`{"n":${lineNo},"p":"${'a'.repeat(length)}"}`);
      else if (kind < 0.8) body = Buffer.from(`é€${'ü'.repeat(length >> 1)}`);
      else if (kind < 0.85) body = Buffer.from([0x41, 0xff, 0xfe, 0x42]);
      else if (kind < 0.9) body = Buffer.alloc(0);
      else body = Buffer.from('b'.repeat(length));
      const crlf = next() < 0.1;
      const raw = Buffer.concat([body, Buffer.from(crlf ? '\r\n' : '\n')]);
      parts.push(raw);
      offset += raw.length;
      if (raw.length - 1 > MAX_LINE) rejected.push(lineNo);
      else expected.push({ bytes: body, lineNo, endOffset: offset });
    }
    writeFileSync(path, Buffer.concat(parts));
    return { expected, rejected };
  }

  const cases = [undefined, 40_000, 1_000_000].flatMap((budget) =>
    [0.3, 0.002].map((other) => ({ budget, other })),
  );
  for (const { budget, other } of cases) {
    it(`reads every line once with ${budget ?? 'the default'} bytes a poll, ${other * 100}% not ASCII`, () => {
      const file = join(tempDir(), 'c.jsonl');
      const { expected, rejected } = makeFile(file, 7 + (budget ?? 0), 6000, other);
      appendFileSync(file, 'a partial line');
      const reader = new TailReader({ include: [file], maxLineBytes: MAX_LINE, maxReadBytesPerPoll: budget });
      const got: Expected[] = [];
      const texts: string[] = [];
      const gotRejected: number[] = [];
      for (let poll = 0; poll < 1000; poll++) {
        const result = reader.poll(
          (line) => {
            got.push({ bytes: Buffer.from(line.bytes), lineNo: line.lineNo, endOffset: line.endOffset });
            texts.push(line.text());
          },
          (r) => gotRejected.push(r.lineNo),
        );
        if (!result.pending) break;
      }
      assert.equal(got.length, expected.length);
      for (let i = 0; i < expected.length; i++) {
        assert.deepEqual(got[i], expected[i], `line ${expected[i].lineNo}`);
        assert.equal(texts[i], expected[i].bytes.toString('utf8'), `text of line ${expected[i].lineNo}`);
      }
      assert.deepEqual(gotRejected, rejected);
    });
  }
});
