// the naming rules of a counter, shared by the SDK's `counter()` and the counters receiver, so a
// counter has one series name whichever way it arrives (the SDK's OTLP, a file line, HTTP):
//
// - name: an ASCII letter, then ASCII letters, digits and `_`, at most 200 characters (a
//   prometheus metric name without `:`, which is reserved for recording rules, and without a
//   leading `_`, since `__` names are prometheus' own). camelCase becomes snake_case and a trailing
//   `_total` is dropped (prometheus adds it). Anything else (`a.b`, `a-b`, `_x`, `1x`) is refused,
//   not rewritten, so two names can never silently become one series.
// - namespace: empty, or a prometheus identifier; the series is `<namespace>_<name>`.
// - tag key -> label name: snake_case, other characters become `_`, leading and trailing `_` go
//   (so no label can start with prometheus' reserved `__`), a leading digit gets `tag_`; a key
//   with nothing usable left is refused, and so is the reserved overflow label.

/** a counter name as written by agents (before snake_case). */
export const COUNTER_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,199}$/;

/** a metric namespace (prefix): empty or a prometheus identifier. */
export const COUNTER_NAMESPACE = /^([a-zA-Z_][a-zA-Z0-9_]*)?$/;

/** the label of the overflow series (OpenTelemetry's convention); reserved, no tag may use it. */
export const OVERFLOW_LABEL = 'otel_metric_overflow';

/** `taskId` -> `task_id`, `missingEvidence` -> `missing_evidence`, `HTTPStatus` -> `http_status`. */
export function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * a bounded memo: the same few names and tag keys repeat on every line. hostile input with
 * endless distinct keys just starts it over.
 */
function boundedCache<T>(max = 10_000): (key: string, compute: () => T) => T {
  const cache = new Map<string, T>();
  return (key, compute) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    if (cache.size >= max) cache.clear();
    const value = compute();
    cache.set(key, value);
    return value;
  };
}

const labelNames = boundedCache<string | undefined>();
const metricNames = boundedCache<string | undefined>();

/**
 * A prometheus-safe label name from a tag key, or undefined when nothing usable is left
 * (a key made only of symbols or non-latin letters cannot become a distinct label).
 */
export function labelName(key: string): string | undefined {
  return labelNames(key, () => computeLabelName(key));
}

function computeLabelName(key: string): string | undefined {
  const name = snakeCase(key)
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/[a-z0-9]/.test(name)) return undefined;
  return /^[0-9]/.test(name) ? `tag_${name}` : name;
}

/** the exported metric name `<namespace>_<name>` (prometheus adds `_total`), or undefined when refused. */
export function metricName(namespace: string, name: string): string | undefined {
  // the namespace is an identifier, so a NUL cannot move between it and the name
  return metricNames(`${namespace}\u0000${name}`, () => computeMetricName(namespace, name));
}

function computeMetricName(namespace: string, name: string): string | undefined {
  if (!COUNTER_NAME.test(name)) return undefined;
  const snake = snakeCase(name);
  const base = snake.endsWith('_total') ? snake.slice(0, -'_total'.length) : snake;
  return namespace ? `${namespace}_${base}` : base;
}
