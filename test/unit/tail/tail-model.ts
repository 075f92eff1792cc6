// a model-based check of the tail reader: random sequences of writes, rotations, copies, deletes
// and restarts run against real files and a journaling model of what must come out. Counters
// must see every complete line exactly once, logs at least once and never lose one. The read
// budget, the split window and the line limit are drawn per scenario, small, and lines carry
// multi-byte UTF-8, invalid bytes and CRLF, so reads split into windows at every kind of byte.
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { TailReader } from '../../../processors/tail/tail-reader';
import type { FilePosition, TailReaderOptions } from '../../../processors/tail/types';

export type Delivery = 'counters' | 'logs';
const AGENTS = ['a', 'b', 'c'] as const;
type Agent = (typeof AGENTS)[number];
/** every agent writes `x.log` (rotated) and maybe `y.log` (never rotated). */
type Source = 'x' | 'y';
/** a line to write: its size (long: a share of 1.5 line limits, so some are over it), its bytes, its ending. */
export interface LineKind {
  size: 'short' | 'long';
  share: number;
  chars: 'ascii' | 'utf8' | 'invalid';
  crlf: boolean;
}

export type Command =
  | { kind: 'append'; agent: Agent; source: Source; lines: LineKind[]; cut: number }
  | {
      kind: 'rotate';
      agent: Agent;
      how: 'move' | 'copytruncate';
      pollMidCopy: boolean;
      pollBeforeTruncate: boolean;
    }
  | { kind: 'newFile'; from: Agent; to: Agent; source: Source }
  | { kind: 'deleteArchive'; agent: Agent }
  | { kind: 'poll'; times: number }
  | { kind: 'commit' }
  | { kind: 'failedExport' }
  | { kind: 'restart' };

export interface Scenario {
  delivery: Delivery;
  fingerprintBytes: number;
  /** the reader's read budget a poll, its split window and its line limit, in bytes. */
  readBudget: number;
  windowBytes: number;
  maxLineBytes: number;
  commands: Command[];
}

const agent = fc.constantFrom(...AGENTS);
const source = fc.constantFrom<Source>('x', 'y');
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      agent,
      source,
      lines: fc.array(
        fc.record({
          size: fc.constantFrom<LineKind['size']>('short', 'short', 'short', 'long'),
          share: fc.double({ min: 0, max: 1, noNaN: true }),
          chars: fc.constantFrom<LineKind['chars']>('ascii', 'ascii', 'utf8', 'invalid'),
          crlf: fc.boolean(),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      cut: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('rotate' as const),
      agent,
      how: fc.constantFrom<'move' | 'copytruncate'>('move', 'copytruncate'),
      pollMidCopy: fc.boolean(),
      pollBeforeTruncate: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('newFile' as const), from: agent, to: agent, source }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteArchive' as const), agent }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('poll' as const), times: fc.integer({ min: 1, max: 3 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('commit' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('failedExport' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
);

export const scenarioArbitrary: fc.Arbitrary<Scenario> = fc.record({
  delivery: fc.constantFrom<Delivery>('counters', 'logs'),
  fingerprintBytes: fc.constantFrom(48, 1024),
  readBudget: fc.integer({ min: 1, max: 512 }),
  windowBytes: fc.integer({ min: 1, max: 64 }),
  maxLineBytes: fc.integer({ min: 16, max: 256 }),
  commands: fc.array(command, { minLength: 4, maxLength: 60, size: 'max' }),
});

/** the first line of every file an agent starts: the same bytes in every directory. */
const HEADER = Buffer.from('agent started');
/** polls a drain may take beyond one per budget of bytes written. */
const MAX_DRAIN_POLLS = 2000;
/** what lines over the limit count under: one rejection each (a line key never starts with NUL). */
const REJECTED = '\u0000rejected';
/** multi-byte UTF-8 of 2, 3 and 4 bytes, and ASCII, to pad lines with. */
const UTF8_UNITS = ['é', '€', '😀', 'a'].map((unit) => Buffer.from(unit));
/** bytes that are not UTF-8 (a lone lead, a lone continuation, a cut sequence, a surrogate) and a bare CR. */
const INVALID_UNITS = [[0xff], [0xc3], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0x0d], [0x62]].map((unit) =>
  Buffer.from(unit),
);
const NEWLINE = 10;
const CR = 13;

