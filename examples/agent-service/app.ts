import { trace } from '@opentelemetry/api';
import express from 'express';
import {
  counter,
  createLogger,
  executeTool,
  invokeAgent,
  recordTokenUsage,
  withTask,
} from '../../instrumentation';

// a small instrumented agent service: one request to /tasks/:taskId gives a server span, a task
// span, a winston log line correlated to it, and an anti_drift counter increment.
export function createApp(): express.Express {
  const logger = createLogger();
  const app = express();

  // memory figures let the collector-down test check that queues stay bounded
  app.get('/healthz', (_req, res) => {
    const { rss, heapUsed } = process.memoryUsage();
    res.json({ ok: true, rss, heapUsed });
  });

  // one agent turn: an invoke_agent span around an execute_tool span, with token usage
  app.get('/agent/:name', async (req, res) => {
    const name = String(req.params.name);
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    const answer = await invokeAgent(
      name,
      async () => {
        const found = await executeTool('search', async () => 'found', { callId: 'call-1' });
        recordTokenUsage({ inputTokens: 120, outputTokens: 30, model: 'demo-model', provider: 'demo' });
        return found;
      },
      { provider: 'demo', model: 'demo-model' },
    );
    res.json({ trace_id: traceId, answer });
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

  return app;
}
