// What the extension host does on every hover runs synchronously, so it must be fast on any document:
// the math span finder, the Markdown fence finder and the shape-annotation reader on hostile text
// (long lines, long names, runs of spaces, unclosed delimiters and fences, 50,000-line files). Each
// is timed as the best of several runs and checked for linear growth (twice the input, under three
// times the time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definedName, linesOf, mathAt, type Lines, type MathStyle } from '../../../src/extension/hover/mathSpans';
import { MAX_LINE_LENGTH, rightHandSideAt, worthDifferentiating } from '../../../src/extension/hover/targets';
import { ANNOTATION_WINDOW, annotationsIn, parseVarSpec } from '../../../src/core/matrix/annotations';

/** Under this, a hover's synchronous work goes unnoticed. */
const HOVER_MS = 20;

/**
 * Milliseconds `work` takes, best of `runs`. Each run counts the lesser of wall-clock and CPU time:
 * on a loaded machine the wall clock also counts other processes' turns, and CPU time alone would
 * miss waiting; a slow algorithm is slow by both.
 */
function bestMs(work: () => unknown, runs = 5): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    work();
    const wall = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    best = Math.min(best, wall, (user + system) / 1000);
  }
  return best;
}

/**
 * Time at 2n over time at n, of the work `make` builds for a size. Each is repeated often enough
 * that the smaller takes a few milliseconds (timer resolution does not decide), the two are timed in
 * turns (a change of load hits both), and a ratio over 3 is measured again, twice at most: noise
 * passes, a quadratic algorithm stays near 4.
 */
function growth(make: (n: number) => () => unknown, n: number): number {
  const small = make(n);
  const large = make(2 * n);
  small();
  large(); // compiled before timing
  let repeats = 1;
  const repeated = (work: () => unknown) => () => {
    for (let i = 0; i < repeats; i++) work();
  };
  while (bestMs(repeated(small), 1) < 2 && repeats < 1 << 16) repeats *= 2;
  let ratio = Infinity;
  for (let attempt = 0; attempt < 3 && ratio >= 3; attempt++) {
    let smallMs = Infinity;
    let largeMs = Infinity;
    for (let run = 0; run < 4; run++) {
      smallMs = Math.min(smallMs, bestMs(repeated(small), 1));
      largeMs = Math.min(largeMs, bestMs(repeated(large), 1));
    }
    ratio = Math.min(ratio, largeMs / smallMs);
  }
  return ratio;
}

function assertFastAndLinear(label: string, make: (n: number) => () => unknown, n: number): void {
  const ms = bestMs(make(2 * n));
  assert.ok(ms < HOVER_MS, `${label}: ${ms.toFixed(2)} ms at size ${2 * n}, over ${HOVER_MS} ms`);
  const ratio = growth(make, n);
  assert.ok(ratio < 3, `${label}: twice the input took ${ratio.toFixed(2)}× the time (not linear)`);
}

/** A hover on the last `at` characters of a one-line document. */
function hoverLine(line: string, style: MathStyle, fromEnd = 2) {
  const lines = linesOf(line);
  return () => mathAt(lines, { line: 0, character: line.length - fromEnd }, style);
}

/** Text of `length` made of `unit` repeated, between `before` and `after`. */
function repeated(before: string, unit: string, length: number, after: string): string {
  return before + unit.repeat(Math.ceil(length / unit.length)) + after;
}

// ──── The hover span finder ─────────────────────────────────

test('the issue\'s line, $f( + 4000 spaces + x = y$, is read at once', () => {
  const line = `$f(${' '.repeat(4000)}x = y$`;
  for (const style of ['markdown', 'latex'] as const) {
    const ms = bestMs(hoverLine(line, style));
    assert.ok(ms < HOVER_MS, `${style}: ${ms.toFixed(2)} ms`);
    // still an equation: the side under the cursor
    assert.equal(mathAt(linesOf(line), { line: 0, character: line.length - 2 }, style)?.text, 'y');
  }
});

