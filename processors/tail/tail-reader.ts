import { randomUUID } from 'node:crypto';
import { followCopy } from './copy-lineage';
import { compileInclude, type IncludePattern } from './file-discovery';
import { closeFiles, type OpenFile, observeFiles } from './file-snapshot';
import { FileTracker } from './file-tracker';
import { LineReader } from './line-reader';
import { type Claim, matchFiles } from './matcher';
import { RotatedNames } from './rotated-names';
import {
  DEFAULT_EXCLUDE,
  DEFAULT_FINGERPRINT_BYTES,
  DEFAULT_FORGET_AFTER_MS,
  DEFAULT_MAX_LINE_BYTES,
  DEFAULT_MAX_READ_BYTES_PER_POLL,
  DEFAULT_MAX_TRACKED_FILES,
  DEFAULT_ROTATED_SUFFIXES,
  DEFAULT_WINDOW_BYTES,
  type FilePosition,
  type PollResult,
  type TailLine,
  type TailReaderOptions,
  type TailRejection,
} from './types';

export type { PollResult } from './types';

/** a poll whose files keep changing under it gives up after this many tries; the next poll tries again. */
const MATCH_ATTEMPTS = 3;

/** a claim of this poll, on a file that is open for reading. */
type OpenClaim = Claim & { file: OpenFile };

/**
 * Follows files by glob and hands over complete lines, resuming from persisted positions.
 * A file is known by a fingerprint of its first bytes plus a hash of the bytes just before its
 * offset, not by its path or inode: a renamed file continues where it was, a file truncated or
 * rewritten in place (even with identical first bytes) starts over, a reused inode is a new file,
 * and a copy of data already read (copytruncate) under a rotated name of its source is not read
 * twice. The pieces: `file-snapshot.ts` observes, `matcher.ts` decides which file is which,
 * `copy-lineage.ts` follows copies, `line-reader.ts` reads, `file-tracker.ts` keeps positions.
 */
export class TailReader {
  private readonly patterns: IncludePattern[];
  private readonly exclude: string[];
  private readonly maxLinesPerPoll: number;
  private readonly fingerprintBytes: number;
  private readonly rotatedNames: RotatedNames;
  private readonly tracker: FileTracker;
  private readonly lineReader: LineReader;
  /** which file is read first this poll, so a line budget does not starve the last ones. */
  private turn = 0;
  private startAt: 'beginning' | 'end';

  constructor(options: TailReaderOptions) {
    this.patterns = options.include.map(compileInclude);
    this.exclude = options.exclude ?? DEFAULT_EXCLUDE;
    this.startAt = options.startAt ?? 'beginning';
    this.maxLinesPerPoll = options.maxLinesPerPoll ?? Number.POSITIVE_INFINITY;
    this.fingerprintBytes = options.fingerprintBytes ?? DEFAULT_FINGERPRINT_BYTES;
    this.rotatedNames = new RotatedNames(options.rotatedSuffixes ?? DEFAULT_ROTATED_SUFFIXES);
    this.tracker = new FileTracker(
      options.maxTrackedFiles ?? DEFAULT_MAX_TRACKED_FILES,
      options.forgetAfterMs ?? DEFAULT_FORGET_AFTER_MS,
    );
    this.lineReader = new LineReader({
      patterns: this.patterns,
      maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
      maxReadBytes: options.maxReadBytesPerPoll ?? DEFAULT_MAX_READ_BYTES_PER_POLL,
      windowBytes: options.windowBytes ?? DEFAULT_WINDOW_BYTES,
      partialTimeoutMs: options.partialLineTimeoutMs ?? 0,
    });
  }

  /** resumes from checkpointed positions; files seen later always start at the beginning. */
  restore(files: FilePosition[]): void {
    this.tracker.restore(files);
    this.lineReader.clear();
    this.startAt = 'beginning';
  }

  /** copies of the current positions, for a checkpoint. */
  snapshot(): FilePosition[] {
    return this.tracker.snapshot();
  }

