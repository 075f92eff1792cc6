import assert from 'node:assert/strict';
import { readEnvConfig } from '../../../../instrumentation/config/env';
import { resolveConfig } from '../../../../instrumentation/config/resolve';
import { spyOnDiag } from '../diag-spy';

describe('instrumentation/config/admin', () => {
  it('off by default; loopback, tmp dir and 60 s otherwise', () => {
    const admin = resolveConfig({}, readEnvConfig({})).admin;
    assert.equal(admin.port, undefined);
    assert.equal(admin.host, '127.0.0.1');
    assert.equal(admin.maxProfileSeconds, 60);
    assert.match(admin.profileDir, /agent-otel-profiles$/);
  });

  it('reads the variables; the init() option wins per key', () => {
    const env = readEnvConfig({
      AGENT_OTEL_ADMIN_PORT: '9464',
      AGENT_OTEL_ADMIN_TOKEN: 't',
      AGENT_OTEL_PROFILE_DIR: '/var/profiles',
      AGENT_OTEL_PROFILE_MAX_SECONDS: '20',
    });
    assert.deepEqual(resolveConfig({}, env).admin, {
      port: 9464,
      host: '127.0.0.1',
      token: 't',
      profileDir: '/var/profiles',
      maxProfileSeconds: 20,
    });
    assert.equal(resolveConfig({ admin: { port: 1234 } }, env).admin.port, 1234);
  });

  for (const bad of ['0', '70000', 'http', '94.5']) {
    it(`AGENT_OTEL_ADMIN_PORT=${bad}: one warning, no endpoint`, () => {
      const spy = spyOnDiag();
      try {
        assert.equal(readEnvConfig({ AGENT_OTEL_ADMIN_PORT: bad }).admin?.port, undefined);
        assert.equal(spy.warnings.length, 1);
        assert.ok(spy.warnings[0].includes(`AGENT_OTEL_ADMIN_PORT="${bad}"`));
        assert.ok(spy.warnings[0].includes('no admin endpoint'));
      } finally {
        spy.restore();
      }
    });
  }
});
