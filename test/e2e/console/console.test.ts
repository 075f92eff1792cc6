import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { useTempDirs } from '../../helpers';
import { eventually, getJson } from '../backends';
import { type Browser, launchChromium } from '../browser/chromium';
import {
  heartbeatLoop,
  type ReceiverProcess,
  RUN,
  startReceiver,
  writeConfig,
} from '../heartbeat/receiver-process';
import { ENDPOINTS, ROOT } from '../stack';

const SHOTS = join(ROOT, '.run', 'test-output', 'screenshots');

interface Section<T> {
  ok: boolean;
  data?: T;
  missing?: string;
}
interface Row {
  name: string;
  role: string;
  depth: number;
  error: boolean;
  errorText?: string;
}
interface Run {
  traceId: string;
  taskId?: string;
  phase?: string;
  error: boolean;
  rows: Row[];
}
interface AgentPage {
  agent: { agent_id: string; status: string; task_id?: string };
  timeline: { value: string }[];
  on_track: Section<{ value: string }[]>;
  heartbeat_age: Section<{ labels: string[]; columns: number[][] }>;
  drift_counters: Section<{ labels: string[]; columns: number[][] }>;
  runs: Section<Run[]>;
  logs: Section<{ message: string; trace_id?: string; severity?: string }[]>;
  alerts: Section<{ alertname: string; agent_id?: string }[]>;
  backends: { name: string; ok: boolean; missing?: string }[];
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: true });
}

