import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { basename, dirname } from 'node:path';
import type { Meter } from '@opentelemetry/api';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { createHttpApp, errorHandler, listen, listenerOptions } from '../shared/http-server';
import type { ServiceLogger } from '../shared/logger';
import { PollLoop } from '../shared/poll-loop';
import { type CheckpointDocument, CheckpointStore } from '../tail/checkpoint';
import { IngestionLag } from '../tail/ingestion-lag';
import { ReceiverStats, RejectionLog, reportRefusedFiles } from '../tail/receiver-stats';
import { TailReader } from '../tail/tail-reader';
import type { FilePosition } from '../tail/types';
import type { LogsConfig } from './config';
import { LogExporterPool, QUEUE_SIZE } from './exporter';
import { MultilineAssembler, type PendingRecord } from './multiline';
import { parseLogLine } from './parser';

export interface LogsReceiverDeps {
  logger: ServiceLogger;
  meter?: Meter;
  /** replaces the OTLP exporter (tests). */
  exporter?: LogRecordExporter;
}

interface LogsState {
  pending: PendingRecord[];
}

// lines read per poll at most, and records waiting for export before reading pauses: together
// they stay well below one export queue (QUEUE_SIZE), so no record is ever dropped there.
const LINES_PER_POLL = 8192;
const MAX_PENDING = QUEUE_SIZE / 4;
const BACKPRESSURE_WAIT_MS = 20;

/**
 * agent log files -> tail reader -> multiline assembler -> parser -> exporter (one resource per agent).
 * Positions are checkpointed only after the records read before them were exported; when an
 * export failed the reader rewinds to the last checkpoint, so a collector outage loses nothing
 * (lines may then be sent twice: logs are at least once, counters are exact).
 */
export class LogsReceiver {
  readonly stats: ReceiverStats;
  /** time from a record's own time (its first line's) to the flush that confirmed its export. */
  readonly lag: IngestionLag;
  private readonly reader: TailReader;
  private readonly store: CheckpointStore<LogsState>;
  private readonly rejections: RejectionLog;
  private readonly pool: LogExporterPool;
  private readonly assembler: MultilineAssembler;
  private committed?: { files: FilePosition[]; state: LogsState };
  private failuresAtCommit = 0;
  private poller?: PollLoop;
  private flushTimer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private server?: Server;
  private stopping?: Promise<void>;

  constructor(
    private readonly config: LogsConfig,
    private readonly deps: LogsReceiverDeps,
  ) {
    this.stats = new ReceiverStats(deps.meter, 'agent_otel.logs');
    this.lag = new IngestionLag(deps.meter, 'agent_otel.logs');
    this.rejections = new RejectionLog(deps.logger);
    this.reader = new TailReader({
      include: config.include,
      exclude: config.exclude,
      startAt: config.start_at,
      maxLineBytes: config.max_line_bytes,
      partialLineTimeoutMs: config.partial_line_timeout_ms,
      maxLinesPerPoll: LINES_PER_POLL,
      rotatedSuffixes: config.rotated_suffixes,
      maxTrackedFiles: config.max_tracked_files,
    });
    this.store = new CheckpointStore(config.checkpoint);
    this.pool = new LogExporterPool({
      resource: config.resource,
      url: config.otlp_logs_url,
      exporter: deps.exporter,
    });
    const { start, timeout_ms, max_lines } = config.multiline;
    this.assembler = new MultilineAssembler(
      { start, timeoutMs: timeout_ms, maxLines: max_lines },
      (record) => {
        const parsed = parseLogLine(record.text, this.config.format);
        if (parsed.timeMs === undefined) this.lag.untimedLine('missing_timestamp');
        else this.lag.line(parsed.timeMs);
        this.pool.emit(parsed, record.captures, {
          'log.file.path': record.path,
          'log.file.name': basename(record.path),
          'log.file.line': record.lineNo,
        });
        this.stats.accepted++;
      },
    );
  }

