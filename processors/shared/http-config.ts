import { z } from 'zod';
import { parseByteSize } from './byte-size';

// the listener keys every service has, declared once: the counters and log receivers' `http`
// block and the heartbeat's `receiver` block spread them into their own schema, so the keys,
// defaults and checks cannot drift apart.

/** loopback by default, so nothing is exposed off-host unless asked. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_BODY_LIMIT = '1mb';

// checked here so that a bad size fails at start naming its key, instead of express silently
// falling back to its default limit; the same parser gives the node:http intake its number.

/** `host`, `port`, `bearer_token`, `body_limit`, with the service's default port. */
export function httpConfigShape(defaultPort: number) {
  return {
    /** interface to bind. */
    host: z.string().min(1).default(DEFAULT_HOST),
    /** TCP port; 0 picks a free one. */
    port: z.number().int().min(0).max(65_535).default(defaultPort),
    /** when set, every route but `/healthz` needs `Authorization: Bearer <token>`. */
    bearer_token: z.string().min(1).optional(),
    /** largest request body, e.g. `512kb`, `1mb`; larger ones get 413. */
    body_limit: z
      .string()
      .refine((v) => parseByteSize(v) !== undefined, 'must be a size like 512kb or 1mb')
      .default(DEFAULT_BODY_LIMIT),
  };
}

/** the listener keys of a service's config, after defaults. */
export interface HttpConfig {
  host: string;
  port: number;
  bearer_token?: string;
  body_limit: string;
}
