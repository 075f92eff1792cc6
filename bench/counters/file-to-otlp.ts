import { execFile, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countersConfigSchema } from '../../processors/counters/config';
import { CountersReceiver } from '../../processors/counters/receiver';
import { silentLogger } from '../../processors/shared/logger';
import { validateConfig } from '../../protocol/config-file';
import { otlpSink } from '../otlp-sink';

// lines per second through the counters path (file -> tail reader -> parser -> ledger ->
// checkpoint -> OTLP export) beside a plain read-and-split of the same file, each in its own
// process pinned to one core, with its peak RSS. Run: npm run build && npm run bench:counters

const LINES = Number(process.env.BENCH_LINES ?? 2_000_000);
const SERIES = Number(process.env.BENCH_SERIES ?? 200);

interface Result {
  lines: number;
  seconds: number;
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

/** the baseline: read the file in 1 MiB chunks and split it into lines, nothing else. */
function plainSplit(path: string): number {
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
      // a line object like the tail reader hands over, so the baseline also slices
      if (buf.subarray(start, nl).length >= 0) lines++;
      last = nl;
      start = nl + 1;
    }
    pos += last + 1;
  }
  closeSync(fd);
  return lines;
}

async function counters(path: string, dir: string, url: string): Promise<number> {
  const config = validateConfig(
    countersConfigSchema,
    {
      include: [path],
      checkpoint: join(dir, 'checkpoint.json'),
      export_interval_ms: 300_000,
      poll_interval_ms: 60_000,
      otlp_metrics_url: url,
      http: { enabled: false },
    },
    'bench',
  );
  const receiver = new CountersReceiver(config, { logger: silentLogger });
  await receiver.start();
  while (receiver.stats.linesRead < LINES) await new Promise((r) => setTimeout(r, 5));
  await receiver.flush(); // checkpoint + OTLP export of every series
  const read = receiver.stats.accepted;
  await receiver.stop();
  return read;
}

async function child(mode: string, path: string, dir: string, url: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  const lines = mode === 'split' ? plainSplit(path) : await counters(path, dir, url);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const result: Result = { lines, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(result));
}

/** runs one scenario in a child; asynchronously, since the OTLP sink lives in this process. */
function run(mode: string, path: string, dir: string, url: string): Promise<Result> {
  const args = [__filename, mode, path, dir, url];
  // one core, when taskset is there, so the figure does not depend on the machine's core count
  const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const [cmd, argv] = hasTaskset
    ? ['taskset', ['-c', '0', process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 20 }, (err, out) =>
      err ? reject(err) : resolve(JSON.parse(out) as Result),
    );
  });
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode) return child(mode, rest[0], rest[1], rest[2]);
  const work = mkdtempSync(join(tmpdir(), 'bench-counters-'));
  const file = join(work, 'counters.jsonl');
  writeFile(file);
  const sink = await otlpSink();
  const sinkUrl = `${sink.url}/v1/metrics`;
  try {
    const split = await run('split', file, work, sinkUrl);
    const path = await run('counters', file, work, sinkUrl);
    const rate = (r: Result) => Math.round(r.lines / r.seconds);
    console.log(`file: ${LINES} lines, ${SERIES} series; node ${process.version}; one core`);
    console.log(
      `plain read+split   ${rate(split).toLocaleString('en')} lines/s   peak RSS ${split.maxRssMiB.toFixed(0)} MiB`,
    );
    console.log(
      `counters -> OTLP   ${rate(path).toLocaleString('en')} lines/s   peak RSS ${path.maxRssMiB.toFixed(0)} MiB   (${sink.bytes()} bytes exported)`,
    );
    console.log(`ratio counters/plain: ${(rate(path) / rate(split)).toFixed(3)}`);
    console.log(
      `goal >= 200,000 lines/s and RSS < 150 MiB: ${rate(path) >= 200_000 && path.maxRssMiB < 150 ? 'met' : 'NOT met'}`,
    );
  } finally {
    sink.close();
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
