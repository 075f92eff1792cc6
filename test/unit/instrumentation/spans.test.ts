import assert from 'node:assert/strict';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { executeTool, invokeAgent, withTask } from '../../../instrumentation/spans';

// the span helpers against the real trace SDK, collected in memory.
describe('instrumentation/spans: task and GenAI helpers', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager();

  before(() => {
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(provider);
  });
  after(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it('withTask: a span with task.id and task.phase, returning the result', () => {
    const result = withTask('T-1', 'IMPLEMENT', () => 42);
    assert.equal(result, 42);
    const [span] = exporter.getFinishedSpans();
    assert.equal(span.name, 'task IMPLEMENT');
    assert.equal(span.attributes['task.id'], 'T-1');
    assert.equal(span.attributes['task.phase'], 'IMPLEMENT');
  });

  it('withTask: records a thrown error with error.type and status, and rethrows it', () => {
    class GateError extends Error {
      override name = 'GateError';
    }
    assert.throws(
      () =>
        withTask('T-2', 'VERIFY', () => {
          throw new GateError('evidence missing');
        }),
      GateError,
    );
    const [span] = exporter.getFinishedSpans();
    assert.equal(span.attributes['error.type'], 'GateError');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.status.message, 'evidence missing');
    assert.equal(span.events[0].name, 'exception');
  });

  it('withTask: handles async rejections the same way', async () => {
    await assert.rejects(
      withTask('T-3', 'PLAN', async () => {
        throw new TypeError('bad');
      }),
      TypeError,
    );
    const [span] = exporter.getFinishedSpans();
    assert.equal(span.attributes['error.type'], 'TypeError');
  });

  it('invokeAgent and executeTool: GenAI names, attributes and nesting', async () => {
    const out = await invokeAgent(
      'planner',
      () => executeTool('search', async () => 'found', { callId: 'c1', description: 'web search' }),
      { agentId: 'a-1', provider: 'demo', model: 'm' },
    );
    assert.equal(out, 'found');
    const spans = exporter.getFinishedSpans();
    const tool = spans.find((s) => s.name === 'execute_tool search')!;
    const agent = spans.find((s) => s.name === 'invoke_agent planner')!;
    assert.equal(agent.attributes['gen_ai.operation.name'], 'invoke_agent');
    assert.equal(agent.attributes['gen_ai.agent.name'], 'planner');
    assert.equal(agent.attributes['gen_ai.agent.id'], 'a-1');
    assert.equal(agent.attributes['gen_ai.provider.name'], 'demo');
    assert.equal(tool.attributes['gen_ai.operation.name'], 'execute_tool');
    assert.equal(tool.attributes['gen_ai.tool.name'], 'search');
    assert.equal(tool.attributes['gen_ai.tool.type'], 'function');
    assert.equal(tool.attributes['gen_ai.tool.call.id'], 'c1');
    assert.equal(tool.parentSpanContext?.spanId, agent.spanContext().spanId);
  });
});
