import { redactSecrets } from '../redaction';
import type { ContentCaptureMode, ContentCaptureOptions, ContentRedactor } from '../types';
import { type Env, warnInvalid } from './env-parsers';

// GenAI message content capture: off unless asked for, because prompts and answers carry user
// data. OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT takes the semantic conventions' enum
// and the older boolean form.

export const CONTENT_CAPTURE_ENV = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';
export const CONTENT_CAPTURE_MODES: readonly ContentCaptureMode[] = [
  'NO_CONTENT',
  'SPAN_ONLY',
  'EVENT_ONLY',
  'SPAN_AND_EVENT',
];
export const DEFAULT_CONTENT_CAPTURE_MODE: ContentCaptureMode = 'NO_CONTENT';
// one text value (a message part, a tool argument) is cut to this many characters
export const DEFAULT_CONTENT_MAX_LENGTH = 8192;
// the most recent messages of a list are kept, older ones dropped: the end of a conversation is
// what explains the answer
export const DEFAULT_CONTENT_MAX_MESSAGES = 50;

/**
 * the boolean form is what the OTel JS GenAI instrumentations (openai, bedrock) read: `true` sends
 * message content in log events and never on spans, so here it means EVENT_ONLY.
 */
export function booleanMode(value: boolean): ContentCaptureMode {
  return value ? 'EVENT_ONLY' : 'NO_CONTENT';
}

/** the environment's mode; an invalid value warns once and counts as unset (content stays off). */
export function readContentCaptureMode(env: Env): ContentCaptureMode | undefined {
  const value = env[CONTENT_CAPTURE_ENV]?.trim();
  if (value === undefined || value === '') return undefined;
  const upper = value.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return booleanMode(upper === 'TRUE');
  if ((CONTENT_CAPTURE_MODES as readonly string[]).includes(upper)) return upper as ContentCaptureMode;
  warnInvalid(
    CONTENT_CAPTURE_ENV,
    value,
    `${CONTENT_CAPTURE_MODES.join(', ')}, true (= EVENT_ONLY), false`,
    DEFAULT_CONTENT_CAPTURE_MODE,
  );
  return undefined;
}

export interface ResolvedContentCapture {
  mode: ContentCaptureMode;
  onSpan: boolean;
  onEvent: boolean;
  /** undefined: content is recorded as given. */
  redact?: ContentRedactor;
  maxLength: number;
  maxMessages: number;
}

function positiveIntOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** option, then environment, then off; the built-in secret redactor unless `redact` says otherwise. */
export function resolveContentCapture(
  option: ContentCaptureOptions | undefined,
  envMode: ContentCaptureMode | undefined,
): ResolvedContentCapture {
  const optionMode = typeof option?.mode === 'boolean' ? booleanMode(option.mode) : option?.mode;
  const mode = optionMode ?? envMode ?? DEFAULT_CONTENT_CAPTURE_MODE;
  return {
    mode,
    onSpan: mode === 'SPAN_ONLY' || mode === 'SPAN_AND_EVENT',
    onEvent: mode === 'EVENT_ONLY' || mode === 'SPAN_AND_EVENT',
    redact: option?.redact === false ? undefined : (option?.redact ?? redactSecrets),
    maxLength: positiveIntOr(option?.maxLength, DEFAULT_CONTENT_MAX_LENGTH),
    maxMessages: positiveIntOr(option?.maxMessages, DEFAULT_CONTENT_MAX_MESSAGES),
  };
}
