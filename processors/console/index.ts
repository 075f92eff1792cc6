import { AlertmanagerClient } from './backends/alertmanager';
import { JaegerClient } from './backends/jaeger';
import { PrometheusClient } from './backends/prometheus';
import { VictoriaLogsClient } from './backends/victorialogs';
import type { ConsoleConfig } from './config';
import { ConsoleData } from './data';
import { consoleDataRoutes, consolePageRoutes } from './routes';
import type { ActionSource, FleetSource } from './sources';

// the longest window a page may ask for with ?window_s=.
const MAX_WINDOW_S = 7 * 86_400;

/** the fleet console's routes: pages (never guarded) and data (guarded like `/v1/agents`). */
export function createConsole(options: {
  config: ConsoleConfig;
  agents: FleetSource;
  actions: ActionSource;
  now: () => number;
  publicData: boolean;
}) {
  const { config } = options;
  const timeoutMs = config.request_timeout_ms;
  const data = new ConsoleData({
    ...options,
    startedMs: options.now(),
    clients: {
      prometheus: new PrometheusClient({ url: config.prometheus_url, timeoutMs }),
      jaeger: new JaegerClient({ url: config.jaeger_url, timeoutMs }),
      victorialogs: new VictoriaLogsClient({ url: config.victorialogs_url, timeoutMs }),
      alertmanager: new AlertmanagerClient({ url: config.alertmanager_url, timeoutMs }),
    },
  });
  const deps = { data, inline: options.publicData, windowS: config.window_s, maxWindowS: MAX_WINDOW_S };
  return { data, pages: consolePageRoutes(deps), dataRoutes: consoleDataRoutes(deps) };
}
