import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { countersConfigSchema } from '../../../processors/counters/config';
import { CountersReceiver } from '../../../processors/counters/receiver';
import { silentLogger } from '../../../processors/shared/logger';
import { tempDir } from '../tail/helpers';

const discard: PushMetricExporter = {
  export: (_metrics, done) => done({ code: ExportResultCode.SUCCESS }),
  forceFlush: async () => {},
  shutdown: async () => {},
};

describe('CountersReceiver following files', () => {
  it('a file ending in a partial line is polled once an interval, not in a busy loop', async () => {
    const dir = tempDir();
    const file = join(dir, 'counters.jsonl');
    writeFileSync(file, '{"name":"a","value":1}\n{"name":"b","val');
    const receiver = new CountersReceiver(
      countersConfigSchema.parse({
        include: [file],
        checkpoint: join(dir, 'checkpoint.json'),
        poll_interval_ms: 100,
        export_interval_ms: 300_000,
        http: { enabled: false },
      }),
      { logger: silentLogger, exporter: discard },
    );
    let polls = 0;
    const pollOnce = receiver.pollOnce.bind(receiver);
    receiver.pollOnce = () => {
      polls++;
      return pollOnce();
    };
    await receiver.start();
    await new Promise((resolve) => setTimeout(resolve, 550));
    await receiver.stop();
    assert.ok(polls <= 10, `${polls} polls in 550 ms at a 100 ms interval`);
    assert.equal(receiver.stats.accepted, 1);
  });

  it('files over max_tracked_files are refused, counted by reason and logged once', async () => {
    const dir = tempDir();
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `c${i}.jsonl`), '{"name":"a","value":1}\n');
    const warnings: string[] = [];
    const receiver = new CountersReceiver(
      countersConfigSchema.parse({
        include: [join(dir, '*.jsonl')],
        checkpoint: join(dir, 'checkpoint.json'),
        max_tracked_files: 2,
        export_interval_ms: 300_000,
        http: { enabled: false },
      }),
      { logger: { ...silentLogger, warn: (message) => warnings.push(message) }, exporter: discard },
    );
    await receiver.start();
    receiver.pollOnce();
    receiver.pollOnce();
    await receiver.stop();
    assert.deepEqual(receiver.stats.refusedFiles, { too_many_files: 1 });
    assert.equal(receiver.stats.accepted, 2);
    assert.equal(warnings.filter((w) => w.includes('max_tracked_files')).length, 1, warnings.join('\n'));
  });

  it('start_at end: a crash before the first export does not skip the lines written since the start', async () => {
    const dir = tempDir();
    const file = join(dir, 'counters.jsonl');
    writeFileSync(file, '{"name":"old","value":1}\n');
    const config = countersConfigSchema.parse({
      include: [file],
      checkpoint: join(dir, 'checkpoint.json'),
      start_at: 'end',
      poll_interval_ms: 60_000,
      export_interval_ms: 300_000,
      http: { enabled: false },
    });
    const first = new CountersReceiver(config, { logger: silentLogger, exporter: discard });
    await first.start();
    appendFileSync(file, '{"name":"new","value":1}\n');
    // the first receiver "crashes": it never checkpoints again; a second one takes over the file
    const second = new CountersReceiver(config, { logger: silentLogger, exporter: discard });
    await second.start();
    second.pollOnce();
    const accepted = second.stats.accepted;
    await second.stop();
    await first.stop();
    assert.equal(accepted, 1, 'the line written after the first start is counted once');
  });
});
