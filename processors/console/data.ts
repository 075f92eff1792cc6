import { type AgentDetail, agentDetailView, fleetView } from '../shared/agent-view';
import type { AlertmanagerClient, AmAlert } from './backends/alertmanager';
import type { BackendResult } from './backends/http';
import type { JaegerClient } from './backends/jaeger';
import { type PrometheusClient, promString } from './backends/prometheus';
import type { VictoriaLogsClient } from './backends/victorialogs';
import { alignSeries, type ChartData } from './chart-data';
import { type ConsoleConfig, fillTemplate, type TemplateValues } from './config';
import { ANOMALY_SIGNALS, type Offender, rankOffenders, SIGNALS, type SignalSample } from './offenders';
import type { ActionSource, ActionView, FleetSource } from './sources';
import { type Segment, stateSegments, stateSetSegments } from './timeline';
import { buildWaterfall, traceOfAgent, type Waterfall } from './waterfall';

export const BACKENDS = ['prometheus', 'jaeger', 'victorialogs', 'alertmanager'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface ConsoleClients {
  prometheus: PrometheusClient;
  jaeger: JaegerClient;
  victorialogs: VictoriaLogsClient;
  alertmanager: AlertmanagerClient;
}

export interface ConsoleDataDeps {
  config: ConsoleConfig;
  agents: FleetSource;
  actions: ActionSource;
  clients: ConsoleClients;
  now: () => number;
  /** when the receiver started: an inventory agent is `new` from then, not before. */
  startedMs: number;
}

/** a section of a page: its data, or why it is missing (a backend down, a bad answer). */
export type Section<T> = BackendResult<T>;

export interface BackendStatus {
  name: BackendName;
  url: string;
  ok: boolean;
  missing?: string;
}

export interface AlertView {
  alertname: string;
  severity?: string;
  agent_id?: string;
  summary?: string;
  starts_at: string;
  fingerprint: string;
  labels: Record<string, string>;
}

export type { ActionView } from './sources';

export interface LogLine {
  time: string;
  severity?: string;
  message: string;
  trace_id?: string;
  span_id?: string;
  service?: string;
}

function alertView(alert: AmAlert): AlertView {
  return {
    alertname: alert.labels.alertname ?? '',
    severity: alert.labels.severity,
    agent_id: alert.labels.agent_id,
    summary: alert.annotations?.summary ?? alert.annotations?.description,
    starts_at: alert.startsAt,
    fingerprint: alert.fingerprint,
    labels: alert.labels,
  };
}

function logLine(entry: Record<string, string>): LogLine {
  return {
    time: entry._time ?? '',
    // OTLP records land in VictoriaLogs with severity_text; other ingest paths use severity or level.
    severity: entry.severity_text ?? entry.severity ?? entry.level,
    message: entry._msg ?? '',
    trace_id: entry.trace_id || undefined,
    span_id: entry.span_id || undefined,
    service: entry['service.name'],
  };
}

const map = <T, U>(res: Section<T>, fn: (data: T) => U): Section<U> =>
  res.ok ? { ok: true, data: fn(res.data) } : res;

/** assembles what each console page shows, from the receiver's own state and the backends. */
export class ConsoleData {
  constructor(private readonly deps: ConsoleDataDeps) {}

  private get config(): ConsoleConfig {
    return this.deps.config;
  }

  /** which backends answer their readiness check now. */
  async backends(): Promise<BackendStatus[]> {
    const c = this.deps.clients;
    const urls: Record<BackendName, string> = {
      prometheus: this.config.prometheus_url,
      jaeger: this.config.jaeger_url,
      victorialogs: this.config.victorialogs_url,
      alertmanager: this.config.alertmanager_url,
    };
    const checks = await Promise.all(BACKENDS.map((name) => c[name].ready()));
    return BACKENDS.map((name, i) => {
      const res = checks[i];
      return res.ok
        ? { name, url: urls[name], ok: true }
        : { name, url: urls[name], ok: false, missing: res.missing };
    });
  }

  private actionViews(limit: number, agentId?: string): ActionView[] {
    return this.deps.actions
      .recentActions()
      .filter((a) => agentId === undefined || a.agent_id === agentId)
      .slice(0, limit);
  }

  private async alerts(agentId?: string): Promise<Section<AlertView[]>> {
    const res = await this.deps.clients.alertmanager.activeAlerts();
    return map(res, (alerts) =>
      alerts
        .filter((a) => agentId === undefined || a.labels.agent_id === agentId)
        .slice(0, this.config.max_alerts)
        .map(alertView),
    );
  }

  /** agents furthest from their own baseline, from the anomaly recording rules. */
  async offenders(): Promise<Section<Offender[]>> {
    const prom = this.deps.clients.prometheus;
    const answers = await Promise.all(SIGNALS.map((s) => prom.query(ANOMALY_SIGNALS[s].series)));
    const samples = {} as Record<(typeof SIGNALS)[number], SignalSample[]>;
    for (const [i, signal] of SIGNALS.entries()) {
      const res = answers[i];
      if (!res.ok) return res;
      const subject = ANOMALY_SIGNALS[signal].label;
      samples[signal] = res.data.map((s) => ({
        agent_id: s.metric.agent_id ?? '',
        subject: subject === undefined ? undefined : s.metric[subject],
        ratio: Number(s.value[1]),
      }));
    }
    return { ok: true, data: rankOffenders(samples, this.config.max_offenders) };
  }

  /** the fleet home: agents, top offenders, active alerts, recent watchdog actions, backends. */
  async fleetPage(filter: { state?: string; role?: string } = {}) {
    const nowMs = this.deps.now();
    const [alerts, backends, offenders] = await Promise.all([
      this.alerts(),
      this.backends(),
      this.offenders(),
    ]);
    const fleet = fleetView(this.deps.agents.values(), nowMs, filter);
    const roles = [...new Set([...this.deps.agents.values()].map((a) => a.role))].sort();
    return {
      ...fleet,
      roles,
      offenders,
      alerts,
      actions: this.actionViews(this.config.max_actions),
      backends,
    };
  }

  templateValues(record: AgentDetail): TemplateValues {
    const values: TemplateValues = { agent_id: record.agentId, role: record.role, name: record.name ?? '' };
    values.service = fillTemplate(this.config.trace_service, values);
    return values;
  }

  /** one agent: its state timeline, charts, task runs, logs, alerts and actions; undefined if unknown. */
  async agentPage(agentId: string, windowS = this.config.window_s) {
    const record = this.deps.agents.get(agentId);
    if (!record) return undefined;
    const nowMs = this.deps.now();
    const endS = Math.floor(nowMs / 1000);
    const startS = endS - windowS;
    const stepS = Math.max(1, Math.round(windowS / 240));
    const values = this.templateValues(record);
    const agentMatch = `agent_id=${promString(agentId)}`;
    const drift = `{__name__=~"anti_drift_.+_total", ${fillTemplate(this.config.drift_selector, values, (v) => JSON.stringify(v).slice(1, -1))}}`;
    const prom = this.deps.clients.prometheus;
    const [onTrack, age, drifts, cost, traces, logs, alerts, backends] = await Promise.all([
      prom.queryRange(`max by (status) (agent_on_track{${agentMatch}})`, startS, endS, stepS),
      prom.queryRange(`max(agent_heartbeat_age_seconds{${agentMatch}})`, startS, endS, stepS),
      prom.queryRange(`sum by (__name__) (${drift})`, startS, endS, stepS),
      // the SDK's cost counter (a price table configured), per model, summed over the agent's processes
      prom.queryRange(
        `sum by (gen_ai_request_model) (agent_otel_gen_ai_cost_total{gen_ai_agent_id=${promString(agentId)}})`,
        startS,
        endS,
        stepS,
      ),
      this.recentRuns(values.service!, agentId),
      this.config.max_log_lines > 0
        ? this.deps.clients.victorialogs.recent(
            'gen_ai.agent.id',
            agentId,
            this.config.max_log_lines,
            this.config.lookback_s,
          )
        : Promise.resolve({ ok: true as const, data: [] }),
      this.alerts(agentId),
      this.backends(),
    ]);
    const view = agentDetailView(record, nowMs);
    return {
      generated_at: new Date(nowMs).toISOString(),
      window: {
        start: new Date(startS * 1000).toISOString(),
        end: new Date(endS * 1000).toISOString(),
        step_s: stepS,
      },
      agent: view,
      trace_service: values.service,
      timeline: stateSegments(
        record.recentTransitions.map((t) => ({ from: t.from, to: t.to, reason: t.reason, atMs: t.atMs })),
        { state: record.state, sinceMs: record.stateSinceMs },
        startS * 1000,
        nowMs,
        // an agent outside the inventory exists from its first heartbeat, one in it from the start.
        !record.expected && record.recentTransitions[0]?.reason === 'first_heartbeat'
          ? record.recentTransitions[0].atMs
          : this.deps.startedMs,
      ),
      on_track: map(onTrack, (series) =>
        stateSetSegments(
          series.map((s) => ({
            value: s.metric.status ?? '?',
            points: s.values.map(([t, v]) => [t * 1000, Number(v)]),
          })),
          stepS * 1000,
        ),
      ) as Section<Segment[]>,
      heartbeat_age: map(age, (series): ChartData => alignSeries(series, () => 'heartbeat age (s)')),
      drift_counters: map(
        drifts,
        (series): ChartData =>
          alignSeries(series, (m) => (m.__name__ ?? '').replace(/^anti_drift_|_total$/g, '')),
      ),
      cost: map(cost, (series): ChartData => alignSeries(series, (m) => m.gen_ai_request_model ?? '?')),
      runs: traces,
      logs: map(logs, (entries) => entries.map(logLine)),
      alerts,
      actions: this.actionViews(this.config.max_actions, agentId),
      backends,
    };
  }

  /** the agent's recent traces in its Jaeger service, as waterfalls, newest first. */
  private async recentRuns(service: string, agentId: string): Promise<Section<Waterfall[]>> {
    if (this.config.max_traces === 0) return { ok: true, data: [] };
    // a service can hold several agents (demo-{role}): ask for more and keep this agent's.
    const res = await this.deps.clients.jaeger.traces(
      service,
      this.config.max_traces * 4,
      this.config.lookback_s,
    );
    return map(res, (traces) =>
      traces
        .filter((t) => traceOfAgent(t, agentId))
        .map((t) => buildWaterfall(t, this.config.max_spans))
        .sort((a, b) => b.startMs - a.startMs)
        .slice(0, this.config.max_traces),
    );
  }

  /** one trace as a waterfall, with the agents it belongs to. */
  async tracePage(traceId: string) {
    const nowMs = this.deps.now();
    const [trace, backends] = await Promise.all([this.deps.clients.jaeger.trace(traceId), this.backends()]);
    const agents = trace.ok
      ? [
          ...new Set(
            Object.values(trace.data.processes ?? {})
              .map((p) => p.tags?.find((t) => t.key === 'gen_ai.agent.id')?.value)
              .filter((v): v is string => typeof v === 'string'),
          ),
        ]
      : [];
    return {
      generated_at: new Date(nowMs).toISOString(),
      trace_id: traceId,
      agents: agents.map((id) => ({ agent_id: id, known: this.deps.agents.has(id) })),
      waterfall: map(trace, (t) => buildWaterfall(t, this.config.max_spans)),
      backends,
    };
  }
}

export type FleetPageData = Awaited<ReturnType<ConsoleData['fleetPage']>>;
export type AgentPageData = NonNullable<Awaited<ReturnType<ConsoleData['agentPage']>>>;
export type TracePageData = Awaited<ReturnType<ConsoleData['tracePage']>>;
