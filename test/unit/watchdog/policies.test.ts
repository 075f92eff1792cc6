import assert from 'node:assert/strict';
import type { AgentRecord } from '../../../processors/heartbeat/types';
import { agentConditionSince, alertMatches } from '../../../processors/watchdog/policies';
import type { AlertmanagerAlert } from '../../../processors/watchdog/types';
import { policy } from './helpers';

const action = [{ type: 'command', command: ['true'] }];
const agent = (o: Partial<AgentRecord>): AgentRecord => ({
  agentId: 'a',
  role: 'coder',
  expected: false,
  state: 'up',
  stateSinceMs: 0,
  status: 'on_track',
  statusSinceMs: 0,
  watchFromMs: 0,
  heartbeats: 1,
  restarts: 0,
  restartTimesMs: [],
  recentTransitions: [],
  ...o,
});

describe('watchdog policies', () => {
  it('state held for for_s', () => {
    const p = policy({ name: 'p', on: { state: 'down', for_s: 30 }, actions: action });
    assert.equal(agentConditionSince(p, agent({ state: 'down', stateSinceMs: 1000 }), 30_999), undefined);
    assert.equal(agentConditionSince(p, agent({ state: 'down', stateSinceMs: 1000 }), 31_000), 1000);
    assert.equal(agentConditionSince(p, agent({ state: 'late', stateSinceMs: 1000 }), 99_000), undefined);
  });

  it('status held, not while paused', () => {
    const p = policy({ name: 'p', on: { status: 'blocked' }, actions: action });
    assert.equal(agentConditionSince(p, agent({ status: 'blocked', statusSinceMs: 5 }), 10), 5);
    assert.equal(agentConditionSince(p, agent({ status: 'blocked', state: 'paused' }), 10), undefined);
  });

  it('restarts above N in a window', () => {
    const p = policy({ name: 'p', on: { restarts: { above: 2, window_s: 60 } }, actions: action });
    assert.equal(agentConditionSince(p, agent({ restartTimesMs: [10_000, 20_000] }), 30_000), undefined);
    assert.equal(agentConditionSince(p, agent({ restartTimesMs: [10_000, 20_000, 25_000] }), 30_000), 25_000);
    assert.equal(
      agentConditionSince(p, agent({ restartTimesMs: [10_000, 20_000, 25_000] }), 75_000),
      undefined,
    );
  });

  it('alerts by name, labels and match block', () => {
    const p = policy({
      name: 'p',
      on: { alert: { alertname: 'AgentDown', labels: { severity: 'critical' } } },
      match: { role: ['coder'] },
      actions: action,
    });
    const alert = (labels: Record<string, string>): AlertmanagerAlert => ({
      status: 'firing',
      labels,
      annotations: {},
      startsAt: '2026-01-01T00:00:00Z',
      fingerprint: 'f',
    });
    assert.ok(alertMatches(p, alert({ alertname: 'AgentDown', severity: 'critical', role: 'coder' })));
    assert.ok(!alertMatches(p, alert({ alertname: 'AgentDown', severity: 'warning', role: 'coder' })));
    assert.ok(!alertMatches(p, alert({ alertname: 'AgentDown', severity: 'critical', role: 'tdd' })));
    assert.ok(!alertMatches(p, alert({ alertname: 'Other', severity: 'critical', role: 'coder' })));
  });
});
