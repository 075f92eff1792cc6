import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../../helpers';
import { eventually, promEventually } from '../backends';
import { ROOT } from '../stack';
import { type ReceiverProcess, startReceiver, testPort } from './receiver-process';

const CLI = join(ROOT, 'dist', 'cli', 'main.js');

// the listener and cardinality guards, and the cli's config validation, on the real process.
describe('counters receiver: guards and configuration', () => {
  const run = randomUUID().slice(0, 8).replace(/-/g, '');
  const dir = useTempDirs('counters-guards')();
  const token = `t-${randomUUID()}`;
  let receiver: ReceiverProcess;

  before(async () => {
    const config = join(dir, 'counters.yaml');
    writeFileSync(
      config,
      [
        'namespace: guard',
        `include: [${join(dir, 'none.jsonl')}]`,
        `checkpoint: ${join(dir, 'cp.json')}`,
        'export_interval_ms: 500',
        'cardinality:',
        '  max_series_per_metric: 3',
        '  deny_keys: [secret]',
        'http:',
        '  body_limit: 2kb',
      ].join('\n'),
    );
    receiver = await startReceiver('counters', dir, testPort(4), ['--config', config], {
      AGENT_OTEL_COUNTERS_TOKEN: token,
    });
  });
  after(async () => {
    await receiver?.kill();
  });

  const post = (body: string, auth?: string) =>
    fetch(`${receiver.url}/v1/counters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth && { authorization: `Bearer ${auth}` }) },
      body,
    });

  it('needs the bearer token for counters but not for /healthz', async () => {
    assert.equal((await fetch(`${receiver.url}/healthz`)).status, 200);
    assert.equal((await post('{"name":"a"}')).status, 401);
    assert.equal((await post('{"name":"a"}', 'wrong')).status, 401);
  });

  it('refuses a body over the limit with 413 and counts it', async () => {
    const res = await post(JSON.stringify({ name: 'a', tags: { big: 'x'.repeat(5000) } }), token);
    assert.equal(res.status, 413);
    const health = await receiver.health();
    assert.equal((health.rejected as Record<string, number>).http_body_too_large, 1);
    assert.equal((health.rejected as Record<string, number>).http_unauthorized, 2);
  });

  it('folds series over the cap into one overflow series, counted, and drops denied tag keys', async () => {
    const body = ['a', 'b', 'c', 'd', 'e', 'e'].map((t) => ({
      name: `c${run}`,
      tags: { task: t, secret: 's' },
    }));
    const res = await post(JSON.stringify(body), token);
    assert.equal(res.status, 200);
    // new series show 0 first (for increase()); wait for the totals
    const samples = await promEventually(
      `guard_c${run}_total`,
      (s) => s.length === 4 && s.reduce((sum, x) => sum + Number(x.value[1]), 0) === 6,
    );
    const byTask = Object.fromEntries(samples.map((s) => [s.metric.task ?? 'overflow', s.value[1]]));
    assert.deepEqual(byTask, { a: '1', b: '1', c: '1', overflow: '3' });
    const overflow = samples.find((s) => s.metric.otel_metric_overflow === 'true');
    assert.ok(overflow, 'overflow series carries otel_metric_overflow="true"');
    assert.ok(
      samples.every((s) => s.metric.secret === undefined),
      'denied key must not become a label',
    );
    const health = await eventually('stats', async () => receiver.health());
    assert.equal(health.overflow, 3);
    assert.equal(health.droppedTagKeys, 6);
  });

  it('exits non-zero naming each bad key of a config file', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'namespace: 1bad\ncardinality:\n  max_series_per_metric: lots\nhtp: {}\n');
    const out = spawnSync(process.execPath, [CLI, 'counters', '--config', bad], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.notEqual(out.status, 0);
    assert.match(out.stderr, /namespace/);
    assert.match(out.stderr, /cardinality\.max_series_per_metric/);
    assert.match(out.stderr, /htp/);
  });

  it('prints help listing its flags', () => {
    for (const command of ['counters', 'logs']) {
      const out = spawnSync(process.execPath, [CLI, command, '--help'], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(out.status, 0);
      assert.match(out.stdout, /--config <yaml>/);
      assert.match(out.stdout, /--file <glob\.\.\.>/);
    }
  });
});
