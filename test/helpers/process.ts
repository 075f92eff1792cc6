import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** the repository root (from dist/test/helpers). */
export const ROOT = join(__dirname, '..', '..', '..');
/** the built CLI, `agent-otel`. */
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved (the last 200 kB). */
  output(): string;
  /** resolves when the process has exited. */
  exited: Promise<Exit>;
  /** sends `signal` (SIGTERM by default) unless it has exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

// every child still running when mocha exits is killed, so a failed test cannot leave one behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * starts `node <args>` and resolves once `ready` holds: a pattern its output matches (the
 * match is returned) or a probe. Fails with the output when it exits first or `timeoutMs` passes.
 */
export async function spawnService(
  args: string[],
  options: {
    ready: RegExp | (() => Promise<boolean>);
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
  },
): Promise<ServiceProcess & { match?: RegExpExecArray }> {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 400_000) out = out.slice(-200_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const service: ServiceProcess = {
    child,
    output: () => out,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let match: RegExpExecArray | undefined;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (options.ready instanceof RegExp) {
      match = options.ready.exec(out) ?? undefined;
      if (match) break;
    } else if (await options.ready().catch(() => false)) {
      break;
    }
    if (gone)
      throw new Error(
        `${args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before ready:\n${out}`,
      );
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${args.join(' ')} not ready in ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ...service, match };
}
