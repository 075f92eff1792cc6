import { OVERFLOW_LABEL } from '../../protocol/counter-naming';

export { OVERFLOW_LABEL };

/** label set of the series that takes every increment over the cap. */
export const OVERFLOW_LABELS: Readonly<Record<string, string>> = { [OVERFLOW_LABEL]: 'true' };

export interface CardinalityOptions {
  /** most distinct series per metric; more are folded into the overflow series. Default: 1000. */
  maxSeriesPerMetric?: number;
  /** when set, only these tag keys (label names, snake_case) are kept. Default: all. */
  allowKeys?: string[];
  /** tag keys (label names) always dropped. Default: none. */
  denyKeys?: string[];
}

export const DEFAULT_MAX_SERIES_PER_METRIC = 1000;

/** what the guard did to one increment. */
export interface GuardResult {
  labels: Record<string, string>;
  /** label names removed by the allow/deny lists. */
  dropped: string[];
  /** true when the increment went to the overflow series. */
  overflow: boolean;
}

/**
 * Caps series per metric and filters tag keys. It only decides; the ledger counts series,
 * so the cap survives restarts with the totals.
 */
export class CardinalityGuard {
  private readonly max: number;
  private readonly allow?: Set<string>;
  private readonly deny: Set<string>;

  constructor(options: CardinalityOptions = {}) {
    this.max = options.maxSeriesPerMetric ?? DEFAULT_MAX_SERIES_PER_METRIC;
    this.allow = options.allowKeys ? new Set(options.allowKeys) : undefined;
    this.deny = new Set(options.denyKeys ?? []);
  }

  filter(labels: Record<string, string>): { labels: Record<string, string>; dropped: string[] } {
    // without lists every key is kept: the labels themselves, no copy
    if (!this.allow && this.deny.size === 0) return { labels, dropped: [] };
    const kept: Record<string, string> = {};
    const dropped: string[] = [];
    for (const [k, v] of Object.entries(labels)) {
      if (this.deny.has(k) || (this.allow && !this.allow.has(k))) dropped.push(k);
      else kept[k] = v;
    }
    return { labels: kept, dropped };
  }

  /** whether a new series may be created when the metric already has `seriesCount`. */
  admits(seriesCount: number): boolean {
    return seriesCount < this.max;
  }
}
