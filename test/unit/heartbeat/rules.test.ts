import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../e2e/stack';

// promtool ships with the stack (scripts/stack/install.sh); a missing promtool fails the test.
function promtool(args: string[]) {
  const result = spawnSync('promtool', args, { cwd: ROOT, encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run promtool: ${result.error.message}`);
  return result;
}

describe('heartbeat alert rules', () => {
  it('pass promtool check rules', () => {
    const r = promtool(['check', 'rules', join('collector-config', 'prometheus', 'rules', 'heartbeat.yml')]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('fire as expected in promtool test rules', () => {
    const r = promtool(['test', 'rules', join('test', 'unit', 'heartbeat', 'heartbeat-rules.promtool.yml')]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
