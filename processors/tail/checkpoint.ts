import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../shared/atomic-file';
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
 * Stores a checkpoint atomically (processors/shared/atomic-file.ts): a crash leaves either the
 * old or the new document, never a mix, so positions and the state derived from them agree.
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
    writeFileAtomic(this.path, JSON.stringify(doc));
  }
}
