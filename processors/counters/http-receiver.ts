import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import type { Request, Response } from 'express';
import {
  type CounterIncrement,
  CounterLineError,
  type ParserOptions,
  parseCounterObject,
} from '../../protocol/counter-line';
import { createHttpApp, errorHandler, type HttpListenerOptions, listen } from '../shared/http-server';
import { type StoredResponse, validIdempotencyKey } from './idempotency';

/** seconds a client is told to wait after a failed checkpoint write. */
export const RETRY_AFTER_S = 1;

/** rejected entries kept with a replayable answer; the rest are summed in `rejectedOmitted`. */
const MAX_STORED_REJECTIONS = 100;

/** the checkpoint could not be written: nothing was applied, the client may retry. */
export class CommitError extends Error {
  override name = 'CommitError';
}

export interface CountersHttpOptions extends HttpListenerOptions {
  parser: ParserOptions;
  /**
   * applies accepted increments and resolves once they are in a checkpoint, together with the
   * answer to replay for `replay.key`; rejects with CommitError, having applied nothing.
   */
  apply(increments: CounterIncrement[], replay?: StoredResponse): Promise<void>;
  /** the remembered answer to a key, if any. */
  replayed(key: string): StoredResponse | undefined;
  reject(reason: string): void;
  health(): object;
  /** the receiver's own meter, for the failed-auth counter. */
  meter?: Meter;
}

/** the counters in a request body: a JSON object, a JSON array, or JSON lines as text. */
function items(body: unknown): unknown[] {
  if (typeof body === 'string') {
    return body
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        try {
          return JSON.parse(l) as unknown;
        } catch (err) {
          return new CounterLineError('invalid_json', `not JSON: ${(err as Error).message.slice(0, 120)}`);
        }
      });
  }
  return Array.isArray(body) ? body : [body];
}

function fingerprint(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/**
 * POST /v1/counters accepts counters in the file's schema. The answer comes only after the
 * accepted counters are checkpointed, so an acknowledged counter survives a crash; when the
 * checkpoint cannot be written the answer is 503 with Retry-After and nothing is counted.
 * Rejected items are named by index and reason, and the rest of the request is still accepted.
 *
 * with an `Idempotency-Key` header a retried request is applied once: the first answer is
 * remembered (in the checkpoint, with the totals) and replayed with `Idempotent-Replayed: true`.
 */
export async function startCountersHttp(options: CountersHttpOptions): Promise<Server> {
  const app = createHttpApp(options, {
    listener: 'counters',
    health: options.health,
    onReject: (reason) => options.reject(`http_${reason}`),
    meter: options.meter,
  });
  // keys whose first request is still being committed.
  const inFlight = new Set<string>();
  app.post('/v1/counters', async (req: Request, res: Response) => {
    const key = req.get('idempotency-key');
    if (key !== undefined && !validIdempotencyKey(key)) {
      options.reject('http_invalid_idempotency_key');
      res.status(400).json({ error: 'Idempotency-Key must be 1 to 255 printable ASCII characters' });
      return;
    }
    const print = key === undefined ? '' : fingerprint(req.body);
    if (key !== undefined) {
      const seen = options.replayed(key);
      if (seen && seen.fingerprint !== print) {
        options.reject('http_idempotency_key_reused');
        res.status(422).json({ error: `Idempotency-Key '${key}' was used before with another body` });
        return;
      }
      if (seen) {
        res.status(seen.status).set('Idempotent-Replayed', 'true').json(seen.body);
        return;
      }
      if (inFlight.has(key)) {
        res
          .status(409)
          .set('Retry-After', String(RETRY_AFTER_S))
          .json({ error: `a request with Idempotency-Key '${key}' is still being processed` });
        return;
      }
    }
    const accepted: CounterIncrement[] = [];
    const rejected: { index: number; reason: string; error: string }[] = [];
    items(req.body).forEach((item, index) => {
      try {
        if (item instanceof CounterLineError) throw item;
        accepted.push(parseCounterObject(item, options.parser));
      } catch (err) {
        const reason = err instanceof CounterLineError ? err.reason : 'invalid_json';
        rejected.push({ index, reason, error: (err as Error).message });
      }
    });
    const status = accepted.length === 0 && rejected.length > 0 ? 400 : 200;
    const body = { accepted: accepted.length, rejected };
    if (accepted.length > 0) {
      const stored =
        rejected.length > MAX_STORED_REJECTIONS
          ? {
              accepted: accepted.length,
              rejected: rejected.slice(0, MAX_STORED_REJECTIONS),
              rejectedOmitted: rejected.length - MAX_STORED_REJECTIONS,
            }
          : body;
      const replay =
        key === undefined ? undefined : { key, fingerprint: print, at: Date.now(), status, body: stored };
      if (key !== undefined) inFlight.add(key);
      try {
        await options.apply(accepted, replay);
      } catch (err) {
        if (!(err instanceof CommitError)) throw err;
        options.reject('http_commit_failed');
        res
          .status(503)
          .set('Retry-After', String(RETRY_AFTER_S))
          .json({ error: `not counted, retry: ${err.message}` });
        return;
      } finally {
        if (key !== undefined) inFlight.delete(key);
      }
    }
    // rejections count once the answer is final, so a retried 503 does not count them twice.
    for (const r of rejected) options.reject(r.reason);
    res.status(status).json(body);
  });
  app.use(errorHandler((reason) => options.reject(`http_${reason}`)));
  return listen(app, options);
}
