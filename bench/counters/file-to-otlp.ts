import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { countersConfigSchema } from '../../processors/counters/config';
import { CountersReceiver } from '../../processors/counters/receiver';
import { silentLogger } from '../../processors/shared/logger';
import { createServiceTelemetry } from '../../processors/shared/telemetry';
import { validateConfig } from '../../protocol/config-file';
import { PINNED, rerunOnCore1 } from '../cores';
import { otlpSink } from '../otlp-sink';
import { helpRequested } from '../usage';

if (
  helpRequested(
    'usage: npm run bench:counters   (env BENCH_LINES (2000000), BENCH_SERIES (200), BENCH_ROUNDS (3))',
  )
)
  process.exit(0);

// lines per second through the counters path (file -> tail reader -> parser -> ledger ->
// checkpoint -> OTLP export) beside two baselines over the same file: a plain read-and-split, and
// read + split + JSON.parse of every line (the floor any JSON-lines reader pays). Each arm runs in
// its own process pinned to core 0, with its peak RSS; the bench itself (the file writer and the
// OTLP sink) runs on core 1, so an arm's figures are its own. The arms alternate for a few rounds
// and the medians are compared, so the ratio to parse-only still means something on a busy machine.
// Run: npm run build && npm run bench:counters

const LINES = Number(process.env.BENCH_LINES ?? 2_000_000);
const SERIES = Number(process.env.BENCH_SERIES ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** the goal, and the JSON.parse rate it was set against on an idle core (lines/s). */
const GOAL_LINES_PER_S = 400_000;
const PARSE_ONLY_REFERENCE = 750_000;
const GOAL_RSS_MIB = 150;

interface Result {
  lines: number;
  seconds: number;
  /** user + system CPU time: what the arm cost, whatever else the machine was doing. */
  cpuSeconds: number;
  maxRssMiB: number;
}

function writeFile(path: string): void {
  const fd = openSync(path, 'w');
  const ts = new Date().toISOString();
  let buf = '';
  for (let i = 0; i < LINES; i++) {
    const s = i % SERIES;
    buf += `{"name":"bench_event","value":1,"timestamp":"${ts}","tags":{"taskId":"TASK-${s}","phase":"IMPLEMENT","severity":"${s % 3 === 0 ? 'high' : 'low'}"}}\n`;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

/**
 * the baselines' reader: the file in 1 MiB chunks, split into lines; `line` is called with each
 * line's bounds in `buf` and says whether to count it.
 */
function countLines(path: string, line: (buf: Buffer, start: number, end: number) => boolean): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let lines = 0;
  let pos = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) break;
    let start = 0;
    let last = -1;
    for (let nl = buf.indexOf(10, start); nl >= 0 && nl < n; nl = buf.indexOf(10, start)) {
      if (line(buf, start, nl)) lines++;
      last = nl;
      start = nl + 1;
    }
    pos += last + 1;
  }
  closeSync(fd);
  return lines;
}

/** the split-only baseline: a line object like the tail reader hands over, nothing else. */
const plainSplit = (path: string) =>
  countLines(path, (buf, start, end) => buf.subarray(start, end).length >= 0);

/** the parse-only baseline: split like plainSplit, then JSON.parse every line. */
const parseOnly = (path: string) =>
  countLines(path, (buf, start, end) => {
    const value = JSON.parse(buf.toString('utf8', start, end)) as { name?: unknown };
    return value.name !== undefined;
  });

async function counters(path: string, dir: string, url: string): Promise<number> {
  const config = validateConfig(
    countersConfigSchema,
    {
      include: [path],
      checkpoint: join(dir, `checkpoint-${process.pid}.json`),
      export_interval_ms: 300_000,
      poll_interval_ms: 60_000,
      otlp_metrics_url: url,
      http: { enabled: false },
    },
    'bench',
  );
  // the receiver's own metrics (lines read, ingestion lag) as the service runs them, to the sink too
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = new URL(url).origin;
  const telemetry = createServiceTelemetry({ serviceName: 'bench-counters', exportIntervalMillis: 300_000 });
  const receiver = new CountersReceiver(config, { logger: silentLogger, meter: telemetry.meter });
  await receiver.start();
  while (receiver.stats.linesRead < LINES) await new Promise((r) => setTimeout(r, 5));
  await receiver.flush(); // checkpoint + OTLP export of every series
  const read = receiver.stats.accepted;
  if (receiver.lag.recorded !== read)
    throw new Error(`ingestion lag recorded ${receiver.lag.recorded} of ${read} lines`);
  await receiver.stop();
  await telemetry.shutdown();
  return read;
}

