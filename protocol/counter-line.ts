import { isUtf8 } from 'node:buffer';
import { labelName, metricName, OVERFLOW_LABEL } from './counter-naming';

// the counter line of `state/telemetry/counters.jsonl` (seed 000): its shape, how the SDK writes
// it and how the receivers read it. One JSON object per line:
//   {"name":"evidence_gate_failed","value":1,"timestamp":"2025-10-28T22:00:00.000Z","tags":{"taskId":"T-1"}}
// `value` defaults to 1; `timestamp` and `tags` are optional. The same object is the body of the
// counters receiver's `POST /v1/counters`.

/** one counter line as written: an increment of counter `name` with the attributes in `tags`. */
export interface CounterLine {
  name: string;
  /** finite and >= 0. Default: 1. */
  value?: number;
  /** ISO 8601 time of the increment. */
  timestamp?: string;
  tags?: Record<string, string | number | boolean>;
}

/** the line to append for one increment, newline included. */
export function formatCounterLine(line: CounterLine): string {
  return `${JSON.stringify(line)}\n`;
}

/** one parsed counter line: which counter, by how much, with which labels. */
export interface CounterIncrement {
  /** exported metric name, e.g. `anti_drift_prompt_drift_detected`. */
  metric: string;
  value: number;
  /** label name -> value, label names already snake_case. */
  labels: Record<string, string>;
}

export type RejectReason =
  | 'line_too_long'
  | 'invalid_utf8'
  | 'invalid_json'
  | 'not_an_object'
  | 'missing_name'
  | 'invalid_name'
  | 'invalid_value'
  | 'invalid_timestamp'
  | 'invalid_tags'
  | 'reserved_label';

export class CounterLineError extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
  }
}

export interface ParserOptions {
  namespace: string;
  /** most tags on one line. Default: 32. */
  maxTags?: number;
  /** longest tag value, in characters. Default: 256. */
  maxTagValueLength?: number;
}

export const DEFAULT_MAX_TAGS = 32;
export const DEFAULT_MAX_TAG_VALUE_LENGTH = 256;

function fail(reason: RejectReason, message: string): never {
  throw new CounterLineError(reason, message);
}

/**
 * validates one counter object of the seed-000 schema and names its series; throws CounterLineError
 * naming the problem. The SDK's `counter()` and the receivers both call it, so they accept the same.
 */
export function parseCounterObject(value: unknown, options: ParserOptions): CounterIncrement {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('not_an_object', 'a counter must be a JSON object');
  }
  const obj = value as Record<string, unknown>;
  if (obj.name === undefined || obj.name === null || obj.name === '') fail('missing_name', 'missing "name"');
  if (typeof obj.name !== 'string') fail('invalid_name', '"name" must be a string');
  const metric = metricName(options.namespace, obj.name);
  if (!metric)
    fail(
      'invalid_name',
      `"name" ${JSON.stringify(obj.name.slice(0, 80))} is not a letter then letters, digits and _ (at most 200)`,
    );
  // a line without value is one increment, the usual case for event counters.
  const inc = obj.value === undefined ? 1 : obj.value;
  if (typeof inc !== 'number' || !Number.isFinite(inc) || inc < 0) {
    fail('invalid_value', `"value" must be a finite number >= 0, got ${JSON.stringify(inc) ?? String(inc)}`);
  }
  if (obj.timestamp !== undefined) {
    const ts = obj.timestamp;
    const ok =
      (typeof ts === 'string' && /^\d{4}-\d\d-\d\dT/.test(ts) && Number.isFinite(Date.parse(ts))) ||
      (typeof ts === 'number' && Number.isFinite(ts) && ts > 0);
    if (!ok) fail('invalid_timestamp', `"timestamp" must be an ISO 8601 date, got ${JSON.stringify(ts)}`);
  }
  const labels: Record<string, string> = {};
  if (obj.tags !== undefined && obj.tags !== null) {
    if (typeof obj.tags !== 'object' || Array.isArray(obj.tags))
      fail('invalid_tags', '"tags" must be an object');
    const entries = Object.entries(obj.tags as Record<string, unknown>);
    const maxTags = options.maxTags ?? DEFAULT_MAX_TAGS;
    if (entries.length > maxTags) fail('invalid_tags', `${entries.length} tags, at most ${maxTags} allowed`);
    const maxLen = options.maxTagValueLength ?? DEFAULT_MAX_TAG_VALUE_LENGTH;
    for (const [key, raw] of entries) {
      const label = labelName(key);
      if (!label)
        fail('invalid_tags', `tag key ${JSON.stringify(key)} has no letters or digits usable as a label`);
      // the overflow series is the receiver's own; a tag must not add to it or pose as it.
      if (label === OVERFLOW_LABEL) fail('reserved_label', `tag "${key}" uses the reserved label "${label}"`);
      if (label in labels) fail('invalid_tags', `tag keys collide on label "${label}"`);
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
        fail('invalid_tags', `tag "${key}" must be a string, number or boolean`);
      }
      const text = String(raw);
      if (text.length > maxLen) fail('invalid_tags', `tag "${key}" is longer than ${maxLen} characters`);
      labels[label] = text;
    }
  }
  return { metric, value: inc, labels };
}

/** parses one line of counters.jsonl. */
export function parseCounterLine(bytes: Buffer, options: ParserOptions): CounterIncrement {
  if (!isUtf8(bytes)) fail('invalid_utf8', 'line is not valid UTF-8');
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    fail('invalid_json', `not JSON: ${(err as Error).message.slice(0, 120)}`);
  }
  return parseCounterObject(value, options);
}
