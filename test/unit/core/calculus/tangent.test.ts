// Tangent lines: exact values where exact, the equation in the selection's notation, clear refusals
// where f or f' is undefined at the point, and the time budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, tangent, TimeoutError } from '../../../../src/core';

test('x^3 - 3x at 2 is y = 9x - 16, exactly', () => {
  const r = tangent('x^3 - 3x', { notation: 'plain', at: 2 });
  assert.equal(r.result, 'y = 9*x - 16');
  assert.equal(r.plain, '9*x - 16');
  assert.equal(r.equation.latex, 'y = 9 x - 16');
  assert.deepEqual([r.point.x.plain, r.point.y.plain, r.slope.plain], ['2', '2', '9']);
  assert.equal(r.point.y.exact && r.slope.exact, true);
  assert.equal(r.verified, true);
  assert.equal(r.derivative, '3*x^2 - 3');
});

test('sin(x) at "pi/4": f(a) and the slope are √2/2 exactly, in numpy and in LaTeX', () => {
  const plain = tangent('sin(x)', { notation: 'plain', at: 'pi/4' });
  assert.equal(plain.point.y.plain, 'sqrt(2)/2');
  assert.equal(plain.slope.plain, 'sqrt(2)/2');
  assert.ok(Math.abs(plain.slope.value - Math.SQRT1_2) < 1e-15);
  const numpy = tangent('np.sin(x)', { notation: 'python', at: 'pi/4' });
  assert.match(numpy.result, /^y = .*np\.sqrt\(2\).*np\.pi/);
  const latex = tangent('\\sin(x)', { notation: 'latex', at: 'pi/3' });
  assert.equal(latex.result, 'y = \\frac{x}{2} - \\frac{\\pi}{6} + \\frac{\\sqrt{3}}{2}');
  assert.equal(latex.verified, true);
});

test('the point may be a number, a decimal, e or a fraction', () => {
  assert.equal(tangent('log(x)', { notation: 'plain', at: 'e' }).plain, 'x*exp(-1)');
  assert.equal(tangent('1/x', { notation: 'plain', at: '1/3' }).plain, '6 - 9*x');
  assert.equal(tangent('x^2', { notation: 'plain', at: 0.5 }).plain, 'x - 0.25');
  assert.equal(tangent('x^2', { notation: 'plain', at: -3 }).plain, '-6*x - 9');
});

test('the equation names another variable when the expression uses y', () => {
  const r = tangent('x*y', { notation: 'plain', wrt: 'x', at: 1 });
  assert.equal(r.name, 'T');
  assert.equal(r.result, 'T = x*y');
});

test('refused where f or f\' is undefined at the point, or f has a corner there', () => {
  assert.throws(() => tangent('log(x)', { notation: 'plain', at: 0 }), (e: Error) => e instanceof InputError && /f is not defined at x = 0/.test(e.message));
  assert.throws(() => tangent('tan(x)', { notation: 'plain', at: 'pi/2' }), /f is not defined at x = pi\/2/);
  assert.throws(() => tangent('sqrt(x)', { notation: 'plain', at: 0 }), /not differentiable at x = 0: f' is not defined there/);
  assert.throws(() => tangent('abs(x)', { notation: 'plain', at: 0 }), /slope from the left \(-1\.00000\) differs from its slope from the right \(1\.00000\)/);
});

test('bad input: the point, the variable, vector input', () => {
  assert.throws(() => tangent('x^2', { notation: 'plain', at: 'y' }), /the point "y" must be a constant, but it contains y/);
  assert.throws(() => tangent('x^2', { notation: 'plain', at: 'pi/' }), /the point "pi\/" is not a number or a constant expression/);
  assert.throws(() => tangent('x^2', { notation: 'plain', at: Infinity }), /finite number/);
  assert.throws(() => tangent('x*y', { notation: 'plain', at: 1 }), /several variables \(x, y\)/);
  assert.throws(() => tangent('np.sum(x @ x)', { notation: 'python', at: 1 }), /scalar expression; this selection is vector or matrix calculus/);
  assert.throws(() => tangent('x^2', { notation: 'plain', at: 1, budgetMs: 0 }), /time budget must be a positive number/);
});

test('runs under its time budget: a huge expression stops within budget + 1 s', () => {
  const huge = Array.from({ length: 60 }, (_, k) => `sin(x^${k + 2} + ${k})*exp(cos(${k}*x))`).join(' * ');
  const started = performance.now();
  try {
    const r = tangent(huge, { notation: 'plain', at: 1, budgetMs: 50 });
    assert.equal(typeof r.verified, 'boolean');
  } catch (e) {
    assert.ok(e instanceof TimeoutError, String(e));
  }
  assert.ok(performance.now() - started < 1050 + 50, `took ${performance.now() - started} ms`);
});