test('math spans: hostile lines are read in linear time', () => {
  const hostile: [string, (n: number) => string, MathStyle[]][] = [
    ['a name with a run of spaces', (n) => repeated('$f(', ' ', n, 'x = y$'), ['markdown', 'latex']],
    ['a subscript of \\left', (n) => repeated('$y_', '\\left', n, '(x) = 1$'), ['markdown', 'latex']],
    ['unclosed $', (n) => repeated('', '$a ', n, 'x'), ['markdown', 'latex']],
    ['runs of backticks', (n) => repeated('$x$ ', '`` `a', n, ' $y$'), ['markdown']],
    ['row breaks \\\\[ never closed', (n) => repeated('$x = ', '\\\\[', n, '$'), ['markdown', 'latex']],
    ['\\begin{ never closed', (n) => repeated('$x = ', '\\begin{aaaaaaaaaaaaaaaa', n, '$'), ['markdown', 'latex']],
    ['\\label{ never closed', (n) => repeated('$x = ', '\\label{', n, '$'), ['markdown', 'latex']],
    ['escaped percents and comments', (n) => repeated('$x = ', '\\%%', n, '$'), ['latex']],
    ['nested braces', (n) => repeated('$x = ', '{', n, 'y$'), ['markdown', 'latex']],
    ['relations', (n) => repeated('$x', ' \\le =', n, ' y$'), ['markdown', 'latex']],
  ];
  for (const [label, make, styles] of hostile)
    for (const style of styles) assertFastAndLinear(`${label} (${style})`, (n) => hoverLine(make(n), style), 4000);
});

test('a line longer than MAX_LINE_LENGTH is not read; one just under it is', () => {
  const long = repeated('$x + ', 'y + ', 100_000, '1$');
  for (const style of ['markdown', 'latex'] as const) {
    assert.equal(mathAt(linesOf(long), { line: 0, character: 3 }, style), undefined);
    assert.ok(bestMs(hoverLine(long, style)) < 1, 'nothing scanned');
  }
  const prose = 'word '.repeat((MAX_LINE_LENGTH - 20) / 5);
  const fits = `${prose}$x^2 + 1$`;
  assert.ok(fits.length <= MAX_LINE_LENGTH);
  assert.equal(mathAt(linesOf(fits), { line: 0, character: fits.length - 3 }, 'markdown')?.text, 'x^2 + 1');
});

test('a paragraph of 100,000-character lines is read only around the hovered line', () => {
  for (const width of [50_000, 100_000]) {
    const para = [...Array.from({ length: 150 }, () => 'word $x^2$ '.repeat(width / 11)), 'short $x^3 + y$ line', ...Array.from({ length: 150 }, () => 'z'.repeat(width))];
    const lines = linesOf(para.join('\n'));
    const hover = () => mathAt(lines, { line: 150, character: 8 }, 'markdown');
    assert.equal(hover()?.text, 'x^3 + y');
    const ms = bestMs(hover);
    assert.ok(ms < HOVER_MS, `${width}-character lines: ${ms.toFixed(2)} ms`);
  }
});

test('names on the left of = are recognised in linear time', () => {
  assert.deepEqual(definedName('g(t)'), { name: 'g', primed: false, applied: true });
  assert.deepEqual(definedName("f'(t)"), { name: 'f', primed: true, applied: true });
  assert.deepEqual(definedName('y_{1}'), { name: 'y_{1}', primed: false, applied: false });
  assert.deepEqual(definedName('\\sigma\\left( z \\right)'), { name: '\\sigma', primed: false, applied: true });
  assert.equal(definedName('x + y'), undefined);
  assert.equal(definedName('f(x = 1)'), undefined);
  assertFastAndLinear('f( + spaces + x', (n) => {
    const text = `f(${' '.repeat(n)}x`;
    return () => assert.equal(definedName(text), undefined);
  }, 4000);
  assertFastAndLinear('a subscript of \\left', (n) => {
    const text = `y_${'\\left'.repeat(n / 5)}(x`;
    return () => assert.equal(definedName(text), undefined);
  }, 4000);
});

test('Markdown inline code: a run of backticks closes at the next run of the same length', () => {
  const code = (line: string) => mathAt(linesOf(line), { line: 0, character: line.indexOf('x') + 1 }, 'markdown');
  assert.equal(code('see ``a`$x^2$`` here'), undefined, 'inside double backticks');
  assert.equal(code('see ```a $x^2$ b`` here')?.text, 'x^2', 'unmatched runs are literal');
  assert.equal(code('`a` $x^2$ `b`')?.text, 'x^2');
});

// ──── The Markdown fence finder ─────────────────────────────

