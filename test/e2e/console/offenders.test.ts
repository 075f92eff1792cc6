import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '../../helpers';
import { type ScriptedAgent, startAgent, stopAgent } from '../anomaly/scripted-agent-process';
import { eventually, getJson, promEventually } from '../backends';
import { type Browser, launchChromium } from '../browser/chromium';
import { type ReceiverProcess, RUN, startReceiver, writeConfig } from '../heartbeat/receiver-process';
import { ROOT } from '../stack';

const SHOTS = join(ROOT, '.run', 'test-output', 'screenshots');

interface Offender {
  agent_id: string;
  score: number;
  worst: string;
  signals: Record<string, { ratio: number; subject?: string }>;
}

// the fleet console's top offenders from the anomaly recording rules in the real Prometheus: two
// SDK agents build a baseline, then one loops on a tool; the console ranks it first, in Chromium.
describe('fleet console: top offenders from the anomaly rules, in headless Chromium', function () {
  const tempDir = useTempDirs('e2e');
  this.timeout(240_000);
  const looping = `offender-loop-${RUN}`;
  const steady = `offender-steady-${RUN}`;
  const agents: ScriptedAgent[] = [];
  let receiver: ReceiverProcess;
  let chromium: Browser | undefined;

  before(async () => {
    receiver = await startReceiver(
      writeConfig(tempDir('offenders'), {
        service_name: `hb-e2e-offenders-${RUN}`,
        export_interval_ms: 1000,
        receiver: { port: 0, state_file: '' },
      }),
    );
    agents.push(await startAgent(looping, 'offenders-e2e'), await startAgent(steady, 'offenders-e2e'));
    // the test stack's baseline is the 10 min before the last 30 s: calls must be older than that
    await promEventually(
      `agent_tool:calls_per_task:baseline{agent_id=~"${looping}|${steady}", gen_ai_tool_name="search"}`,
      (s) => s.length === 2,
      90_000,
    );
    agents[0].send('loop');
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await Promise.all(agents.map((a) => stopAgent(a)));
    assert.equal(await receiver.stop(), 0, receiver.output());
  });

  it('ranks the looping agent above the steady one, its loop on search the worst signal', async () => {
    const offenders = await eventually(
      'the looping agent among the offenders',
      async () => {
        const fleet = await getJson<{ offenders: { ok: boolean; data?: Offender[]; missing?: string } }>(
          `${receiver.url}/v1/console/fleet`,
        );
        assert.ok(fleet.offenders.ok, fleet.offenders.missing);
        const rows = fleet.offenders.data ?? [];
        const loop = rows.find((o) => o.agent_id === looping);
        return loop && loop.score >= 1 && rows.some((o) => o.agent_id === steady) ? rows : undefined;
      },
      60_000,
    );
    const loop = offenders.findIndex((o) => o.agent_id === looping);
    const calm = offenders.findIndex((o) => o.agent_id === steady);
    assert.ok(loop < calm, `loop at ${loop}, steady at ${calm}`);
    assert.equal(offenders[loop].worst, 'loop');
    assert.equal(offenders[loop].signals.loop.subject, 'search');
    assert.ok(offenders[calm].score < 1, `steady score ${offenders[calm].score}`);

    const page = await chromium!.context.newPage();
    // a long refresh period: the page redraws its content on each refresh, which detaches elements
    await page.goto(`${receiver.url}/?refresh_ms=600000`);
    const row = page.locator(`#offenders tr[data-agent-id="${looping}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.equal(await row.getAttribute('data-worst'), 'loop');
    assert.match((await row.locator('td[data-signal="loop"]').textContent()) ?? '', /× search/);
    assert.equal(await row.locator('a.agent-link').getAttribute('href'), `/agents/${looping}`);
    const order = await page
      .locator('#offenders tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agent-id')));
    assert.ok(order.indexOf(looping) < order.indexOf(steady), `rows: ${order.join(', ')}`);
    mkdirSync(SHOTS, { recursive: true });
    await page.locator('#offenders').screenshot({ path: join(SHOTS, 'console-offenders.png') });
    await page.screenshot({ path: join(SHOTS, 'console-fleet-offenders.png'), fullPage: true });
    await page.close();
  });
});
