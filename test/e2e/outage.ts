import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './backends';
import { isReady, READINESS, RUN_DIR } from './stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A real outage of one stack component: SIGKILL, as a crash or an OOM kill would do. Returns how
 * to bring it back exactly as it ran (command line, environment and directory read from /proc),
 * in its own process group with its pid file updated, so scripts/stack/down.sh still stops it.
 */
export async function crash(name: keyof typeof READINESS): Promise<{ restart(): Promise<void> }> {
  const pidFile = join(RUN_DIR, 'pids', `${name}.pid`);
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const env = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const cwd = readlinkSync(`/proc/${pid}/cwd`);
  process.kill(-pid, 'SIGKILL');
  while (alive(pid)) await sleep(50);
  return {
    async restart() {
      const log = openSync(join(RUN_DIR, 'logs', `${name}.log`), 'a');
      const child = spawn(argv[0]!, argv.slice(1), { cwd, env, detached: true, stdio: ['ignore', log, log] });
      closeSync(log);
      child.unref();
      writeFileSync(pidFile, `${child.pid}\n`);
      await eventually(
        `${name} ready again`,
        async () => ((await isReady(READINESS[name]!)) ? true : undefined),
        60_000,
        250,
      );
    },
  };
}
