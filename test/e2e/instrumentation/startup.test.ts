import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ROOT } from '../stack';
import { getJson, type Service, startService, stopService } from './service';

// start-up behaviour in real processes: bad environment values warn once and the app still
// runs; init() twice (and init() under the preload) registers nothing twice.

function runNode(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('instrumentation: start-up', () => {
  const run = randomUUID().slice(0, 8);
  let svc: Service | undefined;
  after(() => stopService(svc));

  it('warns once per bad variable, naming it, and keeps serving', async () => {
    svc = await startService('require', {
      OTEL_SERVICE_NAME: `agent-badenv-${run}`,
      OTEL_TRACES_SAMPLER: 'sometimes',
      AGENT_OTEL_HEARTBEAT_INTERVAL_MS: 'soon',
    });
    const body = await getJson<{ task_id: string }>(`${svc.url}/tasks/BAD-${run}`);
    assert.equal(body.task_id, `BAD-${run}`);
    const stderr = svc.stderr();
    assert.equal(stderr.match(/OTEL_TRACES_SAMPLER="sometimes"/g)?.length, 1, stderr);
    assert.match(stderr, /allowed: always_on, .*; using parentbased_always_on/);
    assert.equal(stderr.match(/AGENT_OTEL_HEARTBEAT_INTERVAL_MS="soon"/g)?.length, 1, stderr);
  });

  it('init() twice returns the running SDK and warns about ignored options', async () => {
    const script = `
      const { init, shutdown } = require('agent-otel');
      const a = init({ heartbeat: false });
      const b = init({ serviceName: 'other' });
      if (a !== b) throw new Error('a second SDK was created');
      shutdown().then(() => process.exit(0));`;
    const { code, stderr } = await runNode(['-e', script], {
      OTEL_SERVICE_NAME: `agent-twice-${run}`,
      OTEL_LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    });
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /duplicate registration/i);
    assert.match(stderr, /already initialised .*ignoring options: serviceName/);
  });

  it('OTEL_SDK_DISABLED=true: the app runs without telemetry', async () => {
    const script = `
      const { init, counter, withTask, shutdown } = require('agent-otel');
      init();
      withTask('T', 'P', () => counter('x', 1, { taskId: 'T' }));
      shutdown().then(() => process.exit(0));`;
    const { code, stderr } = await runNode(['-e', script], { OTEL_SDK_DISABLED: 'true' });
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
  });
});
