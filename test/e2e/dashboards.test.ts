import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, lokiQuery, promQuery } from './backends';
import { sleep, testMeterProvider, testResource } from './otlp';
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

describe('every dashboard panel returns data from the real backends', () => {
  before(async function () {
    this.timeout(60_000);
    await seedAntiDrift();
  });

  for (const { file, json } of dashboards) {
    for (const panel of json.panels) {
      for (const target of panel.targets ?? []) {
        it(`${file}: ${panel.title}`, async () => {
          // grafana's range variables, replaced by what they mean at these intervals
          const expr = target.expr.replaceAll('$__rate_interval', '1m').replaceAll('$__range', '1h');
          if (target.datasource?.type === 'loki') {
            const streams = await eventually(`loki: ${expr}`, async () => {
              const result = await lokiQuery(expr);
              return result.length > 0 ? result : undefined;
            });
            assert.ok(streams.length > 0);
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
