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

const METRIC_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,199}$/;

/** the exported metric name `<namespace>_<name>`; prometheus adds `_total`. */
export function metricName(namespace: string, name: string): string | undefined {
  // the namespace is an identifier, so a NUL cannot move between it and the name
  return metricNames(`${namespace}\u0000${name}`, () => computeMetricName(namespace, name));
}

function computeMetricName(namespace: string, name: string): string | undefined {
  const snake = snakeCase(name).replace(/[.\-:/]/g, '_');
  if (!METRIC_NAME.test(snake)) return undefined;
  const base = snake.endsWith('_total') ? snake.slice(0, -'_total'.length) : snake;
  return namespace ? `${namespace}_${base}` : base;
}
