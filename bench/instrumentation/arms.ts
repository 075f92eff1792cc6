import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PINNED } from '../cores';

// what the SDK benches compare: the same service (app.ts) bare, under agent-otel and under the
// stock register, plus agent-otel arms with other settings (BENCH_VARIANTS).

export interface Arm {
  name: string;
  preload: string[];
  env: Record<string, string>;
}

const ROOT = join(__dirname, '..', '..', '..');
const APP = join(__dirname, 'app.js');

/** the arms of every run, then those of BENCH_VARIANTS (JSON: name -> environment). */
export function arms(): Arm[] {
  const list: Arm[] = [
    { name: 'bare', preload: [], env: {} },
    {
      name: 'agent-otel',
      preload: ['--require', 'agent-otel/register'],
      // no heartbeat receiver here: a beat every 30 s costs nothing per request
      env: { AGENT_OTEL_HEARTBEAT_ENABLED: 'false' },
    },
    {
      name: 'stock register',
      preload: ['--require', '@opentelemetry/auto-instrumentations-node/register'],
      env: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'otlp' },
    },
  ];
  const json = process.env.BENCH_VARIANTS;
  if (!json) return list;
  const parsed = JSON.parse(json) as Record<string, Record<string, string>>;
  return [
    ...list,
    ...Object.entries(parsed).map(([name, env]) => ({
      name: `agent-otel, ${name}`,
      preload: ['--require', 'agent-otel/register'],
      env: { AGENT_OTEL_HEARTBEAT_ENABLED: 'false', ...env },
    })),
  ];
}

/**
 * starts app.ts under the arm, on core 0 when taskset can pin it, and resolves with the child and
 * its port once it listens; rejects with what it printed when it exits first.
 */
export async function startArm(
  arm: Arm,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; port: number }> {
  const args = [process.execPath, ...nodeArgs, ...arm.preload, APP];
  const [cmd, ...argv] = PINNED ? ['taskset', '-c', '0', ...args] : args;
  const child = spawn(cmd!, argv, {
    cwd: ROOT,
    env: { ...process.env, OTEL_SERVICE_NAME: 'instrumentation-bench', ...env, ...arm.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err = (err + d).slice(-8000);
      const m = /\{"listening":(\d+)\}/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${arm.name} server exited with ${code}:\n${err}`)));
  });
  return { child, port };
}
