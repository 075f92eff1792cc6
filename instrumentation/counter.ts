import { type Counter, diag, metrics } from '@opentelemetry/api';
import { CounterLineError, parseCounterObject } from '../protocol/counter-line';
import type { CountersFile } from './counters-file';
import type { CounterTags } from './types';

/** most distinct bad counters warned about; the rest are dropped silently so memory stays bounded. */
const MAX_WARNED = 100;

/**
 * monotonic counters named `<namespace>_<name>`, optionally mirrored to the counters file. A call
 * is checked by the counters receiver's own rules (`protocol/counter-line.ts`), so what the SDK
 * exports and what the receiver reads from the mirrored file are the same series.
 */
export class CounterRecorder {
  private readonly counters = new Map<string, Counter>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly namespace: string,
    private readonly file?: CountersFile,
  ) {}

  add(name: string, value = 1, tags?: CounterTags): void {
    let increment: ReturnType<typeof parseCounterObject>;
    try {
      increment = parseCounterObject({ name, value, tags }, { namespace: this.namespace });
    } catch (err) {
      if (!(err instanceof CounterLineError)) throw err;
      this.warnOnce(name, value, err);
      return;
    }
    let counter = this.counters.get(increment.metric);
    if (counter === undefined) {
      counter = metrics.getMeter('agent-otel').createCounter(increment.metric, {
        description: `agent counter ${name}`,
      });
      this.counters.set(increment.metric, counter);
    }
    counter.add(increment.value, increment.labels);
    this.file?.append({ name, value, timestamp: new Date().toISOString(), tags: { ...tags } });
  }

  // once per bad name and reason, so a hot loop does not flood the log.
  private warnOnce(name: string, value: number, err: CounterLineError): void {
    const key = `${err.reason}\u0000${name}`;
    if (this.warned.has(key) || this.warned.size >= MAX_WARNED) return;
    this.warned.add(key);
    diag.warn(`agent-otel: counter("${name}", ${value}) ignored (${err.reason}): ${err.message}`);
  }
}
