import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { eventually, never, tempDirUntilExit } from '../../helpers';
import { type ReceiverProcess, startReceiver, writeConfig } from '../heartbeat/receiver-process';
import { PORTS, ROOT } from '../stack';
import { type AgentRun, startAgent, stopAgent } from './agents/run-agent';

interface AgentView {
  agent_id: string;
  state: string;
  recent_transitions: { from: string; to: string; reason: string }[];
}

// the budget loop on the real stack with the shipped policy: an agent over its budget ->
// AgentCostOverBudget in Prometheus -> Alertmanager -> the watchdog's cost-over-budget policy
// (collector-config/receivers/heartbeat.yaml) -> scripts/watchdog/pause-agent.mjs -> the agent
// paused in the heartbeat receiver, once.
describe('instrumentation: an agent over its cost budget is paused by the shipped watchdog policy', () => {
  const agentId = `pause-${randomUUID().slice(0, 8)}`;
  const token = `hb-${agentId}`;
  const dir = tempDirUntilExit('agent-otel-cost-pause');
  let receiver: ReceiverProcess | undefined;
  let agent: AgentRun | undefined;

  after(async () => {
    await stopAgent(agent);
    await receiver?.stop();
  });

  it('runs the pause command once and the receiver records the pause', async () => {
    const port = PORTS.HEARTBEAT_RECEIVER_PORT;
    const taken = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    );
    assert.ok(
      !taken,
      `port ${port} (alertmanager's webhook target) is taken; stop the receiver running there`,
    );

    const shipped = parse(
      readFileSync(join(ROOT, 'collector-config', 'receivers', 'heartbeat.yaml'), 'utf8'),
    );
    const policy = shipped.watchdog.policies.find((p: { name: string }) => p.name === 'cost-over-budget');
    assert.ok(policy, 'the shipped config has the cost-over-budget policy');
    const config = writeConfig(dir, {
      service_name: `hb-${agentId}`,
      export_interval_ms: 1000,
      receiver: { port, state_file: join(dir, 'state.json'), tick_ms: 100 },
      // a long period: the pause must stay visible, not be ended by the next beat at once
      timing: { period_s: 60, grace_s: 60, trust_sender_interval: false },
      watchdog: { policies: [{ ...policy, match: { agent_id: agentId } }] },
    });
    // the command action inherits the receiver's environment: its token is the script's
    receiver = await startReceiver(config, { AGENT_OTEL_HEARTBEAT_TOKEN: token });

    const prices = join(dir, 'prices.yaml');
    writeFileSync(prices, 'models:\n  m-1: { input: 2, output: 8 }\n');
    agent = startAgent('cost-agent', {
      OTEL_SERVICE_NAME: agentId,
      AGENT_OTEL_AGENT_ID: agentId,
      AGENT_OTEL_PRICES_FILE: prices,
      AGENT_OTEL_COST_BUDGET_USD: '1',
      AGENT_OTEL_HEARTBEAT_ENABLED: 'true',
      AGENT_OTEL_HEARTBEAT_ENDPOINT: receiver.url,
      AGENT_OTEL_HEARTBEAT_TOKEN: token,
      AGENT_OTEL_HEARTBEAT_INTERVAL_MS: '60000',
    });

    const headers = { authorization: `Bearer ${token}` };
    const paused = await eventually(
      'the agent paused by the watchdog',
      async () => {
        const fleet = (await (await fetch(`${receiver!.url}/v1/agents`, { headers })).json()) as {
          agents: AgentView[];
        };
        const view = fleet.agents.find((a) => a.agent_id === agentId);
        return view?.recent_transitions.some((t) => t.reason === 'paused_by_operator') ? view : undefined;
      },
      90_000,
    );
    assert.equal(paused.state, 'paused');
    // alertmanager re-notifies the group; the incident's action ran once
    const audit = async () =>
      (await (await fetch(`${receiver!.url}/v1/watchdog/actions`, { headers })).json()) as {
        actions: { policy: string; result: string }[];
      };
    const costRuns = async () => (await audit()).actions.filter((a) => a.policy === 'cost-over-budget');
    await never('a second cost-over-budget action', async () => (await costRuns()).length > 1, 4000, 500);
    const { actions } = await audit();
    const runs = actions.filter((a) => a.policy === 'cost-over-budget');
    assert.deepEqual(
      runs.map((a) => a.result),
      ['success'],
      JSON.stringify(actions),
    );
  });
});
