import { invokeAgent, recordMessages, shutdown } from '../../../../instrumentation';

// an agent that records one chat turn's content inside its invoke_agent span, prints the trace
// id and exits after flushing. the capture mode comes from the environment.
async function main(): Promise<void> {
  const traceId = invokeAgent(
    'writer',
    (span) => {
      recordMessages({
        systemInstructions: 'You write release notes.',
        input: `Summarise run ${process.env.RUN_ID}. The deploy key is sk-proj-abcdefghijklmnopqrstuvwx12`,
        output: 'Release notes: all green.',
        model: 'e2e-model',
        provider: 'e2e',
      });
      return span.spanContext().traceId;
    },
    { model: 'e2e-model' },
  );
  console.log(JSON.stringify({ trace_id: traceId }));
  await shutdown();
}

void main();
