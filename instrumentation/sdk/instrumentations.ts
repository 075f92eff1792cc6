import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResolvedConfig } from '../config/internal-types';
import { HOST_METRICS, RUNTIME_NODE, runtimeMetricsInstrumentations } from './runtime-metrics';

// the automatic instrumentations, with OTEL_NODE_ENABLED_INSTRUMENTATIONS and
// OTEL_NODE_DISABLED_INSTRUMENTATIONS applied by the auto-instrumentations package (fs stays
// off by default there).
export function buildInstrumentations(cfg: ResolvedConfig): Instrumentation[] {
  // express 5 routes through the `router` package: with both instrumentations on, every handler
  // gets a second span ('request handler', 'middleware - patched'). off unless asked for by name.
  const router = cfg.enabledInstrumentations.includes('router') ? {} : { enabled: false };
  const auto = cfg.autoInstrumentations
    ? getNodeAutoInstrumentations({
        '@opentelemetry/instrumentation-router': router,
        // createLogger() adds the one OTLP transport; the instrumentation adding a second one
        // would ship every record twice. it still injects trace_id/span_id into records.
        '@opentelemetry/instrumentation-winston': { disableLogSending: true },
        // runtime and process metrics have their own switch (runtime-metrics.ts), apart from
        // autoInstrumentations: they patch nothing.
        [RUNTIME_NODE]: { enabled: false },
        [HOST_METRICS]: { enabled: false },
      })
    : [];
  return [...auto, ...runtimeMetricsInstrumentations(cfg), ...cfg.instrumentations];
}
