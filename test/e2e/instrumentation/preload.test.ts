import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, jaegerTrace, logsQuery, promEventually, tagValue } from '../backends';
import { getJson, type Mode, oldestNode, type Service, startService, stopService } from './service';

// the "done when" of the SDK: under each entry point, one HTTP request to the example agent
// gives a server span in Jaeger, a correlated log line in VictoriaLogs and a counter in Prometheus, once.
// the tests run on the pinned Node; the oldest Node that engines allow gets the CommonJS and ESM
// preloads too, so the claim of engines is tested (scripts/install-oldest-node.sh installs it).
const oldest = oldestNode();
const MODES: { mode: Mode; title: string; key: string; node?: string; version?: string }[] = [
  { mode: 'require', key: 'require', title: 'node --require agent-otel/register (CommonJS)' },
  { mode: 'import', key: 'import', title: 'node --import agent-otel/register (ESM)' },
  { mode: 'init', key: 'init', title: 'init() from the application' },
  {
    mode: 'require',
    key: 'oldest-require',
    title: `--require agent-otel/register on Node ${oldest.version}, the oldest engines allow`,
    node: oldest.path,
    version: oldest.version,
  },
  {
    mode: 'import',
    key: 'oldest-import',
    title: `--import agent-otel/register on Node ${oldest.version}, the oldest engines allow`,
    node: oldest.path,
    version: oldest.version,
  },
];

for (const { mode, title, key, node, version = process.versions.node } of MODES) {
  describe(`instrumentation: ${title}`, () => {
    const run = randomUUID().slice(0, 8);
    const service = `agent-svc-${key}-${run}`;
    const agentId = `agent-${key}-${run}`;
    const taskId = `TASK-${key}-${run}`;
    let svc: Service | undefined;
    let traceId = '';

    before(async () => {
      svc = await startService(
        mode,
        {
          OTEL_SERVICE_NAME: service,
          AGENT_OTEL_AGENT_ID: agentId,
          AGENT_OTEL_AGENT_ROLE: 'implementer',
        },
        node,
      );
      const body = await getJson<{ trace_id: string }>(`${svc.url}/tasks/${taskId}`);
      traceId = body.trace_id;
    });

    after(() => stopService(svc));

    it('returns a trace id from an active server span', () => {
      assert.match(traceId, /^[0-9a-f]{32}$/);
    });

    it('exports exactly one server span for the request, with the agent resource', async () => {
      const trace = await eventually('trace in jaeger', async () => {
        const t = await jaegerTrace(traceId);
        return t?.spans.some((s) => s.operationName === 'task IMPLEMENT') ? t : undefined;
      });
      const servers = trace.spans.filter((s) => tagValue(s.tags, 'span.kind') === 'server');
      assert.equal(servers.length, 1, `server spans: ${servers.map((s) => s.operationName).join(', ')}`);
      assert.equal(servers[0].operationName, 'GET /tasks/:taskId');
      assert.equal(tagValue(servers[0].tags, 'http.route'), '/tasks/:taskId');
      // express layers get no spans of their own by default: the route is on the server span
      const layers = trace.spans.filter((s) => tagValue(s.tags, 'express.type') !== undefined);
      assert.deepEqual(
        layers.map((s) => s.operationName),
        [],
      );
      const taskSpan = trace.spans.find((s) => s.operationName === 'task IMPLEMENT')!;
      assert.equal(tagValue(taskSpan.tags, 'task.id'), taskId);
      const resource = trace.processes[servers[0].processID];
      assert.equal(resource.serviceName, service);
      assert.equal(tagValue(resource.tags, 'gen_ai.agent.id'), agentId);
      assert.equal(tagValue(resource.tags, 'agent.role'), 'implementer');
      assert.ok(tagValue(resource.tags, 'service.instance.id'));
      // the process detector names the Node the service ran on: the one this case asked for
      assert.equal(tagValue(resource.tags, 'process.runtime.version'), version);
    });

    it('ships the winston log line to VictoriaLogs once, with the span trace id', async () => {
      const query = `{service.name="${service}"} "work on ${taskId}"`;
      const lines = await eventually('log record in victorialogs', async () => {
        const records = await logsQuery(query);
        return records.length > 0 ? records : undefined;
      });
      // a little longer for a duplicate to show up, if the winston instrumentation shipped one too
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal((await logsQuery(query)).length, 1, 'exactly one log record');
      assert.equal(lines[0].trace_id, traceId);
      assert.equal(lines[0]['gen_ai.agent.id'], agentId);
    });

    it('exports the counter to Prometheus with snake_case labels', async () => {
      const samples = await promEventually(`anti_drift_evidence_gate_failed_total{task_id="${taskId}"}`);
      assert.equal(samples.length, 1);
      assert.equal(samples[0].metric.job, service);
      assert.equal(samples[0].metric.phase, 'IMPLEMENT');
      assert.equal(samples[0].value[1], '1');
    });

    it('registers once: no duplicate-registration warnings', () => {
      assert.doesNotMatch(svc!.stderr(), /duplicate registration/i);
    });
  });
}
