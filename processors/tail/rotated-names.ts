import { basename, dirname, matchesGlob } from 'node:path';

/**
 * Which names are rotations of which: `x.log.1` and `x.log-20260101` are rotated names of
 * `x.log` in the same directory (with the default suffixes). Only such a file can be a copy of
 * another; a file in another directory, or under an unrelated name, is another source, even
 * when it holds the same bytes (two agents both starting with `agent started`).
 */
export class RotatedNames {
  constructor(private readonly suffixes: string[]) {}

  /** true when `candidate` is `source` plus one rotated suffix, in the same directory. */
  isRotationOf(candidate: string, source: string): boolean {
    if (dirname(candidate) !== dirname(source)) return false;
    const name = basename(source);
    const other = basename(candidate);
    if (other.length <= name.length || !other.startsWith(name)) return false;
    const suffix = other.slice(name.length);
    return this.suffixes.some((glob) => matchesGlob(suffix, glob));
  }
}
