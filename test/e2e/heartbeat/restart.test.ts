import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useTempDirs } from '../../helpers';
import { agents, post, RUN, startReceiver, writeConfig } from './receiver-process';

// the checkpoint: a receiver restart neither flaps the fleet to down or new nor forgets restarts.
describe('heartbeat receiver: a restart of the receiver keeps states', () => {
  const tempDir = useTempDirs('e2e');
  it('restores up, down and never-reported agents with their counts and no transition', async () => {
    const dir = tempDir('restart');
    const up = `keep-up-${RUN}`;
    const gone = `keep-gone-${RUN}`;
    const never = `keep-never-${RUN}`;
    const config = writeConfig(dir, {
      service_name: `hb-e2e-restart-${RUN}`,
      export_interval_ms: 1000,
      receiver: { port: 0, state_file: `${dir}/state.json`, tick_ms: 100, checkpoint_interval_s: 60 },
      // long enough that the agent stays up across the restart, short enough to see `gone` down.
      timing: { period_s: 30, grace_s: 5, agents: { [gone]: { period_s: 1, grace_s: 0.5 } } },
      inventory: [{ agent_id: never, role: 'tdd-expert' }],
      watchdog: { policies: [] },
    });
    const first = await startReceiver(config);
    await post(`${first.url}/v1/heartbeats`, [
      { agent_id: up, role: 'coder', instance_id: 'a', status: 'drifting', task_id: 'T-1' },
      { agent_id: gone, role: 'coder', instance_id: 'g' },
    ]);
    await post(`${first.url}/v1/heartbeats`, { agent_id: up, instance_id: 'b' });
    await new Promise((r) => setTimeout(r, 2000));
    // shutdown writes the checkpoint (the periodic one is a minute away here).
    assert.equal(await first.stop(), 0, first.output());
    const before = await (async () => {
      const saved = JSON.parse(readFileSync(`${dir}/state.json`, 'utf8')) as {
        agents: { agentId: string; state: string }[];
      };
      return Object.fromEntries(saved.agents.map((a) => [a.agentId, a.state]));
    })();
    assert.deepEqual(before, { [never]: 'new', [up]: 'up', [gone]: 'down' });

    const second = await startReceiver(config);
    try {
      // watch a few ticks: nothing may change.
      for (let i = 0; i < 10; i++) {
        const list = await agents(second.url);
        const now = Object.fromEntries(list.map((a) => [a.agent_id, a.state]));
        assert.deepEqual(now, before, `after restart, poll ${i}`);
        await new Promise((r) => setTimeout(r, 150));
      }
      const list = await agents(second.url);
      const kept = list.find((a) => a.agent_id === up)!;
      assert.equal(kept.restarts, 1);
      assert.equal(kept.heartbeats, 2);
      assert.equal(kept.status, 'drifting');
      assert.equal(kept.task_id, 'T-1');
      const goneAgent = list.find((a) => a.agent_id === gone)!;
      assert.deepEqual(
        goneAgent.recent_transitions.map((t) => t.to),
        ['up', 'late', 'down'],
      );
      assert.match(second.output(), /restored 3 agents/);
    } finally {
      assert.equal(await second.stop(), 0, second.output());
    }
  });
});
