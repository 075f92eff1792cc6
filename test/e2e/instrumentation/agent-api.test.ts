import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, jaegerTrace, promEventually, tagValue } from '../backends';
import { getJson, type Service, startService, stopService } from './service';

// the GenAI agent helpers in a real process: invoke_agent and execute_tool spans in Jaeger, and
// the token usage histogram in Prometheus.
describe('instrumentation: agent API spans and GenAI metrics', () => {
  const run = randomUUID().slice(0, 8);
  const service = `agent-genai-${run}`;
  let svc: Service | undefined;
  let traceId = '';

  before(async () => {
    svc = await startService('require', { OTEL_SERVICE_NAME: service });
    traceId = (await getJson<{ trace_id: string }>(`${svc.url}/agent/planner`)).trace_id;
  });
  after(() => stopService(svc));

  it('exports invoke_agent and execute_tool spans with GenAI attributes', async () => {
    const trace = await eventually('genai spans in jaeger', async () => {
      const t = await jaegerTrace(traceId);
      return t?.spans.some((s) => s.operationName === 'execute_tool search') ? t : undefined;
    });
    const agent = trace.spans.find((s) => s.operationName === 'invoke_agent planner');
    assert.ok(agent, 'invoke_agent span');
    assert.equal(tagValue(agent.tags, 'gen_ai.operation.name'), 'invoke_agent');
    assert.equal(tagValue(agent.tags, 'gen_ai.agent.name'), 'planner');
    assert.equal(tagValue(agent.tags, 'gen_ai.usage.input_tokens'), 120);
    const tool = trace.spans.find((s) => s.operationName === 'execute_tool search')!;
    assert.equal(tagValue(tool.tags, 'gen_ai.operation.name'), 'execute_tool');
    assert.equal(tagValue(tool.tags, 'gen_ai.tool.name'), 'search');
    assert.equal(tagValue(tool.tags, 'gen_ai.tool.call.id'), 'call-1');
    // the tool span is a child of the agent span
    const toolSpan = tool as unknown as { references?: { spanID: string }[] };
    assert.equal(toolSpan.references?.[0]?.spanID, agent.spanID);
  });

  it('exports gen_ai.client.token.usage and operation duration histograms', async () => {
    const tokens = await promEventually(
      `gen_ai_client_token_usage_sum{job="${service}"}`,
      (s) => s.length === 2,
    );
    const byType = Object.fromEntries(tokens.map((s) => [s.metric.gen_ai_token_type, s.value[1]]));
    assert.deepEqual(byType, { input: '120', output: '30' });
    await promEventually(`gen_ai_client_operation_duration_seconds_count{job="${service}"}`);
  });
});
