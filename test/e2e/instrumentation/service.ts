import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../stack';
import { sdkTestEnv } from './sdk-env';

// starts the example agent service as a real child process (a preload flag, or none for the
// init() path) and talks to it over HTTP.

export type Mode = 'require' | 'import' | 'init';

export const CJS_SERVER = join(ROOT, 'dist', 'examples', 'agent-service', 'server.js');
export const ESM_SERVER = join(ROOT, 'examples', 'agent-service', 'server.mjs');

export function argsFor(mode: Mode): string[] {
  if (mode === 'require') return ['--require', 'agent-otel/register', CJS_SERVER];
  if (mode === 'import') return ['--import', 'agent-otel/register', ESM_SERVER];
  return [CJS_SERVER];
}

export interface Service {
  child: ChildProcess;
  port: number;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** resolves with the exit code and signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * the node binary of the oldest Node the SDK supports (the floor of package.json's engines), from
 * scripts/install-oldest-node.sh, which reads the floor, installs that Node when it is missing and
 * prints its path (the floor is read in one place); throws with the script's output when it fails.
 */
export function oldestNode(): { version: string; path: string } {
  const script = join(ROOT, 'scripts', 'install-oldest-node.sh');
  let path: string;
  try {
    path = execFileSync(script, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${script} failed: ${e.stderr || e.message}`);
  }
  const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
  return { version, path };
}

/** starts the example service under `node` (default: the Node running the tests). */
export async function startService(
  mode: Mode,
  env: Record<string, string>,
  node = process.execPath,
): Promise<Service> {
  const child = spawn(node, argsFor(mode), {
    cwd: ROOT,
    env: sdkTestEnv({ PORT: '0', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start: ${err || out}`)), 30_000);
    const onData = () => {
      const m = /\{"listening":(\d+)\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`service exited early (${code ?? signal}): ${err || out}`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    exited,
  };
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${url} -> ${res.status}`);
  return (await res.json()) as T;
}

/** stops a service that may still be running; used in after hooks. */
export async function stopService(service: Service | undefined): Promise<void> {
  if (!service || service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 10_000);
  await service.exited;
  clearTimeout(timer);
}
