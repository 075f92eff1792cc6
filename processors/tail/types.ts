/**
 * one complete line handed to the consumer, without its newline. It is valid only during the
 * callback it is passed to (the reader reuses it for the next line): copy what you keep.
 */
export interface TailLine {
  /** path the line was read from (the file may have been renamed since). */
  path: string;
  /** id of the tracked file, stable across renames. */
  fileId: string;
  /** 1-based line number in the file. */
  lineNo: number;
  /** raw bytes of the line, without the trailing newline (and without a trailing \r). */
  readonly bytes: Buffer;
  /** the bytes decoded as UTF-8 (invalid sequences become U+FFFD), without a view in between. */
  text(): string;
  /** byte offset just past this line's newline: where reading resumes after it. */
  endOffset: number;
  /** captures of `{name}` placeholders in the include pattern that matched the path. */
  captures: Record<string, string>;
}

/** a line that was not handed over as a line, with the reason. */
export interface TailRejection {
  path: string;
  fileId: string;
  lineNo: number;
  reason: 'line_too_long';
  /** bytes of the rejected line (not kept: it may be huge). */
  size: number;
}

export interface TailReaderOptions {
  /** glob patterns of files to follow; `{name}` segments match one path segment and are captured. */
  include: string[];
  /** glob patterns excluded from `include` (rotated archives). Default: DEFAULT_EXCLUDE. */
  exclude?: string[];
  /** where unseen files start when there is no checkpoint for them. Default: 'beginning'. */
  startAt?: 'beginning' | 'end';
  /** longest accepted line in bytes; longer lines are rejected and skipped. Default: 65536. */
  maxLineBytes?: number;
  /** most bytes read from one file in one poll, so one busy file cannot starve others; a
   * poll holds what it read from a file until the file proved unchanged. Default: 4 MiB (a poll
   * re-lists and re-checks the files, so a small budget costs that once per few lines). */
  maxReadBytesPerPoll?: number;
  /**
   * internal, not a config key: a read is split this many bytes at a time (plus a longest line),
   * and a window that is ASCII up to its last newline is split as one decoded string, so its text
   * stays short-lived. Tests set it small to split reads at every kind of byte. Default: 32 KiB.
   */
  windowBytes?: number;
  /**
   * most lines (handed over or rejected) in one poll, over all files, so a consumer with a
   * bounded queue is never handed more than it can hold; files take turns being read first.
   * Default: no limit.
   */
  maxLinesPerPoll?: number;
  /** bytes of the file start hashed as its fingerprint. Default: 1024. */
  fingerprintBytes?: number;
  /**
   * emit a last line without newline once it has not grown for this long; 0 never does
   * (a counter line is only complete with its newline). Default: 0.
   */
  partialLineTimeoutMs?: number;
  /** forget files not seen for this long (they were deleted). Default: 1 h. */
  forgetAfterMs?: number;
  /**
   * most tracked files. a file seen in the current listing is never forgotten to make room: over
   * the cap, files not seen any more are forgotten first (oldest first), then new files are
   * refused (reported in `PollResult.refusedFiles`) until room frees up. Default: 1024.
   */
  maxTrackedFiles?: number;
  /**
   * globs of the suffixes that rotation adds to a file name (`x.log.1`, `x.log-20260101`). a new
   * file counts as a copy of data already read only when its name is its source's name plus one
   * of these, in the same directory; any other file is read, whatever it holds.
   * Default: DEFAULT_ROTATED_SUFFIXES.
   */
  rotatedSuffixes?: string[];
}

/** what one poll did. */
export interface PollResult {
  lines: number;
  /** lines rejected (over the size limit). */
  rejected: number;
  bytes: number;
  /** bytes present in followed files but not consumed yet (a trailing partial line included). */
  lagBytes: number;
  /**
   * true when a file has complete data this poll left for the next (read budget, line budget, a
   * long line under way, a file that changed under the read); false when only partial lines
   * wait, so the caller can wait a poll interval instead of polling again at once.
   */
  pending: boolean;
  /** paths refused this poll that were not refused the poll before (too many files). */
  refusedFiles: string[];
}

export const DEFAULT_EXCLUDE = ['**/*.gz', '**/*.zip', '**/*.bz2', '**/*.xz', '**/*.zst'];
export const DEFAULT_MAX_LINE_BYTES = 65_536;
export const DEFAULT_MAX_READ_BYTES_PER_POLL = 4 * 1024 * 1024;
export const DEFAULT_WINDOW_BYTES = 32 * 1024;
export const DEFAULT_FINGERPRINT_BYTES = 1024;
export const DEFAULT_FORGET_AFTER_MS = 3_600_000;
export const DEFAULT_MAX_TRACKED_FILES = 1024;
export const DEFAULT_ROTATED_SUFFIXES = ['.[0-9]*', '-[0-9]*'];

/** the persisted position of one tracked file. */
export interface FilePosition {
  id: string;
  path: string;
  /** sha256 of the first `fingerprintSize` bytes. */
  fingerprint: string;
  fingerprintSize: number;
  /** bytes consumed; everything before it has been handed over (or rejected). */
  offset: number;
  /** lines consumed so far. */
  lineNo: number;
  /** sha256 of the bytes just before `offset`, so a file rewritten in place is noticed. */
  tailHash: string;
  /** true while skipping the rest of an oversize line. */
  skipping: boolean;
  dev: number;
  ino: number;
  /** last time the file was seen (ms since epoch). */
  seenAt: number;
  /** id of the position whose file this one is a copy of, while the copy may still be growing. */
  copyOf?: string;
}
