import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, useTempDirs } from '../../helpers';

const tempDir = useTempDirs('agent-otel-antidrift');

// the test stack profile renders the anti-drift alerts' waiting times to seconds (a game day's
// short run waits for them); the critical ones, which never wait, stay at 0m.
describe('anti-drift rules as the test profile renders them', () => {
  it('wait 5 s where the shipped rules wait minutes, and still pass promtool', () => {
    const dir = tempDir();
    const out = join(dir, 'anti-drift.yml');
    const r = spawnSync(
      join(ROOT, 'scripts', 'stack', 'render.sh'),
      [join(ROOT, 'collector-config', 'prometheus', 'rules', 'anti-drift.yml'), out, 'ANTI_DRIFT_FOR=5s'],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const rules = parse(readFileSync(out, 'utf8')).groups[0].rules as { alert: string; for: string }[];
    assert.deepEqual(Object.fromEntries(rules.map((x) => [x.alert, x.for])), {
      HighSeverityPromptDrift: '0m',
      HighEvidenceGateFailureRate: '5s',
      LeaseContentionStorm: '5s',
      PhaseValidationFailures: '5s',
      StrategizePhaseSkipped: '0m',
    });
    const check = spawnSync('promtool', ['check', 'rules', out], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });
});
