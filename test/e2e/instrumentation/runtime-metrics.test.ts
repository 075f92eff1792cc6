import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { promEventually, promQuery } from '../backends';
import { getJson, type Service, startService, stopService } from './service';

// an instrumented process's runtime and process metrics reach Prometheus through the real
// collector, labelled with its job (service.name) and agent_id (gen_ai.agent.id, set by the
// collector's transform/agent_id), which is what the checkpoint report reads per agent.

describe('instrumentation: runtime and process metrics', function () {
  this.timeout(90_000);
  const run = randomUUID().slice(0, 8);
  const on = `rt-on-${run}`;
  const off = `rt-off-${run}`;
  const services: Service[] = [];
  after(async () => {
    for (const s of services) await stopService(s);
  });

  before(async () => {
    services.push(await startService('require', { OTEL_SERVICE_NAME: `svc-${on}`, AGENT_OTEL_AGENT_ID: on }));
    services.push(
      await startService('require', {
        OTEL_SERVICE_NAME: `svc-${off}`,
        AGENT_OTEL_AGENT_ID: off,
        AGENT_OTEL_RUNTIME_METRICS: 'false',
      }),
    );
    for (const s of services) await getJson(`${s.url}/tasks/RT-${run}`);
  });

  it('exports process CPU time and memory with the job and agent_id labels', async () => {
    const cpu = await promEventually(
      `process_cpu_time_seconds_total{agent_id="${on}"}`,
      (s) => s.length === 2,
    );
    assert.deepEqual(cpu.map((s) => s.metric.cpu_mode).sort(), ['system', 'user']);
    for (const s of cpu) {
      assert.equal(s.metric.job, `svc-${on}`);
      assert.ok(Number(s.value[1]) > 0, 'the process used some CPU');
    }
    const [rss] = await promEventually(`process_memory_usage{agent_id="${on}"}`);
    // the RSS of a node process with the SDK loaded: tens of MiB, far below a GiB
    assert.ok(Number(rss.value[1]) > 20 * 2 ** 20 && Number(rss.value[1]) < 2 ** 30, rss.value[1]);
  });

  it('exports the runtime metrics (heap, event loop) with agent_id', async () => {
    const heap = await promEventually(`v8js_memory_heap_used_bytes{agent_id="${on}"}`);
    assert.ok(heap.some((s) => Number(s.value[1]) > 0));
    await promEventually(`{__name__=~"nodejs_eventloop_utilization.*", agent_id="${on}"}`);
  });

  it('labels the span metrics of the agent with its agent_id too', async () => {
    const calls = await promEventually(
      `traces_span_metrics_calls_total{agent_id="${on}", span_kind="SPAN_KIND_SERVER"}`,
    );
    assert.equal(calls[0].metric.service_name, `svc-${on}`);
  });

  it('AGENT_OTEL_RUNTIME_METRICS=false: the agent exports other metrics, but no runtime ones', async () => {
    // its span metrics arrive through the same pipeline, so the absence below is not a delay
    await promEventually(`traces_span_metrics_calls_total{agent_id="${off}"}`);
    await promEventually(`http_server_request_duration_seconds_count{agent_id="${off}"}`);
    const runtime = await promQuery(`{__name__=~"process_.*|v8js_.*|nodejs_.*", agent_id="${off}"}`);
    assert.deepEqual(
      runtime.map((s) => s.metric.__name__),
      [],
    );
  });
});
