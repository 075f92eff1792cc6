import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { useTempDirs } from '../helpers';
import { eventually, logsQuery, promQuery } from './backends';
import { type ReceiverProcess, startReceiver, writeConfig } from './heartbeat/receiver-process';
import { sleep, testMeterProvider, testResource, testTracerProvider } from './otlp';
import { ROOT } from './stack';

interface Target {
  expr: string;
  datasource?: { type: string };
}
interface Panel {
  title: string;
  targets?: Target[];
}

const dir = join(ROOT, 'collector-config', 'grafana', 'dashboards');
const dashboards = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, json: JSON.parse(readFileSync(join(dir, f), 'utf8')) as { panels: Panel[] } }));

// writes a little of every anti-drift counter so that every panel has something to show;
// each series is exported at 0 first so rate() and increase() see its first step.
async function seedAntiDrift(): Promise<void> {
  const run = randomUUID().slice(0, 6);
  const provider = testMeterProvider(testResource('dashboards-e2e'));
  const meter = provider.getMeter('e2e');
  const series: [string, Record<string, string>][] = [
    ['evidence_gate_failed', { task_id: `D-${run}`, phase: 'IMPLEMENT', missing_evidence: 'tests' }],
    ['prompt_drift_detected', { task_id: `D-${run}`, phase: 'VERIFY', severity: 'high' }],
    ['phase_lease_contention', { task_id: `D-${run}`, phase: 'PLAN', holder: 'agent-2' }],
    ['phase_skips_attempted', { task_id: `D-${run}` }],
    ['phase_validations_failed', { task_id: `D-${run}`, phase: 'REVIEW', reason: 'schema' }],
  ];
  const counters = series.map(
    ([name, labels]) => [meter.createCounter(`anti_drift_${name}`), labels] as const,
  );
  for (const step of [0, 2, 3]) {
    for (const [counter, labels] of counters) counter.add(step, labels);
    await provider.forceFlush();
    await sleep(1500);
  }
  await provider.shutdown();
}

// a real heartbeat receiver with two agents (one restarts), and agent request spans (one in a
// hundred fails) from which the collector derives span metrics.
async function seedFleet(dir: string): Promise<ReceiverProcess> {
  const run = randomUUID().slice(0, 6);
  const receiver = await startReceiver(
    writeConfig(dir, {
      service_name: `dashboards-heartbeat-${run}`,
      export_interval_ms: 1000,
      receiver: { port: 0, state_file: `${dir}/state.json`, tick_ms: 100 },
      timing: { period_s: 30, grace_s: 15 },
      inventory: [{ agent_id: `planner-${run}`, role: 'planner' }],
    }),
  );
  const beat = (agent: string, instance: string, status: string) =>
    fetch(`${receiver.url}/v1/heartbeats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        agent_id: agent,
        role: 'planner',
        instance_id: instance,
        interval_s: 30,
        status,
      }),
    });
  await beat(`planner-${run}`, 'i-1', 'on_track');
  await beat(`coder-${run}`, 'c-1', 'drifting');
  await sleep(1500);
  await beat(`coder-${run}`, 'c-2', 'blocked');

  const tracer = testTracerProvider(testResource(`dashboards-agent-${run}`));
  for (let i = 0; i < 100; i++) {
    const span = tracer.getTracer('e2e').startSpan('POST /task', {
      kind: SpanKind.SERVER,
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' },
    });
    if (i % 100 === 0) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }
  await tracer.shutdown();
  return receiver;
}

describe('every dashboard panel returns data from the real backends', () => {
  const tempDir = useTempDirs('e2e');
  let receiver: ReceiverProcess | undefined;
  before(async function () {
    this.timeout(60_000);
    receiver = await seedFleet(tempDir('dashboards'));
    await seedAntiDrift();
  });
  after(async () => {
    await receiver?.stop();
  });

  for (const { file, json } of dashboards) {
    for (const panel of json.panels) {
      for (const target of panel.targets ?? []) {
        it(`${file}: ${panel.title}`, async () => {
          // grafana's range variables, replaced by what they mean at these intervals
          const expr = target.expr.replaceAll('$__rate_interval', '1m').replaceAll('$__range', '1h');
          if (target.datasource?.type === 'victoriametrics-logs-datasource') {
            const records = await eventually(`victorialogs: ${expr}`, async () => {
              const result = await logsQuery(expr, 10);
              return result.length > 0 ? result : undefined;
            });
            assert.ok(records.length > 0);
            return;
          }
          const samples = await eventually(
            `prometheus: ${expr}`,
            async () => {
              const result = await promQuery(expr);
              return result.length > 0 ? result : undefined;
            },
            30_000,
          );
          assert.ok(samples.length > 0, `${expr} returned no data`);
        });
      }
    }
  }
});
