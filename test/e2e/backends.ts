import { ENDPOINTS } from './stack';

/** polls `probe` until it returns a value (not undefined), or fails with the last reason. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const reason = lastError ? `: ${(lastError as Error).message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} -> ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  tags: { key: string; value: unknown }[];
  processID: string;
}
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

/** traces of a service from Jaeger's query API, optionally filtered by span tags. */
export async function jaegerTraces(service: string, tags?: Record<string, string>): Promise<JaegerTrace[]> {
  const params = new URLSearchParams({ service, limit: '100', lookback: '1h' });
  if (tags) params.set('tags', JSON.stringify(tags));
  const body = await getJson<{ data?: JaegerTrace[] }>(`${ENDPOINTS.jaeger}/api/traces?${params}`);
  return body.data ?? [];
}

export async function jaegerTrace(traceId: string): Promise<JaegerTrace | undefined> {
  const res = await fetch(`${ENDPOINTS.jaeger}/api/traces/${traceId}`);
  if (res.status === 404) return undefined;
  const body = (await res.json()) as { data?: JaegerTrace[] };
  return body.data?.[0];
}

export function tagValue(tags: { key: string; value: unknown }[], key: string): unknown {
  return tags.find((t) => t.key === key)?.value;
}

export interface LokiStream {
  stream: Record<string, string>;
  values: [string, string, Record<string, string>?][];
}

/** log streams matching a LogQL query over the last hour. */
export async function lokiQuery(logql: string): Promise<LokiStream[]> {
  const now = Date.now();
  const params = new URLSearchParams({
    query: logql,
    start: String((now - 3600_000) * 1e6),
    end: String((now + 60_000) * 1e6),
    limit: '1000',
    direction: 'forward',
  });
  const body = await getJson<{ data?: { result?: LokiStream[] } }>(
    `${ENDPOINTS.loki}/loki/api/v1/query_range?${params}`,
  );
  return body.data?.result ?? [];
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** an instant PromQL query. */
export async function promQuery(promql: string): Promise<PromSample[]> {
  const params = new URLSearchParams({ query: promql });
  const body = await getJson<{ data?: { result?: PromSample[] } }>(
    `${ENDPOINTS.prometheus}/api/v1/query?${params}`,
  );
  return body.data?.result ?? [];
}

/** waits until a PromQL query returns at least one sample satisfying `accept`. */
export function promEventually(
  promql: string,
  accept: (samples: PromSample[]) => boolean = (s) => s.length > 0,
  timeoutMs = 30_000,
): Promise<PromSample[]> {
  return eventually(
    `prometheus: ${promql}`,
    async () => {
      const samples = await promQuery(promql);
      return accept(samples) ? samples : undefined;
    },
    timeoutMs,
  );
}
