import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually, jaegerTraces, logsQuery, promQuery } from './backends';
import { type Browser, launchChromium } from './browser/chromium';
import { checkPage, type PageExpectation } from './browser/page-check';
import { ENDPOINTS, PORTS, ROOT } from './stack';

interface FleetView {
  agents: { agent_id: string; state: string; heartbeats: number }[];
}

/** the `name   url` lines of the demo's "Open:" block, as it printed them. */
function printedUrls(output: string): { name: string; url: string }[] {
  const block = output.split(/\bOpen:\n/)[1] ?? '';
  const urls: { name: string; url: string }[] = [];
  for (const line of block.split('\n')) {
    const m = /^\s+(\S.*?)\s{2,}(https?:\/\/\S+)\s*$/.exec(line);
    if (!m) break;
    urls.push({ name: m[1], url: m[2] });
  }
  return urls;
}

/** what each printed page must show with the demo running; a printed URL without one fails. */
function expectationFor(url: URL): PageExpectation | undefined {
  const port = Number(url.port);
  if (port === PORTS.HEARTBEAT_RECEIVER_PORT && url.pathname === '/') {
    return {
      name: 'fleet-console',
      shows: /planner-1[\s\S]*nightly-evaluator-1|nightly-evaluator-1[\s\S]*planner-1/,
    };
  }
  if (port === PORTS.VICTORIALOGS_PORT && url.pathname === '/select/vmui/') {
    // log rows of a demo agent, not just the query editor
    return { name: 'victorialogs-vmui', shows: /\[[a-z]+-\d+\]/ };
  }
  if (port === PORTS.PROMETHEUS_PORT && url.pathname === '/classic/alerts') {
    // our rule groups, with the never-started evaluator's AgentDown active
    return {
      name: 'prometheus-alerts',
      shows: /anti_drift_alerts[\s\S]*agent_heartbeat_alerts[\s\S]*AgentDown \([1-9]\d* active\)/,
    };
  }
  if (port === PORTS.PROMETHEUS_PORT && url.pathname === '/classic/graph') {
    return { name: 'prometheus-graph', shows: /agent_up\{[^}]*agent_id="planner-1"/ };
  }
  if (port === PORTS.ALERTMANAGER_PORT && url.pathname === '/' && url.hash === '#/alerts') {
    return {
      name: 'alertmanager-alerts',
      shows: /alertname="AgentDown"[\s\S]*nightly-evaluator-1|nightly-evaluator-1[\s\S]*AgentDown/,
      timeoutMs: 40_000,
    };
  }
  return undefined;
}

// the README's main command, run for real for a short while against the stack: the demo fleet's
// agents must show up in every backend through every receiver.
describe('npm run demo (stack + receivers + demo fleet)', () => {
  let demo: ChildProcess;
  let output = '';
  let browser: Browser | undefined;

  before(() => {
    demo = spawn(join(ROOT, 'scripts', 'demo.sh'), ['--agents', '5', '--duration', '90'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout?.on('data', (c) => {
      output += c;
    });
    demo.stderr?.on('data', (c) => {
      output += c;
    });
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    if (demo.exitCode === null) {
      demo.kill('SIGTERM');
      await new Promise((r) => demo.once('exit', r));
    }
  });

  it('agents beat to the heartbeat receiver; the never-started evaluator is down', async () => {
    const view = await eventually(
      `5 demo agents up on the status API\n${output}`,
      async () => {
        const res = await fetch(`http://127.0.0.1:${PORTS.HEARTBEAT_RECEIVER_PORT}/v1/agents`);
        const body = (await res.json()) as FleetView;
        const live = body.agents.filter((a) => a.heartbeats > 0 && a.agent_id !== 'nightly-evaluator-1');
        // the evaluator is expected but never starts: new, then down after period + grace
        const evaluator = body.agents.find((a) => a.agent_id === 'nightly-evaluator-1');
        return live.length >= 5 && evaluator?.state === 'down' ? body : undefined;
      },
      60_000,
    );
    assert.equal(view.agents.find((a) => a.agent_id === 'nightly-evaluator-1')?.heartbeats, 0);
  });

  it('agent spans reach Jaeger as invoke_agent / execute_tool', async () => {
    const traces = await eventually('demo traces', async () => {
      const found = await jaegerTraces('demo-planner');
      return found.length > 0 ? found : undefined;
    });
    const names = new Set(traces.flatMap((t) => t.spans.map((s) => s.operationName)));
    assert.ok(names.has('invoke_agent planner'), [...names].join(', '));
    assert.ok(names.has('execute_tool search_repository'), [...names].join(', '));
  });

  it('counter lines reach Prometheus through the counters receiver', async () => {
    // a new series shows 0 first (so increase() sees its first step), then its total
    const samples = await eventually(
      'anti-drift counts above 0 from the counters receiver',
      async () => {
        const result = await promQuery(
          'sum(anti_drift_phase_lease_contention_total{job="agent-otel-counters"})',
        );
        return result.length > 0 && Number(result[0].value[1]) > 0 ? result : undefined;
      },
      60_000,
    );
    assert.ok(Number(samples[0].value[1]) > 0);
  });

  it('transcripts reach VictoriaLogs through the log receiver, one stream per agent', async () => {
    const records = await eventually(
      'demo transcript lines in victorialogs',
      async () => {
        const result = await logsQuery('{service.name="agent-logs", gen_ai.agent.id="planner-1"}');
        return result.length > 0 ? result : undefined;
      },
      60_000,
    );
    assert.match(records.map((r) => r._msg).join('\n'), /\[planner-1\]/);
  });

  // the browser checks are tests of this suite, not of a nested one: mocha runs a suite's own
  // tests before its children's, and these need the demo still running.
  it('prints the console, logs, alerts, graph and Alertmanager pages, and not Jaeger', () => {
    const urls = printedUrls(output);
    assert.ok(urls.length >= 5, `expected the "Open:" block in the output:\n${output}`);
    assert.ok(!urls.some((u) => new URL(u.url).port === String(PORTS.JAEGER_QUERY_PORT)));
  });

  it('each printed page shows its data in headless Chromium (screenshots in .run/test-output/screenshots)', async function () {
    this.timeout(180_000);
    browser ??= await launchChromium();
    for (const { name, url } of printedUrls(output)) {
      const expect = expectationFor(new URL(url));
      assert.ok(expect, `no content check for the printed URL "${name}" ${url}`);
      await checkPage(browser.context, url, expect);
    }
  });

  it("the page check fails on a placeholder page (Jaeger's built-in UI)", async () => {
    browser ??= await launchChromium();
    await assert.rejects(
      checkPage(browser.context, `${ENDPOINTS.jaeger}/`, { name: 'jaeger-placeholder', shows: /Jaeger/ }),
      /placeholder page/,
    );
  });

  it('stops everything it started when the run ends', async function () {
    this.timeout(90_000);
    const code = await new Promise<number | null>((resolve) => {
      if (demo.exitCode !== null) resolve(demo.exitCode);
      else demo.once('exit', (c) => resolve(c));
    });
    assert.equal(code, 0, output);
    const res = await fetch(`http://127.0.0.1:${PORTS.HEARTBEAT_RECEIVER_PORT}/healthz`).catch(
      () => undefined,
    );
    assert.equal(res, undefined, 'the heartbeat receiver is still answering');
  });
});
