import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveHeartbeatConfig } from '../../../cli/commands/heartbeat';
import { loadHeartbeatConfig } from '../../../processors/fleet-supervisor/config';
import { DEFAULT_PORT } from '../../../processors/heartbeat/config';
import { ConfigError } from '../../../protocol/config-file';
import { ROOT, tempDirUntilExit } from '../../helpers';

const dir = tempDirUntilExit('hb-config');
function file(text: string): string {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return path;
}

describe('heartbeat config', () => {
  it('loads the shipped example config', () => {
    const config = loadHeartbeatConfig(join(ROOT, 'collector-config', 'receivers', 'heartbeat.yaml'));
    assert.equal(config.receiver.port, 9412);
    assert.ok(config.watchdog.policies.length >= 4);
    assert.deepEqual(config.watchdog.policies[0].match, {});
  });

  it('has documented defaults without a file', () => {
    const config = loadHeartbeatConfig(undefined);
    assert.equal(config.receiver.port, DEFAULT_PORT);
    assert.equal(config.receiver.host, '127.0.0.1');
    assert.equal(config.timing.period_s, 30);
    assert.equal(config.watchdog.policies.length, 0);
  });

  const bad: [string, string, RegExp][] = [
    ['port out of range', 'receiver: { port: 70000 }', /receiver\.port: /],
    ['unknown key', 'receiver: { prot: 1 }', /receiver: Unrecognized key: "prot"/],
    ['negative grace', 'timing: { grace_s: -1 }', /timing\.grace_s: /],
    ['unreadable body limit', 'receiver: { body_limit: 1 megabyte }', /receiver\.body_limit: must be a size/],
    [
      'duplicate inventory id',
      'inventory: [{agent_id: a}, {agent_id: a}]',
      /inventory\.1\.agent_id: duplicate agent_id/,
    ],
    [
      'policy with two triggers',
      'watchdog: { policies: [{ name: p, on: { state: down, status: blocked }, actions: [{type: command, command: [true]}] }] }',
      /watchdog\.policies\.0\.on: set exactly one/,
    ],
    [
      'webhook without url',
      'watchdog: { policies: [{ name: p, on: { state: down }, actions: [{type: webhook}] }] }',
      /watchdog\.policies\.0\.actions\.0\.url: /,
    ],
    [
      'unknown action type',
      'watchdog: { policies: [{ name: p, on: { state: down }, actions: [{type: shell, run: x}] }] }',
      /watchdog\.policies\.0\.actions\.0\.type: /,
    ],
    [
      'command as a string',
      'watchdog: { policies: [{ name: p, on: { state: down }, actions: [{type: command, command: "rm -rf /"}] }] }',
      /watchdog\.policies\.0\.actions\.0\.command: /,
    ],
    ['not yaml', 'receiver: [', /is not valid YAML/],
  ];
  for (const [name, text, message] of bad) {
    it(`names the bad key: ${name}`, () => {
      assert.throws(
        () => loadHeartbeatConfig(file(text)),
        (err: Error) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  it('applies flag over environment over file, and validates the flags too', () => {
    const path = file('receiver: { port: 1000, host: 127.0.0.1 }');
    const config = resolveHeartbeatConfig(
      { config: path, port: '2000', logLevel: 'info' },
      { AGENT_OTEL_HEARTBEAT_TOKEN: 'secret' },
    );
    assert.equal(config.receiver.port, 2000);
    assert.equal(config.receiver.bearer_token, 'secret');
    assert.throws(
      () => resolveHeartbeatConfig({ config: path, port: 'abc', logLevel: 'info' }, {}),
      /--port: expected an integer, got 'abc'/,
    );
  });
});
