/** a record being assembled from several lines (a stack trace), persisted in the checkpoint. */
export interface PendingRecord {
  fileId: string;
  path: string;
  lineNo: number;
  lines: string[];
  captures: Record<string, string>;
  /** when the last line was added (ms since epoch). */
  updatedAt: number;
}

export interface MultilineOptions {
  /** a line matching this starts a new record; other lines continue the previous one. */
  start?: string;
  /** a pending record is emitted after this long without a continuation. Default: 1000 ms. */
  timeoutMs?: number;
  /** most lines in one record; a longer one is emitted in parts. Default: 500. */
  maxLines?: number;
}

export interface RecordLine {
  fileId: string;
  path: string;
  lineNo: number;
  text: string;
  captures: Record<string, string>;
}

/** joins continuation lines to the record they belong to; without a start pattern each line is a record. */
export class MultilineAssembler {
  private readonly start?: RegExp;
  private readonly timeoutMs: number;
  private readonly maxLines: number;
  private pending = new Map<string, PendingRecord>();

  constructor(
    options: MultilineOptions,
    private readonly emit: (record: {
      path: string;
      lineNo: number;
      text: string;
      captures: Record<string, string>;
    }) => void,
  ) {
    this.start = options.start ? new RegExp(options.start) : undefined;
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.maxLines = options.maxLines ?? 500;
  }

  add(line: RecordLine, now = Date.now()): void {
    if (!this.start) {
      this.emit(line);
      return;
    }
    const current = this.pending.get(line.fileId);
    if (current && !this.start.test(line.text) && current.lines.length < this.maxLines) {
      current.lines.push(line.text);
      current.updatedAt = now;
      return;
    }
    if (current) this.flushOne(current);
    this.pending.set(line.fileId, { ...line, lines: [line.text], updatedAt: now });
  }

  /** emits records that got no continuation for the timeout (or all, with force). */
  flush(now = Date.now(), force = false): void {
    for (const p of [...this.pending.values()]) {
      if (force || now - p.updatedAt >= this.timeoutMs) this.flushOne(p);
    }
  }

  private flushOne(p: PendingRecord): void {
    this.pending.delete(p.fileId);
    this.emit({ path: p.path, lineNo: p.lineNo, text: p.lines.join('\n'), captures: p.captures });
  }

  snapshot(): PendingRecord[] {
    return [...this.pending.values()].map((p) => ({ ...p, lines: [...p.lines] }));
  }

  restore(records: PendingRecord[]): void {
    this.pending = new Map(records.map((p) => [p.fileId, { ...p, lines: [...p.lines] }]));
  }
}
