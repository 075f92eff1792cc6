// instant queries against the Prometheus HTTP API (`GET /api/v1/query`), evaluated at the
// report's end time. every failure is a BackendError naming the query and the cause.

export class BackendError extends Error {
  override name = 'BackendError';
}

interface PromVector {
  status: string;
  error?: string;
  errorType?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

export type InstantQuery = (promql: string) => Promise<Map<string, number>>;

/**
 * a query function keyed by one label (agent_id, or '' for a series without it). NaN values
 * (a quantile of an empty histogram) are left out: they are no data, not a figure.
 */
export function prometheusQuery(baseUrl: string, timeS: number, timeoutMs = 30_000): InstantQuery {
  const base = baseUrl.replace(/\/+$/, '');
  return async (promql) => {
    const params = new URLSearchParams({ query: promql, time: String(timeS) });
    let res: Response;
    try {
      res = await fetch(`${base}/api/v1/query`, {
        method: 'POST',
        body: params,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const why =
        e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
      throw new BackendError(`prometheus at ${base} is unreachable (${why})`);
    }
    const text = await res.text();
    let body: PromVector;
    try {
      body = JSON.parse(text) as PromVector;
    } catch {
      throw new BackendError(
        `prometheus at ${base} answered HTTP ${res.status} with no JSON: ${text.slice(0, 200)}`,
      );
    }
    if (body.status !== 'success' || body.data?.resultType !== 'vector') {
      throw new BackendError(
        `prometheus at ${base} refused the query (${body.errorType ?? `HTTP ${res.status}`}: ${body.error ?? body.data?.resultType}): ${promql}`,
      );
    }
    const out = new Map<string, number>();
    for (const { metric, value } of body.data.result) {
      const n = Number(value[1]);
      if (!Number.isNaN(n)) out.set(metric.agent_id ?? '', n);
    }
    return out;
  };
}
