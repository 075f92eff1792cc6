import assert from 'node:assert/strict';
import type { JaegerSpan, JaegerTrace } from '../../../processors/console/backends/jaeger';
import { buildWaterfall, traceOfAgent } from '../../../processors/console/waterfall';

const T0 = 1_700_000_000_000_000; // microseconds

// a span as Jaeger's API returns it; start and duration in ms from T0.
function span(
  id: string,
  name: string,
  startMs: number,
  durMs: number,
  parent?: string,
  tags: Record<string, unknown> = {},
): JaegerSpan {
  return {
    traceID: 'abc',
    spanID: id,
    operationName: name,
    references: parent ? [{ refType: 'CHILD_OF', traceID: 'abc', spanID: parent }] : [],
    startTime: T0 + startMs * 1000,
    duration: durMs * 1000,
    tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    processID: 'p1',
  };
}

function trace(spans: JaegerSpan[], agentId = 'coder-2'): JaegerTrace {
  return {
    traceID: 'abc',
    spans,
    processes: { p1: { serviceName: 'demo-coder', tags: [{ key: 'gen_ai.agent.id', value: agentId }] } },
  };
}

// a demo-agent turn as the SDK emits it: http server span, task phase, invoke_agent, two tools.
const turn = [
  span('t2', 'execute_tool edit_file', 45, 40, 'a1', {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'edit_file',
  }),
  span('h', 'POST /task/:taskId', 0, 100),
  span('a1', 'invoke_agent coder', 5, 85, 'p', {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': 'coder',
    'gen_ai.request.model': 'demo-model',
  }),
  span('p', 'task IMPLEMENT', 2, 95, 'h', { 'task.id': 'TASK-001', 'task.phase': 'IMPLEMENT' }),
  span('t1', 'execute_tool search_repository', 6, 38, 'a1', {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'search_repository',
  }),
];

describe('console waterfall', () => {
  it('orders a turn task → phase → invoke_agent → execute_tool, with offsets, durations and depth', () => {
    const w = buildWaterfall(trace(turn), 100);
    assert.deepEqual(
      w.rows.map((r) => [r.name, r.role, r.depth, r.offsetMs, r.durationMs, r.parentId]),
      [
        ['POST /task/:taskId', 'span', 0, 0, 100, undefined],
        ['task IMPLEMENT', 'phase', 1, 2, 95, 'h'],
        ['invoke_agent coder', 'invoke_agent', 2, 5, 85, 'p'],
        ['execute_tool search_repository', 'execute_tool', 3, 6, 38, 'a1'],
        ['execute_tool edit_file', 'execute_tool', 3, 45, 40, 'a1'],
      ],
    );
    assert.equal(w.taskId, 'TASK-001');
    assert.equal(w.phase, 'IMPLEMENT');
    assert.equal(w.durationMs, 100);
    assert.equal(w.error, false);
    assert.equal(w.rows[2].labels['gen_ai.request.model'], 'demo-model');
    assert.equal(w.rows[2].service, 'demo-coder');
  });

  const errors: [string, Record<string, unknown>, JaegerSpan['logs'], string | undefined][] = [
    [
      'otel status ERROR with description',
      { 'otel.status_code': 'ERROR', 'otel.status_description': 'validation failed' },
      [],
      'validation failed',
    ],
    [
      'error=true tag and exception event',
      { error: true },
      [{ timestamp: T0, fields: [{ key: 'exception.message', value: 'boom' }] }],
      'boom',
    ],
    ['error.type only', { 'otel.status_code': 'ERROR', 'error.type': 'TimeoutError' }, [], 'TimeoutError'],
  ];
  for (const [name, tags, logs, text] of errors) {
    it(`marks an error: ${name}`, () => {
      const failing = {
        ...span('x', 'invoke_agent coder', 1, 5, 'r', { 'gen_ai.operation.name': 'invoke_agent', ...tags }),
        logs,
      };
      const w = buildWaterfall(trace([span('r', 'root', 0, 10), failing]), 100);
      assert.equal(w.error, true);
      assert.deepEqual(
        w.rows.map((r) => [r.error, r.errorText]),
        [
          [false, undefined],
          [true, text],
        ],
      );
    });
  }

  it('shows a span whose parent is missing as a root, and caps rows counting the rest', () => {
    const w = buildWaterfall(
      trace([span('a', 'orphan', 5, 1, 'gone'), span('b', 'root', 0, 10), span('c', 'kid', 1, 1, 'b')]),
      2,
    );
    assert.deepEqual(
      w.rows.map((r) => [r.name, r.depth]),
      [
        ['root', 0],
        ['kid', 1],
      ],
    );
    assert.equal(w.cut, 1);
    assert.equal(w.spanCount, 3);
  });

  it('survives parent links that loop, showing every span once', () => {
    const w = buildWaterfall(trace([span('a', 'a', 0, 1, 'b'), span('b', 'b', 1, 1, 'a')]), 10);
    assert.deepEqual(w.rows.map((r) => r.name).sort(), ['a', 'b']);
  });

  it('an empty trace is an empty waterfall', () => {
    const w = buildWaterfall(trace([]), 10);
    assert.deepEqual([w.rows, w.durationMs, w.error], [[], 0, false]);
  });

  it('tells the traces of one agent by the resource gen_ai.agent.id', () => {
    assert.equal(traceOfAgent(trace(turn, 'coder-2'), 'coder-2'), true);
    assert.equal(traceOfAgent(trace(turn, 'coder-7'), 'coder-2'), false);
  });
});
