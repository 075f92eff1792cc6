import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import express from 'express';
import {
  createLogger,
  executeTool,
  heartbeat,
  invokeAgent,
  recordTokenUsage,
  withTask,
} from '../../instrumentation';
import { type Behaviour, planTurn } from './behaviour';
import { type AgentFault, applyFault, isAgentFault } from './faults';

// one demo agent, started by fleet.ts with `node --require agent-otel/register`: the preload
// reads its identity from AGENT_OTEL_AGENT_ID / _ROLE. It serves POST /task/:taskId, writes
// seed-000 counter lines for the counters receiver and a plain-text transcript for the log
// receiver, and misbehaves as its DEMO_BEHAVIOUR says.
const agentId = process.env.AGENT_OTEL_AGENT_ID ?? 'demo-agent';
const role = process.env.AGENT_OTEL_AGENT_ROLE ?? 'worker';
const behaviour = (process.env.DEMO_BEHAVIOUR ?? 'steady') as Behaviour;
const stateDir = process.env.DEMO_STATE_DIR ?? process.cwd();
const countersFile = join(stateDir, 'state', 'telemetry', 'counters.jsonl');
const transcript = join(stateDir, 'logs', agentId, 'transcript.log');
const started = Date.now();
const logger = createLogger();
// a fault injected by a game day (POST /fault/:kind); `none` is the remediation that clears it
let fault: AgentFault = 'none';

for (const file of [countersFile, transcript]) mkdirSync(dirname(file), { recursive: true });

// one appendFileSync per line: a single write in append mode, so lines never interleave.
const appendLine = (file: string, line: string) => appendFileSync(file, `${line}\n`);
const say = (level: string, message: string) =>
  appendLine(transcript, `${new Date().toISOString()} ${level} [${agentId}] ${message}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function turn(taskId: string, phase: string): Promise<{ ok: boolean }> {
  const plan = applyFault(
    planTurn(behaviour, (Date.now() - started) / 1000, { taskId, phase }),
    fault,
    agentId,
  );
  heartbeat.update({ status: plan.status, taskId, phase });
  heartbeat.setSummary(plan.summary);
  for (const c of plan.counters) {
    appendLine(
      countersFile,
      // agentId (label agent_id) lets the console chart each agent's drift counters from the shared file
      JSON.stringify({
        name: c.name,
        value: 1,
        timestamp: new Date().toISOString(),
        tags: { ...c.tags, agentId },
      }),
    );
  }
  if (plan.exit === 'crash') {
    say('ERROR', `fatal: lost the plan for ${taskId}, exiting`);
    setTimeout(() => process.exit(1), 50);
  }
  if (plan.exit === 'hang') {
    say('WARN', `waiting on a lock for ${taskId} that never frees`);
    // a hung agent: the event loop is blocked, so no answers and no heartbeats
    setTimeout(() => {
      for (;;) {
        // busy wait until the watchdog has us restarted
      }
    }, 100);
  }
  return withTask(taskId, phase, () =>
    invokeAgent(
      role,
      async (span) => {
        await executeTool('search_repository', () => sleep(plan.latencyMs / 2), {
          callId: `${taskId}-search`,
        });
        await executeTool('edit_file', () => sleep(plan.latencyMs / 2), { callId: `${taskId}-edit` });
        recordTokenUsage({
          inputTokens: 800 + Math.round(Math.random() * 400),
          outputTokens: 150,
          model: 'demo-model',
        });
        if (plan.fails) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'validation failed' });
          logger.error(`turn failed on ${taskId}`, { task_id: taskId, phase });
          say('ERROR', `${phase} of ${taskId} failed validation`);
          return { ok: false };
        }
        logger.info(`turn done on ${taskId}`, { task_id: taskId, phase, status: plan.status });
        say('INFO', `${phase} of ${taskId} done (${plan.status})`);
        return { ok: true };
      },
      { provider: 'demo', model: 'demo-model' },
    ),
  );
}

const app = express();
app.post('/fault/:kind', (req, res) => {
  const kind = String(req.params.kind);
  if (!isAgentFault(kind)) {
    res
      .status(400)
      .json({ error: `kind: expected one of none, drift, lease, evidence, slow, got '${kind}'` });
    return;
  }
  say(
    kind === 'none' ? 'INFO' : 'WARN',
    kind === 'none' ? `fault ${fault} cleared` : `fault injected: ${kind}`,
  );
  fault = kind;
  res.json({ agent_id: agentId, fault });
});
app.post('/task/:taskId', async (req, res) => {
  const result = await turn(String(req.params.taskId), String(req.query.phase ?? 'IMPLEMENT'));
  res.status(result.ok ? 200 : 500).json(result);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  say('INFO', `started as ${behaviour} ${role} on port ${port}`);
  console.log(JSON.stringify({ agent_id: agentId, listening: port }));
});
