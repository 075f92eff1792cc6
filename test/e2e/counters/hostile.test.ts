import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../../helpers';
import { eventually, promEventually } from '../backends';
import { type ReceiverProcess, startReceiver, testPort } from './receiver-process';

// a file of hostile lines is survived: every bad line is rejected with its reason and counted,
// and the good lines between them are all counted, exactly.
describe('counters receiver: hostile lines', () => {
  const run = randomUUID().slice(0, 8);
  const name = `hostile_${run.replace(/-/g, '')}`;
  const instance = `hostile-${run}`;
  const dir = useTempDirs('counters-hostile')();
  const file = join(dir, 'counters.jsonl');
  let receiver: ReceiverProcess;

  after(async () => {
    await receiver?.kill();
  });

  it('rejects each bad line by reason, never stops, and counts every good line', async () => {
    const expected: Record<string, number> = {};
    const lines: (string | Buffer)[] = [];
    let good = 0;
    const bad = (reason: string, line: string | Buffer) => {
      expected[reason] = (expected[reason] ?? 0) + 1;
      lines.push(line);
    };
    const ok = (tags: Record<string, string> = {}) => {
      good++;
      lines.push(
        JSON.stringify({ name, value: 1, timestamp: new Date().toISOString(), tags: { run, ...tags } }),
      );
    };
    for (let i = 0; i < 10; i++) {
      // random bytes, starting with a byte that is never valid UTF-8; newlines removed
      const bytes = Buffer.concat([Buffer.from([0xff]), randomBytes(200)]).map((b) => (b === 10 ? 32 : b));
      bad('invalid_utf8', Buffer.from(bytes));
      ok();
    }
    bad('line_too_long', `{"name":"${name}","tags":{"x":"${'y'.repeat(200_000)}"}}`);
    bad('line_too_long', 'z'.repeat(3_000_000));
    bad('not_an_object', `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    bad('invalid_tags', `{"name":"${name}","tags":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`);
    bad('invalid_json', `{"name":"${name}","value":NaN}`);
    bad('invalid_value', JSON.stringify({ name, value: 'NaN' }));
    bad('invalid_value', `{"name":"${name}","value":1e999}`);
    bad('invalid_value', JSON.stringify({ name, value: -1 }));
    bad('invalid_tags', JSON.stringify({ name, tags: { タスク: 'a' } }));
    bad('invalid_name', JSON.stringify({ name: '名前', value: 1 }));
    bad('missing_name', JSON.stringify({ value: 1 }));
    bad('invalid_timestamp', JSON.stringify({ name, timestamp: 'yesterday' }));
    bad('invalid_json', '');
    bad('invalid_json', '{"name":');
    bad('not_an_object', '"just a string"');
    bad('invalid_tags', JSON.stringify({ name, tags: { nested: { a: 1 } } }));
    ok({ tâskÏd: 'accented' });
    // a __proto__ key is a plain own key after JSON.parse, never a prototype change
    good++;
    lines.push(`{"name":"${name}","tags":{"run":"${run}","__proto__":"x"}}`);
    ok();
    writeFileSync(file, '');
    for (const line of lines) appendFileSync(file, Buffer.concat([Buffer.from(line), Buffer.from('\n')]));

    receiver = await startReceiver(
      'counters',
      dir,
      testPort(3),
      ['--file', file, '--checkpoint', join(dir, 'cp.json'), '--namespace', 'x', '--export-interval', '500'],
      { OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${instance}` },
    );
    const totalBad = Object.values(expected).reduce((a, b) => a + b, 0);
    const health = await eventually('all lines handled', async () => {
      const h = await receiver.health();
      return h.linesRead === lines.length - 2 && h.accepted === good ? h : undefined;
    });
    assert.deepEqual(health.rejected, expected);
    assert.equal(
      Object.values(health.rejected as object).reduce((a, b) => a + b, 0),
      totalBad,
    );

    const samples = await promEventually(
      `sum(x_${name}_total{run="${run}"})`,
      (s) => s[0]?.value[1] === String(good),
    );
    assert.equal(samples[0].value[1], String(good));
    await promEventually(`x_${name}_total{run="${run}",t_sk_d="accented"}`);
    // the rejected-lines metric reaches prometheus with every reason
    const rejected = await promEventually(
      `agent_otel_counters_rejected_lines_total{instance="${instance}"}`,
      (s) => s.length === Object.keys(expected).length,
    );
    for (const s of rejected) assert.equal(Number(s.value[1]), expected[s.metric.reason], s.metric.reason);
    assert.equal(receiver.child.exitCode, null, 'receiver must still run');
  });
});
