import assert from 'node:assert/strict';
import { labelName, metricName, snakeCase } from '../../../protocol/counter-naming';

describe('protocol/counter-naming', () => {
  const cases: [string, string][] = [
    ['taskId', 'task_id'],
    ['missingEvidence', 'missing_evidence'],
    ['HTTPStatus', 'http_status'],
    ['phase', 'phase'],
  ];
  for (const [input, output] of cases) {
    it(`snake_cases ${input} -> ${output}`, () => assert.equal(snakeCase(input), output));
  }
  it('makes label names prometheus-safe or refuses them', () => {
    assert.equal(labelName('tâskÏd'), 't_sk_d');
    assert.equal(labelName('9lives'), 'tag_9lives');
    assert.equal(labelName('タスク'), undefined);
  });
  it('prefixes the namespace and leaves _total to prometheus', () => {
    assert.equal(metricName('anti_drift', 'prompt_drift_detected'), 'anti_drift_prompt_drift_detected');
    assert.equal(metricName('anti_drift', 'requests_total'), 'anti_drift_requests');
    assert.equal(metricName('', 'x.y'), undefined);
    assert.equal(metricName('ns', '_x'), undefined);
    assert.equal(metricName('ns', 'promptDrift'), 'ns_prompt_drift');
    assert.equal(metricName('ns', '1x'), undefined);
  });
});
