import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { helpRequested } from '../usage';

// latency from a counter line written to its count visible in PromQL, through the real stack
// (counters receiver -> collector -> Prometheus) with the shipped receiver config
// (collector-config/receivers/counters.yaml) and the collector's shipped batch timeout.
// Needs the stack with its default profile: npm run stack:up; npm run build; npm run bench:latency

const ROOT = join(__dirname, '..', '..', '..');
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 60);
const LINES_PER_S = Number(process.env.BENCH_LINES_PER_S ?? 5);
const QUERY_EVERY_MS = 100;
const GOAL_P99_S = 5;

function ports(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(join(ROOT, 'scripts', 'stack', 'ports.env'), 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(\d+)$/.exec(line.trim());
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

const PORTS = ports();
const PROMETHEUS = `http://127.0.0.1:${PORTS.PROMETHEUS_PORT}`;
const COLLECTOR = `http://127.0.0.1:${PORTS.COLLECTOR_OTLP_HTTP_PORT}`;

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** the value of an instant query, or undefined when it has no sample yet. */
async function promValue(query: string): Promise<number | undefined> {
  const res = await fetch(`${PROMETHEUS}/api/v1/query?${new URLSearchParams({ query })}`, {
    signal: AbortSignal.timeout(2000),
  });
  const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
  const sample = body.data?.result?.[0];
  return sample ? Number(sample.value[1]) : undefined;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** the shipped receiver config, with this run's file, checkpoint and service name. */
function receiverConfig(dir: string, file: string, run: string): string {
  const shipped = parse(readFileSync(join(ROOT, 'collector-config', 'receivers', 'counters.yaml'), 'utf8'));
  const config = {
    ...shipped,
    namespace: 'bench',
    include: [file],
    checkpoint: join(dir, 'checkpoint.json'),
    service_name: `bench-latency-${run}`,
    http: { ...shipped.http, enabled: false },
  };
  const path = join(dir, 'counters.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

async function main(): Promise<void> {
  if (helpRequested('usage: npm run bench:latency   (env BENCH_DURATION_S (60), BENCH_LINES_PER_S (5))'))
    return;
  if (
    !(await ready(`${PROMETHEUS}/-/ready`)) ||
    !(await ready(`http://127.0.0.1:${PORTS.COLLECTOR_HEALTH_PORT}/`))
  ) {
    console.error('the stack is not running: start it with `npm run stack:up` (default profile)');
    process.exitCode = 1;
    return;
  }
  const run = randomUUID().slice(0, 8);
  const dir = mkdtempSync(join(tmpdir(), 'bench-latency-'));
  const file = join(dir, 'counters.jsonl');
  writeFileSync(file, '');
  const metric = `bench_latency_${run}_total`;
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'cli', 'main.js'), 'counters', '--config', receiverConfig(dir, file, run)],
    {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: COLLECTOR },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const line = () =>
    `${JSON.stringify({ name: `latency_${run}`, value: 1, timestamp: new Date().toISOString() })}\n`;
  try {
    // a new series is exported at 0 once before its count (see the exporter): warm it up first
    appendFileSync(file, line());
    const warmUpStart = Date.now();
    while ((await promValue(metric)) !== 1) {
      if (Date.now() - warmUpStart > 60_000) throw new Error(`${metric} never reached 1`);
      await new Promise((r) => setTimeout(r, QUERY_EVERY_MS));
    }
    // lines at a steady rate; line i brings the count to i + 2 (the warm-up line is 1)
    const writtenAt: number[] = [];
    const visibleAt: number[] = [];
    const total = DURATION_S * LINES_PER_S;
    const start = Date.now();
    const writer = setInterval(() => {
      if (writtenAt.length >= total) return clearInterval(writer);
      writtenAt.push(Date.now());
      appendFileSync(file, line());
    }, 1000 / LINES_PER_S);
    while (visibleAt.length < total) {
      const value = await promValue(metric);
      const now = Date.now();
      // every line up to the count is visible now
      while (value !== undefined && visibleAt.length < Math.min(value - 1, writtenAt.length))
        visibleAt.push(now);
      if (now - start > (DURATION_S + 60) * 1000)
        throw new Error(`only ${visibleAt.length} of ${total} lines visible`);
      await new Promise((r) => setTimeout(r, QUERY_EVERY_MS));
    }
    const latencies = visibleAt.map((t, i) => (t - writtenAt[i]) / 1000).sort((a, b) => a - b);
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    console.log(
      `${total} lines at ${LINES_PER_S}/s; shipped intervals; PromQL polled every ${QUERY_EVERY_MS} ms`,
    );
    console.log(
      `line written -> visible in PromQL: p50 ${p50.toFixed(2)} s, p99 ${p99.toFixed(2)} s, max ${latencies.at(-1)?.toFixed(2)} s`,
    );
    console.log(`goal p99 <= ${GOAL_P99_S} s: ${p99 <= GOAL_P99_S ? 'met' : 'NOT met'}`);
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
