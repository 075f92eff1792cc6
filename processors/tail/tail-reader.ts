import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { capturesOf, compileInclude, discoverFiles, type IncludePattern } from './file-discovery';
import { headMatches, readAt, sha256, tailHashAt } from './fingerprint';
import { splitChunk } from './line-splitter';
import {
  DEFAULT_EXCLUDE,
  DEFAULT_FINGERPRINT_BYTES,
  DEFAULT_FORGET_AFTER_MS,
  DEFAULT_MAX_LINE_BYTES,
  DEFAULT_MAX_READ_BYTES_PER_POLL,
  DEFAULT_MAX_TRACKED_FILES,
  type FilePosition,
  type TailLine,
  type TailReaderOptions,
  type TailRejection,
} from './types';

/** a file seen in this poll, open for reading. */
interface Observed {
  path: string;
  fd: number;
  dev: number;
  ino: number;
  size: number;
  /**
   * size taken again once every file was opened. a copy opened before its source was re-measured
   * cannot be longer than this, even if the source grew after its first measure.
   */
  sourceSize: number;
  head: Buffer;
  position?: FilePosition;
}

export interface PollResult {
  lines: number;
  /** lines rejected (over the size limit). */
  rejected: number;
  bytes: number;
  /** bytes present in followed files but not consumed yet. */
  lagBytes: number;
}

/** one file's lines and rejections of one poll, held back until the file proved unchanged. */
interface ReadResult {
  items: (TailLine | TailRejection)[];
  lines: number;
  bytes: number;
}

const READ_CHUNK = 1024 * 1024;
/** a poll whose files keep changing under it gives up after this many tries; the next poll tries again. */
const MATCH_ATTEMPTS = 3;

/**
 * Follows files by glob and hands over complete lines, resuming from persisted positions.
 * A file is known by a fingerprint of its first bytes plus a hash of the bytes just before its
 * offset, not by its path or inode: a renamed file continues where it was, a file truncated or
 * rewritten in place (even with identical first bytes) starts over, a reused inode is a new file,
 * and a copy of data already read (copytruncate) is not read twice.
 */
export class TailReader {
  private readonly patterns: IncludePattern[];
  private readonly exclude: string[];
  private readonly maxLineBytes: number;
  private readonly maxReadBytes: number;
  private readonly maxLinesPerPoll: number;
  /** which observed file is read first this poll, so a line budget does not starve the last ones. */
  private turn = 0;
  private readonly fingerprintBytes: number;
  private readonly partialTimeoutMs: number;
  private readonly forgetAfterMs: number;
  private readonly maxTracked: number;
  private startAt: 'beginning' | 'end';
  private positions = new Map<string, FilePosition>();
  /** a trailing line without newline: where it starts, how long it was and since when. */
  private partials = new Map<string, { offset: number; size: number; since: number }>();

  constructor(options: TailReaderOptions) {
    this.patterns = options.include.map(compileInclude);
    this.exclude = options.exclude ?? DEFAULT_EXCLUDE;
    this.startAt = options.startAt ?? 'beginning';
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.maxReadBytes = options.maxReadBytesPerPoll ?? DEFAULT_MAX_READ_BYTES_PER_POLL;
    this.maxLinesPerPoll = options.maxLinesPerPoll ?? Number.POSITIVE_INFINITY;
    this.fingerprintBytes = options.fingerprintBytes ?? DEFAULT_FINGERPRINT_BYTES;
    this.partialTimeoutMs = options.partialLineTimeoutMs ?? 0;
    this.forgetAfterMs = options.forgetAfterMs ?? DEFAULT_FORGET_AFTER_MS;
    this.maxTracked = options.maxTrackedFiles ?? DEFAULT_MAX_TRACKED_FILES;
  }

  /** resumes from checkpointed positions; files seen later always start at the beginning. */
  restore(files: FilePosition[]): void {
    this.positions = new Map(files.map((f) => [f.id, { ...f }]));
    this.partials.clear();
    this.startAt = 'beginning';
  }

  /** copies of the current positions, for a checkpoint. */
  snapshot(): FilePosition[] {
    return [...this.positions.values()].map((p) => ({ ...p }));
  }

