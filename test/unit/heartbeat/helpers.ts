import type { HeartbeatConfig } from '../../../processors/fleet-supervisor/config';
import { heartbeatConfigSchema } from '../../../processors/fleet-supervisor/config';
import { Fleet } from '../../../processors/heartbeat/fleet';
import type { AgentRecord, Transition } from '../../../processors/heartbeat/types';
import type { ServiceLogger } from '../../../processors/shared/logger';

/** a validated config from a partial raw one, as a config file would give it. */
export function testConfig(raw: Record<string, unknown> = {}): HeartbeatConfig {
  return heartbeatConfigSchema.parse(raw);
}

/** a fleet on a fake clock that records every transition. */
export function testFleet(raw: Record<string, unknown> = {}, startMs = 1_000_000) {
  const config = testConfig(raw);
  const fleet = new Fleet(
    {
      timing: config.timing,
      inventory: config.inventory,
      maxAgents: config.receiver.max_agents,
      recentTransitions: config.receiver.recent_transitions,
      recentSummaries: config.receiver.recent_summaries,
    },
    startMs,
  );
  const transitions: Transition[] = [];
  const restarts: AgentRecord[] = [];
  fleet.listen({ transition: (t) => transitions.push(t), restart: (r) => restarts.push(r) });
  return { fleet, transitions, restarts, config };
}

/** a logger spy: keeps every line for assertions. */
export function spyLogger(): ServiceLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
  };
}
