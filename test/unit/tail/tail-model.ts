// a model-based check of the tail reader: random sequences of writes, rotations, copies, deletes
// and restarts run against real files and a journaling model of what must come out. Counters
// must see every complete line exactly once, logs at least once and never lose one.
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
type LineKind = 'short' | 'long';

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
      lines: fc.array(fc.constantFrom<LineKind>('short', 'short', 'short', 'long'), {
        minLength: 1,
        maxLength: 6,
      }),
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
  commands: fc.array(command, { minLength: 4, maxLength: 60, size: 'max' }),
});

/** the first line of every file an agent starts: the same bytes in every directory. */
const HEADER = 'agent started';
const MAX_DRAIN_POLLS = 2000;

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
  private readonly unwritten = new Map<string, string>();
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
      // small budgets, so long lines, budget stops and partial lines happen in a few bytes
      maxReadBytesPerPoll: 256,
      maxLineBytes: 4096,
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
    let text = this.unwritten.get(path) ?? '';
    if (!existsSync(path)) text += this.line(HEADER);
    for (const kind of kinds) {
      const id = this.nextId++;
      text += this.line(
        kind === 'short' ? `{"id":${id}}` : `{"id":${id},"pad":"${'p'.repeat(300 + ((id * 97) % 900))}"}`,
      );
    }
    // a writer may stop mid-line; the rest follows with its next write
    const written = Math.floor(text.length * cut);
    appendFileSync(path, text.slice(0, written));
    if (written < text.length) this.unwritten.set(path, text.slice(written));
    else this.unwritten.delete(path);
  }

  /** a line the writer will write, counted as written (every line is completed before the end). */
  private line(text: string): string {
    bump(this.written, text);
    return `${text}\n`;
  }

  private completeLine(path: string): void {
    const rest = this.unwritten.get(path);
    if (rest !== undefined) appendFileSync(path, rest);
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
      appendFileSync(`${live}.1`, content.subarray(0, content.length >> 1));
      this.poll();
      appendFileSync(`${live}.1`, content.subarray(content.length >> 1));
    } else copyFileSync(live, `${live}.1`);
    if (step.pollBeforeTruncate) this.poll();
    truncateSync(live, 0);
  }

  /** a new source holding the same bytes as another agent's (or the same agent's) file. */
  private newFile(from: Agent, to: Agent, name: Source): void {
    const origin = this.path(from, 'x.log');
    const target = this.path(to, `${name}.log`);
    if (!existsSync(origin) || existsSync(target)) return;
    const content = readFileSync(origin, 'utf8');
    const complete = content.slice(0, content.lastIndexOf('\n') + 1);
    if (complete.length === 0) return;
    for (const text of complete.slice(0, -1).split('\n')) bump(this.written, text);
    appendFileSync(target, complete);
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
        const text = line.bytes.toString('utf8');
        if (!this.written.has(text)) this.strange.push(`${line.path}:${line.lineNo}: ${text.slice(0, 60)}`);
        if (this.scenario.delivery === 'counters') bump(this.delivered, text);
        else this.sent.push(text);
      },
      (rejection) => this.strange.push(`${rejection.path}:${rejection.lineNo}: rejected ${rejection.reason}`),
    ).pending;
  }

  private drain(): void {
    for (let polls = 0; this.poll(); polls++) {
      if (polls > MAX_DRAIN_POLLS) throw new Error(`still pending after ${MAX_DRAIN_POLLS} polls`);
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
  }

  /** SIGKILL: whatever was not committed is gone, the reader starts from the checkpoint. */
  private restart(): void {
    this.reader = new TailReader(this.options);
    this.reader.restore(this.committed.positions);
    this.sent = [];
    this.delivered = new Map(this.committed.delivered);
  }

  private check(): void {
    const wrong: string[] = [];
    for (const [text, count] of this.written) {
      const got = this.delivered.get(text) ?? 0;
      const ok = this.scenario.delivery === 'counters' ? got === count : got >= count;
      if (!ok) wrong.push(`${text.slice(0, 40)}: written ${count}, delivered ${got}`);
    }
    for (const [text, got] of this.delivered) {
      if (!this.written.has(text)) wrong.push(`${text.slice(0, 40)}: never written, delivered ${got}`);
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
