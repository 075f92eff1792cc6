import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { otlpSink } from '../otlp-sink';

// where the benchmarked processes export: the stack's own collector binary when the install cache
// has it (real OTLP decoding and acknowledgement, and its counters say what each arm sent), else
// the bench's OTLP/HTTP sink. the collector runs alone, with the debug exporter and no backends:
// Jaeger, VictoriaLogs and Prometheus on the same two cores would be measured too. Each arm gets
// its own OTLP receiver, so the collector's counters (labelled by receiver) say what each sent
// while all arms run side by side.

export interface Accepted {
  spans: number;
  logRecords: number;
  metricPoints: number;
}

export interface OtlpEndpoint {
  /** OTLP/HTTP base url of each arm's receiver, in the order of the names given. */
  urls: string[];
  /** what it is: the collector binary or the sink. */
  kind: string;
  /** cumulative items the `index`th receiver accepted, when the endpoint can tell (the collector's own metrics). */
  accepted(index: number): Promise<Accepted | undefined>;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..', '..');

function collectorBinary(): string | undefined {
  const versions = readFileSync(join(ROOT, 'scripts', 'stack', 'versions.env'), 'utf8');
  const version = /^COLLECTOR_VERSION=(\S+)/m.exec(versions)?.[1];
  const cache = process.env.AGENT_OTEL_CACHE ?? join(homedir(), '.cache', 'agent-otel');
  const path = join(cache, `collector-${version}`, 'otelcol-agent-otel');
  return version && existsSync(path) ? path : undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const receiverName = (index: number) => `otlp/arm${index}`;

function collectorConfig(otlpPorts: number[], metricsPort: number): string {
  const names = otlpPorts.map((_, i) => receiverName(i));
  const pipeline = { receivers: names, exporters: ['debug'] };
  const receivers = Object.fromEntries(
    otlpPorts.map((port, i) => [names[i], { protocols: { http: { endpoint: `127.0.0.1:${port}` } } }]),
  );
  return stringify({
    receivers,
    exporters: { debug: { verbosity: 'basic' } },
    service: {
      telemetry: {
        logs: { level: 'warn' },
        // its own counters on a free port, so it never collides with a running stack's 8888
        metrics: {
          level: 'basic',
          readers: [{ pull: { exporter: { prometheus: { host: '127.0.0.1', port: metricsPort } } } }],
        },
      },
      pipelines: { traces: pipeline, metrics: pipeline, logs: pipeline },
    },
  });
}

/** the sum of a counter's series whose labels include `receiver="<receiver>"`. */
function metric(text: string, name: string, receiver: string): number {
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    if (m[1]!.includes(`receiver="${receiver}"`)) sum += Number(m[2]);
  }
  return sum;
}

async function startCollector(binary: string, pinned: boolean, arms: number): Promise<OtlpEndpoint> {
  const otlpPorts: number[] = [];
  for (let i = 0; i < arms; i++) otlpPorts.push(await freePort());
  const metricsPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'instr-bench-'));
  const config = join(dir, 'collector.yaml');
  writeFileSync(config, collectorConfig(otlpPorts, metricsPort));
  const args = [binary, `--config=${config}`];
  const [cmd, ...argv] = pinned ? ['taskset', '-c', '1', ...args] : args;
  // one core's worth of go scheduler threads: it shares core 1 with the load generator
  const child: ChildProcess = spawn(cmd!, argv, {
    env: { ...process.env, GOMAXPROCS: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => {
    err = (err + d).slice(-4000);
  });
  const urls = otlpPorts.map((port) => `http://127.0.0.1:${port}`);
  const deadline = Date.now() + 20_000;
  // any answer from the receivers (405 to a GET) means they listen
  while (
    !(await fetch(`${urls.at(-1)}/v1/traces`).then(
      () => true,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`collector did not start:\n${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    urls,
    kind: `collector ${binary}`,
    accepted: async (index) => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      const receiver = receiverName(index);
      return {
        spans: metric(text, 'otelcol_receiver_accepted_spans', receiver),
        logRecords: metric(text, 'otelcol_receiver_accepted_log_records', receiver),
        metricPoints: metric(text, 'otelcol_receiver_accepted_metric_points', receiver),
      };
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** an OTLP/HTTP endpoint with one receiver per arm. */
export async function startOtlpEndpoint(pinned: boolean, arms: number): Promise<OtlpEndpoint> {
  const binary = collectorBinary();
  if (binary) return startCollector(binary, pinned, arms);
  // no collector built here (scripts/stack/install.sh builds it): a load sink that accepts and
  // discards, so exporters do their full work; it is no backend and checks nothing
  const sink = await otlpSink();
  return {
    urls: Array.from({ length: arms }, () => sink.url),
    kind: 'OTLP/HTTP sink (no collector in the install cache)',
    accepted: async () => undefined,
    stop: async () => sink.close(),
  };
}
