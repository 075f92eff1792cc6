import { z } from 'zod';
import { httpConfigShape } from '../shared/http-config';

// the heartbeat receiver's blocks of the service config (processors/fleet-supervisor/config.ts)
// and their defaults, each documented in processors/heartbeat/README.md.
export const DEFAULT_PORT = 9412;
export const DEFAULT_MAX_AGENTS = 10_000;
export const DEFAULT_MAX_BATCH = 1_000;
export const DEFAULT_PERIOD_S = 30;
export const DEFAULT_GRACE_S = 15;
export const DEFAULT_TICK_MS = 250;
export const DEFAULT_CHECKPOINT_INTERVAL_S = 5;
export const DEFAULT_RECENT_TRANSITIONS = 20;
export const DEFAULT_RECENT_SUMMARIES = 20;
export const DEFAULT_STATE_FILE = 'state/heartbeat/receiver-state.json';

const timingOverride = z.strictObject({
  period_s: z.number().positive().optional(),
  grace_s: z.number().min(0).optional(),
  run_grace_s: z.number().positive().optional(),
});

export const receiverSchema = z.strictObject({
  ...httpConfigShape(DEFAULT_PORT),
  max_agents: z.number().int().positive().default(DEFAULT_MAX_AGENTS),
  max_batch: z.number().int().positive().default(DEFAULT_MAX_BATCH),
  tick_ms: z.number().int().min(10).default(DEFAULT_TICK_MS),
  /** empty string disables persistence. */
  state_file: z.string().default(DEFAULT_STATE_FILE),
  checkpoint_interval_s: z.number().positive().default(DEFAULT_CHECKPOINT_INTERVAL_S),
  recent_transitions: z.number().int().min(0).default(DEFAULT_RECENT_TRANSITIONS),
  /** distinct agent summaries kept per agent (memory, checkpoint, API); 0 keeps none. */
  recent_summaries: z.number().int().min(0).max(1000).default(DEFAULT_RECENT_SUMMARIES),
  /** when false, the console's data (`/v1/agents`, `/v1/console/...`) needs the bearer token too. */
  public_status_page: z.boolean().default(true),
});

export const timingSchema = z.strictObject({
  period_s: z.number().positive().default(DEFAULT_PERIOD_S),
  grace_s: z.number().min(0).default(DEFAULT_GRACE_S),
  /**
   * unset: runs are not timed. The SDK sends `start` when its process starts, so timing every
   * `start` would mark long-lived agents down; set it (per role) for job-style agents.
   */
  run_grace_s: z.number().positive().optional(),
  /** when true, an agent's own interval_s is its period unless a role or agent override is set. */
  trust_sender_interval: z.boolean().default(true),
  roles: z.record(z.string(), timingOverride).default({}),
  agents: z.record(z.string(), timingOverride).default({}),
});

const inventoryEntry = z.strictObject({
  agent_id: z.string().min(1).max(128),
  role: z.string().min(1).max(64).optional(),
  name: z.string().max(128).optional(),
});

export const inventorySchema = z.array(inventoryEntry).default([]);

export type ReceiverConfig = z.infer<typeof receiverSchema>;
export type TimingConfig = z.infer<typeof timingSchema>;
export type InventoryConfig = z.infer<typeof inventorySchema>;

/** rules across the blocks: inventory ids are unique and fit under receiver.max_agents. */
export function checkInventory(
  cfg: { receiver: ReceiverConfig; inventory: InventoryConfig },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  cfg.inventory.forEach((entry, i) => {
    if (seen.has(entry.agent_id)) {
      ctx.addIssue({ code: 'custom', path: ['inventory', i, 'agent_id'], message: 'duplicate agent_id' });
    }
    seen.add(entry.agent_id);
  });
  if (cfg.inventory.length > cfg.receiver.max_agents) {
    ctx.addIssue({ code: 'custom', path: ['inventory'], message: 'more entries than receiver.max_agents' });
  }
}
