import assert from 'node:assert/strict';
import { join } from 'node:path';
import { countersConfigSchema } from '../../../processors/counters/config';
import { ConfigError, loadConfigFile, validateConfig } from '../../../protocol/config-file';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('counters config', () => {
  it('loads the shipped collector-config/receivers/counters.yaml with the seed-000 namespace', () => {
    const config = loadConfigFile(
      countersConfigSchema,
      join(ROOT, 'collector-config', 'receivers', 'counters.yaml'),
    );
    assert.equal(config.namespace, 'anti_drift');
    assert.deepEqual(config.include.slice(0, 1), ['state/telemetry/counters.jsonl']);
    assert.equal(config.http.host, '127.0.0.1');
    assert.equal(config.http.port, 9410);
  });

  it('fills every default from an empty document', () => {
    const config = validateConfig(countersConfigSchema, {}, 'test');
    assert.equal(config.cardinality.max_series_per_metric, 1000);
    assert.equal(config.http.body_limit, '1mb');
    assert.equal(config.start_at, 'beginning');
  });

  const bad: [string, unknown, RegExp][] = [
    ['a wrong type', { export_interval_ms: 'soon' }, /export_interval_ms/],
    [
      'a nested wrong value',
      { cardinality: { max_series_per_metric: 0 } },
      /cardinality\.max_series_per_metric/,
    ],
    ['an unknown key', { namspace: 'x' }, /namspace/],
    ['a bad namespace', { namespace: 'a-b' }, /namespace/],
    ['a bad port', { http: { port: 70000 } }, /http\.port/],
  ];
  for (const [what, value, key] of bad) {
    it(`names the key of ${what}`, () => {
      assert.throws(
        () => validateConfig(countersConfigSchema, value, 'test.yaml'),
        (err: Error) => err instanceof ConfigError && key.test(err.message),
      );
    });
  }
});
