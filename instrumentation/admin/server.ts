import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { context, diag, logs, metrics, SeverityNumber, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  type AuthFailureRecorder,
  authChallenge,
  authFailureBody,
  authFailureCounter,
  checkBearer,
} from '../../protocol/bearer-token';
import type { ResolvedAdmin } from '../config/admin';
import type { CpuProfileResult } from './cpu-profile';

// the SDK's admin endpoint inside the application's process. one route, so plain node:http: a
// framework (express) here would load into every instrumented app, and its instrumentation would
// patch it. it binds loopback by default, needs a bearer token, reads no request body, and runs
// one profile at a time.

export const PROFILE_EVENT = 'agent_otel.profile.saved';
const MAX_URL_LENGTH = 2048;

export type Profiler = (seconds: number, dir: string, agentId: string) => Promise<CpuProfileResult>;

export interface AdminServerDeps {
  agentId: string;
  profile: Profiler;
}

// the listener name in agent_otel.auth_failures and in 401 answers
export const ADMIN_LISTENER = 'sdk-admin';

function send(res: ServerResponse, status: number, body: Record<string, unknown>, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export class AdminServer {
  private readonly server: Server;
  private running = false;
  private readonly authFailures: AuthFailureRecorder;

  constructor(
    private readonly cfg: ResolvedAdmin & { port: number; token: string },
    private readonly deps: AdminServerDeps,
  ) {
    // the same check and counter as every listener of the project (agent_otel_auth_failures_total)
    this.authFailures = authFailureCounter(metrics.getMeter('agent-otel'), ADMIN_LISTENER);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => send(res, 500, { error: (err as Error).message }));
    });
    this.server.requestTimeout = 10_000;
    this.server.headersTimeout = 5_000;
  }

  /** resolves with the bound address, or rejects (port taken, bad host). */
  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.cfg.port, this.cfg.host, () => {
        this.server.off('error', reject);
        // the endpoint never keeps the application alive on its own
        this.server.unref();
        const address = this.server.address();
        resolve({
          host: this.cfg.host,
          port: typeof address === 'object' && address ? address.port : this.cfg.port,
        });
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // no route takes a body: drain whatever is sent so the connection can be reused
    req.resume();
    if ((req.url ?? '').length > MAX_URL_LENGTH) return send(res, 414, { error: 'url too long' });
    const url = new URL(req.url ?? '/', 'http://admin');
    if (url.pathname === '/healthz') return send(res, 200, { ok: true });
    const auth = checkBearer(req.headers.authorization, this.cfg.token);
    if (auth !== 'ok') {
      this.authFailures(auth);
      return send(res, 401, authFailureBody(auth, ADMIN_LISTENER), {
        'www-authenticate': authChallenge(auth),
      });
    }
    if (url.pathname !== '/v1/profile') return send(res, 404, { error: `no route ${url.pathname}` });
    if (req.method !== 'POST') return send(res, 405, { error: 'use POST' }, { allow: 'POST' });
    const raw = url.searchParams.get('seconds') ?? '10';
    const seconds = Number(raw);
    const max = this.cfg.maxProfileSeconds;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > max) {
      return send(res, 400, { error: `seconds=${raw} is invalid; allowed: an integer from 1 to ${max}` });
    }
    if (this.running)
      return send(res, 409, { error: 'a profile is already running; try again when it ends' });
    this.running = true;
    try {
      send(res, 200, await this.profile(seconds));
    } finally {
      this.running = false;
    }
  }

  /** the profiling run is a span; the saved file is announced by a log event in its context. */
  private profile(seconds: number): Promise<Record<string, unknown>> {
    const tracer = trace.getTracer('agent-otel');
    return tracer.startActiveSpan(
      'agent_otel.profile',
      { attributes: { 'profile.seconds': seconds } },
      async (span) => {
        try {
          const result = await this.deps.profile(seconds, this.cfg.profileDir, this.deps.agentId);
          span.setAttribute('file.path', result.path);
          const { traceId, spanId } = span.spanContext();
          logs.getLogger('agent-otel').emit({
            eventName: PROFILE_EVENT,
            severityNumber: SeverityNumber.INFO,
            severityText: 'INFO',
            body: `cpu profile of ${seconds} s saved to ${result.path}`,
            attributes: {
              'file.path': result.path,
              'profile.seconds': seconds,
              'profile.nodes': result.nodes,
              'profile.samples': result.samples,
            },
            context: context.active(),
          });
          return {
            path: result.path,
            seconds,
            nodes: result.nodes,
            samples: result.samples,
            trace_id: traceId,
            span_id: spanId,
          };
        } catch (err) {
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
          diag.warn(`agent-otel: cpu profile failed: ${(err as Error).message}`);
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }
}

/**
 * starts the admin endpoint when a port is configured. without a token it refuses (an open
 * profiler in the application would be a hole) and says so; a bind failure is reported and the
 * application runs on. never throws.
 */
export async function startAdminServer(
  cfg: ResolvedAdmin,
  deps: AdminServerDeps,
): Promise<AdminServer | undefined> {
  if (cfg.port === undefined) return undefined;
  if (cfg.token === undefined || cfg.token === '') {
    diag.error(
      `agent-otel: AGENT_OTEL_ADMIN_PORT=${cfg.port} is set but AGENT_OTEL_ADMIN_TOKEN is not; ` +
        'the admin endpoint does not start without a bearer token',
    );
    return undefined;
  }
  const server = new AdminServer({ ...cfg, port: cfg.port, token: cfg.token }, deps);
  try {
    const address = await server.listen();
    diag.info(`agent-otel: admin endpoint on http://${address.host}:${address.port}`);
    return server;
  } catch (err) {
    diag.error(
      `agent-otel: cannot start the admin endpoint on ${cfg.host}:${cfg.port}: ${(err as Error).message}`,
    );
    return undefined;
  }
}
