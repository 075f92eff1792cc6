import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../../helpers';
import { promEventually } from '../backends';
import { type ReceiverProcess, startReceiver, testPort } from './receiver-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// a client that retries POST /v1/counters with the same Idempotency-Key after the receiver was
// SIGKILLed between its request and the retry: whatever the first attempt got to do, every
// counter is in prometheus exactly once.
describe('counters over HTTP: exact through SIGKILL between a request and its retry', () => {
  const run = randomUUID().slice(0, 8).replace(/-/g, '');
  const name = `c${run}`;
  const dir = useTempDirs('counters-retry')();
  const checkpoint = join(dir, 'checkpoint.json');
  const port = testPort(6);
  const args = ['--file', join(dir, 'none.jsonl'), '--checkpoint', checkpoint, '--namespace', 'retry'];
  let receiver: ReceiverProcess | undefined;

  const start = async () => {
    receiver = await startReceiver('counters', dir, port, [...args, '--export-interval', '500']);
    return receiver;
  };
  const post = (value: number, key: string) =>
    fetch(`http://127.0.0.1:${port}/v1/counters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ name, value, tags: { run } }),
    });

  after(async () => {
    await receiver?.kill('SIGKILL');
  });

  it('answered, then killed: the retry is replayed, not counted again', async () => {
    await start();
    const first = await post(3, 'answered');
    assert.equal(first.status, 200);
    await receiver!.kill('SIGKILL');
    await start();
    const retried = await post(3, 'answered');
    assert.equal(retried.status, 200);
    assert.equal(retried.headers.get('idempotent-replayed'), 'true');
  });

  it('checkpoint write failed (503), then killed: the retry is counted once', async () => {
    mkdirSync(`${checkpoint}.tmp`);
    const failed = await post(4, 'failed-write');
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('retry-after'), '1');
    await receiver!.kill('SIGKILL');
    rmdirSync(`${checkpoint}.tmp`);
    await start();
    const retried = await post(4, 'failed-write');
    assert.equal(retried.status, 200);
    assert.equal(retried.headers.get('idempotent-replayed'), null);
  });

  it('killed while the request was in flight: the retry is counted once either way', async () => {
    const pending = post(5, 'in-flight').then(
      (res) => res.status,
      () => 'no answer',
    );
    await sleep(5);
    await receiver!.kill('SIGKILL');
    const outcome = await pending;
    await start();
    const retried = await post(5, 'in-flight');
    assert.equal(retried.status, 200, `first attempt: ${outcome}`);
  });

  it('prometheus holds the exact total', async () => {
    await promEventually(
      `retry_${name}_total{run="${run}"}`,
      (s) => s.length === 1 && s[0].value[1] === '12',
    );
    await receiver!.kill('SIGTERM');
    assert.equal(receiver!.child.exitCode, 0);
  });
});
