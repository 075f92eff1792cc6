import assert from 'node:assert/strict';
import type { EnvConfig } from '../../../../instrumentation/config/internal-types';
import { resolveConfig } from '../../../../instrumentation/config/resolve';
import { buildInstrumentations } from '../../../../instrumentation/sdk/instrumentations';
import {
  HOST_METRICS,
  RUNTIME_NODE,
  runtimeMetricsInstrumentations,
} from '../../../../instrumentation/sdk/runtime-metrics';
import type { AgentOtelOptions } from '../../../../instrumentation/types';

// which runtime-metric instrumentations load; each is disabled again at once so that no
// observable callbacks stay registered for the other suites.
function loaded(options: AgentOtelOptions, env: EnvConfig): string[] {
  const list = runtimeMetricsInstrumentations(resolveConfig(options, env));
  for (const i of list) i.disable();
  return list.map((i) => i.instrumentationName);
}

describe('instrumentation/sdk/runtime-metrics', () => {
  const cases: [string, AgentOtelOptions, EnvConfig, string[]][] = [
    ['both by default', {}, {}, [RUNTIME_NODE, HOST_METRICS]],
    ['none with runtimeMetrics: false', { runtimeMetrics: false }, {}, []],
    ['none with AGENT_OTEL_RUNTIME_METRICS=false', {}, { runtimeMetrics: false }, []],
    [
      'the option wins over the environment',
      { runtimeMetrics: true },
      { runtimeMetrics: false },
      [RUNTIME_NODE, HOST_METRICS],
    ],
    [
      'OTEL_NODE_DISABLED_INSTRUMENTATIONS drops one',
      {},
      { disabledInstrumentations: ['host-metrics'] },
      [RUNTIME_NODE],
    ],
    [
      'a set enabled list keeps only what it names',
      {},
      { enabledInstrumentations: ['http', 'runtime-node'] },
      [RUNTIME_NODE],
    ],
    [
      'the disabled list wins over the enabled list',
      {},
      { enabledInstrumentations: ['runtime-node'], disabledInstrumentations: ['runtime-node'] },
      [],
    ],
  ];
  for (const [name, options, env, expected] of cases) {
    it(name, () => assert.deepEqual(loaded(options, env), expected));
  }

  // the instrumentation's own 10 ms wakes an idle agent 100 times a second.
  const precision = (env: EnvConfig) => {
    const [runtime] = runtimeMetricsInstrumentations(
      resolveConfig({}, { ...env, enabledInstrumentations: ['runtime-node'] }),
    );
    runtime.disable();
    return (runtime.getConfig() as { monitoringPrecision?: number }).monitoringPrecision;
  };
  it('samples the event-loop delay every 50 ms by default', () => assert.equal(precision({}), 50));
  it('samples it every AGENT_OTEL_EVENT_LOOP_RESOLUTION_MS when set', () =>
    assert.equal(precision({ eventLoopResolutionMs: 20 }), 20));

  it('collects only the process CPU and memory groups of host-metrics', () => {
    const [host] = runtimeMetricsInstrumentations(
      resolveConfig({}, { enabledInstrumentations: ['host-metrics'] }),
    );
    host.disable();
    assert.deepEqual(host.getConfig(), { enabled: true, metricGroups: ['process.cpu', 'process.memory'] });
  });

  it('loads with autoInstrumentations: false, and only once with them on', () => {
    const names = (options: AgentOtelOptions) => {
      const list = buildInstrumentations(resolveConfig(options, {}));
      for (const i of list) i.disable();
      return list.map((i) => i.instrumentationName).filter((n) => n === RUNTIME_NODE || n === HOST_METRICS);
    };
    assert.deepEqual(names({ autoInstrumentations: false }), [RUNTIME_NODE, HOST_METRICS]);
    assert.deepEqual(names({}), [RUNTIME_NODE, HOST_METRICS]);
  });
});
