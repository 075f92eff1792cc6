import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * writes `text` to `path` so that a crash or power loss leaves either the old or the new
 * content, never a mix or nothing: temp file, fsync, rename over the old one, fsync the directory.
 */
export function writeFileAtomic(relativeOrAbsolute: string, text: string): void {
  // resolved first: with the working directory deleted, Node's recursive mkdirSync of a relative
  // path never returns (the service then spins and ignores SIGTERM), where resolve() throws ENOENT.
  const path = resolve(relativeOrAbsolute);
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  // one fixed temp name: a leftover from a crash is overwritten by the next save, never piles up.
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  // the rename itself is only durable once the directory entry is on disk.
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/**
 * writeFileAtomic with the write and both fsyncs off the event loop, for a large file saved
 * periodically by a service that must keep serving meanwhile. The text comes in chunks, each
 * encoded and written on its own turn (encoding megabytes at once holds the loop for tens of ms).
 * `stillWanted` is asked right before the rename, in the same synchronous step: false (a newer save
 * is already on disk) discards the temp file. Its temp name differs from writeFileAtomic's, so a
 * synchronous save may run between. Resolves whether the file was replaced.
 */
export async function writeFileAtomicInBackground(
  relativeOrAbsolute: string,
  chunks: Iterable<string>,
  stillWanted: () => boolean = () => true,
): Promise<boolean> {
  const path = resolve(relativeOrAbsolute);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.tmp-background`;
  const file = await open(tmp, 'w', 0o600);
  try {
    for (const chunk of chunks) await file.write(chunk);
    await file.sync();
  } finally {
    await file.close();
  }
  if (!stillWanted()) {
    await rm(tmp, { force: true });
    return false;
  }
  renameSync(tmp, path);
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
  return true;
}
