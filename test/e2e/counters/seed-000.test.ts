import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../../helpers';
import { promEventually, promQuery } from '../backends';
import { ROOT } from '../stack';
import { type ReceiverProcess, startReceiver, testPort } from './receiver-process';

// the verification steps of seed 000: echo a counter line into state/telemetry/counters.jsonl and
// find it in prometheus under the seed's names, with increase() seeing even the first increment.
describe('counters receiver: seed 000 verification (real receiver, collector, prometheus)', () => {
  const run = randomUUID().slice(0, 8);
  const dir = useTempDirs('counters-seed')();
  const file = join(dir, 'state', 'telemetry', 'counters.jsonl');
  const port = testPort(1);
  let receiver: ReceiverProcess;

  before(async () => {
    mkdirSync(join(dir, 'state', 'telemetry'), { recursive: true });
    // the shipped config, run from the agents' working directory, as the README says.
    receiver = await startReceiver('counters', dir, port, [
      '--config',
      join(ROOT, 'collector-config', 'receivers', 'counters.yaml'),
      '--export-interval',
      '1000',
    ]);
  });
  after(async () => {
    await receiver?.kill();
  });

  it('turns an echoed line into anti_drift_<name>_total with snake_case labels', async () => {
    const line = {
      name: 'prompt_drift_detected',
      value: 1,
      timestamp: new Date().toISOString(),
      tags: { taskId: `TASK-${run}`, phase: 'IMPLEMENT', severity: 'high' },
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    const [sample] = await promEventually(
      `anti_drift_prompt_drift_detected_total{task_id="TASK-${run}"}`,
      (s) => s.length === 1 && s[0].value[1] === '1',
    );
    assert.equal(sample.metric.phase, 'IMPLEMENT');
    assert.equal(sample.metric.severity, 'high');
  });

  it('makes the very first increment of a brand-new series visible to increase() and rate()', async () => {
    const task = `TASK-NEW-${run}`;
    appendFileSync(
      file,
      `${JSON.stringify({ name: 'phase_skips_attempted', value: 1, timestamp: new Date().toISOString(), tags: { taskId: task } })}\n`,
    );
    // the seed's alert expression, narrowed to this run's task
    const [inc] = await promEventually(
      `increase(anti_drift_phase_skips_attempted_total{task_id="${task}"}[5m]) > 0`,
      (s) => s.length === 1,
    );
    assert.ok(Number(inc.value[1]) > 0, `increase() should be positive, got ${inc.value[1]}`);
    const rate = await promQuery(`rate(anti_drift_phase_skips_attempted_total{task_id="${task}"}[5m])`);
    assert.ok(Number(rate[0]?.value[1]) > 0, 'rate() should be positive');
  });

  it('accepts counters over HTTP into the same series, exactly once', async () => {
    const task = `TASK-HTTP-${run}`;
    const body = [1, 2, 3].map(() => ({
      name: 'evidence_gate_failed',
      tags: { taskId: task, missingEvidence: 'tests' },
    }));
    const res = await fetch(`${receiver.url}/v1/counters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([...body, { name: 'evidence_gate_failed', value: -1 }]),
    });
    assert.equal(res.status, 200);
    const reply = (await res.json()) as { accepted: number; rejected: { index: number; reason: string }[] };
    assert.equal(reply.accepted, 3);
    assert.deepEqual(
      reply.rejected.map((r) => [r.index, r.reason]),
      [[3, 'invalid_value']],
    );
    const [sample] = await promEventually(
      `anti_drift_evidence_gate_failed_total{task_id="${task}"}`,
      (s) => s.length === 1 && s[0].value[1] === '3',
    );
    assert.equal(sample.metric.missing_evidence, 'tests');
  });
});
