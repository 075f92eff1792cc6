import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';

/** bytes before the offset hashed to prove a file still holds what was read from it. */
export const TAIL_CHECK_BYTES = 256;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * reads up to `length` bytes at `position`; short reads near end of file are fine. Into `into`
 * when it is big enough (a buffer reused from poll to poll), else into a new buffer.
 */
export function readAt(fd: number, position: number, length: number, into?: Buffer): Buffer {
  const buf = into && into.length >= length ? into : Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

/** hash of the bytes that end at `offset` (empty at offset 0). */
export function tailHashAt(fd: number, offset: number): string {
  const start = Math.max(0, offset - TAIL_CHECK_BYTES);
  return sha256(readAt(fd, start, offset - start));
}

/** true when the file's first `size` bytes hash to `fingerprint`. */
export function headMatches(head: Buffer, fingerprint: string, size: number): boolean {
  return head.length >= size && sha256(head.subarray(0, size)) === fingerprint;
}
