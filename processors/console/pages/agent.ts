import type { ChartData } from '../chart-data';
import type { AgentPageData } from '../data';
import {
  actionsTable,
  agentLink,
  alertsTable,
  backendsStrip,
  section,
  segmentBar,
  summaryCard,
  summaryHistory,
} from './common';
import { age, clock, type Html, html, seg } from './html';
import { runHeading, waterfallTable } from './waterfall';

/** a uPlot chart: the client script draws it from the data attribute. */
function chart(id: string, title: string, data: ChartData, xRange: { fromS: number; toS: number }): Html {
  const points = data.columns[0].length;
  if (points === 0 || data.labels.length === 0)
    return html`<p class="empty" id="${id}">${title}: no samples in the window</p>`;
  // the x axis spans the whole window, so a new agent's few samples sit at its right end.
  return html`<div class="chart" id="${id}" data-title="${title}" data-from="${String(xRange.fromS)}" data-to="${String(xRange.toS)}" data-chart="${JSON.stringify(data)}"></div>`;
}

/** one agent: identity and state, timelines, charts, task runs, logs, alerts, actions. */
export function agentFragment(d: AgentPageData): Html {
  const a = d.agent;
  const start = Date.parse(d.window.start);
  const end = Date.parse(d.generated_at);
  const xRange = { fromS: Math.floor(start / 1000), toS: Math.ceil(end / 1000) };
  return html`<div class="agent-head" data-agent-id="${a.agent_id}" data-state="${a.state}">
    <h2>${a.agent_id}${a.name && a.name !== a.agent_id ? html` <span class="muted">(${a.name})</span>` : ''}</h2>
    <dl class="facts">
      <dt>role</dt><dd>${a.role}</dd>
      <dt>state</dt><dd><span class="state state-${a.state}">${a.state}</span> since ${clock(a.state_since)}</dd>
      <dt>on-track</dt><dd><span class="status-${a.status}">${a.status}</span></dd>
      <dt>current task</dt><dd id="current-task">${[a.task_id, a.phase].filter(Boolean).join(' / ') || '—'}</dd>
      <dt>heartbeat age</dt><dd>${age(a.heartbeat_age_s)}</dd>
      <dt>restarts</dt><dd>${String(a.restarts)}</dd>
      <dt>instance</dt><dd>${a.instance_id ?? '—'}</dd>
      <dt>traces</dt><dd>service <code>${d.trace_service ?? ''}</code></dd>
    </dl>
  </div>
  <h3>Agent summary</h3>
  <div id="agent-summary">${summaryCard(a.summary)}</div>
  ${backendsStrip(d.backends)}
  <h3>State timeline</h3>
  <div id="state-timeline">${segmentBar('state', d.timeline, d.timeline[0]?.fromMs ?? start, end)}</div>
  <ul class="transitions-list">${[...a.recent_transitions]
    .reverse()
    .slice(0, 10)
    .map(
      (t) =>
        html`<li>${clock(t.at)} ${agentLink(a.agent_id)} ${t.from}→${t.to} <span class="muted">(${t.reason})</span></li>`,
    )}</ul>
  <h3>On-track history</h3>
  <div id="on-track">${section('prometheus', d.on_track, (segs) => segmentBar('on_track', segs, segs[0]?.fromMs ?? start, end))}</div>
  <div class="charts">
    <div><h3>Heartbeat age</h3>${section('prometheus', d.heartbeat_age, (c) => chart('chart-heartbeat-age', 'heartbeat age (s)', c, xRange))}</div>
    <div><h3>Drift counters</h3>${section('prometheus', d.drift_counters, (c) => chart('chart-drift', 'anti-drift counter totals', c, xRange))}</div>
    <div><h3>Cost (USD)</h3>${section('prometheus', d.cost, (c) => chart('chart-cost', 'cumulative cost per model (USD)', c, xRange))}</div>
  </div>
  <h3>Recent task runs</h3>
  <div id="runs">${section('jaeger', d.runs, (runs) =>
    runs.length === 0
      ? html`<p class="empty">no traces of service ${d.trace_service ?? ''} for this agent (console.trace_service)</p>`
      : html`${runs.map((w) => html`<div class="run">${runHeading(w)}${waterfallTable(w)}</div>`)}`,
  )}</div>
  <h3>Recent log lines</h3>
  <div id="logs">${section('victorialogs', d.logs, (lines) =>
    lines.length === 0
      ? html`<p class="empty">no log lines with gen_ai.agent.id = ${a.agent_id}</p>`
      : html`<table class="logs"><tbody>${lines.map(
          (
            l,
          ) => html`<tr class="sev-${(l.severity ?? '').toLowerCase()}"><td>${clock(l.time)}</td><td>${l.severity ?? ''}</td>
            <td class="msg">${l.message}</td><td>${l.trace_id ? html`<a href="/traces/${seg(l.trace_id)}">trace</a>` : ''}</td></tr>`,
        )}</tbody></table>`,
  )}</div>
  <h3>Recent summaries</h3>
  <div id="summary-history">${summaryHistory(a.summaries)}</div>
  <h3>Alerts</h3>
  <div id="agent-alerts">${section('alertmanager', d.alerts, alertsTable)}</div>
  <h3>Watchdog actions</h3>
  <div id="agent-actions">${actionsTable(d.actions)}</div>`;
}

export function unknownAgentFragment(agentId: string): Html {
  return html`<p class="missing">no agent '${agentId}' is known to this receiver. <a href="/">fleet</a></p>`;
}