type Multiset = Map<string, number>;
const bump = (set: Multiset, line: string, by = 1) => set.set(line, (set.get(line) ?? 0) + by);

/** runs one scenario on real files; throws with the difference when the reader lost or repeated a line. */
export function runScenario(scenario: Scenario): void {
  const root = mkdtempSync(join(tmpdir(), 'tail-model-'));
  try {
    new ScenarioRun(root, scenario).run();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

class ScenarioRun {
  private readonly options: TailReaderOptions;
  private reader: TailReader;
  private nextId = 0;
  /** complete lines written to source files (not to rotation's copies). */
  private readonly written: Multiset = new Map();
  /** bytes a writer still holds of its last line, by live file path. */
  private readonly unwritten = new Map<string, Buffer>();
  /** bytes written to any file, to bound how many polls a drain may take. */
  private bytesWritten = 0;
  /** the last line number handed over per file id since the reader last started or rewound. */
  private lastLineNo = new Map<string, number>();
  private readonly archives = new Map<Agent, number>();
  /** counters: running totals; logs: lines exported. */
  private delivered: Multiset = new Map();
  /** logs: lines read since the last export. */
  private sent: string[] = [];
  private committed: { positions: FilePosition[]; delivered: Multiset } = {
    positions: [],
    delivered: new Map(),
  };
  private readonly strange: string[] = [];

  constructor(
    private readonly root: string,
    private readonly scenario: Scenario,
  ) {
    for (const name of AGENTS) mkdirSync(join(root, name));
    this.options = {
      include: [join(root, '{agent}', '*.log*')],
      fingerprintBytes: scenario.fingerprintBytes,
      // small budgets, windows and limits, so long lines, budget stops, reads split into several
      // windows, partial lines and lines over the limit happen in a few bytes
      maxReadBytesPerPoll: scenario.readBudget,
      windowBytes: scenario.windowBytes,
      maxLineBytes: scenario.maxLineBytes,
      maxLinesPerPoll: scenario.delivery === 'logs' ? 5 : undefined,
    };
    this.reader = new TailReader(this.options);
  }

  run(): void {
    for (const step of this.scenario.commands) this.apply(step);
    for (const path of [...this.unwritten.keys()]) this.completeLine(path);
    this.drain();
    this.commit();
    this.check();
  }

  private path(agent: Agent, name: string): string {
    return join(this.root, agent, name);
  }

  private apply(step: Command): void {
    if (step.kind === 'append') this.append(step.agent, step.source, step.lines, step.cut);
    else if (step.kind === 'rotate') this.rotate(step);
    else if (step.kind === 'newFile') this.newFile(step.from, step.to, step.source);
    else if (step.kind === 'deleteArchive') this.deleteArchive(step.agent);
    else if (step.kind === 'poll') for (let i = 0; i < step.times; i++) this.poll();
    else if (step.kind === 'commit') this.commit();
    else if (step.kind === 'failedExport') this.failedExport();
    else this.restart();
  }

  private append(agent: Agent, source: Source, kinds: LineKind[], cut: number): void {
    const path = this.path(agent, `${source}.log`);
    const parts = [this.unwritten.get(path) ?? Buffer.alloc(0)];
    if (!existsSync(path)) parts.push(this.line(HEADER, false));
    for (const kind of kinds) parts.push(this.line(this.body(this.nextId++, kind), kind.crlf));
    const bytes = Buffer.concat(parts);
    // a writer may stop mid-line, even mid-character; the rest follows with its next write
    const written = Math.floor(bytes.length * cut);
    this.write(path, bytes.subarray(0, written));
    if (written < bytes.length) this.unwritten.set(path, bytes.subarray(written));
    else this.unwritten.delete(path);
  }

  /** a line's bytes without ending: its id, then padding of the kind's characters up to its last byte. */
  private body(id: number, kind: LineKind): Buffer {
    const units =
      kind.chars === 'ascii' ? [Buffer.from('p')] : kind.chars === 'utf8' ? UTF8_UNITS : INVALID_UNITS;
    const target = kind.size === 'short' ? id % 8 : Math.floor(kind.share * 1.5 * this.scenario.maxLineBytes);
    const parts = [Buffer.from(`{"id":${id},"pad":"`)];
    for (let n = 0, size = 0; size < target; n++) {
      const unit = units[(id + n) % units.length];
      parts.push(unit);
      size += unit.length;
    }
    return Buffer.concat(parts);
  }

  /** a line the writer will write, counted as written (every line is completed before the end). */
  private line(body: Buffer, crlf: boolean): Buffer {
    const line = Buffer.concat([body, Buffer.from(crlf ? '\r\n' : '\n')]);
    this.expect(line.subarray(0, -1));
    return line;
  }

  /**
   * counts a written line, given without its newline: its bytes less one CR at the end (a body
   * ending in a bare CR reads as CRLF) are handed over, or one rejection if it is over the limit.
   */
  private expect(line: Buffer): void {
    const over = line.length > this.scenario.maxLineBytes;
    const body = line.at(-1) === CR ? line.subarray(0, -1) : line;
    bump(this.written, over ? REJECTED : body.toString('latin1'));
  }

  private write(path: string, bytes: Buffer): void {
    appendFileSync(path, bytes);
    this.bytesWritten += bytes.length;
  }

  private completeLine(path: string): void {
    const rest = this.unwritten.get(path);
    if (rest !== undefined) this.write(path, rest);
    this.unwritten.delete(path);
  }

  private rotate(step: Extract<Command, { kind: 'rotate' }>): void {
    const live = this.path(step.agent, 'x.log');
    if (!existsSync(live)) return;
    // a writer finishes its line before it lets go of the file (or truncation would cut it)
    this.completeLine(live);
    const count = this.archives.get(step.agent) ?? 0;
    for (let n = count; n >= 1; n--) renameSync(`${live}.${n}`, `${live}.${n + 1}`);
    this.archives.set(step.agent, count + 1);
    if (step.how === 'move') {
      renameSync(live, `${live}.1`);
      return;
    }
    const content = readFileSync(live);
    if (step.pollMidCopy) {
      this.write(`${live}.1`, content.subarray(0, content.length >> 1));
      this.poll();
      this.write(`${live}.1`, content.subarray(content.length >> 1));
    } else {
      copyFileSync(live, `${live}.1`);
      this.bytesWritten += content.length;
    }
    if (step.pollBeforeTruncate) this.poll();
    truncateSync(live, 0);
  }

  /** a new source holding the same bytes as another agent's (or the same agent's) file. */
  private newFile(from: Agent, to: Agent, name: Source): void {
    const origin = this.path(from, 'x.log');
    const target = this.path(to, `${name}.log`);
    if (!existsSync(origin) || existsSync(target)) return;
    const content = readFileSync(origin);
    const complete = content.subarray(0, content.lastIndexOf(NEWLINE) + 1);
    if (complete.length === 0) return;
    for (let start = 0; start < complete.length; ) {
      const nl = complete.indexOf(NEWLINE, start);
      this.expect(complete.subarray(start, nl));
      start = nl + 1;
    }
    this.write(target, complete);
  }

  /** logrotate drops the oldest archive, long after everything in it was read and committed. */
  private deleteArchive(agent: Agent): void {
    const count = this.archives.get(agent) ?? 0;
    if (count === 0) return;
    this.drain();
    this.commit();
    rmSync(`${this.path(agent, 'x.log')}.${count}`);
    this.archives.set(agent, count - 1);
  }

  private poll(): boolean {
    return this.reader.poll(
      (line) => {
        const key = line.bytes.toString('latin1');
        const at = `${line.path}:${line.lineNo}`;
        if (!this.written.has(key) || key === REJECTED)
          this.strange.push(`${at}: ${JSON.stringify(key.slice(0, 60))}`);
        // a line's text is decoded from its window when that is ASCII: it must be its bytes' UTF-8
        if (line.text() !== line.bytes.toString('utf8'))
          this.strange.push(`${at}: text differs from its bytes`);
        this.inOrder(line.fileId, line.lineNo, at);
        this.deliver(key);
      },
      (rejection) => {
        this.inOrder(rejection.fileId, rejection.lineNo, `${rejection.path}:${rejection.lineNo}`);
        this.deliver(REJECTED);
      },
    ).pending;
  }

  private deliver(key: string): void {
    if (this.scenario.delivery === 'counters') bump(this.delivered, key);
    else this.sent.push(key);
  }

  /** a file's lines come in order, none skipped, from where the reader started or rewound to. */
  private inOrder(fileId: string, lineNo: number, at: string): void {
    const last = this.lastLineNo.get(fileId);
    if (last !== undefined && lineNo !== last + 1) this.strange.push(`${at}: after line ${last}`);
    this.lastLineNo.set(fileId, lineNo);
  }

  private drain(): void {
    const limit = MAX_DRAIN_POLLS + Math.ceil((2 * this.bytesWritten) / this.scenario.readBudget);
    for (let polls = 0; this.poll(); polls++) {
      if (polls > limit) throw new Error(`still pending after ${limit} polls`);
    }
    this.poll();
  }

  /** counters: positions and totals saved together; logs: an export that worked, then its positions. */
  private commit(): void {
    if (this.scenario.delivery === 'logs') {
      for (const text of this.sent) bump(this.delivered, text);
      this.sent = [];
    }
    this.committed = { positions: this.reader.snapshot(), delivered: new Map(this.delivered) };
  }

  /** logs rewind to their last checkpoint when an export failed; counters keep their totals. */
  private failedExport(): void {
    if (this.scenario.delivery === 'counters') return;
    this.sent = [];
    this.reader.restore(this.committed.positions);
    this.lastLineNo = new Map();
  }

  /** SIGKILL: whatever was not committed is gone, the reader starts from the checkpoint. */
  private restart(): void {
    this.reader = new TailReader(this.options);
    this.reader.restore(this.committed.positions);
    this.lastLineNo = new Map();
    this.sent = [];
    this.delivered = new Map(this.committed.delivered);
  }

  private check(): void {
    const wrong: string[] = [];
    for (const [text, count] of this.written) {
      const got = this.delivered.get(text) ?? 0;
      const ok = this.scenario.delivery === 'counters' ? got === count : got >= count;
      if (!ok) wrong.push(`${JSON.stringify(text.slice(0, 40))}: written ${count}, delivered ${got}`);
    }
    for (const [text, got] of this.delivered) {
      if (!this.written.has(text))
        wrong.push(`${JSON.stringify(text.slice(0, 40))}: never written, delivered ${got}`);
    }
    if (wrong.length > 0 || this.strange.length > 0) {
      throw new Error(
        `${this.scenario.delivery}: ${wrong.length} lines wrong: ${wrong.slice(0, 6).join('; ')}` +
          (this.strange.length > 0 ? `; strange: ${this.strange.slice(0, 4).join('; ')}` : ''),
      );
    }
  }
}

/** checks `runs` scenarios from `seed`; a failure reports the seed and the shrunk scenario. */
export function checkTailModel(runs: number, seed: number): void {
  fc.assert(fc.property(scenarioArbitrary, runScenario), { numRuns: runs, seed, endOnFailure: false });
}
