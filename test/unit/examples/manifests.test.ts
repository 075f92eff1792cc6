import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (...p: string[]) => readFileSync(join(ROOT, ...p), 'utf8');
const versions = Object.fromEntries(
  [...read('scripts', 'stack', 'versions.env').matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]),
);

// the container examples must stay in step with the versions and configs the tests run.
describe('deployment examples', () => {
  it('compose uses the pinned collector, VictoriaLogs and Alertmanager versions and the shipped configs', () => {
    const compose = parse(read('examples', 'compose.yaml'));
    const images = Object.fromEntries(
      Object.entries(compose.services as Record<string, { image: string; command: string[] }>).map(
        ([k, v]) => [k, v.image],
      ),
    );
    assert.equal(images.collector, `otel/opentelemetry-collector-contrib:${versions.COLLECTOR_VERSION}`);
    assert.equal(images.victorialogs, `victoriametrics/victoria-logs:v${versions.VICTORIALOGS_VERSION}`);
    assert.equal(images.alertmanager, `prom/alertmanager:v${versions.ALERTMANAGER_VERSION}`);
    assert.ok(compose.services.collector.command[0].endsWith('/collector/collector.yaml'));
  });

  it('the kubernetes sidecar manifest parses and runs the pinned collector', () => {
    const docs = parseAllDocuments(read('examples', 'kubernetes', 'agent-sidecar.yaml')).map((d) => d.toJS());
    const containers = docs[0].spec.template.spec.containers as { name: string; image: string }[];
    const collector = containers.find((c) => c.name === 'otel-collector');
    assert.equal(collector?.image, `otel/opentelemetry-collector-contrib:${versions.COLLECTOR_VERSION}`);
    const agent = containers.find((c) => c.name === 'agent') as unknown as { command: string[] };
    assert.deepEqual(agent.command.slice(0, 3), ['node', '--require', 'agent-otel/register']);
  });
});
