import { eventually } from '../helpers/poll';
import { ENDPOINTS } from './stack';

// the suites import the polling assertion from here too.
export { eventually } from '../helpers/poll';

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

/** one log record from VictoriaLogs: `_msg`, `_time`, `_stream` and every other field, as strings. */
export type LogRecord = Record<string, string>;

/** POSTs a LogsQL query to VictoriaLogs and returns its JSON-lines answer as records. */
async function logsql(query: string, limit?: number): Promise<LogRecord[]> {
  const form = new URLSearchParams({ query });
  if (limit !== undefined) form.set('limit', String(limit));
  const url = `${ENDPOINTS.victorialogs}/select/logsql/query`;
  const res = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} (${query}) -> ${res.status}: ${text.slice(0, 300)}`);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogRecord);
}

/** log records matching a LogsQL query (e.g. `{service.name="x"} "some phrase"`), oldest first. */
export function logsQuery(query: string, limit = 1000): Promise<LogRecord[]> {
  return logsql(`${query} | sort by (_time)`, limit);
}

/** how many log records match a LogsQL query, counted by VictoriaLogs itself. */
export async function logsCount(query: string): Promise<number> {
  const [row] = await logsql(`${query} | stats count() as n`);
  return Number(row?.n ?? 0);
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
