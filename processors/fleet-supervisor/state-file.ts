import { readFileSync } from 'node:fs';
import type { AgentRecord } from '../heartbeat/types';
import { writeFileAtomic } from '../shared/atomic-file';

export const CHECKPOINT_VERSION = 1;

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
 * watchdog saves it before each action, so an action never runs twice. Writes are synchronous: one write every few seconds is cheaper
 * than reasoning about overlapping async writes during shutdown.
 */
export class StateCheckpoint {
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
    const data: CheckpointData = { version: CHECKPOINT_VERSION, savedAtMs: nowMs, agents, incidents };
    writeFileAtomic(this.path, JSON.stringify(data));
  }
}
