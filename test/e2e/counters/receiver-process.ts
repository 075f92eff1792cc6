import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from '../backends';
import { ENDPOINTS, ROOT } from '../stack';

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
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'cli', 'main.js'), command, '--port', String(port), ...args],
    {
      cwd,
      env: {
        ...process.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINTS.collectorOtlpHttp,
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 200_000) err = err.slice(-100_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const health = async () => {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return (await res.json()) as Record<string, unknown>;
  };
  await eventually(
    `${command} receiver health on port ${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`receiver exited ${child.exitCode}: ${err.slice(-2000)}`);
      return (await health()).status === 'ok' ? true : undefined;
    },
    20_000,
    100,
  );
  return {
    child,
    url,
    stderr: () => err,
    health,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** a free-ish port per run, away from the stack's fixed ports. */
export function testPort(offset: number): number {
  return 20_000 + ((process.pid * 7 + offset) % 20_000);
}
