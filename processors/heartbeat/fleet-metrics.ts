import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
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
import { inTurns } from '../shared/in-turns';
import type { Fleet } from './fleet';
import { AGENT_STATES, type AgentRecord, ON_TRACK_STATUSES } from './types';

type Point = DataPoint<number>;
/** a point this producer keeps and updates; the SDK's type is read-only for its consumers. */
type KeptPoint = { -readonly [K in keyof Point]: Point[K] };

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

/**
 * the points of one agent, made once per agent and role and updated in place at each export: 14
 * new objects per agent and export (140k at 10k agents) filled the young generation, and GC took
 * 6-41 ms per export (pauses up to 28-61 ms) against 1-3 ms (pauses 5-22 ms) with kept points, in
 * a run with other garbage alongside. The reader never runs two exports at once, and each request
 * is encoded before the next collection, so updating them is safe.
 */
interface AgentPoints {
  role: string;
  up: KeptPoint;
  age: KeptPoint;
  states: KeptPoint[];
  statuses: KeptPoint[];
  received: KeptPoint;
  restarts: KeptPoint;
}

/**
 * The liveness series of every agent, read from the fleet at each export. They are produced
 * here rather than through observable instruments because the SDK hashes, stores and diffs
 * every series at each collection: with 10k agents that is 140k series and seconds of CPU per
 * export, where updating the points is milliseconds. It also needs no cardinality limit (the
 * SDK's default of 2000 series per instrument folded agent 400 and beyond into an overflow
 * series); `receiver.max_agents` bounds the series instead. Counters that must survive a
 * receiver restart (heartbeats, restarts) are read from the persisted record, so they stay
 * monotonic. State and status are state sets (one 0/1 series per value), so a change never
 * leaves a stale series behind. The points are updated a slice of agents at a time, yielding to
 * intake in between (AGENTS_PER_TURN); each agent's points and its share of the per-state counts
 * are read in one step, so they agree with each other even when a heartbeat lands between slices.
 */
export class FleetMetricsProducer implements MetricProducer {
  private readonly startTime = hrTime();
  private readonly points = new WeakMap<AgentRecord, AgentPoints>();

  constructor(
    private readonly fleet: Fleet,
    private readonly scopeName: string,
    private readonly now: () => number,
  ) {}

  private pointsOf(record: AgentRecord, endTime: HrTime): AgentPoints {
    let points = this.points.get(record);
    if (points?.role !== record.role) {
      const base = { agent_id: record.agentId, role: record.role };
      const point = (attributes: Attributes): KeptPoint => ({
        startTime: this.startTime,
        endTime,
        attributes,
        value: 0,
      });
      points = {
        role: record.role,
        up: point(base),
        age: point(base),
        states: AGENT_STATES.map((state) => point({ ...base, state })),
        statuses: ON_TRACK_STATUSES.map((status) => point({ ...base, status })),
        received: point(base),
        restarts: point(base),
      };
      this.points.set(record, points);
    }
    return points;
  }

  async collect(): Promise<CollectionResult> {
    const nowMs = this.now();
    const endTime = millisToHrTime(nowMs);
    const set = (p: KeptPoint, value: number): Point => {
      p.endTime = endTime;
      p.value = value;
      return p;
    };
    const up: Point[] = [];
    const age: Point[] = [];
    const state: Point[] = [];
    const onTrack: Point[] = [];
    const received: Point[] = [];
    const restarts: Point[] = [];
    const byState = new Map(AGENT_STATES.map((s) => [s, 0]));
    for await (const slice of inTurns(this.fleet.agents.values(), AGENTS_PER_TURN)) {
      for (const record of slice) {
        byState.set(record.state, (byState.get(record.state) ?? 0) + 1);
        const points = this.pointsOf(record, endTime);
        up.push(set(points.up, record.state === 'up' || record.state === 'late' ? 1 : 0));
        const seen = record.lastSeenMs ?? record.watchFromMs;
        age.push(set(points.age, Math.max(0, (nowMs - seen) / 1000)));
        for (let i = 0; i < AGENT_STATES.length; i++) {
          state.push(set(points.states[i]!, AGENT_STATES[i] === record.state ? 1 : 0));
        }
        for (let i = 0; i < ON_TRACK_STATUSES.length; i++) {
          onTrack.push(set(points.statuses[i]!, ON_TRACK_STATUSES[i] === record.status ? 1 : 0));
        }
        received.push(set(points.received, record.heartbeats));
        restarts.push(set(points.restarts, record.restarts));
      }
    }
    const point = (attributes: Attributes, value: number): Point => ({
      startTime: this.startTime,
      endTime,
      attributes,
      value,
    });
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
