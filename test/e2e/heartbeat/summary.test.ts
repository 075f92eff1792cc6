import assert from 'node:assert/strict';
import { join } from 'node:path';
import { HeartbeatSender } from '../../../instrumentation/heartbeat';
import type { SummaryView } from '../../../processors/shared/agent-view';
import { useTempDirs } from '../../helpers';
import { promEventually } from '../backends';
import { type Browser, launchChromium } from '../browser/chromium';
import { checkPage } from '../browser/page-check';
import { post, type ReceiverProcess, RUN, startReceiver, writeConfig } from './receiver-process';

const tempDir = useTempDirs('e2e');

// an agent's own summary (seed 004) through the real receiver process: sent by the SDK's sender,
// validated, kept per agent across a restart, served by the API and shown by the console in Chromium.
describe('heartbeat receiver: agent summaries, from the SDK to the console', function () {
  this.timeout(120_000);
  const token = `tok-${RUN}`;
  const service = `hb-e2e-summary-${RUN}`;
  const agentId = `summary-${RUN}`;
  const dir = tempDir('summary');
  const config = writeConfig(dir, {
    service_name: service,
    export_interval_ms: 1000,
    receiver: { port: 0, state_file: join(dir, 'state.json'), recent_summaries: 3 },
  });
  const env = { AGENT_OTEL_HEARTBEAT_TOKEN: token };
  let receiver: ReceiverProcess;
  let chromium: Browser | undefined;

  const detail = async (): Promise<{ summary: SummaryView | null; summaries: SummaryView[] }> => {
    const res = await fetch(`${receiver.url}/v1/agents/${agentId}`);
    assert.equal(res.status, 200);
    return (await res.json()) as { summary: SummaryView | null; summaries: SummaryView[] };
  };

  before(async () => {
    receiver = await startReceiver(config, env);
  });

  after(async () => {
    await chromium?.close();
    assert.equal(await receiver.stop(), 0, receiver.output());
  });

  it('takes the summary the SDK sender carries and keeps the last N distinct ones', async () => {
    const sender = new HeartbeatSender(
      {
        enabled: true,
        endpoint: receiver.url,
        token,
        intervalMs: 60_000,
        jitter: 0,
        maxBackoffMs: 60_000,
        timeoutMs: 5000,
      },
      { agentId, role: 'coder', instanceId: 'i1', startedAt: new Date().toISOString() },
    );
    const activities = [
      'reading the task',
      'writing the parser',
      'refactoring the logger',
      'running the tests',
    ];
    for (const [i, activity] of activities.entries()) {
      sender.update({
        status: i === 2 ? 'drifting' : 'on_track',
        summary: {
          currentActivity: activity,
          confidence: i === 2 ? 0.35 : 0.9,
          driftReasons: i === 2 ? ['edits files outside the task', 'no test for 10 minutes'] : [],
          recommendedAction: i === 2 ? 'revert the logger changes' : undefined,
        },
      });
      assert.equal(await sender.signal(i === 0 ? 'start' : 'success'), true);
      // the same summary again is not a new entry
      assert.equal(await sender.signal('success'), true);
    }
    const { summary, summaries } = await detail();
    assert.equal(summary?.current_activity, 'running the tests');
    assert.deepEqual(
      summaries.map((s) => s.current_activity),
      ['running the tests', 'refactoring the logger', 'writing the parser'],
    );
    assert.deepEqual(summaries[1].drift_reasons, ['edits files outside the task', 'no test for 10 minutes']);
    assert.equal(summaries[1].status, 'drifting');
  });

  it('drops a bad summary with a clear error, counts it, and still takes the heartbeat', async () => {
    const res = await post(
      `${receiver.url}/v1/heartbeats`,
      { agent_id: agentId, status: 'on_track', summary: { confidence: 7, current_activity: 'x' } },
      token,
    );
    assert.equal(res.status, 202);
    assert.equal(res.body.accepted, 1);
    assert.deepEqual(res.body.summary_rejected, [
      { index: 0, error: 'summary.confidence: Too big: expected number to be <=1' },
    ]);
    assert.equal((await detail()).summary?.current_activity, 'running the tests');
    await promEventually(`heartbeat_rejected_total{job="${service}", reason="invalid_summary"} > 0`);
  });

  it('keeps the summaries across a receiver restart (checkpoint)', async () => {
    const before = (await detail()).summaries;
    assert.equal(await receiver.stop(), 0, receiver.output());
    receiver = await startReceiver(config, env);
    assert.deepEqual((await detail()).summaries, before);
  });

  it('shows the summary on the agent page and the activity on the fleet page, in Chromium', async () => {
    chromium = await launchChromium();
    const agentText = await checkPage(chromium.context, `${receiver.url}/agents/${agentId}`, {
      name: 'console-agent-summary',
      shows: /Agent summary[\s\S]*running the tests[\s\S]*Recent summaries[\s\S]*refactoring the logger/,
    });
    assert.match(agentText, /confidence\s+90 %/);
    assert.match(agentText, /edits files outside the task/);
    const fleetText = await checkPage(chromium.context, `${receiver.url}/`, {
      name: 'console-fleet-activity',
      shows: new RegExp(`${agentId}[\\s\\S]*running the tests`),
    });
    assert.match(fleetText, /current activity/);
  });
});
