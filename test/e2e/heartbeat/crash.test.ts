import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, never, useTempDirs } from '../../helpers';
import { post, RUN, startReceiver, writeConfig } from './receiver-process';

/** a webhook target that counts the calls per path. */
async function countingTarget(): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      paths.push(req.url!);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

// a crash (SIGKILL, no shutdown save) right after an action must not run that action again.
describe('watchdog: an action is never run again after the receiver crashes', () => {
  const tempDir = useTempDirs('e2e');
  it('persists the incident with the action, so a re-sent alert after a SIGKILL is a duplicate', async () => {
    const target = await countingTarget();
    const dir = tempDir('crash');
    const config = writeConfig(dir, {
      service_name: `hb-e2e-crash-${RUN}`,
      export_interval_ms: 1000,
      // the periodic checkpoint is a minute away: only the save that goes with an action can help.
      receiver: { port: 0, state_file: `${dir}/state.json`, tick_ms: 100, checkpoint_interval_s: 60 },
      watchdog: {
        policies: [
          {
            name: 'page',
            on: { alert: { alertname: 'AgentDown' } },
            actions: [{ type: 'webhook', url: `${target.url}/level0` }],
            escalation: [{ after_s: 3, actions: [{ type: 'webhook', url: `${target.url}/level1` }] }],
          },
        ],
      },
    });
    const notification = {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'AgentDown', agent_id: `crash-${RUN}` },
          annotations: {},
          startsAt: new Date().toISOString(),
          fingerprint: `fp-${RUN}`,
        },
      ],
    };
    const first = await startReceiver(config);
    let second: Awaited<ReturnType<typeof startReceiver>> | undefined;
    try {
      const sent = await post(`${first.url}/v1/alertmanager`, notification);
      assert.deepEqual(sent.body, { received: 1, opened: 1 });
      await eventually('the first action', () => target.paths.length === 1, 15_000, 50);
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));

      second = await startReceiver(config);
      // alertmanager re-sends a firing alert on every repeat_interval.
      const again = await post(`${second.url}/v1/alertmanager`, notification);
      assert.deepEqual(again.body, { received: 1, opened: 0 }, second.output());
      // the escalation still runs once, from the restored incident.
      await eventually('the escalation', () => target.paths.length >= 2, 15_000, 50);
      await never('a third action', () => target.paths.length > 2, 1000);
      assert.deepEqual(target.paths, ['/level0', '/level1']);
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) await first.stop();
      if (second) assert.equal(await second.stop(), 0, second.output());
      await target.close();
    }
  });
});
