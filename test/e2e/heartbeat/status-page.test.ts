import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { useTempDirs } from '../../helpers';
import { type Browser, launchChromium } from '../browser/chromium';
import {
  heartbeatLoop,
  post,
  type ReceiverProcess,
  RUN,
  startReceiver,
  writeConfig,
} from './receiver-process';

// the console's fleet home, which replaced the status page, in a real headless chromium (debian's,
// driven by playwright-core); rows are counted in the agents table, the page has others now.
describe('fleet console home (the former status page) in headless Chromium', () => {
  const tempDir = useTempDirs('e2e');
  let receiver: ReceiverProcess;
  let chromium: Browser;
  let browser: BrowserContext;
  const id = `page-${RUN}`;
  const other = `page-other-${RUN}`;

  before(async () => {
    const dir = tempDir('page');
    receiver = await startReceiver(
      writeConfig(dir, {
        service_name: `hb-e2e-page-${RUN}`,
        export_interval_ms: 1000,
        receiver: { port: 0, state_file: '', tick_ms: 100 },
        timing: { period_s: 1, grace_s: 1 },
        inventory: [{ agent_id: other, role: 'tdd-expert' }],
      }),
    );
    chromium = await launchChromium();
    browser = chromium.context;
  });

  after(async () => {
    await chromium?.close();
    assert.equal(await receiver.stop(), 0, receiver.output());
  });

  it('shows an agent going from up to down, with role, status, task and transitions; filters by state and role', async () => {
    const page = await browser.newPage();
    await page.goto(`${receiver.url}/?refresh_ms=250`);
    const row = page.locator(`tr[data-agent-id="${id}"]`);
    const loop = heartbeatLoop(
      receiver.url,
      {
        agent_id: id,
        role: 'network-expert',
        status: 'blocked',
        task_id: 'TASK-7',
        phase: 'IMPLEMENT',
        instance_id: 'i1',
      },
      300,
    );
    await row.and(page.locator('[data-state="up"]')).waitFor({ timeout: 10_000 });
    // cells by their column's header, so a new column does not shift what is checked
    const headers = await page.locator('#agents').locator('xpath=..').locator('thead th').allTextContents();
    const column = (name: string) => {
      const i = headers.indexOf(name);
      assert.ok(i >= 0, `no column "${name}" in ${JSON.stringify(headers)}`);
      return i;
    };
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[column('role')], 'network-expert');
    assert.equal(cells[column('state')], 'up');
    assert.equal(cells[column('on-track')], 'blocked');
    assert.equal(cells[column('task')], 'TASK-7 / IMPLEMENT');
    assert.match(cells[column('recent transitions')], /new→up \(first_heartbeat\)/);

    await loop.stop();
    await row.and(page.locator('[data-state="down"]')).waitFor({ timeout: 10_000 });
    const after = await row.locator('td').allTextContents();
    assert.equal(after[column('state')], 'down');
    assert.match(after[column('recent transitions')], /late→down \(no_heartbeat\)/);
    assert.match((await page.locator('#count-down').textContent()) ?? '', /down: 2/);

    // filters: by role only the agent, by state up nobody.
    await page.selectOption('#filter-role', 'network-expert');
    assert.deepEqual(
      await page
        .locator('#agents tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agent-id'))),
      [id],
    );
    await page.selectOption('#filter-role', '');
    await page.selectOption('#filter-state', 'up');
    assert.equal(await page.locator('#agents tr').count(), 0);
    await page.selectOption('#filter-state', 'down');
    assert.equal(await page.locator('#agents tr').count(), 2);

    // it refreshes by itself: a heartbeat brings the row back to up without a reload.
    await page.selectOption('#filter-state', '');
    await post(`${receiver.url}/v1/heartbeats`, { agent_id: id });
    await row.and(page.locator('[data-state="up"]')).waitFor({ timeout: 5000 });
    await page.close();
  });

  it('renders agent-supplied text as text, never as markup', async () => {
    const page = await browser.newPage();
    const evil = `<img src=x onerror="document.title='pwned'">-${RUN}`;
    await post(`${receiver.url}/v1/heartbeats`, { agent_id: `xss-${RUN}`, role: evil, task_id: evil });
    await page.goto(`${receiver.url}/?refresh_ms=250`);
    await page.locator(`tr[data-agent-id="xss-${RUN}"]`).waitFor({ timeout: 5000 });
    assert.equal(await page.locator('tbody img').count(), 0);
    assert.notEqual(await page.title(), 'pwned');
    await page.close();
  });

  it('asks for the token when the fleet data is not public, then shows the fleet', async () => {
    const token = `page-tok-${RUN}`;
    const guarded = await startReceiver(
      writeConfig(tempDir('page-token'), {
        service_name: `hb-e2e-page-${RUN}`,
        receiver: { port: 0, state_file: '', public_status_page: false, bearer_token: token },
      }),
    );
    try {
      assert.equal((await fetch(`${guarded.url}/v1/agents`)).status, 401);
      await post(`${guarded.url}/v1/heartbeats`, { agent_id: `private-${RUN}` }, token);
      const page = await browser.newPage();
      await page.goto(`${guarded.url}/?refresh_ms=250`);
      await page.locator('#token').waitFor({ state: 'visible', timeout: 5000 });
      await page.fill('#token', token);
      await page.click('#token-save');
      await page.locator(`tr[data-agent-id="private-${RUN}"]`).waitFor({ timeout: 5000 });
      await page.close();
    } finally {
      assert.equal(await guarded.stop(), 0, guarded.output());
    }
  });
});
