import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Attributes, ValueType } from '@opentelemetry/api';
import { hrTime, millisToHrTime } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type CollectionResult,
  type DataPoint,
  DataPointType,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { Fleet } from './fleet';
import { AGENT_STATES, type AgentRecord, ON_TRACK_STATUSES } from './types';

type Point = DataPoint<number>;

/**
 * agents whose points are built in one turn of the event loop. Building 10k agents' 140k points
 * at once held the loop for 10-150 ms (mostly young-generation GC), and every heartbeat waiting
 * behind it took that long; a turn per 500 agents keeps each hold to a few ms.
 */
export const AGENTS_PER_TURN = 500;

/** the per-agent series, by OTLP name (Prometheus adds `_total` to the sums). */
const GAUGES = {
  up: ['agent_up', '1 when the agent is up or late'],
  age: [
    'agent_heartbeat_age_seconds',
    'seconds since the last heartbeat (since the receiver started watching if none)',
  ],
  state: ['agent_state', '1 for the current state'],
  onTrack: ['agent_on_track', '1 for the reported status'],
  // observed for every state even with no agents: its absence means the receiver is not
  // reporting, so no AgentDown can fire (alert HeartbeatReceiverAbsent)
  agents: ['agent_otel.heartbeat.agents', 'agents tracked, by state'],
} as const;
const SUMS = {
  received: ['agent_heartbeats_received', 'heartbeats accepted per agent'],
  restarts: ['agent_restarts', 'restarts detected (instance id or start time changed)'],
} as const;

/** label sets of one agent, built once per agent and role rather than at every export. */
interface AgentLabels {
  role: string;
  base: Attributes;
  states: Attributes[];
  statuses: Attributes[];
}

/**
 * The liveness series of every agent, read from the fleet at each export. They are produced
 * here rather than through observable instruments because the SDK hashes, stores and diffs
 * every series at each collection: with 10k agents that is 140k series and seconds of CPU per
 * export, where building the points is milliseconds. It also needs no cardinality limit (the
 * SDK's default of 2000 series per instrument folded agent 400 and beyond into an overflow
 * series); `receiver.max_agents` bounds the series instead. Counters that must survive a
 * receiver restart (heartbeats, restarts) are read from the persisted record, so they stay
 * monotonic. State and status are state sets (one 0/1 series per value), so a change never
 * leaves a stale series behind. The points are built a slice of agents at a time, yielding to
 * intake in between (AGENTS_PER_TURN); each agent's points and its share of the per-state counts
 * are read in one step, so they agree with each other even when a heartbeat lands between slices.
 */
export class FleetMetricsProducer implements MetricProducer {
  private readonly startTime = hrTime();
  private readonly labels = new WeakMap<AgentRecord, AgentLabels>();

  constructor(
    private readonly fleet: Fleet,
    private readonly scopeName: string,
    private readonly now: () => number,
  ) {}

  private labelsOf(record: AgentRecord): AgentLabels {
    let labels = this.labels.get(record);
    if (labels?.role !== record.role) {
      const base = { agent_id: record.agentId, role: record.role };
      labels = {
        role: record.role,
        base,
        states: AGENT_STATES.map((state) => ({ ...base, state })),
        statuses: ON_TRACK_STATUSES.map((status) => ({ ...base, status })),
      };
      this.labels.set(record, labels);
    }
    return labels;
  }

  async collect(): Promise<CollectionResult> {
    const nowMs = this.now();
    const endTime = millisToHrTime(nowMs);
    const startTime = this.startTime;
    const point = (attributes: Attributes, value: number): Point => ({
      startTime,
      endTime,
      attributes,
      value,
    });
    const up: Point[] = [];
    const age: Point[] = [];
    const state: Point[] = [];
    const onTrack: Point[] = [];
    const received: Point[] = [];
    const restarts: Point[] = [];
    const byState = new Map(AGENT_STATES.map((s) => [s, 0]));
    let inTurn = 0;
    // a Map's iterator also visits agents added while it waits, and skips those removed
    for (const record of this.fleet.agents.values()) {
      if (++inTurn > AGENTS_PER_TURN) {
        inTurn = 1;
        await nextTurn();
      }
      byState.set(record.state, (byState.get(record.state) ?? 0) + 1);
      const labels = this.labelsOf(record);
      up.push(point(labels.base, record.state === 'up' || record.state === 'late' ? 1 : 0));
      const seen = record.lastSeenMs ?? record.watchFromMs;
      age.push(point(labels.base, Math.max(0, (nowMs - seen) / 1000)));
      for (let i = 0; i < AGENT_STATES.length; i++) {
        state.push(point(labels.states[i], AGENT_STATES[i] === record.state ? 1 : 0));
      }
      for (let i = 0; i < ON_TRACK_STATUSES.length; i++) {
        onTrack.push(point(labels.statuses[i], ON_TRACK_STATUSES[i] === record.status ? 1 : 0));
      }
      received.push(point(labels.base, record.heartbeats));
      restarts.push(point(labels.base, record.restarts));
    }
    const agents = [...byState].map(([s, n]) => point({ state: s }, n));
    const gauge = ([name, description]: readonly [string, string], dataPoints: Point[]): MetricData => ({
      descriptor: { name, description, unit: '', valueType: ValueType.DOUBLE },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.GAUGE,
      dataPoints,
    });
    const sum = ([name, description]: readonly [string, string], dataPoints: Point[]): MetricData => ({
      descriptor: { name, description, unit: '', valueType: ValueType.DOUBLE },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints,
    });
    return {
      resourceMetrics: {
        // the reader keeps its own resource; only the scope metrics of a producer are used.
        resource: resourceFromAttributes({}),
        scopeMetrics: [
          {
            scope: { name: this.scopeName },
            metrics: [
              gauge(GAUGES.up, up),
              gauge(GAUGES.age, age),
              gauge(GAUGES.state, state),
              gauge(GAUGES.onTrack, onTrack),
              sum(SUMS.received, received),
              sum(SUMS.restarts, restarts),
              gauge(GAUGES.agents, agents),
            ],
          },
        ],
      },
      errors: [],
    };
  }
}
