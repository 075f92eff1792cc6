import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, getJson } from '../backends';
import { type ReceiverProcess, startReceiver, testPort } from '../counters/receiver-process';
import { ENDPOINTS } from '../stack';

const LINES = 200_000;

/** entries of a stream selector in Loki over the last day, counted by Loki itself. */
async function lokiCount(selector: string): Promise<number> {
  const params = new URLSearchParams({ query: `sum(count_over_time(${selector}[24h]))` });
  const body = await getJson<{ data: { result: { value: [number, string] }[] } }>(
    `${ENDPOINTS.loki}/loki/api/v1/query?${params}`,
  );
  return Number(body.data.result[0]?.value[1] ?? 0);
}

// a backlog far larger than one export queue (an agent that logged while the receiver was away):
// the receiver reads it faster than the collector and Loki take it, and must wait for the export
// instead of letting the queue drop records the checkpoint then skips. Every line reaches Loki.
describe('log receiver: a backlog larger than the export queue', () => {
  const run = randomUUID().slice(0, 8);
  const service = `logs-burst-${run}`;
  const dir = mkdtempSync(join(tmpdir(), 'logs-burst-'));
  let receiver: ReceiverProcess | undefined;

  after(async () => {
    await receiver?.kill('SIGTERM');
  });

  it(`delivers all ${LINES} lines to Loki`, async () => {
    mkdirSync(join(dir, 'logs', 'burst'), { recursive: true });
    const start = Date.now() - 3_600_000;
    let text = '';
    for (let i = 0; i < LINES; i++) {
      text += `${JSON.stringify({ time: new Date(start + i).toISOString(), level: 'info', msg: `line ${i}` })}\n`;
    }
    writeFileSync(join(dir, 'logs', 'burst', 'app.log'), text);
    receiver = await startReceiver('logs', dir, testPort(5), [
      '--file',
      join(dir, 'logs', '{agent}', '*.log'),
      '--checkpoint',
      join(dir, 'cp.json'),
      '--resource',
      `service.name=${service}`,
    ]);
    let count = 0;
    await eventually(
      `all ${LINES} lines in Loki`,
      async () => {
        count = await lokiCount(`{service_name="${service}"}`);
        return count >= LINES ? true : undefined;
      },
      120_000,
      2000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: Loki has ${count}`);
    });
    const health = await receiver.health();
    assert.equal(health.linesRead, LINES);
    assert.ok(Number(health.readPauses) > 0, 'the receiver had to wait for its exporter');
  });
});
