import assert from 'node:assert/strict';
import { useTempDirs } from '../../helpers';
import { promEventually } from '../backends';
import { agents, post, type ReceiverProcess, RUN, startReceiver, writeConfig } from './receiver-process';

// bad input never crashes the receiver or loses the good heartbeats beside it; each is counted.
describe('heartbeat receiver: bad input, token, body limit and agent cap', () => {
  const tempDir = useTempDirs('e2e');
  const token = `tok-${RUN}`;
  const service = `hb-e2e-intake-${RUN}`;
  let receiver: ReceiverProcess;
  let url: string;

  before(async () => {
    const dir = tempDir('intake');
    receiver = await startReceiver(
      writeConfig(dir, {
        service_name: service,
        export_interval_ms: 1000,
        receiver: { port: 0, body_limit: '4kb', max_agents: 3, state_file: '' },
      }),
      { AGENT_OTEL_HEARTBEAT_TOKEN: token },
    );
    url = `${receiver.url}/v1/heartbeats`;
  });

  after(async () => {
    assert.equal(await receiver.stop(), 0, receiver.output());
  });

  it('refuses a missing or wrong bearer token with 401', async () => {
    assert.equal((await post(url, { agent_id: `x-${RUN}` })).status, 401);
    assert.equal((await post(url, { agent_id: `x-${RUN}` }, 'wrong')).status, 401);
    const health = await fetch(`${receiver.url}/healthz`);
    assert.equal(health.status, 200);
  });

  it('accepts the good items of a batch and names each bad one', async () => {
    const res = await post(
      url,
      [
        { agent_id: `a-${RUN}`, status: 'on_track' },
        { status: 'on_track' },
        { agent_id: `b-${RUN}`, status: 'lost' },
      ],
      token,
    );
    assert.equal(res.status, 202);
    assert.equal(res.body.accepted, 1);
    assert.deepEqual(
      (res.body.rejected as { index: number; error: string }[]).map((r) => [r.index, r.error.split(':')[0]]),
      [
        [1, 'agent_id'],
        [2, 'status'],
      ],
    );
  });

  it('answers 400 for a body that is not JSON, and 413 over the body limit', async () => {
    const bad = await post(url, '{not json', token);
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.error), /not valid JSON/);
    const big = await post(url, { agent_id: `big-${RUN}`, task_id: 'x'.repeat(8000) }, token);
    assert.equal(big.status, 413);
  });

  it('rejects agents beyond max_agents clearly and keeps the known ones', async () => {
    const res = await post(
      url,
      [1, 2, 3, 4].map((i) => ({ agent_id: `cap-${i}-${RUN}` })),
      token,
    );
    assert.equal(res.status, 202);
    assert.equal(res.body.accepted, 2);
    const rejected = res.body.rejected as { index: number; error: string }[];
    assert.deepEqual(
      rejected.map((r) => r.index),
      [2, 3],
    );
    assert.match(rejected[0].error, /agent cap reached: receiver.max_agents=3/);
    const again = await post(url, { agent_id: `a-${RUN}` }, token);
    assert.equal(again.body.accepted, 1);
    assert.equal((await agents(receiver.url)).length, 3);
  });

  it('pauses and resumes an agent by api, with the token, and names an unknown one', async () => {
    const id = `a-${RUN}`;
    const call = (path: string, t?: string) =>
      fetch(`${receiver.url}${path}`, { method: 'POST', headers: t ? { authorization: `Bearer ${t}` } : {} });
    assert.equal((await call(`/v1/agents/${id}/pause`)).status, 401);
    const paused = await call(`/v1/agents/${id}/pause`, token);
    assert.deepEqual(await paused.json(), { agent_id: id, state: 'paused' });
    const resumed = await call(`/v1/agents/${id}/resume`, token);
    assert.deepEqual(await resumed.json(), { agent_id: id, state: 'up' });
    const unknown = await call(`/v1/agents/nobody-${RUN}/pause`, token);
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as { error: string }).error, /no agent 'nobody-/);
  });

  it('counts every rejection by reason in Prometheus and is still serving', async () => {
    for (const reason of ['unauthorized', 'invalid_item', 'invalid_json', 'body_too_large', 'agent_cap']) {
      await promEventually(`heartbeat_rejected_total{job="${service}", reason="${reason}"} > 0`);
    }
    assert.equal((await fetch(`${receiver.url}/healthz`)).status, 200);
    assert.equal(receiver.child.exitCode, null);
  });
});
