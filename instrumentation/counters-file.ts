import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { diag } from '@opentelemetry/api';
import { type CounterLine, formatCounterLine } from '../protocol/counter-line';

/**
 * appends seed-000 counter lines to a JSON-lines file. each line is one write(2) on a file
 * opened in append mode, so concurrent writers never interleave inside a line.
 */
export class CountersFile {
  private fd: number | undefined;
  private failed = false;

  private readonly path: string;

  // resolved at once: Node's recursive mkdirSync of a relative path never returns once the
  // working directory is deleted, which would hang the agent on its first counter.
  constructor(path: string) {
    this.path = resolve(path);
  }

  append(record: CounterLine): void {
    if (this.failed) return;
    try {
      if (this.fd === undefined) {
        mkdirSync(dirname(this.path), { recursive: true });
        this.fd = openSync(this.path, 'a');
      }
      const buf = Buffer.from(formatCounterLine(record), 'utf8');
      const written = writeSync(this.fd, buf, 0, buf.length);
      if (written !== buf.length) throw new Error(`short write (${written} of ${buf.length} bytes)`);
    } catch (err) {
      // the metric was still recorded; stop writing the file rather than warn on every call
      this.failed = true;
      diag.warn(
        `agent-otel: cannot append to counters file ${this.path}: ${(err as Error).message}; file writes stopped`,
      );
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
