import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, jaegerTrace, logsQuery, promEventually } from '../backends';
import { ENDPOINTS } from '../stack';
import { getJson, type Service, startService, stopService } from './service';

// OTEL_EXPORTER_OTLP_PROTOCOL picks the exporters: the default (http/protobuf) is covered by the
// entry-point suites; the other two must deliver all three signals to the real collector as well.
const PROTOCOLS = [
  { protocol: 'http/json', endpoint: ENDPOINTS.collectorOtlpHttp },
  { protocol: 'grpc', endpoint: ENDPOINTS.collectorOtlpGrpc },
];

for (const { protocol, endpoint } of PROTOCOLS) {
  describe(`instrumentation: OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}`, () => {
    const run = randomUUID().slice(0, 8);
    const service = `agent-svc-${protocol.replace('/', '-')}-${run}`;
    const taskId = `TASK-${run}`;
    let svc: Service | undefined;
    let traceId = '';

    before(async () => {
      svc = await startService('require', {
        OTEL_SERVICE_NAME: service,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      });
      traceId = (await getJson<{ trace_id: string }>(`${svc.url}/tasks/${taskId}`)).trace_id;
    });

    after(() => stopService(svc));

    it('delivers the span, the correlated log line and the counter', async () => {
      await eventually('trace in jaeger', async () => {
        const t = await jaegerTrace(traceId);
        return t?.spans.some((s) => s.operationName === 'GET /tasks/:taskId') ? t : undefined;
      });
      const records = await eventually('log record in victorialogs', async () => {
        const found = await logsQuery(`{service.name="${service}"} "work on ${taskId}"`);
        return found.length > 0 ? found : undefined;
      });
      assert.equal(records[0].trace_id, traceId);
      const samples = await promEventually(`anti_drift_evidence_gate_failed_total{task_id="${taskId}"}`);
      assert.equal(samples[0]?.metric.job, service);
      assert.doesNotMatch(svc!.stderr(), /agent-otel: .*invalid|export failed/i);
    });
  });
}
