import { type BackendOptions, type BackendResult, getJson, getText, missing } from './http';

/** one series of a range query: its labels and [unix seconds, value] points. */
export interface PromSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

/** one series of an instant query: its labels and [unix seconds, value]. */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

interface PromAnswer<R = PromSeries> {
  status: string;
  error?: string;
  data?: { resultType: string; result: R[] };
}

/** quotes a value for a PromQL label matcher: backslash and double quote escaped, newlines too. */
export function promString(value: string): string {
  return JSON.stringify(value);
}

/** the Prometheus HTTP API: readiness, instant and range queries. */
export class PrometheusClient {
  constructor(private readonly options: BackendOptions) {}

  async ready(): Promise<BackendResult<true>> {
    const res = await getText(`${this.options.url}/-/ready`, this.options.timeoutMs);
    return res.ok ? { ok: true, data: true } : res;
  }

  /** `GET /api/v1/query`, evaluated now. */
  async query(query: string): Promise<BackendResult<PromSample[]>> {
    const params = new URLSearchParams({ query });
    const res = await getJson<PromAnswer<PromSample>>(
      `${this.options.url}/api/v1/query?${params}`,
      this.options.timeoutMs,
    );
    if (!res.ok) return res;
    if (res.data.status !== 'success' || !res.data.data)
      return missing(`query failed: ${res.data.error ?? 'no data'}`);
    return { ok: true, data: res.data.data.result };
  }

  /** `GET /api/v1/query_range`; start and end in unix seconds. */
  async queryRange(
    query: string,
    startS: number,
    endS: number,
    stepS: number,
  ): Promise<BackendResult<PromSeries[]>> {
    const params = new URLSearchParams({
      query,
      start: String(startS),
      end: String(endS),
      step: String(stepS),
    });
    const res = await getJson<PromAnswer>(
      `${this.options.url}/api/v1/query_range?${params}`,
      this.options.timeoutMs,
    );
    if (!res.ok) return res;
    if (res.data.status !== 'success' || !res.data.data)
      return missing(`query failed: ${res.data.error ?? 'no data'}`);
    return { ok: true, data: res.data.data.result };
  }
}
