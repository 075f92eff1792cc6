import type { AgentSummary } from '../protocol/heartbeat-summary';
import { DEFAULT_COUNTER_NAMESPACE } from './config/defaults';
import { CounterRecorder } from './counter';
import type { HeartbeatUpdate } from './heartbeat';
import { currentSdk } from './sdk/state';
import type { CounterTags, HeartbeatSignal, HeartbeatStatus } from './types';

// before init() counters still go to the global meter (a no-op until a provider exists)
let fallback: CounterRecorder | undefined;

/**
 * adds `value` to the monotonic counter `<namespace>_<name>`, tag keys in snake_case; with a
 * counters file configured, also appends the seed-000 JSON line.
 */
export function counter(name: string, value = 1, tags?: CounterTags): void {
  let recorder = currentSdk()?.counters;
  if (recorder === undefined) {
    fallback ??= new CounterRecorder(DEFAULT_COUNTER_NAMESPACE);
    recorder = fallback;
  }
  recorder.add(name, value, tags);
}

/** the process's heartbeat sender; every method is a no-op when heartbeats are off. */
export const heartbeat = {
  /** sets the on-track status carried by later beats. */
  setStatus(status: HeartbeatStatus): void {
    currentSdk()?.heartbeat?.update({ status });
  },
  /** merges status, task, phase or attributes into later beats. */
  update(patch: HeartbeatUpdate): void {
    currentSdk()?.heartbeat?.update(patch);
  },
  /**
   * sets the agent's summary of itself (current activity, confidence 0..1, drift reasons,
   * recommended action), carried by every later beat; `null` clears it.
   */
  setSummary(summary: AgentSummary | null): void {
    currentSdk()?.heartbeat?.update({ summary });
  },
  /** sends one beat now with a lifecycle signal; resolves to whether the receiver accepted it. */
  signal(kind: HeartbeatSignal): Promise<boolean> {
    return currentSdk()?.heartbeat?.signal(kind) ?? Promise.resolve(false);
  },
};
