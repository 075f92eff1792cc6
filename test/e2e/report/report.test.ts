import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportSummary } from '../../../cli/report/summary';
import { eventually, freePort, tempDirUntilExit } from '../../helpers';
import { getJson } from '../backends';
import { ENDPOINTS, ROOT } from '../stack';
import { backfill } from './backfill';
import { type AgentScript, openMetrics } from './scenario';

// the checkpoint report against the real Prometheus, over 24 h of scripted history with known
// answers: a GO fleet and a NO-GO fleet, each with a test and a control group. every figure
// below is worked out by hand from the script (scenario.ts), not by the report's code.

const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const MiB = 2 ** 20;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'report', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function close(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null, `${what}: no data`);
  assert.ok(
    Math.abs(actual - expected) <= Math.abs(expected) * 1e-9 + 1e-12,
    `${what}: ${actual} != ${expected}`,
  );
}

describe('report: wave checkpoint against a scripted 24 h in Prometheus', function () {
  this.timeout(180_000);
  const run = randomUUID().slice(0, 8);
  const id = (scenario: string, agent: string) => `rpt-${run}-${scenario}-${agent}`;
  // whole hours, three before now: clear of the rules' look-back, so no alert fires on it
  const endS = Math.floor(Date.now() / 3_600_000) * 3600 - 3 * 3600;
  const out = tempDirUntilExit('agent-otel-report');

  const testBuckets: [number, number][] = [
    [25, 0],
    [50, 80_000],
    [100, 180_000],
    [200, 199_000],
    [500, 200_000],
  ];
  const t2Buckets: [number, number][] = [
    [25, 0],
    [50, 30_000],
    [100, 90_000],
    [200, 99_800],
    [500, 100_000],
  ];
  const controlBuckets: [number, number][] = [
    [50, 40_000],
    [100, 95_000],
    [200, 99_900],
    [500, 100_000],
  ];
  const base = (scenario: string): AgentScript[] => [
    {
      id: id(scenario, 't1'),
      requests: 200_000,
      errors: 100,
      buckets: testBuckets,
      sent: 5000,
      consumed: 5000,
      cpuUser: 0.08,
      cpuSystem: 0.02,
      memoryMiB: 100,
    },
    {
      id: id(scenario, 't2'),
      down: [700],
      requests: 100_000,
      errors: 80,
      buckets: t2Buckets,
      sent: 4000,
      consumed: 4000,
      cpuUser: 0.08,
      cpuSystem: 0.024,
      memoryMiB: 104,
    },
    {
      id: id(scenario, 'c1'),
      requests: 100_000,
      errors: 50,
      buckets: controlBuckets,
      sent: 3000,
      consumed: 3000,
      cpuUser: 0.078,
      cpuSystem: 0.02,
      memoryMiB: 98,
    },
    {
      id: id(scenario, 'c2'),
      requests: 100_000,
      errors: 50,
      buckets: controlBuckets,
      sent: 3000,
      consumed: 3000,
      cpuUser: 0.08,
      cpuSystem: 0.022,
      memoryMiB: 102,
    },
  ];
  const go = base('go');
  const nogo = base('nogo');
  // t1: p99 beyond 200 ms; t2: three samples down, 0.3 % errors, 10 messages lost, a restart,
  // and 20 % more CPU and memory
  nogo[0].buckets = testBuckets.map(([le, n]) => [le, le === 200 ? 196_000 : n]);
  Object.assign(nogo[1], {
    down: [100, 700, 1300],
    errors: 300,
    consumed: 3990,
    restartAt: 700,
    cpuSystem: 0.044,
    memoryMiB: 124,
  });

  const args = (scenario: string, dir: string, extra: string[] = []) => [
    '--window',
    '24h',
    '--end',
    String(endS),
    '--agents',
    `${id(scenario, 't1')},${id(scenario, 't2')}`,
    '--control',
    `${id(scenario, 'c1')},${id(scenario, 'c2')}`,
    '--prometheus',
    ENDPOINTS.prometheus,
    '--out',
    join(out, dir),
    ...extra,
  ];
  const summaryOf = (dir: string) =>
    JSON.parse(readFileSync(join(out, dir, 'summary.json'), 'utf8')) as ReportSummary;

  before(async () => {
    await backfill(openMetrics([...go, ...nogo], endS, id('x', 'driver')), run);
    // prometheus loads new blocks at its next reload, at most a minute away
    await eventually(
      'the backfilled blocks to be queryable',
      async () => {
        const params = new URLSearchParams({
          query: `count(agent_up{agent_id=~"rpt-${run}-.*"})`,
          time: String(endS),
        });
        const body = await getJson<{ data: { result: { value: [number, string] }[] } }>(
          `${ENDPOINTS.prometheus}/api/v1/query?${params}`,
        );
        return body.data.result[0]?.value[1] === '8' ? true : undefined;
      },
      120_000,
      2000,
    );
  });

  it('GO: every criterion passes, with the exact figures of the script; exit 0', async () => {
    const res = await cli(args('go', 'go'));
    assert.equal(res.code, 0, res.stderr + res.stdout);
    assert.match(res.stdout, /^GO: /);
    const s = summaryOf('go');
    assert.equal(s.decision, 'GO');
    assert.deepEqual(s.reasons, []);
    assert.deepEqual(Object.fromEntries(s.criteria.map((c) => [c.id, c.status])), {
      uptime: 'PASS',
      error_rate: 'PASS',
      delivery: 'PASS',
      latency_p50_ms: 'PASS',
      latency_p99_ms: 'PASS',
      restarts: 'PASS',
      cpu_overhead: 'PASS',
      memory_overhead: 'PASS',
    });
    const t1 = s.agents[id('go', 't1')].figures;
    const t2 = s.agents[id('go', 't2')].figures;
    close(t1.uptime, 1, 't1 uptime');
    close(t2.uptime, 1439 / 1440, 't2 uptime (one sample down)');
    close(t1.error_rate, 0.0005, 't1 error rate');
    close(t2.error_rate, 0.0008, 't2 error rate');
    close(t1.delivery, 1, 't1 delivery');
    close(t1.latency_p50_ms, 60, 't1 p50'); // 50 + (100000 - 80000) / (180000 - 80000) * 50
    close(t1.latency_p99_ms, 100 + (18_000 / 19_000) * 100, 't1 p99');
    close(t2.latency_p50_ms, 50 + (20_000 / 60_000) * 50, 't2 p50');
    close(t2.latency_p99_ms, 100 + (9000 / 9800) * 100, 't2 p99');
    assert.equal(t1.restarts, 0);
    close(t1.cpu_cores, 0.1, 't1 cpu');
    close(t2.cpu_cores, 0.104, 't2 cpu');
    close(t2.memory_mean_bytes, 104 * MiB, 't2 memory');
    // increase() extrapolates the sampled 1439 minutes to the 1440 of the window
    close(t1.counts.requests, (200_000 * 1440) / 1439, 't1 requests');
    const test = s.group_figures.test;
    const control = s.group_figures.control;
    close(test.uptime, 2879 / 2880, 'test uptime (pooled)');
    close(test.error_rate, 180 / 300_000, 'test error rate (pooled)');
    close(test.latency_p50_ms, 62.5, 'test p50 (summed histogram)'); // 50 + 40000/160000 * 50
    close(test.latency_p99_ms, 193.75, 'test p99 (summed histogram)'); // 100 + 27000/28800 * 100
    close(control.latency_p50_ms, 50 + (20_000 / 110_000) * 50, 'control p50');
    close(control.error_rate, 0.0005, 'control error rate');
    close(test.cpu_cores, 0.102, 'test cpu');
    close(control.cpu_cores, 0.1, 'control cpu');
    close(s.criteria.find((c) => c.id === 'cpu_overhead')!.value, 0.02, 'cpu overhead');
    close(s.criteria.find((c) => c.id === 'memory_overhead')!.value, 0.02, 'memory overhead');
    const uptime = s.criteria.find((c) => c.id === 'uptime')!;
    assert.equal(uptime.worst_agent, id('go', 't2'));
    const md = readFileSync(join(out, 'go', 'report.md'), 'utf8');
    assert.match(md, /^# Checkpoint report: GO/);
    assert.match(md, /\| Agent uptime \| > 99\.9% \| 99\.9306% \(rpt-[^)]+-go-t2\) \| PASS \| yes \|/);
    assert.match(md, /\| control \| 100% \| 0\.05% \| 100% \|/);
  });

  it('NO-GO: each broken criterion fails with its exact figure, p50 still passes; exit 1', async () => {
    const res = await cli(args('nogo', 'nogo'));
    assert.equal(res.code, 1, res.stderr + res.stdout);
    const s = summaryOf('nogo');
    assert.equal(s.decision, 'NO-GO');
    const byId = Object.fromEntries(s.criteria.map((c) => [c.id, c]));
    assert.deepEqual(Object.fromEntries(s.criteria.map((c) => [c.id, c.status])), {
      uptime: 'FAIL',
      error_rate: 'FAIL',
      delivery: 'FAIL',
      latency_p50_ms: 'PASS',
      latency_p99_ms: 'FAIL',
      restarts: 'FAIL',
      cpu_overhead: 'FAIL',
      memory_overhead: 'FAIL',
    });
    const t2 = id('nogo', 't2');
    close(byId.uptime.value, 1437 / 1440, 'uptime');
    assert.equal(byId.uptime.worst_agent, t2);
    close(byId.error_rate.value, 0.003, 'error rate');
    close(byId.delivery.value, 3990 / 4000, 'delivery');
    close(byId.latency_p99_ms.value, 350, 'p99'); // 200 + (198000 - 196000) / 4000 * 300
    assert.equal(byId.latency_p99_ms.worst_agent, id('nogo', 't1'));
    assert.equal(byId.restarts.value, 1);
    close(byId.cpu_overhead.value, 0.12, 'cpu overhead'); // (0.1 + 0.124) / 2 against 0.1
    close(byId.memory_overhead.value, 0.12, 'memory overhead'); // (100 + 124) / 2 against 100
    assert.equal(s.reasons.length, 7);
    assert.match(res.stdout, /^NO-GO: /);
    assert.match(res.stdout, new RegExp(`Agent uptime: ${t2} at 99\\.7917%, needs > 99\\.9%`));
  });

  it('an agent without data is NO DATA, never PASS, and makes it NO-GO unless allowed', async () => {
    const extra = ['--agents', `${id('go', 't1')},${id('go', 't2')},${id('go', 'ghost')}`];
    const res = await cli([...args('go', 'ghost'), ...extra]);
    assert.equal(res.code, 1, res.stderr + res.stdout);
    const s = summaryOf('ghost');
    const uptime = s.criteria.find((c) => c.id === 'uptime')!;
    assert.equal(uptime.status, 'NO DATA');
    assert.equal(uptime.per_agent[id('go', 'ghost')].status, 'NO DATA');
    assert.equal(uptime.per_agent[id('go', 't1')].status, 'PASS');
    assert.ok(s.reasons.includes('Agent uptime: no data'), s.reasons.join('; '));

    const file = join(out, 'allow-no-data.yaml');
    const ids = ['uptime', 'error_rate', 'delivery', 'latency_p50_ms', 'latency_p99_ms', 'restarts'];
    writeFileSync(file, `criteria:\n${ids.map((c) => `  ${c}: { allow_no_data: true }`).join('\n')}\n`);
    const allowed = await cli([...args('go', 'ghost-allowed'), ...extra, '--thresholds', file]);
    assert.equal(allowed.code, 0, allowed.stderr + allowed.stdout);
  });

  it('thresholds from a file decide; a bad file or an unreachable Prometheus exits 2 naming the cause', async () => {
    const lenient = join(out, 'lenient.yaml');
    writeFileSync(lenient, 'criteria:\n  latency_p99_ms: { threshold: 400 }\n  restarts: { threshold: 1 }\n');
    const res = await cli([...args('nogo', 'lenient'), '--thresholds', lenient]);
    assert.equal(res.code, 1);
    const statuses = Object.fromEntries(summaryOf('lenient').criteria.map((c) => [c.id, c.status]));
    assert.equal(statuses.latency_p99_ms, 'PASS');
    assert.equal(statuses.restarts, 'PASS');

    const bad = join(out, 'bad.yaml');
    writeFileSync(bad, 'criteria:\n  uptime: { threshold: high }\n  latency_p95_ms: { threshold: 1 }\n');
    const config = await cli([...args('go', 'bad'), '--thresholds', bad]);
    assert.equal(config.code, 2);
    assert.match(config.stderr, /config error: invalid configuration in .*bad\.yaml/);
    assert.match(config.stderr, /criteria\.uptime\.threshold: /);
    assert.match(config.stderr, /latency_p95_ms/);

    const closed = await freePort();
    const url = `http://127.0.0.1:${closed}`;
    const down = await cli([
      ...args('go', 'down').slice(0, -4),
      '--prometheus',
      url,
      '--out',
      join(out, 'down'),
    ]);
    assert.equal(down.code, 2);
    assert.ok(
      down.stderr.includes(`backend error: prometheus at ${url} is unreachable (ECONNREFUSED)`),
      down.stderr,
    );
  });
});
