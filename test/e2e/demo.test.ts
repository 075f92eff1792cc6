import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually, jaegerTraces, lokiQuery, promQuery } from './backends';
import { PORTS, ROOT } from './stack';

interface FleetView {
  agents: { agent_id: string; state: string; heartbeats: number }[];
}

// the README's main command, run for real for a short while against the stack: the demo fleet's
// agents must show up in every backend through every receiver.
describe('npm run demo (stack + receivers + demo fleet)', () => {
  let demo: ChildProcess;
  let output = '';

  before(() => {
    demo = spawn(join(ROOT, 'scripts', 'demo.sh'), ['--agents', '5', '--duration', '40'], {
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

  it('transcripts reach Loki through the log receiver, labelled by agent', async () => {
    const streams = await eventually(
      'demo transcript lines in loki',
      async () => {
        const result = await lokiQuery('{service_name="agent-logs", gen_ai_agent_id="planner-1"}');
        return result.length > 0 ? result : undefined;
      },
      60_000,
    );
    assert.match(streams[0].values.map((v) => v[1]).join('\n'), /\[planner-1\]/);
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
