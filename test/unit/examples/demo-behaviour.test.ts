import assert from 'node:assert/strict';
import { planTurn } from '../../../examples/demo-fleet/behaviour';

const task = { taskId: 'TASK-001', phase: 'IMPLEMENT' };
// a fixed "random" source: 0.5 triggers no probabilistic event, 0 triggers all of them
const never = () => 0.5;
const always = () => 0;

describe('demo fleet behaviours', () => {
  it('a steady agent stays on track and fast', () => {
    const plan = planTurn('steady', 300, task, never);
    assert.equal(plan.status, 'on_track');
    assert.equal(plan.fails, false);
    assert.equal(plan.exit, undefined);
    assert.ok(plan.latencyMs < 100);
  });

  it('a drifter drifts after 30 s, goes off track after 60 s and reports high severity drift', () => {
    assert.equal(planTurn('drifter', 10, task, never).status, 'on_track');
    assert.equal(planTurn('drifter', 45, task, never).status, 'drifting');
    const late = planTurn('drifter', 90, task, always);
    assert.equal(late.status, 'off_track');
    assert.deepEqual(late.counters.find((c) => c.name === 'prompt_drift_detected')?.tags, {
      taskId: 'TASK-001',
      phase: 'IMPLEMENT',
      severity: 'high',
    });
  });

  it('a flaky agent is slow and fails sometimes, counting a validation failure', () => {
    const plan = planTurn('flaky', 5, task, always);
    assert.equal(plan.fails, true);
    assert.ok(plan.latencyMs >= 150);
    assert.ok(plan.counters.some((c) => c.name === 'phase_validations_failed'));
  });

  it('a crasher exits only after 45 s; a stalled agent blocks, then hangs', () => {
    assert.equal(planTurn('crasher', 30, task, always).exit, undefined);
    assert.equal(planTurn('crasher', 50, task, always).exit, 'crash');
    assert.equal(planTurn('stalled', 55, task, never).status, 'blocked');
    assert.equal(planTurn('stalled', 55, task, never).exit, undefined);
    assert.equal(planTurn('stalled', 65, task, never).exit, 'hang');
  });

  it('each agent summarises itself: confident on track, less so and with reasons when drifting or blocked', () => {
    const steady = planTurn('steady', 300, task, never).summary;
    assert.equal(steady.currentActivity, 'implement of TASK-001');
    assert.ok((steady.confidence ?? 0) >= 0.8);
    assert.deepEqual(steady.driftReasons, []);
    const drifting = planTurn('drifter', 45, task, never).summary;
    const off = planTurn('drifter', 90, task, never).summary;
    assert.ok((off.confidence ?? 1) < (drifting.confidence ?? 0));
    assert.ok((off.driftReasons ?? []).length > (drifting.driftReasons ?? []).length);
    assert.match(off.recommendedAction ?? '', /re-plan/);
    const blocked = planTurn('stalled', 55, task, never).summary;
    assert.match(blocked.currentActivity ?? '', /waiting on the lock/);
    assert.match(blocked.recommendedAction ?? '', /operator/);
  });
});