  /**
   * reads what is new in every followed file; lines and rejections go to the callbacks file by
   * file (with a line budget, files take turns being first).
   *
   * Files change while a poll looks at them (copytruncate truncates the file being read), so a
   * poll works in two checked steps. First it decides which file is which; if any file was
   * truncated meanwhile, those decisions rest on a mix of old and new content and are all undone
   * and made again. Then it reads each file and hands its lines over only if the file is still
   * unchanged afterwards; otherwise that file's position stays as decided and the next poll sees
   * the truncation whole.
   */
  poll(onLine: (line: TailLine) => void, onReject: (rejection: TailRejection) => void): PollResult {
    const now = Date.now();
    const result: PollResult = { lines: 0, rejected: 0, bytes: 0, lagBytes: 0 };
    for (let attempt = 1; attempt <= MATCH_ATTEMPTS; attempt++) {
      const before = this.positions;
      this.positions = new Map([...before].map(([id, p]) => [id, { ...p }]));
      const observed = this.observe();
      try {
        if (!this.decide(observed, now)) {
          this.positions = before;
          continue;
        }
        this.readAll(observed, now, result, onLine, onReject);
        break;
      } finally {
        for (const o of observed) closeSync(o.fd);
      }
    }
    this.forget(now);
    // a fresh start reads from the end only once; later files are new data.
    this.startAt = 'beginning';
    return result;
  }

  /** which file is which, and where each copy stands; false when a file changed meanwhile. */
  private decide(observed: Observed[], now: number): boolean {
    this.match(observed, now);
    for (const o of observed) {
      if (!o.position) continue;
      o.position.seenAt = now;
      o.position.path = o.path;
      this.followCopy(o, o.position, observed);
    }
    return observed.every((o) => this.unchanged(o));
  }

  private readAll(
    observed: Observed[],
    now: number,
    result: PollResult,
    onLine: (line: TailLine) => void,
    onReject: (rejection: TailRejection) => void,
  ): void {
    const first = observed.length > 0 ? this.turn++ % observed.length : 0;
    for (const o of [...observed.slice(first), ...observed.slice(0, first)]) {
      const left = this.maxLinesPerPoll - result.lines - result.rejected;
      if (o.position && left > 0) this.readFile(o, now, result, left, onLine, onReject);
    }
    for (const o of observed) if (o.position) result.lagBytes += Math.max(0, o.size - o.position.offset);
  }

  /** true when the file still holds what it held when observed: not shorter, same first bytes. */
  private unchanged(o: Observed): boolean {
    return fstatSync(o.fd).size >= o.size && readAt(o.fd, 0, o.head.length).equals(o.head);
  }

  /** reads one file and hands its lines over if the file did not change underneath the read. */
  private readFile(
    o: Observed,
    now: number,
    result: PollResult,
    maxLines: number,
    onLine: (line: TailLine) => void,
    onReject: (rejection: TailRejection) => void,
  ): void {
    const p = o.position!;
    const decided = { ...p };
    const read = this.read(o, now, maxLines);
    if (!this.unchanged(o)) {
      this.partials.delete(p.id);
      Object.assign(p, decided);
      return;
    }
    for (const item of read.items) {
      if ('reason' in item) onReject(item);
      else onLine(item);
    }
    result.lines += read.lines;
    result.rejected += read.items.length - read.lines;
    result.bytes += read.bytes;
  }

  private observe(): Observed[] {
    const out: Observed[] = [];
    const inodes = new Set<string>();
    for (const path of discoverFiles(this.patterns, this.exclude)) {
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch {
        continue; // renamed or deleted between listing and opening; seen next poll.
      }
      const st = fstatSync(fd);
      // a rename between listing and opening (move rotation) can show one file under two
      // names in the same poll; read it once, or the second name would look like a new file.
      const inode = `${st.dev}:${st.ino}`;
      if (!st.isFile() || inodes.has(inode)) {
        closeSync(fd);
        continue;
      }
      inodes.add(inode);
      const head = readAt(fd, 0, Math.min(st.size, this.fingerprintBytes));
      out.push({ path, fd, dev: st.dev, ino: st.ino, size: st.size, sourceSize: st.size, head });
    }
    for (const o of out) o.sourceSize = fstatSync(o.fd).size;
    return out;
  }

  /** true when `o` still holds, unchanged, everything `p` has consumed. */
  private continues(o: Observed, p: FilePosition): boolean {
    if (!headMatches(o.head, p.fingerprint, p.fingerprintSize)) return false;
    if (o.size < p.offset) return false;
    return tailHashAt(o.fd, p.offset) === p.tailHash;
  }

