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
  /** when the line says it was written (its `timestamp`), ms since epoch; absent when it has none. */
  timeMs?: number;
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

/** U+FFFD, what decoding puts in place of every byte sequence that is not UTF-8. */
const REPLACEMENT_CHARACTER = '\uFFFD';

function fail(reason: RejectReason, message: string): never {
  throw new CounterLineError(reason, message);
}

/** namespace -> name -> metric name: two lookups instead of building a cache key on every line. */
const metricNames = new Map<string, Map<string, string | undefined>>();
const MAX_CACHED_NAMES = 10_000;

function metricNameOf(namespace: string, name: string): string | undefined {
  let names = metricNames.get(namespace);
  if (!names) {
    names = new Map();
    metricNames.set(namespace, names);
  }
  let metric = names.get(name);
  if (metric === undefined && !names.has(name)) {
    // hostile input with endless distinct names just starts the cache over
    if (names.size >= MAX_CACHED_NAMES) names.clear();
    metric = metricName(namespace, name);
    names.set(name, metric);
  }
  return metric;
}

const ISO_DATE = /^\d{4}-\d\d-\d\dT/;
/** `YYYY-MM-DDTHH:MM:SS.mmmZ`, what the SDK and `new Date().toISOString()` write. */
const CANONICAL_LENGTH = 24;

/**
 * the second of the last canonical timestamp parsed, and its ms since epoch. Date.parse was the
 * biggest per-line cost after JSON.parse; lines written close together share their second, so
 * for them only the milliseconds are read here, and the result is exactly Date.parse's.
 */
let cachedSecond = '';
let cachedSecondMs = 0;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function canonicalMs(ts: string): number | undefined {
  if (ts.length !== CANONICAL_LENGTH || ts.charCodeAt(23) !== 90 /* Z */ || ts.charCodeAt(19) !== 46 /* . */)
    return undefined;
  const a = ts.charCodeAt(20);
  const b = ts.charCodeAt(21);
  const c = ts.charCodeAt(22);
  if (!isDigit(a) || !isDigit(b) || !isDigit(c)) return undefined;
  const millis = (a - 48) * 100 + (b - 48) * 10 + (c - 48);
  if (cachedSecond !== '' && ts.startsWith(cachedSecond)) return cachedSecondMs + millis;
  const ms = Date.parse(ts);
  if (!Number.isFinite(ms)) return undefined;
  cachedSecond = ts.slice(0, 19);
  cachedSecondMs = ms - millis;
  return ms;
}

/** the line's `timestamp` in ms since epoch: an ISO 8601 string, or epoch seconds / milliseconds. */
function timestampMs(ts: unknown): number {
  if (typeof ts === 'string') {
    const fast = canonicalMs(ts);
    if (fast !== undefined) return fast;
    if (ISO_DATE.test(ts)) {
      const ms = Date.parse(ts);
      if (Number.isFinite(ms)) return ms;
    }
  } else if (typeof ts === 'number' && Number.isFinite(ts) && ts > 0) {
    return ts < 1e11 ? ts * 1000 : ts; // seconds before ~5138, milliseconds after (as the log parser)
  }
  fail('invalid_timestamp', `"timestamp" must be an ISO 8601 date, got ${JSON.stringify(ts)}`);
}

function tagText(key: string, raw: unknown): string {
  if (typeof raw !== 'number' && typeof raw !== 'boolean') {
    fail('invalid_tags', `tag "${key}" must be a string, number or boolean`);
  }
  return String(raw);
}

/** the `value` of a counter object, validated: a finite number >= 0, 1 when absent. */
export function counterValue(obj: { value?: unknown }): number {
  // a line without value is one increment, the usual case for event counters.
  const inc = obj.value === undefined ? 1 : obj.value;
  if (typeof inc !== 'number' || !Number.isFinite(inc) || inc < 0) {
    fail('invalid_value', `"value" must be a finite number >= 0, got ${JSON.stringify(inc) ?? String(inc)}`);
  }
  return inc;
}

/** the `timestamp` of a counter object in ms since epoch, validated; undefined when absent. */
export function counterTimeMs(obj: { timestamp?: unknown }): number | undefined {
  return obj.timestamp === undefined ? undefined : timestampMs(obj.timestamp);
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
  const metric = metricNameOf(options.namespace, obj.name);
  if (!metric)
    fail(
      'invalid_name',
      `"name" ${JSON.stringify(obj.name.slice(0, 80))} is not a letter then letters, digits and _ (at most 200)`,
    );
  const inc = counterValue(obj);
  const timeMs = counterTimeMs(obj);
  const labels: Record<string, string> = {};
  if (obj.tags !== undefined && obj.tags !== null) {
    if (typeof obj.tags !== 'object' || Array.isArray(obj.tags))
      fail('invalid_tags', '"tags" must be an object');
    const tags = obj.tags as Record<string, unknown>;
    const maxTags = options.maxTags ?? DEFAULT_MAX_TAGS;
    const maxLen = options.maxTagValueLength ?? DEFAULT_MAX_TAG_VALUE_LENGTH;
    let count = 0;
    // for-in over a parsed object walks its own keys without allocating a key array per line
    for (const key in tags) {
      if (++count > maxTags) {
        fail('invalid_tags', `${Object.keys(tags).length} tags, at most ${maxTags} allowed`);
      }
      const raw = tags[key];
      const label = labelName(key);
      if (!label)
        fail('invalid_tags', `tag key ${JSON.stringify(key)} has no letters or digits usable as a label`);
      // the overflow series is the receiver's own; a tag must not add to it or pose as it.
      if (label === OVERFLOW_LABEL) fail('reserved_label', `tag "${key}" uses the reserved label "${label}"`);
      if (Object.hasOwn(labels, label)) fail('invalid_tags', `tag keys collide on label "${label}"`);
      const text = typeof raw === 'string' ? raw : tagText(key, raw);
      if (text.length > maxLen) fail('invalid_tags', `tag "${key}" is longer than ${maxLen} characters`);
      labels[label] = text;
    }
  }
  return timeMs === undefined ? { metric, value: inc, labels } : { metric, value: inc, labels, timeMs };
}

/** parses one line of counters.jsonl. */
export function parseCounterLine(bytes: Buffer, options: ParserOptions): CounterIncrement {
  return parseCounterText(bytes.toString('utf8'), { bytes }, options);
}

/**
 * parses one line of counters.jsonl already decoded; `raw.bytes` (read only when needed) are the
 * bytes it was decoded from.
 */
export function parseCounterText(
  text: string,
  raw: { readonly bytes: Buffer },
  options: ParserOptions,
): CounterIncrement {
  return parseCounterObject(parseCounterJson(text, raw), options);
}

/**
 * the JSON value of one line of counters.jsonl already decoded, not validated as a counter yet;
 * `raw.bytes` (read only when needed) are the bytes it was decoded from.
 */
export function parseCounterJson(text: string, raw: { readonly bytes: Buffer }): unknown {
  // decoding replaces invalid UTF-8 with U+FFFD, so a line without one decoded cleanly: the byte
  // check runs only for the rare line that holds one (an ASCII line is not even scanned for it).
  if (text.includes(REPLACEMENT_CHARACTER) && !isUtf8(raw.bytes))
    fail('invalid_utf8', 'line is not valid UTF-8');
  try {
    return JSON.parse(text);
  } catch (err) {
    fail('invalid_json', `not JSON: ${(err as Error).message.slice(0, 120)}`);
  }
}
