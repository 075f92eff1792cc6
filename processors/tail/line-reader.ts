import { isAscii } from 'node:buffer';
import type { IncludePattern } from './file-discovery';
import { capturesOf } from './file-discovery';
import type { FileSnapshot } from './file-snapshot';
import { sha256 } from './fingerprint';
import { LineBatch } from './line-batch';
import { splitChunk, stripBom } from './line-splitter';
import type { FilePosition } from './types';

/**
 * one file's lines and rejections of one poll, held back until the file proved unchanged. Valid
 * until the reader's next `read`: its batch and the buffers its lines point into are reused.
 */
export interface FileRead {
  batch: LineBatch;
  bytes: number;
  /** complete data was left for the next poll (a budget stop or a long line under way). */
  pending: boolean;
  /** the state to keep once the read is accepted (see LineReader.accept). */
  next: LineState;
}

/** what a reader remembers of a file between polls, beyond its position. */
interface LineState {
  /** a long line under way: no newline in [offset, scannedTo). */
  scan?: { offset: number; scannedTo: number };
  /** a trailing line without newline: where it starts, how long it was and since when. */
  partial?: { offset: number; size: number; since: number };
}

export interface LineReaderOptions {
  patterns: IncludePattern[];
  maxLineBytes: number;
  maxReadBytes: number;
  /** bytes split at a time (plus a longest line), so that a window's decoded text stays small. */
  windowBytes: number;
  partialTimeoutMs: number;
}

const READ_CHUNK = 1024 * 1024;

/**
 * Reads the new lines of one file at a time, at most `maxReadBytes` a poll. A line longer than
 * that (but within `maxLineBytes`) is assembled across polls: each poll scans one budget further
 * for its newline, remembering how far it found none, and the line is read whole once its newline
 * is there. A UTF-8 byte order mark is dropped from the first line of a file. A last line without
 * newline is handed over once it stopped growing for `partialTimeoutMs` (0: never).
 *
 * The read buffers and the batch are reused from read to read: a fresh buffer per read cost page
 * faults and garbage collection in proportion to the bytes read.
 */
export class LineReader {
  private readonly states = new Map<string, LineState>();
  private readonly batch = new LineBatch();
  /** read buffers, one per chunk of a read, allocated on first use and kept. */
  private readonly buffers: Buffer[] = [];

  constructor(private readonly options: LineReaderOptions) {}

  /** reads what is new in `file`, advancing `position`; hand the lines over only if `file` stayed unchanged. */
  read(file: FileSnapshot, position: FilePosition, now: number, maxLines: number): FileRead {
    const { maxLineBytes, maxReadBytes, windowBytes } = this.options;
    const state = this.states.get(position.id) ?? {};
    const captures = capturesOf(this.options.patterns, file.path);
    const batch = this.batch;
    batch.reset(file.path, position.id, captures);
    const out: FileRead = { batch, bytes: 0, pending: false, next: {} };
    let budgetEnd = Math.min(file.size, position.offset + maxReadBytes);
    const scan = state.scan?.offset === position.offset ? state.scan : undefined;
    if (scan) {
      // a long line under way: look for its newline one budget further than last time
      budgetEnd = Math.min(file.size, scan.scannedTo + maxReadBytes);
      const length = budgetEnd - scan.scannedTo;
      const found = file.bytesAt(scan.scannedTo, length, this.buffer(0, length)).indexOf(10) >= 0;
      if (!found && budgetEnd - position.offset <= maxLineBytes) {
        out.next = { scan: { offset: position.offset, scannedTo: budgetEnd } };
        out.pending = budgetEnd < file.size;
        if (!out.pending) this.flushPartial(file, position, out, now, state);
        return out;
      }
    }
    for (let n = 0; position.offset < budgetEnd && batch.count < maxLines; n++) {
      const length = Math.min(READ_CHUNK + maxLineBytes, budgetEnd - position.offset);
      const read = file.bytesAt(position.offset, length, this.buffer(n, length));
      let at = 0;
      while (at < read.length && batch.count < maxLines) {
        const consumed = this.split(read.subarray(at, at + windowBytes + maxLineBytes), position, maxLines);
        if (consumed === 0) break; // only a partial line is left in what was read.
        at += consumed;
      }
      out.bytes += at;
      if (at === 0) break; // only a partial line is left in the budget.
    }
    const lineCapStop = batch.count >= maxLines && position.offset < file.size;
    if (lineCapStop) out.pending = true;
    else if (budgetEnd < file.size) {
      out.pending = true;
      // a line longer than the whole budget: the next poll goes on looking for its newline where
      // this one stopped. a shorter line cut by the budget is simply read whole by the next poll.
      if (out.bytes === 0 && position.offset < budgetEnd) {
        out.next = { scan: { offset: position.offset, scannedTo: budgetEnd } };
      }
    } else this.flushPartial(file, position, out, now, state);
    if (position.fingerprintSize < file.head.length) {
      // the file grew past its first bytes: a longer fingerprint tells more files apart.
      position.fingerprint = sha256(file.head);
      position.fingerprintSize = file.head.length;
    }
    position.tailHash = file.hashBefore(position.offset);
    return out;
  }

