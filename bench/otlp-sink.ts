import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSink {
  /** base url, e.g. `http://127.0.0.1:port`; any OTLP/HTTP path is accepted. */
  url: string;
  server: Server;
  /** request body bytes received so far. */
  bytes(): number;
  close(): void;
}

/**
 * an OTLP/HTTP endpoint on 127.0.0.1 that accepts and discards every export, so a benchmark
 * measures the code under test, not a collector or the network.
 */
export async function otlpSink(): Promise<OtlpSink> {
  let received = 0;
  const server = createServer((req, res) => {
    req.on('data', (d: Buffer) => {
      received += d.length;
    });
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    bytes: () => received,
    close: () => server.close(),
  };
}
