import { trace } from '@opentelemetry/api';
import express from 'express';
import { counter, createLogger, withTask } from '../../instrumentation';

// a small instrumented agent service: one request to /work/:taskId gives a server span, a task
// span, a winston log line correlated to it, and an anti_drift counter increment.
export function createApp(): express.Express {
  const logger = createLogger();
  const app = express();

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  app.get('/work/:taskId', (req, res) => {
    const taskId = String(req.params.taskId);
    const phase = String(req.query.phase ?? 'IMPLEMENT');
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    withTask(taskId, phase, () => {
      logger.info(`work on ${taskId}`, { task_id: taskId, phase });
      counter('evidence_gate_failed', 1, { taskId, phase });
    });
    res.json({ trace_id: traceId, task_id: taskId });
  });

  return app;
}
