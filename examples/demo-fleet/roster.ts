/** the demo fleet's roles, in the order agents are given them. */
export const ROLES = ['planner', 'coder', 'reviewer', 'tester', 'researcher'];

/**
 * the id and role of the `i`-th agent (0-based) of a demo fleet: planner-1, coder-2, ...; a prefix
 * makes a run's agents its own (a game day's alerts never match an earlier run's agents).
 */
export function demoAgent(i: number, prefix = ''): { id: string; role: string } {
  const role = ROLES[i % ROLES.length];
  return { id: `${prefix}${role}-${i + 1}`, role };
}
