import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ENDPOINTS, isReady, READINESS, ROOT, RUN_DIR } from '../../test/e2e/stack';
import { helpRequested } from '../usage';
import { percentile } from './harness';

if (helpRequested('usage: npm run bench:agent-down   (env BENCH_AGENTS (6), BENCH_STACK_PROFILE (default))'))
  process.exit(0);

// heartbeat missed -> AgentDown firing, on the real stack with the shipped intervals: the receiver
// CLI with its default period (30 s), grace (15 s) and export interval (10 s), exporting through
// the collector to Prometheus (scrape and rule evaluation 15 s with the default profile), which
// sends the alert to Alertmanager. Agents stop beating at staggered times, so they meet the
// export and evaluation cycles at different phases. Each delay is counted from the agent's
// deadline (last heartbeat + period + grace), when it is due to be down.
// Uses a running stack (and says which profile it has), else starts one with
// `scripts/stack/up.sh --profile $BENCH_STACK_PROFILE` (default: default) and stops it after.
// On a machine shared with the e2e suites, run it under their lock:
//   flock /tmp/agent-otel-stack.lock npm run bench:agent-down
const AGENTS = Number(process.env.BENCH_AGENTS ?? 6);
const PROFILE = process.env.BENCH_STACK_PROFILE ?? 'default';
const PERIOD_S = 30;
const GRACE_S = 15;
const BEAT_EVERY_MS = 10_000;
const RUN = Date.now().toString(36);
const SERVICE = `hb-bench-down-${RUN}`;

interface Agent {
  id: string;
  stopAtMs: number;
  lastBeatMs?: number;
  downMs?: number;
  promFiringMs?: number;
  amActiveMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ensureStack(): Promise<{ profile: string; stop?: () => void }> {
  const missing = [];
  for (const [name, url] of Object.entries(READINESS)) if (!(await isReady(url))) missing.push(name);
  const profileFile = join(RUN_DIR, 'profile');
  if (missing.length === 0) {
    return { profile: existsSync(profileFile) ? readFileSync(profileFile, 'utf8').trim() : 'unknown' };
  }
  if (missing.length < Object.keys(READINESS).length) {
    throw new Error(
      `the stack is partly up; not answering: ${missing.join(', ')} (run scripts/stack/down.sh)`,
    );
  }
  execFileSync(join(ROOT, 'scripts', 'stack', 'up.sh'), ['--profile', PROFILE], { stdio: 'inherit' });
  return {
    profile: PROFILE,
    stop: () => execFileSync(join(ROOT, 'scripts', 'stack', 'down.sh'), { stdio: 'inherit' }),
  };
}

async function startReceiver(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-down-'));
  const config = join(dir, 'heartbeat.yaml');
  // shipped defaults for timing and export; only the name, a free port and no state file differ.
  writeFileSync(config, stringify({ service_name: SERVICE, receiver: { port: 0, state_file: '' } }));
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'cli', 'main.js'), 'heartbeat', '--config', config, '--log-level', 'info'],
    {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINTS.collectorOtlpHttp },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // a receiver that never said it listens must not outlive the bench.
      child.kill('SIGKILL');
      reject(new Error(`receiver did not start:\n${out}`));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`receiver exited with ${code} before listening:\n${out}`));
    });
    const onData = (c: Buffer) => {
      out += c;
      const m = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function json<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

async function run(): Promise<void> {
  const stack = await ensureStack();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  try {
    receiver = await startReceiver();
  } catch (err) {
    // a stack this bench started is stopped on every way out.
    stack.stop?.();
    throw err;
  }
  const start = Date.now();
  // stop times spread over one export interval and one evaluation interval and more.
  const agents: Agent[] = Array.from({ length: AGENTS }, (_, i) => ({
    id: `bench-down-${RUN}-${i}`,
    stopAtMs: start + 15_000 + Math.round((i / Math.max(1, AGENTS - 1)) * 30_000),
  }));
  try {
    const beating = agents.map(async (a) => {
      while (Date.now() < a.stopAtMs) {
        const res = await fetch(`${receiver.url}/v1/heartbeats`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ agent_id: a.id, role: 'bench', interval_s: PERIOD_S }),
        });
        if (res.status !== 202) throw new Error(`heartbeat -> ${res.status}`);
        a.lastBeatMs = Date.now();
        await sleep(Math.min(BEAT_EVERY_MS, Math.max(0, a.stopAtMs - Date.now())));
      }
    });
    await Promise.all(beating);
    const lastDeadline = Math.max(...agents.map((a) => a.lastBeatMs! + (PERIOD_S + GRACE_S) * 1000));
    const giveUp = lastDeadline + 180_000;
    while (agents.some((a) => a.amActiveMs === undefined) && Date.now() < giveUp) {
      const now = Date.now();
      const [fleet, prom, am] = await Promise.all([
        json<{ agents: { agent_id: string; state: string }[] }>(`${receiver.url}/v1/agents?state=down`),
        json<{ data: { alerts: { labels: Record<string, string>; state: string }[] } }>(
          `${ENDPOINTS.prometheus}/api/v1/alerts`,
        ),
        json<{ labels: Record<string, string> }[]>(
          `${ENDPOINTS.alertmanager}/api/v2/alerts?filter=alertname%3D%22AgentDown%22&filter=job%3D%22${SERVICE}%22`,
        ),
      ]);
      for (const a of agents) {
        if (a.downMs === undefined && fleet?.agents.some((r) => r.agent_id === a.id)) a.downMs = now;
        const firing = prom?.data.alerts.some(
          (x) => x.labels.alertname === 'AgentDown' && x.labels.agent_id === a.id && x.state === 'firing',
        );
        if (a.promFiringMs === undefined && firing) a.promFiringMs = now;
        if (a.amActiveMs === undefined && am?.some((x) => x.labels.agent_id === a.id)) a.amActiveMs = now;
      }
      await sleep(250);
    }
  } finally {
    await receiver.stop();
    stack.stop?.();
  }
  const after = (pick: (a: Agent) => number | undefined) =>
    agents
      .map((a) => {
        const at = pick(a);
        return at === undefined ? Number.NaN : at - (a.lastBeatMs! + (PERIOD_S + GRACE_S) * 1000);
      })
      .filter(Number.isFinite)
      .sort((x, y) => x - y);
  const row = (what: string, delays: number[]) => ({
    'after the deadline': what,
    agents: `${delays.length}/${agents.length}`,
    'p50 (s)': delays.length ? (percentile(delays, 50) / 1000).toFixed(1) : '-',
    'p99 (s)': delays.length ? (percentile(delays, 99) / 1000).toFixed(1) : '-',
    'max (s)': delays.length ? (delays.at(-1)! / 1000).toFixed(1) : '-',
  });
  console.log(
    `heartbeat missed -> AgentDown: ${AGENTS} agents, period ${PERIOD_S} s + grace ${GRACE_S} s, receiver export 10 s, stack profile '${stack.profile}'`,
  );
  console.table([
    row(
      'receiver: agent down',
      after((a) => a.downMs),
    ),
    row(
      'Prometheus: AgentDown firing',
      after((a) => a.promFiringMs),
    ),
    row(
      'Alertmanager: AgentDown active',
      after((a) => a.amActiveMs),
    ),
  ]);
  if (agents.some((a) => a.amActiveMs === undefined)) {
    console.error('some agents never reached Alertmanager within 180 s of their deadline');
    process.exitCode = 1;
  }
}

run().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
