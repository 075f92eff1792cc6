import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, tempDirUntilExit } from '../../helpers';
import { getJson, promEventually } from '../backends';
import { type ReceiverProcess, startReceiver, testPort } from '../counters/receiver-process';
import { startReceiver as startHeartbeat, writeConfig } from '../heartbeat/receiver-process';
import { ENDPOINTS, ROOT, RUN_DIR } from '../stack';

interface PromAlert {
  labels: Record<string, string>;
  state: string;
}

/** the running Prometheus has the current security rules (a reused stack may predate them). */
async function ensureSecurityRules(): Promise<void> {
  copyFileSync(
    join(ROOT, 'collector-config', 'prometheus', 'rules', 'security.yml'),
    join(RUN_DIR, 'config', 'prometheus', 'rules', 'security.yml'),
  );
  const res = await fetch(`${ENDPOINTS.prometheus}/-/reload`, { method: 'POST' });
  if (!res.ok) throw new Error(`prometheus reload -> ${res.status}: ${await res.text()}`);
  await eventually('security rules loaded in prometheus', async () => {
    const rules = await getJson<{ data: { groups: { name: string }[] } }>(
      `${ENDPOINTS.prometheus}/api/v1/rules`,
    );
    return rules.data.groups.some((g) => g.name === 'agent_otel_security_alerts') ? true : undefined;
  });
}

