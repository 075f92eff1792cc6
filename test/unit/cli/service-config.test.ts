import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countersConfigFrom } from '../../../cli/commands/counters';
import { resolveHeartbeatConfig } from '../../../cli/commands/heartbeat';
import { logsConfigFrom } from '../../../cli/commands/logs';
import type { ListenerFlags } from '../../../cli/service-config';
import { normalizeConfigKeys } from '../../../processors/shared/config-keys';
import { ConfigError } from '../../../protocol/config-file';
import { ROOT, tempDirUntilExit } from '../../helpers';

const dir = tempDirUntilExit('shell-config');
let n = 0;
function yaml(text: string): string {
  const path = join(dir, `c${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** the three services behind one interface: port and token, by source. */
const services = [
  {
    name: 'counters',
    tokenVar: 'AGENT_OTEL_COUNTERS_TOKEN',
    block: 'http',
    fileText: (port: number, token: string) => `http:\n  port: ${port}\n  bearer_token: ${token}\n`,
    resolve: (flags: ListenerFlags & { config?: string }, env: NodeJS.ProcessEnv) => {
      const c = countersConfigFrom(flags, env);
      return { ...c.http, token: c.http.bearer_token, selfMetrics: c.self_metrics_interval_ms };
    },
    defaultPort: 9410,
  },
  {
    name: 'logs',
    tokenVar: 'AGENT_OTEL_LOGS_TOKEN',
    block: 'http',
    fileText: (port: number, token: string) => `http:\n  port: ${port}\n  bearer_token: ${token}\n`,
    resolve: (flags: ListenerFlags & { config?: string }, env: NodeJS.ProcessEnv) => {
      const c = logsConfigFrom(flags, env);
      return { ...c.http, token: c.http.bearer_token, selfMetrics: c.self_metrics_interval_ms };
    },
    defaultPort: 9411,
  },
  {
    name: 'heartbeat',
    tokenVar: 'AGENT_OTEL_HEARTBEAT_TOKEN',
    block: 'receiver',
    fileText: (port: number, token: string) => `receiver:\n  port: ${port}\n  bearer_token: ${token}\n`,
    resolve: (flags: ListenerFlags & { config?: string }, env: NodeJS.ProcessEnv) => {
      const c = resolveHeartbeatConfig(flags, env);
      return { ...c.receiver, token: c.receiver.bearer_token, selfMetrics: c.export_interval_ms };
    },
    defaultPort: 9412,
  },
];

describe('service config: one precedence and one token rule for the three services', () => {
  for (const s of services) {
    describe(s.name, () => {
      it('defaults without file, flags or environment', () => {
        const c = s.resolve({}, {});
        assert.equal(c.port, s.defaultPort);
        assert.equal(c.token, undefined);
      });

      it('file over defaults, environment over file, flag over both', () => {
        const path = yaml(s.fileText(1111, 'from-file'));
        assert.deepEqual(s.resolve({ config: path }, {}).port, 1111);
        assert.equal(s.resolve({ config: path }, {}).token, 'from-file');
        // the token variable wins over the file's token: rotate it without editing files.
        assert.equal(s.resolve({ config: path }, { [s.tokenVar]: 'from-env' }).token, 'from-env');
        assert.equal(s.resolve({ config: path, port: '2222' }, {}).port, 2222);
      });

      it(`takes the token only from ${s.tokenVar} or the file, never another service's`, () => {
        const others = services.filter((o) => o !== s).map((o) => [o.tokenVar, 'not-mine']);
        assert.equal(s.resolve({}, Object.fromEntries(others)).token, undefined);
        assert.equal(s.resolve({}, { [s.tokenVar]: '' }).token, undefined, 'an empty variable is unset');
      });

      it(`the one listener block (${s.block}): host, port, token, body limit, alike`, () => {
        const c = s.resolve({}, {});
        assert.deepEqual([c.host, c.body_limit], ['127.0.0.1', '1mb'], 'defaults: loopback, 1mb');
        const path = yaml(`${s.block}:\n  host: 0.0.0.0\n  body_limit: 64kb\n`);
        const fromFile = s.resolve({ config: path }, {});
        assert.deepEqual([fromFile.host, fromFile.body_limit], ['0.0.0.0', '64kb']);
        const fromFlags = s.resolve({ config: path, host: '::1', bodyLimit: '2mb' }, {});
        assert.deepEqual([fromFlags.host, fromFlags.body_limit], ['::1', '2mb']);
        for (const bad of ['lots', '1 megabyte', '-1kb']) {
          assert.throws(
            () => s.resolve({ bodyLimit: bad }, {}),
            (err: Error) => err instanceof ConfigError && err.message.includes(`${s.block}.body_limit`),
            bad,
          );
        }
        assert.throws(() => s.resolve({ port: '70000' }, {}), new RegExp(`${s.block}\\.port`));
      });

      it('OTEL_METRIC_EXPORT_INTERVAL over the file; a bad value is named and ignored', () => {
        const key = s.name === 'heartbeat' ? 'export_interval_ms' : 'self_metrics_interval_ms';
        const path = yaml(`${key}: 4000\n`);
        assert.equal(s.resolve({ config: path }, { OTEL_METRIC_EXPORT_INTERVAL: '2500' }).selfMetrics, 2500);
        assert.equal(s.resolve({ config: path }, { OTEL_METRIC_EXPORT_INTERVAL: 'soon' }).selfMetrics, 4000);
      });
    });
  }

  it('warns about a bad OTEL_METRIC_EXPORT_INTERVAL naming the variable, the value and the fallback', () => {
    const warnings: string[] = [];
    countersConfigFrom({}, { OTEL_METRIC_EXPORT_INTERVAL: 'soon' }, (m) => warnings.push(m));
    assert.deepEqual(warnings, [
      "OTEL_METRIC_EXPORT_INTERVAL='soon' is not a positive integer of milliseconds; using self_metrics_interval_ms",
    ]);
  });
});

