// JavaScript read as ECMAScript reads it, and printed so that node runs the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../../src/core/api';
import { differentiate } from '../../../../src/core';
import { parse, print, toPlain } from '../../../../src/core/dialects';
import { readJavaScript } from '../../../../src/core/dialects/javascript';
import { Rational } from '../../../../src/core/rational';

const read = (src: string) => toPlain(parse(src, 'javascript').expr);
const derivative = (src: string) => differentiate(src, { dialect: 'javascript', explain: false }).result;

test('a unary operator as the base of ** is a SyntaxError in JavaScript, anywhere in a chain', () => {
  for (const [src, column] of [['-x ** 2', 1], ['2 ** -x ** 2', 6], ['x ** -2 ** 2', 6], ['x ** -1 ** 2', 6], ['x ** +x ** 2', 6]] as const) {
    assert.throws(() => parse(src, 'javascript'), (e: unknown) => e instanceof InputError && e.column === column && /unary operator directly before \*\*/.test(e.message), src);
    assert.throws(() => new Function('x', `return ${src}`), SyntaxError, `node accepts ${src}`);
  }
  // an exponent may be negative, and a parenthesized base may be
  assert.equal(read('2 ** -x'), '2^(-x)');
  assert.equal(read('x ** 2 ** -x'), 'x^(2^(-x))');
  assert.equal(read('(-x) ** 2 ** 2'), 'x^4');
});

test('comments are not part of the expression', () => {
  assert.equal(read('x ** 2 // squared'), 'x^2');
  assert.equal(read('x ** 2 /* squared */ + 1'), 'x^2 + 1');
  assert.equal(read('/* a */ Math.sin(x)'), 'sin(x)');
});

test('every Math constant reads exactly', () => {
  const cases: [string, number][] = [['SQRT2', Math.SQRT2], ['SQRT1_2', Math.SQRT1_2], ['LN2', Math.LN2], ['LN10', Math.LN10], ['LOG2E', Math.LOG2E], ['LOG10E', Math.LOG10E], ['PI', Math.PI], ['E', Math.E]];
  for (const [name, value] of cases) {
    const printed = derivative(`Math.${name} * x`);
    assert.ok(Math.abs(new Function(`return ${printed}`)() - value) < 1e-15, `${name}: ${printed}`);
  }
  assert.throws(() => parse('Math.FOO * x', 'javascript'), /'Math\.FOO' is not a constant/);
});

test('cube roots print with Math.cbrt, so the derivative is real for x < 0', () => {
  const printed = derivative('Math.cbrt(x)');
  assert.equal(printed, '1/(3*Math.cbrt(x) ** 2)');
  const f = new Function('x', `return ${printed}`);
  assert.ok(Math.abs(f(-8) - 1 / 12) < 1e-15);
  assert.equal(derivative('Math.cbrt(x) ** 5'), '5 * Math.cbrt(x) ** 2 / 3');
});

test('names that are reserved in JavaScript print as valid code, whatever notation they came from', () => {
  const style = { dialect: 'javascript', mathPow: false, spacedProducts: false } as const;
  const printed = print(parse('new*x + in + this + Math', 'plain').expr, style);
  assert.equal(new Function('x', 'new_', 'in_', 'this_', 'Math_', `return ${printed}`)(2, 3, 5, 7, 11), 29);
});

test('Math.atan2, Math.max and Math.min are the table functions, and their results run in node', () => {
  const atan2 = differentiate('Math.atan2(y, x)', { dialect: 'javascript', wrt: 'x', explain: false }).result;
  assert.equal(atan2, '-y/(x ** 2 + y ** 2)');
  const max = differentiate('Math.max(x, 2*x, 1)', { dialect: 'javascript', wrt: 'x', explain: false }).result;
  const f = new Function('x', `return ${max}`);
  assert.deepEqual([f(3), f(-3), f(0.1)], [2, 0, 0]);
  assert.throws(() => parse('Math.min(x)', 'javascript'), /needs at least 2 arguments/);
});

