import assert from 'node:assert/strict';
import { testFleet } from './helpers';

const T0 = 1_000_000;
const timing = { period_s: 10, grace_s: 5 };

describe('fleet (inventory, transitions, restarts, cap)', () => {
  it('goes new -> up -> late -> down, then up again with reasons', () => {
    const { fleet, transitions } = testFleet({ timing });
    fleet.receive({ agent_id: 'a', role: 'coder' }, T0);
    fleet.tick(T0 + 10_500);
    fleet.tick(T0 + 15_500);
    fleet.receive({ agent_id: 'a' }, T0 + 20_000);
    assert.deepEqual(
      transitions.map((t) => `${t.from}>${t.to}:${t.reason}`),
      ['new>up:first_heartbeat', 'up>late:missed_heartbeat', 'late>down:no_heartbeat', 'down>up:heartbeat'],
    );
    assert.equal(fleet.agents.get('a')!.recentTransitions.length, 4);
  });

  it('shows an expected agent that never reports as down', () => {
    const { fleet, transitions } = testFleet({ timing, inventory: [{ agent_id: 'x', role: 'tdd' }] }, T0);
    assert.equal(fleet.agents.get('x')!.state, 'new');
    fleet.tick(T0 + 15_001);
    assert.equal(fleet.agents.get('x')!.state, 'down');
    assert.equal(transitions[0].reason, 'never_reported');
    assert.equal(transitions[0].role, 'tdd');
  });

  it('counts a restart when the instance id changes, and when only the start time changes', () => {
    const { fleet, restarts, transitions } = testFleet({ timing });
    fleet.receive({ agent_id: 'a', instance_id: 'i1' }, T0);
    fleet.receive({ agent_id: 'a', instance_id: 'i1' }, T0 + 1000);
    fleet.tick(T0 + 20_000);
    fleet.receive({ agent_id: 'a', instance_id: 'i2' }, T0 + 21_000);
    fleet.receive({ agent_id: 'b', started_at: '2026-01-01T00:00:00Z' }, T0);
    fleet.receive({ agent_id: 'b', started_at: '2026-01-01T00:00:00.000Z' }, T0 + 100);
    fleet.receive({ agent_id: 'b', started_at: '2026-01-01T00:05:00Z' }, T0 + 200);
    assert.equal(fleet.agents.get('a')!.restarts, 1);
    assert.equal(fleet.agents.get('b')!.restarts, 1);
    assert.deepEqual(
      restarts.map((r) => r.agentId),
      ['a', 'b'],
    );
    assert.equal(transitions.find((t) => t.agentId === 'a' && t.from === 'down')!.reason, 'restart');
  });

  it('refuses new agents beyond max_agents but keeps known ones', () => {
    const { fleet } = testFleet({ receiver: { max_agents: 2 } });
    assert.equal(fleet.receive({ agent_id: 'a' }, T0), undefined);
    assert.equal(fleet.receive({ agent_id: 'b' }, T0), undefined);
    assert.match(fleet.receive({ agent_id: 'c' }, T0)!, /agent cap reached: receiver.max_agents=2/);
    assert.equal(fleet.receive({ agent_id: 'a' }, T0 + 1), undefined);
    assert.equal(fleet.agents.size, 2);
  });

  it('follows run signals: fail is down until success, a start must succeed within run grace', () => {
    const { fleet } = testFleet({ timing: { ...timing, run_grace_s: 30 } });
    fleet.receive({ agent_id: 'a', signal: 'fail' }, T0);
    assert.equal(fleet.agents.get('a')!.state, 'down');
    fleet.receive({ agent_id: 'a' }, T0 + 1000);
    assert.equal(fleet.agents.get('a')!.state, 'down');
    fleet.receive({ agent_id: 'a', signal: 'success' }, T0 + 2000);
    assert.equal(fleet.agents.get('a')!.state, 'up');
    fleet.receive({ agent_id: 'a', signal: 'start' }, T0 + 3000);
    for (let t = T0 + 8000; t < T0 + 40_000; t += 5000) fleet.receive({ agent_id: 'a' }, t);
    assert.equal(fleet.agents.get('a')!.state, 'down');
    assert.equal(fleet.agents.get('a')!.recentTransitions.at(-1)!.reason, 'run_timeout');
  });

  it('does not time a start signal unless run_grace_s is set (the SDK sends one at process start)', () => {
    const { fleet } = testFleet({ timing });
    fleet.receive({ agent_id: 'a', signal: 'start' }, T0);
    for (let t = T0 + 5000; t < T0 + 10 * 3_600_000; t += 5000) fleet.receive({ agent_id: 'a' }, t);
    assert.equal(fleet.agents.get('a')!.state, 'up');
  });

  it('takes period from agent, then role, then the sender interval, then the default', () => {
    const { fleet } = testFleet({
      timing: { period_s: 30, roles: { slow: { period_s: 120 } }, agents: { special: { period_s: 5 } } },
    });
    fleet.receive({ agent_id: 'special', role: 'slow', interval_s: 60 }, T0);
    fleet.receive({ agent_id: 'r', role: 'slow', interval_s: 60 }, T0);
    fleet.receive({ agent_id: 's', interval_s: 60 }, T0);
    fleet.receive({ agent_id: 'd' }, T0);
    const period = (id: string) => fleet.timing(fleet.agents.get(id)!).periodMs;
    assert.deepEqual(
      [period('special'), period('r'), period('s'), period('d')],
      [5000, 120_000, 60_000, 30_000],
    );
  });

  it('pauses without going late, resumes with a fresh period, and a heartbeat ends a pause', () => {
    const { fleet } = testFleet({ timing });
    fleet.receive({ agent_id: 'a' }, T0);
    fleet.pause('a', T0 + 1000);
    fleet.tick(T0 + 60_000);
    assert.equal(fleet.agents.get('a')!.state, 'paused');
    fleet.resume('a', T0 + 60_000);
    assert.equal(fleet.agents.get('a')!.state, 'up');
    fleet.pause('a', T0 + 61_000);
    fleet.receive({ agent_id: 'a' }, T0 + 62_000);
    assert.equal(fleet.agents.get('a')!.state, 'up');
  });

  it('restores states without a single transition', () => {
    const first = testFleet({ timing, inventory: [{ agent_id: 'never' }] });
    first.fleet.receive({ agent_id: 'up-1', instance_id: 'i1' }, T0);
    first.fleet.receive({ agent_id: 'gone', instance_id: 'g1' }, T0 - 20_000);
    first.fleet.tick(T0 + 16_000);
    first.fleet.receive({ agent_id: 'up-1', instance_id: 'i2' }, T0 + 16_000);
    const saved = JSON.parse(JSON.stringify([...first.fleet.agents.values()]));
    const second = testFleet({ timing, inventory: [{ agent_id: 'never' }] }, T0 + 100_000);
    second.fleet.restore(saved, T0 + 100_000);
    second.fleet.tick(T0 + 100_500);
    assert.deepEqual(second.transitions, []);
    const states = Object.fromEntries([...second.fleet.agents.values()].map((r) => [r.agentId, r.state]));
    assert.deepEqual(states, { never: 'down', 'up-1': 'up', gone: 'down' });
    assert.equal(second.fleet.agents.get('up-1')!.restarts, 1);
  });

  it('gives an agent with an open run a fresh run grace after a receiver restart longer than run_grace_s', () => {
    const runTiming = { ...timing, run_grace_s: 30 };
    const first = testFleet({ timing: runTiming });
    first.fleet.receive({ agent_id: 'a', signal: 'start' }, T0);
    first.fleet.receive({ agent_id: 'a' }, T0 + 5000);
    const saved = JSON.parse(JSON.stringify([...first.fleet.agents.values()]));
    // the receiver was away for a minute, twice the run grace.
    const second = testFleet({ timing: runTiming }, T0 + 65_000);
    second.fleet.restore(saved, T0 + 65_000);
    second.fleet.tick(T0 + 65_250);
    assert.deepEqual(second.transitions, []);
    assert.equal(second.fleet.agents.get('a')!.state, 'up');
    // the run still has to succeed within run_grace_s of the restart.
    second.fleet.receive({ agent_id: 'a' }, T0 + 70_000);
    second.fleet.receive({ agent_id: 'a' }, T0 + 80_000);
    second.fleet.receive({ agent_id: 'a' }, T0 + 96_000);
    assert.equal(second.fleet.agents.get('a')!.state, 'down');
    assert.equal(second.fleet.agents.get('a')!.recentTransitions.at(-1)!.reason, 'run_timeout');
  });

  it('a heartbeat to a paused agent emits one transition, never a passing up', () => {
    const { fleet, transitions } = testFleet({ timing });
    fleet.receive({ agent_id: 'a' }, T0);
    fleet.pause('a', T0 + 1000);
    fleet.receive({ agent_id: 'a', signal: 'fail' }, T0 + 2000);
    assert.deepEqual(
      transitions.map((t) => `${t.from}>${t.to}:${t.reason}`),
      ['new>up:first_heartbeat', 'up>paused:paused_by_operator', 'paused>down:run_failed'],
    );
    fleet.pause('a', T0 + 3000);
    fleet.receive({ agent_id: 'a', signal: 'success' }, T0 + 4000);
    assert.deepEqual(
      transitions.slice(3).map((t) => `${t.from}>${t.to}:${t.reason}`),
      ['down>paused:paused_by_operator', 'paused>up:heartbeat_after_pause'],
    );
  });
});
