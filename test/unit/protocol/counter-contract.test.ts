import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { CounterRecorder } from '../../../instrumentation/counter';
import { CountersFile } from '../../../instrumentation/counters-file';
import type { CounterTags } from '../../../instrumentation/types';
import { CounterLineError, formatCounterLine, parseCounterLine } from '../../../protocol/counter-line';
import { useTempDirs } from '../../helpers';
import { spyOnDiag } from '../instrumentation/diag-spy';

const tempDir = useTempDirs('counter-contract');

// one table, run against both sides of the counter contract: the SDK's counter() and the
// counters receiver's parser. A row either names the series both produce or the reason both refuse.

type Outcome = { metric: string; labels: Record<string, string> } | { reject: string };
const TABLE: [string, { name: string; value?: number; tags?: CounterTags }, Outcome][] = [
  [
    'seed-000 line',
    { name: 'evidence_gate_failed', tags: { taskId: 'T-1' } },
    { metric: 'ns_evidence_gate_failed', labels: { task_id: 'T-1' } },
  ],
  ['camelCase name', { name: 'promptDriftDetected' }, { metric: 'ns_prompt_drift_detected', labels: {} }],
  ['_total suffix dropped', { name: 'requests_total' }, { metric: 'ns_requests', labels: {} }],
  ['digits and underscores', { name: 'a1_b2' }, { metric: 'ns_a1_b2', labels: {} }],
  ['leading underscore', { name: '_x' }, { reject: 'invalid_name' }],
  ['dotted name', { name: 'a.b' }, { reject: 'invalid_name' }],
  ['dashed name', { name: 'a-b' }, { reject: 'invalid_name' }],
  ['colon in name', { name: 'a:b' }, { reject: 'invalid_name' }],
  ['leading digit', { name: '1x' }, { reject: 'invalid_name' }],
  ['non-ASCII name', { name: 'é' }, { reject: 'invalid_name' }],
  ['201 characters', { name: `a${'b'.repeat(200)}` }, { reject: 'invalid_name' }],
  ['empty name', { name: '' }, { reject: 'missing_name' }],
  ['negative value', { name: 'x', value: -1 }, { reject: 'invalid_value' }],
  ['NaN value', { name: 'x', value: Number.NaN }, { reject: 'invalid_value' }],
  [
    'dotted and dashed tag keys',
    { name: 'x', tags: { 'gen.ai-kind': 'k' } },
    { metric: 'ns_x', labels: { gen_ai_kind: 'k' } },
  ],
  [
    'leading underscore tag key',
    { name: 'x', tags: { _private: 'p' } },
    { metric: 'ns_x', labels: { private: 'p' } },
  ],
  [
    'leading digit tag key',
    { name: 'x', tags: { '9lives': 'y' } },
    { metric: 'ns_x', labels: { tag_9lives: 'y' } },
  ],
  [
    'numbers and booleans as text',
    { name: 'x', tags: { n: 3, b: true } },
    { metric: 'ns_x', labels: { n: '3', b: 'true' } },
  ],
  ['unusable tag key', { name: 'x', tags: { タスク: 'v' } }, { reject: 'invalid_tags' }],
  ['colliding tag keys', { name: 'x', tags: { taskId: 'a', task_id: 'b' } }, { reject: 'invalid_tags' }],
  [
    'reserved overflow label',
    { name: 'x', tags: { otelMetricOverflow: 'true' } },
    { reject: 'reserved_label' },
  ],
  ['tag value over 256 characters', { name: 'x', tags: { k: 'v'.repeat(257) } }, { reject: 'invalid_tags' }],
];

function receiverSide(line: { name: string; value?: number; tags?: CounterTags }): Outcome {
  try {
    const inc = parseCounterLine(Buffer.from(formatCounterLine(line).trimEnd()), { namespace: 'ns' });
    return { metric: inc.metric, labels: inc.labels };
  } catch (err) {
    if (err instanceof CounterLineError) return { reject: err.reason };
    throw err;
  }
}

describe('protocol: the counter contract, SDK and receiver alike', () => {
  let exporter: InMemoryMetricExporter;
  let reader: PeriodicExportingMetricReader;
  let dir: string;

  beforeEach(() => {
    exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    dir = tempDir();
  });
  afterEach(async () => {
    await reader.shutdown();
    metrics.disable();
  });

  async function sdkSide(line: { name: string; value?: number; tags?: CounterTags }) {
    const file = new CountersFile(join(dir, 'counters.jsonl'));
    const spy = spyOnDiag();
    try {
      new CounterRecorder('ns', file).add(line.name, line.value, line.tags);
    } finally {
      spy.restore();
      file.close();
    }
    await reader.forceFlush();
    const exported = exporter
      .getMetrics()
      .flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics))
      .flatMap((m) => m.dataPoints.map((dp) => ({ metric: m.descriptor.name, labels: dp.attributes })));
    let written: string[] = [];
    try {
      written = readFileSync(join(dir, 'counters.jsonl'), 'utf8').split('\n').filter(Boolean);
    } catch {
      // never opened: nothing was written
    }
    return { exported, written, warnings: spy.warnings };
  }

  for (const [title, line, expected] of TABLE) {
    it(`${title}: ${'reject' in expected ? `refused (${expected.reject})` : expected.metric}`, async () => {
      assert.deepEqual(receiverSide(line), expected, 'the receiver parser');
      const sdk = await sdkSide(line);
      if ('reject' in expected) {
        assert.deepEqual(sdk.exported, [], 'the SDK exports nothing');
        assert.deepEqual(sdk.written, [], 'the SDK writes no line');
        assert.equal(sdk.warnings.length, 1, 'the SDK warns once');
        assert.match(sdk.warnings[0], new RegExp(`\\(${expected.reject}\\)`));
      } else {
        assert.deepEqual(sdk.exported, [expected], 'the SDK exports the same series');
        assert.equal(sdk.written.length, 1, 'the SDK mirrors one line');
        const fromFile = parseCounterLine(Buffer.from(sdk.written[0]), { namespace: 'ns' });
        assert.deepEqual({ metric: fromFile.metric, labels: fromFile.labels }, expected, 'the mirrored line');
      }
    });
  }
});
