import assert from 'node:assert/strict';
import {
  readContentCaptureMode,
  resolveContentCapture,
} from '../../../../instrumentation/config/content-capture';
import { readEnvConfig } from '../../../../instrumentation/config/env';
import { resolveConfig } from '../../../../instrumentation/config/resolve';
import { redactSecrets } from '../../../../instrumentation/redaction';
import type { ContentCaptureMode } from '../../../../instrumentation/types';
import { spyOnDiag } from '../diag-spy';

const VAR = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

// every form of the variable: the enum (any case), the boolean form, unset, and invalid values,
// which warn once naming the variable, the value, what is allowed and the fallback.
const TABLE: {
  value: string | undefined;
  mode: ContentCaptureMode;
  span: boolean;
  event: boolean;
  warn?: boolean;
}[] = [
  { value: undefined, mode: 'NO_CONTENT', span: false, event: false },
  { value: '', mode: 'NO_CONTENT', span: false, event: false },
  { value: 'NO_CONTENT', mode: 'NO_CONTENT', span: false, event: false },
  { value: 'SPAN_ONLY', mode: 'SPAN_ONLY', span: true, event: false },
  { value: 'EVENT_ONLY', mode: 'EVENT_ONLY', span: false, event: true },
  { value: 'SPAN_AND_EVENT', mode: 'SPAN_AND_EVENT', span: true, event: true },
  { value: 'span_and_event', mode: 'SPAN_AND_EVENT', span: true, event: true },
  { value: ' Span_Only ', mode: 'SPAN_ONLY', span: true, event: false },
  // the boolean form, as the OTel JS GenAI instrumentations read it: content in events only
  { value: 'true', mode: 'EVENT_ONLY', span: false, event: true },
  { value: 'TRUE', mode: 'EVENT_ONLY', span: false, event: true },
  { value: 'false', mode: 'NO_CONTENT', span: false, event: false },
  { value: 'yes', mode: 'NO_CONTENT', span: false, event: false, warn: true },
  { value: '1', mode: 'NO_CONTENT', span: false, event: false, warn: true },
  { value: 'SPAN', mode: 'NO_CONTENT', span: false, event: false, warn: true },
];

describe('instrumentation/config/content-capture', () => {
  for (const row of TABLE) {
    it(`${VAR}=${JSON.stringify(row.value)} -> ${row.mode}${row.warn ? ' with a warning' : ''}`, () => {
      const spy = spyOnDiag();
      try {
        const env = row.value === undefined ? {} : { [VAR]: row.value };
        const resolved = resolveConfig({}, readEnvConfig(env)).contentCapture;
        assert.equal(resolved.mode, row.mode);
        assert.equal(resolved.onSpan, row.span);
        assert.equal(resolved.onEvent, row.event);
        if (row.warn) {
          assert.equal(spy.warnings.length, 1, spy.warnings.join('\n'));
          const [warning] = spy.warnings;
          for (const part of [
            `${VAR}="${row.value}"`,
            'SPAN_AND_EVENT',
            'true (= EVENT_ONLY)',
            'using NO_CONTENT',
          ]) {
            assert.ok(warning.includes(part), `${warning} names ${part}`);
          }
        } else {
          assert.deepEqual(spy.warnings, []);
        }
      } finally {
        spy.restore();
      }
    });
  }

  it('the init() option wins over the environment, booleans included', () => {
    assert.equal(resolveContentCapture({ mode: 'SPAN_ONLY' }, 'EVENT_ONLY').mode, 'SPAN_ONLY');
    assert.equal(resolveContentCapture({ mode: false }, 'SPAN_AND_EVENT').mode, 'NO_CONTENT');
    assert.equal(resolveContentCapture({ mode: true }, undefined).mode, 'EVENT_ONLY');
    assert.equal(resolveContentCapture({}, 'SPAN_ONLY').mode, 'SPAN_ONLY');
  });

  it('redacts secrets by default, takes a redactor of its own, or none', () => {
    assert.equal(resolveContentCapture(undefined, undefined).redact, redactSecrets);
    const own = (t: string) => t.toUpperCase();
    assert.equal(resolveContentCapture({ redact: own }, undefined).redact, own);
    assert.equal(resolveContentCapture({ redact: false }, undefined).redact, undefined);
  });

  it('limits: positive integers, else the defaults', () => {
    const r = resolveContentCapture({ maxLength: 10, maxMessages: 2 }, undefined);
    assert.deepEqual([r.maxLength, r.maxMessages], [10, 2]);
    const d = resolveContentCapture({ maxLength: -1, maxMessages: 1.5 }, undefined);
    assert.deepEqual([d.maxLength, d.maxMessages], [8192, 50]);
  });

  it('readContentCaptureMode: unset is undefined, so the default applies', () => {
    assert.equal(readContentCaptureMode({}), undefined);
  });
});
