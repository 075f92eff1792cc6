import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResolvedConfig } from '../config/internal-types';
import { HOST_METRICS, RUNTIME_NODE, runtimeMetricsInstrumentations } from './runtime-metrics';

type AutoConfig = NonNullable<Parameters<typeof getNodeAutoInstrumentations>[0]>;
type ExpressConfig = NonNullable<AutoConfig['@opentelemetry/instrumentation-express']>;

/**
 * auto-instrumentations off by default (besides fs, which the package leaves off, and the
 * runtime metrics, switched apart), each loaded again when OTEL_NODE_ENABLED_INSTRUMENTATIONS names it:
 * - router: under express 5 it duplicates every handler span ('request handler', 'middleware - patched');
 * - net: a `tcp.connect` span per new connection, under every HTTP client span that opened one;
 * - dns: a span per lookup, the same under HTTP client spans to host names.
 */
export const OFF_UNLESS_NAMED = ['router', 'net', 'dns'] as const;

// every express layer kind; ignored layers get no span, but the express instrumentation still
// puts the matched route on the HTTP server span (`http.route`, and its name `GET /tasks/:taskId`)
const EXPRESS_LAYER_TYPES = ['router', 'middleware', 'request_handler'] as ExpressConfig['ignoreLayersType'];

// the automatic instrumentations, with OTEL_NODE_ENABLED_INSTRUMENTATIONS and
// OTEL_NODE_DISABLED_INSTRUMENTATIONS applied by the auto-instrumentations package.
export function buildInstrumentations(cfg: ResolvedConfig): Instrumentation[] {
  // runtime and process metrics have their own switch (runtime-metrics.ts), apart from
  // autoInstrumentations: they patch nothing.
  const runtime = runtimeMetricsInstrumentations(cfg);
  if (!cfg.autoInstrumentations) return [...runtime, ...cfg.instrumentations];
  const config: AutoConfig = {
    // a span per express layer costs about as much as the HTTP server span itself, and says
    // little the server span (named by its route) does not; AGENT_OTEL_EXPRESS_LAYER_SPANS=true
    // brings them back
    '@opentelemetry/instrumentation-express': {
      ignoreLayersType: cfg.expressLayerSpans ? [] : EXPRESS_LAYER_TYPES,
    },
    // createLogger() adds the one OTLP transport; the instrumentation adding a second one
    // would ship every record twice. it still injects trace_id/span_id into records.
    '@opentelemetry/instrumentation-winston': { disableLogSending: true },
    [RUNTIME_NODE]: { enabled: false },
    [HOST_METRICS]: { enabled: false },
  };
  for (const name of OFF_UNLESS_NAMED) {
    if (!cfg.enabledInstrumentations.includes(name))
      config[`@opentelemetry/instrumentation-${name}`] = { enabled: false };
  }
  return [...getNodeAutoInstrumentations(config), ...runtime, ...cfg.instrumentations];
}
