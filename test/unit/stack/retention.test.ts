import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (...p: string[]) => readFileSync(join(ROOT, ...p), 'utf8');

// the retention of the monitoring specification (metrics 30 days, logs 90 days, detailed traces
// 7 days) in every shipped way to run the stack: the start script and the compose file.
const SHIPPED = { metrics: '30d', logs: '90d', traces: '168h' };

function stackRetention(profile: string) {
  const result = spawnSync(
    'bash',
    ['-c', `source "${join(ROOT, 'scripts', 'stack', 'lib.sh')}" && stack_retention "$1"`, '_', profile],
    { encoding: 'utf8' },
  );
  const [metrics, logs, traces] = result.stdout.trim().split(' ');
  return { status: result.status, stderr: result.stderr, value: { metrics, logs, traces } };
}

describe('retention in the shipped stack configs', () => {
  it('the start script keeps the specification retention in the shipped profile', () => {
    const r = stackRetention('default');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.value, SHIPPED);
  });

  it('the start script passes each retention to its component', () => {
    const up = read('scripts', 'stack', 'up.sh');
    assert.match(up, /stack_retention "\$profile"/);
    assert.match(up, /--storage\.tsdb\.retention\.time="\$metrics_retention"/);
    assert.match(up, /-retentionPeriod="\$logs_retention"/);
    assert.match(up, /AGENT_OTEL_JAEGER_TRACES_TTL="\$traces_retention"/);
  });

  it('the test profile keeps less, and an unknown profile is refused by name', () => {
    assert.deepEqual(stackRetention('test').value, { metrics: '2d', logs: '1d', traces: '24h' });
    const bad = stackRetention('prod');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /unknown profile 'prod'/);
  });

  it('jaeger stores traces in badger with the 7-day TTL by default', () => {
    const jaeger = parse(read('collector-config', 'jaeger', 'jaeger.yaml'));
    const store = jaeger.exporters.jaeger_storage_exporter.trace_storage as string;
    assert.equal(jaeger.extensions.jaeger_query.storage.traces, store);
    const badger = jaeger.extensions.jaeger_storage.backends[store].badger;
    assert.equal(badger.ephemeral, false);
    assert.equal(badger.ttl.spans, `\${env:AGENT_OTEL_JAEGER_TRACES_TTL:-${SHIPPED.traces}}`);
  });

  it('the compose file runs every component with the same retention', () => {
    const compose = parse(read('examples', 'compose.yaml'));
    assert.ok(
      compose.services.prometheus.command.includes(`--storage.tsdb.retention.time=${SHIPPED.metrics}`),
    );
    assert.ok(compose.services.victorialogs.command.includes(`-retentionPeriod=${SHIPPED.logs}`));
    assert.equal(compose.services.jaeger.environment.AGENT_OTEL_JAEGER_TRACES_TTL, SHIPPED.traces);
    assert.ok(compose.volumes && 'jaeger-data' in compose.volumes);
  });
});
