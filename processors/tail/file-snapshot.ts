import { closeSync, fstatSync, openSync } from 'node:fs';
import { discoverFiles, type IncludePattern } from './file-discovery';
import { readAt, tailHashAt } from './fingerprint';

/**
 * What a poll knows about one file: its identity, its size and first bytes, and a way to read
 * it. The matcher and the copy lineage see files only through this, so they can be tested with
 * files held in memory.
 */
export interface FileSnapshot {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
  /** size when the file was opened. */
  readonly size: number;
  /**
   * size taken again once every file was opened. a copy opened before its source was re-measured
   * cannot be longer than this, even if the source grew after its first measure.
   */
  readonly sourceSize: number;
  /** the first bytes (up to the fingerprint size). */
  readonly head: Buffer;
  /** up to `length` bytes at `offset`; into `into` when given and big enough (a reused buffer). */
  bytesAt(offset: number, length: number, into?: Buffer): Buffer;
  /** hash of the bytes that end at `offset` (see fingerprint.ts). */
  hashBefore(offset: number): string;
}

/** a file of this poll, open for reading until the poll ends. */
export class OpenFile implements FileSnapshot {
  sourceSize: number;

  constructor(
    readonly path: string,
    readonly fd: number,
    readonly dev: number,
    readonly ino: number,
    readonly size: number,
    readonly head: Buffer,
  ) {
    this.sourceSize = size;
  }

  bytesAt(offset: number, length: number, into?: Buffer): Buffer {
    return readAt(this.fd, offset, length, into);
  }

  hashBefore(offset: number): string {
    return tailHashAt(this.fd, offset);
  }

  /** true when the file still holds what it held when observed: not shorter, same first bytes. */
  unchanged(): boolean {
    return fstatSync(this.fd).size >= this.size && this.bytesAt(0, this.head.length).equals(this.head);
  }
}

/** lists and opens the matching files; the caller closes them with closeFiles. */
export function observeFiles(
  patterns: IncludePattern[],
  exclude: string[],
  fingerprintBytes: number,
): OpenFile[] {
  const files: OpenFile[] = [];
  const inodes = new Set<string>();
  for (const path of discoverFiles(patterns, exclude)) {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      continue; // renamed or deleted between listing and opening; seen next poll.
    }
    const stat = fstatSync(fd);
    // a rename between listing and opening (move rotation) can show one file under two
    // names in the same poll; read it once, or the second name would look like a new file.
    const inode = `${stat.dev}:${stat.ino}`;
    if (!stat.isFile() || inodes.has(inode)) {
      closeSync(fd);
      continue;
    }
    inodes.add(inode);
    const head = readAt(fd, 0, Math.min(stat.size, fingerprintBytes));
    files.push(new OpenFile(path, fd, stat.dev, stat.ino, stat.size, head));
  }
  for (const file of files) file.sourceSize = fstatSync(file.fd).size;
  return files;
}

export function closeFiles(files: OpenFile[]): void {
  for (const file of files) closeSync(file.fd);
}
