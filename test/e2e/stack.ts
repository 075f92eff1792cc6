import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** repository root (tests run from dist/test/e2e). */
export const ROOT = join(__dirname, '..', '..', '..');

function readPorts(): Record<string, number> {
  const text = readFileSync(join(ROOT, 'scripts', 'stack', 'ports.env'), 'utf8');
  const ports: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(\d+)$/.exec(line.trim());
    if (m) ports[m[1]] = Number(m[2]);
  }
  return ports;
}

/** where scripts/stack/install.sh and install-oldest-node.sh keep what they build (stack_cache in lib.sh). */
export const STACK_CACHE = process.env.AGENT_OTEL_CACHE ?? join(homedir(), '.cache', 'agent-otel');

/** where the stack scripts keep pids, logs and rendered configs. */
export const RUN_DIR = process.env.AGENT_OTEL_RUN_DIR ?? join(ROOT, '.run', 'stack');

/** the stack's ports, read from the same file the stack scripts use. */
export const PORTS = readPorts();

export const ENDPOINTS = {
  collectorOtlpHttp: `http://127.0.0.1:${PORTS.COLLECTOR_OTLP_HTTP_PORT}`,
  collectorOtlpGrpc: `http://127.0.0.1:${PORTS.COLLECTOR_OTLP_GRPC_PORT}`,
  collectorHealth: `http://127.0.0.1:${PORTS.COLLECTOR_HEALTH_PORT}/`,
  jaeger: `http://127.0.0.1:${PORTS.JAEGER_QUERY_PORT}`,
  jaegerHealth: `http://127.0.0.1:${PORTS.JAEGER_HEALTH_PORT}/status`,
  victorialogs: `http://127.0.0.1:${PORTS.VICTORIALOGS_PORT}`,
  prometheus: `http://127.0.0.1:${PORTS.PROMETHEUS_PORT}`,
  alertmanager: `http://127.0.0.1:${PORTS.ALERTMANAGER_PORT}`,
};

/** readiness URL of every component; the e2e suites fail when any is not answering. */
export const READINESS: Record<string, string> = {
  prometheus: `${ENDPOINTS.prometheus}/-/ready`,
  alertmanager: `${ENDPOINTS.alertmanager}/-/ready`,
  victorialogs: `${ENDPOINTS.victorialogs}/health`,
  jaeger: ENDPOINTS.jaegerHealth,
  collector: ENDPOINTS.collectorHealth,
};

export async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}
