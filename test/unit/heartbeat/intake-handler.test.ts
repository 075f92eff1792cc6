import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createIntakeHandler } from '../../../processors/heartbeat/intake-handler';
import { spyLogger, testFleet } from './helpers';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/** one raw request, so headers (content-length, encoding, chunking) are exactly as given. */
function send(
  port: number,
  body: string | Buffer | Buffer[],
  headers: Record<string, string> = { 'content-type': 'application/json' },
  path = '/v1/heartbeats',
  method = 'POST',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path, method, headers }, (res) => {
      let text = '';
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {}, headers: res.headers }),
      );
    });
    req.on('error', reject);
    // an array is sent as separate chunks without a content-length (chunked encoding).
    if (Array.isArray(body)) for (const part of body) req.write(part);
    else req.write(body);
    req.end();
  });
}

describe('heartbeat intake handler (node:http)', () => {
  let server: Server;
  let port: number;
  let fallthrough: string[];
  const counted: Record<string, number> = {};
  const log = spyLogger();
  const { fleet } = testFleet({ receiver: { max_agents: 3 } });

  before(async () => {
    const intake = createIntakeHandler({
      fleet,
      count: (reason, n) => {
        counted[reason] = (counted[reason] ?? 0) + n;
      },
      log,
      maxBatch: 5,
      bodyLimit: '1kb',
      bearerToken: 'sekret',
      now: () => 1_000_000,
    });
    fallthrough = [];
    server = createServer((req, res) => {
      if (intake(req, res)) return;
      fallthrough.push(`${req.method} ${req.url}`);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  after(() => server.close());

  const auth = { 'content-type': 'application/json', authorization: 'Bearer sekret' };

  it('accepts one heartbeat or a batch, naming bad items by index', async () => {
    const one = await send(port, JSON.stringify({ agent_id: 'a', status: 'on_track' }), auth);
    assert.deepEqual([one.status, one.body], [202, { accepted: 1, rejected: [] }]);
    // the common answer is built once: its headers must still say what it is and how long.
    assert.equal(one.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(one.headers['content-length'], String(JSON.stringify(one.body).length));
    const batch = await send(port, JSON.stringify([{ agent_id: 'b' }, { status: 'lost' }]), auth);
    assert.equal(batch.status, 202);
    assert.equal(batch.body.accepted, 1);
    assert.match(JSON.stringify(batch.body.rejected), /"index":1,"error":"agent_id: /);
    assert.equal(fleet.agents.get('a')?.status, 'on_track');
    assert.equal(counted.invalid_item, 1);
  });

  it('leaves other methods and paths to the caller', async () => {
    await send(port, '', auth, '/v1/heartbeats', 'GET');
    await send(port, '{}', auth, '/v1/heartbeatsx');
    await send(port, '{}', auth, '/v1/agents/a/pause');
    assert.deepEqual(fallthrough, ['GET /v1/heartbeats', 'POST /v1/heartbeatsx', 'POST /v1/agents/a/pause']);
    const query = await send(port, JSON.stringify({ agent_id: 'a' }), auth, '/v1/heartbeats?x=1');
    assert.equal(query.status, 202);
  });

  it('refuses a missing or wrong token with 401, before reading the body', async () => {
    const none = await send(port, '{"agent_id":"a"}');
    assert.equal(none.status, 401);
    assert.match(String(none.body.error), /bearer token/);
    const wrong = await send(port, '{"agent_id":"a"}', { ...auth, authorization: 'Bearer sekreT' });
    assert.equal(wrong.status, 401);
    assert.equal(counted.unauthorized, 2);
  });

  it('answers 413 naming the limit, by declared length and while streaming', async () => {
    const big = JSON.stringify({ agent_id: 'a', task_id: 'x'.repeat(2000) });
    const declared = await send(port, big, auth);
    assert.equal(declared.status, 413);
    assert.match(String(declared.body.error), /limit of 1kb \(1024 bytes, receiver\.body_limit\)/);
    assert.equal(declared.headers.connection, 'close');
    const chunked = await send(port, [Buffer.from(big.slice(0, 600)), Buffer.from(big.slice(600))], auth);
    assert.equal(chunked.status, 413);
    // the limit applies to the decompressed body, so a small gzip bomb is refused too.
    const zipped = await send(port, gzipSync(big), { ...auth, 'content-encoding': 'gzip' });
    assert.equal(zipped.status, 413);
    assert.equal(counted.body_too_large, 3);
  });

  it('reads gzip bodies and refuses unknown encodings and charsets with 415', async () => {
    const zipped = await send(port, gzipSync(JSON.stringify({ agent_id: 'z' })), {
      ...auth,
      'content-encoding': 'gzip',
    });
    assert.deepEqual([zipped.status, zipped.body.accepted], [202, 1]);
    const lzw = await send(port, '{}', { ...auth, 'content-encoding': 'compress' });
    assert.equal(lzw.status, 415);
    assert.match(String(lzw.body.error), /unsupported content encoding "compress"/);
    const latin = await send(port, '{}', { ...auth, 'content-type': 'application/json; charset=latin1' });
    assert.equal(latin.status, 415);
    const broken = await send(port, Buffer.from('not gzip'), { ...auth, 'content-encoding': 'gzip' });
    assert.equal(broken.status, 400);
    assert.match(String(broken.body.error), /cannot be decoded \(gzip\)/);
  });

  it('answers 400 for bad JSON, a non-JSON type, an empty or unusable body, or a batch over max_batch', async () => {
    const cases: [string | Buffer, Record<string, string>, RegExp, string][] = [
      ['{not json', auth, /not valid JSON/, 'invalid_json'],
      [
        '{"agent_id":"a"}',
        { ...auth, 'content-type': 'text/plain' },
        /Content-Type: application\/json/,
        'invalid_body',
      ],
      ['', auth, /JSON heartbeat object or an array/, 'invalid_body'],
      ['42', auth, /JSON heartbeat object or an array/, 'invalid_body'],
      ['[]', auth, /empty batch/, 'invalid_body'],
      [
        JSON.stringify([1, 2, 3, 4, 5, 6].map((i) => ({ agent_id: `m${i}` }))),
        auth,
        /over the limit of 5/,
        'invalid_body',
      ],
    ];
    const before = { ...counted };
    for (const [body, headers, error] of cases) {
      const res = await send(port, body, headers);
      assert.equal(res.status, 400, String(body));
      assert.match(String(res.body.error), error);
    }
    assert.equal(counted.invalid_json - (before.invalid_json ?? 0), 1);
    assert.equal(counted.invalid_body - (before.invalid_body ?? 0), 5);
  });

  it('refuses agents past max_agents by index and logs each reason once', async () => {
    const res = await send(port, JSON.stringify([{ agent_id: 'c1' }, { agent_id: 'c2' }]), auth);
    assert.equal(res.status, 202);
    const rejected = res.body.rejected as { index: number; error: string }[];
    assert.ok(rejected.length >= 1);
    assert.match(rejected[0].error, /agent cap reached: receiver.max_agents=3/);
    assert.ok(counted.agent_cap >= 1);
    const warnings = log.lines.filter((l) => l.startsWith('warn heartbeat rejected'));
    const reasons = warnings.map((l) => /\((\w+)\)/.exec(l)?.[1]);
    assert.deepEqual(reasons, [...new Set(reasons)]);
    assert.ok(reasons.includes('agent_cap') && reasons.includes('unauthorized'));
  });

  it('fails at construction on a body limit it cannot read', () => {
    assert.throws(
      () =>
        createIntakeHandler({
          fleet,
          count: () => {},
          log,
          maxBatch: 1,
          bodyLimit: 'one megabyte',
          now: Date.now,
        }),
      /receiver.body_limit: not a size: 'one megabyte'/,
    );
  });
});
