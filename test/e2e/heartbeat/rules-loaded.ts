import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../backends';
import { ENDPOINTS, ROOT, RUN_DIR } from '../stack';

/**
 * makes sure the running Prometheus has the heartbeat rules: the stack copies rules at start,
 * so a stack started before an edit gets the current file and a reload.
 */
export async function ensureHeartbeatRules(): Promise<void> {
  const rulesDir = join(RUN_DIR, 'config', 'prometheus', 'rules');
  if (!existsSync(rulesDir)) throw new Error(`no prometheus rules directory at ${rulesDir}`);
  copyFileSync(
    join(ROOT, 'collector-config', 'prometheus', 'rules', 'heartbeat.yml'),
    join(rulesDir, 'heartbeat.yml'),
  );
  const res = await fetch(`${ENDPOINTS.prometheus}/-/reload`, { method: 'POST' });
  if (!res.ok) throw new Error(`prometheus reload -> ${res.status}: ${await res.text()}`);
  await eventually('heartbeat rules loaded in prometheus', async () => {
    const rules = (await (await fetch(`${ENDPOINTS.prometheus}/api/v1/rules`)).json()) as {
      data: { groups: { name: string }[] };
    };
    return rules.data.groups.some((g) => g.name === 'agent_heartbeat_alerts') ? true : undefined;
  });
}
