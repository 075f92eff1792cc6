import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { demoAgent } from '../../examples/demo-fleet/roster';
import { type FaultSpec, policyName } from './faults';

// the demo fleet as `npm run demo` runs it (scripts/demo.sh), without the stack: the counters
// receiver, the heartbeat receiver + watchdog with one policy per injected fault, and the fleet,
// each a child process writing its log into the work directory.

export interface FleetOptions {
  root: string;
  workDir: string;
  agents: number;
  rate: number;
  heartbeatPort: number;
  controlPort: number;
  /** prefix of this run's agent ids. */
  idPrefix: string;
  faults: { spec: FaultSpec; agentId: string }[];
}

export interface RunningFleet {
  heartbeatUrl: string;
  controlUrl: string;
  /** names a child that has exited, with its log tail, or undefined while all run. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

/** the heartbeat receiver's config: the demo's timing, one alert policy per fault and agent. */
export function heartbeatConfig(o: FleetOptions): Record<string, unknown> {
  return {
    service_name: 'agent-otel-gameday',
    export_interval_ms: 1000,
    receiver: { port: o.heartbeatPort, state_file: 'state/heartbeat/receiver-state.json' },
    timing: { period_s: 5, grace_s: 5 },
    watchdog: {
      policies: o.faults.map(({ spec, agentId }) => ({
        name: policyName(spec.name),
        on: { alert: { alertname: spec.alertname } },
        match: { agent_id: agentId },
        actions: [{ type: 'webhook', url: `http://127.0.0.1:${o.controlPort}${spec.remediation}` }],
      })),
    },
    console: { trace_service: 'demo-{role}', drift_selector: 'agent_id="{agent_id}"' },
  };
}

/** the fault targets: agent 1 stays healthy as the control, fault i goes to agent i + 2. */
export function assignAgents(
  faults: FaultSpec[],
  agents: number,
  idPrefix = '',
): { spec: FaultSpec; agentId: string }[] | string {
  if (agents < faults.length + 1)
    return `--agents: ${faults.length} faults need at least ${faults.length + 1} agents (one stays healthy)`;
  return faults.map((spec, i) => ({ spec, agentId: demoAgent(i + 1, idPrefix).id }));
}

export function startFleet(o: FleetOptions): RunningFleet {
  rmSync(o.workDir, { recursive: true, force: true });
  mkdirSync(join(o.workDir, 'state', 'telemetry'), { recursive: true });
  mkdirSync(join(o.workDir, 'logs'), { recursive: true });
  const hbConfig = join(o.workDir, 'heartbeat.yaml');
  writeFileSync(hbConfig, stringify(heartbeatConfig(o)));
  // the shipped counters config, exporting every second so an alert sees counters soon
  const counters = parse(
    readFileSync(join(o.root, 'collector-config', 'receivers', 'counters.yaml'), 'utf8'),
  );
  counters.export_interval_ms = 1000;
  const countersConfig = join(o.workDir, 'counters.yaml');
  writeFileSync(countersConfig, stringify(counters));

  const main = join(o.root, 'dist', 'cli', 'main.js');
  const children: { name: string; child: ChildProcess; log: string }[] = [];
  const run = (name: string, args: string[], env: Record<string, string> = {}) => {
    const log = join(o.workDir, `${name}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(process.execPath, args, {
      cwd: o.workDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', fd, fd],
    });
    children.push({ name, child, log });
  };
  run('counters-receiver', [main, 'counters', '--config', countersConfig]);
  run('heartbeat-receiver', [main, 'heartbeat', '--config', hbConfig]);
  run(
    'fleet',
    [
      join(o.root, 'dist', 'examples', 'demo-fleet', 'fleet.js'),
      '--agents',
      String(o.agents),
      '--rate',
      String(o.rate),
      '--control-port',
      String(o.controlPort),
      '--behaviours',
      'steady',
      '--id-prefix',
      o.idPrefix,
    ],
    { AGENT_OTEL_HEARTBEAT_ENDPOINT: `http://127.0.0.1:${o.heartbeatPort}` },
  );
  let stopped = false;
  return {
    heartbeatUrl: `http://127.0.0.1:${o.heartbeatPort}`,
    controlUrl: `http://127.0.0.1:${o.controlPort}`,
    exited() {
      if (stopped) return undefined;
      const gone = children.find((c) => c.child.exitCode !== null || c.child.signalCode !== null);
      if (!gone) return undefined;
      const tail = readFileSync(gone.log, 'utf8').trim().split('\n').slice(-8).join('\n');
      return `${gone.name} exited (${gone.child.exitCode ?? gone.child.signalCode}); last lines of ${gone.log}:\n${tail}`;
    },
    async stop() {
      stopped = true;
      // the fleet first, so the receivers see its agents leave, then the receivers
      for (const c of [...children].reverse()) {
        if (c.child.exitCode !== null || c.child.signalCode !== null) continue;
        const done = new Promise<void>((r) => c.child.once('exit', () => r()));
        c.child.kill('SIGTERM');
        const timer = setTimeout(() => c.child.kill('SIGKILL'), 10_000);
        await done;
        clearTimeout(timer);
      }
    },
  };
}
