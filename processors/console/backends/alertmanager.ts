import { type BackendOptions, type BackendResult, getJson, getText } from './http';

/** an alert as Alertmanager's v2 API returns it (`GET /api/v2/alerts`). */
export interface AmAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  fingerprint: string;
  generatorURL?: string;
  status?: { state: string; silencedBy?: string[]; inhibitedBy?: string[] };
}

/** the Alertmanager v2 API. */
export class AlertmanagerClient {
  constructor(private readonly options: BackendOptions) {}

  async ready(): Promise<BackendResult<true>> {
    const res = await getText(`${this.options.url}/-/ready`, this.options.timeoutMs);
    return res.ok ? { ok: true, data: true } : res;
  }

  /** active (firing, not silenced or inhibited) alerts, newest first. */
  async activeAlerts(): Promise<BackendResult<AmAlert[]>> {
    const params = new URLSearchParams({ active: 'true', silenced: 'false', inhibited: 'false' });
    const res = await getJson<AmAlert[]>(
      `${this.options.url}/api/v2/alerts?${params}`,
      this.options.timeoutMs,
    );
    if (!res.ok) return res;
    const alerts = Array.isArray(res.data) ? [...res.data] : [];
    alerts.sort((a, b) => b.startsAt.localeCompare(a.startsAt));
    return { ok: true, data: alerts };
  }
}
