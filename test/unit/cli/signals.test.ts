import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../e2e/stack';

const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Child {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// children still running after a failed test are killed, so they cannot keep mocha alive.
const children = new Set<ChildProcess>();

/** the real cli as a child process, once its health endpoint answers. */
async function startCli(args: string[], port: number, env: NodeJS.ProcessEnv): Promise<Child> {
  const child = spawn(process.execPath, [CLI, ...args, '--port', String(port)], {
    env: { ...process.env, OTEL_METRIC_EXPORT_INTERVAL: '60000', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.once('exit', () => children.delete(child));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${out}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, output: () => out, exit };
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`not healthy in time: ${out}`);
}

/** a stand-in OTLP/HTTP endpoint that keeps every request body. */
async function otlpSink(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d.toString('latin1');
    });
    req.on('end', () => {
      bodies.push(`${req.url} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, bodies };
}

// each service as a real child process: SIGTERM (or SIGINT) flushes what it holds, then exits 0.
describe('service shell: signals flush, then exit 0', () => {
  let sink: Awaited<ReturnType<typeof otlpSink>>;
  let dir: string;
  before(async () => {
    sink = await otlpSink();
  });
  after(() => sink.server.close());
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shell-signals-'));
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`counters: ${signal} checkpoints the lines read and exports them before exiting 0`, async () => {
      const file = join(dir, 'counters.jsonl');
      const checkpoint = join(dir, 'cp.json');
      const port = await freePort();
      // intervals far longer than the test: only the stop can have written and exported.
      const args = ['counters', '--file', file, '--checkpoint', checkpoint, '--export-interval', '300000'];
      const c = await startCli(args, port, { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url });
      appendFileSync(file, `${JSON.stringify({ name: `sig_${signal.toLowerCase()}`, value: 3 })}\n`);
      c.child.kill(signal);
      const { code } = await c.exit;
      assert.equal(code, 0, c.output());
      const doc = JSON.parse(readFileSync(checkpoint, 'utf8'));
      assert.deepEqual(
        doc.state.series.map((s: { metric: string; value: number }) => [s.metric, s.value]),
        [[`anti_drift_sig_${signal.toLowerCase()}`, 3]],
      );
      assert.ok(
        sink.bodies.some((b) => b.includes(`anti_drift_sig_${signal.toLowerCase()}`)),
        'the last export reached the endpoint',
      );
      assert.match(c.output(), new RegExp(`${signal}: stopping`));
    });
  }

  it('logs: SIGTERM exports the records read before exiting 0', async () => {
    mkdirSync(join(dir, 'a1'));
    const port = await freePort();
    const args = ['logs', '--file', join(dir, '{agent}', '*.log'), '--checkpoint', join(dir, 'l.json')];
    const c = await startCli([...args, '--flush-interval', '300000'], port, {
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    });
    appendFileSync(join(dir, 'a1', 'x.log'), 'INFO signal-test-line\n');
    c.child.kill('SIGTERM');
    const { code } = await c.exit;
    assert.equal(code, 0, c.output());
    assert.ok(
      sink.bodies.some((b) => b.startsWith('/v1/logs') && b.includes('signal-test-line')),
      'the record was exported',
    );
    assert.ok(existsSync(join(dir, 'l.json')), 'positions checkpointed after the export');
  });

  it('heartbeat: SIGTERM saves the fleet state before exiting 0', async () => {
    const port = await freePort();
    const state = join(dir, 'hb.json');
    const config = join(dir, 'hb.yaml');
    writeFileSync(config, 'receiver:\n  checkpoint_interval_s: 3600\n');
    const c = await startCli(['heartbeat', '--config', config, '--state-file', state], port, {
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    });
    const res = await fetch(`http://127.0.0.1:${port}/v1/heartbeats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agent_id: 'sig-agent', status: 'on_track' }),
    });
    assert.ok(res.status < 300, `heartbeat accepted: ${res.status} ${await res.text()}`);
    c.child.kill('SIGTERM');
    const { code } = await c.exit;
    assert.equal(code, 0, c.output());
    assert.match(readFileSync(state, 'utf8'), /sig-agent/);
  });
});
