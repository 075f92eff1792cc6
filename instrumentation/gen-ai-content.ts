import { type Attributes, context, diag, logs, SeverityNumber, type Span, trace } from '@opentelemetry/api';
import type { ResolvedContentCapture } from './config/content-capture';
import { currentSdk } from './sdk/state';
import type { GenAiContent, GenAiMessage, GenAiPart } from './types';

// GenAI message content (semantic conventions: gen_ai.system_instructions, gen_ai.input.messages,
// gen_ai.output.messages) on the active span as JSON text, and/or as the opt-in event
// gen_ai.client.inference.operation.details with the same values structured. every text value is
// redacted and cut before it leaves this module.

export const INFERENCE_DETAILS_EVENT = 'gen_ai.client.inference.operation.details';
const TRUNCATED = '…[truncated]';
const REDACTION_FAILED = '[REDACTION FAILED]';
// tool arguments can nest; deeper values are replaced, never walked without bound
const MAX_DEPTH = 8;

let redactorWarned = false;

interface Limits {
  cfg: ResolvedContentCapture;
}

function cleanText(text: string, { cfg }: Limits): string {
  let out = text;
  if (cfg.redact) {
    try {
      out = cfg.redact(out);
      if (typeof out !== 'string') throw new TypeError(`returned ${typeof out}, not a string`);
    } catch (err) {
      // a redactor that fails must not let the raw text through
      if (!redactorWarned) {
        redactorWarned = true;
        diag.warn(
          `agent-otel: the content redactor failed (${(err as Error).message}); recording ${REDACTION_FAILED}`,
        );
      }
      return REDACTION_FAILED;
    }
  }
  return out.length > cfg.maxLength ? `${out.slice(0, cfg.maxLength)}${TRUNCATED}` : out;
}

function cleanValue(value: unknown, limits: Limits, depth: number): unknown {
  if (typeof value === 'string') return cleanText(value, limits);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TRUNCATED;
  if (Array.isArray(value)) return value.map((item) => cleanValue(item, limits, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // the part type is a name from the conventions, not content
    out[key] = key === 'type' ? item : cleanValue(item, limits, depth + 1);
  }
  return out;
}

function cleanParts(parts: GenAiPart[], limits: Limits): GenAiPart[] {
  return parts.map((part) => cleanValue(part, limits, 1) as GenAiPart);
}

function asMessages(value: string | GenAiMessage[], role: string, output: boolean): GenAiMessage[] {
  if (typeof value !== 'string') return value;
  const message: GenAiMessage = { role, parts: [{ type: 'text', content: value }] };
  if (output) message.finish_reason = 'stop';
  return [message];
}

function cleanMessages(messages: GenAiMessage[], limits: Limits): GenAiMessage[] {
  const kept = messages.slice(-limits.cfg.maxMessages);
  return kept.map((m) => {
    const out: GenAiMessage = { role: m.role, parts: cleanParts(m.parts ?? [], limits) };
    if (m.name !== undefined) out.name = cleanText(m.name, limits);
    if (m.finish_reason !== undefined) out.finish_reason = m.finish_reason;
    return out;
  });
}

/** the content attributes, redacted and bounded; structured values (JSON text on spans). */
export function contentAttributes(
  content: GenAiContent,
  cfg: ResolvedContentCapture,
): Record<string, unknown> {
  const limits = { cfg };
  const out: Record<string, unknown> = {};
  if (content.systemInstructions !== undefined) {
    const parts =
      typeof content.systemInstructions === 'string'
        ? [{ type: 'text', content: content.systemInstructions }]
        : content.systemInstructions;
    out['gen_ai.system_instructions'] = cleanParts(parts, limits);
  }
  if (content.input !== undefined) {
    out['gen_ai.input.messages'] = cleanMessages(asMessages(content.input, 'user', false), limits);
  }
  if (content.output !== undefined) {
    out['gen_ai.output.messages'] = cleanMessages(asMessages(content.output, 'assistant', true), limits);
  }
  return out;
}

/** records content with an explicit config; `recordMessages` passes the running SDK's. */
export function recordContent(
  content: GenAiContent,
  cfg: ResolvedContentCapture,
  span: Span | undefined = trace.getActiveSpan(),
): void {
  if (!cfg.onSpan && !cfg.onEvent) return;
  const values = contentAttributes(content, cfg);
  if (cfg.onSpan && span !== undefined) {
    for (const [key, value] of Object.entries(values)) span.setAttribute(key, JSON.stringify(value));
  }
  if (cfg.onEvent) {
    const attributes: Attributes = { 'gen_ai.operation.name': content.operation ?? 'chat', ...values };
    if (content.model !== undefined) attributes['gen_ai.request.model'] = content.model;
    if (content.provider !== undefined) attributes['gen_ai.provider.name'] = content.provider;
    const ctx = span !== undefined ? trace.setSpan(context.active(), span) : context.active();
    logs.getLogger('agent-otel').emit({
      eventName: INFERENCE_DETAILS_EVENT,
      // the conventions ask for DEBUG on this event
      severityNumber: SeverityNumber.DEBUG,
      severityText: 'DEBUG',
      attributes,
      context: ctx,
    });
  }
}

/**
 * records GenAI message content on the active span and/or as an event, as the capture mode says
 * (`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`, or `init({ contentCapture })`). off by
 * default: then, and before `init()`, it does nothing.
 */
export function recordMessages(content: GenAiContent): void {
  const cfg = currentSdk()?.config.contentCapture;
  if (cfg === undefined) return;
  recordContent(content, cfg);
}
