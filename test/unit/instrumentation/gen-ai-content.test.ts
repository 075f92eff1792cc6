import assert from 'node:assert/strict';
import { context, logs, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { resolveContentCapture } from '../../../instrumentation/config/content-capture';
import { INFERENCE_DETAILS_EVENT, recordContent } from '../../../instrumentation/gen-ai-content';
import type { ContentCaptureMode, GenAiContent } from '../../../instrumentation/types';
import { spyOnDiag } from './diag-spy';

const CONTENT: GenAiContent = {
  systemInstructions: 'You are a planner.',
  input: 'Plan the release. My key is sk-proj-abcdefghijklmnopqrstuvwx12',
  output: 'Step 1: tag it.',
  model: 'm-1',
  provider: 'p-1',
};

// where content lands per mode, what it looks like, and its redaction and limits, against the
// real trace and logs SDKs collected in memory.
describe('instrumentation/gen-ai-content: recordContent', () => {
  const spans = new InMemorySpanExporter();
  const records = new InMemoryLogRecordExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  });
  const loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: records })],
  });

  before(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(tracerProvider);
    logs.setGlobalLoggerProvider(loggerProvider);
  });
  after(async () => {
    await tracerProvider.shutdown();
    await loggerProvider.shutdown();
    trace.disable();
    logs.disable();
    context.disable();
  });
  beforeEach(() => {
    spans.reset();
    records.reset();
  });

  function record(mode: ContentCaptureMode, content = CONTENT, options = {}) {
    const cfg = resolveContentCapture({ mode, ...options }, undefined);
    trace.getTracer('t').startActiveSpan('chat m-1', (span) => {
      recordContent(content, cfg);
      span.end();
    });
    return { span: spans.getFinishedSpans()[0], events: records.getFinishedLogRecords() };
  }

  const KEYS = ['gen_ai.system_instructions', 'gen_ai.input.messages', 'gen_ai.output.messages'];

  it('NO_CONTENT records nothing anywhere', () => {
    const { span, events } = record('NO_CONTENT');
    for (const key of KEYS) assert.equal(span.attributes[key], undefined);
    assert.equal(events.length, 0);
  });

  it('SPAN_ONLY: JSON attributes on the span in the conventions shape, no event', () => {
    const { span, events } = record('SPAN_ONLY');
    assert.deepEqual(JSON.parse(span.attributes['gen_ai.system_instructions'] as string), [
      { type: 'text', content: 'You are a planner.' },
    ]);
    assert.deepEqual(JSON.parse(span.attributes['gen_ai.input.messages'] as string), [
      { role: 'user', parts: [{ type: 'text', content: 'Plan the release. My key is [REDACTED]' }] },
    ]);
    assert.deepEqual(JSON.parse(span.attributes['gen_ai.output.messages'] as string), [
      { role: 'assistant', parts: [{ type: 'text', content: 'Step 1: tag it.' }], finish_reason: 'stop' },
    ]);
    assert.equal(events.length, 0);
  });

  it('EVENT_ONLY: one DEBUG event linked to the span, structured attributes, nothing on the span', () => {
    const { span, events } = record('EVENT_ONLY');
    for (const key of KEYS) assert.equal(span.attributes[key], undefined);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.eventName, INFERENCE_DETAILS_EVENT);
    assert.equal(event.severityNumber, 5);
    assert.equal(event.spanContext?.spanId, span.spanContext().spanId);
    assert.equal(event.spanContext?.traceId, span.spanContext().traceId);
    assert.equal(event.attributes['gen_ai.operation.name'], 'chat');
    assert.equal(event.attributes['gen_ai.request.model'], 'm-1');
    assert.equal(event.attributes['gen_ai.provider.name'], 'p-1');
    assert.deepEqual(event.attributes['gen_ai.input.messages'], [
      { role: 'user', parts: [{ type: 'text', content: 'Plan the release. My key is [REDACTED]' }] },
    ]);
  });

  it('SPAN_AND_EVENT: both', () => {
    const { span, events } = record('SPAN_AND_EVENT');
    assert.ok(typeof span.attributes['gen_ai.output.messages'] === 'string');
    assert.equal(events.length, 1);
  });

  it('a redactor of the user runs on every text value, tool arguments included, never on part types', () => {
    const content: GenAiContent = {
      input: [
        {
          role: 'assistant',
          parts: [{ type: 'tool_call', id: 'c1', name: 'search', arguments: { q: 'secret plan', n: 3 } }],
        },
      ],
    };
    const { span } = record('SPAN_ONLY', content, { redact: (t: string) => t.replace(/secret/g, '***') });
    assert.deepEqual(JSON.parse(span.attributes['gen_ai.input.messages'] as string), [
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'c1', name: 'search', arguments: { q: '*** plan', n: 3 } }],
      },
    ]);
  });

  it('redact: false records content as given', () => {
    const { span } = record('SPAN_ONLY', { input: 'sk-proj-abcdefghijklmnopqrstuvwx12' }, { redact: false });
    assert.ok(
      (span.attributes['gen_ai.input.messages'] as string).includes('sk-proj-abcdefghijklmnopqrstuvwx12'),
    );
  });

  it('a failing redactor never lets the raw text through, and warns once', () => {
    const spy = spyOnDiag();
    try {
      const boom = () => {
        throw new Error('boom');
      };
      const { span } = record('SPAN_ONLY', { input: 'raw secret', output: 'raw too' }, { redact: boom });
      const text = `${span.attributes['gen_ai.input.messages']}${span.attributes['gen_ai.output.messages']}`;
      assert.ok(!text.includes('raw'), text);
      assert.ok(text.includes('[REDACTION FAILED]'));
      assert.equal(spy.warnings.filter((w) => w.includes('redactor failed')).length, 1);
    } finally {
      spy.restore();
    }
  });

  it('cuts long text values and keeps only the most recent messages', () => {
    const input = Array.from({ length: 5 }, (_, i) => ({
      role: 'user',
      parts: [{ type: 'text', content: `${i}`.repeat(20) }],
    }));
    const { span } = record('SPAN_ONLY', { input }, { maxLength: 8, maxMessages: 2 });
    const kept = JSON.parse(span.attributes['gen_ai.input.messages'] as string);
    assert.deepEqual(
      kept.map((m: { parts: { content: string }[] }) => m.parts[0].content),
      ['33333333…[truncated]', '44444444…[truncated]'],
    );
  });

  it('a content object nested without bound is cut at a fixed depth', () => {
    type Nested = { next?: Nested; v: string };
    const deep: Nested = { v: 'x' };
    let cur = deep;
    for (let i = 0; i < 50; i++) {
      cur.next = { v: 'x' };
      cur = cur.next;
    }
    const { span } = record('SPAN_ONLY', {
      input: [{ role: 'user', parts: [{ type: 'data', value: deep }] }],
    });
    const json = span.attributes['gen_ai.input.messages'] as string;
    assert.ok(json.length < 1000, json);
  });
});
