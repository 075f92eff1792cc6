import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { recordOperationDuration } from './gen-ai-metrics';
import { currentSdk } from './sdk/state';

export interface InvokeAgentOptions {
  /** `gen_ai.agent.id` of the invoked agent. */
  agentId?: string;
  /** `gen_ai.agent.description`. */
  description?: string;
  /** `gen_ai.provider.name`. */
  provider?: string;
  /** `gen_ai.request.model`. */
  model?: string;
  /** CLIENT when the agent runs in another service; default INTERNAL (in-process agent). */
  kind?: SpanKind;
  attributes?: Attributes;
}

export interface ExecuteToolOptions {
  /** `gen_ai.tool.call.id`. */
  callId?: string;
  /** `gen_ai.tool.type`: function, extension or datastore. default: function. */
  type?: string;
  /** `gen_ai.tool.description`. */
  description?: string;
  attributes?: Attributes;
}

function tracer() {
  return trace.getTracer('agent-otel');
}

function errorType(err: unknown): string {
  if (err instanceof Error) return err.name || err.constructor.name || 'Error';
  return typeof err;
}

function fail(span: Span, err: unknown): string {
  const type = errorType(err);
  span.setAttribute('error.type', type);
  if (err instanceof Error) span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  return type;
}

// runs fn inside an active span, sync or async; errors are recorded and rethrown unchanged.
function run<T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  fn: (span: Span) => T,
  done?: (err?: string) => void,
): T {
  return tracer().startActiveSpan(name, { kind, attributes }, (span) => {
    let result: T;
    try {
      result = fn(span);
    } catch (err) {
      // fail() runs first: an optional call would skip evaluating its argument
      const type = fail(span, err);
      done?.(type);
      span.end();
      throw err;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => {
          done?.();
          span.end();
          return value;
        },
        (err) => {
          const type = fail(span, err);
          done?.(type);
          span.end();
          throw err;
        },
      ) as T;
    }
    done?.();
    span.end();
    return result;
  });
}

/** a span for one phase of a task (`task.id`, `task.phase`); also the heartbeat's current task. */
export function withTask<T>(taskId: string, phase: string, fn: (span: Span) => T): T {
  currentSdk()?.heartbeat?.update({ taskId, phase });
  return run(`task ${phase}`, SpanKind.INTERNAL, { 'task.id': taskId, 'task.phase': phase }, fn);
}

/** an `invoke_agent {name}` span per the GenAI agent conventions, with its operation duration. */
export function invokeAgent<T>(name: string, fn: (span: Span) => T, options: InvokeAgentOptions = {}): T {
  const attrs: Attributes = {
    ...options.attributes,
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': name,
  };
  if (options.agentId !== undefined) attrs['gen_ai.agent.id'] = options.agentId;
  if (options.description !== undefined) attrs['gen_ai.agent.description'] = options.description;
  if (options.provider !== undefined) attrs['gen_ai.provider.name'] = options.provider;
  if (options.model !== undefined) attrs['gen_ai.request.model'] = options.model;
  const started = performance.now();
  return run(`invoke_agent ${name}`, options.kind ?? SpanKind.INTERNAL, attrs, fn, (errorType) =>
    recordOperationDuration((performance.now() - started) / 1000, {
      operation: 'invoke_agent',
      provider: options.provider,
      model: options.model,
      errorType,
    }),
  );
}

/** an `execute_tool {name}` span per the GenAI conventions. */
export function executeTool<T>(name: string, fn: (span: Span) => T, options: ExecuteToolOptions = {}): T {
  const attrs: Attributes = {
    ...options.attributes,
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': name,
    'gen_ai.tool.type': options.type ?? 'function',
  };
  if (options.callId !== undefined) attrs['gen_ai.tool.call.id'] = options.callId;
  if (options.description !== undefined) attrs['gen_ai.tool.description'] = options.description;
  return run(`execute_tool ${name}`, SpanKind.INTERNAL, attrs, fn);
}
