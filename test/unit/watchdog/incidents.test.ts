import assert from 'node:assert/strict';
import { eventually, never } from '../../helpers';
import { testFleet } from '../heartbeat/helpers';
import { target, testWatchdog } from './helpers';

const timing = { period_s: 10, grace_s: 5 };

// incident bookkeeping: which incidents are tracked, closed and pruned.
describe('watchdog incidents (tracking, closing, pruning)', () => {
  it('a manual action leaves the automatic incident of the same agent tracked, so recovery closes it', async () => {
    const t = await target();
    const { fleet } = testFleet({ timing });
    const { watchdog, clock } = testWatchdog({
      policies: [
        {
          name: 'down',
          on: { state: 'down' },
          actions: [{ type: 'webhook', url: `${t.url}/level0` }],
          escalation: [{ after_s: 30, actions: [{ type: 'webhook', url: `${t.url}/level1` }] }],
        },
      ],
    });
    const step = (ms: number) => {
      clock.now += ms;
      fleet.tick(clock.now);
      watchdog.tick(fleet.agents.values(), clock.now);
    };
    fleet.receive({ agent_id: 'a' }, clock.now);
    step(16_000);
    assert.equal(fleet.agents.get('a')!.state, 'down');
    const manual = watchdog.manual('down', fleet.agents.get('a'), 'operator restart', 'op-1');
    assert.equal(typeof manual, 'object');
    // the agent recovers before the escalation is due.
    fleet.receive({ agent_id: 'a' }, clock.now + 1000);
    for (let i = 0; i < 40; i++) {
      step(1000);
      fleet.receive({ agent_id: 'a' }, clock.now);
    }
    const automatic = [...watchdog.incidents.values()].filter((i) => i.subject.kind === 'state');
    assert.equal(automatic.length, 1);
    assert.equal(automatic[0].active, false, 'the automatic incident is closed on recovery');
    await eventually('two webhook calls', () => t.received.length >= 2, 10_000, 20);
    await never('another webhook call', () => t.received.length > 2, 200);
    assert.deepEqual(t.received.map((r) => r.path).sort(), ['/level0', '/level0']);
    await t.close();
  });

  it('closes a restored active incident whose agent no longer exists instead of escalating it', async () => {
    const t = await target();
    const config = {
      policies: [
        {
          name: 'down',
          on: { state: 'down' },
          actions: [{ type: 'webhook', url: `${t.url}/level0` }],
          escalation: [{ after_s: 10, actions: [{ type: 'webhook', url: `${t.url}/level1` }] }],
        },
      ],
    };
    const { watchdog, clock } = testWatchdog(config);
    watchdog.restore([
      {
        key: 'down|gone|1',
        policy: 'down',
        subject: { kind: 'state', agentId: 'gone', role: 'coder' },
        openedAtMs: clock.now - 60_000,
        levelsFired: 1,
        active: true,
      },
    ]);
    const { fleet } = testFleet({ timing });
    fleet.receive({ agent_id: 'other' }, clock.now);
    clock.now += 1000;
    watchdog.tick(fleet.agents.values(), clock.now);
    const incident = watchdog.incidents.get('down|gone|1')!;
    assert.equal(incident.active, false);
    assert.equal(incident.closedAtMs, clock.now);
    await never('a webhook call for the gone agent', () => t.received.length > 0, 200);
    await t.close();
  });

  it('keeps one tracked incident per policy and agent when a state file holds two active ones', () => {
    const { watchdog, clock } = testWatchdog({
      policies: [
        { name: 'down', on: { state: 'down' }, actions: [{ type: 'webhook', url: 'http://127.0.0.1:9' }] },
      ],
    });
    const incident = (key: string, openedAtMs: number) => ({
      key,
      policy: 'down',
      subject: { kind: 'state', agentId: 'a' },
      openedAtMs,
      levelsFired: 1,
      active: true,
    });
    watchdog.restore([incident('down|a|1', clock.now - 9000), incident('down|a|2', clock.now - 1000)]);
    assert.equal(watchdog.incidents.get('down|a|1')!.active, false);
    assert.equal(watchdog.incidents.get('down|a|2')!.active, true);
  });

  it('stays within max_incidents: closed incidents go first, then the oldest active ones', () => {
    const { watchdog, clock, log } = testWatchdog({
      max_incidents: 3,
      policies: [
        {
          name: 'am',
          on: { alert: { alertname: 'X' } },
          actions: [{ type: 'webhook', url: 'http://127.0.0.1:9' }],
        },
      ],
    });
    const saved = [1, 2, 3, 4, 5].map((n) => ({
      key: `am|alert|fp${n}|s`,
      policy: 'am',
      subject: { kind: 'alert' },
      openedAtMs: clock.now - 10_000 + n,
      levelsFired: 1,
      active: n !== 2,
      ...(n === 2 ? { closedAtMs: clock.now } : {}),
    }));
    watchdog.restore(saved);
    watchdog.tick([], clock.now);
    assert.deepEqual([...watchdog.incidents.keys()], ['am|alert|fp3|s', 'am|alert|fp4|s', 'am|alert|fp5|s']);
    assert.ok(
      log.lines.some((l) => /dropped 1 active incidents/.test(l)),
      log.lines.join('\n'),
    );
  });

  it('saves the incidents once before the actions fired together start', async () => {
    const t = await target();
    const savedAt: number[] = [];
    const { watchdog } = testWatchdog(
      {
        policies: [
          { name: 'am', on: { alert: { alertname: 'X' } }, actions: [{ type: 'webhook', url: t.url }] },
        ],
      },
      () => savedAt.push(t.received.length),
    );
    const alert = (fingerprint: string) => ({
      status: 'firing' as const,
      labels: { alertname: 'X' },
      annotations: {},
      startsAt: '2026-01-01T00:00:00Z',
      fingerprint,
    });
    assert.equal(watchdog.receiveAlerts([alert('a'), alert('b'), alert('c')]), 3);
    await eventually('three webhook calls', () => t.received.length === 3, 10_000, 20);
    // saved once, before the first webhook call arrived.
    assert.deepEqual(savedAt, [0]);
    await t.close();
  });

  it('closes an incident whose agent no longer matches the policy (its role changed)', () => {
    const { fleet } = testFleet({ timing });
    const { watchdog, clock } = testWatchdog({
      policies: [
        {
          name: 'coders-down',
          on: { state: 'down' },
          match: { role: 'coder' },
          actions: [{ type: 'webhook', url: 'http://127.0.0.1:9' }],
          retries: { max_attempts: 1 },
        },
      ],
    });
    fleet.receive({ agent_id: 'a', role: 'coder' }, clock.now);
    clock.now += 16_000;
    fleet.tick(clock.now);
    watchdog.tick(fleet.agents.values(), clock.now);
    const [incident] = watchdog.incidents.values();
    assert.equal(incident.active, true);
    fleet.agents.get('a')!.role = 'reviewer';
    clock.now += 1000;
    watchdog.tick(fleet.agents.values(), clock.now);
    assert.equal(incident.active, false);
  });
});
