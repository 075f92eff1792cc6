import assert from 'node:assert/strict';
import { resolveConfig } from '../../../../instrumentation/config/resolve';
import { buildInstrumentations } from '../../../../instrumentation/sdk/instrumentations';

// which auto-instrumentations the defaults load; each is disabled again at once, so that the
// other suites in this process run unpatched.
describe('instrumentation/sdk/instrumentations: defaults', () => {
  const names = (enabled?: string[]) => {
    const list = buildInstrumentations(resolveConfig({}, { enabledInstrumentations: enabled }));
    for (const i of list) i.disable();
    return list.map((i) => i.instrumentationName);
  };

  it('loads http, express, undici and winston, but not fs or router', () => {
    const loaded = names();
    for (const n of ['http', 'express', 'undici', 'winston']) {
      assert.ok(loaded.includes(`@opentelemetry/instrumentation-${n}`), n);
    }
    assert.ok(!loaded.includes('@opentelemetry/instrumentation-fs'));
    assert.ok(!loaded.includes('@opentelemetry/instrumentation-router'));
  });

  it('loads router when OTEL_NODE_ENABLED_INSTRUMENTATIONS names it', () => {
    assert.ok(names(['router']).includes('@opentelemetry/instrumentation-router'));
  });

  it('loads none with autoInstrumentations: false (runtime metrics have their own switch)', () => {
    const cfg = resolveConfig({ autoInstrumentations: false, runtimeMetrics: false }, {});
    assert.deepEqual(buildInstrumentations(cfg), []);
  });
});