  /** files refused so far for want of room (maxTrackedFiles). */
  get refusedCount(): number {
    return this.tracker.refusedCount;
  }

  /**
   * reads what is new in every followed file; lines and rejections go to the callbacks file by
   * file (with a line budget, files take turns being first).
   *
   * observe → match → read → verify → commit. Files change while a poll looks at them
   * (copytruncate truncates the file being read), so the decisions of which file is which are
   * undone and made again if a file was truncated meanwhile, and a file's lines are handed over
   * only if the file is still unchanged after they were read; otherwise its position stays as
   * decided and the next poll sees the truncation whole.
   */
  poll(onLine: (line: TailLine) => void, onReject: (rejection: TailRejection) => void): PollResult {
    const now = Date.now();
    const result: PollResult = {
      lines: 0,
      rejected: 0,
      bytes: 0,
      lagBytes: 0,
      pending: false,
      refusedFiles: [],
    };
    let decided = false;
    for (let attempt = 1; attempt <= MATCH_ATTEMPTS && !decided; attempt++) {
      const files = observeFiles(this.patterns, this.exclude, this.fingerprintBytes);
      try {
        const decisions = this.tracker.begin();
        const claims = this.match(files, now);
        decided = files.every((file) => file.unchanged());
        if (!decided) {
          decisions.undo();
          continue;
        }
        this.readAll(claims, now, result, onLine, onReject);
      } finally {
        closeFiles(files);
      }
    }
    result.pending ||= !decided;
    result.refusedFiles = this.tracker.end(now);
    this.lineReader.retain((id) => this.tracker.get(id) !== undefined);
    // a fresh start reads from the end only once; later files are new data.
    this.startAt = 'beginning';
    return result;
  }

  /** which file is which, and where each copy stands. */
  private match(files: OpenFile[], now: number): OpenClaim[] {
    const claims = matchFiles(files, this.tracker.list(), {
      fingerprintBytes: this.fingerprintBytes,
      startAt: this.startAt,
      rotatedNames: this.rotatedNames,
      newId: randomUUID,
      now,
    });
    const taken = this.tracker.apply(claims, now) as OpenClaim[];
    for (const { file, position } of taken) {
      const source = position.copyOf
        ? taken.find((other) => other.position.id === position.copyOf)?.file
        : undefined;
      followCopy(file, position, source, (id) => this.tracker.get(id));
    }
    return taken;
  }

  private readAll(
    claims: OpenClaim[],
    now: number,
    result: PollResult,
    onLine: (line: TailLine) => void,
    onReject: (rejection: TailRejection) => void,
  ): void {
    const first = claims.length > 0 ? this.turn++ % claims.length : 0;
    for (const claim of [...claims.slice(first), ...claims.slice(0, first)]) {
      const left = this.maxLinesPerPoll - result.lines - result.rejected;
      if (left > 0) this.readFile(claim, now, result, left, onLine, onReject);
      else if (claim.position.offset < claim.file.size) result.pending = true;
    }
    for (const { file, position } of claims) result.lagBytes += Math.max(0, file.size - position.offset);
  }

  /** reads one file and hands its lines over if the file did not change underneath the read. */
  private readFile(
    { file, position }: OpenClaim,
    now: number,
    result: PollResult,
    maxLines: number,
    onLine: (line: TailLine) => void,
    onReject: (rejection: TailRejection) => void,
  ): void {
    const decided = { ...position };
    const read = this.lineReader.read(file, position, now, maxLines);
    if (!file.unchanged()) {
      this.lineReader.forget(position.id);
      Object.assign(position, decided);
      result.pending = true;
      return;
    }
    this.lineReader.accept(position, read);
    read.batch.deliver(onLine, onReject);
    result.lines += read.batch.lines;
    result.rejected += read.batch.count - read.batch.lines;
    result.bytes += read.bytes;
    result.pending ||= read.pending;
  }
}