// the fleet console against the real stack: an SDK-instrumented agent process sends spans,
// logs, counters and heartbeats through the collector; the console must show them from Jaeger,
// VictoriaLogs and Prometheus, an alert from Alertmanager and a watchdog action, in Chromium.
describe('fleet console against the real backends, in headless Chromium', function () {
  const tempDir = useTempDirs('e2e');
  this.timeout(180_000);
  const agentId = `console-coder-${RUN}`;
  const quiet = `console-quiet-${RUN}`;
  const role = `coder${RUN.slice(0, 4)}`;
  const service = `console-e2e-${role}`;
  let receiver: ReceiverProcess;
  let agent: ChildProcess;
  let hook: Server;
  let chromium: Browser;
  let browser: BrowserContext;
  let quietLoop: { stop(): Promise<void> };
  const agentOutput = '';

  before(async () => {
    hook = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(202).end('{}'));
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/restart`;
    receiver = await startReceiver(
      writeConfig(tempDir('console'), {
        service_name: `hb-e2e-console-${RUN}`,
        export_interval_ms: 1000,
        receiver: { port: 0, state_file: '', tick_ms: 100 },
        timing: { period_s: 1, grace_s: 1 },
        watchdog: {
          policies: [
            {
              name: `restart-${RUN}`,
              on: { state: 'down', for_s: 0 },
              match: { agent_id: quiet },
              actions: [{ type: 'webhook', url: hookUrl }],
            },
          ],
        },
        console: { trace_service: 'console-e2e-{role}', window_s: 300 },
      }),
    );
    // a second agent beats, then goes quiet: a transition to down and a watchdog action.
    quietLoop = heartbeatLoop(receiver.url, { agent_id: quiet, role }, 300);
    agent = spawn(
      process.execPath,
      ['--require', 'agent-otel/register', join(ROOT, 'dist', 'test', 'e2e', 'console', 'agent.js')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          OTEL_SERVICE_NAME: service,
          OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINTS.collectorOtlpHttp,
          OTEL_METRIC_EXPORT_INTERVAL: '1000',
          OTEL_BSP_SCHEDULE_DELAY: '200',
          OTEL_BLRP_SCHEDULE_DELAY: '200',
          AGENT_OTEL_AGENT_ID: agentId,
          AGENT_OTEL_AGENT_ROLE: role,
          AGENT_OTEL_HEARTBEAT_ENDPOINT: receiver.url,
          AGENT_OTEL_HEARTBEAT_INTERVAL_MS: '500',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // an alert about the agent, in the real Alertmanager.
    const res = await fetch(`${ENDPOINTS.alertmanager}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: `ConsoleE2E${RUN}`, agent_id: agentId, role, severity: 'warning' },
          annotations: { summary: `console e2e alert for ${agentId}` },
          // without startsAt, alertmanager takes endsAt as the start.
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 600_000).toISOString(),
        },
      ]),
    });
    assert.equal(res.status, 200, await res.text());
    await new Promise((r) => setTimeout(r, 1500));
    await quietLoop.stop();
    chromium = await launchChromium();
    browser = chromium.context;
  });

  after(async () => {
    await quietLoop?.stop();
    await chromium?.close();
    agent?.kill('SIGTERM');
    hook?.close();
    assert.equal(await receiver.stop(), 0, receiver.output());
  });

  it('serves the agent from every backend as JSON', async () => {
    const page = await eventually(
      'the console to show traces, logs, charts and the alert',
      async () => {
        const d = await getJson<AgentPage>(
          `${receiver.url}/v1/console/agents/${encodeURIComponent(agentId)}?window_s=300`,
        );
        const ready =
          (d.runs.data?.length ?? 0) >= 2 &&
          (d.logs.data?.length ?? 0) >= 2 &&
          (d.heartbeat_age.data?.columns[0].length ?? 0) >= 3 &&
          (d.drift_counters.data?.labels.length ?? 0) > 0 &&
          (d.on_track.data ?? []).some((s) => s.value === 'drifting') &&
          (d.alerts.data?.length ?? 0) > 0;
        return ready ? d : undefined;
      },
      90_000,
      1000,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}\nagent output:\n${agentOutput}\nreceiver output:\n${receiver.output()}`,
      );
    });
    assert.deepEqual(
      page.backends.map((b) => [b.name, b.ok]),
      [
        ['prometheus', true],
        ['jaeger', true],
        ['victorialogs', true],
        ['alertmanager', true],
      ],
    );
    const failed = page.runs.data!.find((r) => r.taskId === 'TASK-C2')!;
    const ok = page.runs.data!.find((r) => r.taskId === 'TASK-C1')!;
    assert.deepEqual(
      ok.rows.map((r) => [r.role, r.name]),
      [
        ['phase', 'task IMPLEMENT'],
        ['invoke_agent', 'invoke_agent coder'],
        ['execute_tool', 'execute_tool search_repository'],
        ['execute_tool', 'execute_tool edit_file'],
      ],
    );
    assert.deepEqual(
      ok.rows.map((r) => r.depth),
      [0, 1, 2, 2],
    );
    assert.equal(ok.error, false);
    assert.equal(failed.error, true);
    const tool = failed.rows.find((r) => r.name === 'execute_tool run_tests')!;
    assert.deepEqual([tool.error, tool.errorText], [true, '3 tests failed']);
    assert.equal(failed.rows.find((r) => r.role === 'invoke_agent')!.errorText, 'validation failed');
    assert.deepEqual(page.drift_counters.data!.labels, ['prompt_drift_detected']);
    const errorLine = page.logs.data!.find((l) => /TASK-C2 failed validation/.test(l.message))!;
    assert.equal(errorLine.trace_id, failed.traceId);
    assert.equal(page.alerts.data![0].alertname, `ConsoleE2E${RUN}`);
  });

  it('shows the fleet with the alert, the watchdog action and every backend reachable', async () => {
    const fleet = await eventually('the watchdog action', async () => {
      const f = await getJson<{ actions: { policy: string; agent_id?: string }[] }>(
        `${receiver.url}/v1/console/fleet`,
      );
      return f.actions.some((a) => a.agent_id === quiet) ? f : undefined;
    });
    assert.equal(fleet.actions[0].policy, `restart-${RUN}`);
    const page = await browser.newPage();
    await page.goto(`${receiver.url}/?refresh_ms=1000`);
    await page.locator(`#agents tr[data-agent-id="${agentId}"]`).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#backends [data-ok="true"]').count(), 4);
    const alertLink = page.locator(`#alerts tr[data-alert="ConsoleE2E${RUN}"] a.agent-link`);
    assert.equal(await alertLink.getAttribute('href'), `/agents/${agentId}`);
    assert.equal(
      await page.locator(`#actions tr[data-policy="restart-${RUN}"] a.agent-link`).first().textContent(),
      quiet,
    );
    await shot(page, 'fleet');
    await alertLink.click();
    await page.waitForURL(`**/agents/${agentId}`);
    await page.close();
  });

  it('draws the agent page: timelines, charts, waterfalls, logs', async () => {
    const page = await browser.newPage();
    await page.goto(`${receiver.url}/agents/${encodeURIComponent(agentId)}?window_s=300`);
    await page.locator('#chart-heartbeat-age canvas').waitFor({ timeout: 10_000 });
    await page.locator('#chart-drift canvas').waitFor({ timeout: 10_000 });
    assert.ok((await page.locator('#state-timeline .seg').count()) >= 1);
    assert.ok((await page.locator('#on-track .seg[data-value="drifting"]').count()) >= 1);
    assert.ok((await page.locator('#runs .wf-row').count()) >= 8);
    assert.ok((await page.locator('#runs .wf-row[data-error="true"]').count()) >= 2);
    assert.ok((await page.locator('#logs tr').count()) >= 2);
    assert.match((await page.locator('#current-task').textContent()) ?? '', /TASK-C2 \/ VERIFY/);
    await shot(page, 'agent');
    await page.locator('#runs .run-head a').first().click();
    await page.locator('#trace .wf-row').first().waitFor({ timeout: 10_000 });
    assert.ok((await page.locator('#trace .wf-attrs').count()) >= 4);
    assert.equal(await page.locator(`a.agent-link[href="/agents/${agentId}"]`).count(), 1);
    await shot(page, 'trace');
    await page.close();
  });

  it('says which backends are missing, and asks for the token when the data is not public', async () => {
    const token = `console-tok-${RUN}`;
    // a port that was free a moment ago: nothing answers there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const dead = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((r) => probe.close(r));
    const guarded = await startReceiver(
      writeConfig(tempDir('console-missing'), {
        service_name: `hb-e2e-console-${RUN}`,
        receiver: { port: 0, state_file: '', public_status_page: false, bearer_token: token },
        // jaeger and alertmanager are missing, prometheus is there.
        console: { jaeger_url: dead, alertmanager_url: dead },
      }),
    );
    try {
      assert.equal((await fetch(`${guarded.url}/v1/console/fleet`)).status, 401);
      assert.equal((await fetch(`${guarded.url}/v1/console/html/`)).status, 401);
      const page = await browser.newPage();
      await page.goto(`${guarded.url}/?refresh_ms=300`);
      await page.locator('#token').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.locator('#agents').count(), 0);
      await page.fill('#token', token);
      await page.click('#token-save');
      await page.locator('#backends').waitFor({ timeout: 5000 });
      assert.equal(await page.locator('#backends [data-backend="jaeger"]').getAttribute('data-ok'), 'false');
      assert.equal(
        await page.locator('#backends [data-backend="prometheus"]').getAttribute('data-ok'),
        'true',
      );
      assert.match(
        (await page.locator('#alerts [data-missing="alertmanager"]').textContent()) ?? '',
        /missing: alertmanager: unreachable/,
      );
      await shot(page, 'missing');
      await page.close();
    } finally {
      assert.equal(await guarded.stop(), 0, guarded.output());
    }
  });
});
