import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, RUN_DIR, STACK_CACHE } from './stack';

// every shipped config is checked by the tool that will run it.
function versions(): Record<string, string> {
  const text = readFileSync(join(ROOT, 'scripts', 'stack', 'versions.env'), 'utf8');
  return Object.fromEntries([...text.matchAll(/^([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
}
const v = versions();
// the amtool built with alertmanager (scripts/stack/install.sh), not whatever is on PATH
const amtool = join(STACK_CACHE, `alertmanager-${v.ALERTMANAGER_VERSION}`, 'amtool');

function check(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `${cmd} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return `${result.stdout}${result.stderr}`;
}

describe('shipped configs pass their own validators', () => {
  it('collector config passes `otelcol validate`', () => {
    const bin = join(STACK_CACHE, `collector-${v.COLLECTOR_VERSION}`, 'otelcol-agent-otel');
    check(bin, ['validate', `--config=${join(ROOT, 'collector-config', 'collector', 'collector.yaml')}`]);
  });

  it('a broken collector config is refused by `otelcol validate`', () => {
    const bin = join(STACK_CACHE, `collector-${v.COLLECTOR_VERSION}`, 'otelcol-agent-otel');
    const result = spawnSync(bin, ['validate', '--config=yaml:receivers::otlp::protocols::bogus: 1'], {
      encoding: 'utf8',
    });
    assert.notEqual(result.status, 0);
  });

  it('prometheus config (as rendered by the stack) passes `promtool check config`', () => {
    check('promtool', ['check', 'config', join(RUN_DIR, 'config', 'prometheus', 'prometheus.yml')]);
  });

  it('alert and recording rules pass `promtool check rules`', () => {
    const dir = join(ROOT, 'collector-config', 'prometheus', 'rules');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
    assert.ok(files.length >= 2, `expected rule files in ${dir}`);
    check('promtool', ['check', 'rules', ...files.map((f) => join(dir, f))]);
  });

  it('alert rules fire at their thresholds (`promtool test rules`)', () => {
    const dir = join(ROOT, 'collector-config', 'prometheus', 'tests');
    const files = readdirSync(dir).filter((f) => f.endsWith('.test.yml'));
    assert.ok(files.length >= 2, `expected rule tests in ${dir}`);
    check('promtool', ['test', 'rules', ...files.map((f) => join(dir, f))]);
  });

  it('alertmanager config passes `amtool check-config`', () => {
    check(amtool, ['check-config', join(RUN_DIR, 'config', 'alertmanager', 'alertmanager.yml')]);
  });

  it('alertmanager routes agent alerts to the watchdog and pipeline alerts to operators', () => {
    const route = (...labels: string[]) =>
      execFileSync(
        amtool,
        [
          'config',
          'routes',
          'test',
          `--config.file=${join(ROOT, 'collector-config', 'alertmanager', 'alertmanager.yml')}`,
          ...labels,
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      ).trim();
    assert.equal(route('alertname=AgentDown', 'component=heartbeat', 'agent_id=a'), 'watchdog');
    assert.equal(route('alertname=StrategizePhaseSkipped', 'component=anti_drift'), 'watchdog');
    assert.equal(route('alertname=HeartbeatReceiverAbsent', 'component=pipeline'), 'operators');
  });

  it('alertmanager is the built one, with its web UI compiled in', () => {
    const out = check(join(STACK_CACHE, `alertmanager-${v.ALERTMANAGER_VERSION}`, 'alertmanager'), [
      '--version',
    ]);
    assert.match(out, new RegExp(`version ${v.ALERTMANAGER_VERSION.replaceAll('.', '\\.')}`));
  });
});