test("an activation the selection calls by name is the code's own: results call it so, and run in node with its definitions", () => {
  assert.equal(derivative('sigmoid(x)'), 'sigmoid(x)*(1 - sigmoid(x))');
  assert.equal(derivative('relu(x) * x'), '2 * relu(x)');
  // Math has exp, not a bare exp; nothing has foo (it said 'use Math.foo')
  assert.throws(() => parse('exp(x)', 'javascript'), /unknown function 'exp' \(use Math\.exp\)/);
  assert.throws(() => parse('foo(x)', 'javascript'), /unknown function 'foo': Math's functions/);
  const definitions = 'const sigmoid = (z) => 1 / (1 + Math.exp(-z)); const relu = (z) => Math.max(z, 0); const softplus = (z) => Math.log1p(Math.exp(z));';
  const cases = ['sigmoid(2 * x) * x', 'relu(x - 1) * x', 'softplus(x ** 2)', 'Math.exp(-x) * sigmoid(x)'];
  for (const src of cases) {
    const f = new Function('x', `${definitions} return ${src};`);
    const d = new Function('x', `${definitions} return ${derivative(src)};`);
    for (const x of [0.4, 1.6, 2.5]) {
      const h = 1e-6, numeric = (f(x + h) - f(x - h)) / (2 * h);
      assert.ok(Math.abs(d(x) - numeric) <= 1e-6 * Math.max(1, Math.abs(numeric)), `${src} → ${derivative(src)} at ${x}: ${d(x)} vs ${numeric}`);
    }
  }
});

test('readJavaScript: the syntax with source offsets, the same reading the scalar engine gets', () => {
  const r = readJavaScript('const y = 0.5 * x ** 2 - Math.LOG2E');
  assert.equal(r.assignedTo, 'y');
  assert.deepEqual(r.syn, {
    t: 'bin', op: 'sub', at: 23, text: '-',
    l: {
      t: 'bin', op: 'mul', at: 14, text: '*',
      l: { t: 'num', value: Rational.HALF, at: 10, decimal: true },
      r: { t: 'bin', op: 'pow', at: 18, text: '**', l: { t: 'sym', name: 'x', at: 16 }, r: { t: 'num', value: Rational.of(2), at: 21 } },
    },
    r: { t: 'bin', op: 'pow', at: 25, text: '**', l: { t: 'call', fn: 'log', args: [{ t: 'num', value: Rational.of(2), at: 25 }], at: 25, text: 'Math.log' }, r: { t: 'num', value: Rational.MINUS_ONE, at: 25 } },
  });
  assert.equal(toPlain(parse('const y = 0.5 * x ** 2 - Math.LOG2E', 'javascript').expr), '0.5*x^2 - 1/log(2)');
  // a right-nested power chain carries each operator's own column
  const power = readJavaScript('a ** b ** c').syn;
  assert.ok(power.t === 'bin' && power.at === 2 && power.r.t === 'bin' && power.r.at === 7);
});

test('a selection that squares by multiplying (x * x) gets its squares back so, with no parentheses for a minus', () => {
  const d = (source: string) => differentiate(source, { dialect: 'javascript', wrt: 'x', explain: false }).result;
  assert.equal(d('Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)'), '-x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)');
  assert.equal(d('x * x * x'), '3 * x * x');
  // a selection with ** or Math.pow keeps powers; a negated power is parenthesized alone, as JavaScript requires and people write it
  assert.equal(d('x ** 2 + x * x'), '4 * x');
  assert.equal(d('Math.exp(-(x ** 2) / 2)'), '-x * Math.exp(-(x ** 2) / 2)');
});

test('a selection with no product is printed with spaced products when its sums are spaced, as Prettier writes them', () => {
  assert.equal(derivative('Math.pow(x, 3) + Math.hypot(x, 2)'), 'x * (3 * x + 1 / Math.hypot(x, 2))');
  assert.equal(derivative('Math.pow(x,3)+Math.hypot(x,2)'), 'x*(3*x + 1/Math.hypot(x, 2))');
});
