import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { childrenCpuSeconds } from '../proc-cpu';

// wrk as the heartbeat bench's load generator for single heartbeats: one autocannon process on one
// core tops out near what one core of the receiver takes, so requests per second would measure
// autocannon; wrk (C, from Debian: scripts/install-wrk.sh) has room to spare. Its Lua script
// builds each body (wrk-heartbeats.lua).

const SCRIPT = join(__dirname, '..', '..', '..', 'bench', 'heartbeat', 'wrk-heartbeats.lua');

export interface LoadResult {
  /** requests answered 2xx. */
  answered: number;
  durationS: number;
  p99Ms: number;
  /** non-2xx answers and socket errors. */
  errors: number;
  /** CPU seconds the load generator used. */
  loadGenCpuS: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

/** wrk's report, read from its text: requests, duration, non-2xx, socket errors, p99. */
export function parseWrkReport(out: string): Omit<LoadResult, 'loadGenCpuS'> {
  const total = /(\d+) requests in ([\d.]+)(ms|s|m),/.exec(out);
  if (!total) throw new Error(`wrk printed no request count:\n${out}`);
  const seconds = Number(total[2]) * (total[3] === 'ms' ? 0.001 : total[3] === 'm' ? 60 : 1);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0;
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s)\s*$/m.exec(out);
  return {
    answered: Number(total[1]) - non2xx,
    durationS: seconds,
    p99Ms: p99 ? Number(p99[1]) * UNIT_MS[p99[2]!]! : Number.NaN,
    errors: non2xx + socketErrors,
  };
}

/** POSTs one heartbeat per request to `url` for `durationS`, over `connections`, from one thread. */
export async function wrkHeartbeats(
  url: string,
  opts: { durationS: number; connections: number; agents: number; prefix: string; at: string },
): Promise<LoadResult> {
  const before = childrenCpuSeconds();
  const args = ['-t1', `-c${opts.connections}`, `-d${opts.durationS}s`, '--latency', '-s', SCRIPT, url];
  const env = {
    ...process.env,
    BENCH_AGENTS: String(opts.agents),
    BENCH_AGENT_PREFIX: opts.prefix,
    BENCH_AT: opts.at,
  };
  const out = await new Promise<string>((resolve, reject) => {
    execFile('wrk', args, { env }, (err, stdout, stderr) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new Error(missing ? 'wrk not found: run scripts/install-wrk.sh' : `wrk failed: ${stderr || err}`),
        );
      } else resolve(stdout);
    });
  });
  return { ...parseWrkReport(out), loadGenCpuS: childrenCpuSeconds() - before };
}
