import assert from 'node:assert/strict';
import { useTempDirs } from '../../helpers';
import { eventually, logsQuery, promEventually } from '../backends';
import {
  agent,
  heartbeatLoop,
  post,
  type ReceiverProcess,
  RUN,
  startReceiver,
  writeConfig,
} from './receiver-process';

// liveness through real processes: the receiver CLI, the collector, Prometheus and VictoriaLogs.
describe('heartbeat receiver: liveness, restarts and the inventory', () => {
  const tempDir = useTempDirs('e2e');
  const token = `tok-${RUN}`;
  const service = `hb-e2e-live-${RUN}`;
  const live = `live-${RUN}`;
  const expected = `expected-${RUN}`;
  const periodS = 1;
  const graceS = 1;
  let receiver: ReceiverProcess;

  before(async () => {
    const dir = tempDir('live');
    const config = writeConfig(dir, {
      service_name: service,
      export_interval_ms: 1000,
      receiver: { port: 0, bearer_token: token, state_file: `${dir}/state.json`, tick_ms: 100 },
      timing: { period_s: periodS, grace_s: graceS },
      inventory: [{ agent_id: expected, role: 'tdd-expert' }],
    });
    receiver = await startReceiver(config);
  });

  after(async () => {
    assert.equal(await receiver.stop(), 0, receiver.output());
  });

  it('an agent that stops is late, then down within period + grace + 1 s; back, it is up with a restart counted', async () => {
    const hb = {
      agent_id: live,
      role: 'network-expert',
      instance_id: 'i1',
      status: 'on_track',
      interval_s: periodS,
    };
    const loop = heartbeatLoop(receiver.url, hb, 300, token);
    await eventually('agent up', async () =>
      (await agent(receiver.url, live, token))?.state === 'up' ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 1500));
    await loop.stop();
    const stoppedAt = Date.now();

    const seen = new Set<string>();
    const down = await eventually(
      'agent down',
      async () => {
        const a = await agent(receiver.url, live, token);
        seen.add(a!.state);
        return a!.state === 'down' ? a : undefined;
      },
      10_000,
      50,
    );
    const downSeenAfterMs = Date.now() - stoppedAt;
    assert.ok(seen.has('late'), `late was never observed (saw ${[...seen].join(', ')})`);
    const budgetMs = (periodS + graceS + 1) * 1000;
    assert.ok(downSeenAfterMs <= budgetMs, `down seen ${downSeenAfterMs} ms after the last heartbeat`);
    // the receiver's own clock: from the last heartbeat to the transition to down.
    const toDown = down.recent_transitions.find((t) => t.to === 'down')!;
    const toLate = down.recent_transitions.find((t) => t.to === 'late')!;
    assert.equal(toDown.reason, 'no_heartbeat');
    assert.equal(toLate.reason, 'missed_heartbeat');
    const lastSeen = Date.parse((down as unknown as { last_seen: string }).last_seen);
    assert.ok(
      Date.parse(toDown.at) - lastSeen <= budgetMs,
      `down ${Date.parse(toDown.at) - lastSeen} ms after last_seen`,
    );

    const back = await post(`${receiver.url}/v1/heartbeats`, { ...hb, instance_id: 'i2' }, token);
    assert.deepEqual(back, { status: 202, body: { accepted: 1, rejected: [] } });
    const up = (await agent(receiver.url, live, token))!;
    assert.equal(up.state, 'up');
    assert.equal(up.restarts, 1);
    assert.equal(up.recent_transitions.at(-1)!.reason, 'restart');

    await promEventually(
      `agent_restarts_total{job="${service}", agent_id="${live}", role="network-expert"} == 1`,
    );
    await promEventually(`agent_state{job="${service}", agent_id="${live}", state="up"} == 1`);
    const streams = await eventually('state-change events in victorialogs', async () => {
      const result = await logsQuery(
        `{service.name="${service}"} agent_id:="${live}" event.name:="agent.state_change"`,
      );
      const lines = result.map((r) => r._msg);
      return lines.some((l) => l.includes('late -> down (no_heartbeat)')) &&
        lines.some((l) => l.includes('down -> up (restart)'))
        ? lines
        : undefined;
    });
    assert.ok(streams.length >= 4);
  });

  it('an expected agent that never reports is down, in the API and in Prometheus', async () => {
    const a = await eventually('expected agent down', async () => {
      const found = await agent(receiver.url, expected, token);
      return found?.state === 'down' ? found : undefined;
    });
    assert.equal(a.role, 'tdd-expert');
    assert.equal(a.recent_transitions[0].reason, 'never_reported');
    await promEventually(`agent_state{job="${service}", agent_id="${expected}", state="down"} == 1`);
    await promEventually(`agent_up{job="${service}", agent_id="${expected}", role="tdd-expert"} == 0`);
    // the fleet count by state, whose absence is the HeartbeatReceiverAbsent alert
    await promEventually(`agent_otel_heartbeat_agents{job="${service}", state="down"} >= 1`);
  });
});
