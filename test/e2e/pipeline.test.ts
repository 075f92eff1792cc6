import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { eventually, jaegerTraces, logsQuery, promEventually, tagValue } from './backends';
import { testLoggerProvider, testMeterProvider, testResource, testTracerProvider } from './otlp';

// the foundation contract: one span, one log record and one counter sent over OTLP/HTTP to the
// collector arrive in Jaeger, VictoriaLogs and Prometheus with their attributes and resource.
describe('collector pipeline (OTLP/HTTP -> Jaeger, VictoriaLogs, Prometheus)', () => {
  const run = randomUUID().slice(0, 8);
  const service = `pipeline-e2e-${run}`;
  const resource = testResource(service, {
    'service.instance.id': `instance-${run}`,
    'gen_ai.agent.id': `agent-${run}`,
  });

  it('delivers a span to Jaeger with its attributes and resource', async () => {
    const provider = testTracerProvider(resource);
    const span = provider
      .getTracer('e2e')
      .startSpan('pipeline-span', { attributes: { 'task.id': `T-${run}` } });
    span.end();
    await provider.forceFlush();
    await provider.shutdown();

    const trace = await eventually('span in jaeger', async () => {
      const traces = await jaegerTraces(service);
      return traces.find((t) => t.spans.some((s) => s.operationName === 'pipeline-span'));
    });
    const found = trace.spans.find((s) => s.operationName === 'pipeline-span')!;
    assert.equal(tagValue(found.tags, 'task.id'), `T-${run}`);
    assert.equal(tagValue(trace.processes[found.processID].tags, 'gen_ai.agent.id'), `agent-${run}`);
  });

  it('delivers a log record to VictoriaLogs with severity, attributes and resource fields', async () => {
    const provider = testLoggerProvider(resource);
    provider.getLogger('e2e').emit({
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: `pipeline log ${run}`,
      attributes: { 'task.id': `T-${run}` },
    });
    await provider.forceFlush();
    await provider.shutdown();

    const [record] = await eventually('log record in victorialogs', async () => {
      const result = await logsQuery(`{service.name="${service}"}`);
      return result.length > 0 ? result : undefined;
    });
    assert.equal(record['gen_ai.agent.id'], `agent-${run}`);
    assert.equal(record._msg, `pipeline log ${run}`);
    // resource and record attributes arrive as fields under their own (dotted) names
    assert.equal(record['task.id'], `T-${run}`);
    assert.equal(record.severity_text, 'WARN');
  });

  it('delivers a monotonic counter to Prometheus as <name>_total with its labels', async () => {
    const provider = testMeterProvider(resource);
    const counter = provider.getMeter('e2e').createCounter('pipeline_e2e_events');
    counter.add(3, { task_id: `T-${run}` });
    await provider.forceFlush();
    await provider.shutdown();

    const samples = await promEventually(`pipeline_e2e_events_total{task_id="T-${run}"}`);
    assert.equal(samples.length, 1);
    assert.equal(samples[0].value[1], '3');
    assert.equal(samples[0].metric.job, service);
    assert.equal(samples[0].metric.instance, `instance-${run}`);
  });
});
