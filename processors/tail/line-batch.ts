import type { TailLine, TailRejection } from './types';

const EMPTY = Buffer.alloc(0);

/**
 * The line handed to a consumer: a window on the chunk it was read in. One view is reused for
 * every line of a batch, so reading a line allocates nothing until the consumer asks for its
 * bytes or text; a consumer copies what it keeps beyond its callback.
 */
class LineView implements TailLine {
  path = '';
  fileId = '';
  lineNo = 0;
  endOffset = 0;
  captures: Record<string, string> = {};
  chunk: Buffer = EMPTY;
  /** the chunk decoded, when it is ASCII: a line's text is then a slice of it, not a decode. */
  chunkText: string | undefined = undefined;
  start = 0;
  end = 0;

  get bytes(): Buffer {
    return this.chunk.subarray(this.start, this.end);
  }

  text(): string {
    const text = this.chunkText;
    return text === undefined
      ? this.chunk.toString('utf8', this.start, this.end)
      : text.slice(this.start, this.end);
  }
}

/** numbers kept per item: chunk index (-1: a rejection), start (a rejection: its size), end, line number, end offset. */
const WIDTH = 5;

/**
 * One file's lines and rejections of one poll, held until the file proved unchanged, then handed
 * over in order. They are kept as offsets into the chunks read, not as an object and a buffer
 * view per line: at hundreds of thousands of lines a second those were a large share of the
 * receiver's allocations. A reader reuses one batch for every file it reads (`reset`), since a
 * batch is handed over before the next file is read.
 */
export class LineBatch {
  private readonly chunks: Buffer[] = [];
  /** per chunk, how many of its first bytes are ASCII text to decode at once (0: none). */
  private readonly asciiLengths: number[] = [];
  // a typed array grown by doubling: pushing five numbers a line onto a plain array cost more
  // than splitting the line. float64 holds any file offset exactly.
  private marks = new Float64Array(WIDTH * 1024);
  private used = 0;
  /** lines held. */
  lines = 0;
  /** lines and rejections held. */
  count = 0;

  private path = '';
  private fileId = '';
  private captures: Record<string, string> = {};

  /** empties the batch for the lines of another read. */
  reset(path: string, fileId: string, captures: Record<string, string>): void {
    this.path = path;
    this.fileId = fileId;
    this.captures = captures;
    this.chunks.length = 0;
    this.asciiLengths.length = 0;
    this.used = 0;
    this.lines = 0;
    this.count = 0;
  }

  /**
   * keeps a chunk the next lines point into; returns its index. Its first `asciiLength` bytes are
   * ASCII: they are decoded with one call when handed over, and the lines are slices of that text.
   * The text is made only then, so a batch holds no strings (they would outlive the young
   * generation and grow the heap); only the chunks, in buffers the reader reuses.
   */
  addChunk(chunk: Buffer, asciiLength = 0): number {
    this.chunks.push(chunk);
    this.asciiLengths.push(asciiLength);
    return this.chunks.length - 1;
  }

  /** a line: bytes [start, end) of chunk `chunk`, ending in the file just before `endOffset`. */
  line(chunk: number, start: number, end: number, lineNo: number, endOffset: number): void {
    this.mark(chunk, start, end, lineNo, endOffset);
    this.lines++;
  }

  /** a line over the size limit, skipped. */
  reject(size: number, lineNo: number): void {
    this.mark(-1, size, 0, lineNo, 0);
  }

  private mark(chunk: number, start: number, end: number, lineNo: number, endOffset: number): void {
    if (this.used + WIDTH > this.marks.length) {
      const grown = new Float64Array(this.marks.length * 2);
      grown.set(this.marks);
      this.marks = grown;
    }
    const m = this.marks;
    const i = this.used;
    m[i] = chunk;
    m[i + 1] = start;
    m[i + 2] = end;
    m[i + 3] = lineNo;
    m[i + 4] = endOffset;
    this.used = i + WIDTH;
    this.count++;
  }

  /** hands every item over, in file order; the line passed to `onLine` is only valid during the call. */
  deliver(onLine: (line: TailLine) => void, onReject: (rejection: TailRejection) => void): void {
    const view = new LineView();
    view.path = this.path;
    view.fileId = this.fileId;
    view.captures = this.captures;
    const marks = this.marks;
    let current = -1;
    for (let i = 0; i < this.used; i += WIDTH) {
      const chunk = marks[i];
      if (chunk < 0) {
        onReject({
          path: this.path,
          fileId: this.fileId,
          lineNo: marks[i + 3],
          reason: 'line_too_long',
          size: marks[i + 1],
        });
        continue;
      }
      if (chunk !== current) {
        current = chunk;
        view.chunk = this.chunks[chunk];
        const ascii = this.asciiLengths[chunk];
        view.chunkText = ascii > 0 ? view.chunk.toString('latin1', 0, ascii) : undefined;
      }
      view.start = marks[i + 1];
      view.end = marks[i + 2];
      view.lineNo = marks[i + 3];
      view.endOffset = marks[i + 4];
      onLine(view);
    }
  }
}