  private match(observed: Observed[], now: number): void {
    const claimed = new Set<string>();
    const knownInodes = new Set([...this.positions.values()].map((p) => `${p.dev}:${p.ino}`));
    // paths whose file moved away this poll: what sits there now is a new file (move/create).
    const vacated = new Map<string, string>();
    const claim = (o: Observed, p: FilePosition) => {
      if (p.path !== o.path) vacated.set(p.path, p.id);
      o.position = p;
      p.dev = o.dev;
      p.ino = o.ino;
      claimed.add(p.id);
    };
    // same inode first: a file renamed in place keeps its position.
    for (const o of observed) {
      for (const p of this.positions.values()) {
        if (!claimed.has(p.id) && p.dev === o.dev && p.ino === o.ino && this.continues(o, p)) {
          claim(o, p);
          break;
        }
      }
    }
    // then any file holding the same bytes: rotation while down, or the copy of copytruncate.
    for (const o of observed) {
      if (o.position) continue;
      const candidates = [...this.positions.values()].filter((p) => !claimed.has(p.id));
      candidates.sort((a, b) => Number(b.path === o.path) - Number(a.path === o.path));
      const p = candidates.find((c) => this.continues(o, c));
      if (p) claim(o, p);
    }
    for (const o of observed) {
      if (o.position || o.size === 0) continue;
      const truncatedInPlace = knownInodes.has(`${o.dev}:${o.ino}`);
      // checked even for a known inode: a deleted file's inode number can come back as a copy.
      const source = this.copySource(o, observed, vacated);
      const copyOfRead =
        source !== undefined ||
        [...this.positions.values()].some(
          (p) =>
            vacated.get(o.path) !== p.id &&
            // a full fingerprint match is the same content even on a reused inode number
            (!truncatedInPlace || p.fingerprintSize >= this.fingerprintBytes) &&
            headMatches(o.head, p.fingerprint, p.fingerprintSize) &&
            o.size <= p.offset,
        );
      // a copy of bytes already read (or being read through another name) is never read again.
      const offset = copyOfRead || (this.startAt === 'end' && !truncatedInPlace) ? o.size : 0;
      const p: FilePosition = {
        id: randomUUID(),
        path: o.path,
        fingerprint: sha256(o.head),
        fingerprintSize: o.head.length,
        offset,
        lineNo: 0,
        tailHash: tailHashAt(o.fd, offset),
        skipping: false,
        dev: o.dev,
        ino: o.ino,
        seenAt: now,
        ...(source && { copyOf: source.position!.id }),
      };
      this.positions.set(p.id, p);
      claim(o, p);
    }
  }

  /**
   * the followed file that `o` is a byte-for-byte prefix copy of (copytruncate's copy, maybe
   * still being written), if any. a copy shorter than the fingerprint is compared by its bytes.
   */
  private copySource(o: Observed, observed: Observed[], vacated: Map<string, string>): Observed | undefined {
    return observed.find((a) => {
      const p = a.position;
      if (a === o || !p || p.copyOf || vacated.get(o.path) === p.id || a.sourceSize < o.size) return false;
      // copytruncate copies next to the original; other directories are other agents' files
      if (dirname(a.path) !== dirname(o.path)) return false;
      // read again: `a` may have grown past its first bytes since it was observed
      if (o.size < this.fingerprintBytes) return readAt(a.fd, 0, o.size).equals(o.head);
      return (
        this.continues(o, p) || (o.size <= p.offset && headMatches(o.head, p.fingerprint, p.fingerprintSize))
      );
    });
  }

