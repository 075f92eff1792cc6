import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirUntilExit } from '../../helpers';
import { promEventually, promQuery } from '../backends';
import { type ReceiverProcess, startReceiver, testPort } from './receiver-process';

// the ingestion lag histogram of the real receiver process, through the collector, in Prometheus.
describe('counters receiver: ingestion lag in PromQL', () => {
  const run = randomUUID().slice(0, 8).replace(/-/g, '');
  const dir = tempDirUntilExit('counters-lag');
  const file = join(dir, 'counters.jsonl');
  const job = `lag${run}-receiver`;
  let receiver: ReceiverProcess;

  before(async () => {
    writeFileSync(file, '');
    const config = join(dir, 'counters.yaml');
    writeFileSync(
      config,
      [
        'namespace: lag',
        `service_name: lag${run}`,
        `include: [${file}]`,
        `checkpoint: ${join(dir, 'cp.json')}`,
        'export_interval_ms: 500',
        'poll_interval_ms: 50',
      ].join('\n'),
    );
    receiver = await startReceiver('counters', dir, testPort(12), ['--config', config]);
  });
  after(async () => {
    await receiver?.kill();
  });

  it('records each timestamped line once, with its lag from write to export, and counts the rest apart', async () => {
    // 20 lines written 3 s before they appear in the file, 5 without a timestamp
    const written = new Date(Date.now() - 3000).toISOString();
    const lines = [
      ...Array.from({ length: 20 }, () => JSON.stringify({ name: `c${run}`, timestamp: written })),
      ...Array.from({ length: 5 }, () => JSON.stringify({ name: `c${run}` })),
    ];
    appendFileSync(file, `${lines.join('\n')}\n`);
    // every line counted, with or without a timestamp
    await promEventually(`lag_c${run}_total`, (s) => s.length === 1 && s[0].value[1] === '25');
    await promEventually(
      `agent_otel_counters_ingestion_lag_seconds_count{job="${job}"}`,
      (s) => s.length === 1 && s[0].value[1] === '20',
    );
    const untimed = await promEventually(`agent_otel_counters_untimed_lines_total{job="${job}"}`, (s) =>
      s.some((x) => x.metric.reason === 'missing_timestamp' && x.value[1] === '5'),
    );
    assert.ok(untimed.every((x) => x.metric.reason !== 'future_timestamp'));
    // the lines were 3 s old when read: none in a bucket below that, all within the minute
    const buckets = await promQuery(`agent_otel_counters_ingestion_lag_seconds_bucket{job="${job}"}`);
    const byLe = Object.fromEntries(buckets.map((b) => [b.metric.le, Number(b.value[1])]));
    assert.equal(byLe['2.5'], 0, JSON.stringify(byLe));
    assert.equal(byLe['60'], 20, JSON.stringify(byLe));
    const sum = await promQuery(`agent_otel_counters_ingestion_lag_seconds_sum{job="${job}"}`);
    const mean = Number(sum[0]?.value[1]) / 20;
    assert.ok(mean >= 3 && mean < 60, `mean lag ${mean} s`);
  });
});
