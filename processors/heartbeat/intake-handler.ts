import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { HEARTBEAT_PATH } from '../../protocol/heartbeat';
import { type AuthFailureRecorder, authChallenge, authFailureBody, checkBearer } from '../shared/bearer-auth';
import { parseByteSize } from '../shared/byte-size';
import type { ServiceLogger } from '../shared/logger';
import type { Fleet } from './fleet';
import { parseHeartbeatBody, type RejectedItem } from './intake';

export interface IntakeHandlerOptions {
  fleet: Fleet;
  /** counts refused requests and items by reason (`heartbeat_rejected_total{reason}`). */
  count: (reason: string, n: number) => void;
  log: ServiceLogger;
  /** most heartbeats in one request (`receiver.max_batch`). */
  maxBatch: number;
  /** largest body, express-style (`receiver.body_limit`, e.g. '1mb'). */
  bodyLimit: string;
  /** when set, requests need `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** counts refused tokens (`agent_otel_auth_failures_total{listener="heartbeat"}`). */
  onAuthFailure?: AuthFailureRecorder;
  now: () => number;
}

/** handles the request and returns true when it is heartbeat intake; false leaves it to the caller. */
export type IntakeHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([\w-]+)"?/i;

const JSON_UTF8 = 'application/json; charset=utf-8';

/** response headers as node:http's flat list, which it writes without building a header map. */
function headersFor(text: string, close: boolean): string[] {
  const headers = ['content-type', JSON_UTF8, 'content-length', String(Buffer.byteLength(text))];
  // the rest of an oversized body is never read, so the connection cannot be reused.
  if (close) headers.push('connection', 'close');
  return headers;
}

function sendText(res: ServerResponse, status: number, text: string, headers: string[]): void {
  res.writeHead(status, headers);
  res.end(text);
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  sendText(res, status, text, headersFor(text, close));
}

// the answer to nearly every request (one heartbeat, accepted), built once.
const ONE_ACCEPTED = JSON.stringify({ accepted: 1, rejected: [] });
const ONE_ACCEPTED_HEADERS = headersFor(ONE_ACCEPTED, false);

/** the body as sent, decompressed per `encoding`; undefined for an encoding not served. */
function decoded(req: IncomingMessage, encoding: string): Readable | undefined {
  switch (encoding) {
    case 'identity':
      return req;
    case 'gzip':
    case 'x-gzip':
      return req.pipe(createGunzip());
    case 'deflate':
      return req.pipe(createInflate());
    case 'br':
      return req.pipe(createBrotliDecompress());
    default:
      return undefined;
  }
}

/**
 * `POST /v1/heartbeats` on node:http, ahead of express: intake is the one route hit once per
 * agent per period, so it skips the router, middleware stack and body-parser. It keeps their
 * guards: bearer token, body limit (also after decompression), JSON content type and charset,
 * and the same answers and rejection reasons as the rest of the receiver.
 */
