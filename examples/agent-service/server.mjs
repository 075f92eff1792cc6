// ESM entry: `node --import agent-otel/register examples/agent-service/server.mjs`. express is
// imported as ESM here, so only the loader hook registered by the preload can patch it; that is
// why this file repeats app.ts's /tasks route instead of importing the CommonJS app.
import { trace } from '@opentelemetry/api';
import { counter, createLogger, withTask } from 'agent-otel';
import express from 'express';

const logger = createLogger();
const app = express();

app.get('/healthz', (_req, res) => {
  const { rss, heapUsed } = process.memoryUsage();
  res.json({ ok: true, rss, heapUsed });
});

app.get('/tasks/:taskId', (req, res) => {
  const taskId = String(req.params.taskId);
  const phase = String(req.query.phase ?? 'IMPLEMENT');
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  withTask(taskId, phase, () => {
    logger.info(`work on ${taskId}`, { task_id: taskId, phase });
    counter('evidence_gate_failed', 1, { taskId, phase });
  });
  res.json({ trace_id: traceId, task_id: taskId });
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(JSON.stringify({ listening: server.address().port }));
});
