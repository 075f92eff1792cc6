import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, freePort, tempDirUntilExit } from '../../helpers';
import { jaegerTrace, logsQuery, promEventually } from '../backends';
import { ROOT } from '../stack';
import { type AgentRun, startAgent, stopAgent } from './agents/run-agent';

// an on-demand CPU profile of a real instrumented process: the CLI asks its admin endpoint, the
// file is a valid profile, the announcing log event reaches VictoriaLogs with the trace id of the
// profiling run (whose span is in Jaeger), and refused requests are counted in Prometheus.
describe('instrumentation: on-demand CPU profile through the admin endpoint and the CLI', () => {
  const run = randomUUID().slice(0, 8);
  const service = `profiled-${run}`;
  const token = `admin-${run}-secret`;
  const profileDir = tempDirUntilExit('agent-otel-e2e-profiles');
  let agent: AgentRun | undefined;
  let url = '';

  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    agent = startAgent('busy-agent', {
      OTEL_SERVICE_NAME: service,
      AGENT_OTEL_AGENT_ID: service,
      AGENT_OTEL_ADMIN_PORT: String(port),
      AGENT_OTEL_ADMIN_TOKEN: token,
      AGENT_OTEL_PROFILE_DIR: profileDir,
    });
    await eventually('the admin endpoint', async () =>
      (await fetch(`${url}/healthz`)).ok ? true : undefined,
    );
  });
  after(async () => {
    await stopAgent(agent);
  });

  it('`agent-otel profile` prints the path of a valid .cpuprofile; the log event carries the trace id', async () => {
    const cli = spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'cli', 'main.js'), 'profile', '--url', url, '--seconds', '2', '--token', token],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const path = cli.stdout.trim();
    assert.ok(path.startsWith(profileDir) && path.endsWith('.cpuprofile'), path);
    const profile = JSON.parse(readFileSync(path, 'utf8'));
    assert.ok(profile.nodes.length > 1, 'profile nodes');
    assert.ok(profile.samples.length > 0, 'profile samples');
    // the agent's own code is in the call tree (its busy function may be inlined into its caller)
    assert.ok(
      profile.nodes.some((n: { callFrame: { url: string } }) => n.callFrame.url.endsWith('/busy-agent.js')),
      "the agent's code is in the profile",
    );

    const [event] = await eventually('the profile event in victorialogs', async () => {
      const found = await logsQuery(`{service.name="${service}"} event_name:="agent_otel.profile.saved"`);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(event['file.path'], path);
    assert.match(event.trace_id, /^[0-9a-f]{32}$/);
    assert.ok(cli.stderr.includes(event.trace_id), 'the CLI names the same trace');
    const trace = await eventually('the profiling span in jaeger', async () => {
      const t = await jaegerTrace(event.trace_id);
      return t?.spans.find((s) => s.operationName === 'agent_otel.profile');
    });
    assert.equal(trace.spanID, event.span_id);
  });

  it('a missing or wrong token is refused with 401 and counted', async () => {
    const none = await fetch(`${url}/v1/profile?seconds=1`, { method: 'POST' });
    const wrong = await fetch(`${url}/v1/profile?seconds=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-it' },
    });
    assert.deepEqual([none.status, wrong.status], [401, 401]);
    const cli = spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'cli', 'main.js'), 'profile', '--url', url, '--seconds', '1', '--token', 'bad'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /answered 401/);
    const samples = await promEventually(
      `agent_otel_auth_failures_total{job="${service}", listener="sdk-admin"}`,
      (s) => s.reduce((n, x) => n + Number(x.value[1]), 0) === 3,
    );
    const byReason = Object.fromEntries(samples.map((s) => [s.metric.reason, s.value[1]]));
    assert.deepEqual(byReason, { missing: '1', invalid: '2' });
  });
});
