/** the answer given to a request that carried an Idempotency-Key, kept to replay it. */
export interface StoredResponse {
  key: string;
  /** hash of the request body: the same key with another body is a client error, not a retry. */
  fingerprint: string;
  /** when the first answer was given (ms since epoch). */
  at: number;
  status: number;
  body: unknown;
}

export interface IdempotencyOptions {
  /** most keys remembered; the oldest is forgotten first. Default: 10,000. */
  maxKeys?: number;
  /** how long a key is remembered. Default: 24 h. */
  ttlMs?: number;
  now?: () => number;
}

export const DEFAULT_IDEMPOTENCY_MAX_KEYS = 10_000;
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** longest accepted key; keys are client-made ids (UUIDs), not payloads. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** printable ASCII without spaces, 1..255 characters. */
export function validIdempotencyKey(key: string): boolean {
  return key.length > 0 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && /^[\x21-\x7e]+$/.test(key);
}

/**
 * The answers of recent keyed requests, bounded by count and age. It is saved in the same
 * checkpoint as the totals the requests added to, so after a crash a key is known exactly when
 * its increments are counted: a retry is then either replayed or applied, never both.
 */
export class IdempotencyWindow {
  private readonly entries = new Map<string, StoredResponse>();
  private readonly maxKeys: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: IdempotencyOptions = {}, saved: StoredResponse[] = []) {
    this.maxKeys = options.maxKeys ?? DEFAULT_IDEMPOTENCY_MAX_KEYS;
    this.ttlMs = options.ttlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
    this.now = options.now ?? Date.now;
    // saved oldest first, so insertion order stays the eviction order.
    for (const r of [...saved].sort((a, b) => a.at - b.at)) this.add(r);
  }

  get(key: string): StoredResponse | undefined {
    const r = this.entries.get(key);
    if (r && this.now() - r.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return r;
  }

  add(r: StoredResponse): void {
    this.entries.delete(r.key);
    this.entries.set(r.key, r);
    this.prune();
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  /** the live entries, oldest first, for the checkpoint. */
  snapshot(): StoredResponse[] {
    this.prune();
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const cutoff = this.now() - this.ttlMs;
    // a Map iterates in insertion order, so the oldest entries come first.
    for (const [key, r] of this.entries) {
      if (this.entries.size <= this.maxKeys && r.at > cutoff) break;
      this.entries.delete(key);
    }
  }
}
