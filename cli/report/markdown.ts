import { bytes, cores, formatValue, ms, percent } from './format';
import type { ReportSummary } from './summary';
import type { Figures, Status } from './types';

// the human half of the report: decision first, then criteria, agents, test versus control,
// and the queries behind every figure.

const ICON: Record<Status, string> = { PASS: 'PASS', FAIL: 'FAIL', 'NO DATA': 'NO DATA' };

const opt = (v: number | null, f: (n: number) => string) => (v === null ? 'no data' : f(v));

// a cell must not break the table: pipes and newlines in an agent id are escaped
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function figureCells(f: Figures): string[] {
  return [
    opt(f.uptime, percent),
    opt(f.error_rate, percent),
    opt(f.delivery, percent),
    opt(f.latency_p50_ms, ms),
    opt(f.latency_p99_ms, ms),
    opt(f.restarts, String),
    opt(f.cpu_cores, cores),
    opt(f.memory_mean_bytes, bytes),
    opt(f.memory_peak_bytes, bytes),
  ];
}

const FIGURE_HEADER =
  '| uptime | error rate | delivery | p50 | p99 | restarts | CPU | memory (mean) | memory (peak) |';

export function renderMarkdown(s: ReportSummary): string {
  const out: string[] = [];
  out.push(`# Checkpoint report: ${s.decision}`, '');
  out.push(
    `Window ${s.window.label}: ${s.window.start} to ${s.window.end}. Prometheus ${s.prometheus}.`,
    `Test agents: ${s.groups.test.map(cell).join(', ') || 'none'}. Control agents: ${s.groups.control.map(cell).join(', ') || 'none'}.`,
    '',
  );
  out.push(`**Decision: ${s.decision}**`, '');
  if (s.reasons.length > 0) {
    out.push('Blocking:', '', ...s.reasons.map((r) => `- ${cell(r)}`), '');
  }
  out.push('## Success criteria', '');
  out.push('| criterion | target | value | status | counts toward GO |', '| --- | --- | --- | --- | --- |');
  for (const c of s.criteria) {
    const value = c.worst_agent
      ? `${formatValue(c.id, c.value)} (${cell(c.worst_agent)})`
      : formatValue(c.id, c.value);
    const counts = !c.required ? 'no (informational)' : c.allow_no_data ? 'yes (no data allowed)' : 'yes';
    out.push(
      `| ${c.title} | ${c.comparison} ${formatValue(c.id, c.threshold)} | ${value} | ${ICON[c.status]} | ${counts} |`,
    );
  }
  out.push(
    '',
    'For a criterion over the agents, every test agent must pass; the value shown is the worst agent.',
    '',
  );
  out.push('## Agents', '');
  out.push(`| agent | group ${FIGURE_HEADER}`, `| --- | --- ${'| --- '.repeat(9)}|`);
  for (const [id, a] of Object.entries(s.agents)) {
    out.push(`| ${cell(id)} | ${a.group} | ${figureCells(a.figures).join(' | ')} |`);
  }
  out.push('', '## Test versus control', '');
  out.push(`| group ${FIGURE_HEADER}`, `| --- ${'| --- '.repeat(9)}|`);
  out.push(`| test | ${figureCells(s.group_figures.test).join(' | ')} |`);
  out.push(`| control | ${figureCells(s.group_figures.control).join(' | ')} |`);
  const rel = s.comparison
    .filter((r) => r.relative !== null)
    .map((r) => `${r.metric} ${r.relative! >= 0 ? '+' : ''}${percent(r.relative!)}`);
  out.push(
    '',
    `Test relative to control: ${rel.length > 0 ? rel.join(', ') : 'no figure in both groups'}.`,
    '',
  );
  out.push(
    'Group ratios pool the counts of the group (all samples, all requests, all messages); latency is the',
    "quantile of the group's summed histogram; CPU and memory are the mean of the agents'.",
    '',
  );
  out.push('## Queries', '', `Evaluated at ${s.window.end} (unix ${s.window.end_unix}).`, '');
  for (const [name, promql] of Object.entries(s.queries)) out.push(`- \`${name}\`: \`${promql}\``);
  out.push('');
  return out.join('\n');
}
