import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { useTempDirs } from '../../helpers';
import { eventually, jaegerTrace, logsQuery } from '../backends';
import { type ReceiverProcess, startReceiver, testPort } from '../counters/receiver-process';
import { ENDPOINTS } from '../stack';

// agent log files through the real log receiver and collector into victorialogs, with severity,
// attributes, the agent id from the path and trace ids that resolve to a trace in jaeger.
describe('log receiver: agent log files to VictoriaLogs', () => {
  const run = randomUUID().slice(0, 8);
  const service = `logs-e2e-${run}`;
  const dir = useTempDirs('logs-e2e')();
  const agent = `agent-${run}`;
  const logFile = join(dir, 'logs', agent, 'app.log');
  let receiver: ReceiverProcess;
  let traceId = '';
  let spanId = '';

  before(async () => {
    mkdirSync(join(dir, 'logs', agent), { recursive: true });
    const config = join(dir, 'logs.yaml');
    writeFileSync(
      config,
      [
        `include: ['${join(dir, 'logs', '{agent}', '*.log')}']`,
        `checkpoint: ${join(dir, 'cp.json')}`,
        "multiline: { start: '^(\\d{4}-\\d\\d-\\d\\d|\\{)', timeout_ms: 300 }",
        'partial_line_timeout_ms: 500',
        'flush_interval_ms: 300',
        `resource: { service.name: ${service}, gen_ai.agent.id: '{agent}', deployment.environment: e2e }`,
      ].join('\n'),
    );
    // a real span in jaeger, so the log line's trace id must lead to it
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [
        new SimpleSpanProcessor({
          exporter: new OTLPTraceExporter({ url: `${ENDPOINTS.collectorOtlpHttp}/v1/traces` }),
        }),
      ],
    });
    const span = provider.getTracer('e2e').startSpan('agent-step');
    traceId = span.spanContext().traceId;
    spanId = span.spanContext().spanId;
    span.end();
    await provider.shutdown();
    receiver = await startReceiver('logs', dir, testPort(11), ['--config', config]);
  });
  after(async () => {
    await receiver?.kill();
  });

  it('delivers JSON and text lines with severity, attributes, agent id and trace ids', async () => {
    const now = new Date().toISOString();
    appendFileSync(
      logFile,
      `${JSON.stringify({ time: now, level: 'warn', msg: `json ${run}`, trace_id: traceId, span_id: spanId, task: `T-${run}` })}\n`,
    );
    appendFileSync(logFile, `${now} ERROR text ${run} trace_id=${traceId}\n`);
    appendFileSync(
      logFile,
      `${now} ERROR crash ${run}\n    at step (agent.js:10:5)\n    at run (agent.js:20:3)\n`,
    );
    appendFileSync(logFile, `${now} INFO partial ${run}`); // no newline: flushed after the timeout
    const lines = await eventually(
      'four records in victorialogs',
      async () => {
        const found = await logsQuery(`{service.name="${service}"}`);
        return found.length >= 4 ? found : undefined;
      },
      30_000,
    );
    const json = lines.find((l) => l._msg === `json ${run}`)!;
    assert.ok(json, `json record missing: ${JSON.stringify(lines.map((l) => l._msg))}`);
    assert.equal(json.severity_text, 'WARN');
    assert.equal(json.trace_id, traceId);
    assert.equal(json.span_id, spanId);
    assert.equal(json.task, `T-${run}`);
    assert.equal(json['gen_ai.agent.id'], agent);
    assert.equal(json['log.file.name'], 'app.log');
    // the agent id is a stream field: records of one agent form one stream
    assert.match(json._stream, new RegExp(`gen_ai.agent.id="${agent}"`));
    const text = lines.find((l) => l._msg.includes(`text ${run}`))!;
    assert.equal(text.severity_text, 'ERROR');
    assert.equal(text.trace_id, traceId);
    const crash = lines.find((l) => l._msg.includes(`crash ${run}`))!;
    assert.equal(crash._msg.split('\n').length, 3, 'the stack trace is one record');
    assert.ok(
      lines.some((l) => l._msg.endsWith(`partial ${run}`)),
      'partial line flushed after its timeout',
    );
    // the trace id in victorialogs leads to the span in jaeger
    const trace = await eventually('trace in jaeger', () => jaegerTrace(traceId));
    assert.ok(trace.spans.some((s) => s.spanID === spanId && s.operationName === 'agent-step'));
  });

  it('keeps reading through rotation and a SIGKILL restart', async () => {
    appendFileSync(logFile, `\n${new Date().toISOString()} INFO before-rotate ${run}\n`);
    await eventually('before-rotate', async () => {
      const found = await logsQuery(`{service.name="${service}"} "before-rotate ${run}"`);
      return found.length > 0 ? true : undefined;
    });
    await receiver.kill('SIGKILL');
    appendFileSync(logFile, `${new Date().toISOString()} INFO while-down ${run}\n`);
    renameSync(logFile, `${logFile}.1`);
    appendFileSync(logFile, `${new Date().toISOString()} INFO after-rotate ${run}\n`);
    const config = join(dir, 'logs.yaml');
    receiver = await startReceiver('logs', dir, testPort(11), [
      '--config',
      config,
      '--file',
      join(dir, 'logs', '{agent}', '*.log*'),
    ]);
    for (const marker of ['while-down', 'after-rotate']) {
      await eventually(`${marker} in victorialogs`, async () => {
        const found = await logsQuery(`{service.name="${service}"} "${marker} ${run}"`);
        return found.length > 0 ? true : undefined;
      });
    }
  });
});
