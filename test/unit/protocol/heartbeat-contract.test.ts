import assert from 'node:assert/strict';
import type { ResolvedHeartbeat } from '../../../instrumentation/config/internal-types';
import { HeartbeatSender } from '../../../instrumentation/heartbeat';
import { parseHeartbeatBody } from '../../../processors/heartbeat/intake';
import { HEARTBEAT_SIGNALS, HEARTBEAT_STATUSES } from '../../../protocol/heartbeat';

// what the SDK's sender builds, the receiver's intake accepts as is: every status, every signal,
// with and without the optional fields.

const config: ResolvedHeartbeat = {
  enabled: true,
  endpoint: 'http://127.0.0.1:1',
  intervalMs: 15_000,
  jitter: 0.1,
  maxBackoffMs: 60_000,
  timeoutMs: 1000,
};

describe('protocol: the heartbeat contract, SDK sender and receiver intake alike', () => {
  const identities = [
    { agentId: 'bare-1', instanceId: 'i-1', startedAt: '2026-01-01T00:00:00.000Z' },
    {
      agentId: 'full-1',
      name: 'Planner',
      role: 'planner',
      instanceId: 'i-2',
      startedAt: new Date().toISOString(),
    },
  ];
  for (const identity of identities) {
    for (const status of HEARTBEAT_STATUSES) {
      for (const signal of [undefined, ...HEARTBEAT_SIGNALS]) {
        it(`${identity.agentId}, ${status}, signal ${signal ?? 'none'}`, () => {
          const sender = new HeartbeatSender(config, identity);
          sender.update({ status, taskId: 'T-1', phase: 'IMPLEMENT', attributes: { region: 'eu' } });
          const payload = sender.payload(signal);
          const parsed = parseHeartbeatBody(payload, 10);
          assert.notEqual(typeof parsed, 'string', String(parsed));
          if (typeof parsed === 'string') return;
          assert.deepEqual(parsed.rejected, []);
          assert.deepEqual(parsed.items, [{ index: 0, heartbeat: payload }]);
        });
      }
    }
  }

  it('a status the SDK does not know is refused by the receiver, naming the field', () => {
    const parsed = parseHeartbeatBody({ agent_id: 'a', status: 'lost' }, 10);
    assert.ok(typeof parsed !== 'string');
    assert.match(parsed.rejected[0].error, /^status: /);
  });
});
