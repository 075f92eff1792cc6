import type { ChildProcess } from 'node:child_process';
import { CLI, request, spawnService } from '../../helpers';
import { ENDPOINTS } from '../stack';

/** a receiver started as the real cli in a child process, as in production. */
export interface ReceiverProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  health(): Promise<Record<string, unknown>>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** spawns `node dist/cli/main.js <command> ...args` in `cwd` and waits for its health endpoint. */
export async function startReceiver(
  command: 'counters' | 'logs',
  cwd: string,
  port: number,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ReceiverProcess> {
  const url = `http://127.0.0.1:${port}`;
  const health = async () => (await request(`${url}/healthz`, { timeoutMs: 2000 })).json();
  const service = await spawnService([CLI, command, '--port', String(port), ...args], {
    cwd,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINTS.collectorOtlpHttp,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      ...env,
    },
    ready: async () => (await health()).status === 'ok',
  });
  return {
    child: service.child,
    url,
    stderr: service.output,
    health,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      await service.stop(signal);
    },
  };
}

/** a free-ish port per run, away from the stack's fixed ports. */
export function testPort(offset: number): number {
  return 20_000 + ((process.pid * 7 + offset) % 20_000);
}
