import type { FileSnapshot } from './file-snapshot';
import type { FilePosition } from './types';

/**
 * The state of a copytruncate copy while its source may still be there: `position.copyOf` names
 * the position of the file it was copied from (set by the matcher, kept in the checkpoint).
 *
 * A copy keeps skipping what it gains while it stays a prefix of its source (whose own reader
 * hands those bytes over). Once the source is gone (truncated or deleted), the copy resumes where
 * the source's reader stopped, so bytes the source never got to are read from the copy, once;
 * until the copy has grown that far it keeps skipping. A copy that diverges from a source still
 * there was never a copy: it is read from its start.
 *
 * `source` is the source's file in this poll, if it is still there; `known` looks up positions
 * of files no longer listed.
 */
export function followCopy(
  file: FileSnapshot,
  position: FilePosition,
  source: FileSnapshot | undefined,
  known: (id: string) => FilePosition | undefined,
): void {
  if (!position.copyOf) return;
  if (source) {
    if (source.sourceSize >= file.size && file.size > position.offset) {
      const length = file.size - position.offset;
      if (file.bytesAt(position.offset, length).equals(source.bytesAt(position.offset, length))) {
        position.offset = file.size;
        return;
      }
    } else if (file.size === position.offset) return;
    // it diverged from a file that is still there: a small file that only began like it, not a copy
    position.offset = 0;
    position.lineNo = 0;
    position.skipping = false;
    position.copyOf = undefined;
    return;
  }
  const gone = known(position.copyOf);
  if (gone && file.size < gone.offset) {
    position.offset = file.size; // still being copied up to where the source was read
    return;
  }
  // the copy holds what the source's reader consumed: go on from there. otherwise only the
  // prefix compared while both were seen is known to be read.
  // the source may have stopped inside a line over the limit: the copy skips the rest of it too.
  if (gone && gone.offset > position.offset && file.hashBefore(gone.offset) === gone.tailHash) {
    position.offset = gone.offset;
    position.lineNo = gone.lineNo;
    position.skipping = gone.skipping;
  } else if (gone && gone.offset < position.offset) {
    position.offset = gone.offset;
    position.lineNo = gone.lineNo;
    position.skipping = gone.skipping;
  }
  position.copyOf = undefined;
}
