import { dirname, join } from 'node:path';
import type { Request, Response, Router } from 'express';
import express from 'express';
import type { ConsoleData } from './data';
import { agentFragment, unknownAgentFragment } from './pages/agent';
import { fleetFragment } from './pages/fleet';
import type { Html } from './pages/html';
import { layout } from './pages/layout';
import { traceFragment } from './pages/trace';

export interface ConsoleRouteDeps {
  data: ConsoleData;
  /** the console's data is public (receiver.public_status_page): pages carry their content. */
  inline: boolean;
  /** the charts' window (console.window_s); `?window_s=` asks for another, up to maxWindowS. */
  windowS: number;
  maxWindowS: number;
}

const FLEET_REFRESH_MS = 2_000;
const AGENT_REFRESH_MS = 10_000;
const TRACE_REFRESH_MS = 30_000;
const UPLOT_DIR = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));

function windowOf(req: Request, fallback: number, max: number): number {
  const asked = Number(req.query.window_s);
  return Number.isFinite(asked) && asked >= 60 ? Math.min(asked, max) : fallback;
}

// each page: its content (an html fragment, with the HTTP status) from the request.
type Render = (req: Request) => Promise<{ status: number; html: Html }>;

function pages(deps: ConsoleRouteDeps) {
  const fleet: Render = async (req) => ({
    status: 200,
    html: fleetFragment(
      await deps.data.fleetPage({
        state: typeof req.query.state === 'string' ? req.query.state : undefined,
        role: typeof req.query.role === 'string' ? req.query.role : undefined,
      }),
    ),
  });
  const agent: Render = async (req) => {
    const id = String(req.params.agentId);
    const d = await deps.data.agentPage(id, windowOf(req, deps.windowS, deps.maxWindowS));
    return d ? { status: 200, html: agentFragment(d) } : { status: 404, html: unknownAgentFragment(id) };
  };
  const trace: Render = async (req) => ({
    status: 200,
    html: traceFragment(await deps.data.tracePage(String(req.params.traceId))),
  });
  return { fleet, agent, trace };
}

/**
 * the console's pages and assets. A page never needs the token itself: when the data is public
 * it carries its content, otherwise the script asks for the token and fetches the content from
 * the guarded fragment routes, exactly as the status page did with `/v1/agents`.
 */
export function consolePageRoutes(deps: ConsoleRouteDeps): Router {
  const router = express.Router();
  const render = pages(deps);
  const page =
    (
      title: (req: Request) => string,
      fragment: (req: Request) => string,
      refreshMs: number,
      r: Render,
      charts = false,
    ) =>
    async (req: Request, res: Response) => {
      const content = deps.inline ? await r(req) : undefined;
      res
        .status(content?.status ?? 200)
        .type('html')
        .send(
          layout({
            title: title(req),
            fragmentUrl: fragment(req),
            refreshMs,
            content: content?.html,
            charts,
          }),
        );
    };
  const enc = encodeURIComponent;
  router.get(
    '/',
    page(
      () => 'fleet',
      () => '/v1/console/html/',
      FLEET_REFRESH_MS,
      render.fleet,
    ),
  );
  router.get(
    '/agents/:agentId',
    page(
      (req) => `agent ${String(req.params.agentId)}`,
      (req) => `/v1/console/html/agents/${enc(String(req.params.agentId))}`,
      AGENT_REFRESH_MS,
      render.agent,
      true,
    ),
  );
  router.get(
    '/traces/:traceId',
    page(
      (req) => `trace ${String(req.params.traceId)}`,
      (req) => `/v1/console/html/traces/${enc(String(req.params.traceId))}`,
      TRACE_REFRESH_MS,
      render.trace,
    ),
  );
  // uPlot, served from its package so the console needs nothing from outside the host.
  for (const file of ['uPlot.iife.min.js', 'uPlot.min.css']) {
    router.get(`/console/assets/${file}`, (_req, res) => {
      res.set('cache-control', 'max-age=3600').sendFile(join(UPLOT_DIR, file));
    });
  }
  return router;
}

/** the console's data as JSON and as html fragments; mounted like `/v1/agents` (public or guarded). */
export function consoleDataRoutes(deps: ConsoleRouteDeps): Router {
  const router = express.Router();
  const render = pages(deps);
  const fragment = (r: Render) => async (req: Request, res: Response) => {
    const { status, html } = await r(req);
    res.status(status).type('html').send(html.value);
  };
  router.get('/v1/console/html/', fragment(render.fleet));
  router.get('/v1/console/html/agents/:agentId', fragment(render.agent));
  router.get('/v1/console/html/traces/:traceId', fragment(render.trace));

  router.get('/v1/console/fleet', async (req: Request, res: Response) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    const role = typeof req.query.role === 'string' ? req.query.role : undefined;
    res.json(await deps.data.fleetPage({ state, role }));
  });
  router.get('/v1/console/agents/:agentId', async (req: Request, res: Response) => {
    const id = String(req.params.agentId);
    const d = await deps.data.agentPage(id, windowOf(req, deps.windowS, deps.maxWindowS));
    if (!d) {
      res.status(404).json({ error: `no agent '${id}'` });
      return;
    }
    res.json(d);
  });
  router.get('/v1/console/traces/:traceId', async (req: Request, res: Response) => {
    res.json(await deps.data.tracePage(String(req.params.traceId)));
  });
  router.get('/v1/console/backends', async (_req: Request, res: Response) => {
    res.json({ backends: await deps.data.backends() });
  });
  return router;
}
