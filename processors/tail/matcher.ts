import type { FileSnapshot } from './file-snapshot';
import { headMatches, sha256 } from './fingerprint';
import type { RotatedNames } from './rotated-names';
import type { FilePosition } from './types';

/** one file of the listing and the position it continues, or a new position made for it. */
export interface Claim {
  file: FileSnapshot;
  position: FilePosition;
  /** true when the position is new (not in the positions handed to the matcher). */
  created: boolean;
}

export interface MatchContext {
  fingerprintBytes: number;
  /** where a file never seen before starts. */
  startAt: 'beginning' | 'end';
  rotatedNames: RotatedNames;
  newId(): string;
  now: number;
}

/** true when `file` still holds, unchanged, everything `position` has consumed. */
export function continues(file: FileSnapshot, position: FilePosition): boolean {
  if (!headMatches(file.head, position.fingerprint, position.fingerprintSize)) return false;
  if (file.size < position.offset) return false;
  return file.hashBefore(position.offset) === position.tailHash;
}

/**
 * Decides which file is which: every file of the listing either continues a known position or
 * gets a new one; a new empty file gets none yet. Pure: reads the files only through their
 * snapshots and changes none of the positions it is given (the tracker applies the claims).
 *
 * 1. same inode, content continuing: a file renamed (rotated by move) keeps its position.
 * 2. a rotated name of the position's path, content continuing: rotation while down, or the
 *    copy of copytruncate; or the same path, unless the position's own file is still listed.
 * 3. anything else is new. It starts past its end when it is a copy of bytes already read (or
 *    being read through its source) under a rotated name of that source, or when a first start
 *    begins at the end; otherwise at 0.
 */
export function matchFiles(files: FileSnapshot[], positions: FilePosition[], context: MatchContext): Claim[] {
  const claims = new Map<FileSnapshot, Claim>();
  const claimedIds = new Set<string>();
  const listedInodes = new Set(files.map((file) => `${file.dev}:${file.ino}`));
  // paths whose file moved away this poll: what sits there now is a new file (move/create).
  const vacated = new Map<string, string>();
  const claim = (file: FileSnapshot, position: FilePosition, created: boolean) => {
    if (position.path !== file.path) vacated.set(position.path, position.id);
    claims.set(file, { file, position, created });
    claimedIds.add(position.id);
  };
  const unclaimed = () => positions.filter((position) => !claimedIds.has(position.id));

  const byInode = new Map<string, FilePosition[]>();
  for (const position of positions) {
    const inode = `${position.dev}:${position.ino}`;
    byInode.set(inode, [...(byInode.get(inode) ?? []), position]);
  }
  for (const file of files) {
    const same = byInode
      .get(`${file.dev}:${file.ino}`)
      ?.find((position) => !claimedIds.has(position.id) && continues(file, position));
    if (same) claim(file, same, false);
  }
  for (const file of files) {
    if (claims.has(file)) continue;
    const candidates = unclaimed().filter((position) =>
      // a position whose own file is still listed (truncated, or rewritten) continues only in a
      // copy under a rotated name: a file since created under its path is a new one.
      listedInodes.has(`${position.dev}:${position.ino}`)
        ? context.rotatedNames.isRotationOf(file.path, position.path)
        : position.path === file.path || context.rotatedNames.isRotationOf(file.path, position.path),
    );
    candidates.sort((a, b) => Number(b.path === file.path) - Number(a.path === file.path));
    const moved = candidates.find((position) => continues(file, position));
    if (moved) claim(file, moved, false);
  }
  for (const file of files) {
    if (claims.has(file) || file.size === 0) continue;
    const truncatedInPlace = byInode.has(`${file.dev}:${file.ino}`);
    // checked even for a known inode: a deleted file's inode number can come back as a copy.
    const source = copySource(file, files, claims, vacated, context);
    const copyOfRead =
      source !== undefined ||
      positions.some(
        (position) =>
          vacated.get(file.path) !== position.id &&
          context.rotatedNames.isRotationOf(file.path, position.path) &&
          // a full fingerprint match is the same content even on a reused inode number
          (!truncatedInPlace || position.fingerprintSize >= context.fingerprintBytes) &&
          headMatches(file.head, position.fingerprint, position.fingerprintSize) &&
          file.size <= position.offset,
      );
    // a copy of bytes already read (or being read through another name) is never read again.
    const offset = copyOfRead || (context.startAt === 'end' && !truncatedInPlace) ? file.size : 0;
    const position: FilePosition = {
      id: context.newId(),
      path: file.path,
      fingerprint: sha256(file.head),
      fingerprintSize: file.head.length,
      offset,
      lineNo: 0,
      tailHash: file.hashBefore(offset),
      skipping: false,
      dev: file.dev,
      ino: file.ino,
      seenAt: context.now,
      ...(source && { copyOf: source.id }),
    };
    claim(file, position, true);
  }
  return files.flatMap((file) => claims.get(file) ?? []);
}

/**
 * the position of the file that `file` is a byte-for-byte prefix copy of (copytruncate's copy,
 * maybe still being written), if any: only a file it is a rotated name of. a copy shorter than
 * the fingerprint is compared by its bytes.
 */
function copySource(
  file: FileSnapshot,
  files: FileSnapshot[],
  claims: Map<FileSnapshot, Claim>,
  vacated: Map<string, string>,
  context: MatchContext,
): FilePosition | undefined {
  for (const other of files) {
    const position = claims.get(other)?.position;
    if (other === file || !position || position.copyOf || vacated.get(file.path) === position.id) continue;
    if (other.sourceSize < file.size || !context.rotatedNames.isRotationOf(file.path, other.path)) continue;
    // read again: `other` may have grown past its first bytes since it was observed
    const isCopy =
      file.size < context.fingerprintBytes
        ? other.bytesAt(0, file.size).equals(file.head)
        : continues(file, position) ||
          (file.size <= position.offset &&
            headMatches(file.head, position.fingerprint, position.fingerprintSize));
    if (isCopy) return position;
  }
  return undefined;
}
