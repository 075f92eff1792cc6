import assert from 'node:assert/strict';
import { parseAlertmanagerPayload } from '../../../processors/watchdog/alertmanager';

describe('alertmanager webhook payload', () => {
  it('reads the alerts of a version 4 payload', () => {
    const alerts = parseAlertmanagerPayload({
      version: '4',
      status: 'firing',
      receiver: 'watchdog',
      groupKey: '{}:{alertname="AgentDown"}',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am',
      truncatedAlerts: 0,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'AgentDown', agent_id: 'a' },
          annotations: { summary: 's' },
          startsAt: '2026-01-01T00:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prom',
          fingerprint: 'abc',
        },
      ],
    });
    assert.ok(Array.isArray(alerts));
    assert.equal(alerts[0].fingerprint, 'abc');
  });

  it('names what is wrong with other bodies', () => {
    assert.match(parseAlertmanagerPayload({ version: '3', alerts: [] }) as string, /version: /);
    assert.match(parseAlertmanagerPayload({ version: '4', alerts: [{}] }) as string, /alerts\.0\.status: /);
    assert.match(parseAlertmanagerPayload('x') as string, /not an Alertmanager webhook payload/);
  });
});