  async start(): Promise<void> {
    mkdirSync(dirname(this.config.checkpoint), { recursive: true });
    const doc: CheckpointDocument<LogsState> | undefined = this.store.load();
    if (doc) {
      this.reader.restore(doc.files);
      this.assembler.restore(doc.state.pending ?? []);
      this.committed = { files: doc.files, state: doc.state };
    }
    if (!doc && this.config.start_at === 'end') this.commitStartingPoint();
    this.deps.logger.info('log receiver started', {
      include: this.config.include,
      resumedFiles: doc?.files.length ?? 0,
    });
    // listen before any timer starts: a listener that cannot start leaves nothing running.
    if (this.config.http.enabled) {
      const options = listenerOptions(this.config.http);
      const app = createHttpApp(options, {
        listener: 'logs',
        health: () => ({ ...this.stats.snapshot(), untimedLines: this.lag.untimed }),
        meter: this.deps.meter,
      });
      app.use(errorHandler());
      this.server = await listen(app, options);
    }
    // the service's main loop: these timers keep the process alive on purpose.
    this.poller = new PollLoop({
      intervalMs: this.config.poll_interval_ms,
      maxIdleIntervalMs: this.config.poll_idle_max_ms,
      poll: () => {
        // backpressure: while the exporter is behind, read nothing more (the lines wait in their
        // files), or a queue would overflow and drop records that the checkpoint then skips.
        if (this.pool.pending > MAX_PENDING) {
          this.stats.readPauses++;
          return { more: false, waitMs: BACKPRESSURE_WAIT_MS };
        }
        const read = this.stats.linesRead;
        // at once while complete lines wait; a trailing partial line waits like an idle poll
        const more = this.pollOnce();
        return { more, idle: this.stats.linesRead === read };
      },
    });
    this.poller.start();
    this.flushTimer = setInterval(() => void this.flush(), this.config.flush_interval_ms);
  }

  /**
   * a first start at the end of existing files: the first poll only finds where they end (it
   * reads no line), and that is checkpointed at once, so a failed first export rewinds to it
   * rather than to no checkpoint, which would replay every file from its beginning.
   */
  private commitStartingPoint(): void {
    this.pollOnce();
    const files = this.reader.snapshot();
    const state = { pending: this.assembler.snapshot() };
    this.store.save(files, state);
    this.committed = { files, state };
  }

  get address(): string | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? `http://${a.address}:${a.port}` : undefined;
  }

  /** reads what is new; true when complete lines are still waiting (read or line budget). */
  pollOnce(): boolean {
    let read = 0;
    const now = Date.now();
    this.lag.startRead(now);
    const result = this.reader.poll(
      (line) => {
        read++;
        // invalid UTF-8 is replaced, never fatal: a log line is worth keeping even if mangled.
        const text = line.text();
        this.assembler.add(
          { fileId: line.fileId, path: line.path, lineNo: line.lineNo, text, captures: line.captures },
          now,
        );
      },
      (r) => {
        this.stats.reject(r.reason);
        this.rejections.log(
          `rejected log line ${r.path}:${r.lineNo}: ${r.size} bytes, over the ${this.config.max_line_bytes} byte limit`,
          {
            file: r.path,
            line: r.lineNo,
            reason: r.reason,
          },
        );
      },
    );
    this.assembler.flush(now);
    this.stats.read(read);
    this.stats.lagBytes = result.lagBytes;
    reportRefusedFiles(this.stats, this.deps.logger, result.refusedFiles, this.config.max_tracked_files);
    return result.pending;
  }

  /** exports what was read, then checkpoints the positions it was read up to. */
  flush(force = false): Promise<void> {
    this.flushing ??= this.flushAndCommit(force).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushAndCommit(force: boolean): Promise<void> {
    this.assembler.flush(Date.now(), force);
    const snapshot = { files: this.reader.snapshot(), state: { pending: this.assembler.snapshot() } };
    // the records emitted so far: this flush confirms their export (or rewinds to read them again)
    const delivered = this.lag.take();
    await this.pool.forceFlush();
    if (this.pool.failures > this.failuresAtCommit) {
      // everything since the last checkpoint is read again, and its lag taken then
      this.lag.discard();
      this.failuresAtCommit = this.pool.failures;
      this.stats.exportFailed();
      this.deps.logger.warn('log export failed; re-reading from the last checkpoint');
      this.reader.restore(this.committed?.files ?? []);
      this.assembler.restore(this.committed?.state.pending ?? []);
      return;
    }
    this.lag.exported(delivered, Date.now());
    try {
      this.store.save(snapshot.files, snapshot.state);
      this.committed = snapshot;
    } catch (err) {
      this.deps.logger.error(`cannot write checkpoint ${this.config.checkpoint}: ${(err as Error).message}`);
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.poller?.stop();
      clearInterval(this.flushTimer);
      await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
      await this.flushing;
      this.pollOnce();
      await this.flush(true);
      this.rejections.flush();
      await this.pool.shutdown();
    })();
    return this.stopping;
  }
}
