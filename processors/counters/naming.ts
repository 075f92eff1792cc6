/** `taskId` -> `task_id`, `missingEvidence` -> `missing_evidence`, `HTTPStatus` -> `http_status`. */
export function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** a small memo: the same few names and tag keys repeat on every line. */
function memo<T>(fn: (key: string) => T, max = 10_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      // a bounded cache: hostile input with endless distinct keys just starts it over.
      if (cache.size >= max) cache.clear();
      v = fn(key);
      cache.set(key, v);
    }
    return v as T;
  };
}

/**
 * A prometheus-safe label name from a tag key, or undefined when nothing usable is left
 * (a key made only of symbols or non-latin letters cannot become a distinct label).
 */
export const labelName = memo(computeLabelName);

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
  return cachedMetricName(`${namespace}\u0000${name}`);
}

const cachedMetricName = memo((key: string) => {
  const cut = key.indexOf('\u0000'); // the namespace never holds one, the name might
  const namespace = key.slice(0, cut);
  const name = key.slice(cut + 1);
  const snake = snakeCase(name).replace(/[.\-:/]/g, '_');
  if (!METRIC_NAME.test(snake)) return undefined;
  const base = snake.endsWith('_total') ? snake.slice(0, -'_total'.length) : snake;
  return namespace ? `${namespace}_${base}` : base;
});
