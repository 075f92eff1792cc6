import type { SummaryView } from '../../shared/agent-view';
import type { ActionView, AlertView, BackendStatus, Section } from '../data';
import type { Segment } from '../timeline';
import { clock, type Html, html, seg } from './html';

/** a section that a backend could not fill: says which and why. */
export function missingNote(backend: string, reason: string): Html {
  return html`<p class="missing" data-missing="${backend}">missing: ${backend}: ${reason}</p>`;
}

/** renders a section's data, or its missing note. */
export function section<T>(backend: string, res: Section<T>, render: (data: T) => Html): Html {
  return res.ok ? render(res.data) : missingNote(backend, res.missing);
}

export const agentLink = (agentId: string): Html =>
  html`<a class="agent-link" href="/agents/${seg(agentId)}">${agentId}</a>`;

/** the strip saying which backends answer. */
export function backendsStrip(backends: BackendStatus[]): Html {
  return html`<div class="backends" id="backends">backends:
    ${backends.map((b) =>
      b.ok
        ? html`<span class="backend ok" data-backend="${b.name}" data-ok="true" title="${b.url}">${b.name} ✓</span>`
        : html`<span class="backend down" data-backend="${b.name}" data-ok="false" title="${b.url}: ${b.missing ?? ''}">${b.name}: missing (${b.missing ?? ''})</span>`,
    )}</div>`;
}

/** a horizontal bar of segments over [startMs, endMs], coloured by value. */
export function segmentBar(kind: string, segments: Segment[], startMs: number, endMs: number): Html {
  const span = Math.max(1, endMs - startMs);
  if (segments.length === 0) return html`<p class="empty">no data in the window</p>`;
  return html`<div class="segbar" data-kind="${kind}">${segments.map((s) => {
    const left = ((Math.max(s.fromMs, startMs) - startMs) / span) * 100;
    const width = Math.max(0.3, ((Math.min(s.toMs, endMs) - Math.max(s.fromMs, startMs)) / span) * 100);
    const title = `${s.value} ${clock(s.fromMs)}–${clock(s.toMs)}${s.reason ? ` (${s.reason})` : ''}`;
    return html`<div class="seg v-${s.value}" data-value="${s.value}" style="left:${left.toFixed(3)}%;width:${width.toFixed(3)}%" title="${title}"><span>${width > 6 ? s.value : ''}</span></div>`;
  })}</div>
  <div class="axis"><span>${clock(startMs)}</span><span>${clock(endMs)} UTC</span></div>`;
}

export function alertsTable(alerts: AlertView[]): Html {
  if (alerts.length === 0) return html`<p class="empty">no active alerts</p>`;
  return html`<table class="alerts"><thead><tr><th>alert</th><th>severity</th><th>agent</th><th>since</th><th>summary</th></tr></thead>
  <tbody>${alerts.map(
    (a) => html`<tr data-alert="${a.alertname}" data-agent="${a.agent_id ?? ''}"><td>${a.alertname}</td>
      <td class="sev-${a.severity ?? 'none'}">${a.severity ?? ''}</td>
      <td>${a.agent_id ? agentLink(a.agent_id) : html`<span class="muted">${a.labels.job ?? 'fleet'}</span>`}</td>
      <td>${clock(a.starts_at)}</td><td>${a.summary ?? ''}</td></tr>`,
  )}</tbody></table>`;
}

export function actionsTable(actions: ActionView[]): Html {
  if (actions.length === 0) return html`<p class="empty">no watchdog actions yet</p>`;
  return html`<table class="actions"><thead><tr><th>at</th><th>policy</th><th>agent</th><th>action</th><th>result</th></tr></thead>
  <tbody>${actions.map(
    (
      a,
    ) => html`<tr data-policy="${a.policy}" data-result="${a.result}"><td>${clock(a.at)}</td><td>${a.policy}</td>
      <td>${a.agent_id ? agentLink(a.agent_id) : ''}</td>
      <td>${a.action} ${a.target} (attempt ${a.attempt}, level ${a.level})</td>
      <td class="result-${a.result}">${a.result}${a.error ? `: ${a.error}` : ''}</td></tr>`,
  )}</tbody></table>`;
}

/** a confidence of 0..1 as a percentage and a small meter. */
export function confidence(value: number | undefined): Html {
  if (value === undefined) return html`<span class="muted">—</span>`;
  const pct = Math.round(value * 100);
  const level = value >= 0.7 ? 'high' : value >= 0.4 ? 'mid' : 'low';
  return html`<span class="confidence conf-${level}" data-confidence="${String(value)}"><span class="meter"><span style="width:${String(pct)}%"></span></span> ${String(pct)} %</span>`;
}

/** the agent's latest summary of itself (seed 004), or a note that it sent none. */
export function summaryCard(summary: SummaryView | null): Html {
  if (!summary)
    return html`<p class="empty">this agent has not sent a summary (heartbeat field <code>summary</code>)</p>`;
  return html`<dl class="facts summary-facts">
    <dt>current activity</dt><dd id="summary-activity">${summary.current_activity ?? '—'}</dd>
    <dt>confidence</dt><dd id="summary-confidence">${confidence(summary.confidence)}</dd>
    <dt>drift reasons</dt><dd id="summary-drift">${
      summary.drift_reasons?.length
        ? html`<ul class="drift-reasons">${summary.drift_reasons.map((r) => html`<li>${r}</li>`)}</ul>`
        : html`<span class="muted">none</span>`
    }</dd>
    <dt>recommended action</dt><dd id="summary-action">${summary.recommended_action ?? '—'}</dd>
    <dt>since</dt><dd>${clock(summary.at)} <span class="status-${summary.status}">(${summary.status})</span></dd>
  </dl>`;
}

/** the agent's recent summaries, newest first. */
export function summaryHistory(summaries: SummaryView[]): Html {
  if (summaries.length === 0) return html`<p class="empty">no summaries yet</p>`;
  return html`<table class="summaries"><thead><tr><th>since</th><th>on-track</th><th>activity</th><th>confidence</th><th>drift reasons</th><th>recommended action</th></tr></thead>
  <tbody>${summaries.map(
    (s) => html`<tr><td>${clock(s.at)}</td><td><span class="status-${s.status}">${s.status}</span></td>
      <td>${s.current_activity ?? ''}</td><td>${confidence(s.confidence)}</td>
      <td>${(s.drift_reasons ?? []).join('; ')}</td><td>${s.recommended_action ?? ''}</td></tr>`,
  )}</tbody></table>`;
}
