import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rightHandSideAt, worthDifferentiating } from '../../../src/extension/hover/targets';

function rhs(marked: string, style: 'python' | 'javascript') {
  const at = marked.indexOf('|');
  const line = marked.slice(0, at) + marked.slice(at + 1);
  const found = rightHandSideAt(line, at, style);
  return found && { text: line.slice(found.from, found.to), name: found.name };
}

test('the right-hand side of a one-line Python assignment', () => {
  assert.deepEqual(rhs('    y = np.sin(|x)**2  # wave', 'python'), { text: 'np.sin(x)**2', name: 'y' });
  assert.deepEqual(rhs('rate: float = k*|t', 'python'), { text: 'k*t', name: 'rate' });
  assert.equal(rhs('    y| = np.sin(x)', 'python'), undefined, 'on the name');
  assert.equal(rhs('y = f(x,| ', 'python'), undefined, 'continues on the next line');
  assert.equal(rhs("s = 'a|b'", 'python'), undefined, 'a string');
  assert.equal(rhs('if x == |2:', 'python'), undefined);
  assert.equal(rhs('else: y = |2*x', 'python'), undefined);
  assert.equal(rhs('y += |x', 'python'), undefined, 'augmented assignment');
});

test('the right-hand side of a one-line JavaScript assignment', () => {
  assert.deepEqual(rhs('const y = Math.exp(|t); // decay', 'javascript'), { text: 'Math.exp(t)', name: 'y' });
  assert.deepEqual(rhs('export let v: number = |x * x;', 'javascript'), { text: 'x * x', name: 'v' });
  assert.equal(rhs('const f = (x) =|> x * x;', 'javascript'), undefined, 'an arrow function');
  assert.equal(rhs('for (let i = |0; i < n; i++) {', 'javascript'), undefined);
});

test('what is worth a preview', () => {
  assert.equal(worthDifferentiating('x', 'python', false), false, 'a lone name');
  assert.equal(worthDifferentiating('3.5e-2', 'plain', true), false, 'a number');
  assert.equal(worthDifferentiating('x**2', 'python', false), true);
  assert.equal(worthDifferentiating('well-known words', 'markdown', false), false, 'prose in Markdown');
  assert.equal(worthDifferentiating('x^2', 'markdown', false), true);
  assert.equal(worthDifferentiating('sin x cos x', 'plain', false), false, 'words in plain text');
  assert.equal(worthDifferentiating('2x + 1', 'plain', false), true);
  assert.equal(worthDifferentiating('the area', 'latex', true), true, 'inside math everything counts');
});
