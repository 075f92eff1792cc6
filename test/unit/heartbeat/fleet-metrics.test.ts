import assert from 'node:assert/strict';
import type { GaugeMetricData, SumMetricData } from '@opentelemetry/sdk-metrics';
import { AGENTS_PER_TURN, FleetMetricsProducer } from '../../../processors/heartbeat/fleet-metrics';
import { testFleet } from './helpers';

type Points = GaugeMetricData | SumMetricData;

async function collect(producer: FleetMetricsProducer): Promise<Map<string, Points>> {
  const { resourceMetrics } = await producer.collect();
  const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics) as Points[];
  return new Map(metrics.map((m) => [m.descriptor.name, m]));
}

const value = (m: Points | undefined, labels: Record<string, string>) =>
  m?.dataPoints.find((p) => Object.entries(labels).every(([k, v]) => p.attributes[k] === v))?.value;

describe('fleet metrics producer (per-agent liveness series)', () => {
  it('gives every agent its state sets, age, heartbeats and restarts', async () => {
    const start = 1_000_000;
    const { fleet } = testFleet({ timing: { period_s: 10, grace_s: 5 } }, start);
    fleet.receive({ agent_id: 'a', role: 'coder', status: 'drifting', instance_id: 'i1' }, start);
    fleet.receive({ agent_id: 'a', instance_id: 'i2' }, start + 1000);
    fleet.receive({ agent_id: 'b', role: 'tester' }, start);
    fleet.tick(start + 20_000);
    let now = start + 20_000;
    const metrics = await collect(new FleetMetricsProducer(fleet, 'svc', () => now));
    const a = { agent_id: 'a', role: 'coder' };
    assert.equal(value(metrics.get('agent_up'), a), 0);
    assert.equal(value(metrics.get('agent_heartbeat_age_seconds'), a), 19);
    assert.equal(value(metrics.get('agent_state'), { ...a, state: 'down' }), 1);
    assert.equal(value(metrics.get('agent_state'), { ...a, state: 'up' }), 0);
    assert.equal(metrics.get('agent_state')?.dataPoints.length, 10);
    assert.equal(value(metrics.get('agent_on_track'), { ...a, status: 'drifting' }), 1);
    assert.equal(value(metrics.get('agent_on_track'), { ...a, status: 'on_track' }), 0);
    assert.equal(value(metrics.get('agent_heartbeats_received'), a), 2);
    assert.equal(value(metrics.get('agent_restarts'), a), 1);
    assert.equal((metrics.get('agent_restarts') as SumMetricData).isMonotonic, true);
    assert.equal(value(metrics.get('agent_otel.heartbeat.agents'), { state: 'down' }), 2);
    assert.equal(value(metrics.get('agent_otel.heartbeat.agents'), { state: 'paused' }), 0);
    // a role change relabels the agent's series at the next export.
    fleet.receive({ agent_id: 'a', role: 'reviewer' }, start + 21_000);
    now = start + 21_000;
    const again = await collect(new FleetMetricsProducer(fleet, 'svc', () => now));
    assert.equal(value(again.get('agent_up'), { agent_id: 'a', role: 'reviewer' }), 1);
  });

  it('reports the per-state agent counts with an empty fleet, and every agent of a large one', async () => {
    const { fleet } = testFleet({ receiver: { max_agents: 5000 } });
    const empty = await collect(new FleetMetricsProducer(fleet, 'svc', () => 1_000_000));
    assert.equal(empty.get('agent_otel.heartbeat.agents')?.dataPoints.length, 5);
    for (let i = 0; i < 3000; i++) fleet.receive({ agent_id: `a-${i}` }, 1_000_000);
    const metrics = await collect(new FleetMetricsProducer(fleet, 'svc', () => 1_000_000));
    // the SDK's instruments would fold everything past 2000 series into one overflow series.
    assert.equal(metrics.get('agent_up')?.dataPoints.length, 3000);
    assert.equal(metrics.get('agent_state')?.dataPoints.length, 15_000);
    assert.equal(value(metrics.get('agent_up'), { agent_id: 'a-2999' }), 1);
  });

  it('builds a large fleet a slice at a time, letting heartbeats in between, and stays consistent', async () => {
    const { fleet } = testFleet({ receiver: { max_agents: 5000 } });
    const agents = 4 * AGENTS_PER_TURN + 10;
    for (let i = 0; i < agents; i++) fleet.receive({ agent_id: `a-${i}` }, 1_000_000);
    let turns = 0;
    let busy = true;
    const countTurns = () => {
      if (!busy) return;
      turns++;
      // a heartbeat from a new agent and one from a known agent, while the export is under way
      if (turns === 2) {
        fleet.receive({ agent_id: 'newcomer' }, 1_000_500);
        fleet.receive({ agent_id: 'a-0' }, 1_000_500);
      }
      setImmediate(countTurns);
    };
    setImmediate(countTurns);
    const metrics = await collect(new FleetMetricsProducer(fleet, 'svc', () => 1_000_000));
    busy = false;
    // one turn per slice of AGENTS_PER_TURN agents; all at once would leave no turn in between
    assert.ok(turns >= 4, `the event loop turned ${turns} times during the collection`);
    const up = metrics.get('agent_up')!.dataPoints;
    // the newcomer joined the map behind the iterator, which visits it
    assert.equal(up.length, agents + 1);
    assert.equal(value(metrics.get('agent_up'), { agent_id: 'newcomer' }), 1);
    // each agent once, and the per-state counts add up to the agents exported
    assert.equal(new Set(up.map((p) => p.attributes.agent_id)).size, agents + 1);
    const byState = metrics.get('agent_otel.heartbeat.agents')!.dataPoints;
    assert.equal(
      byState.reduce((n, p) => n + p.value, 0),
      agents + 1,
    );
    assert.equal(metrics.get('agent_state')!.dataPoints.length, 5 * (agents + 1));
  });

  it('keeps the points of each agent between exports, giving every export its own values and time', async () => {
    const start = 1_000_000;
    const { fleet } = testFleet({ timing: { period_s: 10, grace_s: 5 } }, start);
    fleet.receive({ agent_id: 'a', role: 'coder', status: 'on_track' }, start);
    let now = start + 1000;
    const producer = new FleetMetricsProducer(fleet, 'svc', () => now);
    const first = await collect(producer);
    assert.equal(value(first.get('agent_heartbeats_received'), { agent_id: 'a' }), 1);
    assert.equal(value(first.get('agent_on_track'), { status: 'on_track' }), 1);
    const firstEnd = first.get('agent_up')!.dataPoints[0]!.endTime;
    assert.deepEqual(firstEnd, [1001, 0]);
    fleet.receive({ agent_id: 'a', status: 'drifting' }, start + 2000);
    fleet.tick(start + 30_000);
    now = start + 30_000;
    const second = await collect(producer);
    assert.equal(value(second.get('agent_heartbeats_received'), { agent_id: 'a' }), 2);
    assert.equal(value(second.get('agent_on_track'), { status: 'on_track' }), 0);
    assert.equal(value(second.get('agent_on_track'), { status: 'drifting' }), 1);
    assert.equal(value(second.get('agent_up'), { agent_id: 'a' }), 0);
    assert.equal(value(second.get('agent_heartbeat_age_seconds'), { agent_id: 'a' }), 28);
    for (const metric of second.values()) {
      for (const p of metric.dataPoints) assert.deepEqual(p.endTime, [1030, 0], metric.descriptor.name);
    }
    // a new role: new series under it, none left under the old one
    fleet.receive({ agent_id: 'a', role: 'reviewer' }, start + 31_000);
    now = start + 31_000;
    const third = await collect(producer);
    assert.equal(value(third.get('agent_up'), { agent_id: 'a', role: 'reviewer' }), 1);
    assert.equal(value(third.get('agent_up'), { role: 'coder' }), undefined);
    assert.equal(third.get('agent_state')!.dataPoints.length, 5);
  });
});
