import assert from 'node:assert/strict';
import { escapeHtml, html } from '../../../processors/console/pages/html';
import { waterfallTable } from '../../../processors/console/pages/waterfall';

describe('console pages', () => {
  it('escapes every interpolated value, in content and attributes', () => {
    const evil = `<img src=x onerror="alert('x')">&`;
    const out = html`<td title="${evil}">${evil}${[evil]}</td>`.value;
    assert.equal(out.includes('<img'), false);
    assert.equal(out.includes('"alert'), false);
    assert.equal(out, `<td title="${escapeHtml(evil)}">${escapeHtml(evil)}${escapeHtml(evil)}</td>`);
  });

  it('keeps nested html and drops null, undefined and false', () => {
    assert.equal(
      html`<p>${html`<b>${'a<b'}</b>`}${null}${undefined}${false}${0}</p>`.value,
      '<p><b>a&lt;b</b>0</p>',
    );
  });

  it('renders a span name from an agent as text in a waterfall', () => {
    const out = waterfallTable({
      traceId: 'abc',
      startMs: 0,
      durationMs: 10,
      error: true,
      spanCount: 1,
      cut: 0,
      rows: [
        {
          spanId: '1',
          depth: 0,
          name: '<script>x</script>',
          role: 'execute_tool',
          service: 's',
          offsetMs: 0,
          durationMs: 10,
          error: true,
          errorText: '"><b>',
          labels: { 'gen_ai.tool.name': '<i>' },
        },
      ],
    }).value;
    assert.equal(/<script>|<b>|<i>/.test(out), false);
    assert.match(out, /data-error="true"/);
  });
});
