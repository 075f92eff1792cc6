import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../helpers';
import { isReady, READINESS, RUN_DIR } from './stack';

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
 * in its own session with its pid file updated, so scripts/stack/down.sh still stops it. It is
 * started the way up.sh starts it, through a shell that exits at once: a child of the test process
 * would stay a zombie after down.sh kills it (the test process waits synchronously on down.sh and
 * cannot reap it), and down.sh would find it "still running".
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
  await eventually(`${name} gone after SIGKILL`, () => !alive(pid), 10_000, 50);
  return {
    async restart() {
      const started = execFileSync(
        'sh',
        ['-c', 'setsid "$@" >>"$AGENT_OTEL_OUTAGE_LOG" 2>&1 </dev/null & echo $!', 'sh', ...argv],
        {
          cwd,
          env: { ...env, AGENT_OTEL_OUTAGE_LOG: join(RUN_DIR, 'logs', `${name}.log`) },
          encoding: 'utf8',
        },
      );
      writeFileSync(pidFile, `${started.trim()}\n`);
      await eventually(
        `${name} ready again`,
        async () => ((await isReady(READINESS[name]!)) ? true : undefined),
        60_000,
        250,
      );
    },
  };
}
