import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, tempDirUntilExit } from '../../helpers';
import { promEventually } from '../backends';
import { ENDPOINTS } from '../stack';
import { type AgentRun, startAgent, stopAgent } from './agents/run-agent';

interface PromAlert {
  labels: Record<string, string>;
  state: string;
}

// cost per agent on the real stack: a price file and a budget, token usage in a real process,
// the exact cost in Prometheus, unpriced tokens counted, and AgentCostOverBudget firing (rules
// from collector-config/prometheus/rules/cost.yml) and reaching Alertmanager.
describe('instrumentation: cost per agent from a price table, and the budget alert', () => {
  const agentId = `cost-${randomUUID().slice(0, 8)}`;
  let agent: AgentRun | undefined;
  const dir = tempDirUntilExit('agent-otel-cost');

  before(() => {
    const prices = join(dir, 'prices.yaml');
    writeFileSync(prices, 'models:\n  m-1: { input: 2, output: 8 }\n  m-2: { input: 3, output: 15 }\n');
    agent = startAgent('cost-agent', {
      OTEL_SERVICE_NAME: agentId,
      AGENT_OTEL_AGENT_ID: agentId,
      AGENT_OTEL_PRICES_FILE: prices,
      AGENT_OTEL_COST_BUDGET_USD: '1',
    });
  });
  after(async () => {
    await stopAgent(agent);
  });

  it('the cost series holds the exact price of the usage; priced models start at 0', async () => {
    const samples = await promEventually(
      `agent_otel_gen_ai_cost_total{gen_ai_agent_id="${agentId}"}`,
      (s) => s.some((x) => x.value[1] !== '0'),
      60_000,
    );
    const byModel = Object.fromEntries(samples.map((s) => [s.metric.gen_ai_request_model, s.value[1]]));
    assert.deepEqual(byModel, { 'm-1': '1.5', 'm-2': '0' });
  });

  it('tokens of a model without a price are counted as unpriced', async () => {
    const [sample] = await promEventually(
      `agent_otel_gen_ai_unpriced_tokens_total{gen_ai_agent_id="${agentId}", gen_ai_request_model="mystery"}`,
    );
    assert.equal(sample.metric.gen_ai_token_type, 'input');
    assert.equal(sample.value[1], '7');
  });

  it('AgentCostOverBudget fires for the agent over its own budget and reaches Alertmanager', async () => {
    const [budget] = await promEventually(`agent_otel:gen_ai_cost_budget_usd{gen_ai_agent_id="${agentId}"}`);
    assert.equal(budget.value[1], '1');
    const firing = await eventually(
      'AgentCostOverBudget firing in prometheus',
      async () => {
        const res = await fetch(`${ENDPOINTS.prometheus}/api/v1/alerts`);
        const body = (await res.json()) as { data: { alerts: PromAlert[] } };
        return body.data.alerts.find(
          (a) =>
            a.labels.alertname === 'AgentCostOverBudget' &&
            a.labels.agent_id === agentId &&
            a.state === 'firing',
        );
      },
      60_000,
    );
    assert.equal(firing.labels.component, 'cost');
    await eventually(
      'the alert in alertmanager',
      async () => {
        const res = await fetch(`${ENDPOINTS.alertmanager}/api/v2/alerts?filter=agent_id%3D%22${agentId}%22`);
        const alerts = (await res.json()) as { labels: Record<string, string> }[];
        return alerts.find((a) => a.labels.alertname === 'AgentCostOverBudget');
      },
      60_000,
    );
  });
});
