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

describe('security alert rules (failed bearer-token checks)', () => {
  const prometheus = join('collector-config', 'prometheus');

  it('pass promtool check rules', () => {
    const r = promtool(['check', 'rules', join(prometheus, 'rules', 'security.yml')]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('fire on more than 10 failures a minute per listener, not on 10 (promtool test rules)', () => {
    const r = promtool(['test', 'rules', join(prometheus, 'tests', 'security.test.yml')]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
