import { type Counter, diag, type MetricAttributes, metrics } from '@opentelemetry/api';
import type { CountersFile } from './counters-file';
import type { CounterTags } from './types';

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `taskId` -> `task_id`, `missingEvidence` -> `missing_evidence`, `HTTPStatus` -> `http_status`. */
export function toSnakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^a-zA-Z0-9_]+/g, '_')
    .toLowerCase();
}

export function snakeCaseTags(tags: CounterTags | undefined): MetricAttributes {
  const out: MetricAttributes = {};
  for (const [k, v] of Object.entries(tags ?? {})) out[toSnakeCase(k)] = v;
  return out;
}

/** monotonic counters named `<namespace>_<name>`, optionally mirrored to the counters file. */
export class CounterRecorder {
  private readonly counters = new Map<string, Counter>();
  private readonly rejected = new Set<string>();

  constructor(
    private readonly namespace: string,
    private readonly file?: CountersFile,
  ) {}

  add(name: string, value = 1, tags?: CounterTags): void {
    if (!NAME.test(name) || !Number.isFinite(value) || value < 0) {
      // warn once per bad name so a hot loop does not flood the log
      const key = `${name}:${value}`;
      // the set is capped so that endless distinct bad names cannot grow memory
      if (!this.rejected.has(key) && this.rejected.size < 100) {
        this.rejected.add(key);
        diag.warn(
          `agent-otel: counter("${name}", ${value}) ignored; the name must be letters, digits and _ and the value finite and >= 0`,
        );
      }
      return;
    }
    let counter = this.counters.get(name);
    if (counter === undefined) {
      counter = metrics.getMeter('agent-otel').createCounter(`${this.namespace}_${name}`, {
        description: `agent counter ${name}`,
      });
      this.counters.set(name, counter);
    }
    counter.add(value, snakeCaseTags(tags));
    this.file?.append({ name, value, timestamp: new Date().toISOString(), tags: { ...tags } });
  }
}
