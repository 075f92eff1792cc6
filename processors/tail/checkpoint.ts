import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FilePosition } from './types';

export const CHECKPOINT_VERSION = 1;

/** everything a service needs to resume: file positions and its own state, in one document. */
export interface CheckpointDocument<S> {
  version: number;
  savedAt: string;
  files: FilePosition[];
  state: S;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/**
 * Stores a checkpoint atomically: write a temp file, fsync it, rename it over the old one,
 * fsync the directory. A crash leaves either the old or the new document, never a mix, so
 * positions and the state derived from them always agree.
 */
export class CheckpointStore<S> {
  constructor(readonly path: string) {}

  /** the last saved document, or undefined when there is none yet. */
  load(): CheckpointDocument<S> | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CheckpointError(`cannot read checkpoint ${this.path}: ${(err as Error).message}`);
    }
    let doc: CheckpointDocument<S>;
    try {
      doc = JSON.parse(text) as CheckpointDocument<S>;
    } catch (err) {
      // refusing to start beats silently re-reading everything and counting it twice.
      throw new CheckpointError(
        `checkpoint ${this.path} is not valid JSON (${(err as Error).message}); fix or remove it to start over`,
      );
    }
    if (doc.version !== CHECKPOINT_VERSION || !Array.isArray(doc.files)) {
      throw new CheckpointError(
        `checkpoint ${this.path} has version ${String(doc.version)}, expected ${CHECKPOINT_VERSION}`,
      );
    }
    return doc;
  }

  save(files: FilePosition[], state: S): void {
    const doc: CheckpointDocument<S> = {
      version: CHECKPOINT_VERSION,
      savedAt: new Date().toISOString(),
      files,
      state,
    };
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(doc));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    // the rename itself is only durable once the directory entry is on disk.
    const dirFd = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
