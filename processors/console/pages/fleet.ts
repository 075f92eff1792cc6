import { AGENT_STATES } from '../../shared/agent-snapshot';
import type { FleetPageData } from '../data';
import { actionsTable, agentLink, alertsTable, backendsStrip, section } from './common';
import { age, clock, type Html, html } from './html';
import { offendersTable } from './offenders';

type AgentRow = FleetPageData['agents'][number];

function agentRow(a: AgentRow): Html {
  const transitions = a.recent_transitions
    .slice(-3)
    .reverse()
    .map((t) => `${clock(t.at)} ${t.from}→${t.to} (${t.reason})`)
    .join('; ');
  return html`<tr data-agent-id="${a.agent_id}" data-state="${a.state}" data-role="${a.role}">
    <td>${agentLink(a.agent_id)}${a.name && a.name !== a.agent_id ? ` (${a.name})` : ''}</td>
    <td>${a.role}</td>
    <td><span class="state state-${a.state}">${a.state}</span></td>
    <td><span class="status-${a.status}">${a.status}</span></td>
    <td>${[a.task_id, a.phase].filter(Boolean).join(' / ')}</td>
    <td class="activity" title="${a.summary?.current_activity ?? ''}">${a.summary?.current_activity ?? ''}</td>
    <td>${age(a.heartbeat_age_s)}</td>
    <td>${String(a.restarts)}</td>
    <td><span class="transitions">${transitions}</span></td></tr>`;
}

/** the fleet home: filters, counts, the agents table, active alerts, watchdog actions, backends. */
export function fleetFragment(data: FleetPageData): Html {
  return html`<div class="bar">
    <label>state <select id="filter-state"><option value="">all</option>${AGENT_STATES.map((s) => html`<option>${s}</option>`)}</select></label>
    <label>role <select id="filter-role"><option value="">all</option>${data.roles.map((r) => html`<option>${r}</option>`)}</select></label>
    <span id="counts">${Object.entries(data.counts).map(([k, n]) => html`<span id="count-${k}">${k}: ${String(n)}</span>`)}</span>
    <span id="updated">updated ${clock(data.generated_at)} UTC</span>
  </div>
  ${backendsStrip(data.backends)}
  <table class="fleet">
    <thead><tr><th>agent</th><th>role</th><th>state</th><th>on-track</th><th>task</th>
      <th>current activity</th><th>heartbeat age</th><th>restarts</th><th>recent transitions</th></tr></thead>
    <tbody id="agents">${data.agents.map(agentRow)}</tbody>
  </table>
  ${data.agents.length === 0 ? html`<p class="empty">no agent has reported yet, and none is in the inventory</p>` : ''}
  <h2>Top offenders</h2>
  <p class="muted">against each agent's own baseline: × its usual p95 task time, tool calls per task and error share; a score of 1 is an anomaly alert's threshold</p>
  <div id="offenders">${section('prometheus', data.offenders, offendersTable)}</div>
  <h2>Active alerts</h2>
  <div id="alerts">${section('alertmanager', data.alerts, alertsTable)}</div>
  <h2>Recent watchdog actions</h2>
  <div id="actions">${actionsTable(data.actions)}</div>`;
}
