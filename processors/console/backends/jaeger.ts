import { type BackendOptions, type BackendResult, getJson, missing } from './http';

/** a tag of a span or process in Jaeger's JSON API. */
export interface JaegerTag {
  key: string;
  type?: string;
  value: unknown;
}

/** a span as Jaeger's query API returns it: times in microseconds. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: { refType: string; traceID: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags?: JaegerTag[];
  logs?: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags?: JaegerTag[] }>;
}

interface JaegerAnswer {
  data?: JaegerTrace[] | null;
  errors?: { code: number; msg: string }[] | null;
}

/** hex trace ids only, so an id from a URL can never reach another Jaeger route. */
export const TRACE_ID = /^[0-9a-f]{1,32}$/i;

/** the Jaeger query API (`/api/traces`). */
export class JaegerClient {
  constructor(private readonly options: BackendOptions) {}

  async ready(): Promise<BackendResult<true>> {
    const res = await getJson<unknown>(`${this.options.url}/api/services`, this.options.timeoutMs);
    return res.ok ? { ok: true, data: true } : res;
  }

  /** recent traces of a service, newest first as Jaeger returns them. */
  async traces(service: string, limit: number, lookbackS: number): Promise<BackendResult<JaegerTrace[]>> {
    const end = Date.now() * 1000;
    const params = new URLSearchParams({
      service,
      limit: String(limit),
      start: String(end - lookbackS * 1_000_000),
      end: String(end),
    });
    const res = await getJson<JaegerAnswer>(
      `${this.options.url}/api/traces?${params}`,
      this.options.timeoutMs,
    );
    if (!res.ok) return res;
    // jaeger answers an unknown service with an empty list, not an error.
    return { ok: true, data: res.data.data ?? [] };
  }

  /** one trace; `missing` says whether Jaeger is down or the trace is not there. */
  async trace(traceId: string): Promise<BackendResult<JaegerTrace>> {
    if (!TRACE_ID.test(traceId)) return missing(`'${traceId}' is not a trace id`);
    const res = await getJson<JaegerAnswer>(
      `${this.options.url}/api/traces/${traceId}`,
      this.options.timeoutMs,
    );
    if (!res.ok) return res.missing.startsWith('HTTP 404') ? missing('trace not found') : res;
    const trace = res.data.data?.[0];
    return trace ? { ok: true, data: trace } : missing('trace not found');
  }
}
