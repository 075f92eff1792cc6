import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { logsConfigSchema } from '../../../processors/logs/config';
import { LogsReceiver } from '../../../processors/logs/receiver';
import { silentLogger } from '../../../processors/shared/logger';
import { tempDir } from '../tail/helpers';

/** fails the first `failures` exports, records the bodies of the rest. */
class FlakyExporter implements LogRecordExporter {
  readonly bodies: string[] = [];
  constructor(private failures: number) {}
  export(logs: ReadableLogRecord[], done: (result: { code: ExportResultCode }) => void): void {
    if (this.failures > 0) {
      this.failures--;
      done({ code: ExportResultCode.FAILED });
      return;
    }
    this.bodies.push(...logs.map((l) => String(l.body)));
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

describe('LogsReceiver', () => {
  it('start_at end: a failed first export rewinds to the end it started at, not to the beginning', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'logs', 'a'), { recursive: true });
    const file = join(dir, 'logs', 'a', 'x.log');
    writeFileSync(file, 'old one\nold two\n');
    const exporter = new FlakyExporter(1);
    const receiver = new LogsReceiver(
      logsConfigSchema.parse({
        include: [join(dir, 'logs', '{agent}', '*.log')],
        checkpoint: join(dir, 'logs.checkpoint.json'),
        start_at: 'end',
        format: 'text',
        flush_interval_ms: 300_000,
        poll_interval_ms: 60_000,
        http: { enabled: false },
      }),
      { logger: silentLogger, exporter },
    );
    await receiver.start();
    appendFileSync(file, 'new one\n');
    receiver.pollOnce();
    await receiver.flush();
    receiver.pollOnce();
    await receiver.flush();
    await receiver.stop();
    assert.deepEqual(exporter.bodies, ['new one']);
  });
});
