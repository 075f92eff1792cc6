import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { join } from 'node:path';
import { CLI, freePort, request, type ServiceProcess, spawnService, useTempDirs } from '../../helpers';

const started: ServiceProcess[] = [];

/** the real cli as a child process, once its health endpoint answers. */
async function startCli(args: string[], port: number, env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  const service = await spawnService([CLI, ...args, '--port', String(port)], {
    env: { OTEL_METRIC_EXPORT_INTERVAL: '60000', ...env },
    ready: async () =>
      (await request(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 2000 })).status === 200,
  });
  started.push(service);
  return service;
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
  const tempDir = useTempDirs('shell-signals');
  // a service left running by a failed test cannot keep mocha alive.
  afterEach(async () => {
    for (const service of started.splice(0)) await service.stop('SIGKILL');
  });
  beforeEach(() => {
    dir = tempDir();
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
      const { code } = await c.exited;
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
    const { code } = await c.exited;
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
    const res = await request(`http://127.0.0.1:${port}/v1/heartbeats`, {
      body: { agent_id: 'sig-agent', status: 'on_track' },
    });
    assert.ok(res.status < 300, `heartbeat accepted: ${res.status} ${res.text}`);
    c.child.kill('SIGTERM');
    const { code } = await c.exited;
    assert.equal(code, 0, c.output());
    assert.match(readFileSync(state, 'utf8'), /sig-agent/);
  });
});
