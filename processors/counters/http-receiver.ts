import type { Server } from 'node:http';
import type { Request, Response } from 'express';
import { createHttpApp, errorHandler, listen } from '../shared/http-server';
import { type CounterIncrement, CounterLineError, type ParserOptions, parseCounterObject } from './parser';

export interface CountersHttpOptions {
  host: string;
  port: number;
  bearerToken?: string;
  bodyLimit: string;
  parser: ParserOptions;
  /** applies accepted increments and resolves once they are in a checkpoint. */
  apply(increments: CounterIncrement[]): Promise<void>;
  reject(reason: string): void;
  health(): object;
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

/**
 * POST /v1/counters accepts counters in the file's schema. The response comes after the accepted
 * counters are checkpointed, so an acknowledged counter survives a crash; rejected ones are named
 * by index and reason, and the rest of the request is still accepted.
 */
export async function startCountersHttp(options: CountersHttpOptions): Promise<Server> {
  const app = createHttpApp(options, options.health, (reason) => options.reject(`http_${reason}`));
  app.post('/v1/counters', async (req: Request, res: Response) => {
    const accepted: CounterIncrement[] = [];
    const rejected: { index: number; reason: string; error: string }[] = [];
    items(req.body).forEach((item, index) => {
      try {
        if (item instanceof CounterLineError) throw item;
        accepted.push(parseCounterObject(item, options.parser));
      } catch (err) {
        const reason = err instanceof CounterLineError ? err.reason : 'invalid_json';
        options.reject(reason);
        rejected.push({ index, reason, error: (err as Error).message });
      }
    });
    if (accepted.length > 0) await options.apply(accepted);
    const status = accepted.length === 0 && rejected.length > 0 ? 400 : 200;
    res.status(status).json({ accepted: accepted.length, rejected });
  });
  app.use(errorHandler((reason) => options.reject(`http_${reason}`)));
  return listen(app, options);
}
