import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CLI, request, spawnService } from '../../helpers';
import { ENDPOINTS } from '../stack';

/** a unique suffix per test run, so series, log streams and agent ids never collide. */
export const RUN = randomUUID().slice(0, 8);

/** writes a config file (yaml) and returns its path. */
export function writeConfig(dir: string, config: Record<string, unknown>): string {
  const path = join(dir, 'heartbeat.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

export interface ReceiverProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** starts `agent-otel heartbeat` as a real child process and waits for its listening line. */
export async function startReceiver(
  configPath: string,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<ReceiverProcess> {
  const service = await spawnService([CLI, 'heartbeat', '--config', configPath], {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: ENDPOINTS.collectorOtlpHttp, ...env },
    ready: /listening on (http:\/\/[^\s]+)/,
    timeoutMs,
  });
  return {
    url: service.match![1],
    child: service.child,
    output: service.output,
    stop: async () => (await service.stop()).code,
  };
}

/** posts heartbeats; returns status and parsed body. */
export async function post(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await request(url, { method: 'POST', body, token });
  return { status: answer.status, body: answer.json() };
}

export interface AgentView {
  agent_id: string;
  role: string;
  state: string;
  status: string;
  restarts: number;
  heartbeats: number;
  task_id?: string;
  recent_transitions: { from: string; to: string; reason: string; at: string }[];
}

export async function agents(url: string, token?: string): Promise<AgentView[]> {
  const answer = await request(`${url}/v1/agents`, { token });
  if (answer.status !== 200) throw new Error(`GET /v1/agents -> ${answer.status}`);
  return answer.json<{ agents: AgentView[] }>().agents;
}

export async function agent(url: string, id: string, token?: string): Promise<AgentView | undefined> {
  return (await agents(url, token)).find((a) => a.agent_id === id);
}

/** sends a heartbeat every `everyMs` until stopped. */
export function heartbeatLoop(
  url: string,
  heartbeat: Record<string, unknown>,
  everyMs: number,
  token?: string,
) {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await post(`${url}/v1/heartbeats`, { ...heartbeat, timestamp: new Date().toISOString() }, token).catch(
        () => {},
      );
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
