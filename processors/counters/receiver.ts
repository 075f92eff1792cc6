import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { Meter } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import {
  type CounterIncrement,
  type CounterLine,
  CounterLineError,
  counterTimeMs,
  counterValue,
  type ParserOptions,
  parseCounterJson,
  parseCounterObject,
} from '../../protocol/counter-line';
import { listenerOptions } from '../shared/http-server';
import type { ServiceLogger } from '../shared/logger';
import { PollLoop } from '../shared/poll-loop';
import { CheckpointStore } from '../tail/checkpoint';
import { IngestionLag } from '../tail/ingestion-lag';
import { ReceiverStats, RejectionLog, reportRefusedFiles } from '../tail/receiver-stats';
import { TailReader } from '../tail/tail-reader';
import type { TailLine, TailRejection } from '../tail/types';
import { CardinalityGuard, type GuardResult } from './cardinality';
import type { CountersConfig } from './config';
import { CounterExporter } from './exporter';
import { CommitError, startCountersHttp } from './http-receiver';
import { IdempotencyWindow, type StoredResponse } from './idempotency';
import { Ledger, type LedgerState } from './ledger';

export interface CountersReceiverDeps {
  logger: ServiceLogger;
  /** meter for the receiver's own metrics; none, they are only on /healthz. */
  meter?: Meter;
  /** replaces the OTLP exporter (benchmarks). */
  exporter?: PushMetricExporter;
}

/** the checkpointed state: totals, and the answers to recent keyed HTTP requests that added to them. */
interface CountersCheckpoint extends LedgerState {
  requests?: StoredResponse[];
}

/** HTTP increments waiting for the shared checkpoint write. */
interface StagedRequest {
  increments: CounterIncrement[];
  replay?: StoredResponse;
  resolve(): void;
  reject(err: Error): void;
}

// requests arriving within this long share one checkpoint write.
const HTTP_COMMIT_DELAY_MS = 10;

/**
 * counters.jsonl -> tail reader -> parser -> ledger (cardinality guard) -> checkpoint -> exporter.
 * Lines are applied as they are read; every export interval the positions and totals are
 * checkpointed together, then exactly that committed state is exported.
 */
export class CountersReceiver {
  readonly stats: ReceiverStats;
  /** time from a line's own timestamp to the export that delivered its count. */
  readonly lag: IngestionLag;
  private readonly reader: TailReader;
  private readonly store: CheckpointStore<CountersCheckpoint>;
  private readonly parser: ParserOptions;
  private readonly rejections: RejectionLog;
  private ledger!: Ledger;
  private idempotency!: IdempotencyWindow;
  private staged: StagedRequest[] = [];
  private commitTimer?: NodeJS.Timeout;
  private exporter!: CounterExporter;
  private committed?: LedgerState;
  private poller?: PollLoop;
  private exportTimer?: NodeJS.Timeout;
  private exporting?: Promise<void>;
  private server?: Server;
  private stopping?: Promise<void>;
  private failing = false;

  constructor(
    private readonly config: CountersConfig,
    private readonly deps: CountersReceiverDeps,
  ) {
    this.stats = new ReceiverStats(deps.meter);
    this.lag = new IngestionLag(deps.meter, 'agent_otel.counters');
    this.rejections = new RejectionLog(deps.logger);
    this.parser = {
      namespace: config.namespace,
      maxTags: config.max_tags,
      maxTagValueLength: config.max_tag_value_length,
    };
    this.reader = new TailReader({
      include: config.include,
      exclude: config.exclude,
      startAt: config.start_at,
      maxLineBytes: config.max_line_bytes,
      rotatedSuffixes: config.rotated_suffixes,
      maxTrackedFiles: config.max_tracked_files,
    });
    this.store = new CheckpointStore(config.checkpoint);
  }

