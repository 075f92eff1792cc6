import { SpanStatusCode } from '@opentelemetry/api';
import {
  counter,
  createLogger,
  executeTool,
  heartbeat,
  invokeAgent,
  withTask,
} from '../../../instrumentation';

// an agent for the console e2e test, run with `node --require agent-otel/register`: two task
// runs through the SDK's own span helpers (one with a failing tool), log lines inside them,
// drift counters, and a drifting on-track status in its heartbeats; then it idles until SIGTERM.
const logger = createLogger();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(taskId: string, phase: string, fail: boolean): Promise<void> {
  heartbeat.update({ status: fail ? 'drifting' : 'on_track', taskId, phase });
  await withTask(taskId, phase, () =>
    invokeAgent(
      'coder',
      async (span) => {
        await executeTool('search_repository', () => sleep(30), { callId: `${taskId}-search` });
        if (fail) {
          await executeTool('run_tests', async () => {
            await sleep(20);
            throw new Error('3 tests failed');
          }).catch(() => {});
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'validation failed' });
          logger.error(`console-e2e ${phase} of ${taskId} failed validation`, { task_id: taskId });
          counter('prompt_drift_detected', 2, { taskId, severity: 'high' });
          return;
        }
        await executeTool('edit_file', () => sleep(25), { callId: `${taskId}-edit` });
        logger.info(`console-e2e ${phase} of ${taskId} done`, { task_id: taskId });
      },
      { provider: 'demo', model: 'demo-model' },
    ),
  );
}

(async () => {
  await run('TASK-C1', 'IMPLEMENT', false);
  await run('TASK-C2', 'VERIFY', true);
  console.log(JSON.stringify({ done: true }));
  setInterval(() => {}, 60_000);
})();
