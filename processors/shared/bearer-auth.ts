import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  type AuthFailureRecorder,
  authChallenge,
  authFailureBody,
  checkBearer,
} from '../../protocol/bearer-token';

// the express form of the shared token check (protocol/bearer-token.ts).
export {
  AUTH_FAILURES_METRIC,
  type AuthFailureReason,
  type AuthFailureRecorder,
  authChallenge,
  authFailureBody,
  authFailureCounter,
  type BearerCheck,
  checkBearer,
} from '../../protocol/bearer-token';

export interface BearerGuardOptions {
  token: string;
  /** names the listener in the 401 answer, e.g. `counters`. */
  listener: string;
  /** called for every refused request. */
  onFailure: AuthFailureRecorder;
}

/** express middleware: passes requests with the token, answers 401 naming what is wrong otherwise. */
export function bearerGuard(options: BearerGuardOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const outcome = checkBearer(req.get('authorization'), options.token);
    if (outcome === 'ok') return next();
    options.onFailure(outcome);
    res.set('WWW-Authenticate', authChallenge(outcome));
    res.status(401).json(authFailureBody(outcome, options.listener));
  };
}
