// what a game day asks the running stack: Prometheus (loaded rules, firing alerts), Alertmanager
// (API v2: routed alerts) and the watchdog (its action audit). Each call has a timeout; a failed
// call reads as "not yet", and the caller's deadline decides.

export interface ProbeUrls {
  prometheus: string;
  alertmanager: string;
  heartbeat: string;
}

const TIMEOUT_MS = 3_000;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok) throw new Error(`GET ${url} -> HTTP ${res.status}`);
  return (await res.json()) as T;
}

interface Labelled {
  labels: Record<string, string>;
}

/** the names of the alerting rules Prometheus has loaded. */
export async function loadedAlertRules(urls: ProbeUrls): Promise<Set<string>> {
  const body = await getJson<{ data: { groups: { rules: { name: string; type: string }[] }[] } }>(
    `${urls.prometheus}/api/v1/rules?type=alert`,
  );
  return new Set(
    body.data.groups.flatMap((g) => g.rules.filter((r) => r.type === 'alerting').map((r) => r.name)),
  );
}

/** whether `alertname` fires in Prometheus for `agentId`. */
export async function firingInPrometheus(
  urls: ProbeUrls,
  alertname: string,
  agentId: string,
): Promise<boolean> {
  const body = await getJson<{ data: { alerts: (Labelled & { state: string })[] } }>(
    `${urls.prometheus}/api/v1/alerts`,
  );
  return body.data.alerts.some(
    (a) => a.labels.alertname === alertname && a.labels.agent_id === agentId && a.state === 'firing',
  );
}

/** whether Alertmanager holds `alertname` for `agentId` as active (received and routed). */
export async function activeInAlertmanager(
  urls: ProbeUrls,
  alertname: string,
  agentId: string,
): Promise<boolean> {
  const params = new URLSearchParams();
  params.append('filter', `alertname=${JSON.stringify(alertname)}`);
  params.append('filter', `agent_id=${JSON.stringify(agentId)}`);
  const alerts = await getJson<(Labelled & { status: { state: string } })[]>(
    `${urls.alertmanager}/api/v2/alerts?${params}`,
  );
  return alerts.some((a) => a.status.state === 'active');
}

/** the watchdog's successful first-level actions of `policy` for `agentId`, one per incident. */
export async function remediations(urls: ProbeUrls, policy: string, agentId: string): Promise<number> {
  const body = await getJson<{
    actions: { policy: string; incident: string; level: number; result: string }[];
    incidents: { key: string; subject: { agentId?: string } }[];
  }>(`${urls.heartbeat}/v1/watchdog/actions?limit=1000`);
  const ofAgent = new Set(body.incidents.filter((i) => i.subject.agentId === agentId).map((i) => i.key));
  const done = body.actions.filter(
    (a) => a.policy === policy && a.level === 0 && a.result === 'success' && ofAgent.has(a.incident),
  );
  return new Set(done.map((a) => a.incident)).size;
}

/** whether a backend answers its readiness endpoint. */
export async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
