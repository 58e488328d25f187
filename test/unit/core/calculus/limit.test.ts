// Limits at ±∞ (src/core/calculus/limit.ts) and quadrature over infinite ranges
// (src/core/calculus/quadrature.ts): the pieces behind the exact value of an improper integral.
// References are the textbook values (Γ(n + 1) = n!, ∫ e^(−x²) = √π, ∫ 1/(1 + x²) = π).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integrate } from '../../../../src/core';
import { asScalar, read, toPlain } from '../../../../src/core/dialects';
import { limitAtInfinity, Limit } from '../../../../src/core/calculus/limit';
import { integrateNumerically } from '../../../../src/core/calculus/quadrature';
import { infiniteBound } from '../../../../src/core/calculus/integrate';

const limit = (text: string, direction: 1 | -1 = 1): string => {
  const l: Limit | undefined = limitAtInfinity(asScalar(read(text, 'plain')).expr, 'x', direction);
  if (!l) return 'unknown';
  if ('finite' in l) return toPlain(l.finite);
  return 'bounded' in l ? 'bounded' : l.infinite > 0 ? 'inf' : '-inf';
};

test('limits of the functions that have one, and of continuous functions of finite limits', () => {
  assert.equal(limit('atan(x)'), 'pi/2');
  assert.equal(limit('atan(x)', -1), '-pi/2');
  assert.equal(limit('sqrt(pi)/2*erf(x)'), 'sqrt(pi)/2');
  assert.equal(limit('tanh(2*x) + 1', -1), '0');
  assert.equal(limit('exp(-x)'), '0');
  assert.equal(limit('exp(-x)', -1), 'inf');
  assert.equal(limit('atan(x + 2)'), 'pi/2');
  assert.equal(limit('exp(1/x)'), '1');
  assert.equal(limit('cos(1/x)'), '1');
  assert.equal(limit('log(x)', -1), 'unknown');
});

test('0·∞ by powers of x and log x, or by the exponential far out; ∞ − ∞ and oscillation are not guessed', () => {
  assert.equal(limit('x/(x^2 + 1)'), '0');
  assert.equal(limit('log(x)/x'), '0');
  assert.equal(limit('x^2/(x + 1)'), 'inf');
  assert.equal(limit('-(x + 1)*exp(-x)'), '0');
  assert.equal(limit('x^3*exp(-x^2)', -1), '0');
  assert.equal(limit('exp(-x)*sin(x)'), '0');
  assert.equal(limit('x*sin(x)'), 'unknown');
  assert.equal(limit('sin(x)'), 'bounded');
  assert.equal(limit('sqrt(x^2 + 1) - x'), 'unknown');
  assert.equal(limit('x^3', -1), '-inf');
});

test('quadrature over infinite ranges: values within the error estimate, divergence found at the infinite end', () => {
  const near = (f: (x: number) => number, a: number, b: number, expected: number) => {
    const q = integrateNumerically(f, a, b);
    assert.ok(q.converged, `${a}..${b}: ${q.value} ± ${q.errorEstimate}`);
    assert.ok(Math.abs(q.value - expected) <= q.errorEstimate + 1e-13, `${q.value} ± ${q.errorEstimate} vs ${expected}`);
  };
  near((x) => x ** 3 * Math.exp(-x), 0, Infinity, 6);
  near((x) => Math.exp(-x * x), -Infinity, Infinity, Math.sqrt(Math.PI));
  near((x) => 1 / (1 + x * x), -Infinity, Infinity, Math.PI);
  near((x) => Math.exp(x), -Infinity, 0, 1);
  near((x) => Math.exp(-x), Infinity, 0, -1);
  assert.equal(integrateNumerically((x) => 1 / x, 1, Infinity).divergesAt, Infinity);
  assert.equal(integrateNumerically((x) => 1 / Math.sqrt(-x), -Infinity, -1).divergesAt, -Infinity);
});

test('the ways a bound writes an infinity', () => {
  for (const text of ['inf', 'oo', '∞', 'Infinity', '+inf', '\\infty', ' np.inf ', 'math.inf']) assert.equal(infiniteBound(text), 1, text);
  for (const text of ['-inf', '-oo', '-∞', '-\\infty', '- infinity']) assert.equal(infiniteBound(text), -1, text);
  for (const text of ['1e308', 'info', 'x', 'pi', '']) assert.equal(infiniteBound(text), undefined, text);
});

test('∞ − ∞ between logs as the log of one quotient; a ratio of equal growth by its leading coefficients', () => {
  assert.equal(limit('log(x) - log(x + 1)'), '0');
  assert.equal(limit('log(2*x + 1) - log(x)'), 'log(2)');
  assert.equal(limit('(3*x^2 + 1)/(x^2 + 5)'), '3');
  assert.equal(limit('x/(x + 1)', -1), '1');
  assert.equal(limit('log(x^2)/log(x)'), '2');
});

test('partial fractions over an infinite range: ∫₁^∞ 1/(x(x + 1)) = log(2), as SymPy gives it', () => {
  const r = integrate('1/(x*(x+1))', { notation: 'plain', wrt: 'x', from: '1', to: 'inf' });
  assert.equal(r.definite?.exact?.plain, 'log(2)');
});
