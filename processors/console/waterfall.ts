import type { JaegerSpan, JaegerTag, JaegerTrace } from './backends/jaeger';

/** what a span is in the task workflow: the SDK's task/phase span, a GenAI agent or tool span, or other. */
export type SpanRole = 'phase' | 'invoke_agent' | 'execute_tool' | 'span';

/** one row of a waterfall, in tree order (parents before children, siblings by start). */
export interface WaterfallRow {
  spanId: string;
  parentId?: string;
  depth: number;
  name: string;
  role: SpanRole;
  service: string;
  /** ms from the trace's first span start. */
  offsetMs: number;
  durationMs: number;
  /** the span's own status is an error. */
  error: boolean;
  /** a short error text: status message, error.type or exception message. */
  errorText?: string;
  /** the attributes the console shows: task, phase, agent, tool, model, tokens. */
  labels: Record<string, string>;
}

export interface Waterfall {
  traceId: string;
  /** the agent work this trace is: task id and phase of its first phase span, if any. */
  taskId?: string;
  phase?: string;
  startMs: number;
  durationMs: number;
  /** at least one span is an error. */
  error: boolean;
  spanCount: number;
  /** spans beyond the row cap, not in `rows`. */
  cut: number;
  rows: WaterfallRow[];
}

// the attributes shown on a row, in this order; the SDK's spans.ts sets them.
const LABEL_KEYS = [
  'task.id',
  'task.phase',
  'gen_ai.agent.name',
  'gen_ai.agent.id',
  'gen_ai.tool.name',
  'gen_ai.tool.call.id',
  'gen_ai.request.model',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'http.route',
  'http.response.status_code',
  'error.type',
];

function tag(tags: JaegerTag[] | undefined, key: string): unknown {
  return tags?.find((t) => t.key === key)?.value;
}

function spanRole(span: JaegerSpan): SpanRole {
  const op = tag(span.tags, 'gen_ai.operation.name');
  if (op === 'invoke_agent' || op === 'execute_tool') return op;
  if (tag(span.tags, 'task.phase') !== undefined) return 'phase';
  return 'span';
}

function spanError(span: JaegerSpan): { error: boolean; text?: string } {
  const status = tag(span.tags, 'otel.status_code');
  const error = tag(span.tags, 'error') === true || tag(span.tags, 'error') === 'true' || status === 'ERROR';
  if (!error) return { error: false };
  const exception = span.logs?.flatMap((l) => l.fields).find((f) => f.key === 'exception.message')?.value;
  const text = tag(span.tags, 'otel.status_description') ?? exception ?? tag(span.tags, 'error.type');
  return { error: true, text: text === undefined ? undefined : String(text) };
}

function parentOf(span: JaegerSpan, ids: Set<string>): string | undefined {
  const ref =
    span.references?.find((r) => r.refType === 'CHILD_OF' && ids.has(r.spanID)) ??
    span.references?.find((r) => ids.has(r.spanID));
  return ref?.spanID;
}

/**
 * a Jaeger trace as waterfall rows: the span tree depth first, siblings by start time, offsets
 * from the trace start. A span whose parent is not in the trace (still arriving, or cut off by a
 * sampler) is shown as a root, so nothing is lost. At most `maxRows` rows.
 */
export function buildWaterfall(trace: JaegerTrace, maxRows: number): Waterfall {
  const spans = trace.spans ?? [];
  const ids = new Set(spans.map((s) => s.spanID));
  const children = new Map<string | undefined, JaegerSpan[]>();
  for (const span of spans) {
    const parent = parentOf(span, ids);
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  for (const list of children.values()) {
    list.sort((a, b) => a.startTime - b.startTime || a.spanID.localeCompare(b.spanID));
  }
  const startUs = spans.length > 0 ? Math.min(...spans.map((s) => s.startTime)) : 0;
  const endUs = spans.length > 0 ? Math.max(...spans.map((s) => s.startTime + s.duration)) : 0;

  const rows: WaterfallRow[] = [];
  let error = false;
  let taskId: string | undefined;
  let phase: string | undefined;
  // iterative depth-first walk, so a deep (or cyclic-looking) trace cannot blow the stack.
  const seen = new Set<string>();
  const stack: { span: JaegerSpan; depth: number; parentId?: string }[] = (children.get(undefined) ?? [])
    .map((span) => ({ span, depth: 0 }))
    .reverse();
  for (;;) {
    if (stack.length === 0) {
      // spans whose parent links form a loop are reachable from no root: show them as roots.
      const orphan = spans.find((s) => !seen.has(s.spanID));
      if (!orphan) break;
      stack.push({ span: orphan, depth: 0 });
    }
    const { span, depth, parentId } = stack.pop()!;
    if (seen.has(span.spanID)) continue;
    seen.add(span.spanID);
    const role = spanRole(span);
    const status = spanError(span);
    error ||= status.error;
    if (role === 'phase' && taskId === undefined) {
      taskId = String(tag(span.tags, 'task.id') ?? '') || undefined;
      phase = String(tag(span.tags, 'task.phase'));
    }
    if (rows.length < maxRows) {
      const labels: Record<string, string> = {};
      for (const key of LABEL_KEYS) {
        const value = tag(span.tags, key);
        if (value !== undefined) labels[key] = String(value);
      }
      rows.push({
        spanId: span.spanID,
        parentId,
        depth,
        name: span.operationName,
        role,
        service: trace.processes?.[span.processID]?.serviceName ?? '',
        offsetMs: (span.startTime - startUs) / 1000,
        durationMs: span.duration / 1000,
        error: status.error,
        errorText: status.text,
        labels,
      });
    }
    const kids = children.get(span.spanID) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) {
      stack.push({ span: kids[i], depth: depth + 1, parentId: span.spanID });
    }
  }
  return {
    traceId: trace.traceID,
    taskId,
    phase,
    startMs: startUs / 1000,
    durationMs: (endUs - startUs) / 1000,
    error,
    spanCount: spans.length,
    cut: Math.max(0, seen.size - rows.length),
    rows,
  };
}

/** whether any process of the trace belongs to the agent (resource `gen_ai.agent.id`). */
export function traceOfAgent(trace: JaegerTrace, agentId: string): boolean {
  const processes = Object.values(trace.processes ?? {});
  return processes.some((p) => tag(p.tags, 'gen_ai.agent.id') === agentId);
}
