import type { FaultSpec } from './faults';

/** what a game day saw of one fault, as unix milliseconds. */
export interface FaultOutcome {
  fault: FaultSpec;
  agentId: string;
  injectedMs?: number;
  detectedMs?: number;
  routedMs?: number;
  remediatedMs?: number;
  /** remediation actions the watchdog ran for this fault (once is expected). */
  remediations: number;
  /** why the fault is not fully seen, when it is not. */
  problem?: string;
}

/** a fault is seen when its alert fired, Alertmanager routed it and the watchdog remediated once. */
export function isSeen(o: FaultOutcome): boolean {
  return (
    o.problem === undefined &&
    o.detectedMs !== undefined &&
    o.routedMs !== undefined &&
    o.remediatedMs !== undefined &&
    o.remediations === 1
  );
}

/** the reason a fault counts as unseen, in a sentence. */
export function unseenReason(o: FaultOutcome): string | undefined {
  if (isSeen(o)) return undefined;
  if (o.problem) return o.problem;
  if (o.injectedMs === undefined) return 'never injected';
  if (o.detectedMs === undefined) return `${o.fault.alertname} never fired for ${o.agentId}`;
  if (o.routedMs === undefined) return `${o.fault.alertname} fired but Alertmanager never showed it`;
  if (o.remediatedMs === undefined) return 'the watchdog never remediated it';
  return `the watchdog remediated it ${o.remediations} times, not once`;
}

const secs = (from: number | undefined, to: number | undefined): string =>
  from === undefined || to === undefined ? '–' : `${((to - from) / 1000).toFixed(1)} s`;

/** the timeline table: one row per fault, times from its injection. */
export function formatTimeline(outcomes: FaultOutcome[], startMs: number): string {
  const header = ['fault', 'agent', 'alert', 'injected', 'detect', 'route', 'remediate', 'result'];
  const rows = outcomes.map((o) => [
    o.fault.name,
    o.agentId,
    o.fault.alertname,
    o.injectedMs === undefined ? '–' : `+${((o.injectedMs - startMs) / 1000).toFixed(0)} s`,
    secs(o.injectedMs, o.detectedMs),
    secs(o.injectedMs, o.routedMs),
    secs(o.injectedMs, o.remediatedMs),
    isSeen(o) ? 'seen' : `UNSEEN: ${unseenReason(o)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** the closing sentence and exit code: non-zero when any fault went unseen. */
export function verdict(outcomes: FaultOutcome[]): { code: number; message: string } {
  const unseen = outcomes.filter((o) => !isSeen(o));
  if (unseen.length === 0)
    return { code: 0, message: `all ${outcomes.length} faults detected, routed and remediated once` };
  return {
    code: 1,
    message: `${unseen.length} of ${outcomes.length} faults went unseen: ${unseen
      .map((o) => `${o.fault.name} (${unseenReason(o)})`)
      .join('; ')}`,
  };
}
