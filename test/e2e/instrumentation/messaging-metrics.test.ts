import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promEventually } from '../backends';
import { ENDPOINTS, ROOT } from '../stack';

// two real agent processes exchange messages: the series the checkpoint report's delivery
// figure divides arrive in Prometheus under the names and labels its queries use.

function agent(id: string, body: string): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { init, shutdown, recordMessageSent, recordMessageConsumed } = require('agent-otel');
    init({ heartbeat: false });
    ${body}
    shutdown().then(() => process.exit(0));`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: `svc-${id}`,
        AGENT_OTEL_AGENT_ID: id,
        OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINTS.collectorOtlpHttp,
        AGENT_OTEL_RUNTIME_METRICS: 'false',
      },
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('instrumentation: messaging metrics', function () {
  this.timeout(60_000);
  const run = randomUUID().slice(0, 8);
  const sender = `msg-sender-${run}`;
  const recipient = `msg-recipient-${run}`;

  it('sent per recipient, consumed per agent, as messaging_client_*_messages_total', async () => {
    const sent = await agent(
      sender,
      `recordMessageSent({ destination: '${recipient}', system: 'nats', count: 7 });`,
    );
    assert.equal(sent.code, 0, sent.stderr);
    const consumed = await agent(recipient, `recordMessageConsumed({ system: 'nats', count: 6 });`);
    assert.equal(consumed.code, 0, consumed.stderr);
    const [s] = await promEventually(
      `messaging_client_sent_messages_total{messaging_destination_name="${recipient}"}`,
    );
    assert.equal(s.metric.agent_id, sender);
    assert.equal(s.metric.messaging_system, 'nats');
    assert.equal(s.value[1], '7');
    const [c] = await promEventually(`messaging_client_consumed_messages_total{agent_id="${recipient}"}`);
    assert.equal(c.value[1], '6');
  });
});
