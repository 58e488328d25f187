import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linesOf, mathAt, type MathStyle } from '../../../src/extension/hover/mathSpans';

/** The expression found with the cursor at `|` (the bar is removed), as [text, assignedTo?] and range text. */
function at(marked: string, style: MathStyle): { text: string; assignedTo?: string; rangeText: string } | undefined {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  const found = mathAt(linesOf(text), { line: before.length - 1, character: before.at(-1)!.length }, style);
  if (!found) return undefined;
  const lines = text.split('\n');
  const toOffset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return { text: found.text, ...(found.assignedTo ? { assignedTo: found.assignedTo } : {}), rangeText: text.slice(toOffset(found.start), toOffset(found.end)) };
}

test('inline $…$ in Markdown and LaTeX', () => {
  assert.deepEqual(at('The area is $x^|2 + 1$ here.', 'markdown'), { text: 'x^2 + 1', rangeText: 'x^2 + 1' });
  assert.deepEqual(at('The area is $x^|2 + 1$ here.', 'latex'), { text: 'x^2 + 1', rangeText: 'x^2 + 1' });
  assert.equal(at('The area| is $x^2$ here.', 'markdown'), undefined, 'prose before the math');
  assert.equal(at('The area is $x^2$ he|re.', 'markdown'), undefined, 'prose after the math');
});

test('the cursor on a delimiter counts as inside', () => {
  assert.equal(at('a |$\\sin x$ b', 'markdown')?.text, '\\sin x');
});

test('Markdown dollars that are prices are not math', () => {
  assert.equal(at('It costs $5 and |$6.', 'markdown'), undefined);
  assert.equal(at('It costs $5 a|nd $6.', 'markdown'), undefined);
  assert.equal(at('Between $ x $ and| y', 'markdown'), undefined);
});

test('display math: $$…$$, \\[…\\], \\(…\\) over lines', () => {
  assert.equal(at('$$\n\\frac{1}{|x}\n$$', 'markdown')?.text, '\\frac{1}{x}');
  assert.equal(at('text\n\\[ e^{-x|^2} \\]\nmore', 'latex')?.text, 'e^{-x^2}');
  assert.equal(at('inline \\( \\cos(|t) \\) text', 'latex')?.text, '\\cos(t)');
});

test('equation and align environments: the row under the cursor, markup blanked', () => {
  const align = '\\begin{align}\n  f(x) &= x^2 + 1 \\label{eq:f} \\\\\n  g(x) &= \\sin|(x) \\nonumber\n\\end{align}';
  assert.deepEqual(at(align, 'latex'), { text: '\\sin(x)', assignedTo: 'g(x)', rangeText: '\\sin(x)' });
  const first = at(align.replace('|', '').replace('x^2', 'x^|2'), 'latex');
  assert.deepEqual(first, { text: 'x^2 + 1', assignedTo: 'f(x)', rangeText: 'x^2 + 1' });
  assert.equal(at('\\begin{equation}\n  E = m c|^2,\n\\end{equation}', 'latex')?.text, 'm c^2', 'trailing punctuation dropped');
});

test('an assignment previews its right-hand side, also from the name', () => {
  assert.deepEqual(at('$|y = 3x^2$', 'markdown'), { text: '3x^2', assignedTo: 'y', rangeText: '3x^2' });
  assert.deepEqual(at('$\\sigma(z)| = \\frac{1}{1+e^{-z}}$', 'markdown')?.assignedTo, '\\sigma(z)');
});

test('an equation between expressions: the side under the cursor', () => {
  assert.equal(at('$x^|2 + y^2 = r^2$', 'markdown')?.text, 'x^2 + y^2');
  assert.equal(at('$a = b + c = d^|3$', 'markdown')?.text, 'd^3');
  assert.equal(at('$x \\le 2y|+1$', 'markdown')?.text, '2y+1');
});

test('code and comments are not math', () => {
  assert.equal(at('```\n$x^|2$\n```', 'markdown'), undefined, 'fenced code');
  assert.equal(at('use `$x^|2$` in code', 'markdown'), undefined, 'inline code');
  assert.equal(at('% $x^|2$ commented', 'latex'), undefined, 'a LaTeX comment');
  assert.equal(at('costs 5\\% and $x^|2$', 'latex')?.text, 'x^2', 'an escaped percent is not a comment');
});

test('a ```math fence is display math', () => {
  assert.equal(at('```math\nx^|3 - x\n```', 'markdown')?.text, 'x^3 - x');
});

test('math never spans a blank line; plain prose gives nothing', () => {
  assert.equal(at('$x^2\n\nand y|', 'markdown'), undefined);
  assert.equal(at('Just some pr|ose.', 'markdown'), undefined);
  assert.equal(at('Just some pr|ose.', 'latex'), undefined);
});
