import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../stack';
import { sdkTestEnv } from '../sdk-env';

// runs one of the small agent scripts in this folder as a real process under
// `node --require agent-otel/register`, against the running stack.

export interface AgentRun {
  child: ChildProcess;
  /** every JSON line the script printed on stdout, parsed. */
  lines: () => Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
}

export function startAgent(script: string, env: Record<string, string>): AgentRun {
  const child = spawn(
    process.execPath,
    ['--require', 'agent-otel/register', join(__dirname, `${script}.js`)],
    {
      cwd: ROOT,
      env: sdkTestEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stderr: () => err,
    exited,
  };
}

/** runs a script to its end; fails with its stderr when it exits non-zero. */
export async function runAgent(script: string, env: Record<string, string>): Promise<AgentRun> {
  const run = startAgent(script, env);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  const code = await run.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${script} exited with ${code}: ${run.stderr()}`);
  return run;
}

/** stops a script that may still run (after hooks). */
export async function stopAgent(run: AgentRun | undefined): Promise<void> {
  if (!run || run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGTERM');
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 10_000);
  await run.exited;
  clearTimeout(timer);
}
