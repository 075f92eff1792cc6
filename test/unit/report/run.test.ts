import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runReport, UsageError } from '../../../cli/report';
import type { InstantQuery } from '../../../cli/report/prometheus';
import { DEFAULT_THRESHOLDS } from '../../../cli/report/thresholds';
import { tempDirUntilExit } from '../../helpers';

// the runner with a fake Prometheus: which agents it asks about, what it writes, what it refuses.
// (the queries themselves run against the real Prometheus in test/e2e/report/.)

describe('report/runReport', () => {
  const dir = tempDirUntilExit('report-run');
  const window = { label: '24h', seconds: 86_400, endS: 1_800_000_000 };
  const base = { window, prometheusUrl: 'http://prom.test', thresholds: DEFAULT_THRESHOLDS };

  // answers agent discovery with these ids and every other query with nothing
  function fake(seen: string[], asked: string[] = []): InstantQuery {
    return async (promql) => {
      asked.push(promql);
      return promql.startsWith('count by (agent_id) (count_over_time(agent_up[')
        ? new Map(seen.map((id) => [id, 1]))
        : new Map();
    };
  }

  it('without --agents, the test group is every agent seen minus the control group', async () => {
    const asked: string[] = [];
    const { summary } = await runReport({
      ...base,
      agents: [],
      control: ['c1'],
      outDir: join(dir, 'discover'),
      query: fake(['t2', 'c1', 't1'], asked),
    });
    assert.deepEqual(summary.groups, { test: ['t1', 't2'], control: ['c1'] });
    assert.ok(asked[0].includes('[86400s]'));
    assert.ok(
      asked.slice(1).every((q) => q.includes('"t1|t2|c1"') || q.includes('"t1|t2"') || q.includes('"c1"')),
    );
  });

  it('writes summary.json and report.md, and says NO DATA rather than passing', async () => {
    const { files, summary } = await runReport({
      ...base,
      agents: ['a|b'],
      control: [],
      outDir: join(dir, 'out'),
      query: fake([]),
    });
    assert.equal(summary.decision, 'NO-GO');
    assert.deepEqual(JSON.parse(readFileSync(files.summary, 'utf8')), JSON.parse(JSON.stringify(summary)));
    const md = readFileSync(files.markdown, 'utf8');
    assert.match(md, /^# Checkpoint report: NO-GO/);
    assert.match(md, /\| Agent uptime \| > 99\.9% \| NO DATA \| NO DATA \| yes \|/);
    // an agent id cannot break the tables
    assert.match(md, /\| a\\\|b \| test \|/);
    assert.equal(summary.window.start, '2027-01-14T08:00:00.000Z');
  });

  it('refuses an agent in both groups, and an empty fleet, as usage errors', async () => {
    await assert.rejects(
      runReport({ ...base, agents: ['a'], control: ['a'], outDir: join(dir, 'x'), query: fake([]) }),
      (err: Error) =>
        err instanceof UsageError && /both in the test and the control group: a/.test(err.message),
    );
    await assert.rejects(
      runReport({ ...base, agents: [], control: [], outDir: join(dir, 'y'), query: fake([]) }),
      (err: Error) => err instanceof UsageError && /no test agents/.test(err.message),
    );
  });
});
