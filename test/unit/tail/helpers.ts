import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TailReader } from '../../../processors/tail/tail-reader';
import type { TailRejection } from '../../../processors/tail/types';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tail-unit-'));
}

/** one poll's lines as strings, and its rejections. */
export function drain(reader: TailReader): { lines: string[]; rejected: TailRejection[] } {
  const lines: string[] = [];
  const rejected: TailRejection[] = [];
  reader.poll(
    (l) => lines.push(l.bytes.toString('utf8')),
    (r) => rejected.push(r),
  );
  return { lines, rejected };
}
