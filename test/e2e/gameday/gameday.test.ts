import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { useTempDirs } from '../../helpers';
import { ROOT } from '../stack';

const tempDir = useTempDirs('agent-otel-gameday');

// `agent-otel gameday` as a user runs it, against the real test-profile stack: the demo fleet,
// faults injected, alerts in Prometheus, routing in Alertmanager, the watchdog's remediation.
function gameday(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'gameday', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`gameday still running after ${timeoutMs} ms:\n${err}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

describe('agent-otel gameday against the real stack', function () {
  this.timeout(420_000);
  let work: string;
  beforeEach(() => {
    work = tempDir();
  });

  it('reports a fault whose rule is absent as unseen and exits 1', async () => {
    const r = await gameday(
      [
        '--faults',
        'drift',
        '--expect',
        'drift=NoSuchAlert',
        '--duration',
        '15',
        '--warmup',
        '3',
        '--work-dir',
        work,
      ],
      60_000,
    );
    assert.equal(r.code, 1, r.err);
    assert.match(
      r.out,
      /^drift\s+gd[0-9a-f]{4}-coder-2\s+NoSuchAlert\s+.*UNSEEN: no alert rule named NoSuchAlert is loaded in Prometheus$/m,
    );
    assert.match(r.out, /1 of 1 faults went unseen: drift/);
    assert.match(r.err, /drift: not injected/);
  });

  it('detects, routes and remediates every fault once, and prints the timeline', async () => {
    const r = await gameday(['--duration', '300', '--warmup', '90', '--work-dir', work], 360_000);
    assert.equal(r.code, 0, `${r.out}\n${r.err}`);
    const rows = Object.fromEntries(
      r.out
        .split('\n')
        .filter((l) => /^(stop|drift|lease|evidence|slow)\s/.test(l))
        .map((l) => [l.split(/\s+/)[0], l]),
    );
    const expected: Record<string, [string, string]> = {
      stop: ['coder-2', 'AgentDown'],
      drift: ['reviewer-3', 'HighSeverityPromptDrift'],
      lease: ['tester-4', 'LeaseContentionStorm'],
      evidence: ['researcher-5', 'HighEvidenceGateFailureRate'],
      slow: ['planner-6', 'AgentTaskSlowdown'],
    };
    for (const [fault, [agent, alert]] of Object.entries(expected)) {
      const row = rows[fault];
      assert.ok(row, `no timeline row for ${fault}:\n${r.out}`);
      const m = new RegExp(
        `^${fault}\\s+gd[0-9a-f]{4}-${agent}\\s+${alert}\\s+\\+\\d+ s\\s+([\\d.]+) s\\s+([\\d.]+) s\\s+([\\d.]+) s\\s+seen$`,
      ).exec(row);
      assert.ok(m, `row: ${row}`);
      const [detect, route, remediate] = m.slice(1).map(Number);
      // each step follows the one before: routed after it fired, remediated after it was routed (1 s polls)
      assert.ok(detect > 0 && route >= detect - 1 && remediate >= detect - 1, row);
    }
    assert.match(r.out, /all 5 faults detected, routed and remediated once/);
    assert.match(r.err, /stop: the watchdog remediated gd[0-9a-f]{4}-coder-2/);
  });
});
