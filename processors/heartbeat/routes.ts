import type { Request, Response, Router } from 'express';
import express from 'express';
import { fleetView } from '../shared/agent-view';
import type { ServiceLogger } from '../shared/logger';
import type { HeartbeatExporter } from './exporter';
import type { Fleet } from './fleet';
import { parseHeartbeatBody } from './intake';

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
  return router;
}

/** heartbeat intake and the operator's pause/resume; always behind the token guard. */
export function heartbeatRoutes(deps: HeartbeatRouteDeps): Router {
  const router = express.Router();
  const loggedReasons = new Set<string>();
  // each kind of bad input is logged once; the rejected-heartbeats metric counts every one.
  const reject = (reason: string, count: number, detail: string) => {
    deps.exporter.reject(reason, count);
    if (!loggedReasons.has(reason)) {
      loggedReasons.add(reason);
      deps.log.warn(
        `heartbeat rejected (${reason}): ${detail}; further ones are only counted in heartbeat_rejected`,
      );
    }
  };

  router.post('/v1/heartbeats', (req: Request, res: Response) => {
    const parsed = parseHeartbeatBody(req.body, deps.maxBatch);
    if (typeof parsed === 'string') {
      reject('invalid_body', 1, parsed);
      res.status(400).json({ error: parsed });
      return;
    }
    const nowMs = deps.now();
    const rejected = [...parsed.rejected];
    if (rejected.length > 0) reject('invalid_item', rejected.length, rejected[0].error);
    let accepted = 0;
    for (const { index, heartbeat } of parsed.items) {
      const error = deps.fleet.receive(heartbeat, nowMs);
      if (error === undefined) {
        accepted++;
        continue;
      }
      reject('agent_cap', 1, error);
      rejected.push({ index, error });
    }
    rejected.sort((a, b) => a.index - b.index);
    res.status(202).json({ accepted, rejected });
  });

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
