import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../../helpers';
import { eventually, logsCount } from '../backends';
import { type ReceiverProcess, startReceiver, testPort } from '../counters/receiver-process';

const LINES = 200_000;

// a backlog far larger than one export queue (an agent that logged while the receiver was away):
// the receiver reads it faster than the collector and VictoriaLogs take it, and must wait for the export
// instead of letting the queue drop records the checkpoint then skips. Every line reaches VictoriaLogs.
describe('log receiver: a backlog larger than the export queue', () => {
  const run = randomUUID().slice(0, 8);
  const service = `logs-burst-${run}`;
  const dir = useTempDirs('logs-burst')();
  let receiver: ReceiverProcess | undefined;

  after(async () => {
    await receiver?.kill('SIGTERM');
  });

  it(`delivers all ${LINES} lines to VictoriaLogs`, async () => {
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
      `all ${LINES} lines in VictoriaLogs`,
      async () => {
        count = await logsCount(`{service.name="${service}"}`);
        return count >= LINES ? true : undefined;
      },
      120_000,
      2000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: VictoriaLogs has ${count}`);
    });
    const health = await receiver.health();
    assert.equal(health.linesRead, LINES);
    assert.ok(Number(health.readPauses) > 0, 'the receiver had to wait for its exporter');
  });
});
