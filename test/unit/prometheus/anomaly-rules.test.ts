import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, useTempDirs } from '../../helpers';

const tempDir = useTempDirs('agent-otel-anomaly');
const RULES = join(ROOT, 'collector-config', 'prometheus', 'rules', 'anomaly.yml');

// promtool ships with the stack (scripts/stack/install.sh); a missing promtool fails the test.
function run(cmd: string, args: string[]) {
  const result = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run ${cmd}: ${result.error.message}`);
  return result;
}

describe('anomaly rules (collector-config/prometheus/rules/anomaly.yml)', function () {
  // promtool evaluates hours of one-minute samples: slower than the other unit tests
  this.timeout(120_000);

  it('pass promtool check rules as shipped', () => {
    const r = run('promtool', ['check', 'rules', RULES]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('fire on a slowdown, an error spike, a tool loop and a token overrun, and not on their look-alikes', () => {
    const r = run('promtool', [
      'test',
      'rules',
      join('collector-config', 'prometheus', 'tests', 'anomaly.test.yml'),
    ]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('render to valid rules with the test profile windows, every window and `for` replaced', () => {
    const dir = tempDir();
    const out = join(dir, 'anomaly.yml');
    const r = run(join(ROOT, 'scripts', 'stack', 'render.sh'), [
      RULES,
      out,
      'ANOMALY_RECENT_RANGE=[30s]',
      'ANOMALY_RECENT_WINDOW=30s',
      'ANOMALY_BASELINE_RANGE=[10m]',
      'ANOMALY_FOR=5s',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(out, 'utf8');
    assert.doesNotMatch(text, /\[5m\]|\[1d\]|offset 5m|for: (2|10)m/);
    assert.match(text, /\[30s\]/);
    assert.match(text, /\[10m\]\n\s+offset 30s\n/);
    const check = run('promtool', ['check', 'rules', out]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });
});
