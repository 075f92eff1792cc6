import type { Waterfall, WaterfallRow } from '../waterfall';
import { clock, duration, type Html, html, seg } from './html';

function rowLabel(r: WaterfallRow): string {
  const l = r.labels;
  if (r.role === 'phase') return `${l['task.id'] ?? ''} · ${l['task.phase'] ?? ''}`;
  if (r.role === 'invoke_agent')
    return `agent ${l['gen_ai.agent.name'] ?? ''}${l['gen_ai.request.model'] ? ` (${l['gen_ai.request.model']})` : ''}`;
  if (r.role === 'execute_tool') return `tool ${l['gen_ai.tool.name'] ?? ''}`;
  return '';
}

/** one trace as rows: name indented by depth, a bar at its offset, its duration; errors in red. */
export function waterfallTable(w: Waterfall, detail = false): Html {
  const total = Math.max(w.durationMs, 0.001);
  return html`<table class="waterfall" data-trace-id="${w.traceId}">
    <tbody>${w.rows.map((r) => {
      const left = (r.offsetMs / total) * 100;
      const width = Math.max(0.4, (r.durationMs / total) * 100);
      const extra = rowLabel(r);
      return html`<tr class="wf-row role-${r.role}${r.error ? ' error' : ''}" data-role="${r.role}" data-error="${String(r.error)}" data-span-id="${r.spanId}">
        <td class="wf-name" style="padding-left:${(0.4 + r.depth * 1.1).toFixed(1)}rem" title="${r.service}">${r.name}${extra ? html` <span class="muted">${extra}</span>` : ''}${r.error && r.errorText ? html` <span class="err">${r.errorText}</span>` : ''}</td>
        <td class="wf-track"><div class="wf-bar" style="left:${Math.min(left, 99.6).toFixed(3)}%;width:${Math.min(width, 100 - Math.min(left, 99.6)).toFixed(3)}%"></div></td>
        <td class="wf-dur">${duration(r.durationMs)}</td></tr>${
          detail
            ? html`<tr class="wf-attrs"><td colspan="3" style="padding-left:${(1.4 + r.depth * 1.1).toFixed(1)}rem">${Object.entries(r.labels).map(([k, v]) => html`<code>${k}=${v}</code> `)}<span class="muted">${r.service} · +${duration(r.offsetMs)}</span></td></tr>`
            : ''
        }`;
    })}</tbody></table>
  ${w.cut > 0 ? html`<p class="muted">${String(w.cut)} more spans not shown (console.max_spans)</p>` : ''}`;
}

/** a run's heading: its task and phase, when, how long, whether it failed; links to the trace page. */
export function runHeading(w: Waterfall): Html {
  return html`<div class="run-head${w.error ? ' error' : ''}">
    <a href="/traces/${seg(w.traceId)}">${w.taskId ? `${w.taskId} · ${w.phase ?? ''}` : (w.rows[0]?.name ?? w.traceId)}</a>
    <span class="muted">${clock(w.startMs)} UTC · ${duration(w.durationMs)} · ${String(w.spanCount)} spans</span>
    ${w.error ? html`<span class="badge err">error</span>` : html`<span class="badge ok">ok</span>`}</div>`;
}
