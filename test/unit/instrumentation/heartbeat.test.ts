import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ResolvedHeartbeat } from '../../../instrumentation/config/internal-types';
import { HeartbeatSender, nextDelay } from '../../../instrumentation/heartbeat';
import type { HeartbeatPayload } from '../../../instrumentation/types';
import { eventually, never } from '../../helpers';
import { spyOnDiag } from './diag-spy';

// the sender against a minimal local receiver that speaks the documented wire format.

const STATUSES = ['on_track', 'drifting', 'off_track', 'blocked', 'unknown'];

function receiver(token?: string) {
  const got: { body: HeartbeatPayload; auth?: string }[] = [];
  const app = express();
  app.use(express.json());
  app.post('/v1/heartbeats', (req, res) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    const items = Array.isArray(req.body) ? req.body : [req.body];
    for (const body of items) got.push({ body, auth: req.headers.authorization });
    res.status(202).json({ accepted: items.length, rejected: [] });
  });
  return { app, got };
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });
}

function config(endpoint: string, extra: Partial<ResolvedHeartbeat> = {}): ResolvedHeartbeat {
  return {
    enabled: true,
    endpoint,
    intervalMs: 50,
    jitter: 0.1,
    maxBackoffMs: 1000,
    timeoutMs: 1000,
    ...extra,
  };
}

const identity = {
  agentId: 'agent-1',
  name: 'Planner',
  role: 'planner',
  instanceId: 'inst-1',
  startedAt: '2026-01-01T00:00:00.000Z',
};

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('instrumentation/heartbeat: sender', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('sends a start beat, then periodic beats in the wire format', async () => {
    const { app, got } = receiver();
    const l = await listen(app);
    server = l.server;
    const sender = new HeartbeatSender(config(l.url), identity);
    sender.start();
    sender.update({ taskId: 'T-1', phase: 'IMPLEMENT', status: 'drifting', attributes: { k: 'v' } });
    // waits for the beats rather than a fixed time: under load, timers fire late.
    await eventually('three beats', () => got.length >= 3, 10_000, 10);
    await sender.stop();
    const count = got.length;
    const [first, second] = got.map((g) => g.body);
    assert.equal(first.signal, 'start');
    assert.equal(second.signal, undefined);
    for (const b of [first, second]) {
      assert.equal(b.agent_id, 'agent-1');
      assert.equal(b.name, 'Planner');
      assert.equal(b.role, 'planner');
      assert.equal(b.instance_id, 'inst-1');
      assert.equal(b.started_at, '2026-01-01T00:00:00.000Z');
      assert.equal(b.interval_s, 0.05);
      assert.ok(STATUSES.includes(b.status!));
      assert.ok(!Number.isNaN(Date.parse(b.timestamp!)));
    }
    assert.equal(second.task_id, 'T-1');
    assert.equal(second.phase, 'IMPLEMENT');
    assert.equal(second.status, 'drifting');
    assert.deepEqual(second.attributes, { k: 'v' });
    // stopped means stopped: nothing arrives for several periods.
    await never('a beat after stop()', () => got.length !== count, 300);
  });

  it('sends the bearer token and reports a 401 as not accepted', async () => {
    const { app, got } = receiver('s3cret');
    const l = await listen(app);
    server = l.server;
    const good = new HeartbeatSender(config(l.url, { token: 's3cret' }), identity);
    assert.equal(await good.signal('success'), true);
    assert.equal(got[0].auth, 'Bearer s3cret');
    assert.equal(got[0].body.signal, 'success');
    const bad = new HeartbeatSender(config(l.url, { token: 'wrong' }), identity);
    assert.equal(await bad.signal('fail'), false);
    assert.equal(got.length, 1);
  });

  it('carries the summary set by the agent in every beat, within the bounds, until cleared', () => {
    const diagSpy = spyOnDiag();
    try {
      const sender = new HeartbeatSender(config('http://127.0.0.1:1'), identity);
      assert.equal(sender.payload().summary, undefined);
      sender.update({ summary: { currentActivity: 'writing tests', confidence: 0.7, driftReasons: [] } });
      assert.deepEqual(sender.payload().summary, {
        current_activity: 'writing tests',
        confidence: 0.7,
        drift_reasons: [],
      });
      sender.update({ status: 'drifting' });
      assert.equal(sender.payload().summary?.current_activity, 'writing tests');
      sender.update({ summary: { confidence: 1.5, recommendedAction: 'x'.repeat(400) } });
      assert.equal(sender.payload().summary?.confidence, 1);
      assert.equal(sender.payload().summary?.recommended_action?.length, 300);
      sender.update({ summary: { confidence: -1 } });
      assert.equal(diagSpy.warnings.length, 1, 'one warning per process');
      assert.match(
        diagSpy.warnings[0],
        /confidence 1.5 clamped to 0..1; recommendedAction cut to 300 characters/,
      );
      sender.update({ summary: null });
      assert.equal(sender.payload().summary, undefined);
    } finally {
      diagSpy.restore();
    }
  });

  it('never throws when the receiver is down, and backs off', async () => {
    const sender = new HeartbeatSender(config('http://127.0.0.1:1', { intervalMs: 20 }), identity);
    assert.equal(await sender.signal('start'), false);
    sender.start();
    await wait(200);
    await sender.stop();
  });
});

describe('instrumentation/heartbeat: nextDelay', () => {
  const cfg = config('http://x', { intervalMs: 1000, jitter: 0.1, maxBackoffMs: 10_000 });
  it('spreads a healthy period below it only, so no beat is late by jitter', () => {
    assert.equal(
      nextDelay(cfg, 0, () => 0),
      1000,
    );
    assert.equal(
      nextDelay(cfg, 0, () => 0.5),
      950,
    );
    assert.equal(
      nextDelay(cfg, 0, () => 1),
      900,
    );
  });
  it('spreads backoff delays by +-jitter', () => {
    assert.equal(
      nextDelay(cfg, 1, () => 0),
      1800,
    );
    assert.equal(
      nextDelay(cfg, 1, () => 1),
      2200,
    );
  });
  it('doubles per consecutive failure up to the cap', () => {
    const mid = () => 0.5;
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((f) => nextDelay(cfg, f, mid)),
      [2000, 4000, 8000, 10_000, 10_000],
    );
  });
});
