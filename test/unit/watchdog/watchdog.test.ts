import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertmanagerAlert } from '../../../processors/watchdog/types';
import { eventually, never, useTempDirs } from '../../helpers';
import { testFleet } from '../heartbeat/helpers';
import { target, testWatchdog } from './helpers';

const alert = (o: Partial<AlertmanagerAlert> = {}): AlertmanagerAlert => ({
  status: 'firing',
  labels: { alertname: 'AgentDown', agent_id: 'a' },
  annotations: {},
  startsAt: '2026-01-01T00:00:00Z',
  fingerprint: 'fp1',
  ...o,
});

describe('watchdog (idempotency, retries, escalation, actions)', () => {
  const tempDir = useTempDirs('watchdog');
  it('runs a state policy once per episode, and again for the next one', async () => {
    const t = await target();
    const { fleet } = testFleet({ timing: { period_s: 10, grace_s: 5 } });
    const { watchdog, clock } = testWatchdog({
      policies: [
        {
          name: 'down',
          on: { state: 'down', for_s: 5 },
          actions: [{ type: 'webhook', url: `${t.url}/restart` }],
        },
      ],
    });
    fleet.receive({ agent_id: 'a', role: 'coder' }, clock.now);
    for (let i = 0; i < 40; i++) {
      clock.now += 1000;
      fleet.tick(clock.now);
      watchdog.tick(fleet.agents.values(), clock.now);
    }
    fleet.receive({ agent_id: 'a' }, clock.now);
    watchdog.tick(fleet.agents.values(), clock.now);
    for (let i = 0; i < 40; i++) {
      clock.now += 1000;
      fleet.tick(clock.now);
      watchdog.tick(fleet.agents.values(), clock.now);
    }
    await eventually('two webhook calls', () => t.received.length >= 2, 10_000, 20);
    await never('another webhook call', () => t.received.length > 2, 200);
    assert.equal(t.received.length, 2);
    assert.equal(t.received[0].body.agent_id, 'a');
    assert.equal(t.received[0].body.trigger, 'state');
    assert.notEqual(t.received[0].key, t.received[1].key);
    await t.close();
  });

  it('acts once on an alert re-sent by alertmanager, and closes it when resolved', async () => {
    const t = await target();
    const { watchdog, audit } = testWatchdog({
      policies: [
        { name: 'am', on: { alert: { alertname: 'AgentDown' } }, actions: [{ type: 'webhook', url: t.url }] },
      ],
    });
    assert.equal(watchdog.receiveAlerts([alert()]), 1);
    assert.equal(watchdog.receiveAlerts([alert()]), 0);
    assert.equal(watchdog.receiveAlerts([alert(), alert({ labels: { alertname: 'Other' } })]), 0);
    watchdog.receiveAlerts([alert({ status: 'resolved' })]);
    assert.equal(watchdog.incidents.get('am|alert|fp1|2026-01-01T00:00:00Z')!.active, false);
    assert.equal(watchdog.receiveAlerts([alert({ startsAt: '2026-01-01T01:00:00Z' })]), 1);
    await eventually('two webhook calls', () => t.received.length >= 2, 10_000, 20);
    await never('another webhook call', () => t.received.length > 2, 200);
    assert.equal(t.received.length, 2);
    assert.equal((t.received[0].body.alert as AlertmanagerAlert).fingerprint, 'fp1');
    assert.equal(audit.list().length, 2);
    await t.close();
  });

  it('retries a failing webhook with backoff and audits every attempt', async () => {
    const t = await target(2);
    const { watchdog, audit } = testWatchdog({
      policies: [
        {
          name: 'am',
          on: { alert: { alertname: 'AgentDown' } },
          actions: [{ type: 'webhook', url: t.url }],
          retries: { max_attempts: 4, initial_backoff_ms: 20, max_backoff_ms: 50 },
        },
      ],
    });
    watchdog.receiveAlerts([alert()]);
    // the target answers before the watchdog audits that answer: wait for the third audit entry.
    await eventually(
      'one webhook call, audited',
      () => t.received.length === 1 && audit.list().length === 3,
      10_000,
      20,
    );
    assert.deepEqual(
      audit
        .list()
        .reverse()
        .map((a) => `${a.attempt}:${a.result}`),
      ['1:retry', '2:retry', '3:success'],
    );
    assert.match(audit.list()[1].error!, /HTTP 503: busy/);
    await t.close();
  });

  it('gives up after max_attempts with a failure naming the cause', async () => {
    const { watchdog, audit } = testWatchdog({
      policies: [
        {
          name: 'am',
          on: { alert: { alertname: 'AgentDown' } },
          actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/none', timeout_ms: 500 }],
          retries: { max_attempts: 2, initial_backoff_ms: 10 },
        },
      ],
    });
    watchdog.receiveAlerts([alert()]);
    await eventually('two audited attempts', () => audit.list().length === 2, 10_000, 20);
    assert.equal(audit.list()[0].result, 'failure');
    assert.match(audit.list()[0].error!, /fetch failed|ECONNREFUSED/);
  });

  it('escalates while the condition holds, and not after it clears', async () => {
    const t = await target();
    const { fleet } = testFleet({ timing: { period_s: 1, grace_s: 1 } });
    const { watchdog, clock } = testWatchdog({
      policies: [
        {
          name: 'down',
          on: { state: 'down' },
          actions: [{ type: 'webhook', url: `${t.url}/level0` }],
          escalation: [
            { after_s: 10, actions: [{ type: 'webhook', url: `${t.url}/level1` }] },
            { after_s: 60, actions: [{ type: 'webhook', url: `${t.url}/level2` }] },
          ],
        },
      ],
    });
    fleet.receive({ agent_id: 'a' }, clock.now);
    for (let i = 0; i < 15; i++) {
      clock.now += 1000;
      fleet.tick(clock.now);
      watchdog.tick(fleet.agents.values(), clock.now);
    }
    fleet.receive({ agent_id: 'a' }, clock.now);
    for (let i = 0; i < 70; i++) {
      clock.now += 100;
      watchdog.tick(fleet.agents.values(), clock.now);
    }
    await eventually('two webhook calls', () => t.received.length >= 2, 10_000, 20);
    await never('another webhook call', () => t.received.length > 2, 200);
    assert.deepEqual(
      t.received.map((r) => r.path),
      ['/level0', '/level1'],
    );
    assert.equal(t.received[1].body.level, 1);
    await t.close();
  });

  it('runs a configured command with the event on stdin and records its failure', async () => {
    const dir = tempDir('cmd');
    const out = join(dir, 'event.json');
    const { watchdog, audit } = testWatchdog({
      policies: [
        {
          name: 'cmd',
          on: { alert: { alertname: 'AgentDown' } },
          actions: [
            {
              type: 'command',
              command: [
                process.execPath,
                '-e',
                `require('fs').writeFileSync(${JSON.stringify(out)}, require('fs').readFileSync(0))`,
              ],
            },
            { type: 'command', command: [process.execPath, '-e', 'console.error("nope"); process.exit(3)'] },
          ],
          retries: { max_attempts: 1 },
        },
      ],
    });
    watchdog.receiveAlerts([alert()]);
    await eventually('two audited attempts', () => audit.list().length === 2, 10_000, 20);
    const event = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(event.policy, 'cmd');
    assert.equal(event.agent_id, 'a');
    const failed = audit.list().find((a) => a.result === 'failure')!;
    assert.match(failed.error!, /exited with code 3: nope/);
  });

  it('does not run actions again for incidents restored from a checkpoint', async () => {
    const t = await target();
    const config = {
      policies: [
        { name: 'am', on: { alert: { alertname: 'AgentDown' } }, actions: [{ type: 'webhook', url: t.url }] },
      ],
    };
    const first = testWatchdog(config);
    first.watchdog.receiveAlerts([alert()]);
    await eventually('one webhook call', () => t.received.length === 1, 10_000, 20);
    const saved = JSON.parse(JSON.stringify([...first.watchdog.incidents.values()]));
    const second = testWatchdog(config);
    second.watchdog.restore(saved);
    assert.equal(second.watchdog.receiveAlerts([alert()]), 0);
    await never('the restored incident running again', () => t.received.length > 1, 100);
    await t.close();
  });

  it('runs manual actions once per idempotency key and names an unknown policy', async () => {
    const t = await target();
    const { watchdog } = testWatchdog({
      policies: [
        { name: 'm', on: { state: 'down', for_s: 3600 }, actions: [{ type: 'webhook', url: t.url }] },
      ],
    });
    const first = watchdog.manual('m', undefined, 'drill', 'k1');
    const again = watchdog.manual('m', undefined, 'drill', 'k1');
    assert.deepEqual(again, { key: (first as { key: string }).key, duplicate: true });
    assert.equal(watchdog.manual('nope', undefined, undefined, undefined), "no policy named 'nope'");
    await eventually('one webhook call', () => t.received.length === 1, 10_000, 20);
    assert.equal(t.received[0].body.trigger, 'manual');
    await t.close();
  });
});
