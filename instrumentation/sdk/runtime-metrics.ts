import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HostMetricsInstrumentation } from '@opentelemetry/instrumentation-host-metrics';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import type { ResolvedConfig } from '../config/internal-types';

export const RUNTIME_NODE = '@opentelemetry/instrumentation-runtime-node';
export const HOST_METRICS = '@opentelemetry/instrumentation-host-metrics';

// only the process groups: the report needs the agent's own CPU and memory, and the system
// groups would repeat host-wide series (one per CPU, per interface) from every agent on a host.
export const HOST_METRIC_GROUPS = ['process.cpu', 'process.memory'];

/**
 * whether an instrumentation passes OTEL_NODE_ENABLED_INSTRUMENTATIONS /
 * OTEL_NODE_DISABLED_INSTRUMENTATIONS, with the auto-instrumentations package's rule: the
 * disabled list wins, and a set enabled list loads only what it names.
 */
function allowedByEnv(cfg: ResolvedConfig, name: string): boolean {
  const short = name.replace('@opentelemetry/instrumentation-', '');
  if (cfg.disabledInstrumentations.includes(short)) return false;
  return cfg.enabledInstrumentations.length === 0 || cfg.enabledInstrumentations.includes(short);
}

/**
 * the agent's runtime (event loop, heap, GC) and process (CPU time, RSS) metrics. both observe at
 * the metric reader's collection, so they cost nothing between exports; the event-loop delay
 * histogram samples continuously, every `eventLoopResolutionMs`.
 */
export function runtimeMetricsInstrumentations(cfg: ResolvedConfig): Instrumentation[] {
  if (!cfg.runtimeMetrics) return [];
  const list: Instrumentation[] = [];
  if (allowedByEnv(cfg, RUNTIME_NODE)) {
    list.push(new RuntimeNodeInstrumentation({ monitoringPrecision: cfg.eventLoopResolutionMs }));
  }
  if (allowedByEnv(cfg, HOST_METRICS)) {
    list.push(new HostMetricsInstrumentation({ metricGroups: HOST_METRIC_GROUPS }));
  }
  return list;
}
