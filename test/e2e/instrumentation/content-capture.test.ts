import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, jaegerTrace, logsQuery, tagValue } from '../backends';
import { runAgent } from './agents/run-agent';

// GenAI content capture in a real process: with the variable on, the messages are on the span in
// Jaeger (secrets redacted) and the details event reaches VictoriaLogs with the trace id; with it
// unset, the same span carries no content and no event is sent.
describe('instrumentation: GenAI content capture reaches the real backends only when on', () => {
  const run = randomUUID().slice(0, 8);

  async function agentSpan(env: Record<string, string>) {
    const agent = await runAgent('content-agent', {
      OTEL_SERVICE_NAME: `content-${run}`,
      RUN_ID: run,
      ...env,
    });
    const traceId = agent.lines()[0]?.trace_id as string;
    assert.match(traceId, /^[0-9a-f]{32}$/);
    const trace = await eventually('the invoke_agent span in jaeger', async () => {
      const t = await jaegerTrace(traceId);
      return t?.spans.find((s) => s.operationName === 'invoke_agent writer');
    });
    return { traceId, span: trace };
  }

  it('SPAN_AND_EVENT: content on the span and in the details event, secrets redacted', async () => {
    const { traceId, span } = await agentSpan({
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'SPAN_AND_EVENT',
    });
    const input = JSON.parse(String(tagValue(span.tags, 'gen_ai.input.messages')));
    assert.deepEqual(input, [
      {
        role: 'user',
        parts: [{ type: 'text', content: `Summarise run ${run}. The deploy key is [REDACTED]` }],
      },
    ]);
    assert.deepEqual(JSON.parse(String(tagValue(span.tags, 'gen_ai.system_instructions'))), [
      { type: 'text', content: 'You write release notes.' },
    ]);
    assert.equal(
      JSON.parse(String(tagValue(span.tags, 'gen_ai.output.messages')))[0].parts[0].content,
      'Release notes: all green.',
    );
    const [event] = await eventually('the details event in victorialogs', async () => {
      const found = await logsQuery(
        `trace_id:="${traceId}" event_name:="gen_ai.client.inference.operation.details"`,
      );
      return found.length > 0 ? found : undefined;
    });
    assert.equal(event.span_id, span.spanID);
    assert.equal(event['gen_ai.request.model'], 'e2e-model');
    assert.ok(
      event['gen_ai.input.messages'].includes(`Summarise run ${run}`),
      event['gen_ai.input.messages'],
    );
    assert.ok(!JSON.stringify(event).includes('sk-proj-'), 'the key is redacted in the event too');
  });

  it('unset: the span has no content and no event is sent', async () => {
    const { traceId, span } = await agentSpan({});
    for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions']) {
      assert.equal(tagValue(span.tags, key), undefined, key);
    }
    // the process flushed logs before it exited; VictoriaLogs makes records searchable within a second
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual(await logsQuery(`trace_id:="${traceId}"`), []);
  });
});
