import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CLI, useTempDirs } from '../../helpers';

// the entry point as a real child process: help, bad config, a port already taken.
function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, 'heartbeat', ...args], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', ...env },
  });
}

describe('agent-otel heartbeat (cli)', () => {
  const dir = useTempDirs('hb-cli')();

  it('prints help with every flag and the token variables', () => {
    const r = cli(['--help']);
    assert.equal(r.status, 0);
    for (const word of ['--config', '--host', '--port', '--state-file', 'AGENT_OTEL_HEARTBEAT_TOKEN']) {
      assert.ok(r.stdout.includes(word), `${word} missing from help`);
    }
  });

  it('exits non-zero naming the bad key of a config file', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'receiver:\n  port: "many"\ntiming:\n  grace_s: -3\n');
    const r = cli(['--config', path]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /receiver\.port: /);
    assert.match(r.stderr, /timing\.grace_s: /);
  });

  it('exits non-zero naming a bad flag and a missing file', () => {
    const flag = cli(['--port', '-5']);
    assert.notEqual(flag.status, 0);
    assert.match(flag.stderr, /receiver\.port: /);
    const missing = cli(['--config', join(dir, 'none.yaml')]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /cannot read config file .*none\.yaml/);
  });

  it('exits non-zero with a clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    const r = cli(['--port', String(port), '--state-file', '']);
    blocker.close();
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`cannot start: 127\\.0\\.0\\.1:${port} is already in use`));
  });
});
