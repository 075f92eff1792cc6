import type { FilePosition } from './types';

export interface SplitSink {
  /**
   * a complete line, as bytes [start, end) of the chunk (newline, a trailing \r and a leading
   * byte order mark left out), and the file offset just past its newline.
   */
  line(start: number, end: number, endOffset: number): void;
  /** a line longer than the limit, skipped; `size` is what was seen of it. */
  reject(size: number): void;
}

const NEWLINE = 10;
const CR = 13;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** the line without a UTF-8 byte order mark in front; only the first line of a file may carry one. */
export function stripBom(line: Buffer): Buffer {
  return line.subarray(0, 3).equals(BOM) ? line.subarray(3) : line;
}

/** 3 when bytes [start, end) of `chunk` begin with a byte order mark, else 0. */
function bomLength(chunk: Buffer, start: number, end: number): number {
  return end - start >= 3 &&
    chunk[start] === BOM[0] &&
    chunk[start + 1] === BOM[1] &&
    chunk[start + 2] === BOM[2]
    ? 3
    : 0;
}

/**
 * Splits a chunk read at `position.offset` into lines, advancing the position past each one.
 * A trailing part without newline is left unconsumed (it is read again with its newline), unless
 * it is already over the limit: then the rest of that line is skipped up to its newline.
 * Stops after `maxLines` lines (handed over or rejected). A byte order mark is dropped from the
 * line at offset 0. Returns the bytes consumed.
 *
 * `text`, when given, is the chunk up to and including its last newline, decoded one character
 * per byte (ASCII): newlines are then searched in it, since a string search costs less than a
 * native Buffer call per line.
 */
export function splitChunk(
  chunk: Buffer,
  text: string | undefined,
  position: FilePosition,
  maxLineBytes: number,
  sink: SplitSink,
  maxLines = Number.POSITIVE_INFINITY,
): number {
  const base = position.offset;
  let start = 0;
  for (let lines = 0; ; lines++) {
    if (lines >= maxLines) return start;
    const nl = text === undefined ? chunk.indexOf(NEWLINE, start) : text.indexOf('\n', start);
    if (nl < 0) break;
    position.lineNo++;
    position.offset = base + nl + 1;
    if (position.skipping) {
      position.skipping = false;
      sink.reject(nl - start);
    } else if (nl - start > maxLineBytes) {
      sink.reject(nl - start);
    } else {
      const end = nl > start && chunk[nl - 1] === CR ? nl - 1 : nl;
      const from = base + start === 0 ? start + bomLength(chunk, start, end) : start;
      sink.line(from, end, position.offset);
    }
    start = nl + 1;
  }
  const rest = chunk.length - start;
  if (position.skipping || rest > maxLineBytes) {
    // too long already: skip what we have and keep skipping until the newline arrives.
    position.skipping = true;
    position.offset = base + chunk.length;
    return chunk.length;
  }
  return start;
}
