import { type AnomalySignal, type Offender, SIGNALS } from '../offenders';
import { agentLink } from './common';
import { type Html, html } from './html';

const WHAT: Record<AnomalySignal, string> = {
  slowdown: 'slower (p95)',
  loop: 'tool calls per task',
  errors: 'error share',
};

function cell(o: Offender, signal: AnomalySignal): Html {
  const s = o.signals[signal];
  if (s === undefined) return html`<td class="muted">–</td>`;
  const about = s.subject ? ` ${s.subject}` : '';
  const hot = o.worst === signal ? ' worst' : '';
  return html`<td class="offender-signal${hot}" data-signal="${signal}" data-ratio="${s.ratio.toFixed(2)}">${s.ratio.toFixed(1)}×${about}</td>`;
}

/** the fleet's top offenders: each agent's deviation from its own baseline, worst first. */
export function offendersTable(offenders: Offender[]): Html {
  if (offenders.length === 0)
    return html`<p class="empty">no agent has enough traffic and a baseline to compare with yet</p>`;
  return html`<table class="offenders"><thead><tr><th>agent</th><th>score</th>
    ${SIGNALS.map((s) => html`<th>${WHAT[s]}</th>`)}</tr></thead>
  <tbody>${offenders.map(
    (
      o,
    ) => html`<tr data-agent-id="${o.agent_id}" data-worst="${o.worst}" class="${o.score >= 1 ? 'over' : ''}">
      <td>${agentLink(o.agent_id)}</td><td title="worst ratio over its alert threshold">${o.score.toFixed(2)}</td>
      ${SIGNALS.map((s) => cell(o, s))}</tr>`,
  )}</tbody></table>`;
}
