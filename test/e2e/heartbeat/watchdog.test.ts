import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { never, useTempDirs } from '../../helpers';
import { eventually, logsQuery, promEventually } from '../backends';
import { PORTS } from '../stack';
import { heartbeatLoop, post, RUN, startReceiver, writeConfig } from './receiver-process';
import { ensureHeartbeatRules } from './rules-loaded';

interface Call {
  path: string;
  body: Record<string, unknown>;
  key: string;
}

/** a small remediation endpoint standing in for whatever the watchdog restarts or pages. */
async function remediationServer(): Promise<{ url: string; calls: Call[]; close: () => Promise<void> }> {
  const calls: Call[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      calls.push({ path: req.url!, body: JSON.parse(text), key: String(req.headers['idempotency-key']) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

// the whole loop: receiver metrics -> collector -> Prometheus rule AgentDown -> Alertmanager
// webhook -> watchdog policy -> webhook and command, each exactly once.
describe('watchdog: alerts from the real Prometheus and Alertmanager run configured actions once', () => {
  const tempDir = useTempDirs('e2e');
  before(ensureHeartbeatRules);

  it('AgentDown fires, Alertmanager posts to the watchdog, the actions run exactly once', async () => {
    const port = PORTS.HEARTBEAT_RECEIVER_PORT;
    const probe = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    );
    assert.ok(
      !probe,
      `port ${port} (alertmanager's webhook target) is taken; stop the receiver running there`,
    );

    const target = await remediationServer();
    const dir = tempDir('watchdog');
    const marks = join(dir, 'command-runs.txt');
    const id = `wd-${RUN}`;
    const service = `hb-e2e-watchdog-${RUN}`;
    const token = `tok-${RUN}`;
    const config = writeConfig(dir, {
      service_name: service,
      export_interval_ms: 1000,
      receiver: { port, bearer_token: token, state_file: `${dir}/state.json`, tick_ms: 100 },
      timing: { period_s: 1, grace_s: 1 },
      watchdog: {
        policies: [
          {
            name: 'alert-agent-down',
            on: { alert: { alertname: 'AgentDown', labels: { job: service } } },
            match: { agent_id: id },
            actions: [
              { type: 'webhook', url: `${target.url}/alert`, body: { runbook: 'restart' } },
              {
                type: 'command',
                command: [
                  process.execPath,
                  '-e',
                  `require('fs').appendFileSync(${JSON.stringify(marks)}, 'run\\n')`,
                ],
              },
            ],
          },
          {
            name: 'state-down',
            on: { state: 'down', for_s: 1 },
            match: { agent_id: id },
            actions: [{ type: 'webhook', url: `${target.url}/state` }],
          },
        ],
      },
    });
    const receiver = await startReceiver(config);
    try {
      const loop = heartbeatLoop(
        receiver.url,
        { agent_id: id, role: 'coder', instance_id: 'i1' },
        300,
        token,
      );
      await promEventually(`agent_state{job="${service}", agent_id="${id}", state="up"} == 1`);
      await loop.stop();

      await eventually(
        'the alert action',
        async () => (target.calls.some((c) => c.path === '/alert') ? true : undefined),
        90_000,
      );
      await eventually('the command action', async () => (existsSync(marks) ? true : undefined), 10_000);
      // alertmanager re-sends the group (group_interval, and resolved ones); none may run again.
      await never(
        'the alert action running again',
        () => target.calls.filter((c) => c.path === '/alert').length > 1,
        6000,
        100,
      );
      const alertCalls = target.calls.filter((c) => c.path === '/alert');
      assert.equal(alertCalls.length, 1, JSON.stringify(target.calls));
      assert.equal(readFileSync(marks, 'utf8'), 'run\n');
      const body = alertCalls[0].body;
      assert.equal(body.policy, 'alert-agent-down');
      assert.equal(body.trigger, 'alert');
      assert.equal(body.agent_id, id);
      assert.equal(body.runbook, 'restart');
      assert.equal((body.alert as { labels: Record<string, string> }).labels.alertname, 'AgentDown');
      assert.equal(target.calls.filter((c) => c.path === '/state').length, 1);

      // the API lists policies and actions, and runs a manual action once per idempotency key.
      const policies = await fetch(`${receiver.url}/v1/watchdog/policies`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(((await policies.json()) as { policies: unknown[] }).policies.length, 2);
      const manual = { policy: 'state-down', agent_id: id, reason: 'drill', idempotency_key: `drill-${RUN}` };
      assert.equal((await post(`${receiver.url}/v1/watchdog/actions`, manual)).status, 401);
      const first = await post(`${receiver.url}/v1/watchdog/actions`, manual, token);
      const second = await post(`${receiver.url}/v1/watchdog/actions`, manual, token);
      assert.equal(first.status, 202);
      assert.equal(second.body.duplicate, true);
      await eventually('manual action', async () => (target.calls.length === 3 ? true : undefined));
      const recent = await fetch(`${receiver.url}/v1/watchdog/actions`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const actions = ((await recent.json()) as { actions: { policy: string; result: string }[] }).actions;
      assert.equal(actions.filter((a) => a.result === 'success').length, 4);

      await promEventually(
        `watchdog_actions_total{job="${service}", policy="alert-agent-down", action="webhook", result="success"} == 1`,
      );
      await eventually('audit event in victorialogs', async () => {
        const records = await logsQuery(
          `{service.name="${service}"} event.name:="watchdog.action" policy:="alert-agent-down"`,
        );
        return records.length > 0 ? records : undefined;
      });
    } finally {
      assert.equal(await receiver.stop(), 0, receiver.output());
      await target.close();
    }
  });
});
