import type { AgentDetail } from '../shared/agent-view';

// what the console reads from the service it is mounted in, declared here so the console imports
// neither the heartbeat receiver nor the watchdog; processors/fleet-supervisor wires both in.

/** the fleet's agents; a `Map` of the heartbeat receiver's records satisfies it. */
export interface FleetSource {
  get(agentId: string): AgentDetail | undefined;
  has(agentId: string): boolean;
  values(): Iterable<AgentDetail>;
}

/** one watchdog action attempt as the console lists it, with the agent its incident is about. */
export interface ActionView {
  at: string;
  policy: string;
  incident: string;
  level: number;
  action: string;
  target: string;
  attempt: number;
  result: string;
  error?: string;
  agent_id?: string;
}

/** the watchdog's recent action attempts, newest first. */
export interface ActionSource {
  recentActions(): ActionView[];
}