/** A Markdown document: prose with math, code fences, ```math blocks, a fence mentioned inline. */
function markdownDocument(lineCount: number): string[] {
  const cycle = ['```python', '$x^2$ is code here', '```', '```math', 'x^3 - x', '```', 'Write ``` to open a fence.'];
  return Array.from({ length: lineCount }, (_, i) => (i % 50 < cycle.length ? cycle[i % 50]! : i % 7 === 0 ? '' : `Line ${i}: the area $x^${i % 9} + y$ of it.`));
}

let version = 0;
/** The same lines under a new version key: nothing about them is cached yet. */
function newVersion(lines: Lines): Lines {
  return { lineCount: lines.lineCount, line: lines.line, versionKey: `doc@${++version}` };
}

test('fence finder: the first hover at line 50,000 is linear, the next ones are instant', () => {
  const document = linesOf(markdownDocument(50_000).join('\n'));
  const last = 49_999 - (49_999 % 7 === 0 ? 1 : 0);
  assert.equal(mathAt(document, { line: last, character: 24 }, 'markdown')?.text, `x^${last % 9} + y`);
  assert.equal(mathAt(document, { line: 49_951, character: 2 }, 'markdown'), undefined, 'code');
  assert.equal(mathAt(document, { line: 49_954, character: 2 }, 'markdown')?.text, 'x^3 - x', 'a ```math block');
  const ms = bestMs(() => mathAt(newVersion(document), { line: last, character: 24 }, 'markdown'));
  assert.ok(ms < HOVER_MS, `first hover at line 50,000: ${ms.toFixed(2)} ms`);
  const ratio = growth((n) => {
    const lines = linesOf(markdownDocument(n).join('\n'));
    return () => mathAt(newVersion(lines), { line: n - 2, character: 24 }, 'markdown');
  }, 50_000);
  assert.ok(ratio < 3, `twice the lines took ${ratio.toFixed(2)}× the time`);
  // the same version again: from the index
  const lines = newVersion(document);
  mathAt(lines, { line: 0, character: 0 }, 'markdown');
  const again = bestMs(() => mathAt(lines, { line: last, character: 24 }, 'markdown'));
  assert.ok(again < 1, `a hover on an indexed version: ${again.toFixed(3)} ms`);
});

test('fence finder: given the whole text (as a TextDocument gives it), lines are read one by one only near the hover', () => {
  const text = markdownDocument(50_000).join('\n');
  const all = text.split('\n');
  let lineReads = 0;
  const lines: Lines = { lineCount: all.length, line: (i) => (lineReads++, all[i]!), text: () => text, versionKey: `doc@${++version}` };
  assert.equal(mathAt(lines, { line: 49_998, character: 24 }, 'markdown')?.text, `x^${49_998 % 9} + y`);
  assert.equal(mathAt(lines, { line: 49_954, character: 2 }, 'markdown')?.text, 'x^3 - x');
  assert.ok(lineReads < 100, `${lineReads} lines read one by one`);
  const ms = bestMs(() => mathAt({ ...lines, versionKey: `doc@${++version}` }, { line: 49_998, character: 24 }, 'markdown'));
  assert.ok(ms < HOVER_MS, `first hover at line 50,000 from the whole text: ${ms.toFixed(2)} ms`);
});

test('fence finder: what it finds, across versions of a document', () => {
  const doc = ['Prose $x^2$ here', '```', '$y^2$ in code', '```', '```math', 'x^3 - x', '```', '$z^2$ after'];
  const at = (lines: string[], line: number, key: string) => mathAt(linesOf(lines.join('\n'), key), { line, character: lines[line]!.indexOf('^') }, 'markdown')?.text;
  assert.equal(at(doc, 0, 'fences@1'), 'x^2');
  assert.equal(at(doc, 2, 'fences@1'), undefined, 'fenced code');
  assert.equal(at(doc, 5, 'fences@1'), 'x^3 - x', 'a ```math block');
  assert.equal(at(doc, 7, 'fences@1'), 'z^2');
  // version 2 opens a fence above the last line: it is code now, not read from version 1's index
  const edited = [...doc.slice(0, 7), '```', ...doc.slice(7)];
  assert.equal(at(edited, 8, 'fences@2'), undefined);
  assert.equal(at(doc, 7, 'fences@1'), 'z^2', 'version 1 unchanged');
});

