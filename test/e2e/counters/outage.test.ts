import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../../helpers';
import { crash } from '../outage';
import { isReady, READINESS } from '../stack';
import { type ReceiverProcess, startReceiver, testPort } from './receiver-process';
import { expectSeriesToMatch } from './series-match';

const SERIES = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// the backend half of the exactness contract: while a writer appends, the collector is killed
// and later Prometheus, each for a few seconds, as a crash would. The receiver keeps re-sending
// cumulative totals, so once both are back every series equals the lines written, no more.
// It runs last (test/.mocharc.e2e.json): restarted backends lose alert and queue state that
// later suites would otherwise wait out.
describe('counters receiver: exact counts through a collector and a Prometheus outage', () => {
  const run = randomUUID().slice(0, 8);
  const name = `o${run}`;
  const dir = useTempDirs('counters-outage')();
  const file = join(dir, 'counters.jsonl');
  const written = new Map<string, number>();
  let receiver: ReceiverProcess | undefined;
  let writing = true;

  after(async () => {
    writing = false;
    await receiver?.kill('SIGKILL');
  });

  async function writer(): Promise<void> {
    for (let seq = 0; writing; seq++) {
      let text = '';
      for (let i = 0; i < 40; i++) {
        const s = `s${(seq + i) % SERIES}`;
        written.set(s, (written.get(s) ?? 0) + 1);
        text += `${JSON.stringify({ name, value: 1, tags: { seriesId: s } })}\n`;
      }
      appendFileSync(file, text);
      await sleep(20);
    }
  }

  it('every series equals exactly the lines written once the backends are back', async () => {
    receiver = await startReceiver('counters', dir, testPort(3), [
      '--file',
      file,
      '--checkpoint',
      join(dir, 'checkpoint.json'),
      '--namespace',
      'outage',
      '--export-interval',
      '500',
    ]);
    const writing_ = writer();
    await sleep(2000);
    const collector = await crash('collector');
    await sleep(4000); // exports fail or wait in the exporter's retries meanwhile
    const collectorWasDown = !(await isReady(READINESS.collector!));
    await collector.restart();
    await sleep(2000);
    const prometheus = await crash('prometheus');
    await sleep(4000); // the collector queues remote writes meanwhile
    const prometheusWasDown = !(await isReady(READINESS.prometheus!));
    await prometheus.restart();
    await sleep(2000);
    writing = false;
    await writing_;

    assert.deepEqual(
      { collectorWasDown, prometheusWasDown },
      { collectorWasDown: true, prometheusWasDown: true },
    );
    await expectSeriesToMatch(`outage_${name}_total`, written);
  });
});