  /**
   * a copy keeps skipping what it gains while it stays a prefix of its source (whose own reader
   * hands those bytes over). once the source is gone (truncated or deleted), the copy resumes
   * where the source's reader stopped, so bytes the source never got to are read from the copy,
   * once; until the copy has grown that far it keeps skipping.
   */
  private followCopy(o: Observed, p: FilePosition, observed: Observed[]): void {
    if (!p.copyOf) return;
    const source = observed.find((a) => a.position?.id === p.copyOf);
    if (source) {
      if (source.sourceSize >= o.size && o.size > p.offset) {
        const length = o.size - p.offset;
        if (readAt(o.fd, p.offset, length).equals(readAt(source.fd, p.offset, length))) {
          p.offset = o.size;
          return;
        }
      } else if (o.size === p.offset) return;
      // it diverged from a file that is still there: a small file that only began like it, not a copy
      p.offset = 0;
      p.lineNo = 0;
      p.copyOf = undefined;
      return;
    }
    const gone = this.positions.get(p.copyOf);
    if (gone && o.size < gone.offset) {
      p.offset = o.size; // still being copied up to where the source was read
      return;
    }
    // the copy holds what the source's reader consumed: go on from there. otherwise only the
    // prefix compared while both were seen is known to be read.
    if (gone && gone.offset > p.offset && tailHashAt(o.fd, gone.offset) === gone.tailHash) {
      p.offset = gone.offset;
      p.lineNo = gone.lineNo;
    } else if (gone && gone.offset < p.offset) {
      p.offset = gone.offset;
      p.lineNo = gone.lineNo;
    }
    p.copyOf = undefined;
  }

  /** reads what is new in `o`, advancing its position; the lines are handed over only if `o` stayed unchanged. */
  private read(o: Observed, now: number, maxLines: number): ReadResult {
    const p = o.position!;
    const out: ReadResult = { items: [], lines: 0, bytes: 0 };
    const captures = capturesOf(this.patterns, o.path);
    const budgetEnd = Math.min(o.size, p.offset + this.maxReadBytes);
    while (p.offset < budgetEnd && out.items.length < maxLines) {
      const chunk = readAt(o.fd, p.offset, Math.min(READ_CHUNK + this.maxLineBytes, budgetEnd - p.offset));
      if (chunk.length === 0) break;
      const consumed = splitChunk(
        chunk,
        p,
        this.maxLineBytes,
        {
          line: (bytes, endOffset) => {
            out.items.push({ path: o.path, fileId: p.id, lineNo: p.lineNo, bytes, endOffset, captures });
            out.lines++;
          },
          reject: (size) =>
            out.items.push({ path: o.path, fileId: p.id, lineNo: p.lineNo, reason: 'line_too_long', size }),
        },
        maxLines - out.items.length,
      );
      out.bytes += consumed;
      if (consumed === 0) break; // only a partial line is left.
    }
    // what is left after a budget stop is complete lines for the next poll, not a partial line
    const budgetStop = out.items.length >= maxLines || (p.offset >= budgetEnd && budgetEnd < o.size);
    if (!budgetStop) this.flushPartial(o, p, out, captures, now);
    if (p.fingerprintSize < o.head.length) {
      // the file grew past its first bytes: a longer fingerprint tells more files apart.
      p.fingerprint = sha256(o.head);
      p.fingerprintSize = o.head.length;
    }
    p.tailHash = tailHashAt(o.fd, p.offset);
    return out;
  }

  /** emits a last line that has no newline once it stopped growing, when configured to. */
  private flushPartial(
    o: Observed,
    p: FilePosition,
    out: ReadResult,
    captures: Record<string, string>,
    now: number,
  ): void {
    const size = o.size - p.offset;
    if (this.partialTimeoutMs <= 0 || size <= 0 || size > this.maxLineBytes || p.skipping) {
      this.partials.delete(p.id);
      return;
    }
    const seen = this.partials.get(p.id);
    if (!seen || seen.offset !== p.offset || seen.size !== size) {
      this.partials.set(p.id, { offset: p.offset, size, since: now });
      return;
    }
    if (now - seen.since < this.partialTimeoutMs) return;
    const bytes = readAt(o.fd, p.offset, size);
    p.offset += bytes.length;
    p.lineNo++;
    out.items.push({ path: o.path, fileId: p.id, lineNo: p.lineNo, bytes, endOffset: p.offset, captures });
    out.lines++;
    this.partials.delete(p.id);
  }

  private forget(now: number): void {
    const stale = [...this.positions.values()].filter((p) => now - p.seenAt > this.forgetAfterMs);
    for (const p of stale) this.positions.delete(p.id);
    if (this.positions.size <= this.maxTracked) return;
    const oldest = [...this.positions.values()].sort((a, b) => a.seenAt - b.seenAt);
    for (const p of oldest.slice(0, this.positions.size - this.maxTracked)) this.positions.delete(p.id);
  }
}
