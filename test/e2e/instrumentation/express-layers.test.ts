import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, type JaegerSpan, jaegerTrace, tagValue } from '../backends';
import { getJson, type Service, startService, stopService } from './service';

// express layer spans are off by default (preload.test.ts checks that); the variable brings them
// back, under the same server span.
describe('instrumentation: AGENT_OTEL_EXPRESS_LAYER_SPANS=true', () => {
  const run = randomUUID().slice(0, 8);
  let svc: Service | undefined;

  after(() => stopService(svc));

  it('exports a request handler span for the route under the server span', async () => {
    svc = await startService('require', {
      OTEL_SERVICE_NAME: `agent-layers-${run}`,
      AGENT_OTEL_EXPRESS_LAYER_SPANS: 'true',
    });
    const { trace_id } = await getJson<{ trace_id: string }>(`${svc.url}/tasks/LAYERS-${run}`);
    const trace = await eventually('trace in jaeger', async () => {
      const t = await jaegerTrace(trace_id);
      return t?.spans.some((s) => s.operationName === 'task IMPLEMENT') ? t : undefined;
    });
    const server = trace.spans.find((s) => tagValue(s.tags, 'span.kind') === 'server');
    const handler = trace.spans.find((s) => tagValue(s.tags, 'express.type') === 'request_handler');
    assert.ok(server, 'server span');
    assert.ok(handler, `spans: ${trace.spans.map((s) => s.operationName).join(', ')}`);
    assert.equal(tagValue(handler.tags, 'http.route'), '/tasks/:taskId');
    // jaeger's span json has the parent in references; backends.ts does not type it
    const parent = (handler as JaegerSpan & { references?: { spanID: string }[] }).references?.[0];
    assert.equal(parent?.spanID, server.spanID);
  });
});
