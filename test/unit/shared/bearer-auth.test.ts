import assert from 'node:assert/strict';
import type { AddressInfo, Server } from 'node:net';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { checkBearer } from '../../../processors/shared/bearer-auth';
import { createHttpApp, listen } from '../../../processors/shared/http-server';

describe('shared/bearer-auth: checkBearer', () => {
  const TOKEN = 's3cret-token';
  const TABLE: [string, string | undefined, string][] = [
    ['no header', undefined, 'missing'],
    ['an empty header', '', 'missing'],
    ['a blank header', '   ', 'missing'],
    ['the token', `Bearer ${TOKEN}`, 'ok'],
    ['the scheme in lowercase', `bearer ${TOKEN}`, 'ok'],
    ['a wrong token', 'Bearer nope', 'invalid'],
    ['a longer token', `Bearer ${TOKEN}x`, 'invalid'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`, 'invalid'],
    ['another scheme', `Basic ${TOKEN}`, 'invalid'],
    ['the token without a scheme', TOKEN, 'invalid'],
    ['the scheme alone', 'Bearer', 'invalid'],
    ['two tokens', `Bearer ${TOKEN} ${TOKEN}`, 'invalid'],
  ];
  for (const [title, header, expected] of TABLE) {
    it(`${title} -> ${expected}`, () => assert.equal(checkBearer(header, TOKEN), expected));
  }
});

describe('shared/bearer-auth: the guard of a listener', () => {
  const TOKEN = 'guard-token-123';
  let server: Server;
  let base: string;
  let reader: PeriodicExportingMetricReader;
  let exporter: InMemoryMetricExporter;
  const rejections: string[] = [];

  before(async () => {
    exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
    const options = { port: 0, bearerToken: TOKEN };
    const app = createHttpApp(options, {
      listener: 'counters',
      health: () => ({}),
      onReject: (r) => rejections.push(r),
      meter,
    });
    app.get('/data', (_req, res) => {
      res.json({ ok: true });
    });
    server = await listen(app, options);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await reader.shutdown();
  });

  async function failures(): Promise<Record<string, number>> {
    exporter.reset();
    await reader.forceFlush();
    const out: Record<string, number> = {};
    for (const rm of exporter.getMetrics()) {
      for (const m of rm.scopeMetrics.flatMap((s) => s.metrics)) {
        if (m.descriptor.name !== 'agent_otel.auth_failures') continue;
        for (const dp of m.dataPoints)
          out[`${dp.attributes.listener}/${dp.attributes.reason}`] = dp.value as number;
      }
    }
    return out;
  }

  const get = (authorization?: string) =>
    fetch(`${base}/data`, { headers: authorization === undefined ? {} : { authorization } });

  it('exports both reasons at 0 before any failure', async () => {
    assert.deepEqual(await failures(), { 'counters/missing': 0, 'counters/invalid': 0 });
  });

  it('answers 401 naming a missing token, with a challenge, and counts it', async () => {
    const res = await get();
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="agent-otel"');
    const body = (await res.json()) as { error: string };
    assert.match(body.error, /^missing bearer token: the counters listener needs/);
    assert.deepEqual(await failures(), { 'counters/missing': 1, 'counters/invalid': 0 });
  });

  it('answers 401 naming a wrong token without echoing it, and counts it', async () => {
    const res = await get('Bearer my-guess-0xdeadbeef');
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const text = await res.text();
    assert.match(text, /invalid bearer token/);
    assert.doesNotMatch(text, /my-guess-0xdeadbeef/);
    assert.doesNotMatch(text, new RegExp(TOKEN));
    await get(`Basic ${TOKEN}`);
    assert.deepEqual(await failures(), { 'counters/missing': 1, 'counters/invalid': 2 });
    assert.deepEqual(rejections.splice(0), ['unauthorized', 'unauthorized', 'unauthorized']);
  });

  it('lets the token through and does not count it', async () => {
    const res = await get(`Bearer ${TOKEN}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await failures(), { 'counters/missing': 1, 'counters/invalid': 2 });
  });

  it('never guards /healthz', async () => {
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });
});
