import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { otlpSink } from '../otlp-sink';

// express hello-world, bare versus `node --require agent-otel/register` with default settings,
// measured in the same run with autocannon; rounds alternate so drift hits both sides alike.
// The server runs on core 0; the load generator and an OTLP sink that accepts and discards run
// in this process on core 1 (when taskset and two cores are there), so the figure is the SDK's
// own cost: not the load generator's, nor a local collector's and backends' work on the same cores.
// usage: npm run bench:instrumentation [-- <seconds per round> <rounds>]

type Autocannon = (opts: {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
}) => Promise<{ requests: { average: number }; non2xx: number; errors: number }>;
// autocannon ships no type declarations
const autocannon = require('autocannon') as Autocannon;

const ROOT = join(__dirname, '..', '..', '..');
const HELLO = join(__dirname, 'hello.js');
const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 3);
const PINNED = spawnSync('taskset', ['-c', '1', 'true']).status === 0;
let sinkUrl = '';

async function start(preload: boolean): Promise<{ child: ChildProcess; url: string }> {
  const args = [process.execPath, ...(preload ? ['--require', 'agent-otel/register', HELLO] : [HELLO])];
  const [cmd, ...argv] = PINNED ? ['taskset', '-c', '0', ...args] : args;
  const child = spawn(cmd!, argv, {
    cwd: ROOT,
    // only the address differs from the defaults: the sink instead of a collector
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /\{"listening":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/` };
}

async function measure(preload: boolean): Promise<number> {
  const { child, url } = await start(preload);
  try {
    // warm-up: jit, lazy requires, first exports
    await autocannon({ url, connections: 50, pipelining: 1, duration: 3 });
    const result = await autocannon({ url, connections: 50, pipelining: 1, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`errors: ${result.errors}, non-2xx: ${result.non2xx}`);
    return result.requests.average;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  if (PINNED && process.env.BENCH_PINNED !== '1') {
    // run the whole bench again on core 1, leaving core 0 to the server
    const again = spawnSync('taskset', ['-c', '1', process.execPath, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_PINNED: '1' },
    });
    process.exitCode = again.status ?? 1;
    return;
  }
  const sink = await otlpSink();
  sinkUrl = sink.url;
  console.log(
    PINNED ? 'server on core 0; load generator and OTLP sink on core 1' : 'taskset not found: unpinned',
  );
  try {
    await measureRounds();
  } finally {
    sink.close();
  }
  console.log(`exported:     ${(sink.bytes() / 1024 / 1024).toFixed(1)} MiB of OTLP`);
}

async function measureRounds(): Promise<void> {
  const bare: number[] = [];
  const instrumented: number[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(await measure(false));
    instrumented.push(await measure(true));
    console.log(
      `round ${i + 1}: bare ${bare[i].toFixed(0)} req/s, instrumented ${instrumented[i].toFixed(0)} req/s`,
    );
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(instrumented) / mean(bare);
  console.log(`bare:         ${mean(bare).toFixed(0)} req/s`);
  console.log(`instrumented: ${mean(instrumented).toFixed(0)} req/s`);
  console.log(`ratio:        ${ratio.toFixed(3)} (goal >= 0.90)`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
