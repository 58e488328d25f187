// Taylor polynomials: exact coefficients, the remainder stated per notation, (x − a)^k kept grouped,
// the error's order measured, refusals where f has no Taylor polynomial.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, taylor } from '../../../../src/core';
import { asScalar, read } from '../../../../src/core/dialects';
import { compile } from '../../../../src/core/evaluate';

test('sin(x) at 0, order 7: plain without O, plainWithRemainder and LaTeX with it', () => {
  const r = taylor('sin(x)', { notation: 'plain', order: 7 });
  assert.equal(r.plain, 'x - x^3/6 + x^5/120 - x^7/5040');
  assert.equal(r.plainWithRemainder, 'x - x^3/6 + x^5/120 - x^7/5040 + O(x^8)');
  assert.equal(r.result, r.plainWithRemainder);
  assert.equal(r.latex, 'x - \\frac{x^{3}}{6} + \\frac{x^{5}}{120} - \\frac{x^{7}}{5040} + O(x^{8})');
  assert.deepEqual(r.coefficients.map((c) => c.plain), ['0', '1', '0', '-1/6', '0', '1/120', '0', '-1/5040']);
  assert.equal(r.verified, true);
  // the next term is x^9: the error falls at order 9, faster than the stated 8
  assert.ok(r.observedOrder !== undefined && r.observedOrder > 8.5, String(r.observedOrder));
});

test('defaults: at 0, order 5', () => {
  const r = taylor('exp(x)', { notation: 'plain' });
  assert.equal(r.order, 5);
  assert.equal(r.plain, '1 + x + x^2/2 + x^3/6 + x^4/24 + x^5/120');
  assert.equal(r.remainder.plain, 'O(x^6)');
});

test('at a ≠ 0 the powers of (x − a) stay grouped, and the remainder is O((x − a)^(n+1))', () => {
  const r = taylor('log(x)', { notation: 'plain', at: 1, order: 3 });
  assert.equal(r.plain, 'x - 1 - (x - 1)^2/2 + (x - 1)^3/3');
  assert.equal(r.remainder.plain, 'O((x - 1)^4)');
  const c = taylor('cos(x)', { notation: 'plain', at: 'pi/3', order: 2 });
  assert.equal(c.plain, '1/2 - sqrt(3)*(x - pi/3)/2 - (x - pi/3)^2/4');
  assert.equal(c.latex.endsWith('O\\left(\\left(x - \\frac{\\pi}{3}\\right)^{3}\\right)'), true);
});

test('in code the remainder is a trailing comment in the language\'s syntax', () => {
  assert.equal(taylor('np.cos(x)', { notation: 'python', order: 4 }).result, '1 - x**2/2 + x**4/24  # + O(x**5)');
  assert.equal(taylor('np.exp(x)', { notation: 'python', at: 1, order: 1 }).result, 'np.e + (x - 1)*np.e  # + O((x - 1)**2)');
  // JavaScript's power is **, spaced as the polynomial's own powers (^ is its bitwise xor)
  assert.equal(taylor('Math.exp(x)', { notation: 'javascript', order: 2 }).result, '1 + x + x ** 2/2  // + O(x ** 3)');
  assert.equal(taylor('Math.log(x)', { notation: 'javascript', at: 1, order: 2 }).result, 'x - 1 - (x - 1) ** 2/2  // + O((x - 1) ** 3)');
  assert.equal(taylor('exp(x)', { notation: 'matlab', order: 2 }).result, '1 + x + x.^2/2  % + O(x^3)');
  assert.equal(taylor('exp(x)', { notation: 'julia', order: 2 }).result, '1 + x + x^2/2  # + O(x^3)');
  assert.equal(taylor('exp.(x)', { notation: 'julia', order: 2 }).result, '1 + x + x.^2/2  # + O(x^3)');
  const py = taylor('np.cos(x)', { notation: 'python', order: 4 });
  assert.equal(py.polynomial, '1 - x**2/2 + x**4/24');
});

test('parameters stay symbolic in the coefficients', () => {
  const r = taylor('exp(a*x)', { notation: 'plain', wrt: 'x', order: 3 });
  assert.equal(r.plain, '1 + a*x + a^2*x^2/2 + a^3*x^3/6');
  assert.equal(r.verified, true);
});

test('refused where f or a derivative is undefined at a, or f has a corner there', () => {
  assert.throws(() => taylor('log(x)', { notation: 'plain' }), (e: Error) => e instanceof InputError && e.message === 'f is not defined at x = 0');
  assert.throws(() => taylor('sqrt(x)', { notation: 'plain', order: 3 }), /the first derivative of f is not defined at x = 0, so f has no Taylor polynomial of order 3 there/);
  assert.throws(() => taylor('x^(5/2)', { notation: 'plain', order: 3 }), /the 3rd derivative of f is not defined at x = 0/);
  assert.throws(() => taylor('abs(x)', { notation: 'plain' }), /not differentiable at x = 0/);
});

test('bad orders are refused', () => {
  for (const order of [-1, 2.5, 21]) assert.throws(() => taylor('sin(x)', { notation: 'plain', order }), /whole number from 0 to 20/);
  assert.equal(taylor('cos(x)', { notation: 'plain', order: 0 }).plain, '1');
});

test('a removable singularity: the polynomial expands the limit (sin(x)/x at 0), equal to SymPy\'s series, verified; a pole is refused', () => {
  const value = (text: string, x: number) => compile(asScalar(read(text.replace(/\*\*/g, '^'), 'plain')).expr, ['x'])(new Float64Array([x]));
  // sympy.series(f, x, a, n + 1).removeO(), expanded
  const references: [string, number | string, number, string][] = [
    ['sin(x)/x', 0, 6, '-x**6/5040 + x**4/120 - x**2/6 + 1'],
    ['(1 - cos(x))/x^2', 0, 4, 'x**4/720 - x**2/24 + 1/2'],
    ['x/(exp(x) - 1)', 0, 6, 'x**6/30240 - x**4/720 + x**2/12 - x/2 + 1'],
    ['sin(x)/(x - pi)', 'pi', 4, '-x**4/120 + pi*x**3/30 - pi**2*x**2/20 + x**2/6 - pi*x/3 + pi**3*x/30 - 1 - pi**4/120 + pi**2/6'],
    ['log(1 + x)/x', 0, 4, 'x**4/5 - x**3/4 + x**2/3 - x/2 + 1'],
    ['tan(x)/x', 0, 4, '2*x**4/15 + x**2/3 + 1'],
  ];
  for (const [f, at, order, sympy] of references) {
    const r = taylor(f, { notation: 'plain', at, order });
    assert.equal(r.verified, true, `${f}: ${r.verification.reason}`);
    assert.match(r.warnings?.join(' ') ?? '', /removable singularity/, f);
    for (const x of [-0.7, -0.2, 0.3, 1.1, 2.9]) {
      assert.ok(Math.abs(value(r.plain, x) - value(sympy, x)) < 1e-9, `${f} at ${x}: ${r.plain} vs ${sympy}`);
    }
  }
  assert.equal(taylor('sin(x)/x', { notation: 'plain', at: 0, order: 4 }).plain, '1 - x^2/6 + x^4/120');
  assert.throws(() => taylor('1/x', { notation: 'plain', at: 0, order: 3 }), (e: unknown) => e instanceof InputError && /not defined at x = 0/.test(e.message));
  assert.throws(() => taylor('sqrt(x)/x', { notation: 'plain', at: 0, order: 2 }), InputError);
});
