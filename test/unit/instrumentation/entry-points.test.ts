import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
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

// a bad batch setting must not stop the preload: one warning naming it (shown because
// OTEL_LOG_LEVEL asks for the diag console logger), and the application runs on the default.
describe('instrumentation register preload: bad environment', () => {
  it('names a bad OTEL_BLRP_* value under OTEL_LOG_LEVEL and runs with the default', () => {
    const script = `
      const { currentSdk } = require('./dist/instrumentation/sdk/state');
      const c = currentSdk().config;
      console.log(JSON.stringify({ queue: c.logQueueSize, delay: c.logScheduleDelayMs }));
      void currentSdk().shutdown();`;
    const result = spawnSync(process.execPath, ['--require', 'agent-otel/register', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
      env: {
        ...process.env,
        OTEL_LOG_LEVEL: 'warn',
        OTEL_BLRP_MAX_QUEUE_SIZE: 'lots',
        OTEL_BLRP_SCHEDULE_DELAY: '250',
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'console',
        AGENT_OTEL_HEARTBEAT_ENABLED: 'false',
      },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? ''), { queue: 2048, delay: 250 });
    const warnings = result.stderr.split('\n').filter((l) => l.includes('OTEL_BLRP'));
    assert.equal(warnings.length, 1, result.stderr);
    assert.match(
      warnings[0] ?? '',
      /OTEL_BLRP_MAX_QUEUE_SIZE="lots" is invalid; allowed: a positive integer; using 2048/,
    );
  });
});
