/** what a backend client returns: its data, or why it has none (shown on the page as missing). */
export type BackendResult<T> = { ok: true; data: T } | { ok: false; missing: string };

export const missing = (reason: string): { ok: false; missing: string } => ({ ok: false, missing: reason });

// a backend answer larger than this is refused rather than parsed: pages show capped rows anyway.
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** GET with a timeout; any failure (refused, timeout, non-2xx, too large) becomes a missing reason. */
export async function getText(url: string, timeoutMs: number): Promise<BackendResult<string>> {
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
    if (e.name === 'TimeoutError') return missing(`no answer within ${timeoutMs} ms`);
    // node's fetch wraps the socket error; with several addresses tried, it is a list.
    const code = e.cause?.code ?? e.cause?.errors?.[0]?.code ?? e.cause?.message;
    return missing(`unreachable (${code ?? e.message})`);
  }
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) {
    await res.body?.cancel();
    return missing(`answer of ${length} bytes is over the ${MAX_BODY_BYTES} byte cap`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    return missing(`answer cut off (${(err as Error).message})`);
  }
  if (!res.ok) return missing(`HTTP ${res.status}: ${text.slice(0, 200).trim()}`);
  return { ok: true, data: text };
}

/** GET and parse JSON. */
export async function getJson<T>(url: string, timeoutMs: number): Promise<BackendResult<T>> {
  const text = await getText(url, timeoutMs);
  if (!text.ok) return text;
  try {
    return { ok: true, data: JSON.parse(text.data) as T };
  } catch {
    return missing(`answer is not JSON: ${text.data.slice(0, 120)}`);
  }
}

/** a backend's base URL and timeout, as every client takes them. */
export interface BackendOptions {
  url: string;
  timeoutMs: number;
}
