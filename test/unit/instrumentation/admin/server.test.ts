import assert from 'node:assert/strict';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { requestProfile } from '../../../../cli/commands/profile';
import { type AdminServer, type Profiler, startAdminServer } from '../../../../instrumentation/admin/server';
import type { ResolvedAdmin } from '../../../../instrumentation/config/admin';
import { freePort } from '../../../helpers';
import { spyOnDiagErrors } from '../diag-spy';

const TOKEN = 'admin-token-0123456789';

// the admin endpoint's HTTP contract with a stand-in profiler (the real one has its own test):
// auth (counted), bounds, one profile at a time, routes; and the CLI client against it.
describe('instrumentation/admin/server', () => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  let server: AdminServer | undefined;
  let url = '';
  let release: (() => void) | undefined;
  const calls: number[] = [];
  // each profile waits until the test releases it, so that concurrency is under the test's control
  const profiler: Profiler = async (seconds, dir, agentId) => {
    calls.push(seconds);
    await new Promise<void>((r) => {
      release = r;
    });
    return { path: `${dir}/${agentId}.cpuprofile`, nodes: 3, samples: 9 };
  };

  async function authFailures(): Promise<Record<string, number>> {
    exporter.reset();
    await reader.forceFlush();
    const out: Record<string, number> = {};
    for (const rm of exporter.getMetrics())
      for (const sm of rm.scopeMetrics)
        for (const m of sm.metrics)
          if (m.descriptor.name === 'agent_otel.auth_failures')
            for (const p of m.dataPoints) {
              assert.equal(p.attributes.listener, 'sdk-admin');
              out[String(p.attributes.reason)] = p.value as number;
            }
    return out;
  }

  before(async () => {
    metrics.setGlobalMeterProvider(provider);
    const port = await freePort();
    const cfg: ResolvedAdmin = {
      port,
      host: '127.0.0.1',
      token: TOKEN,
      profileDir: '/profiles',
      maxProfileSeconds: 30,
    };
    server = await startAdminServer(cfg, { agentId: 'agent-7', profile: profiler });
    assert.ok(server, 'the endpoint started');
    url = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await server?.close();
    await provider.shutdown();
    metrics.disable();
  });

  // waits until the stand-in profiler runs, and lets it finish
  async function finishRunning(): Promise<void> {
    while (release === undefined) await new Promise((r) => setTimeout(r, 5));
    const done = release;
    release = undefined;
    done();
  }

  const post = (path: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(`${url}${path}`, { method: 'POST', headers });

  it('refuses a missing or wrong token with 401 and counts each by reason; nothing runs', async () => {
    assert.equal((await post('/v1/profile?seconds=1', {})).status, 401);
    assert.equal((await post('/v1/profile?seconds=1', { authorization: 'Bearer nope' })).status, 401);
    assert.equal((await post('/v1/profile?seconds=1', { authorization: `Basic ${TOKEN}` })).status, 401);
    assert.deepEqual(await authFailures(), { missing: 1, invalid: 2 });
    assert.deepEqual(calls, []);
  });

  for (const bad of ['0', '-1', '31', '1.5', 'abc', '']) {
    it(`400 for seconds=${JSON.stringify(bad)}, naming the allowed range`, async () => {
      const res = await post(`/v1/profile?seconds=${bad}`);
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { error: string }).error, /an integer from 1 to 30/);
    });
  }

  it('404 for other routes, 405 for other methods', async () => {
    assert.equal((await post('/v1/other')).status, 404);
    const get = await fetch(`${url}/v1/profile?seconds=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(get.status, 405);
  });

  it('runs one profile at a time: 409 while one runs, then the path, trace and counts', async () => {
    const first = post('/v1/profile?seconds=2');
    while (release === undefined) await new Promise((r) => setTimeout(r, 5));
    const busy = await post('/v1/profile?seconds=1');
    assert.equal(busy.status, 409);
    await finishRunning();
    const res = await first;
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.path, '/profiles/agent-7.cpuprofile');
    assert.deepEqual([body.seconds, body.nodes, body.samples], [2, 3, 9]);
    assert.deepEqual(calls, [2]);
    // free again afterwards
    const again = post('/v1/profile?seconds=1');
    await finishRunning();
    assert.equal((await again).status, 200);
  });

  it('the CLI client prints what the endpoint answers and names a refusal', async () => {
    const answer = requestProfile(url, 3, TOKEN);
    await finishRunning();
    assert.equal((await answer).path, '/profiles/agent-7.cpuprofile');
    await assert.rejects(requestProfile(url, 3, 'wrong'), /answered 401: invalid bearer token/);
    await assert.rejects(requestProfile(url, 999, TOKEN), /answered 400: seconds=999 is invalid/);
    await assert.rejects(requestProfile('http://127.0.0.1:1', 1, TOKEN), /cannot reach/);
  });

  it('does not start without a token, and says so', async () => {
    const spy = spyOnDiagErrors();
    try {
      const cfg: ResolvedAdmin = {
        port: await freePort(),
        host: '127.0.0.1',
        profileDir: '/p',
        maxProfileSeconds: 60,
      };
      assert.equal(await startAdminServer(cfg, { agentId: 'a', profile: profiler }), undefined);
      assert.match(spy.errors[0], /AGENT_OTEL_ADMIN_TOKEN is not.*does not start without a bearer token/);
    } finally {
      spy.restore();
    }
  });

  it('a port in use is reported; the application runs on', async () => {
    const spy = spyOnDiagErrors();
    try {
      const port = Number(new URL(url).port);
      const cfg: ResolvedAdmin = {
        port,
        host: '127.0.0.1',
        token: TOKEN,
        profileDir: '/p',
        maxProfileSeconds: 60,
      };
      assert.equal(await startAdminServer(cfg, { agentId: 'a', profile: profiler }), undefined);
      assert.match(
        spy.errors[0],
        new RegExp(`cannot start the admin endpoint on 127.0.0.1:${port}.*EADDRINUSE`),
      );
    } finally {
      spy.restore();
    }
  });

  it('off without a port', async () => {
    const cfg: ResolvedAdmin = { host: '127.0.0.1', token: TOKEN, profileDir: '/p', maxProfileSeconds: 60 };
    assert.equal(await startAdminServer(cfg, { agentId: 'a', profile: profiler }), undefined);
  });
});
