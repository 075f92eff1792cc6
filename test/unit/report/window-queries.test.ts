import assert from 'node:assert/strict';
import { agentMatcher } from '../../../cli/report/queries';
import { parseDuration, parseTime } from '../../../cli/report/window';

describe('report/window and queries', () => {
  const durations: [string, number | undefined][] = [
    ['24h', 86_400],
    ['90m', 5400],
    ['1d12h', 129_600],
    ['1w', 604_800],
    ['30s', 30],
    ['0h', undefined],
    ['24', undefined],
    ['1.5h', undefined],
    ['h', undefined],
    ['24h ', 86_400],
  ];
  for (const [text, seconds] of durations)
    it(`duration ${JSON.stringify(text)}`, () => assert.equal(parseDuration(text), seconds));

  it('end time: unix seconds or RFC 3339, nothing else', () => {
    assert.equal(parseTime('1700000000'), 1_700_000_000);
    assert.equal(parseTime('2026-12-02T00:00:00Z'), Date.UTC(2026, 11, 2) / 1000);
    assert.equal(parseTime('yesterday'), undefined);
    assert.equal(parseTime('12/02/2026'), undefined);
  });

  it('agent ids match exactly: regex characters are escaped, the string is quoted for PromQL', () => {
    assert.equal(agentMatcher(['a.b', 'c']), JSON.stringify('a\\.b|c'));
    assert.equal(agentMatcher(['x|y']), JSON.stringify('x\\|y'));
    assert.equal(agentMatcher(['q"1']), JSON.stringify('q"1'));
  });
});
