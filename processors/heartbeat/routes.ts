import type { Request, Response, Router } from 'express';
import express from 'express';
import { agentDetailView, fleetView } from '../shared/agent-view';
import type { ServiceLogger } from '../shared/logger';
import type { HeartbeatExporter } from './exporter';
import type { Fleet } from './fleet';

export interface HeartbeatRouteDeps {
  fleet: Fleet;
  exporter: HeartbeatExporter;
  log: ServiceLogger;
  maxBatch: number;
  now: () => number;
}

/** the fleet's data; mounted before or after the token guard (receiver.public_status_page). */
export function fleetRoutes(deps: HeartbeatRouteDeps): Router {
  const router = express.Router();
  router.get('/v1/agents', (req: Request, res: Response) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    const role = typeof req.query.role === 'string' ? req.query.role : undefined;
    res.json(fleetView(deps.fleet.agents.values(), deps.now(), { state, role }));
  });
  router.get('/v1/agents/:agentId', (req: Request, res: Response) => {
    const agentId = String(req.params.agentId);
    const record = deps.fleet.agents.get(agentId);
    if (!record) {
      res.status(404).json({ error: `no agent '${agentId}'` });
      return;
    }
    res.json(agentDetailView(record, deps.now()));
  });
  return router;
}

/** the operator's pause/resume; always behind the token guard (intake is intake-handler.ts). */
export function heartbeatRoutes(deps: HeartbeatRouteDeps): Router {
  const router = express.Router();
  for (const action of ['pause', 'resume'] as const) {
    router.post(`/v1/agents/:agentId/${action}`, (req: Request, res: Response) => {
      const agentId = String(req.params.agentId);
      const record = deps.fleet[action](agentId, deps.now());
      if (!record) {
        res.status(404).json({ error: `no agent '${agentId}'` });
        return;
      }
      res.json({ agent_id: agentId, state: record.state });
    });
  }
  return router;
}
