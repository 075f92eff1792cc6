import { readFileSync } from 'node:fs';
import type { AgentRecord } from '../heartbeat/types';
import { writeFileAtomic, writeFileAtomicInBackground } from '../shared/atomic-file';
import { inTurns } from '../shared/in-turns';

export const CHECKPOINT_VERSION = 1;

/** agents serialized in one turn of the event loop by a periodic save. */
export const AGENTS_PER_TURN = 250;

/** how a background save ended: written, skipped as one was still running, or a newer save won. */
export type BackgroundSave = 'written' | 'busy' | 'superseded';

/** everything the heartbeat service keeps across restarts: the fleet and the watchdog's incidents. */
export interface CheckpointData {
  version: number;
  savedAtMs: number;
  agents: AgentRecord[];
  /** watchdog incidents (opaque here), so actions are not run again after a restart. */
  incidents: unknown[];
}

/**
 * the receiver's state file: written to a temp file, fsynced and renamed (then the directory is
 * fsynced), so a crash or power loss leaves the previous or the new checkpoint, whole. The
 * watchdog saves it before each action, so an action never runs twice: that save, and the last
 * one at shutdown, are synchronous. The periodic save runs in the background instead: at 10k
 * agents, serializing (5-45 ms) and writing with fsync (10-35 ms) in one go held heartbeat intake
 * for up to 80 ms every few seconds. Each save takes a sequence number when it reads the fleet;
 * a background save whose number is older than the last one written discards its file, so a
 * checkpoint on disk never goes back in time.
 */
export class StateCheckpoint {
  private started = 0;
  private written = 0;
  private background: Promise<BackgroundSave> | undefined;

  constructor(private readonly path: string) {}

  /** the saved state, undefined when there is none; throws naming the file when it is corrupt. */
  load(): CheckpointData | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`cannot read state file ${this.path}: ${(err as Error).message}`);
    }
    let data: CheckpointData;
    try {
      data = JSON.parse(text) as CheckpointData;
    } catch (err) {
      throw new Error(`state file ${this.path} is not valid JSON: ${(err as Error).message}`);
    }
    if (data?.version !== CHECKPOINT_VERSION || !Array.isArray(data.agents)) {
      throw new Error(`state file ${this.path} has an unknown format (version ${data?.version})`);
    }
    data.incidents = Array.isArray(data.incidents) ? data.incidents : [];
    return data;
  }

  save(agents: AgentRecord[], incidents: unknown[], nowMs: number): void {
    const seq = ++this.started;
    const data: CheckpointData = { version: CHECKPOINT_VERSION, savedAtMs: nowMs, agents, incidents };
    writeFileAtomic(this.path, JSON.stringify(data));
    this.written = Math.max(this.written, seq);
  }

  /**
   * saves without holding the event loop: agents are serialized AGENTS_PER_TURN at a time (each
   * record whole, so a heartbeat between slices lands in it or not, never half), then written
   * off the loop, a slice per write. Rejects when the write fails.
   */
  saveInBackground(
    agents: Iterable<AgentRecord>,
    incidents: () => unknown[],
    nowMs: number,
  ): Promise<BackgroundSave> {
    if (this.background) return Promise.resolve('busy');
    const seq = ++this.started;
    const run = async () => {
      // the same text JSON.stringify gives for a CheckpointData, in one chunk per slice of agents
      const chunks = [`{"version":${CHECKPOINT_VERSION},"savedAtMs":${JSON.stringify(nowMs)},"agents":[`];
      for await (const slice of inTurns(agents, AGENTS_PER_TURN)) {
        const records = slice.map((record) => JSON.stringify(record)).join(',');
        chunks.push(chunks.length > 1 ? `,${records}` : records);
      }
      chunks.push(`],"incidents":${JSON.stringify(incidents())}}`);
      const replaced = await writeFileAtomicInBackground(this.path, chunks, () => seq > this.written);
      if (!replaced) return 'superseded';
      this.written = seq;
      return 'written';
    };
    this.background = run().finally(() => {
      this.background = undefined;
    });
    return this.background;
  }
}
