import assert from 'node:assert/strict';
import { MultilineAssembler } from '../../../processors/logs/multiline';

const line = (text: string, lineNo: number, fileId = 'f') => ({
  fileId,
  path: '/p',
  lineNo,
  text,
  captures: {},
});

describe('multiline assembler', () => {
  it('joins continuation lines to the record they follow', () => {
    const out: string[] = [];
    const m = new MultilineAssembler({ start: '^\\d{4}-' }, (r) => out.push(r.text));
    m.add(line('2025-01-01 ERROR x', 1), 0);
    m.add(line('  at a', 2), 0);
    m.add(line('  at b', 3), 0);
    m.add(line('2025-01-01 INFO y', 4), 0);
    assert.deepEqual(out, ['2025-01-01 ERROR x\n  at a\n  at b']);
    m.flush(10, true);
    assert.deepEqual(out.slice(1), ['2025-01-01 INFO y']);
  });

  it('emits a pending record after the timeout, and survives a snapshot/restore', () => {
    const out: string[] = [];
    const m = new MultilineAssembler({ start: '^S', timeoutMs: 100 }, (r) => out.push(r.text));
    m.add(line('S1', 1), 0);
    m.add(line(' c', 2), 0);
    m.flush(50);
    assert.equal(out.length, 0);
    const restored = new MultilineAssembler({ start: '^S', timeoutMs: 100 }, (r) => out.push(r.text));
    restored.restore(m.snapshot());
    restored.flush(150);
    assert.deepEqual(out, ['S1\n c']);
  });

  it('passes each line through without a start pattern', () => {
    const out: string[] = [];
    const m = new MultilineAssembler({}, (r) => out.push(r.text));
    m.add(line('a', 1));
    m.add(line(' b', 2));
    assert.deepEqual(out, ['a', ' b']);
  });
});
