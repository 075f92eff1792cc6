import assert from 'node:assert/strict';
import { parseWrkReport } from '../../../bench/heartbeat/wrk';

// the heartbeat bench reads wrk's text report; these are reports wrk 4.1 printed here.
const REPORT = `Running 2s test @ http://127.0.0.1:19412/v1/heartbeats
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.52ms    9.81ms 166.78ms   98.87%
    Req/Sec    27.51k     1.12k   28.90k    75.00%
  Latency Distribution
     50%  812.00us
     75%    1.01ms
     90%    1.31ms
     99%  166.78ms
  54480 requests in 2.00s, 8.47MB read
Requests/sec:  27240.12
Transfer/sec:      4.23MB
`;

describe('bench: wrk report', () => {
  it('reads requests, duration and p99 of a clean run', () => {
    assert.deepEqual(parseWrkReport(REPORT), { answered: 54480, durationS: 2, p99Ms: 166.78, errors: 0 });
  });

  it('counts non-2xx answers and socket errors as errors, not as answered', () => {
    const report = REPORT.replace(
      'Requests/sec',
      '  Socket errors: connect 0, read 2, write 0, timeout 3\n  Non-2xx or 3xx responses: 480\nRequests/sec',
    ).replace('99%  166.78ms', '99%    4.67us');
    assert.deepEqual(parseWrkReport(report), { answered: 54000, durationS: 2, p99Ms: 0.00467, errors: 485 });
  });

  it('names a report without a request count', () => {
    assert.throws(
      () => parseWrkReport('unable to connect to 127.0.0.1:1 Connection refused'),
      /no request count/,
    );
  });
});
