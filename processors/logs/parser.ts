import { SeverityNumber } from '@opentelemetry/api-logs';

/** one log record, before it becomes an OTLP log record. */
export interface ParsedLog {
  /** ms since epoch, when the line carries a time. */
  timeMs?: number;
  severityText?: string;
  severityNumber: SeverityNumber;
  body: string;
  attributes: Record<string, string | number | boolean>;
  traceId?: string;
  spanId?: string;
}

const LEVELS: [RegExp, SeverityNumber, string][] = [
  [/^(trace|trc)$/i, SeverityNumber.TRACE, 'TRACE'],
  [/^(debug|dbg)$/i, SeverityNumber.DEBUG, 'DEBUG'],
  [/^(info|information|notice|inf)$/i, SeverityNumber.INFO, 'INFO'],
  [/^(warn|warning|wrn)$/i, SeverityNumber.WARN, 'WARN'],
  [/^(error|err|eror)$/i, SeverityNumber.ERROR, 'ERROR'],
  [/^(fatal|critical|crit|panic|emerg|alert)$/i, SeverityNumber.FATAL, 'FATAL'],
];

/** a level word or a pino/bunyan number (10..60) to OTLP severity. */
export function severityOf(level: unknown): { number: SeverityNumber; text?: string } {
  if (typeof level === 'number') {
    const table: [number, SeverityNumber, string][] = [
      [60, SeverityNumber.FATAL, 'FATAL'],
      [50, SeverityNumber.ERROR, 'ERROR'],
      [40, SeverityNumber.WARN, 'WARN'],
      [30, SeverityNumber.INFO, 'INFO'],
      [20, SeverityNumber.DEBUG, 'DEBUG'],
      [10, SeverityNumber.TRACE, 'TRACE'],
    ];
    const hit = table.find(([min]) => level >= min);
    return hit ? { number: hit[1], text: hit[2] } : { number: SeverityNumber.UNSPECIFIED };
  }
  if (typeof level !== 'string') return { number: SeverityNumber.UNSPECIFIED };
  const hit = LEVELS.find(([re]) => re.test(level.trim()));
  return hit ? { number: hit[1], text: hit[2] } : { number: SeverityNumber.UNSPECIFIED, text: level };
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp'];
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'levelname', 'log.level'];
const MESSAGE_KEYS = ['msg', 'message', 'body'];
const TRACE_KEYS = ['trace_id', 'traceId', 'trace.id', 'traceid'];
const SPAN_KEYS = ['span_id', 'spanId', 'span.id', 'spanid'];

/** ISO strings, or epoch seconds / milliseconds. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return value < 1e11 ? value * 1000 : value; // seconds before ~5138, milliseconds after
  }
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

function pick(obj: Record<string, unknown>, keys: string[]): [string, unknown] | undefined {
  for (const k of keys) if (k in obj) return [k, obj[k]];
  return undefined;
}

function lowerHex(value: unknown, re: RegExp): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.toLowerCase();
  return re.test(v) && !/^0+$/.test(v) ? v : undefined;
}

/** a JSON log line: known keys become time, severity, body, trace context; the rest attributes. */
export function parseJsonLog(obj: Record<string, unknown>): ParsedLog {
  const rest: Record<string, unknown> = { ...obj };
  const take = (keys: string[]) => {
    const hit = pick(rest, keys);
    if (hit) delete rest[hit[0]];
    return hit?.[1];
  };
  const timeMs = timeOf(take(TIME_KEYS));
  const sev = severityOf(take(LEVEL_KEYS));
  const message = take(MESSAGE_KEYS);
  const traceId = lowerHex(take(TRACE_KEYS), TRACE_ID);
  const spanId = lowerHex(take(SPAN_KEYS), SPAN_ID);
  const attributes: ParsedLog['attributes'] = {};
  for (const [k, v] of Object.entries(rest)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attributes[k] = v;
    else if (v !== null && v !== undefined) attributes[k] = JSON.stringify(v);
  }
  const body = typeof message === 'string' ? message : message === undefined ? '' : JSON.stringify(message);
  return { timeMs, severityNumber: sev.number, severityText: sev.text, body, attributes, traceId, spanId };
}

const LEADING_TIME = /^\[?(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)\]?\s*/;
const LEVEL_WORD = /\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC)\b/i;
const TEXT_TRACE = /\btrace[_.-]?id[=:]\s*"?([0-9a-fA-F]{32})\b/;
const TEXT_SPAN = /\bspan[_.-]?id[=:]\s*"?([0-9a-fA-F]{16})\b/;

/** a plain text line: an optional leading time, the first level word, trace_id=... if present. */
export function parseTextLog(line: string): ParsedLog {
  const t = LEADING_TIME.exec(line);
  const timeMs = t ? timeOf(t[1].replace(' ', 'T').replace(',', '.')) : undefined;
  const level = LEVEL_WORD.exec(line.slice(0, 200));
  const sev = level ? severityOf(level[1]) : { number: SeverityNumber.UNSPECIFIED, text: undefined };
  return {
    timeMs,
    severityNumber: sev.number,
    severityText: sev.text,
    body: line,
    attributes: {},
    traceId: lowerHex(TEXT_TRACE.exec(line)?.[1], TRACE_ID),
    spanId: lowerHex(TEXT_SPAN.exec(line)?.[1], SPAN_ID),
  };
}

/** JSON when the line is a JSON object, plain text otherwise. */
export function parseLogLine(line: string, format: 'auto' | 'json' | 'text' = 'auto'): ParsedLog {
  if (format !== 'text' && line.trimStart().startsWith('{')) {
    try {
      const obj = JSON.parse(line) as unknown;
      if (obj && typeof obj === 'object' && !Array.isArray(obj))
        return parseJsonLog(obj as Record<string, unknown>);
    } catch {
      // not JSON after all: keep the line as text rather than lose it.
    }
  }
  const parsed = parseTextLog(line);
  if (format === 'json') parsed.attributes['log.parse_error'] = 'not a JSON object';
  return parsed;
}
