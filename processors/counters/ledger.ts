import type { CounterIncrement } from '../../protocol/counter-line';
import { type CardinalityGuard, type GuardResult, OVERFLOW_LABELS } from './cardinality';
import { SeriesCache } from './series-cache';

/** one exported series: its running total and whether prometheus has seen it at zero yet. */
export interface SeriesTotal {
  metric: string;
  labels: Record<string, string>;
  value: number;
  /** true once an export of this series at value 0 succeeded (see exporter.ts). */
  announced: boolean;
}

/** a series found by its line's name and tags, and what the guard did with them. */
export interface SeenSeries {
  readonly target: SeriesTotal;
  readonly result: GuardResult;
}

/** the part of the checkpoint the counters receiver owns. */
export interface LedgerState {
  /** start time of every cumulative sum, fixed at the first run (ms since epoch). */
  startTimeMs: number;
  series: SeriesTotal[];
}

/**
 * the identity of a series: JSON of the metric and its sorted label pairs. JSON escapes every
 * control character and quote, so no label value can imitate a separator and merge two sets.
 */
function seriesKey(metric: string, labels: Record<string, string>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]]);
  return JSON.stringify([metric, pairs]);
}

/**
 * Running totals per series. They are saved in the same checkpoint as the file offsets, so after
 * a crash the totals and the position they were counted up to come back together: re-read lines
 * are counted once, and a re-exported cumulative value is the same number, never a double count.
 */
export class Ledger {
  readonly startTimeMs: number;
  private readonly series = new Map<string, SeriesTotal>();
  private readonly perMetric = new Map<string, number>();
  /** a line's name and tags as written -> its series and guard result, so a known line skips the slow way. */
  private readonly cache = new SeriesCache<SeenSeries>();

  constructor(
    private readonly guard: CardinalityGuard,
    state?: LedgerState,
  ) {
    this.startTimeMs = state?.startTimeMs ?? Date.now();
    for (const s of state?.series ?? []) this.insert({ ...s, labels: { ...s.labels } });
  }

  private insert(s: SeriesTotal): SeriesTotal {
    this.series.set(seriesKey(s.metric, s.labels), s);
    this.perMetric.set(s.metric, (this.perMetric.get(s.metric) ?? 0) + 1);
    return s;
  }

  /**
   * adds one increment; returns what the cardinality guard did with it (the same object for
   * every increment of a label set: read it, do not change it). `raw`, the counter name and tags
   * as the line wrote them, lets `seen` find the series for the next line that writes them alike.
   */
  add(inc: CounterIncrement, raw?: { name: string; tags?: unknown }): GuardResult {
    const result = this.addJournaled(inc);
    // the guard's answer for a label set only changes when a series is taken back (cleared there)
    const target = raw && this.series.get(seriesKey(inc.metric, result.labels));
    if (target) this.cache.set(raw.name, raw.tags, { target, result });
    return result;
  }

  /**
   * the series a line with counter `name` and `tags` (as written) was added to before, if any:
   * such a line is valid and counts there (see series-cache.ts). Add its value with `addSeen`.
   */
  seen(name: string, tags: unknown): SeenSeries | undefined {
    return this.cache.get(name, tags);
  }

  /** adds `value` to a series `seen` found; returns what the guard did with its label set. */
  addSeen(seen: SeenSeries, value: number): GuardResult {
    seen.target.value += value;
    return seen.result;
  }

  /**
   * adds increments all together, then runs `commit`; if it throws, every total is put back as
   * it was (series created on the way are removed) and the error is rethrown. All of it is
   * synchronous, so nothing else can add to the ledger in between.
   */
  addAll(incs: CounterIncrement[], commit: () => void): GuardResult[] {
    const journal = new Map<string, number | undefined>();
    try {
      const results = incs.map((inc) => this.addJournaled(inc, journal));
      commit();
      return results;
    } catch (err) {
      this.cache.clear();
      for (const [key, before] of journal) {
        const s = this.series.get(key);
        if (!s) continue;
        if (before !== undefined) {
          s.value = before;
          continue;
        }
        this.series.delete(key);
        this.perMetric.set(s.metric, (this.perMetric.get(s.metric) ?? 1) - 1);
      }
      throw err;
    }
  }

  /** `journal` gets each touched series' value before its first change (undefined: created). */
  private addJournaled(inc: CounterIncrement, journal?: Map<string, number | undefined>): GuardResult {
    const { labels, dropped } = this.guard.filter(inc.labels);
    let key = seriesKey(inc.metric, labels);
    let overflow = false;
    if (!this.series.has(key) && !this.guard.admits(this.perMetric.get(inc.metric) ?? 0)) {
      overflow = true;
      key = seriesKey(inc.metric, OVERFLOW_LABELS);
    }
    let target = this.series.get(key);
    if (journal && !journal.has(key)) journal.set(key, target?.value);
    target ??= this.insert({
      metric: inc.metric,
      labels: overflow ? { ...OVERFLOW_LABELS } : labels,
      value: 0,
      announced: false,
    });
    target.value += inc.value;
    return { labels: target.labels, dropped, overflow };
  }

  /** marks series as seen at zero by prometheus. */
  announce(keys: string[]): void {
    for (const key of keys) {
      const s = this.series.get(key);
      if (s) s.announced = true;
    }
  }

  /** a deep copy, for the checkpoint and for export. */
  state(): LedgerState {
    return {
      startTimeMs: this.startTimeMs,
      series: [...this.series.values()].map((s) => ({ ...s, labels: { ...s.labels } })),
    };
  }

  get size(): number {
    return this.series.size;
  }
}

export { seriesKey };
