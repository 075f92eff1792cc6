import { createHash, timingSafeEqual } from 'node:crypto';
import type { Meter } from '@opentelemetry/api';

// the one bearer-token check of every listener, the services' and the SDK's admin endpoint alike:
// plain functions, so that a node:http handler checks tokens the same way; processors/shared/
// bearer-auth.ts adds the express form.

/** the outcome of a token check; `missing` and `invalid` are also the failure counter's reasons. */
export type BearerCheck = 'ok' | 'missing' | 'invalid';
export type AuthFailureReason = Exclude<BearerCheck, 'ok'>;

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * checks an `Authorization` header against the expected token. No header (or an empty one) is
 * `missing`; any other scheme or token is `invalid`. The scheme is case-insensitive (RFC 7235).
 */
export function checkBearer(header: string | undefined, token: string): BearerCheck {
  if (header === undefined || header.trim() === '') return 'missing';
  const presented = BEARER.exec(header)?.[1];
  if (presented === undefined) return 'invalid';
  // digests have the same length whatever was sent, so the comparison time tells neither the
  // token's bytes nor its length.
  return timingSafeEqual(digest(presented), digest(token)) ? 'ok' : 'invalid';
}

/** the 401 answer: what is wrong and how to fix it, never the token itself. */
export function authFailureBody(reason: AuthFailureReason, listener: string): { error: string } {
  return {
    error:
      reason === 'missing'
        ? `missing bearer token: the ${listener} listener needs the header 'Authorization: Bearer <token>'`
        : `invalid bearer token: the Authorization header of this request does not carry the ${listener} listener's token`,
  };
}

/** the `WWW-Authenticate` header of a 401 (RFC 6750). */
export function authChallenge(reason: AuthFailureReason): string {
  return reason === 'missing'
    ? 'Bearer realm="agent-otel"'
    : 'Bearer realm="agent-otel", error="invalid_token"';
}

/** counts one failed token check. */
export type AuthFailureRecorder = (reason: AuthFailureReason) => void;

export const AUTH_FAILURES_METRIC = 'agent_otel.auth_failures';

/**
 * `agent_otel_auth_failures_total{listener,reason}` in the service's own telemetry. Both reasons
 * start at 0, so the first failures already show as an increase() in prometheus.
 */
export function authFailureCounter(meter: Meter | undefined, listener: string): AuthFailureRecorder {
  if (!meter) return () => {};
  const counter = meter.createCounter(AUTH_FAILURES_METRIC, {
    description: 'requests refused for a missing or invalid bearer token, by listener and reason',
  });
  counter.add(0, { listener, reason: 'missing' });
  counter.add(0, { listener, reason: 'invalid' });
  return (reason) => counter.add(1, { listener, reason });
}