test('fence finder: many unclosed fences, and one unclosed ```math over 50,000 lines', () => {
  const fences = linesOf([...Array.from({ length: 50_000 }, (_, i) => (i % 2 ? '```' : `\`\`\`lang${i}`)), '$x^2$'].join('\n'));
  const ms = bestMs(() => mathAt(newVersion(fences), { line: 50_000, character: 2 }, 'markdown'));
  assert.ok(ms < HOVER_MS, `50,000 fences: ${ms.toFixed(2)} ms`);
  const math = linesOf(['```math', ...Array.from({ length: 50_000 }, (_, i) => `x^${i} +`)].join('\n'));
  const hover = () => mathAt(newVersion(math), { line: 25_000, character: 1 }, 'markdown');
  assert.equal(hover(), undefined, 'a block too long to read');
  const mathMs = bestMs(hover);
  assert.ok(mathMs < HOVER_MS, `an unclosed 50,000-line math block: ${mathMs.toFixed(2)} ms`);
});

// ──── Assignments and what is worth a preview ───────────────

test('right-hand sides and numbers: linear, and long lines are not read', () => {
  assert.equal(rightHandSideAt(`y = ${'x + '.repeat(25_000)}1`, 5, 'python'), undefined);
  assertFastAndLinear('rightHandSideAt', (n) => {
    const line = `y = ${'x + '.repeat(n / 4)}1`;
    return () => assert.ok(rightHandSideAt(line, 5, 'python'));
  }, 4000);
  assertFastAndLinear('a run of digits', (n) => {
    const digits = `${'1'.repeat(n)}x`;
    return () => assert.equal(worthDifferentiating(digits, 'plain', true), true);
  }, 1900);
  assert.equal(worthDifferentiating('12.5e-3', 'plain', true), false, 'still a number');
});

// ──── The shape-annotation reader ───────────────────────────

test('annotations: 80,000-character names and runs of spaces are read in linear time', () => {
  const hostile: [string, (n: number) => string][] = [
    ['a long name in a comment', (n) => `# ${'a'.repeat(n)}\nx = 1\n`],
    ['a long name in code', (n) => `${'a'.repeat(n)}\n`],
    ['a long name before a colon', (n) => `# ${'a'.repeat(n)} : (n, n)`],
    ['spaces before symmetric', (n) => `# x: (n,n)${' '.repeat(n)}\n`],
    ['an unclosed shape', (n) => `# x: (${'n,'.repeat(n / 2)}`],
    ['colons', (n) => `# ${'a: '.repeat(n / 3)}`],
    ['an unclosed jaxtyping hint', (n) => `x: Float[Array, "${'n '.repeat(n / 2)}`],
    ['names and digits', (n) => `# ${'1a2b '.repeat(n / 5)}`],
  ];
  for (const [label, make] of hostile) assertFastAndLinear(label, (n) => {
    const text = make(n);
    return () => annotationsIn(text, 0);
  }, 40_000);
  assert.deepEqual(annotationsIn(`# x: (n,n)${' '.repeat(80_000)}symmetric`).get('x'), { shape: ['n', 'n'], symmetric: true });
});

test('annotations: a 50,000-line annotated document is read only near the selection', () => {
  const doc = Array.from({ length: 50_000 }, (_, i) => `y${i} = x @ A${i % 100} @ x  # x: (n,), A${i % 100}: (n, n) symmetric`).join('\n');
  const ms = bestMs(() => annotationsIn(doc, doc.length >> 1));
  assert.ok(ms < HOVER_MS, `${ms.toFixed(2)} ms`);
  assert.deepEqual(annotationsIn(doc, doc.length >> 1).get('A7'), { shape: ['n', 'n'], symmetric: true });
  // an annotation further than the window is not seen
  const far = `# B: (n, n) symmetric\n${'\n'.repeat(ANNOTATION_WINDOW)}f = x @ B @ x`;
  assert.equal(annotationsIn(far, far.length - 5).get('B'), undefined);
  assert.deepEqual(annotationsIn(far, 30).get('B'), { shape: ['n', 'n'], symmetric: true });
});

test('CLI variable specs with long runs of spaces', () => {
  assert.deepEqual(parseVarSpec(`A:${' '.repeat(50_000)}n,n${' '.repeat(50_000)}:symmetric`), ['A', { shape: ['n', 'n'], props: ['symmetric'] }]);
  assertFastAndLinear('spec', (n) => {
    const spec = `x: ${' '.repeat(n)}:1`;
    return () => assert.throws(() => parseVarSpec(spec));
  }, 20_000);
});
