import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, promEventually, promQuery } from '../backends';
import { ENDPOINTS } from '../stack';
import { type ScriptedAgent as Agent, startAgent, stopAgent } from './scripted-agent-process';

interface PromAlert {
  labels: Record<string, string>;
  state: string;
}
interface AmAlert {
  labels: Record<string, string>;
  status: { state: string };
}

const ANOMALY_ALERTS = ['AgentTaskSlowdown', 'AgentErrorSpike', 'AgentToolLoop', 'AgentTokenBudgetExceeded'];

async function firing(alertname: string, agentId: string): Promise<PromAlert | undefined> {
  const res = await fetch(`${ENDPOINTS.prometheus}/api/v1/alerts`);
  const body = (await res.json()) as { data: { alerts: PromAlert[] } };
  return body.data.alerts.find(
    (a) => a.labels.alertname === alertname && a.labels.agent_id === agentId && a.state === 'firing',
  );
}

async function anomalyAlertsOf(agentId: string): Promise<string[]> {
  const res = await fetch(`${ENDPOINTS.prometheus}/api/v1/alerts`);
  const body = (await res.json()) as { data: { alerts: PromAlert[] } };
  return body.data.alerts
    .filter((a) => a.labels.agent_id === agentId && ANOMALY_ALERTS.includes(a.labels.alertname))
    .map((a) => `${a.labels.alertname} (${a.state})`);
}

// the test stack renders the anomaly rules with a 30 s recent window, a 10 min baseline before it
// and `for: 5s` (scripts/stack/up.sh): 40 s of normal work make a baseline, then one agent slows
// down and another loops on a tool, while a third keeps its pace.
describe('anomaly alerts fire for a real agent that slows down or loops on a tool', function () {
  this.timeout(240_000);
  const run = randomUUID().slice(0, 8);
  const ids = { steady: `steady-${run}`, slow: `slow-${run}`, loop: `loop-${run}` };
  const agents: Agent[] = [];
  let steady: Agent;
  let slow: Agent;
  let looping: Agent;

  before(async () => {
    steady = await startAgent(ids.steady);
    slow = await startAgent(ids.slow);
    looping = await startAgent(ids.loop);
    agents.push(steady, slow, looping);
    // a baseline needs 30 runs older than the recent window
    await promEventually(
      `agent_phase:task_runs:baseline{agent_id=~"${Object.values(ids).join('|')}"} >= 30`,
      (s) => s.length === 3,
      90_000,
    );
  });
  after(async () => {
    await Promise.all(agents.map((a) => stopAgent(a)));
  });

  it('records every agent near its own baseline while all work normally', async () => {
    const ratios = await promEventually(
      `agent_phase:task_duration_ms:p95_ratio{agent_id=~"${Object.values(ids).join('|')}"}`,
      (s) => s.length === 3,
    );
    for (const s of ratios) assert.ok(Number(s.value[1]) < 2, `${s.metric.agent_id}: ratio ${s.value[1]}`);
    for (const id of Object.values(ids)) assert.deepEqual(await anomalyAlertsOf(id), []);
  });

  it('a slowdown fires AgentTaskSlowdown for that agent, routed by Alertmanager', async () => {
    slow.send('slow');
    looping.send('loop');
    const alert = await eventually(
      'AgentTaskSlowdown firing',
      () => firing('AgentTaskSlowdown', ids.slow),
      60_000,
    );
    assert.equal(alert.labels.task_phase, 'IMPLEMENT');
    assert.equal(alert.labels.component, 'anomaly');
    const [ratio] = await promQuery(`agent_phase:task_duration_ms:p95_ratio{agent_id="${ids.slow}"}`);
    assert.ok(Number(ratio.value[1]) > 2, `ratio ${ratio.value[1]}`);
    const routed = await eventually(
      'AgentTaskSlowdown in alertmanager',
      async () => {
        const res = await fetch(
          `${ENDPOINTS.alertmanager}/api/v2/alerts?filter=agent_id%3D%22${ids.slow}%22`,
        );
        return ((await res.json()) as AmAlert[]).find((a) => a.labels.alertname === 'AgentTaskSlowdown');
      },
      30_000,
    );
    assert.equal(routed.status.state, 'active');
  });

  it('a tool loop fires AgentToolLoop on that tool and AgentTokenBudgetExceeded', async () => {
    const loop = await eventually('AgentToolLoop firing', () => firing('AgentToolLoop', ids.loop), 60_000);
    assert.equal(loop.labels.gen_ai_tool_name, 'search');
    await eventually(
      'AgentTokenBudgetExceeded firing',
      () => firing('AgentTokenBudgetExceeded', ids.loop),
      60_000,
    );
    // edit is not called in the loop: no loop on it
    assert.equal(await firing('AgentToolLoop', ids.slow), undefined);
  });

  it('the steady agent, and the looping agent on its other tool, raise nothing', async () => {
    assert.deepEqual(await anomalyAlertsOf(ids.steady), []);
    const [ratio] = await promQuery(`agent_phase:task_duration_ms:p95_ratio{agent_id="${ids.steady}"}`);
    assert.ok(ratio && Number(ratio.value[1]) < 2, `steady ratio ${ratio?.value[1]}`);
    const loopAlerts = await fetch(`${ENDPOINTS.prometheus}/api/v1/alerts`);
    const all = ((await loopAlerts.json()) as { data: { alerts: PromAlert[] } }).data.alerts;
    assert.ok(!all.some((a) => a.labels.agent_id === ids.loop && a.labels.gen_ai_tool_name === 'edit'));
  });
});
