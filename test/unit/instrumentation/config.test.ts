import assert from 'node:assert/strict';
import { resolveConfig } from '../../../instrumentation/config';

describe('instrumentation/config: precedence', () => {
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
    assert.equal(cfg.tracesExporter, 'otlp');
    assert.equal(cfg.metricsExporter, 'otlp');
    assert.equal(cfg.logsExporter, 'otlp');
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
    assert.equal(resolveConfig({ serviceName: 'opt' }, { serviceName: 'env' }).serviceName, 'opt');
    assert.equal(resolveConfig({ logs: false }, { logsExporter: 'otlp' }).logsExporter, 'none');
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

  it('gives each process start a new instance id', () => {
    assert.notEqual(resolveConfig({}, {}).instanceId, resolveConfig({}, {}).instanceId);
  });
});
