import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { ActionAuditLog } from '../../../processors/watchdog/audit';
import { policySchema, type WatchdogConfig, watchdogSchema } from '../../../processors/watchdog/config';
import { Watchdog } from '../../../processors/watchdog/watchdog';
import { spyLogger } from '../heartbeat/helpers';

export function policy(raw: Record<string, unknown>) {
  return policySchema.parse(raw);
}

/** a watchdog on a settable clock, with no-op OTLP (the global providers are no-ops here). */
export function testWatchdog(raw: Record<string, unknown>, persist?: () => void) {
  const config: WatchdogConfig = watchdogSchema.parse(raw);
  const clock = { now: 1_000_000 };
  const audit = new ActionAuditLog(metrics.getMeter('test'), logs.getLogger('test'), 100);
  const log = spyLogger();
  const watchdog = new Watchdog(config, audit, log, () => clock.now, persist);
  return { watchdog, audit, clock, log };
}

/** a real webhook target that fails the first `failures` requests. */
export async function target(failures = 0) {
  const received: { path: string; body: Record<string, unknown>; key: string }[] = [];
  let left = failures;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      if (left-- > 0) {
        res.writeHead(503).end('busy');
        return;
      }
      received.push({ path: req.url!, body: JSON.parse(text), key: String(req.headers['idempotency-key']) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}
