import assert from 'node:assert/strict';
import { decideState } from '../../../processors/heartbeat/state-machine';
import type { AgentRecord, Timing } from '../../../processors/heartbeat/types';

const timing: Timing = { periodMs: 10_000, graceMs: 5_000, runGraceMs: 60_000 };

function record(overrides: Partial<AgentRecord>): AgentRecord {
  return {
    agentId: 'a',
    role: 'r',
    expected: false,
    state: 'up',
    stateSinceMs: 0,
    status: 'unknown',
    statusSinceMs: 0,
    watchFromMs: 0,
    heartbeats: 1,
    restarts: 0,
    restartTimesMs: [],
    recentTransitions: [],
    lastSeenMs: 0,
    ...overrides,
  };
}

describe('heartbeat state machine (decideState)', () => {
  const cases: [string, Partial<AgentRecord>, number, string, string][] = [
    ['fresh heartbeat', {}, 9_999, 'up', 'heartbeat'],
    ['at the period', {}, 10_000, 'up', 'heartbeat'],
    ['past the period', {}, 10_001, 'late', 'missed_heartbeat'],
    ['at period + grace', {}, 15_000, 'late', 'missed_heartbeat'],
    ['past period + grace', {}, 15_001, 'down', 'no_heartbeat'],
    [
      'expected, never reported, inside grace',
      { lastSeenMs: undefined, state: 'new' },
      15_000,
      'new',
      'expected',
    ],
    [
      'expected, never reported, past grace',
      { lastSeenMs: undefined, state: 'new' },
      15_001,
      'down',
      'never_reported',
    ],
    [
      'never reported stays down after a restore',
      { lastSeenMs: undefined, state: 'down', watchFromMs: 20_000 },
      20_001,
      'down',
      'never_reported',
    ],
    ['paused never goes late', { state: 'paused' }, 99_000, 'paused', 'paused'],
    ['failed run', { runFailed: true }, 1, 'down', 'run_failed'],
    ['open run inside its grace', { runStartedMs: 0 }, 5_000, 'up', 'heartbeat'],
    ['open run past its grace', { runStartedMs: 0, lastSeenMs: 61_000 }, 61_001, 'down', 'run_timeout'],
    [
      'restored late agent stays late',
      { state: 'late', stateSinceMs: 12_000, watchFromMs: 20_000 },
      21_000,
      'late',
      'no_heartbeat',
    ],
    [
      'restored down agent stays down',
      { state: 'down', stateSinceMs: 16_000, watchFromMs: 20_000 },
      21_000,
      'down',
      'no_heartbeat',
    ],
    ['restored up agent gets a fresh period', { watchFromMs: 20_000 }, 29_000, 'up', 'heartbeat'],
    [
      'a heartbeat after down brings it up',
      { state: 'down', stateSinceMs: 16_000, lastSeenMs: 17_000 },
      17_000,
      'up',
      'heartbeat',
    ],
  ];
  for (const [name, overrides, now, state, reason] of cases) {
    it(`${name}: ${state} (${reason})`, () => {
      assert.deepEqual(decideState(record(overrides), timing, now), { state, reason });
    });
  }
});
