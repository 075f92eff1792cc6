import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  consoleSchema,
  DEFAULT_ALERTMANAGER_URL,
  DEFAULT_JAEGER_URL,
  DEFAULT_PROMETHEUS_URL,
  DEFAULT_VICTORIALOGS_URL,
  fillTemplate,
} from '../../../processors/console/config';
import { loadHeartbeatConfig } from '../../../processors/fleet-supervisor/config';
import { validateConfig } from '../../../protocol/config-file';
import { ROOT } from '../../e2e/stack';

describe('console config', () => {
  it('defaults to the stack ports and the SDK service name', () => {
    const c = loadHeartbeatConfig(undefined).console;
    assert.deepEqual(
      [c.prometheus_url, c.jaeger_url, c.victorialogs_url, c.alertmanager_url],
      [DEFAULT_PROMETHEUS_URL, DEFAULT_JAEGER_URL, DEFAULT_VICTORIALOGS_URL, DEFAULT_ALERTMANAGER_URL],
    );
    assert.equal(c.trace_service, '{agent_id}');
    assert.equal(c.request_timeout_ms, 2000);
  });

  it('the demo fleet names its traces demo-{role}', () => {
    const c = loadHeartbeatConfig(join(ROOT, 'examples', 'demo-fleet', 'heartbeat.yaml')).console;
    assert.equal(c.trace_service, 'demo-{role}');
  });

  const good: [
    string,
    Record<string, unknown>,
    (c: ReturnType<typeof consoleSchema.parse>) => unknown,
    unknown,
  ][] = [
    [
      'trailing slash dropped',
      { jaeger_url: 'http://jaeger:16686/' },
      (c) => c.jaeger_url,
      'http://jaeger:16686',
    ],
    ['template with placeholders', { trace_service: 'demo-{role}' }, (c) => c.trace_service, 'demo-{role}'],
    ['caps', { max_traces: 0, max_log_lines: 10 }, (c) => [c.max_traces, c.max_log_lines], [0, 10]],
  ];
  for (const [name, input, pick, want] of good) {
    it(`accepts ${name}`, () => {
      assert.deepEqual(pick(validateConfig(consoleSchema, input, 'test')), want);
    });
  }

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['a url without scheme', { prometheus_url: '127.0.0.1:9090' }, /prometheus_url/],
    ['a non-http url', { alertmanager_url: 'ftp://x' }, /alertmanager_url/],
    ['an unknown placeholder', { trace_service: 'svc-{agent}' }, /trace_service: unknown placeholder/],
    ['a zero timeout', { request_timeout_ms: 0 }, /request_timeout_ms/],
    ['an unknown key', { jaeger: 'x' }, /Unrecognized key: "jaeger"/],
    ['a window under a minute', { window_s: 10 }, /window_s/],
  ];
  for (const [name, input, message] of bad) {
    it(`rejects ${name}, naming the key`, () => {
      assert.throws(() => validateConfig(consoleSchema, input, 'test'), message);
    });
  }

  it('fills templates, quoting each value when asked', () => {
    const values = { agent_id: 'a"1', role: 'coder' };
    assert.equal(fillTemplate('demo-{role}', values), 'demo-coder');
    assert.equal(fillTemplate('{name}x', values), 'x');
    assert.equal(
      fillTemplate('id="{agent_id}"', values, (v) => v.replace(/"/g, '\\"')),
      'id="a\\"1"',
    );
  });
});
