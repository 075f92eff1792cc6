import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CounterLineError, parseCounterLine } from '../../../protocol/counter-line';

const opts = { namespace: 'anti_drift' };
const parse = (line: string | Buffer) =>
  parseCounterLine(Buffer.isBuffer(line) ? line : Buffer.from(line), opts);

describe('protocol/counter-line', () => {
  it('maps the seed-000 schema to <namespace>_<name> with snake_case labels', () => {
    const inc = parse(
      '{"name":"evidence_gate_failed","value":1,"timestamp":"2025-10-28T22:00:00.000Z","tags":{"taskId":"TASK-001","phase":"IMPLEMENT","missingEvidence":"tests"}}',
    );
    assert.deepEqual(inc, {
      metric: 'anti_drift_evidence_gate_failed',
      value: 1,
      labels: { task_id: 'TASK-001', phase: 'IMPLEMENT', missing_evidence: 'tests' },
      timeMs: Date.parse('2025-10-28T22:00:00.000Z'),
    });
  });

  it('counts a line without value as one increment and keeps numeric and boolean tags as text', () => {
    assert.deepEqual(parse('{"name":"x","tags":{"n":3,"b":true}}'), {
      metric: 'anti_drift_x',
      value: 1,
      labels: { n: '3', b: 'true' },
    });
  });

  const rejects: [string, string | Buffer, string][] = [
    ['not JSON', 'garbage', 'invalid_json'],
    ['NaN literal', '{"name":"x","value":NaN}', 'invalid_json'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), 'invalid_utf8'],
    ['an array', '[1]', 'not_an_object'],
    ['missing name', '{"value":1}', 'missing_name'],
    ['empty name', '{"name":""}', 'missing_name'],
    ['numeric name', '{"name":5}', 'invalid_name'],
    ['name with spaces', '{"name":"a b"}', 'invalid_name'],
    ['name with a NUL', '{"name":"bad\\u0000ok"}', 'invalid_name'],
    ['negative value', '{"name":"x","value":-1}', 'invalid_value'],
    ['infinite value', '{"name":"x","value":1e999}', 'invalid_value'],
    ['string value', '{"name":"x","value":"1"}', 'invalid_value'],
    ['bad timestamp', '{"name":"x","timestamp":"yesterday"}', 'invalid_timestamp'],
    ['tags not an object', '{"name":"x","tags":[1]}', 'invalid_tags'],
    ['nested tag value', '{"name":"x","tags":{"a":{"b":1}}}', 'invalid_tags'],
    ['symbol-only tag key', '{"name":"x","tags":{"€":"a"}}', 'invalid_tags'],
    ['colliding tag keys', '{"name":"x","tags":{"taskId":"a","task_id":"b"}}', 'invalid_tags'],
    // the overflow series' label is reserved, so no user line can add to (or spoof) it.
    ['the reserved overflow label', '{"name":"x","tags":{"otel_metric_overflow":"true"}}', 'reserved_label'],
    [
      'a key that becomes the reserved label',
      '{"name":"x","tags":{"otelMetricOverflow":"1"}}',
      'reserved_label',
    ],
  ];
  for (const [what, line, reason] of rejects) {
    it(`rejects ${what} as ${reason}`, () => {
      assert.throws(
        () => parse(line),
        (err: Error) => err instanceof CounterLineError && err.reason === reason && err.message.length > 0,
      );
    });
  }
});

describe('counters parser timestamps', () => {
  it('reads every canonical and other ISO timestamp exactly as Date.parse does, in any order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc
              .date({ min: new Date('1970-01-02'), max: new Date('2200-01-01'), noInvalidDate: true })
              .map((d) => d.toISOString()),
            fc
              .date({
                min: new Date('2000-01-01'),
                max: new Date('2000-01-01T00:00:03'),
                noInvalidDate: true,
              })
              .map((d) => d.toISOString()),
            fc.constantFrom(
              '2025-10-28T22:00:00.12xZ',
              '2025-10-28T22:00:00.000+02:00',
              '2025-13-01T00:00:00.000Z',
              '2025-10-28T22:00:00Z',
            ),
          ),
          { maxLength: 20 },
        ),
        (stamps) => {
          for (const ts of stamps) {
            const expected = Date.parse(ts);
            let got: number | string | undefined;
            try {
              got = parse(`{"name":"x","timestamp":"${ts}"}`).timeMs;
            } catch (err) {
              got = (err as CounterLineError).reason;
            }
            assert.equal(got, Number.isFinite(expected) ? expected : 'invalid_timestamp', ts);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
