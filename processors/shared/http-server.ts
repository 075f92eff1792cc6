import { createServer, type RequestListener, type Server } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { authFailureCounter, bearerGuard } from './bearer-auth';
import { DEFAULT_BODY_LIMIT, DEFAULT_HOST, type HttpConfig } from './http-config';

/** Options every processor listener shares. */
export interface HttpListenerOptions {
  /** interface to bind. Default: 127.0.0.1, so nothing is exposed off-host unless asked. */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** when set, every route but the health check needs `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** largest accepted request body, as accepted by express (e.g. '1mb'). Default: '1mb'. */
  bodyLimit?: string;
}

/** a service's listener config block (snake_case keys) as listener options. */
export function listenerOptions(http: HttpConfig): HttpListenerOptions {
  return { host: http.host, port: http.port, bearerToken: http.bearer_token, bodyLimit: http.body_limit };
}

/** Called for each rejected request, so the service can count rejections by reason. */
export type RejectionCounter = (reason: string) => void;

/** what a service adds to its listener: its name, health and where refusals are counted. */
export interface HttpAppHooks {
  /** the listener's name in 401 answers and the `listener` label of the failed-auth counter. */
  listener: string;
  /** the body of `/healthz`, besides `status: ok`. */
  health: () => object;
  /** counts each rejected request by reason (`unauthorized` included, as before). */
  onReject?: RejectionCounter;
  /** the service's own meter: failed token checks go to `agent_otel_auth_failures_total`. */
  meter?: Meter;
}

/**
 * An express app with the shared guards: bearer token, JSON body limit and a health route.
 * Routes added later by the service sit behind the guards; `/healthz` never needs the token.
 */
export function createHttpApp(options: HttpListenerOptions, hooks: HttpAppHooks): Express {
  const onReject = hooks.onReject ?? (() => {});
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', ...hooks.health() });
  });
  if (options.bearerToken) {
    const countFailure = authFailureCounter(hooks.meter, hooks.listener);
    app.use(
      bearerGuard({
        token: options.bearerToken,
        listener: hooks.listener,
        onFailure: (reason) => {
          countFailure(reason);
          onReject('unauthorized');
        },
      }),
    );
  }
  app.use(express.json({ limit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, strict: false }));
  app.use(
    express.text({
      limit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      type: ['text/*', 'application/x-ndjson'],
    }),
  );
  return app;
}

/** Turns body-parser failures (too large, bad JSON) into clear JSON errors; add it last. */
export function errorHandler(onReject: RejectionCounter = () => {}) {
  return (
    err: Error & { type?: string; status?: number },
    _req: Request,
    res: Response,
    _next: NextFunction,
  ) => {
    if (err.type === 'entity.too.large') {
      onReject('body_too_large');
      res.status(413).json({ error: `request body is larger than the limit: ${err.message}` });
      return;
    }
    if (err.type === 'entity.parse.failed') {
      onReject('invalid_json');
      res.status(400).json({ error: `request body is not valid JSON: ${err.message}` });
      return;
    }
    onReject('internal');
    res.status(err.status ?? 500).json({ error: err.message });
  };
}

/**
 * Starts listening and resolves with the bound server (its address has the real port). Takes an
 * express app or any node:http handler (e.g. one that serves a hot route before express).
 */
export function listen(handler: Express | RequestListener, options: HttpListenerOptions): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler as RequestListener);
    server.listen(options.port, options.host ?? DEFAULT_HOST);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}
