import type { Request, Response, Router } from 'express';
import express from 'express';
import type { AgentLookup } from '../shared/agent-snapshot';
import type { ServiceLogger } from '../shared/logger';
import { parseAlertmanagerPayload } from './alertmanager';
import type { ActionAuditLog } from './audit';
import type { Watchdog } from './watchdog';

export interface WatchdogRouteDeps {
  watchdog: Watchdog;
  audit: ActionAuditLog;
  /** the agents a manual action may name. */
  agents: AgentLookup;
  log: ServiceLogger;
  /** manual actions need a configured bearer token: without one anybody on the host could run them. */
  manualAllowed: boolean;
}

/** the alertmanager webhook (`POST /v1/alertmanager`); guarded by watchdog.alertmanager_token if set. */
export function alertmanagerRoute(deps: WatchdogRouteDeps): Router {
  const router = express.Router();
  router.post('/v1/alertmanager', (req: Request, res: Response) => {
    const alerts = parseAlertmanagerPayload(req.body);
    if (typeof alerts === 'string') {
      deps.audit.alert('invalid_payload');
      deps.log.warn(`alertmanager webhook rejected: ${alerts}`);
      res.status(400).json({ error: alerts });
      return;
    }
    const opened = deps.watchdog.receiveAlerts(alerts);
    res.json({ received: alerts.length, opened });
  });
  return router;
}

/** policy inspection, recent actions and manual actions; behind the receiver's token guard. */
export function watchdogApiRoutes(deps: WatchdogRouteDeps): Router {
  const router = express.Router();
  router.get('/v1/watchdog/policies', (_req, res) => {
    res.json({ policies: deps.watchdog.listPolicies() });
  });
  router.get('/v1/watchdog/actions', (req: Request, res: Response) => {
    const limit = Number(req.query.limit ?? 100);
    const incidents = [...deps.watchdog.incidents.values()].slice(-100).reverse();
    res.json({ actions: deps.audit.list(Number.isFinite(limit) && limit > 0 ? limit : 100), incidents });
  });
  router.post('/v1/watchdog/actions', (req: Request, res: Response) => {
    if (!deps.manualAllowed) {
      res.status(403).json({ error: 'manual actions need receiver.bearer_token to be configured' });
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 256 ? v : undefined);
    const policy = str(body.policy);
    if (!policy) {
      res.status(400).json({ error: 'policy: expected the name of a configured policy' });
      return;
    }
    const agentId = str(body.agent_id);
    const agent = agentId ? deps.agents.get(agentId) : undefined;
    if (agentId && !agent) {
      res.status(404).json({ error: `agent_id: no agent '${agentId}'` });
      return;
    }
    const result = deps.watchdog.manual(policy, agent, str(body.reason), str(body.idempotency_key));
    if (typeof result === 'string') {
      res.status(404).json({ error: `policy: ${result}` });
      return;
    }
    res.status(202).json({ incident: result.key, duplicate: result.duplicate });
  });
  return router;
}
