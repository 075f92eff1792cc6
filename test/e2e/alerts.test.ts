import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, promEventually } from './backends';
import { testMeterProvider, testResource } from './otlp';
import { ENDPOINTS } from './stack';

interface PromAlert {
  labels: Record<string, string>;
  state: string;
}
interface AmAlert {
  labels: Record<string, string>;
  status: { state: string };
}

// a scripted scenario through the real pipeline: counter -> collector -> Prometheus rule ->
// Alertmanager. The receivers export a new series at 0 before its first increment, so that
// increase() sees the step; this test does the same with the SDK.
describe('anti-drift alerts fire in the real Prometheus and reach Alertmanager', () => {
  const taskId = `SKIP-${randomUUID().slice(0, 8)}`;

  it('StrategizePhaseSkipped fires for a new task id and is routed by Alertmanager', async () => {
    const provider = testMeterProvider(testResource('alerts-e2e'));
    const skips = provider.getMeter('e2e').createCounter('anti_drift_phase_skips_attempted');
    skips.add(0, { task_id: taskId });
    await provider.forceFlush();
    // the zero must be in Prometheus before the increment, so that increase() sees the step
    await promEventually(`anti_drift_phase_skips_attempted_total{task_id="${taskId}"}`, (samples) =>
      samples.some((s) => s.value[1] === '0'),
    );
    skips.add(1, { task_id: taskId });
    await provider.forceFlush();

    const firing = await eventually(
      'StrategizePhaseSkipped firing in prometheus',
      async () => {
        const res = await fetch(`${ENDPOINTS.prometheus}/api/v1/alerts`);
        const body = (await res.json()) as { data: { alerts: PromAlert[] } };
        return body.data.alerts.find(
          (a) =>
            a.labels.alertname === 'StrategizePhaseSkipped' &&
            a.labels.task_id === taskId &&
            a.state === 'firing',
        );
      },
      60_000,
    );
    assert.equal(firing.labels.severity, 'critical');

    const routed = await eventually(
      'the alert in alertmanager',
      async () => {
        const res = await fetch(`${ENDPOINTS.alertmanager}/api/v2/alerts?filter=task_id%3D%22${taskId}%22`);
        const alerts = (await res.json()) as AmAlert[];
        return alerts.find((a) => a.labels.alertname === 'StrategizePhaseSkipped');
      },
      60_000,
    );
    assert.equal(routed.status.state, 'active');
    await provider.shutdown();
  });
});
