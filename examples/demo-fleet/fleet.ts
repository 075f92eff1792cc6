#!/usr/bin/env node
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import express from 'express';
import { BEHAVIOURS, type Behaviour } from './behaviour';
import { isAgentFault } from './faults';
import { demoAgent } from './roster';

// the demo fleet: starts agents (each its own process, instrumented by the preload), keeps them
// running like a supervisor would, sends them work, and takes the watchdog's remediation
// webhooks (restart a hung agent) on a loopback control port.
const PHASES = ['STRATEGIZE', 'IMPLEMENT', 'VERIFY'];

interface Agent {
  id: string;
  role: string;
  behaviour: string;
  child?: ChildProcess;
  port?: number;
  restarts: number;
  /** stopped by a game day: not restarted until the watchdog asks for it. */
  held?: boolean;
}

const program = new Command('demo-fleet')
  .description('run a demo fleet of instrumented agents against the agent-otel stack')
  .option('--agents <n>', 'number of agents', '6')
  .option('--rate <n>', 'tasks per second sent to the fleet', '4')
  .option('--control-port <port>', 'loopback port for watchdog webhooks', '9500')
  .option('--duration <s>', 'stop after this many seconds (0: run until Ctrl-C)', '0')
  .option('--id-prefix <prefix>', 'prefix of every agent id (a run of its own)', '')
  .option(
    '--behaviours <list>',
    `behaviours to cycle through (${BEHAVIOURS.join(', ')})`,
    BEHAVIOURS.join(','),
  )
  .parse();
const opts = program.opts<{
  agents: string;
  rate: string;
  controlPort: string;
  duration: string;
  behaviours: string;
  idPrefix: string;
}>();
const behaviours = opts.behaviours.split(',').map((b) => b.trim()) as Behaviour[];
for (const b of behaviours) {
  if (!BEHAVIOURS.includes(b)) {
    console.error(`demo-fleet: --behaviours: unknown behaviour '${b}' (expected: ${BEHAVIOURS.join(', ')})`);
    process.exit(2);
  }
}
const root = join(__dirname, '..', '..', '..');
const log = (msg: string) => console.log(`[fleet ${new Date().toISOString().slice(11, 19)}] ${msg}`);
let stopping = false;

const agents: Agent[] = Array.from({ length: Number(opts.agents) }, (_, i) => ({
  ...demoAgent(i, opts.idPrefix),
  behaviour: behaviours[i % behaviours.length],
  restarts: 0,
}));

function start(agent: Agent): void {
  const child = spawn(
    process.execPath,
    ['--require', 'agent-otel/register', join(root, 'dist', 'examples', 'demo-fleet', 'agent.js')],
    {
      cwd: root,
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: `demo-${agent.role}`,
        AGENT_OTEL_AGENT_ID: agent.id,
        AGENT_OTEL_AGENT_NAME: agent.role,
        AGENT_OTEL_AGENT_ROLE: agent.role,
        AGENT_OTEL_HEARTBEAT_INTERVAL_MS: '5000',
        OTEL_METRIC_EXPORT_INTERVAL: '10000',
        DEMO_BEHAVIOUR: agent.behaviour,
        DEMO_STATE_DIR: process.cwd(),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  agent.child = child;
  agent.port = undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    const m = /"listening":(\d+)/.exec(chunk.toString());
    if (m) agent.port = Number(m[1]);
  });
  child.once('exit', (code, signal) => {
    if (agent.child !== child) return;
    agent.child = undefined;
    if (stopping || agent.held) return;
    // a supervisor restarts crashed agents; the heartbeat receiver counts the restart
    log(`${agent.id} exited (${signal ?? code}); restarting in 2 s`);
    agent.restarts++;
    setTimeout(() => !stopping && start(agent), 2000).unref();
  });
  log(`started ${agent.id} (${agent.behaviour} ${agent.role}), pid ${child.pid}`);
}