export function createIntakeHandler(options: IntakeHandlerOptions): IntakeHandler {
  const limit = parseByteSize(options.bodyLimit);
  if (limit === undefined) throw new Error(`receiver.body_limit: not a size: '${options.bodyLimit}'`);
  const tooLarge = `request body is larger than the limit of ${options.bodyLimit} (${limit} bytes, receiver.body_limit)`;
  const loggedReasons = new Set<string>();
  // each kind of bad input is logged once; the rejected-heartbeats metric counts every one.
  const reject = (reason: string, n: number, detail: string) => {
    options.count(reason, n);
    if (!loggedReasons.has(reason)) {
      loggedReasons.add(reason);
      options.log.warn(
        `heartbeat rejected (${reason}): ${detail}; further ones are only counted in heartbeat_rejected`,
      );
    }
  };
  const refuse = (res: ServerResponse, status: number, reason: string, error: string, close = false) => {
    reject(reason, 1, error);
    send(res, status, { error }, close);
  };

  /** true when `type` is JSON in UTF-8; otherwise refuses the request and returns false. */
  const checkType = (res: ServerResponse, type: string): boolean => {
    if (!JSON_TYPE.test(type)) {
      refuse(
        res,
        400,
        'invalid_body',
        'body must be a JSON heartbeat object or an array of them (Content-Type: application/json)',
      );
      return false;
    }
    const charset = CHARSET.exec(type)?.[1].toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      refuse(res, 415, 'unsupported_encoding', `unsupported charset "${charset}": send UTF-8 JSON`);
      return false;
    }
    return true;
  };
  // a sender sends the same content type every time: the last accepted one skips the checks.
  let lastGoodType: string | undefined;

  const apply = (res: ServerResponse, text: string) => {
    let body: unknown;
    try {
      body = text.length === 0 ? undefined : JSON.parse(text);
    } catch (err) {
      refuse(res, 400, 'invalid_json', `request body is not valid JSON: ${(err as Error).message}`);
      return;
    }
    const parsed = parseHeartbeatBody(body, options.maxBatch);
    if (typeof parsed === 'string') {
      refuse(res, 400, 'invalid_body', parsed);
      return;
    }
    const nowMs = options.now();
    let rejected: RejectedItem[] = parsed.rejected;
    if (rejected.length > 0) reject('invalid_item', rejected.length, rejected[0].error);
    let accepted = 0;
    for (const { index, heartbeat } of parsed.items) {
      const error = options.fleet.receive(heartbeat, nowMs);
      if (error === undefined) {
        accepted++;
        continue;
      }
      reject('agent_cap', 1, error);
      if (rejected === parsed.rejected) rejected = [...rejected];
      rejected.push({ index, error });
    }
    if (rejected.length > 1) rejected.sort((a, b) => a.index - b.index);
    const summaries = parsed.summaryRejected;
    if (summaries.length === 0) {
      if (accepted === 1 && rejected.length === 0) sendText(res, 202, ONE_ACCEPTED, ONE_ACCEPTED_HEADERS);
      else send(res, 202, { accepted, rejected });
      return;
    }
    // the heartbeat counts for liveness; only its summary is dropped, and the answer says why.
    reject('invalid_summary', summaries.length, summaries[0].error);
    send(res, 202, { accepted, rejected, summary_rejected: summaries });
  };

  return (req, res) => {
    const url = req.url ?? '';
    if (req.method !== 'POST' || (url !== HEARTBEAT_PATH && !url.startsWith(`${HEARTBEAT_PATH}?`)))
      return false;
    if (options.bearerToken !== undefined) {
      // the same check, answer and counters as every other guarded route of the listener.
      const outcome = checkBearer(req.headers.authorization, options.bearerToken);
      if (outcome !== 'ok') {
        options.onAuthFailure?.(outcome);
        res.setHeader('www-authenticate', authChallenge(outcome));
        refuse(res, 401, 'unauthorized', authFailureBody(outcome, 'heartbeat').error);
        return true;
      }
    }
    const type = req.headers['content-type'] ?? '';
    if (type !== lastGoodType) {
      if (!checkType(res, type)) return true;
      lastGoodType = type;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      refuse(res, 413, 'body_too_large', tooLarge, true);
      return true;
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const source = decoded(req, encoding);
    if (!source) {
      refuse(res, 415, 'unsupported_encoding', `unsupported content encoding "${encoding}"`, true);
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    source.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        refuse(res, 413, 'body_too_large', tooLarge, true);
        return;
      }
      chunks.push(chunk);
    });
    source.on('end', () => {
      if (done) return;
      done = true;
      const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      apply(res, buf.toString('utf8'));
    });
    source.on('error', (err: Error) => {
      if (done) return;
      done = true;
      // a broken gzip stream, or a request aborted halfway (then the answer goes nowhere).
      if (!res.headersSent) {
        refuse(
          res,
          400,
          'invalid_body',
          `request body cannot be decoded (${encoding}): ${err.message}`,
          true,
        );
      }
    });
    return true;
  };
}
