import { z } from 'zod';

// defaults, each documented in processors/heartbeat/README.md (the console section); the
// backend URLs are the stack's ports (scripts/stack/ports.env).
export const DEFAULT_PROMETHEUS_URL = 'http://127.0.0.1:9090';
export const DEFAULT_JAEGER_URL = 'http://127.0.0.1:16686';
export const DEFAULT_VICTORIALOGS_URL = 'http://127.0.0.1:9428';
export const DEFAULT_ALERTMANAGER_URL = 'http://127.0.0.1:9093';
export const DEFAULT_REQUEST_TIMEOUT_MS = 2_000;
export const DEFAULT_TRACE_SERVICE = '{agent_id}';
export const DEFAULT_DRIFT_SELECTOR = 'job="{service}"';
export const DEFAULT_MAX_TRACES = 5;
export const DEFAULT_MAX_SPANS = 300;
export const DEFAULT_MAX_LOG_LINES = 50;
export const DEFAULT_MAX_ALERTS = 100;
export const DEFAULT_MAX_ACTIONS = 20;
export const DEFAULT_MAX_OFFENDERS = 10;
export const DEFAULT_WINDOW_S = 1_800;
export const DEFAULT_LOOKBACK_S = 3_600;

/** the placeholders a per-agent template may use, filled from the agent's heartbeat record. */
export const TEMPLATE_FIELDS = ['agent_id', 'role', 'name', 'service'] as const;
const templateString = z
  .string()
  .min(1)
  .refine(
    (t) =>
      [...t.matchAll(/\{([^}]*)\}/g)].every((m) => (TEMPLATE_FIELDS as readonly string[]).includes(m[1])),
    {
      message: `unknown placeholder; allowed: ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}`,
    },
  );

const backendUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .default(fallback);

/** the `console` block of the heartbeat service config: where the fleet console reads from. */
export const consoleSchema = z.strictObject({
  /** base URLs; an empty backend is shown as missing rather than failing the page. */
  prometheus_url: backendUrl(DEFAULT_PROMETHEUS_URL),
  jaeger_url: backendUrl(DEFAULT_JAEGER_URL),
  victorialogs_url: backendUrl(DEFAULT_VICTORIALOGS_URL),
  alertmanager_url: backendUrl(DEFAULT_ALERTMANAGER_URL),
  /** each backend request gives up after this long, so a hung backend cannot hold a page. */
  request_timeout_ms: z.number().int().positive().default(DEFAULT_REQUEST_TIMEOUT_MS),
  /** the Jaeger service name of an agent's traces: `{agent_id}` (the SDK's default), `demo-{role}`, ... */
  trace_service: templateString.default(DEFAULT_TRACE_SERVICE),
  /** PromQL label matchers selecting an agent's anti_drift_*_total series; `{service}` is trace_service. */
  drift_selector: templateString.default(DEFAULT_DRIFT_SELECTOR),
  /** recent task runs (traces) shown per agent. */
  max_traces: z.number().int().min(0).max(50).default(DEFAULT_MAX_TRACES),
  /** spans shown per trace; the rest are counted as cut. */
  max_spans: z.number().int().positive().max(5_000).default(DEFAULT_MAX_SPANS),
  /** log lines shown per agent. */
  max_log_lines: z.number().int().min(0).max(1_000).default(DEFAULT_MAX_LOG_LINES),
  /** active alerts shown on the fleet page. */
  max_alerts: z.number().int().min(0).max(1_000).default(DEFAULT_MAX_ALERTS),
  /** watchdog actions shown on the fleet page and per agent. */
  max_actions: z.number().int().min(0).max(200).default(DEFAULT_MAX_ACTIONS),
  /** agents in the fleet page's top offenders (ranked by the anomaly recording rules). */
  max_offenders: z.number().int().min(0).max(100).default(DEFAULT_MAX_OFFENDERS),
  /** the span of the charts and timelines on an agent page. */
  window_s: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(DEFAULT_WINDOW_S),
  /** how far back traces and logs are searched. */
  lookback_s: z
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(DEFAULT_LOOKBACK_S),
});

export type ConsoleConfig = z.infer<typeof consoleSchema>;

export type TemplateValues = Partial<Record<(typeof TEMPLATE_FIELDS)[number], string>>;

/** fills the placeholders of a template; a missing value becomes empty, every value goes through `quote`. */
export function fillTemplate(
  template: string,
  values: TemplateValues,
  quote: (value: string) => string = (v) => v,
): string {
  return template.replace(/\{([^}]*)\}/g, (_m, key: string) =>
    quote(values[key as keyof TemplateValues] ?? ''),
  );
}