describe('config keys: snake_case, camelCase still read with a warning', () => {
  it('reads a camelCase file, warning once per key with its snake_case form', () => {
    const path = yaml(
      'exportIntervalMs: 700\ncardinality:\n  maxSeriesPerMetric: 7\nhttp:\n  bodyLimit: 2kb\n',
    );
    const warnings: string[] = [];
    const config = countersConfigFrom({ config: path }, {}, (m) => warnings.push(m));
    assert.equal(config.export_interval_ms, 700);
    assert.equal(config.cardinality.max_series_per_metric, 7);
    assert.equal(config.http.body_limit, '2kb');
    assert.deepEqual(warnings, [
      `${path}: config key 'exportIntervalMs' is deprecated, use 'export_interval_ms'`,
      `${path}: config key 'cardinality.maxSeriesPerMetric' is deprecated, use 'cardinality.max_series_per_metric'`,
      `${path}: config key 'http.bodyLimit' is deprecated, use 'http.body_limit'`,
    ]);
    countersConfigFrom({ config: path }, {}, (m) => warnings.push(m));
    assert.equal(warnings.length, 3, 'once per key');
  });

  it('refuses a key given in both forms, naming both', () => {
    const path = yaml('startAt: end\nstart_at: beginning\n');
    assert.throws(
      () => logsConfigFrom({ config: path }, {}),
      (err: Error) => err instanceof ConfigError && /'startAt' and 'start_at'/.test(err.message),
    );
  });

  it('leaves user-chosen names alone: resource attributes, roles, agent ids, webhook bodies', () => {
    const doc = {
      resource: { myTeam: 'x' },
      timing: { roles: { nightlyEval: { runGraceS: 5 } } },
      watchdog: {
        policies: [{ actions: [{ type: 'webhook', body: { agentId: 1 }, headers: { 'X-Api': 'k' } }] }],
      },
    };
    assert.deepEqual(
      normalizeConfigKeys(doc, 't', () => {}),
      {
        resource: { myTeam: 'x' },
        timing: { roles: { nightlyEval: { run_grace_s: 5 } } },
        watchdog: {
          policies: [{ actions: [{ type: 'webhook', body: { agentId: 1 }, headers: { 'X-Api': 'k' } }] }],
        },
      },
    );
  });

  it('the cli prints the warning on stderr (child process)', () => {
    const path = yaml('startAt: end\n');
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'cli', 'main.js'), 'logs', '--config', path, '--format', 'xml'],
      { encoding: 'utf8', timeout: 15_000 },
    );
    // a bad --format stops it right after the config file was read.
    assert.equal(r.status, 1);
    assert.match(r.stderr, /config key 'startAt' is deprecated, use 'start_at'/);
    assert.match(r.stderr, /format: /);
  });
});

describe('--help on every command', () => {
  for (const command of ['counters', 'logs', 'heartbeat', 'stack']) {
    it(`agent-otel ${command} --help`, () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), command, '--help'], {
        encoding: 'utf8',
        timeout: 15_000,
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Usage: agent-otel/);
      if (command !== 'stack') {
        assert.match(r.stdout, /--config/);
        assert.match(r.stdout, /--log-level/);
        assert.match(r.stdout, new RegExp(`AGENT_OTEL_${command.toUpperCase()}_TOKEN`));
        assert.match(r.stdout, /flags > environment > config file > defaults/);
      }
    });
  }
});
