import { ENDPOINTS } from '../stack';

/**
 * the environment of an instrumented child process in the e2e suites: exports to the stack's
 * collector with short intervals, no heartbeats, diag warnings on stderr; `extra` wins.
 */
export function sdkTestEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINTS.collectorOtlpHttp,
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
    OTEL_BSP_SCHEDULE_DELAY: '500',
    OTEL_BLRP_SCHEDULE_DELAY: '500',
    AGENT_OTEL_HEARTBEAT_ENABLED: 'false',
    // diag stays silent unless asked; the tests read its warnings from stderr
    OTEL_LOG_LEVEL: 'warn',
    ...extra,
  };
}
