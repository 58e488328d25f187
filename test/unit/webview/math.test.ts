// The panel's KaTeX settings (src/webview/math.ts): no links, images, classes, ids, styles or data
// attributes from LaTeX, bounded macro expansion and sizes. Rendered to a string here (no DOM); the
// end-to-end test checks the same in the real webview.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import katex from 'katex';
import { KATEX_OPTIONS, katexOptions } from '../../../src/webview/math';

const render = (latex: string) => katex.renderToString(latex, katexOptions(true));

test('trust is off and the limits are set deliberately', () => {
  assert.equal(KATEX_OPTIONS.trust, false);
  assert.equal(KATEX_OPTIONS.maxExpand, 200);
  assert.equal(KATEX_OPTIONS.maxSize, 10);
  assert.equal(KATEX_OPTIONS.throwOnError, false);
});

test('\\href and \\url make no links', () => {
  for (const latex of ['\\href{javascript:alert(1)}{x}', '\\url{https://example.com}']) {
    const html = render(latex);
    assert.doesNotMatch(html, /<a[\s>]/, latex);
    assert.doesNotMatch(html, /href=/, latex);
  }
});

test('\\htmlData, \\htmlClass, \\htmlId, \\htmlStyle and \\includegraphics set nothing', () => {
  assert.doesNotMatch(render('\\htmlData{foo=bar}{x}'), /data-foo/);
  assert.doesNotMatch(render('\\htmlClass{evil}{x}'), /class="[^"]*evil/);
  assert.doesNotMatch(render('\\htmlId{evil}{x}'), /id="evil"/);
  // (the source stays in the MathML annotation, as text)
  assert.doesNotMatch(render('\\htmlStyle{background:url(x)}{x}'), /style="[^"]*background/);
  assert.doesNotMatch(render('\\includegraphics{x.png}'), /<img/);
});

test('HTML in LaTeX is text', () => {
  assert.doesNotMatch(render('\\text{<img src=x onerror=alert(1)>}'), /<img/);
});

test('a recursive macro stops at maxExpand; \\gdef does not leak between formulas', () => {
  assert.match(render('\\def\\a{\\a}\\a'), /katex-error/);
  render('\\gdef\\leak{LEAK}');
  assert.match(render('\\leak'), /katex-error|\\leak/);
  assert.doesNotMatch(render('\\leak'), /LEAK/);
});

test('sizes above maxSize are capped', () => {
  const html = render('\\rule{500em}{500em}');
  assert.doesNotMatch(html, /width:500em/);
  assert.match(html, /border-right-width:10em/);
});
