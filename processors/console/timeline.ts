/** a stretch of time in one state (or on-track status), for a timeline bar. */
export interface Segment {
  value: string;
  fromMs: number;
  toMs: number;
  /** why the stretch began, when known (the transition's reason). */
  reason?: string;
}

/** a state change as the heartbeat receiver keeps it in an agent's recent transitions. */
export interface StateChange {
  from: string;
  to: string;
  reason: string;
  atMs: number;
}

/**
 * the states of one agent over [windowStartMs, nowMs] from its recent transitions (oldest first)
 * and its current state. Before the first kept transition the agent was in that transition's
 * `from` state; with none, in its current state since `stateSinceMs`. Transitions before the
 * window only set the state the window starts in. Adjacent equal segments merge; a zero-length
 * stretch is dropped.
 */
export function stateSegments(
  transitions: StateChange[],
  current: { state: string; sinceMs: number },
  windowStartMs: number,
  nowMs: number,
  /** when the agent became known: the state before its first kept transition is not drawn earlier. */
  knownFromMs = windowStartMs,
): Segment[] {
  const sorted = [...transitions].filter((t) => t.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs);
  const segments: Segment[] = [];
  const push = (value: string, fromMs: number, toMs: number, reason?: string) => {
    const from = Math.max(fromMs, windowStartMs);
    if (toMs <= from) return;
    const last = segments[segments.length - 1];
    if (last && last.value === value && last.toMs >= from) {
      last.toMs = toMs;
      return;
    }
    segments.push(
      reason === undefined ? { value, fromMs: from, toMs } : { value, fromMs: from, toMs, reason },
    );
  };
  if (sorted.length === 0) {
    // no history kept: the current state, from when it began (it may predate the window).
    push(current.state, Math.min(current.sinceMs, nowMs), nowMs);
    return segments;
  }
  push(sorted[0].from, Math.max(windowStartMs, Math.min(knownFromMs, nowMs)), sorted[0].atMs);
  sorted.forEach((t, i) => {
    const end = i + 1 < sorted.length ? sorted[i + 1].atMs : nowMs;
    push(t.to, t.atMs, end, t.reason);
  });
  // the kept history can miss the last change (a cap of 0, or a restore): the current state wins.
  const last = segments[segments.length - 1];
  if (last && last.value !== current.state && current.sinceMs >= last.fromMs) {
    last.toMs = Math.max(last.fromMs, current.sinceMs);
    push(current.state, current.sinceMs, nowMs);
  }
  return segments.filter((s) => s.toMs > s.fromMs);
}

/**
 * a state-set metric (one 0/1 series per value, e.g. `agent_on_track{status}`) as segments:
 * at each sample time the value whose series is 1. A sample time with no series at 1 is a gap.
 * Each point covers [t, t + stepMs).
 */
export function stateSetSegments(
  series: { value: string; points: [number, number][] }[],
  stepMs: number,
): Segment[] {
  const at = new Map<number, string>();
  for (const s of series) {
    for (const [tMs, v] of s.points) if (v === 1) at.set(tMs, s.value);
  }
  const times = [...at.keys()].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (const t of times) {
    const value = at.get(t)!;
    const last = segments[segments.length - 1];
    if (last && last.value === value && last.toMs >= t) last.toMs = t + stepMs;
    else segments.push({ value, fromMs: t, toMs: t + stepMs });
  }
  return segments;
}
