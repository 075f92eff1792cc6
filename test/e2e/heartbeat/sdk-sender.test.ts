import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../../helpers';
import { eventually } from '../backends';
import { ROOT } from '../stack';
import { agent, type ReceiverProcess, RUN, startReceiver, writeConfig } from './receiver-process';

// the contract with the SDK's heartbeat sender: a real agent process, instrumented zero-code with
// the preload, crashes and comes back; the receiver sees up, down, and the restart.
describe('heartbeat receiver with the SDK sender (real agent processes)', () => {
  const tempDir = useTempDirs('e2e');
  const token = `sdk-tok-${RUN}`;
  const id = `sdk-agent-${RUN}`;
  const dir = tempDir('sdk');
  let receiver: ReceiverProcess;

  before(async () => {
    receiver = await startReceiver(
      writeConfig(dir, {
        service_name: `hb-e2e-sdk-${RUN}`,
        export_interval_ms: 1000,
        receiver: { port: 0, state_file: '', tick_ms: 100, bearer_token: token },
        // the period is the sender's own interval_s (500 ms here).
        timing: { grace_s: 1, trust_sender_interval: true },
      }),
    );
  });

  after(async () => {
    assert.equal(await receiver.stop(), 0, receiver.output());
  });

  function startAgent(): ChildProcess {
    const script = join(dir, 'agent.js');
    writeFileSync(
      script,
      `const { heartbeat } = require(${JSON.stringify(join(ROOT, 'dist', 'instrumentation', 'index.js'))});
heartbeat.update({ status: 'blocked', taskId: 'TASK-SDK', phase: 'IMPLEMENT' });
setInterval(() => {}, 1000);\n`,
    );
    return spawn(
      process.execPath,
      ['--require', join(ROOT, 'dist', 'instrumentation', 'register.js'), script],
      {
        stdio: 'ignore',
        env: {
          ...process.env,
          OTEL_SERVICE_NAME: `sdk-agent-${RUN}`,
          OTEL_TRACES_EXPORTER: 'none',
          OTEL_METRICS_EXPORTER: 'none',
          OTEL_LOGS_EXPORTER: 'none',
          AGENT_OTEL_AGENT_ID: id,
          AGENT_OTEL_AGENT_ROLE: 'tdd-expert',
          AGENT_OTEL_HEARTBEAT_ENDPOINT: receiver.url,
          AGENT_OTEL_HEARTBEAT_TOKEN: token,
          AGENT_OTEL_HEARTBEAT_INTERVAL_MS: '500',
        },
      },
    );
  }

  it('an SDK agent is up with its status and task, down after a crash, up again with a restart', async () => {
    const first = startAgent();
    try {
      const up = await eventually('sdk agent up', async () => {
        const a = await agent(receiver.url, id, token);
        return a?.state === 'up' && a.status === 'blocked' ? a : undefined;
      });
      assert.equal(up.role, 'tdd-expert');
      assert.equal(up.task_id, 'TASK-SDK');
    } finally {
      first.kill('SIGKILL');
    }
    await eventually(
      'sdk agent down after a crash',
      async () => ((await agent(receiver.url, id, token))?.state === 'down' ? true : undefined),
      // interval 0.5 s + grace 1 s + 1 s, plus the jitter of the sender's last beat
      3_000,
      50,
    );
    const second = startAgent();
    try {
      const back = await eventually('sdk agent back up', async () => {
        const a = await agent(receiver.url, id, token);
        return a?.state === 'up' ? a : undefined;
      });
      assert.equal(back.restarts, 1);
      assert.equal(back.recent_transitions.at(-1)!.reason, 'restart');
    } finally {
      second.kill('SIGKILL');
    }
  });
});
