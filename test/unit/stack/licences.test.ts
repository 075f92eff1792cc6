import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (...p: string[]) => readFileSync(join(ROOT, ...p), 'utf8');

// AGPL-licensed projects the stack must never build, download or ship (logs, dashboards, traces).
const AGPL = [
  /github\.com\/grafana\/(loki|grafana|tempo|mimir|pyroscope)\b/i,
  /\bgrafana\/(loki|grafana|tempo)\b/i,
];

/** the Go modules the install script builds: `go install`, `copy_module` and the builder manifest. */
function goModules(): string[] {
  const script = read('scripts', 'stack', 'install.sh');
  const fromScript = [...script.matchAll(/"((?:github\.com|go\.opentelemetry\.io)\/[^"@\s]+)@/g)].map(
    (m) => m[1],
  );
  const manifest = parse(read('scripts', 'stack', 'collector-builder.yaml')) as Record<string, unknown>;
  const fromManifest = Object.values(manifest)
    .filter(Array.isArray)
    .flat()
    .map((entry) => String((entry as { gomod?: string }).gomod ?? '').split(' ')[0])
    .filter(Boolean);
  return [...fromScript, ...fromManifest];
}

describe('stack licences', () => {
  it('builds the collector, Jaeger, VictoriaLogs and Alertmanager from their modules, and no AGPL one', () => {
    const modules = goModules();
    for (const expected of [
      'go.opentelemetry.io/collector/cmd/builder',
      'github.com/jaegertracing/jaeger',
      'github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs',
      'github.com/prometheus/alertmanager/cmd/alertmanager',
    ]) {
      assert.ok(modules.includes(expected), `install.sh no longer builds ${expected}: ${modules.join(', ')}`);
    }
    const agpl = modules.filter((m) => AGPL.some((re) => re.test(m)));
    assert.deepEqual(agpl, [], `AGPL modules in the stack build: ${agpl.join(', ')}`);
  });

  it('no shipped script, config or example pulls an AGPL component', () => {
    const files = [
      ...readdirSync(join(ROOT, 'scripts', 'stack')).map((f) => join('scripts', 'stack', f)),
      join('examples', 'compose.yaml'),
      join('examples', 'kubernetes', 'agent-sidecar.yaml'),
    ];
    for (const file of files) {
      // comments may point users at their own Loki; only live lines count
      const live = read(file)
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('#'))
        .join('\n');
      for (const re of AGPL) assert.doesNotMatch(live, re, `${file} refers to an AGPL component`);
    }
  });

  it('the install script names the licence of every component it installs', () => {
    const script = read('scripts', 'stack', 'install.sh');
    for (const component of ['collector', 'jaeger', 'victorialogs', 'alertmanager', 'prometheus']) {
      assert.match(script, new RegExp(`step "${component}[^"]*\\(([^)]*, )?Apache-2\\.0\\)`), component);
    }
  });
});
