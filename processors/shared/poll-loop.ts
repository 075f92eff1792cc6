/** what one poll found. */
export interface PollOutcome {
  /** data is still waiting: poll again at once. */
  more: boolean;
  /** the poll found nothing new: the wait before the next one may grow (idle backoff). */
  idle?: boolean;
  /** wait exactly this long before the next poll (backpressure), whatever else. */
  waitMs?: number;
}

export interface PollLoopOptions {
  /** wait between polls while data arrives. */
  intervalMs: number;
  /** longest wait while idle; the wait doubles from `intervalMs` up to it. Default: `intervalMs` (no backoff). */
  maxIdleIntervalMs?: number;
  poll(): PollOutcome;
}

/**
 * A receiver's main loop: poll, then wait. It polls again at once while `more` says data is
 * waiting, waits `intervalMs` after a poll that found something, and backs off (doubling up to
 * `maxIdleIntervalMs`) while polls find nothing, so an idle service costs little.
 * its timer keeps the process alive on purpose: it is the service's main loop.
 */
export class PollLoop {
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;
  private idleWaitMs: number;
  private stopped = false;

  constructor(private readonly options: PollLoopOptions) {
    this.idleWaitMs = options.intervalMs;
  }

  /** the wait after a poll with `outcome`; public so the schedule can be tested without timers. */
  nextWait(outcome: PollOutcome): number {
    if (outcome.waitMs !== undefined) return outcome.waitMs;
    if (outcome.more) {
      this.idleWaitMs = this.options.intervalMs;
      return 0;
    }
    if (!outcome.idle) {
      this.idleWaitMs = this.options.intervalMs;
      return this.options.intervalMs;
    }
    const wait = this.idleWaitMs;
    const max = Math.max(this.options.intervalMs, this.options.maxIdleIntervalMs ?? this.options.intervalMs);
    this.idleWaitMs = Math.min(wait * 2, max);
    return wait;
  }

  /** polls at once, then keeps polling until stop(). */
  start(): void {
    this.stopped = false;
    const run = () => {
      if (this.stopped) return;
      const wait = this.nextWait(this.options.poll());
      if (this.stopped) return;
      // more is waiting: go on after pending I/O, without the 1 ms floor of a zero timeout
      if (wait === 0) this.immediate = setImmediate(run);
      else this.timer = setTimeout(run, wait);
    };
    run();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
  }
}
