import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

// the ESM face re-exports the CommonJS build by hand; it must not drift from index.ts.
describe('instrumentation entry points', () => {
  it('the ESM and CommonJS builds export the same names, and share one module instance', () => {
    const script = `
      import * as esm from 'agent-otel';
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('agent-otel');
      const names = (o) => Object.keys(o).filter((k) => k !== 'default' && k !== 'module.exports').sort();
      console.log(JSON.stringify({ esm: names(esm), cjs: names(cjs), same: esm.init === cjs.init }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, OTEL_SDK_DISABLED: 'true' },
    });
    const { esm, cjs, same } = JSON.parse(String(out)) as { esm: string[]; cjs: string[]; same: boolean };
    assert.deepEqual(esm, cjs);
    assert.ok(cjs.includes('init') && cjs.includes('counter') && cjs.includes('createLogger'));
    assert.equal(same, true);
  });
});
