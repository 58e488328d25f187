// Derivative operators written in a selection (src/core/operators.ts, the LaTeX reader) and Unicode
// math in the calculator-style and LaTeX readers: real answers from the public entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, differentiate, InputError } from '../../../src/core/index';

const latex = (source: string, documentText?: string) => differentiate(source, { dialect: 'latex', ...(documentText ? { documentText } : {}) });

test('\\frac{d}{dx}(…) is evaluated, not read as d/(dx) times the expression', () => {
  const r = latex('\\frac{d}{dx}(x^3+x^2+1)');
  assert.equal(r.plain, 'x*(3*x + 2)');
  assert.equal(r.input.plain, 'x^3 + x^2 + 1');
  assert.deepEqual([r.wrt, r.order, r.operator], ['x', 1, ['x']]);
  assert.equal(r.verified, true);
  assert.ok(r.steps.length > 0);
});

test('\\frac{\\mathrm{d}}{\\mathrm{d}x}(x \\ln x) is ln x + 1, not 1/x', () => {
  const r = latex('\\frac{\\mathrm{d}}{\\mathrm{d}x}(x \\ln x)');
  assert.equal(r.plain, 'log(x) + 1');
  assert.equal(r.verified, true);
});

test('brackets, orders, partial and mixed partial operators', () => {
  assert.equal(latex('\\frac{d}{dx}\\left[x^2 + 1\\right]').plain, '2*x');
  const second = latex('\\frac{d^2}{dx^2} x^3 \\sin x');
  assert.equal(second.input.plain, 'x^3*sin(x)');
  assert.deepEqual([second.order, second.operator], [2, ['x', 'x']]);
  assert.equal(second.verified, true);
  const partial = latex('\\frac{\\partial}{\\partial y}(x y^2)');
  assert.deepEqual([partial.plain, partial.wrt], ['2*x*y', 'y']);
  const mixed = latex('\\frac{\\partial^2}{\\partial x\\,\\partial y}(x^2 y^3)');
  assert.deepEqual([mixed.plain, mixed.order, mixed.operator, mixed.verified], ['6*x*y^2', 2, ['x', 'y'], true]);
});

test('the operator applies to the rest of the product, not past a sum', () => {
  const r = latex('\\frac{d}{dx} x^2 \\sin x + 1');
  // the selection is a sum with an operator inside: evaluated in place, then differentiated as a whole
  assert.equal(r.operator, undefined);
  assert.equal(analyze('\\frac{d}{dx} x^2 \\sin x', 'latex').plain, 'x^2*sin(x)');
});

test('an operator inside a larger expression is evaluated in place, then the whole is differentiated', () => {
  const r = latex('x + \\frac{d}{dx}(x^2)');
  assert.equal(r.input.plain, '3*x');
  assert.equal(r.plain, '3');
  assert.equal(r.verified, true);
});

test('\\frac{d}{dx} f(x) and \\frac{df}{dx} use f(x) = … defined above in the document', () => {
  const doc = 'Let $f(x) = x^2 \\sin x$.\n\nThen $\\frac{d}{dx} f(x)$ and $\\frac{df}{dx}$.';
  assert.equal(latex('\\frac{d}{dx} f(x)', doc).plain, 'x*(x*cos(x) + 2*sin(x))');
  assert.equal(latex('\\frac{df}{dx}', doc).plain, 'x*(x*cos(x) + 2*sin(x))');
  assert.equal(latex('\\frac{d}{dt} f(t)', doc).plain, 't*(t*cos(t) + 2*sin(t))');
});

test('undefined functions, mismatched orders and a missing operand are refused with the place', () => {
  assert.throws(() => latex('\\frac{d}{dx} h(x)'), (e: unknown) => e instanceof InputError && /h\(x\) is a function not defined above/.test(e.message));
  assert.throws(() => latex('\\frac{dy}{dx}'), (e: unknown) => e instanceof InputError && /derivative of y, which is not defined above/.test(e.message));
  assert.throws(() => latex('\\frac{d^2}{dx}(x^3)'), (e: unknown) => e instanceof InputError && /order 2/.test(e.message));
  assert.throws(() => latex('\\frac{d}{dx}'), (e: unknown) => e instanceof InputError && /needs the expression it differentiates/.test(e.message));
  // a fraction that is no operator stays a fraction
  assert.equal(differentiate('\\frac{d}{x}', { dialect: 'latex', wrt: 'x' }).plain, '-d/x^2');
});

test('the analysis of an operator offers only its variable', () => {
  const a = analyze('\\frac{\\partial}{\\partial y}(x y^2)', 'latex');
  assert.deepEqual([a.freeSymbols, a.operator], [['y'], ['y']]);
});

test('an operator around arrays is evaluated by the matrix engine; one inside array input is refused clearly', () => {
  const r = differentiate('\\frac{d}{dx}(x^\\top A x)', { dialect: 'latex', wrt: 'x' });
  assert.deepEqual([r.result, r.operator], ['(A + A^\\top) x', ['x']]);
  assert.throws(() => differentiate('a^\\top x + \\frac{d}{dx}(x^\\top A x)', { dialect: 'latex', wrt: 'x' }), (e: unknown) => e instanceof InputError && /derivative operator/.test(e.message));
});

const plain = (source: string, dialect: 'plain' | 'latex' | 'julia' = 'plain') => differentiate(source, { dialect, wrt: 'x' });

test('Unicode math in plain: π inside products, superscripts, ·, ×, −, roots', () => {
  assert.equal(plain('sin(2πx)').input.plain, 'sin(2*pi*x)');
  assert.equal(plain('sin(2πx)').plain, '2*pi*cos(2*pi*x)');
  assert.equal(plain('x²·π').plain, '2*pi*x');
  assert.equal(plain('x³ − 2x').plain, '3*x^2 - 2');
  assert.equal(plain('x⁻¹').plain, '-1/x^2');
  assert.equal(plain('2×x').plain, '2');
  assert.equal(plain('√x').input.plain, 'sqrt(x)');
  assert.equal(plain('√(x+1)').input.plain, 'sqrt(x + 1)');
  assert.equal(plain('2√x').input.plain, '2*sqrt(x)');
  assert.equal(plain('∛x').input.plain, 'x^(1/3)');
  assert.throws(() => plain('x⁻'), (e: unknown) => e instanceof InputError && /not an exponent/.test(e.message));
});

test('Unicode math in LaTeX and Markdown math', () => {
  assert.equal(plain('\\sin(2πx)', 'latex').input.plain, 'sin(2*pi*x)');
  assert.equal(plain('$x²·π$', 'latex').input.plain, 'pi*x^2');
  assert.equal(plain('e^{−x²}', 'latex').plain, '-2*x*exp(-x^2)');
  assert.equal(plain('√(x+1)', 'latex').input.plain, 'sqrt(x + 1)');
  assert.equal(plain('θ² x', 'latex').input.plain, 'theta^2*x');
});

test('Unicode in Julia: · and − as Julia reads them, π and √ kept', () => {
  assert.equal(plain('x − 1', 'julia').input.plain, 'x - 1');
  assert.equal(plain('2π*x', 'julia').input.plain, '2*pi*x');
  assert.equal(plain('√(x+1)', 'julia').input.plain, 'sqrt(x + 1)');
});
