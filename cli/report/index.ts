import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collect, discoverAgents } from './collect';
import { evaluate } from './evaluate';
import { renderMarkdown } from './markdown';
import { type InstantQuery, prometheusQuery } from './prometheus';
import { buildSummary, type ReportSummary } from './summary';
import type { Thresholds } from './thresholds';
import type { ReportWindow } from './window';

export { BackendError } from './prometheus';
export { ConfigError, loadThresholds } from './thresholds';
export { parseDuration, parseTime } from './window';

/** a usage problem: what was asked for cannot be answered (no test agents, overlapping groups). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ReportOptions {
  window: ReportWindow;
  prometheusUrl: string;
  /** test agents; empty: every agent seen in the window that is not a control agent. */
  agents: string[];
  control: string[];
  thresholds: Thresholds;
  outDir: string;
  now?: Date;
  /** replaces the HTTP client (unit tests of the runner). */
  query?: InstantQuery;
}

export interface ReportResult {
  summary: ReportSummary;
  files: { summary: string; markdown: string };
}

/** queries Prometheus, evaluates the criteria and writes summary.json and report.md. */
export async function runReport(options: ReportOptions): Promise<ReportResult> {
  const { window } = options;
  const query = options.query ?? prometheusQuery(options.prometheusUrl, window.endS);
  const overlap = options.agents.filter((a) => options.control.includes(a));
  if (overlap.length > 0)
    throw new UsageError(`agents both in the test and the control group: ${overlap.join(', ')}`);
  let test = options.agents;
  if (test.length === 0) {
    test = (await discoverAgents(query, window.seconds)).filter((a) => !options.control.includes(a));
    if (test.length === 0) {
      throw new UsageError(
        `no test agents: none named with --agents, and no agent_up series in the ${window.label} window before ${new Date(window.endS * 1000).toISOString()}`,
      );
    }
  }
  const groups = { test, control: options.control };
  const { measurements, queries } = await collect(
    query,
    groups,
    window.seconds,
    options.thresholds.requestSpanKinds,
  );
  const evaluation = evaluate(measurements, groups, options.thresholds);
  const summary = buildSummary(
    evaluation,
    window,
    options.prometheusUrl,
    groups,
    queries,
    options.now ?? new Date(),
  );
  const dir = resolve(options.outDir);
  mkdirSync(dir, { recursive: true });
  const files = { summary: join(dir, 'summary.json'), markdown: join(dir, 'report.md') };
  writeFileSync(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(files.markdown, renderMarkdown(summary));
  return { summary, files };
}
