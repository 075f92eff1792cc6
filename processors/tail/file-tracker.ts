import type { Claim } from './matcher';
import type { FilePosition } from './types';

/**
 * The tracked files: their positions (what a checkpoint holds) and the files refused for want
 * of room. At most `maxTracked` positions are kept, and a file seen in the current listing is
 * never forgotten to make room (it would be read again from its start next poll): files not
 * seen any more go first, oldest first, then new files are refused until room frees up.
 */
export class FileTracker {
  private positions = new Map<string, FilePosition>();
  /** paths refused in the last poll, so each refusal is reported once. */
  private refusedBefore = new Set<string>();
  private refusedNow = new Set<string>();
  /** refusals reported so far. */
  refusedCount = 0;

  constructor(
    private readonly maxTracked: number,
    private readonly forgetAfterMs: number,
  ) {}

  restore(files: FilePosition[]): void {
    this.positions = new Map(files.map((file) => [file.id, { ...file }]));
  }

  /** copies of the positions, for a checkpoint. */
  snapshot(): FilePosition[] {
    return [...this.positions.values()].map((position) => ({ ...position }));
  }

  /** the positions themselves, for the matcher (which changes none of them). */
  list(): FilePosition[] {
    return [...this.positions.values()];
  }

  get(id: string): FilePosition | undefined {
    return this.positions.get(id);
  }

  /** starts a poll's decisions; `undo` takes them back (a file changed while they were made). */
  begin(): { undo: () => void } {
    const before = this.positions;
    this.positions = new Map([...before].map(([id, position]) => [id, { ...position }]));
    this.refusedNow = new Set();
    return {
      undo: () => {
        this.positions = before;
      },
    };
  }

  /**
   * applies the matcher's claims; returns the claims taken (new files over the cap are left
   * out). the claimed positions are this tracker's own objects, to be advanced by reading.
   */
  apply(claims: Claim[], now: number): Claim[] {
    const taken: Claim[] = [];
    const seen = new Set(claims.filter((claim) => !claim.created).map((claim) => claim.position.id));
    for (const claim of claims) {
      if (claim.created) {
        if (!this.makeRoom(seen)) {
          this.refusedNow.add(claim.file.path);
          continue;
        }
        this.positions.set(claim.position.id, claim.position);
        seen.add(claim.position.id);
      }
      const position = this.positions.get(claim.position.id)!;
      position.path = claim.file.path;
      position.dev = claim.file.dev;
      position.ino = claim.file.ino;
      position.seenAt = now;
      taken.push({ ...claim, position });
    }
    return taken;
  }

  /** ends a poll: forgets files unseen for too long; returns the paths newly refused. */
  end(now: number): string[] {
    for (const position of [...this.positions.values()]) {
      if (now - position.seenAt > this.forgetAfterMs) this.positions.delete(position.id);
    }
    const newly = [...this.refusedNow].filter((path) => !this.refusedBefore.has(path));
    this.refusedCount += newly.length;
    this.refusedBefore = this.refusedNow;
    return newly;
  }

  /** true when one more position fits, after forgetting the oldest file not seen this poll. */
  private makeRoom(seen: Set<string>): boolean {
    if (this.positions.size < this.maxTracked) return true;
    let oldest: FilePosition | undefined;
    for (const position of this.positions.values()) {
      if (!seen.has(position.id) && (!oldest || position.seenAt < oldest.seenAt)) oldest = position;
    }
    if (!oldest) return false;
    this.positions.delete(oldest.id);
    return true;
  }
}
