import { spawn } from 'node:child_process';
import type { ActionConfig } from './config';

const MAX_ERROR_CHARS = 300;

/** the outcome of one attempt; `error` says what went wrong in a short sentence. */
export interface AttemptOutcome {
  ok: boolean;
  error?: string;
}

/** what an action target is, for the audit (never the headers: they may hold secrets). */
export function actionTarget(action: ActionConfig): string {
  return action.type === 'webhook' ? action.url : action.command.join(' ');
}

/** POSTs the event as JSON; any 2xx is success. */
export async function runWebhook(
  action: Extract<ActionConfig, { type: 'webhook' }>,
  event: Record<string, unknown>,
  idempotencyKey: string,
): Promise<AttemptOutcome> {
  try {
    const res = await fetch(action.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...action.headers },
      body: JSON.stringify({ ...event, ...action.body }),
      signal: AbortSignal.timeout(action.timeout_ms),
    });
    // drain the body so the connection can be reused.
    const text = await res.text();
    if (res.ok) return { ok: true };
    return { ok: false, error: `HTTP ${res.status}: ${text.slice(0, MAX_ERROR_CHARS)}` };
  } catch (err) {
    const e = err as Error;
    const reason = e.name === 'TimeoutError' ? `timed out after ${action.timeout_ms} ms` : e.message;
    return { ok: false, error: reason };
  }
}

/**
 * runs the configured argv without a shell. The event goes in as JSON on stdin and in
 * AGENT_OTEL_WATCHDOG_EVENT; nothing from a request ever becomes part of the command line.
 */
export function runCommand(
  action: Extract<ActionConfig, { type: 'command' }>,
  event: Record<string, unknown>,
  idempotencyKey: string,
): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const json = JSON.stringify(event);
    let stderr = '';
    let settled = false;
    const done = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const child = spawn(action.command[0], action.command.slice(1), {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, AGENT_OTEL_WATCHDOG_EVENT: json, AGENT_OTEL_IDEMPOTENCY_KEY: idempotencyKey },
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ ok: false, error: `timed out after ${action.timeout_ms} ms` });
    }, action.timeout_ms);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-MAX_ERROR_CHARS);
    });
    // a command that does not read stdin closes it early; that is not a failure.
    child.stdin.on('error', () => {});
    child.stdin.end(json);
    child.on('error', (err) => done({ ok: false, error: `cannot run ${action.command[0]}: ${err.message}` }));
    child.on('close', (code, signal) => {
      if (code === 0) done({ ok: true });
      else
        done({
          ok: false,
          error: `exited with ${signal ?? `code ${code}`}${stderr ? `: ${stderr.trim()}` : ''}`,
        });
    });
  });
}

export function runAction(
  action: ActionConfig,
  event: Record<string, unknown>,
  idempotencyKey: string,
): Promise<AttemptOutcome> {
  return action.type === 'webhook'
    ? runWebhook(action, event, idempotencyKey)
    : runCommand(action, event, idempotencyKey);
}

/** exponential backoff without jitter: initial, 2x, 4x, ... capped at max. */
export function backoffMs(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** (attempt - 1));
}
