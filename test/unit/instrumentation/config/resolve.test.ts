import assert from 'node:assert/strict';
import { resolveConfig } from '../../../../instrumentation/config/resolve';
import { spyOnDiag } from '../diag-spy';

describe('instrumentation/config/resolve: precedence', () => {
  it('uses the defaults when nothing is set', () => {
    const cfg = resolveConfig({}, {});
    assert.equal(cfg.tracesUrl, 'http://127.0.0.1:4318/v1/traces');
    assert.equal(cfg.metricsUrl, 'http://127.0.0.1:4318/v1/metrics');
    assert.equal(cfg.logsUrl, 'http://127.0.0.1:4318/v1/logs');
    assert.deepEqual(
      [cfg.tracesProtocol, cfg.metricsProtocol, cfg.logsProtocol],
      ['http/protobuf', 'http/protobuf', 'http/protobuf'],
    );
    assert.equal(cfg.counterNamespace, 'anti_drift');
    assert.deepEqual(cfg.tracesExporters, ['otlp']);
    assert.deepEqual(cfg.metricsExporters, ['otlp']);
    assert.deepEqual(cfg.logsExporters, ['otlp']);
    assert.deepEqual(
      [cfg.tracesTimeoutMs, cfg.metricsTimeoutMs, cfg.logsTimeoutMs],
      [10_000, 10_000, 10_000],
    );
    assert.equal(cfg.spanBatchSize, 512);
    assert.equal(cfg.spanExportTimeoutMs, 10_000);
    assert.equal(cfg.logQueueSize, 2048);
    assert.equal(cfg.logBatchSize, 512);
    assert.equal(cfg.logExportTimeoutMs, 10_000);
    assert.equal(cfg.expressLayerSpans, false);
    assert.equal(cfg.metricExportTimeoutMs, 10_000);
    assert.equal(cfg.heartbeat.endpoint, 'http://127.0.0.1:9412');
    assert.equal(cfg.heartbeat.intervalMs, 30_000);
    assert.equal(cfg.heartbeat.enabled, true);
    assert.equal(cfg.shutdownTimeoutMs, 5000);
    assert.equal(cfg.metricExportIntervalMs, 60_000);
    assert.equal(cfg.countersFile, undefined);
    assert.match(cfg.instanceId, /^[0-9a-f-]{36}$/);
  });

  it('prefers an option over the environment over the default', () => {
    assert.equal(
      resolveConfig({ counterNamespace: 'opt' }, { counterNamespace: 'env' }).counterNamespace,
      'opt',
    );
    assert.equal(resolveConfig({}, { counterNamespace: 'env' }).counterNamespace, 'env');
  });

  it("holds an explicit counterNamespace to the variable's rule: a bad one warns and falls back", () => {
    const spy = spyOnDiag();
    try {
      for (const bad of ['anti-drift', '9lives', 'a.b']) {
        assert.equal(
          resolveConfig({ counterNamespace: bad }, { counterNamespace: 'env' }).counterNamespace,
          'env',
        );
        assert.equal(resolveConfig({ counterNamespace: bad }, {}).counterNamespace, 'anti_drift');
      }
      assert.equal(resolveConfig({ counterNamespace: 'ok_1' }, {}).counterNamespace, 'ok_1');
      // empty is allowed: counter names without a prefix
      assert.equal(resolveConfig({ counterNamespace: '' }, { counterNamespace: 'env' }).counterNamespace, '');
    } finally {
      spy.restore();
    }
    assert.equal(spy.warnings.length, 6);
    assert.match(
      spy.warnings[0]!,
      /counterNamespace.*"anti-drift" is invalid; allowed: letters, digits and _.*using env/,
    );
    assert.equal(resolveConfig({ serviceName: 'opt' }, { serviceName: 'env' }).serviceName, 'opt');
    assert.deepEqual(resolveConfig({ logs: false }, { logsExporters: ['otlp'] }).logsExporters, []);
    // `true` only turns a signal on: the environment still picks the exporters, otlp when it says none
    assert.deepEqual(resolveConfig({ traces: true }, { tracesExporters: ['console'] }).tracesExporters, [
      'console',
    ]);
    assert.deepEqual(resolveConfig({ traces: true }, { tracesExporters: [] }).tracesExporters, ['otlp']);
    assert.equal(resolveConfig({ heartbeat: false }, { heartbeatEnabled: true }).heartbeat.enabled, false);
    assert.equal(resolveConfig({ countersFile: false }, { countersFile: '/tmp/x' }).countersFile, undefined);
  });

  it('derives signal urls: option base, then signal env as given, then general env base', () => {
    assert.equal(resolveConfig({ endpoint: 'http://o:1/' }, {}).tracesUrl, 'http://o:1/v1/traces');
    const env = { endpoint: 'http://g:2', metricsEndpoint: 'http://m:3/custom' };
    const cfg = resolveConfig({}, env);
    assert.equal(cfg.metricsUrl, 'http://m:3/custom');
    assert.equal(cfg.tracesUrl, 'http://g:2/v1/traces');
  });

  it('picks the protocol per signal: option, then signal env, then general env; gRPC urls have no path', () => {
    const env = { protocol: 'grpc' as const, metricsProtocol: 'http/json' as const };
    const cfg = resolveConfig({}, env);
    assert.deepEqual([cfg.tracesProtocol, cfg.metricsProtocol], ['grpc', 'http/json']);
    assert.equal(cfg.tracesUrl, 'http://127.0.0.1:4317');
    assert.equal(cfg.metricsUrl, 'http://127.0.0.1:4318/v1/metrics');
    assert.equal(resolveConfig({}, { ...env, endpoint: 'http://c:4317' }).logsUrl, 'http://c:4317');
    const opt = resolveConfig({ protocol: 'http/json', endpoint: 'http://o:1' }, env);
    assert.deepEqual(
      [opt.tracesProtocol, opt.metricsProtocol, opt.tracesUrl],
      ['http/json', 'http/json', 'http://o:1/v1/traces'],
    );
  });

  it('fills the agent identity from OTEL_RESOURCE_ATTRIBUTES, then the service name', () => {
    const fromAttrs = resolveConfig(
      {},
      { resourceAttributes: { 'gen_ai.agent.id': 'a', 'service.instance.id': 'i-1' }, serviceName: 'svc' },
    );
    assert.equal(fromAttrs.agentId, 'a');
    assert.equal(fromAttrs.agentName, 'a');
    assert.equal(fromAttrs.instanceId, 'i-1');
    const fromService = resolveConfig({}, { serviceName: 'svc' });
    assert.equal(fromService.agentId, 'svc');
    assert.equal(resolveConfig({ agentId: 'o' }, { agentId: 'e' }).agentId, 'o');
  });

  it('takes the export timeout per signal: signal env, then general env, then the default', () => {
    const cfg = resolveConfig({}, { exportTimeoutMs: 3000, logsExportTimeoutMs: 1000 });
    assert.deepEqual([cfg.tracesTimeoutMs, cfg.metricsTimeoutMs, cfg.logsTimeoutMs], [3000, 3000, 1000]);
  });

  it('keeps the batch size within the queue and the metric export timeout within the interval', () => {
    assert.equal(resolveConfig({}, { spanQueueSize: 100, spanBatchSize: 500 }).spanBatchSize, 100);
    assert.equal(resolveConfig({}, { logQueueSize: 100, logBatchSize: 500 }).logBatchSize, 100);
    const cfg = resolveConfig({ metricExportIntervalMs: 1000 }, { metricExportTimeoutMs: 5000 });
    assert.equal(cfg.metricExportTimeoutMs, 1000);
  });

  it('gives each process start a new instance id', () => {
    assert.notEqual(resolveConfig({}, {}).instanceId, resolveConfig({}, {}).instanceId);
  });
});
