import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, jaegerTrace } from '../backends';
import { getJson, type Service, startService, stopService } from './service';

// a real SIGTERM: the preload flushes the last span, then the process ends as node would have
// ended it (killed by the signal), promptly.
describe('instrumentation: SIGTERM', () => {
  const run = randomUUID().slice(0, 8);
  let svc: Service | undefined;

  after(() => stopService(svc));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`flushes the last span and exits promptly on ${signal}`, async () => {
      svc = await startService('require', {
        OTEL_SERVICE_NAME: `agent-sig-${run}`,
        // long enough that only the shutdown flush can deliver the span
        OTEL_BSP_SCHEDULE_DELAY: '60000',
      });
      const { trace_id } = await getJson<{ trace_id: string }>(`${svc.url}/tasks/SIG-${run}`);
      const sentAt = Date.now();
      svc.child.kill(signal);
      const { code, signal: exitSignal } = await svc.exited;
      const tookMs = Date.now() - sentAt;
      assert.equal(exitSignal, signal, `exit code ${code}, signal ${exitSignal}`);
      assert.ok(tookMs < 8000, `exited after ${tookMs} ms`);
      const trace = await eventually('last span in jaeger', async () => {
        const t = await jaegerTrace(trace_id);
        return t?.spans.some((s) => s.operationName === 'GET /tasks/:taskId') ? t : undefined;
      });
      assert.ok(trace.spans.length > 0);
    });
  }
});