// failed bearer-token checks on a real receiver process: counted by reason in the service's own
// telemetry, seen in Prometheus, and more than 10 in a minute fire AuthFailuresHigh.
describe('security: failed bearer-token checks are counted and alerted on', () => {
  const job = `auth-e2e-${randomUUID().slice(0, 8)}`;
  const dir = tempDirUntilExit('auth-failures');
  const token = `t-${randomUUID()}`;
  let receiver: ReceiverProcess;

  before(async () => {
    await ensureSecurityRules();
    receiver = await startReceiver(
      'counters',
      dir,
      testPort(11),
      ['--file', join(dir, 'none.jsonl'), '--checkpoint', join(dir, 'cp.json')],
      // the job label of this run alone, so no other suite's failures count here.
      { AGENT_OTEL_COUNTERS_TOKEN: token, OTEL_SERVICE_NAME: job },
    );
  });
  after(async () => {
    await receiver?.kill();
  });

  const post = (authorization?: string) =>
    fetch(`${receiver.url}/v1/counters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization !== undefined && { authorization }) },
      body: '{"name":"auth_probe"}',
    });

  it('exports both reasons at 0 before any failure', async () => {
    const samples = await promEventually(
      `agent_otel_auth_failures_total{job="${job}"}`,
      (s) => s.length === 2,
    );
    assert.deepEqual(samples.map((s) => [s.metric.listener, s.metric.reason, s.value[1]]).sort(), [
      ['counters', 'invalid', '0'],
      ['counters', 'missing', '0'],
    ]);
  });

  it('counts 13 refused requests by reason, and the right token is not counted', async () => {
    const answers = [
      ...(await Promise.all(Array.from({ length: 8 }, (_, i) => post(`Bearer wrong-${i}`)))),
      ...(await Promise.all(Array.from({ length: 5 }, () => post()))),
    ];
    assert.deepEqual(
      answers.map((r) => r.status),
      Array(13).fill(401),
    );
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<{ error: string }>));
    assert.match(bodies[0].error, /^invalid bearer token/);
    assert.match(bodies[12].error, /^missing bearer token/);
    assert.equal((await post(`Bearer ${token}`)).status, 200);

    const samples = await promEventually(
      `sum by (reason) (agent_otel_auth_failures_total{job="${job}",listener="counters"})`,
      (s) => s.length === 2 && s.reduce((sum, x) => sum + Number(x.value[1]), 0) === 13,
    );
    const byReason = Object.fromEntries(samples.map((s) => [s.metric.reason, s.value[1]]));
    assert.deepEqual(byReason, { invalid: '8', missing: '5' });
  });

  it('fires AuthFailuresHigh for the listener (more than 10 in a minute)', async () => {
    const alert = await eventually(
      'AuthFailuresHigh pending or firing in prometheus',
      async () => {
        const body = await getJson<{ data: { alerts: PromAlert[] } }>(
          `${ENDPOINTS.prometheus}/api/v1/alerts`,
        );
        return body.data.alerts.find(
          (a) =>
            a.labels.alertname === 'AuthFailuresHigh' &&
            a.labels.job === job &&
            (a.state === 'pending' || a.state === 'firing'),
        );
      },
      60_000,
    );
    assert.equal(alert.labels.listener, 'counters');
    assert.equal(alert.labels.severity, 'warning');
    assert.equal(alert.labels.component, 'security');
  });
});

// every listener counts through the same guard: the log receiver's, and the heartbeat service's
// (intake, fleet and console data, watchdog admin routes) and its alertmanager webhook.
describe('security: every listener counts its failed bearer-token checks', () => {
  const run = randomUUID().slice(0, 8);
  const dir = tempDirUntilExit('auth-listeners');

  const call = (url: string, method: string, authorization?: string) =>
    fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...(authorization !== undefined && { authorization }) },
      body: method === 'GET' ? undefined : '{}',
    });

  async function byListenerAndReason(job: string, total: number) {
    const samples = await promEventually(
      `agent_otel_auth_failures_total{job="${job}"}`,
      (s) => s.reduce((sum, x) => sum + Number(x.value[1]), 0) === total,
    );
    return Object.fromEntries(
      samples
        .filter((s) => s.value[1] !== '0')
        .map((s) => [`${s.metric.listener}/${s.metric.reason}`, s.value[1]]),
    );
  }

  it('the log receiver', async () => {
    const job = `auth-logs-${run}`;
    const logs = await startReceiver(
      'logs',
      dir,
      testPort(12),
      ['--file', join(dir, 'none/*.log'), '--checkpoint', join(dir, 'logs-cp.json')],
      { AGENT_OTEL_LOGS_TOKEN: `t-${run}`, OTEL_SERVICE_NAME: job },
    );
    try {
      assert.equal((await call(`${logs.url}/v1/anything`, 'GET')).status, 401);
      assert.equal((await call(`${logs.url}/v1/anything`, 'GET', 'Bearer nope')).status, 401);
      assert.deepEqual(await byListenerAndReason(job, 2), { 'logs/missing': '1', 'logs/invalid': '1' });
    } finally {
      await logs.kill();
    }
  });

  it('the heartbeat service: intake, fleet data, watchdog admin and the alertmanager webhook', async () => {
    const job = `auth-hb-${run}`;
    const config = writeConfig(dir, {
      export_interval_ms: 1000,
      receiver: { port: 0, state_file: '', public_status_page: false },
    });
    const hb = await startHeartbeat(config, {
      AGENT_OTEL_HEARTBEAT_TOKEN: `t-${run}`,
      AGENT_OTEL_ALERTMANAGER_TOKEN: `am-${run}`,
      OTEL_SERVICE_NAME: job,
    });
    try {
      const refused = [
        await call(`${hb.url}/v1/heartbeats`, 'POST', 'Bearer nope'),
        await call(`${hb.url}/v1/heartbeats`, 'POST'),
        await call(`${hb.url}/v1/agents`, 'GET'),
        await call(`${hb.url}/v1/watchdog/actions`, 'POST', `Basic t-${run}`),
        await call(`${hb.url}/v1/alertmanager`, 'POST', `Bearer t-${run}`),
        await call(`${hb.url}/v1/alertmanager`, 'POST'),
      ];
      assert.deepEqual(
        refused.map((r) => r.status),
        Array(6).fill(401),
      );
      assert.deepEqual(await byListenerAndReason(job, 6), {
        'heartbeat/invalid': '2',
        'heartbeat/missing': '2',
        'alertmanager/invalid': '1',
        'alertmanager/missing': '1',
      });
    } finally {
      await hb.stop();
    }
  });
});