  /** recovers the checkpoint, then listens (if enabled), then starts polling and exporting. */
  async start(): Promise<void> {
    mkdirSync(dirname(this.config.checkpoint), { recursive: true });
    const doc = this.store.load();
    if (doc) this.reader.restore(doc.files);
    const { requests, ...ledgerState } = doc?.state ?? { requests: [] };
    this.ledger = new Ledger(
      new CardinalityGuard({
        maxSeriesPerMetric: this.config.cardinality.max_series_per_metric,
        allowKeys: this.config.cardinality.allow_keys,
        denyKeys: this.config.cardinality.deny_keys,
      }),
      doc ? (ledgerState as LedgerState) : undefined,
    );
    this.idempotency = new IdempotencyWindow(
      { maxKeys: this.config.http.idempotency_max_keys, ttlMs: this.config.http.idempotency_ttl_s * 1000 },
      requests,
    );
    this.committed = doc ? (ledgerState as LedgerState) : undefined;
    const resource = defaultResource().merge(
      resourceFromAttributes({
        'service.instance.id': hostname(),
        ...this.config.resource,
        'service.name': this.config.service_name,
      }),
    );
    this.exporter = new CounterExporter({
      resource,
      url: this.config.otlp_metrics_url,
      exporter: this.deps.exporter,
    });
    // a first start at the end of existing files checkpoints where they end before anything else:
    // a crash before the first export then resumes there instead of at the (later) end again,
    // which would skip the lines written in between.
    if (!doc && this.config.start_at === 'end') {
      this.pollOnce();
      this.commit();
    }
    this.deps.logger.info('counters receiver started', {
      include: this.config.include,
      checkpoint: this.config.checkpoint,
      resumedFiles: doc?.files.length ?? 0,
      series: this.ledger.size,
    });
    // listen before any timer starts: a listener that cannot start leaves nothing running.
    if (this.config.http.enabled) {
      this.server = await startCountersHttp({
        ...listenerOptions(this.config.http),
        parser: this.parser,
        apply: (incs, replay) => this.applyAndCommit(incs, replay),
        replayed: (key) => this.idempotency.get(key),
        reject: (reason) => this.stats.reject(reason),
        health: () => ({ ...this.stats.snapshot(), untimedLines: this.lag.untimed }),
        meter: this.deps.meter,
      });
    }
    // these timers are the service's main loop, so they keep the process alive on purpose.
    this.poller = new PollLoop({
      intervalMs: this.config.poll_interval_ms,
      maxIdleIntervalMs: this.config.poll_idle_max_ms,
      poll: () => {
        const read = this.stats.linesRead;
        // at once while complete lines wait; a trailing partial line waits like an idle poll
        const more = this.pollOnce();
        return { more, idle: this.stats.linesRead === read };
      },
    });
    this.poller.start();
    this.exportTimer = setInterval(() => void this.flush(), this.config.export_interval_ms);
  }

