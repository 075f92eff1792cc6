import type { TracePageData } from '../data';
import { agentLink, backendsStrip, section } from './common';
import { type Html, html } from './html';
import { runHeading, waterfallTable } from './waterfall';

/** one trace: its agents and every span as a waterfall row with its attributes. */
export function traceFragment(d: TracePageData): Html {
  return html`<h2>Trace <code>${d.trace_id}</code></h2>
  ${backendsStrip(d.backends)}
  <p>agents: ${d.agents.length === 0 ? 'none recorded' : d.agents.map((a) => html`${a.known ? agentLink(a.agent_id) : a.agent_id} `)}</p>
  <div id="trace">${section('jaeger', d.waterfall, (w) => html`<div class="run">${runHeading(w)}${waterfallTable(w, true)}</div>`)}</div>`;
}
