import assert from 'node:assert/strict';
import { planTurn } from '../../../examples/demo-fleet/behaviour';
import { applyFault, isAgentFault } from '../../../examples/demo-fleet/faults';

const never = () => 0.5;
const base = () => planTurn('steady', 300, { taskId: 'TASK-001', phase: 'IMPLEMENT' }, never);

describe('demo fleet: game day faults', () => {
  it('none leaves the turn as planned', () => {
    assert.deepEqual(applyFault(base(), 'none', 'a-1'), base());
  });

  it('drift goes off track with one high-severity drift counter on a fixed task', () => {
    const t = applyFault(base(), 'drift', 'a-1');
    assert.equal(t.status, 'off_track');
    assert.deepEqual(t.counters, [
      {
        name: 'prompt_drift_detected',
        tags: { taskId: 'GAMEDAY-DRIFT', phase: 'IMPLEMENT', severity: 'high' },
      },
    ]);
  });

  it('lease storms five contentions a turn on one series; evidence fails three gates a turn', () => {
    const lease = applyFault(base(), 'lease', 'a-1').counters;
    assert.equal(lease.length, 5);
    assert.equal(new Set(lease.map((c) => JSON.stringify(c))).size, 1);
    assert.deepEqual(lease[0].tags, { taskId: 'GAMEDAY-LEASE', phase: 'IMPLEMENT', holder: 'not-a-1' });
    const evidence = applyFault(base(), 'evidence', 'a-1').counters;
    assert.equal(evidence.length, 3);
    assert.equal(evidence[0].name, 'evidence_gate_failed');
  });

  it('slow makes a turn twenty times longer, under the fleet request timeout', () => {
    const plan = { ...base(), latencyMs: 50 };
    assert.equal(applyFault(plan, 'slow', 'a-1').latencyMs, 1000);
    assert.equal(applyFault({ ...plan, latencyMs: 500 }, 'slow', 'a-1').latencyMs, 1800);
  });

  it('knows its fault names', () => {
    assert.equal(isAgentFault('slow'), true);
    assert.equal(isAgentFault('stop'), false);
  });
});
