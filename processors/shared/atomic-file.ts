import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
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
