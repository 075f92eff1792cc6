import assert from 'node:assert/strict';
import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';
import { readEnvConfig } from '../../../../instrumentation/config/env';
import { resolveConfig } from '../../../../instrumentation/config/resolve';
import { buildInstrumentations } from '../../../../instrumentation/sdk/instrumentations';

// which auto-instrumentations the defaults load, and how; each is disabled again at once, so that
// the other suites in this process run unpatched.
describe('instrumentation/sdk/instrumentations: defaults', () => {
  const build = (env: Record<string, string> = {}): Instrumentation[] => {
    const list = buildInstrumentations(resolveConfig({}, readEnvConfig(env)));
    for (const i of list) i.disable();
    return list;
  };
  const names = (env?: Record<string, string>) => build(env).map((i) => i.instrumentationName);
  const expressConfig = (env?: Record<string, string>) =>
    build(env)
      .find((i) => i.instrumentationName === '@opentelemetry/instrumentation-express')
      ?.getConfig() as (InstrumentationConfig & { ignoreLayersType?: string[] }) | undefined;

  it('loads http, express, undici and winston, but not fs, router, net or dns', () => {
    const loaded = names();
    for (const n of ['http', 'express', 'undici', 'winston']) {
      assert.ok(loaded.includes(`@opentelemetry/instrumentation-${n}`), n);
    }
    for (const n of ['fs', 'router', 'net', 'dns']) {
      assert.ok(!loaded.includes(`@opentelemetry/instrumentation-${n}`), n);
    }
  });

  for (const n of ['router', 'net', 'dns']) {
    it(`loads ${n} when OTEL_NODE_ENABLED_INSTRUMENTATIONS names it`, () => {
      // the package applies the variable itself, so the test sets it for the process too
      const before = process.env.OTEL_NODE_ENABLED_INSTRUMENTATIONS;
      process.env.OTEL_NODE_ENABLED_INSTRUMENTATIONS = `http,${n}`;
      try {
        const loaded = names({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: `http,${n}` });
        assert.deepEqual(
          loaded.sort(),
          ['@opentelemetry/instrumentation-http', `@opentelemetry/instrumentation-${n}`].sort(),
        );
      } finally {
        if (before === undefined) delete process.env.OTEL_NODE_ENABLED_INSTRUMENTATIONS;
        else process.env.OTEL_NODE_ENABLED_INSTRUMENTATIONS = before;
      }
    });
  }

  it('gives express no layer spans by default (the route stays on the server span)', () => {
    assert.deepEqual(expressConfig()?.ignoreLayersType, ['router', 'middleware', 'request_handler']);
  });

  it('gives express its layer spans back with AGENT_OTEL_EXPRESS_LAYER_SPANS=true', () => {
    assert.deepEqual(expressConfig({ AGENT_OTEL_EXPRESS_LAYER_SPANS: 'true' })?.ignoreLayersType, []);
  });

  it('keeps winston correlation on and its log sending off (createLogger ships records)', () => {
    const winston = build().find((i) => i.instrumentationName === '@opentelemetry/instrumentation-winston');
    const config = winston?.getConfig() as { disableLogSending?: boolean; disableLogCorrelation?: boolean };
    assert.equal(config.disableLogSending, true);
    assert.notEqual(config.disableLogCorrelation, true);
  });

  it('loads none with autoInstrumentations: false (runtime metrics have their own switch)', () => {
    const cfg = resolveConfig({ autoInstrumentations: false, runtimeMetrics: false }, {});
    assert.deepEqual(buildInstrumentations(cfg), []);
  });
});
