import assert from 'node:assert/strict';
import type { AddressInfo, Server } from 'node:net';
import { createHttpApp, errorHandler, listen } from '../../../processors/shared/http-server';

describe('http-server guards', () => {
  let server: Server;
  let base: string;
  const rejections: string[] = [];

  before(async () => {
    const options = { port: 0, bearerToken: 's3cret', bodyLimit: '1kb' };
    const app = createHttpApp(options, {
      listener: 'test',
      health: () => ({ agents: 0 }),
      onReject: (r) => rejections.push(r),
    });
    app.post('/echo', (req, res) => {
      res.json({ got: req.body });
    });
    app.use(errorHandler((r) => rejections.push(r)));
    server = await listen(app, options);
    const { address, port } = server.address() as AddressInfo;
    assert.equal(address, '127.0.0.1', 'binds loopback by default');
    base = `http://127.0.0.1:${port}`;
  });
  after(() => server.close());

  const post = (body: string, token?: string) =>
    fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });

  it('serves /healthz without the token', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', agents: 0 });
  });

  it('refuses a missing or wrong token, and counts it', async () => {
    assert.equal((await post('{}')).status, 401);
    assert.equal((await post('{}', 'nope')).status, 401);
    assert.deepEqual(rejections.splice(0), ['unauthorized', 'unauthorized']);
  });

  it('accepts JSON with the right token', async () => {
    const res = await post('{"a":1}', 's3cret');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { got: { a: 1 } });
  });

  it('answers 413 over the body limit and 400 for bad JSON, naming the problem', async () => {
    const big = await post(JSON.stringify({ pad: 'x'.repeat(4096) }), 's3cret');
    assert.equal(big.status, 413);
    assert.match(((await big.json()) as { error: string }).error, /larger than the limit/);
    const broken = await post('{"a":', 's3cret');
    assert.equal(broken.status, 400);
    assert.match(((await broken.json()) as { error: string }).error, /not valid JSON/);
    assert.deepEqual(rejections.splice(0), ['body_too_large', 'invalid_json']);
  });
});
