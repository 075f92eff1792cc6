import type { Counter, Histogram, Meter } from '@opentelemetry/api';

/** bucket bounds of the ingestion lag histogram, in seconds: sub-second to an hour behind. */
export const INGESTION_LAG_BUCKETS_S = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];

/** why a line has no ingestion lag: it carries no time, or one after it was exported. */
export type UntimedReason = 'missing_timestamp' | 'future_timestamp';

/** write times (ms since epoch, rounded down) -> lines written then. */
type WriteTimes = Map<number, number>;

/**
 * Ingestion lag: from the time a line says it was written to the export that delivered it.
 * Lines are only known to be delivered when an export succeeds, so their write times wait here:
 * `line()` as they are read, `take()` when the state holding them is exported, `exported()` when
 * that export succeeded (each line is then recorded once), `putBack()` when it failed.
 *
 * write times are kept per rounded time, not per line, so memory stays bounded by how many
 * distinct moments a backlog spans: to 10 ms for lines under 10 s old when read, to the second
 * under 10 min, to the minute beyond (a line an hour behind needs no finer lag than that).
 * Lines without a time, or with one later than their export, are counted apart by reason; they
 * are counted as usual all the same.
 */
export class IngestionLag {
  readonly untimed: Record<UntimedReason, number> = { missing_timestamp: 0, future_timestamp: 0 };
  /** lines recorded in the histogram so far. */
  recorded = 0;
  private readonly histogram?: Histogram;
  private readonly untimedCounter?: Counter;
  private reading: WriteTimes = new Map();
  private readonly retry: WriteTimes = new Map();
  /** the run of lines with the same rounded time, added to `reading` when the time changes. */
  private runKey = Number.NaN;
  private runCount = 0;
  private readAt = 0;

  constructor(meter: Meter | undefined, prefix: string) {
    this.histogram = meter?.createHistogram(`${prefix}.ingestion_lag`, {
      unit: 's',
      description: 'time from a line being written (its own timestamp) to the export that delivered it',
      advice: { explicitBucketBoundaries: INGESTION_LAG_BUCKETS_S },
    });
    this.untimedCounter = meter?.createCounter(`${prefix}.untimed_lines`, {
      description: 'lines delivered without an ingestion lag, by reason (no timestamp, or one in the future)',
    });
  }

  /** the time the next lines are read at: one clock read per poll, not per line. */
  startRead(now: number): void {
    this.readAt = now;
  }

  /** a line written at `timeMs` was read. */
  line(timeMs: number): void {
    const age = this.readAt - timeMs;
    const step = age < 10_000 ? 10 : age < 600_000 ? 1000 : 60_000;
    const key = timeMs - (((timeMs % step) + step) % step);
    if (key === this.runKey) {
      this.runCount++;
      return;
    }
    this.endRun();
    this.runKey = key;
    this.runCount = 1;
  }

  /** a line without a usable time was read. */
  untimedLine(reason: UntimedReason): void {
    this.untimed[reason]++;
    this.untimedCounter?.add(1, { reason });
  }

  /** the write times read so far (and any an earlier failed export left), for the export about to run. */
  take(): WriteTimes {
    this.endRun();
    const taken = this.reading;
    for (const [key, n] of this.retry) taken.set(key, (taken.get(key) ?? 0) + n);
    this.retry.clear();
    this.reading = new Map();
    return taken;
  }

  /** the export holding `taken` failed: its lines go with the next one. */
  putBack(taken: WriteTimes): void {
    for (const [key, n] of taken) this.retry.set(key, (this.retry.get(key) ?? 0) + n);
  }

  /** forgets everything not exported yet (the receiver rewinds and reads those lines again). */
  discard(): void {
    this.runKey = Number.NaN;
    this.runCount = 0;
    this.reading.clear();
    this.retry.clear();
  }

  /** the export holding `taken` succeeded at `now`: each of its lines is recorded once. */
  exported(taken: WriteTimes, now: number): void {
    for (const [key, n] of taken) {
      const lagS = (now - key) / 1000;
      if (lagS < 0) {
        this.untimed.future_timestamp += n;
        this.untimedCounter?.add(n, { reason: 'future_timestamp' });
        continue;
      }
      // the metrics API has no weighted record; one call per line (tens of ns) at export time
      if (this.histogram) for (let i = 0; i < n; i++) this.histogram.record(lagS);
      this.recorded += n;
    }
  }

  private endRun(): void {
    if (this.runCount === 0) return;
    this.reading.set(this.runKey, (this.reading.get(this.runKey) ?? 0) + this.runCount);
    this.runKey = Number.NaN;
    this.runCount = 0;
  }
}
