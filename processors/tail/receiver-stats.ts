import type { Counter, Meter } from '@opentelemetry/api';
import type { ServiceLogger } from '../shared/logger';

/** a receiver's own numbers (counters and log receiver alike), exported as metrics and shown on /healthz. */
export class ReceiverStats {
  linesRead = 0;
  accepted = 0;
  overflow = 0;
  droppedTagKeys = 0;
  exportFailures = 0;
  /** polls left out because the export was behind (reading waits instead of queueing more). */
  readPauses = 0;
  lagBytes = 0;
  series = 0;
  readonly rejected: Record<string, number> = {};
  /** files not followed, by reason (`too_many_files`: over maxTrackedFiles). */
  readonly refusedFiles: Record<string, number> = {};
  private readonly refusedFilesCounter?: Counter;
  private readonly rejectedCounter?: Counter;
  private readonly readCounter?: Counter;
  private readonly overflowCounter?: Counter;
  private readonly droppedCounter?: Counter;
  private readonly exportFailureCounter?: Counter;

  constructor(meter?: Meter, prefix = 'agent_otel.counters') {
    if (!meter) return;
    this.readCounter = meter.createCounter(`${prefix}.lines_read`, { description: 'lines read from files' });
    this.rejectedCounter = meter.createCounter(`${prefix}.rejected_lines`, {
      description: 'lines and HTTP counters rejected, by reason',
    });
    this.overflowCounter = meter.createCounter(`${prefix}.overflow_increments`, {
      description: 'increments folded into the overflow series by the cardinality guard',
    });
    this.droppedCounter = meter.createCounter(`${prefix}.dropped_tag_keys`, {
      description: 'tag keys removed by the allow/deny lists',
    });
    this.refusedFilesCounter = meter.createCounter(`${prefix}.refused_files`, {
      description: 'matching files not followed, by reason',
    });
    this.exportFailureCounter = meter.createCounter(`${prefix}.export_failures`, {
      description: 'failed OTLP exports (retried with the same cumulative totals)',
    });
    meter
      .createObservableGauge(`${prefix}.lag_bytes`, { description: 'bytes in followed files not read yet' })
      .addCallback((r) => r.observe(this.lagBytes));
    meter
      .createObservableGauge(`${prefix}.series`, { description: 'series tracked' })
      .addCallback((r) => r.observe(this.series));
  }

  read(n: number): void {
    this.linesRead += n;
    if (n > 0) this.readCounter?.add(n);
  }

  reject(reason: string): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
    this.rejectedCounter?.add(1, { reason });
  }

  refuseFiles(reason: string, n: number): void {
    if (n === 0) return;
    this.refusedFiles[reason] = (this.refusedFiles[reason] ?? 0) + n;
    this.refusedFilesCounter?.add(n, { reason });
  }

  folded(metric: string): void {
    this.overflow++;
    this.overflowCounter?.add(1, { metric });
  }

  dropped(n: number): void {
    this.droppedTagKeys += n;
    this.droppedCounter?.add(n);
  }

  exportFailed(): void {
    this.exportFailures++;
    this.exportFailureCounter?.add(1);
  }

  snapshot(): object {
    const {
      rejectedCounter,
      readCounter,
      overflowCounter,
      droppedCounter,
      exportFailureCounter,
      refusedFilesCounter,
      ...plain
    } = this;
    return plain;
  }
}

/** counts and logs the files a poll refused because more match than can be tracked. */
export function reportRefusedFiles(
  stats: ReceiverStats,
  logger: ServiceLogger,
  paths: string[],
  maxTrackedFiles: number,
): void {
  if (paths.length === 0) return;
  stats.refuseFiles('too_many_files', paths.length);
  logger.warn(
    `not following ${paths.length} new files: already tracking max_tracked_files (${maxTrackedFiles}); ` +
      'they are taken once tracked files are gone',
    { files: paths.slice(0, 10), reason: 'too_many_files' },
  );
}

/**
 * Logs each rejected line with its file and line number, at most `perInterval` per interval;
 * the rest are counted and reported once with a count, so a hostile file cannot flood the log.
 */
export class RejectionLog {
  private logged = 0;
  private suppressed = 0;
  private windowStart = Date.now();

  constructor(
    private readonly logger: ServiceLogger,
    private readonly perInterval = 20,
    private readonly intervalMs = 10_000,
  ) {}

  log(message: string, fields: Record<string, unknown>): void {
    const now = Date.now();
    if (now - this.windowStart >= this.intervalMs) this.flush(now);
    if (this.logged < this.perInterval) {
      this.logged++;
      this.logger.warn(message, fields);
    } else {
      this.suppressed++;
    }
  }

  flush(now = Date.now()): void {
    if (this.suppressed > 0) {
      this.logger.warn(`${this.suppressed} more rejected lines not logged individually`, {
        suppressed: this.suppressed,
      });
    }
    this.logged = 0;
    this.suppressed = 0;
    this.windowStart = now;
  }
}
