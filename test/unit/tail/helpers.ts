import type { TailReader } from '../../../processors/tail/tail-reader';
import type { TailRejection } from '../../../processors/tail/types';
import { useTempDirs } from '../../helpers';

/** a temporary directory, removed after the test that made it (test/helpers). */
export const tempDir = useTempDirs('tail-unit');

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
