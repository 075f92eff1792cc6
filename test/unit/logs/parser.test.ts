import assert from 'node:assert/strict';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { parseLogLine, severityOf } from '../../../processors/logs/parser';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('log parser', () => {
  it('maps a JSON line: time, level, message, trace context, other fields as attributes', () => {
    const log = parseLogLine(
      JSON.stringify({
        time: '2025-01-01T00:00:00Z',
        level: 'warn',
        msg: 'hi',
        trace_id: TRACE,
        span_id: SPAN,
        task: 'T',
        n: 2,
        o: { a: 1 },
      }),
    );
    assert.equal(log.timeMs, Date.parse('2025-01-01T00:00:00Z'));
    assert.equal(log.severityNumber, SeverityNumber.WARN);
    assert.equal(log.severityText, 'WARN');
    assert.equal(log.body, 'hi');
    assert.equal(log.traceId, TRACE);
    assert.equal(log.spanId, SPAN);
    assert.deepEqual(log.attributes, { task: 'T', n: 2, o: '{"a":1}' });
  });

  it('maps a text line with a leading time, a level word and trace_id=', () => {
    const log = parseLogLine(`2025-01-01 10:00:00,123 [main] ERROR boom trace_id=${TRACE.toUpperCase()}`);
    assert.equal(log.severityText, 'ERROR');
    assert.equal(log.timeMs, Date.parse('2025-01-01T10:00:00.123'));
    assert.equal(log.traceId, TRACE);
    assert.match(log.body, /boom/);
  });

  it('keeps a broken JSON line as text rather than losing it', () => {
    const log = parseLogLine('{"level":"error", broken');
    assert.equal(log.body, '{"level":"error", broken');
    assert.equal(log.severityText, 'ERROR');
  });

  it('refuses malformed and all-zero trace ids', () => {
    assert.equal(parseLogLine(JSON.stringify({ trace_id: 'xyz' })).traceId, undefined);
    assert.equal(parseLogLine(JSON.stringify({ trace_id: '0'.repeat(32) })).traceId, undefined);
  });

  const levels: [unknown, SeverityNumber][] = [
    ['debug', SeverityNumber.DEBUG],
    ['INFO', SeverityNumber.INFO],
    ['Warning', SeverityNumber.WARN],
    ['err', SeverityNumber.ERROR],
    ['critical', SeverityNumber.FATAL],
    [30, SeverityNumber.INFO],
    [50, SeverityNumber.ERROR],
    ['whatever', SeverityNumber.UNSPECIFIED],
  ];
  for (const [level, number] of levels) {
    it(`maps level ${String(level)}`, () => assert.equal(severityOf(level).number, number));
  }
});