const control = express();
control.use(express.json());
control.post('/remediate/restart', (req, res) => {
  const agent = agents.find((a) => a.id === req.body?.agent_id);
  log(`watchdog: restart ${req.body?.agent_id} (${req.body?.reason ?? req.body?.policy})`);
  if (agent?.held) {
    // a stopped agent has no process to kill: start it again
    agent.held = false;
    if (!agent.child) start(agent);
    res.status(202).json({ restarted: true });
    return;
  }
  // a hung process ignores SIGTERM handlers; SIGKILL, then the exit handler restarts it
  agent?.child?.kill('SIGKILL');
  // an agent this fleet does not run (the never-started evaluator) is acknowledged, not retried
  res.status(202).json({ restarted: Boolean(agent) });
});
// game day faults (agent-otel gameday): stop an agent (held down until the watchdog restarts it),
// or tell it to drift, storm its lease, fail its evidence gates or slow down.
control.post('/faults/:kind', async (req, res) => {
  const kind = String(req.params.kind);
  const agent = agents.find((a) => a.id === req.body?.agent_id);
  if (!agent) {
    res.status(404).json({ error: `agent_id: no agent '${req.body?.agent_id}' in this fleet` });
    return;
  }
  if (kind === 'stop') {
    log(`fault: stopping ${agent.id} until the watchdog restarts it`);
    agent.held = true;
    agent.child?.kill('SIGKILL');
    res.json({ agent_id: agent.id, fault: kind });
    return;
  }
  if (!isAgentFault(kind)) {
    res
      .status(400)
      .json({ error: `kind: expected stop, none, drift, lease, evidence or slow, got '${kind}'` });
    return;
  }
  const answer = await forwardFault(agent, kind);
  res
    .status(answer.ok ? 200 : 502)
    .json(answer.ok ? { agent_id: agent.id, fault: kind } : { error: answer.error });
});
// the watchdog's remediation of an injected fault: clear it on the agent
control.post('/remediate/clear', async (req, res) => {
  const agent = agents.find((a) => a.id === req.body?.agent_id);
  log(`watchdog: clear the fault of ${req.body?.agent_id} (${req.body?.policy})`);
  const answer = agent ? await forwardFault(agent, 'none') : { ok: false, error: 'no such agent' };
  res.status(answer.ok ? 202 : 502).json(answer);
});
control.post('/{*path}', (req, res) => {
  log(`watchdog: ${req.path} for ${req.body?.agent_id ?? req.body?.alert?.labels?.alertname ?? '?'}`);
  res.status(202).json({ ok: true });
});
async function forwardFault(agent: Agent, kind: string): Promise<{ ok: boolean; error?: string }> {
  if (agent.port === undefined) return { ok: false, error: `${agent.id} is not running` };
  try {
    const res = await fetch(`http://127.0.0.1:${agent.port}/fault/${kind}`, {
      method: 'POST',
      signal: AbortSignal.timeout(2000),
    });
    return res.ok ? { ok: true } : { ok: false, error: `${agent.id} answered ${res.status}` };
  } catch (err) {
    return { ok: false, error: `${agent.id}: ${(err as Error).message}` };
  }
}
const controlServer = control.listen(Number(opts.controlPort), '127.0.0.1');

let task = 0;
const driver = setInterval(() => {
  const ready = agents.filter((a) => a.port !== undefined);
  if (ready.length === 0) return;
  const agent = ready[task % ready.length];
  const phase = PHASES[task % PHASES.length];
  const taskId = `TASK-${String(Math.floor(task / PHASES.length) % 50).padStart(3, '0')}`;
  task++;
  fetch(`http://127.0.0.1:${agent.port}/task/${taskId}?phase=${phase}`, {
    method: 'POST',
    signal: AbortSignal.timeout(2000),
  }).catch(() => {
    // a hung or restarting agent: the heartbeat receiver will notice
  });
}, 1000 / Number(opts.rate));

function stop(): void {
  if (stopping) return;
  stopping = true;
  clearInterval(driver);
  controlServer.close();
  log('stopping the fleet');
  const exits = agents.map(
    (a) =>
      new Promise<void>((resolve) => {
        if (!a.child) return resolve();
        a.child.once('exit', () => resolve());
        a.child.kill('SIGTERM');
        setTimeout(() => a.child?.kill('SIGKILL'), 5000).unref();
      }),
  );
  Promise.all(exits).then(() => process.exit(0));
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
if (Number(opts.duration) > 0) setTimeout(stop, Number(opts.duration) * 1000);

for (const agent of agents) start(agent);
