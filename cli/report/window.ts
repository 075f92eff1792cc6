// the report window: a Prometheus-style duration (`24h`, `90m`, `1d12h`) ending at a time.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** seconds in a duration like `24h` or `1d12h`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^(?:\d+[wdhms])+$/.exec(text.trim());
  if (!m) return undefined;
  let total = 0;
  for (const [, n, unit] of text.trim().matchAll(/(\d+)([wdhms])/g)) total += Number(n) * UNIT_SECONDS[unit];
  return total > 0 ? total : undefined;
}

/** an end time: RFC 3339, or unix seconds; undefined when it is neither. */
export function parseTime(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(text) ? undefined : ms / 1000;
}

export interface ReportWindow {
  /** as given, e.g. `24h`. */
  label: string;
  seconds: number;
  /** unix seconds */
  endS: number;
}

export function startOf(w: ReportWindow): number {
  return w.endS - w.seconds;
}
