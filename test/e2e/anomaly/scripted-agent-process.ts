import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ENDPOINTS, ROOT } from '../stack';

// runs test/e2e/anomaly/scripted-agent.ts as a real SDK process (the preload, OTLP to the
// collector, span metrics to Prometheus) and switches its behaviour over stdin.

const AGENT = join(ROOT, 'dist', 'test', 'e2e', 'anomaly', 'scripted-agent.js');

export interface ScriptedAgent {
  id: string;
  child: ChildProcess;
  exited: Promise<void>;
  send(mode: 'normal' | 'slow' | 'loop'): void;
}

export function startAgent(id: string, service = 'anomaly-e2e'): Promise<ScriptedAgent> {
  const child = spawn(process.execPath, ['--require', 'agent-otel/register', AGENT], {
    cwd: ROOT,
    env: {
      ...process.env,
      OTEL_SERVICE_NAME: service,
      AGENT_OTEL_AGENT_ID: id,
      OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINTS.collectorOtlpHttp,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      OTEL_BSP_SCHEDULE_DELAY: '500',
      AGENT_OTEL_HEARTBEAT_ENABLED: 'false',
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent ${id} did not start: ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('"ready":true')) {
        clearTimeout(timer);
        resolve({ id, child, exited, send: (mode) => child.stdin!.write(`${mode}\n`) });
      }
    });
    void exited.then(() => reject(new Error(`agent ${id} exited early: ${err}`)));
  });
}

export async function stopAgent(agent: ScriptedAgent | undefined): Promise<void> {
  if (!agent || agent.child.exitCode !== null || agent.child.signalCode !== null) return;
  agent.child.kill('SIGTERM');
  const timer = setTimeout(() => agent.child.kill('SIGKILL'), 10_000);
  await agent.exited;
  clearTimeout(timer);
}
