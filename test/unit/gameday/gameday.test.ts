import assert from 'node:assert/strict';
import { FAULTS, parseFaults } from '../../../cli/gameday/faults';
import { assignAgents, heartbeatConfig } from '../../../cli/gameday/fleet-runner';
import { type FaultOutcome, formatTimeline, isSeen, verdict } from '../../../cli/gameday/timeline';

const seen = (over: Partial<FaultOutcome> = {}): FaultOutcome => ({
  fault: FAULTS.stop,
  agentId: 'tester-4',
  injectedMs: 10_000,
  detectedMs: 22_500,
  routedMs: 24_000,
  remediatedMs: 25_000,
  remediations: 1,
  ...over,
});

describe('gameday: fault selection', () => {
  it('defaults to every fault, in order', () => {
    const all = parseFaults(undefined);
    assert.ok(Array.isArray(all));
    assert.deepEqual(
      all.map((f) => [f.name, f.alertname]),
      [
        ['stop', 'AgentDown'],
        ['drift', 'HighSeverityPromptDrift'],
        ['lease', 'LeaseContentionStorm'],
        ['evidence', 'HighEvidenceGateFailureRate'],
        ['slow', 'AgentTaskSlowdown'],
      ],
    );
  });

  const bad: [string, string[], RegExp][] = [
    ['stop,nope', [], /unknown fault 'nope'/],
    ['stop,stop', [], /'stop' is listed twice/],
    [',', [], /expected a list/],
    ['stop', ['stop'], /'stop' is not fault=AlertName/],
    ['stop', ['slow=X'], /fault 'slow' is not among the faults/],
  ];
  for (const [list, expect, message] of bad) {
    it(`refuses --faults ${list} --expect ${expect.join(' ') || '(none)'}, naming what is wrong`, () => {
      const r = parseFaults(list, expect);
      assert.equal(typeof r, 'string');
      assert.match(r as string, message);
    });
  }

  it('--expect swaps the alert of one fault and leaves the catalog alone', () => {
    const r = parseFaults('drift,slow', ['drift=NoSuchAlert']);
    assert.ok(Array.isArray(r));
    assert.deepEqual(
      r.map((f) => f.alertname),
      ['NoSuchAlert', 'AgentTaskSlowdown'],
    );
    assert.equal(FAULTS.drift.alertname, 'HighSeverityPromptDrift');
  });

  it('gives each fault its own agent, keeping the first healthy, and one watchdog policy each', () => {
    const faults = parseFaults('stop,slow');
    assert.ok(Array.isArray(faults));
    assert.equal(assignAgents(faults, 2), '--agents: 2 faults need at least 3 agents (one stays healthy)');
    const assigned = assignAgents(faults, 3, 'gd01-');
    assert.ok(Array.isArray(assigned));
    assert.deepEqual(
      assigned.map((a) => a.agentId),
      ['gd01-coder-2', 'gd01-reviewer-3'],
    );
    const config = heartbeatConfig({
      root: '/r',
      workDir: '/w',
      agents: 3,
      rate: 1,
      heartbeatPort: 9412,
      controlPort: 9500,
      idPrefix: 'gd01-',
      faults: assigned,
    }) as {
      watchdog: { policies: { name: string; on: unknown; match: unknown; actions: { url: string }[] }[] };
    };
    assert.deepEqual(config.watchdog.policies[0], {
      name: 'gameday-stop',
      on: { alert: { alertname: 'AgentDown' } },
      match: { agent_id: 'gd01-coder-2' },
      actions: [{ type: 'webhook', url: 'http://127.0.0.1:9500/remediate/restart' }],
    });
    assert.equal(config.watchdog.policies[1].actions[0].url, 'http://127.0.0.1:9500/remediate/clear');
  });
});

describe('gameday: timeline and verdict', () => {
  it('a fault is seen only when detected, routed and remediated exactly once', () => {
    assert.equal(isSeen(seen()), true);
    assert.equal(isSeen(seen({ routedMs: undefined })), false);
    assert.equal(isSeen(seen({ remediations: 2 })), false);
    assert.equal(isSeen(seen({ problem: 'no rule' })), false);
  });

  it('prints times from injection and names why a fault went unseen; exits 1 then', () => {
    const outcomes = [
      seen(),
      seen({
        fault: FAULTS.slow,
        agentId: 'planner-6',
        detectedMs: undefined,
        routedMs: undefined,
        remediatedMs: undefined,
        remediations: 0,
      }),
      seen({
        fault: { ...FAULTS.drift, alertname: 'NoSuchAlert' },
        agentId: 'coder-2',
        injectedMs: undefined,
        problem: 'no alert rule named NoSuchAlert is loaded in Prometheus',
      }),
    ];
    const text = formatTimeline(outcomes, 0);
    const lines = text.split('\n');
    assert.match(lines[0], /^fault\s+agent\s+alert\s+injected\s+detect\s+route\s+remediate\s+result$/);
    assert.match(lines[2], /^stop\s+tester-4\s+AgentDown\s+\+10 s\s+12\.5 s\s+14\.0 s\s+15\.0 s\s+seen$/);
    assert.match(lines[3], /UNSEEN: AgentTaskSlowdown never fired for planner-6$/);
    assert.match(lines[4], /^drift\s+coder-2\s+NoSuchAlert\s+–.*UNSEEN: no alert rule named NoSuchAlert/);
    const v = verdict(outcomes);
    assert.equal(v.code, 1);
    assert.match(
      v.message,
      /^2 of 3 faults went unseen: slow \(.*\); drift \(no alert rule named NoSuchAlert/,
    );
    assert.deepEqual(verdict([seen()]), {
      code: 0,
      message: 'all 1 faults detected, routed and remediated once',
    });
  });
});
