import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_THRESHOLDS, loadThresholds } from '../../../cli/report/thresholds';
import { ConfigError } from '../../../protocol/config-file';
import { tempDirUntilExit } from '../../helpers';

describe('report/thresholds', () => {
  const dir = tempDirUntilExit('report-thresholds');
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('defaults are the rollout plan’s', () => {
    const c = DEFAULT_THRESHOLDS.criteria;
    assert.deepEqual(
      [
        c.uptime.threshold,
        c.error_rate.threshold,
        c.delivery.threshold,
        c.latency_p50_ms.threshold,
        c.latency_p99_ms.threshold,
        c.restarts.threshold,
        c.cpu_overhead.threshold,
        c.memory_overhead.threshold,
      ],
      [0.999, 0.001, 1, 100, 200, 0, 0.05, 0.1],
    );
    assert.ok(Object.values(c).every((s) => s.required && !s.allowNoData));
    assert.deepEqual(DEFAULT_THRESHOLDS.requestSpanKinds, ['SPAN_KIND_SERVER']);
  });

  it('a file overrides only what it names (YAML or JSON)', () => {
    const t = loadThresholds(
      file('t.yaml', 'criteria:\n  latency_p99_ms: { threshold: 250, required: false }\n'),
    );
    assert.equal(t.criteria.latency_p99_ms.threshold, 250);
    assert.equal(t.criteria.latency_p99_ms.required, false);
    assert.equal(t.criteria.uptime.threshold, 0.999);
    const j = loadThresholds(
      file('t.json', '{"request_span_kinds": ["SPAN_KIND_SERVER", "SPAN_KIND_CONSUMER"]}'),
    );
    assert.deepEqual(j.requestSpanKinds, ['SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER']);
  });

  const bad: [string, string, RegExp][] = [
    [
      'a non-number threshold',
      'criteria:\n  uptime: { threshold: "99.9%" }\n',
      /criteria\.uptime\.threshold: .*number/,
    ],
    ['an unknown criterion', 'criteria:\n  latency_p95_ms: { threshold: 1 }\n', /latency_p95_ms/],
    ['an unknown key in a criterion', 'criteria:\n  uptime: { min: 0.99 }\n', /criteria\.uptime: .*min/],
    ['an unknown top-level key', 'thresholds: {}\n', /thresholds/],
    ['an unknown span kind', 'request_span_kinds: [SERVER]\n', /request_span_kinds\.0/],
    ['not a mapping', '- 1\n', /expected a mapping/],
    ['not YAML', 'criteria: [\n', /not valid YAML/],
  ];
  for (const [name, text, message] of bad) {
    it(`names ${name}`, () => {
      assert.throws(
        () => loadThresholds(file('bad.yaml', text)),
        (err: Error) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  it('names a missing file', () => {
    assert.throws(() => loadThresholds(join(dir, 'none.yaml')), /cannot read config file .*none\.yaml/);
  });
});