  /**
   * splits `chunk` into the batch; returns the bytes consumed. When it is ASCII up to its last
   * newline (the usual case), newlines are searched in its text, decoded with one call: a string
   * search and a slice cost less than a native Buffer call per line. Windows stay small so the
   * text is a young, short-lived string.
   */
  private split(chunk: Buffer, position: FilePosition, maxLines: number): number {
    const batch = this.batch;
    const last = chunk.lastIndexOf(10);
    const text =
      last >= 0 && isAscii(chunk.subarray(0, last + 1)) ? chunk.toString('latin1', 0, last + 1) : undefined;
    const index = batch.addChunk(chunk, text === undefined ? 0 : last + 1);
    return splitChunk(
      chunk,
      text,
      position,
      this.options.maxLineBytes,
      {
        line: (start, end, endOffset) => batch.line(index, start, end, position.lineNo, endOffset),
        reject: (size) => batch.reject(size, position.lineNo),
      },
      maxLines - batch.count,
    );
  }

  /** the reusable buffer for chunk `n` of a read, grown to `length` if needed. */
  private buffer(n: number, length: number): Buffer {
    let buf = this.buffers[n];
    if (!buf || buf.length < length) {
      buf = Buffer.allocUnsafeSlow(Math.max(length, READ_CHUNK));
      this.buffers[n] = buf;
    }
    return buf;
  }

  /** keeps what a read learnt, once its lines were handed over. */
  accept(position: FilePosition, read: FileRead): void {
    if (read.next.scan || read.next.partial) this.states.set(position.id, read.next);
    else this.states.delete(position.id);
  }

  /** forgets a file's state (it was forgotten, or its read was undone). */
  forget(id: string): void {
    this.states.delete(id);
  }

  /** keeps the state of the files `keep` says are still tracked. */
  retain(keep: (id: string) => boolean): void {
    for (const id of this.states.keys()) if (!keep(id)) this.states.delete(id);
  }

  /** forgets everything (a restore from a checkpoint). */
  clear(): void {
    this.states.clear();
  }

  /** emits a last line that has no newline once it stopped growing, when configured to. */
  private flushPartial(
    file: FileSnapshot,
    position: FilePosition,
    out: FileRead,
    now: number,
    state: LineState,
  ): void {
    const size = file.size - position.offset;
    const { partialTimeoutMs, maxLineBytes } = this.options;
    if (partialTimeoutMs <= 0 || size <= 0 || size > maxLineBytes || position.skipping) return;
    const seen = state.partial;
    if (!seen || seen.offset !== position.offset || seen.size !== size) {
      out.next.partial = { offset: position.offset, size, since: now };
      return;
    }
    if (now - seen.since < partialTimeoutMs) {
      out.next.partial = seen;
      return;
    }
    const raw = file.bytesAt(position.offset, size);
    const bytes = position.offset === 0 ? stripBom(raw) : raw;
    position.offset += raw.length;
    position.lineNo++;
    out.batch.line(out.batch.addChunk(bytes), 0, bytes.length, position.lineNo, position.offset);
  }
}
