import { renameSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import express, { type Request, type Response } from 'express';
import { createConsole } from '../console';
import { HeartbeatExporter } from '../heartbeat/exporter';
import { Fleet } from '../heartbeat/fleet';
import { FleetMetricsProducer } from '../heartbeat/fleet-metrics';
import { createIntakeHandler } from '../heartbeat/intake-handler';
import { fleetRoutes, heartbeatRoutes } from '../heartbeat/routes';
import { authFailureCounter, bearerGuard } from '../shared/bearer-auth';
import { createHttpApp, errorHandler, listen, listenerOptions } from '../shared/http-server';
import type { ServiceLogger } from '../shared/logger';
import { createServiceTelemetry, type ServiceTelemetry } from '../shared/telemetry';
import { ActionAuditLog } from '../watchdog/audit';
import { alertmanagerRoute, watchdogApiRoutes } from '../watchdog/routes';
import { Watchdog } from '../watchdog/watchdog';
import type { HeartbeatConfig } from './config';
import { StateCheckpoint } from './state-file';

const SHUTDOWN_FLUSH_MS = 3_000;

export interface HeartbeatService {
  url: string;
  server: Server;
  fleet: Fleet;
  watchdog: Watchdog;
  /** runs once: stops intake and timers, lets running actions finish, checkpoints, flushes OTLP. */
  shutdown(): Promise<void>;
}

export interface HeartbeatServiceOptions {
  config: HeartbeatConfig;
  log: ServiceLogger;
  /** injected by tests; defaults to Date.now. */
  now?: () => number;
  /** injected by tests; defaults to the OTLP telemetry of processors/shared. */
  telemetry?: ServiceTelemetry;
}

/** starts the heartbeat receiver, the watchdog and the fleet console. */
export async function startHeartbeatService(options: HeartbeatServiceOptions): Promise<HeartbeatService> {
  const { config, log } = options;
  const now = options.now ?? Date.now;
  const rc = config.receiver;
  const telemetry =
    options.telemetry ??
    createServiceTelemetry({
      serviceName: config.service_name,
      exportIntervalMillis: config.export_interval_ms,
    });

  const fleet = new Fleet(
    {
      timing: config.timing,
      inventory: config.inventory,
      maxAgents: rc.max_agents,
      recentTransitions: rc.recent_transitions,
      recentSummaries: rc.recent_summaries,
    },
    now(),
  );
  telemetry.addMetricProducer(new FleetMetricsProducer(fleet, config.service_name, now));
  const exporter = new HeartbeatExporter(telemetry.meter, telemetry.logger);
  const audit = new ActionAuditLog(telemetry.meter, telemetry.logger, config.watchdog.recent_actions);
  const checkpoint = rc.state_file ? new StateCheckpoint(rc.state_file) : undefined;
  const save = () => {
    if (!checkpoint) return;
    try {
      checkpoint.save([...fleet.agents.values()], [...watchdog.incidents.values()], now());
    } catch (err) {
      log.error(`cannot write state file ${rc.state_file}: ${(err as Error).message}`);
    }
  };
  // the watchdog saves before it runs an action, so a crash never runs one twice.
  const watchdog = new Watchdog(config.watchdog, audit, log, now, save);
  if (checkpoint) {
    try {
      const saved = checkpoint.load();
      if (saved) {
        const restored = fleet.restore(saved.agents, now());
        watchdog.restore(saved.incidents);
        log.info(`restored ${restored} agents from ${rc.state_file}`);
      }
    } catch (err) {
      // a corrupt state file must not keep the receiver down; keep it aside for a look.
      const aside = `${rc.state_file}.corrupt-${now()}`;
      renameSync(rc.state_file, aside);
      log.error(`${(err as Error).message}; moved it to ${aside} and started with an empty fleet`);
    }
  }
  // listeners are attached after the restore, so restoring emits no events.
  fleet.listen(exporter);

  const deps = { fleet, exporter, log, maxBatch: rc.max_batch, now };
  const wdDeps = { watchdog, audit, agents: fleet.agents, log, manualAllowed: rc.bearer_token !== undefined };
  const listener = listenerOptions(rc);
  const onReject = (reason: string) => exporter.reject(reason);

  const app = express();
  app.disable('x-powered-by');
  // etags cost a hash per response and no client of this api revalidates.
  app.set('etag', false);
  // the console's pages carry no data unless it is public; its data routes sit where /v1/agents does.
  const fleetConsole = createConsole({
    config: config.console,
    agents: fleet.agents,
    actions: {
      recentActions: () =>
        audit.list().map((a) => ({ ...a, agent_id: watchdog.incidents.get(a.incident)?.subject.agentId })),
    },
    now,
    publicData: rc.public_status_page,
  });
  app.use(fleetConsole.pages);
  if (rc.public_status_page) app.use(fleetRoutes(deps), fleetConsole.dataRoutes);
  // alertmanager sends no bearer token, so its route has its own (optional) one.
  const amToken = config.watchdog.alertmanager_token;
  const amGuards = amToken
    ? [
        bearerGuard({
          token: amToken,
          listener: 'alertmanager',
          onFailure: authFailureCounter(telemetry.meter, 'alertmanager'),
        }),
      ]
    : [];
  app.use('/v1/alertmanager', ...amGuards, express.json({ limit: rc.body_limit }));
  app.use(alertmanagerRoute(wdDeps));
  const guarded = createHttpApp(listener, {
    listener: 'heartbeat',
    health: () => ({ agents: fleet.agents.size }),
    onReject,
    meter: telemetry.meter,
  });
  if (!rc.public_status_page) guarded.use(fleetRoutes(deps), fleetConsole.dataRoutes);
  guarded.use(heartbeatRoutes(deps));
  guarded.use(watchdogApiRoutes(wdDeps));
  guarded.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'no such route' });
  });
  app.use(guarded);
  app.use(errorHandler(onReject));

  // heartbeat intake is served before express: it is the hot route (see intake-handler.ts).
  const intake = createIntakeHandler({
    fleet,
    count: (reason, n) => exporter.reject(reason, n),
    onAuthFailure: authFailureCounter(telemetry.meter, 'heartbeat'),
    log,
    maxBatch: rc.max_batch,
    bodyLimit: rc.body_limit,
    bearerToken: rc.bearer_token,
    now,
  });
  const dispatch: RequestListener = (req, res) => {
    if (!intake(req, res)) app(req, res);
  };
  const server = await listen(dispatch, listener);
  const address = server.address() as AddressInfo;
  const url = `http://${rc.host.includes(':') ? `[${rc.host}]` : rc.host}:${address.port}`;

  let tickErrors = 0;
  const ticker = setInterval(() => {
    const nowMs = now();
    try {
      fleet.tick(nowMs);
      watchdog.tick(fleet.agents.values(), nowMs);
    } catch (err) {
      // keep serving; log the first failures only, a broken tick would repeat every interval.
      if (tickErrors++ < 5) log.error(`state evaluation failed: ${(err as Error).stack ?? err}`);
    }
  }, rc.tick_ms);
  ticker.unref();
  // the periodic save keeps intake going meanwhile (see StateCheckpoint.saveInBackground)
  const saveInBackground = () => {
    checkpoint
      ?.saveInBackground(fleet.agents.values(), () => [...watchdog.incidents.values()], now())
      .catch((err: Error) => log.error(`cannot write state file ${rc.state_file}: ${err.message}`));
  };
  const saver = setInterval(saveInBackground, rc.checkpoint_interval_s * 1000);
  saver.unref();
  log.info(`heartbeat receiver listening on ${url} (fleet console ${url}/)`, { agents: fleet.agents.size });

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      clearInterval(ticker);
      clearInterval(saver);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await watchdog.shutdown();
      save();
      // an unreachable collector must not hold the exit: the exporters retry for a long time.
      const flushed = telemetry
        .flush()
        .catch((err: Error) => log.warn(`final OTLP flush failed: ${err.message}`))
        .then(() => telemetry.shutdown());
      const limit = new Promise<void>((r) => setTimeout(r, SHUTDOWN_FLUSH_MS).unref());
      await Promise.race([flushed, limit]);
    })();
    return stopping;
  };
  return { url, server, fleet, watchdog, shutdown };
}
