import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { useTempDirs } from '../../helpers';

const ROOT = join(__dirname, '..', '..', '..', '..');
const RENDER = join(ROOT, 'scripts', 'stack', 'render.sh');

// scripts/stack/render.sh run as the stack scripts run it, on files in a temporary directory.
describe('config rendering (scripts/stack/render.sh)', () => {
  let dir: string;
  const tempDir = useTempDirs('render');
  beforeEach(() => {
    dir = tempDir();
  });

  function render(src: string, values: string[]) {
    const dst = join(dir, 'out.yml');
    const result = spawnSync(RENDER, [src, dst, ...values], { encoding: 'utf8' });
    return { status: result.status, stderr: result.stderr, out: () => readFileSync(dst, 'utf8') };
  }
  function file(text: string): string {
    const path = join(dir, 'in.yml');
    writeFileSync(path, text);
    return path;
  }

  it('replaces inline placeholders and marked values, keeping other text as it is', () => {
    const src = file('a: 15s # __INTERVAL__\nb: v__VERSION__/__VERSION__ & more\nc: keep # plain comment\n');
    const r = render(src, ['INTERVAL=1s', 'VERSION=a&b']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.out(), 'a: 1s\nb: va&b/a&b & more\nc: keep # plain comment\n');
  });

  it('fails naming the file, the line and a placeholder left without a value', () => {
    const src = file('a: 1\nb: __MISSING__\n');
    const r = render(src, []);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /in\.yml:2: placeholder __MISSING__ has no value \(given: none\)/);
  });

  it('fails when a marked value names an unknown placeholder', () => {
    const src = file('a: 15s # __INTERVL__\n');
    const r = render(src, ['INTERVAL=1s', 'INTERVL_X=2']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /in\.yml:1: placeholder __INTERVL__ has no value/);
  });

  it('fails when a value is given for a placeholder the file does not have (renamed or removed)', () => {
    const src = file('a: 15s\n');
    const r = render(src, ['INTERVAL=1s']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /in\.yml: no placeholder __INTERVAL__ to render/);
  });

  it('fails when a value would leave a placeholder in the output', () => {
    const src = file('a: __A__\n');
    const r = render(src, ['A=__B__']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /in\.yml:1: placeholder __B__ left over/);
  });

  it('the shipped prometheus config holds production values and renders the stack values', () => {
    const src = join(ROOT, 'collector-config', 'prometheus', 'prometheus.yml');
    assert.equal(parse(readFileSync(src, 'utf8')).global.scrape_interval, '15s');
    const r = render(src, [
      'SCRAPE_INTERVAL=1s',
      'EVALUATION_INTERVAL=2s',
      'ALERTMANAGER_ADDRESS=127.0.0.1:1',
      'COLLECTOR_METRICS_ADDRESS=127.0.0.1:2',
      'PROMETHEUS_ADDRESS=127.0.0.1:3',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const config = parse(r.out());
    assert.deepEqual(config.global, { scrape_interval: '1s', evaluation_interval: '2s' });
    assert.deepEqual(config.alerting.alertmanagers[0].static_configs[0].targets, ['127.0.0.1:1']);
    const targets = config.scrape_configs.map((s: { static_configs: { targets: string[] }[] }) =>
      s.static_configs[0].targets.join(),
    );
    assert.deepEqual(targets, ['127.0.0.1:2', '127.0.0.1:3']);
  });

  it('the shipped alertmanager config holds production values and renders the stack values', () => {
    const src = join(ROOT, 'collector-config', 'alertmanager', 'alertmanager.yml');
    assert.equal(parse(readFileSync(src, 'utf8')).route.group_wait, '30s');
    const r = render(src, ['GROUP_WAIT=1s', 'GROUP_INTERVAL=2s', 'WATCHDOG_URL=http://127.0.0.1:1/hook']);
    assert.equal(r.status, 0, r.stderr);
    const config = parse(r.out());
    assert.equal(config.route.group_wait, '1s');
    assert.equal(config.route.group_interval, '2s');
    assert.equal(config.receivers[0].webhook_configs[0].url, 'http://127.0.0.1:1/hook');
  });
});