  /** the bound HTTP address (port 0 picks a free one). */
  get address(): string | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? `http://${a.address}:${a.port}` : undefined;
  }

  /** reads what is new; true when complete lines are still waiting (read budget). */
  pollOnce(): boolean {
    let read = 0;
    this.lag.startRead(Date.now());
    const result = this.reader.poll(
      (line) => {
        read++;
        this.applyLine(line);
      },
      (r) => this.rejectLine(r),
    );
    this.stats.read(read);
    this.stats.lagBytes = result.lagBytes;
    this.stats.series = this.ledger.size;
    reportRefusedFiles(this.stats, this.deps.logger, result.refusedFiles, this.config.max_tracked_files);
    return result.pending;
  }

  private applyLine(line: TailLine): void {
    try {
      const value = parseCounterJson(line.text(), line) as Partial<Record<keyof CounterLine, unknown>> | null;
      // a line naming a counter and tags seen before needs only its value and time checked
      const seen = typeof value?.name === 'string' ? this.ledger.seen(value.name, value.tags) : undefined;
      let timeMs: number | undefined;
      if (seen) {
        const amount = counterValue(value!);
        timeMs = counterTimeMs(value!);
        this.count(seen.target.metric, this.ledger.addSeen(seen, amount));
      } else {
        const inc = parseCounterObject(value, this.parser);
        timeMs = inc.timeMs;
        this.count(inc.metric, this.ledger.add(inc, value as { name: string; tags?: unknown }));
      }
      if (timeMs === undefined) this.lag.untimedLine('missing_timestamp');
      else this.lag.line(timeMs);
    } catch (err) {
      if (!(err instanceof CounterLineError)) throw err;
      this.stats.reject(err.reason);
      this.rejections.log(`rejected counter line ${line.path}:${line.lineNo}: ${err.message}`, {
        file: line.path,
        line: line.lineNo,
        reason: err.reason,
      });
    }
  }

  private rejectLine(r: TailRejection): void {
    this.stats.reject(r.reason);
    this.rejections.log(
      `rejected counter line ${r.path}:${r.lineNo}: ${r.size} bytes, over the ${this.config.max_line_bytes} byte limit`,
      { file: r.path, line: r.lineNo, reason: r.reason },
    );
  }

  private count(metric: string, result: GuardResult): void {
    this.stats.accepted++;
    if (result.overflow) this.stats.folded(metric);
    if (result.dropped.length > 0) this.stats.dropped(result.dropped.length);
  }

  /** resolves once the increments are checkpointed; rejects with CommitError having applied none. */
  private applyAndCommit(increments: CounterIncrement[], replay?: StoredResponse): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.staged.push({ increments, replay, resolve, reject });
      this.commitTimer ??= setTimeout(() => this.commitStaged(), HTTP_COMMIT_DELAY_MS);
    });
  }

  /**
   * applies every staged request and writes one checkpoint, all synchronously; when the write
   * fails the ledger and the key window are put back, so a retry is not counted twice.
   */
  private commitStaged(): void {
    this.commitTimer = undefined;
    const group = this.staged;
    this.staged = [];
    const replays = group.flatMap((g) => (g.replay ? [g.replay] : []));
    const increments = group.flatMap((g) => g.increments);
    let results: GuardResult[];
    try {
      results = this.ledger.addAll(increments, () => {
        for (const r of replays) this.idempotency.add(r);
        this.commit();
      });
    } catch (err) {
      for (const r of replays) this.idempotency.remove(r.key);
      this.deps.logger.error(`cannot write checkpoint ${this.config.checkpoint}: ${(err as Error).message}`);
      const failure = new CommitError((err as Error).message);
      for (const g of group) g.reject(failure);
      return;
    }
    for (const [i, result] of results.entries()) this.count(increments[i].metric, result);
    for (const g of group) g.resolve();
  }

  /** saves positions, totals and the key window in one atomic checkpoint. */
  commit(): void {
    const state = this.ledger.state();
    this.store.save(this.reader.snapshot(), { ...state, requests: this.idempotency.snapshot() });
    this.committed = state;
  }

  /** checkpoints, then exports the committed totals; one export at a time. */
  flush(): Promise<void> {
    this.exporting ??= this.commitAndExport().finally(() => {
      this.exporting = undefined;
    });
    return this.exporting;
  }

  /**
   * the order is what makes counts exact: the checkpoint (positions and totals together) is
   * written before the totals it holds are exported, so a crash after the export resumes from
   * positions that already include those lines (none counted twice), and a crash before it
   * re-exports the same cumulative totals (none lost). Writes are batched: one checkpoint per
   * export interval (and one per group of HTTP requests), never one per line.
   */
  private async commitAndExport(): Promise<void> {
    try {
      this.commit();
    } catch (err) {
      this.deps.logger.error(`cannot write checkpoint ${this.config.checkpoint}: ${(err as Error).message}`);
      return; // exporting uncommitted totals could count lines twice after a crash.
    }
    // the lines this export delivers: every line applied before the commit above
    const delivered = this.lag.take();
    const outcome = await this.exporter.export(this.committed!);
    if (outcome.ok) {
      this.lag.exported(delivered, Date.now());
      this.ledger.announce(outcome.announcedKeys);
      if (this.failing) this.deps.logger.info('counter export recovered', { series: outcome.series });
      this.failing = false;
      return;
    }
    this.lag.putBack(delivered);
    this.stats.exportFailed();
    // report once per outage; the next export sends the same cumulative totals again.
    if (!this.failing) {
      this.deps.logger.warn(`counter export failed, retrying: ${outcome.error?.message ?? 'unknown error'}`);
    }
    this.failing = true;
  }

  /** runs once: stops reading, checkpoints and makes a last export attempt. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.poller?.stop();
      clearInterval(this.exportTimer);
      await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
      await this.exporting;
      this.pollOnce();
      await this.flush();
      // a series first seen in the last interval still needs its real value after the zero.
      if (this.committed?.series.some((s) => !s.announced)) await this.flush();
      this.rejections.flush();
      await this.exporter.shutdown();
    })();
    return this.stopping;
  }
}
