import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { readEnvConfig } from '../../../../instrumentation/config/env';
import { resolveConfig } from '../../../../instrumentation/config/resolve';
import { logRecordProcessors, metricReaders, spanProcessors } from '../../../../instrumentation/sdk/pipeline';

// the pipeline against a local OTLP/JSON endpoint: one that never answers (timeouts) and one that
// counts the spans of each request (batch size).

interface Endpoint {
  url: string;
  batches: number[];
  close: () => Promise<void>;
}

async function endpoint(answer: boolean): Promise<Endpoint> {
  const batches: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!answer) return;
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        resourceSpans?: { scopeSpans: { spans: unknown[] }[] }[];
        resourceLogs?: { scopeLogs: { logRecords: unknown[] }[] }[];
      };
      const spans = (body.resourceSpans ?? []).flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
      const records = (body.resourceLogs ?? []).flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));
      batches.push(spans.length + records.length);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    batches,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function configFor(url: string, env: Record<string, string>) {
  return resolveConfig(
    { endpoint: url, protocol: 'http/json' },
    readEnvConfig({ OTEL_BSP_SCHEDULE_DELAY: '60000', OTEL_BLRP_SCHEDULE_DELAY: '60000', ...env }),
  );
}

/** how long a flush of one span takes against an endpoint that never answers. */
async function spanFlushMs(env: Record<string, string>): Promise<number> {
  const ep = await endpoint(false);
  const provider = new TracerProvider({ spanProcessors: spanProcessors(configFor(ep.url, env)) });
  try {
    provider.getTracer('t').startSpan('s').end();
    const started = Date.now();
    await provider.forceFlush().catch(() => undefined);
    return Date.now() - started;
  } finally {
    await ep.close();
    void provider.shutdown().catch(() => undefined);
  }
}

describe('instrumentation/sdk/pipeline: environment honoured', () => {
  it('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT bounds the trace exporter', async () => {
    const ms = await spanFlushMs({ OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '200' });
    assert.ok(ms < 3000, `flush took ${ms} ms`);
  });

  it('OTEL_EXPORTER_OTLP_TIMEOUT bounds every exporter without a signal value', async () => {
    const ms = await spanFlushMs({ OTEL_EXPORTER_OTLP_TIMEOUT: '200' });
    assert.ok(ms < 3000, `flush took ${ms} ms`);
  });

  it('OTEL_BSP_EXPORT_TIMEOUT bounds one span export', async () => {
    const ms = await spanFlushMs({ OTEL_BSP_EXPORT_TIMEOUT: '200' });
    assert.ok(ms < 3000, `flush took ${ms} ms`);
  });

  it('OTEL_BSP_MAX_EXPORT_BATCH_SIZE caps the spans of one request', async () => {
    const ep = await endpoint(true);
    const cfg = configFor(ep.url, { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2' });
    const provider = new TracerProvider({ spanProcessors: spanProcessors(cfg) });
    try {
      for (let i = 0; i < 5; i++) provider.getTracer('t').startSpan(`s${i}`).end();
      await provider.forceFlush();
      assert.equal(
        ep.batches.reduce((a, b) => a + b, 0),
        5,
      );
      assert.ok(Math.max(...ep.batches) <= 2, `batches: ${ep.batches.join(', ')}`);
    } finally {
      await provider.shutdown();
      await ep.close();
    }
  });

  it('OTEL_METRIC_EXPORT_TIMEOUT bounds one metric export', async () => {
    const ep = await endpoint(false);
    // the exporter's own bound is longer, so the reader's is the one that fires
    const env = { OTEL_METRIC_EXPORT_TIMEOUT: '200', OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '1500' };
    const provider = new MeterProvider({ readers: metricReaders(configFor(ep.url, env)) });
    const errors: string[] = [];
    const noop = () => undefined;
    const logger = {
      error: (m: string) => errors.push(m),
      warn: noop,
      info: noop,
      debug: noop,
      verbose: noop,
    };
    diag.setLogger(logger, { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true });
    try {
      provider.getMeter('m').createCounter('c').add(1);
      await provider.forceFlush().catch(() => undefined);
      assert.ok(
        errors.some((m) => m.includes('timed out after 200ms')),
        errors.join(' | '),
      );
    } finally {
      diag.disable();
      await ep.close();
      void provider.shutdown().catch(() => undefined);
    }
  });
  it('OTEL_BLRP_EXPORT_TIMEOUT bounds one log export', async () => {
    const ep = await endpoint(false);
    // the exporter's own bound is longer, so the processor's is the one that fires
    const env = {
      OTEL_BLRP_SCHEDULE_DELAY: '20',
      OTEL_BLRP_EXPORT_TIMEOUT: '200',
      OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: '5000',
    };
    const provider = new LoggerProvider({ processors: logRecordProcessors(configFor(ep.url, env)) });
    const errors: string[] = [];
    const noop = () => undefined;
    const logger = {
      error: (...args: unknown[]) => errors.push(args.map(String).join(' ')),
      warn: noop,
      info: noop,
      debug: noop,
      verbose: noop,
    };
    diag.setLogger(logger, { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true });
    try {
      const started = Date.now();
      provider.getLogger('l').emit({ body: 'one' });
      while (!errors.some((m) => m.includes('Timeout')) && Date.now() - started < 4000) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const ms = Date.now() - started;
      assert.ok(ms < 3000, `no timeout after ${ms} ms: ${errors.join(' | ')}`);
    } finally {
      diag.disable();
      await ep.close();
      void provider.shutdown().catch(() => undefined);
    }
  });

  it('OTEL_BLRP_MAX_EXPORT_BATCH_SIZE caps the records of one request', async () => {
    const ep = await endpoint(true);
    const cfg = configFor(ep.url, { OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '2' });
    const provider = new LoggerProvider({ processors: logRecordProcessors(cfg) });
    try {
      for (let i = 0; i < 5; i++) provider.getLogger('l').emit({ body: `r${i}` });
      await provider.forceFlush();
      assert.equal(
        ep.batches.reduce((a, b) => a + b, 0),
        5,
      );
      assert.ok(Math.max(...ep.batches) <= 2, `batches: ${ep.batches.join(', ')}`);
    } finally {
      await provider.shutdown();
      await ep.close();
    }
  });

  it('OTEL_BLRP_MAX_QUEUE_SIZE drops the records over the cap', async () => {
    const ep = await endpoint(true);
    const cfg = configFor(ep.url, { OTEL_BLRP_MAX_QUEUE_SIZE: '3' });
    const provider = new LoggerProvider({ processors: logRecordProcessors(cfg) });
    try {
      for (let i = 0; i < 10; i++) provider.getLogger('l').emit({ body: `r${i}` });
      await provider.forceFlush();
      // a full queue starts an export at once, so up to two queues' worth get through
      const exported = ep.batches.reduce((a, b) => a + b, 0);
      assert.ok(exported >= 3 && exported <= 6, `exported ${exported} of 10`);
    } finally {
      await provider.shutdown();
      await ep.close();
    }
  });
});
