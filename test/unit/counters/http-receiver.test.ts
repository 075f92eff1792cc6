import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { countersConfigSchema } from '../../../processors/counters/config';
import { CountersReceiver } from '../../../processors/counters/receiver';
import { silentLogger } from '../../../processors/shared/logger';
import { validateConfig } from '../../../protocol/config-file';
import { useTempDirs } from '../../helpers';

const exporter: PushMetricExporter = {
  export: (_metrics, done) => done({ code: ExportResultCode.SUCCESS }),
  forceFlush: async () => {},
  shutdown: async () => {},
};

/** the totals as they are on disk: what survives a crash. */
function committedTotals(checkpoint: string): Record<string, number> {
  const doc = JSON.parse(readFileSync(checkpoint, 'utf8')) as {
    state: { series: { metric: string; labels: Record<string, string>; value: number }[] };
  };
  return Object.fromEntries(doc.state.series.map((s) => [`${s.metric}${JSON.stringify(s.labels)}`, s.value]));
}

// POST /v1/counters on a real listener: commit before the answer, 503 when the checkpoint
// cannot be written, and Idempotency-Key so a retried request is applied once.
describe('counters over HTTP: commit, then acknowledge; idempotent retries', () => {
  const tempDir = useTempDirs('counters-http');
  let dir: string;
  let checkpoint: string;
  let receiver: CountersReceiver;

  async function start(http: Record<string, unknown> = {}): Promise<CountersReceiver> {
    const config = validateConfig(
      countersConfigSchema,
      {
        include: [join(dir, 'none.jsonl')],
        checkpoint,
        export_interval_ms: 60_000,
        http: { port: 0, ...http },
      },
      'test',
    );
    const r = new CountersReceiver(config, { logger: silentLogger, exporter });
    await r.start();
    return r;
  }

  const post = (body: unknown, key?: string) =>
    fetch(`${receiver.address}/v1/counters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key !== undefined && { 'idempotency-key': key }) },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    dir = tempDir();
    checkpoint = join(dir, 'cp.json');
    receiver = await start();
  });
  afterEach(async () => {
    await receiver.stop();
  });

  it('answers 503 with Retry-After and applies nothing when the checkpoint cannot be written', async () => {
    // a directory where the temp file goes makes every checkpoint write fail, even as root.
    mkdirSync(`${checkpoint}.tmp`);
    const failed = await post({ name: 'jobs', tags: { t: 'a' } });
    assert.equal(failed.status, 503);
    assert.ok(Number(failed.headers.get('retry-after')) >= 1, 'Retry-After in seconds');
    rmdirSync(`${checkpoint}.tmp`);
    // the client retries, as told; the counter must count once.
    const retried = await post({ name: 'jobs', tags: { t: 'a' } });
    assert.equal(retried.status, 200);
    await receiver.stop();
    assert.deepEqual(committedTotals(checkpoint), { 'anti_drift_jobs{"t":"a"}': 1 });
  });

  it('applies a request once per Idempotency-Key and replays the first answer', async () => {
    const first = await post([{ name: 'jobs' }, { name: 'bad name' }], 'req-1');
    assert.equal(first.status, 200);
    const firstBody = await first.json();
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const again = await post([{ name: 'jobs' }, { name: 'bad name' }], 'req-1');
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await again.json(), firstBody);
    const other = await post([{ name: 'jobs' }], 'req-2');
    assert.equal(other.status, 200);
    assert.deepEqual(committedTotals(checkpoint), { 'anti_drift_jobs{}': 2 });
  });

  it('keeps the keys in the checkpoint, so a retry after a restart is still applied once', async () => {
    assert.equal((await post({ name: 'jobs', value: 5 }, 'before-restart')).status, 200);
    await receiver.stop();
    receiver = await start();
    const retried = await post({ name: 'jobs', value: 5 }, 'before-restart');
    assert.equal(retried.status, 200);
    assert.equal(retried.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(committedTotals(checkpoint), { 'anti_drift_jobs{}': 5 });
  });

  it('does not remember a key whose request failed to commit', async () => {
    mkdirSync(`${checkpoint}.tmp`);
    assert.equal((await post({ name: 'jobs' }, 'k')).status, 503);
    rmdirSync(`${checkpoint}.tmp`);
    const retried = await post({ name: 'jobs' }, 'k');
    assert.equal(retried.status, 200);
    assert.equal(retried.headers.get('idempotent-replayed'), null);
    assert.deepEqual(committedTotals(checkpoint), { 'anti_drift_jobs{}': 1 });
  });

  it('refuses a reused key with another body (422) and a malformed key (400)', async () => {
    assert.equal((await post({ name: 'jobs' }, 'same')).status, 200);
    const reused = await post({ name: 'other' }, 'same');
    assert.equal(reused.status, 422);
    const malformed = await post({ name: 'jobs' }, 'x'.repeat(300));
    assert.equal(malformed.status, 400);
    assert.deepEqual(committedTotals(checkpoint), { 'anti_drift_jobs{}': 1 });
  });

  it('answers 409 to a retry that arrives while the first request is still committing', async () => {
    const [a, b] = await Promise.all([post({ name: 'jobs' }, 'twin'), post({ name: 'jobs' }, 'twin')]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    assert.deepEqual(committedTotals(checkpoint), { 'anti_drift_jobs{}': 1 });
  });

  it('keeps at most the configured number of keys, oldest forgotten first', async () => {
    await receiver.stop();
    receiver = await start({ idempotency_max_keys: 2 });
    for (const key of ['k1', 'k2', 'k3']) assert.equal((await post({ name: 'jobs' }, key)).status, 200);
    // k1 was pushed out of the window, so its retry counts again; k3 is still known.
    assert.equal((await post({ name: 'jobs' }, 'k3')).headers.get('idempotent-replayed'), 'true');
    assert.equal((await post({ name: 'jobs' }, 'k1')).headers.get('idempotent-replayed'), null);
    assert.deepEqual(committedTotals(checkpoint), { 'anti_drift_jobs{}': 4 });
  });
});
