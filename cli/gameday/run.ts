import { randomBytes } from 'node:crypto';
import { type FaultSpec, policyName } from './faults';
import { assignAgents, type RunningFleet, startFleet } from './fleet-runner';
import {
  activeInAlertmanager,
  firingInPrometheus,
  loadedAlertRules,
  type ProbeUrls,
  ready,
  remediations,
} from './probes';
import { type FaultOutcome, formatTimeline, verdict } from './timeline';

export interface GamedayOptions {
  root: string;
  workDir: string;
  faults: FaultSpec[];
  /** the whole run, warm-up included, in seconds. */
  durationS: number;
  /** seconds of normal work before the faults, so the anomaly rules have a baseline. */
  warmupS: number;
  agents: number;
  rate: number;
  heartbeatPort: number;
  controlPort: number;
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** one progress line. */
  progress: (line: string) => void;
  /** the timeline and verdict. */
  print: (text: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const POLL_MS = 1000;

async function inject(fleet: RunningFleet, o: FaultOutcome): Promise<string | undefined> {
  try {
    const res = await fetch(`${fleet.controlUrl}/faults/${o.fault.name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agent_id: o.agentId }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) return `the fleet refused the fault: HTTP ${res.status} ${await res.text()}`;
    return undefined;
  } catch (err) {
    return `the fleet did not take the fault: ${(err as Error).message}`;
  }
}

/** advances one fault by what the stack shows now; returns whether it needs no more polling. */
async function observe(urls: ProbeUrls, o: FaultOutcome, now: () => number, say: (l: string) => void) {
  if (o.problem !== undefined || o.injectedMs === undefined) return true;
  const { alertname } = o.fault;
  if (o.detectedMs === undefined && (await firingInPrometheus(urls, alertname, o.agentId))) {
    o.detectedMs = now();
    say(
      `${o.fault.name}: ${alertname} fires for ${o.agentId} (${((o.detectedMs - o.injectedMs) / 1000).toFixed(1)} s)`,
    );
  }
  if (o.routedMs === undefined && (await activeInAlertmanager(urls, alertname, o.agentId))) {
    o.routedMs = now();
    // Alertmanager only holds alerts that fired: one seen there first fired by now at the latest
    if (o.detectedMs === undefined) {
      o.detectedMs = o.routedMs;
      say(
        `${o.fault.name}: ${alertname} fires for ${o.agentId} (${((o.detectedMs - o.injectedMs) / 1000).toFixed(1)} s)`,
      );
    }
    say(`${o.fault.name}: Alertmanager routes ${alertname}`);
  }
  const done = await remediations(urls, policyName(o.fault.name), o.agentId);
  if (done > 0 && o.remediatedMs === undefined) {
    o.remediatedMs = now();
    say(`${o.fault.name}: the watchdog remediated ${o.agentId} (${o.fault.remediation})`);
  }
  o.remediations = done;
  return o.detectedMs !== undefined && o.routedMs !== undefined && o.remediatedMs !== undefined;
}

/** runs a game day; resolves with the exit code (0: every fault seen). */
export async function runGameday(opts: GamedayOptions): Promise<number> {
  const now = () => Date.now();
  const say = (line: string) => opts.progress(`[gameday ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const startMs = now();
  const deadline = startMs + opts.durationS * 1000;
  // agent ids of this run only: an alert still firing from an earlier run (a rate over an hour)
  // must not count as this run's detection, nor its remediation as this run's
  const idPrefix = `gd${randomBytes(2).toString('hex')}-`;
  const assigned = assignAgents(opts.faults, opts.agents, idPrefix);
  if (typeof assigned === 'string') throw new Error(assigned);
  const urls: ProbeUrls = {
    prometheus: opts.prometheusUrl,
    alertmanager: opts.alertmanagerUrl,
    heartbeat: `http://127.0.0.1:${opts.heartbeatPort}`,
  };
  for (const [name, url] of [
    ['Prometheus', `${urls.prometheus}/-/ready`],
    ['Alertmanager', `${urls.alertmanager}/-/ready`],
  ]) {
    if (!(await ready(url)))
      throw new Error(`${name} does not answer at ${url}: start the stack first (agent-otel stack up)`);
  }
  const outcomes: FaultOutcome[] = assigned.map(({ spec, agentId }) => ({
    fault: spec,
    agentId,
    remediations: 0,
  }));
  // a fault whose rule Prometheus lacks can never be detected: unseen from the start
  const rules = await loadedAlertRules(urls);
  for (const o of outcomes) {
    if (!rules.has(o.fault.alertname))
      o.problem = `no alert rule named ${o.fault.alertname} is loaded in Prometheus`;
  }

  say(`starting the demo fleet: ${opts.agents} agents, ${opts.rate} tasks/s, work directory ${opts.workDir}`);
  const fleet = startFleet({
    root: opts.root,
    workDir: opts.workDir,
    agents: opts.agents,
    rate: opts.rate,
    heartbeatPort: opts.heartbeatPort,
    controlPort: opts.controlPort,
    idPrefix,
    faults: assigned,
  });
  const stopOnSignal = () => void fleet.stop().then(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    say(`warming up for ${opts.warmupS} s (a baseline for the anomaly rules)`);
    const warmEnd = Math.min(deadline, startMs + opts.warmupS * 1000);
    while (now() < warmEnd) {
      const gone = fleet.exited();
      if (gone) throw new Error(gone);
      await sleep(Math.min(POLL_MS, warmEnd - now()));
    }
    for (const o of outcomes) {
      if (o.problem) {
        say(`${o.fault.name}: not injected: ${o.problem}`);
        continue;
      }
      const refused = await inject(fleet, o);
      if (refused) o.problem = refused;
      else {
        o.injectedMs = now();
        say(
          `${o.fault.name}: injected into ${o.agentId} (${o.fault.what}); waiting for ${o.fault.alertname}`,
        );
      }
    }
    const pending = new Set(outcomes);
    while (pending.size > 0 && now() < deadline) {
      const gone = fleet.exited();
      if (gone) throw new Error(gone);
      for (const o of [...pending]) {
        try {
          if (await observe(urls, o, now, say)) pending.delete(o);
        } catch (err) {
          say(`${o.fault.name}: a probe failed (${(err as Error).message}); trying again`);
        }
      }
      await sleep(POLL_MS);
    }
    // a second remediation would show after the first: one more look at the count
    for (const o of outcomes) {
      if (o.remediatedMs !== undefined)
        o.remediations = await remediations(urls, policyName(o.fault.name), o.agentId).catch(
          () => o.remediations,
        );
    }
    if (pending.size > 0)
      say(
        `the ${opts.durationS} s of the run are over; not fully seen: ${[...pending].map((o) => o.fault.name).join(', ')}`,
      );
  } finally {
    say('stopping the demo fleet');
    await fleet.stop();
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
  const result = verdict(outcomes);
  opts.print(`\n${formatTimeline(outcomes, startMs)}\n\n${result.message}\n`);
  return result.code;
}
