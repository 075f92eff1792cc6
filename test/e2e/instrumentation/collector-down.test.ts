import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Service, startService, stopService } from './service';

// a collector that is gone (closed port) or hangs (accepts, never answers): the app keeps
// serving, memory stays bounded by the queue caps, nothing throws, and shutdown stays bounded.

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function hangingServer(): Promise<Server> {
  // reads requests and never responds, like a collector stuck behind a full pipeline
  const s = createServer(() => undefined);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return s;
}

async function load(url: string, total: number, concurrency: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const res = await fetch(`${url}/tasks/LOAD-${i}`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

const MB = 1024 * 1024;

describe('instrumentation: collector down or slow', () => {
  const run = randomUUID().slice(0, 8);
  let svc: Service | undefined;
  let hanging: Server | undefined;

  afterEach(async () => {
    await stopService(svc);
    svc = undefined;
  });
  // the hanging collector holds the app's open requests: drop them, or close() waits forever
  after(() => {
    hanging?.closeAllConnections();
    hanging?.close();
  });

  const cases: { name: string; endpoint: () => Promise<string> }[] = [
    { name: 'closed port', endpoint: async () => `http://127.0.0.1:${await closedPort()}` },
    {
      name: 'hanging collector',
      endpoint: async () => {
        hanging = await hangingServer();
        return `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
      },
    },
  ];

  for (const c of cases) {
    it(`keeps serving with bounded memory (${c.name})`, async () => {
      const endpoint = await c.endpoint();
      svc = await startService('require', {
        OTEL_SERVICE_NAME: `agent-down-${run}`,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        AGENT_OTEL_HEARTBEAT_ENABLED: 'true',
        AGENT_OTEL_HEARTBEAT_ENDPOINT: endpoint,
        AGENT_OTEL_HEARTBEAT_INTERVAL_MS: '200',
      });
      const statuses = await load(svc.url, 6000, 20);
      assert.equal(statuses.length, 6000);
      assert.ok(
        statuses.every((s) => s === 200),
        `non-200: ${statuses.filter((s) => s !== 200).length}`,
      );
      const health = (await (await fetch(`${svc.url}/healthz`)).json()) as { heapUsed: number };
      // 6000 requests make ~30000 spans; with the 2048-span queue cap the heap stays small
      assert.ok(health.heapUsed < 200 * MB, `heap ${Math.round(health.heapUsed / MB)} MB`);
      assert.equal(svc.child.exitCode, null, 'still running');
      assert.doesNotMatch(svc.stderr(), /uncaught|unhandled/i);
      // shutdown is bounded even though nothing can be flushed
      const sentAt = Date.now();
      svc.child.kill('SIGTERM');
      const { signal } = await svc.exited;
      assert.equal(signal, 'SIGTERM');
      assert.ok(Date.now() - sentAt < 10_000, `shutdown took ${Date.now() - sentAt} ms`);
    });
  }
});