async function child(mode: string, path: string, dir: string, url: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const lines =
    mode === 'split' ? plainSplit(path) : mode === 'parse' ? parseOnly(path) : await counters(path, dir, url);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const result: Result = { lines, seconds, cpuSeconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(result));
}

/** runs one scenario in a child; asynchronously, since the OTLP sink lives in this process. */
function run(mode: string, path: string, dir: string, url: string): Promise<Result> {
  const args = [__filename, mode, path, dir, url];
  // one core, when taskset is there, so the figure does not depend on the machine's core count
  const [cmd, argv] = PINNED ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 20 }, (err, out) =>
      err ? reject(err) : resolve(JSON.parse(out) as Result),
    );
  });
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode) return child(mode, rest[0], rest[1], rest[2]);
  if (rerunOnCore1()) return;
  const load = () => loadavg()[0].toFixed(1);
  console.log(
    `${PINNED ? 'arms on core 0, file writer and OTLP sink on core 1' : 'taskset not found: unpinned'}; load average at start ${load()}`,
  );
  const work = mkdtempSync(join(tmpdir(), 'bench-counters-'));
  const file = join(work, 'counters.jsonl');
  writeFile(file);
  const sink = await otlpSink();
  const sinkUrl = `${sink.url}/v1/metrics`;
  try {
    const runs: Record<'split' | 'parse' | 'counters', Result[]> = { split: [], parse: [], counters: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of ['split', 'parse', 'counters'] as const)
        runs[mode].push(await run(mode, file, work, sinkUrl));
    }
    const rates = (mode: keyof typeof runs) => runs[mode].map((r) => Math.round(r.lines / r.seconds));
    const cpuRates = (mode: keyof typeof runs) => runs[mode].map((r) => Math.round(r.lines / r.cpuSeconds));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const peakRss = (mode: keyof typeof runs) => Math.max(...runs[mode].map((r) => r.maxRssMiB));
    const line = (label: string, mode: keyof typeof runs) => {
      const range = (xs: number[]) =>
        `${median(xs).toLocaleString('en').padStart(11)} (${Math.min(...xs).toLocaleString('en')}–${Math.max(...xs).toLocaleString('en')})`;
      console.log(
        `${label.padEnd(18)} lines/s median ${range(rates(mode))}   ` +
          `per CPU-second median ${range(cpuRates(mode))}   peak RSS ${peakRss(mode).toFixed(0)} MiB`,
      );
    };
    console.log(
      `file: ${LINES} lines, ${SERIES} series; node ${process.version}; one core; ${ROUNDS} rounds; load average at end ${load()}`,
    );
    line('plain read+split', 'split');
    line('read+split+parse', 'parse');
    line('counters -> OTLP', 'counters');
    const counted = median(rates('counters'));
    const ratio = counted / median(rates('parse'));
    console.log(`exported ${sink.bytes()} bytes in all`);
    const cpuRatio = median(cpuRates('counters')) / median(cpuRates('parse'));
    console.log(
      `ratio counters/parse-only: ${ratio.toFixed(3)} wall clock, ${cpuRatio.toFixed(3)} per CPU-second`,
    );
    // the goal in absolute terms, and the same goal as a share of JSON.parse, which holds on a loaded machine
    const goalRatio = GOAL_LINES_PER_S / PARSE_ONLY_REFERENCE;
    const rssOk = peakRss('counters') < GOAL_RSS_MIB;
    console.log(
      `goal >= ${GOAL_LINES_PER_S.toLocaleString('en')} lines/s, RSS < ${GOAL_RSS_MIB} MiB: ${counted >= GOAL_LINES_PER_S && rssOk ? 'met' : 'NOT met'}`,
    );
    console.log(
      `goal as a ratio (>= ${goalRatio.toFixed(3)} of parse-only, RSS < ${GOAL_RSS_MIB} MiB): ${ratio >= goalRatio && rssOk ? 'met' : 'NOT met'}`,
    );
    // what the receiver does with a core to itself, whatever else shares it
    const perCpu = median(cpuRates('counters'));
    console.log(
      `goal per CPU-second (>= ${GOAL_LINES_PER_S.toLocaleString('en')}, RSS < ${GOAL_RSS_MIB} MiB): ${perCpu >= GOAL_LINES_PER_S && rssOk ? 'met' : 'NOT met'}`,
    );
  } finally {
    sink.close();
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
