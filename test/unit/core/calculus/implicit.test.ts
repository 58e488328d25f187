// Implicit differentiation: what counts as an equation per notation, dy/dx and d²y/dx² simplified,
// checked on the curve, and refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { implicit, InputError, splitEquation } from '../../../../src/core';
import { asScalar, read } from '../../../../src/core/dialects';
import { compile } from '../../../../src/core/evaluate';

const at = (plain: string, x: number, y: number) => compile(asScalar(read(plain, 'plain')).expr, ['x', 'y'])(new Float64Array([x, y]));

test('the circle: dy/dx = -x/y and d²y/dx² = -(x² + y²)/y³ on it', () => {
  const r = implicit('x^2 + y^2 = 1', { notation: 'plain', order: 2 });
  assert.equal(r.plain, '-x/y');
  assert.equal(r.equation.plain, 'dy/dx = -x/y');
  assert.ok(r.second);
  const [x, y] = [0.6, 0.8];
  assert.ok(Math.abs(at(r.second.plain, x, y) - -(x * x + y * y) / y ** 3) < 1e-12);
  assert.equal(r.verified, true);
  assert.ok(r.verification.points.length >= 3);
});

test('the folium x^3 + y^3 = 6xy: plain reads 6xy as 6·x·y, dy/dx = (2y - x²)/(y² - 2x)', () => {
  const r = implicit('x^3 + y^3 = 6xy', { notation: 'plain' });
  for (const [x, y] of [[1, 2.1], [-0.5, 3]]) assert.ok(Math.abs(at(r.plain, x, y) - (2 * y - x * x) / (y * y - 2 * x)) < 1e-12);
  assert.equal(r.verified, true);
});

test('equations per notation: = everywhere, == in code, === in JavaScript, SymPy\'s Eq, an expression alone is F = 0', () => {
  const cases: [string, Parameters<typeof implicit>[1]['notation']][] = [
    ['x**2 + y**2 == 1', 'python'], ['sp.Eq(x**2 + y**2, 1)', 'python'], ['x**2 + y**2 - 1', 'python'],
    ['x**2 + y**2 === 1', 'javascript'], ['x.^2 + y.^2 == 1;', 'matlab'], ['x^2 + y^2 == 1', 'julia'],
    ['x^{2} + y^{2} = 1', 'latex'], ['x^2 + y^2 == 1', 'plain'],
  ];
  for (const [source, notation] of cases) {
    const r = implicit(source, { notation });
    assert.ok(Math.abs(at(r.plain, 0.6, 0.8) - -0.75) < 1e-12, `${notation}: ${source} → ${r.plain}`);
  }
  assert.equal(implicit('x**2 + y**2 == 1', { notation: 'python' }).result, '-x/y');
  assert.equal(implicit('x^{2} + y^{2} = 1', { notation: 'latex' }).result, '-\\frac{x}{y}');
});

test('other variable names: wrt and of', () => {
  const r = implicit('t^2 + s^3 = 2', { notation: 'plain', wrt: 't', of: 's' });
  assert.equal(r.plain, '-2*t/(3*s^2)');
  assert.equal(r.equation.plain, 'ds/dt = -2*t/(3*s^2)');
});

test('splitEquation finds the one top-level relation', () => {
  assert.deepEqual(splitEquation('f(x == 1) = y', 'plain').lhs, 'f(x == 1) ');
  assert.deepEqual(splitEquation('x + y', 'plain'), { lhs: 'x + y', rhs: '0', offset: 0 });
});

test('refusals: no y, an inequality, several relations, an empty side, bad variables or order', () => {
  assert.throws(() => implicit('x^2 = 1', { notation: 'plain' }), (e: Error) => e instanceof InputError && /does not contain y/.test(e.message));
  assert.throws(() => implicit('x <= y', { notation: 'plain' }), /'<=' makes an inequality/);
  assert.throws(() => implicit('x = y = 1', { notation: 'plain' }), /one equation/);
  assert.throws(() => implicit('= 1', { notation: 'plain' }), /no left-hand side/);
  assert.throws(() => implicit('x^2 + y^2 =', { notation: 'plain' }), /no right-hand side/);
  assert.throws(() => implicit('x + y = 1', { notation: 'plain', wrt: 'x', of: 'x' }), /must differ/);
  assert.throws(() => implicit('x + y = 1', { notation: 'plain', order: 3 as 2 }), /first or second derivative, not order 3/);
  assert.throws(() => implicit('x + 0*y = 1', { notation: 'plain' }), /does not contain y|∂F\/∂y is 0/);
});

test('a curve with too few real points is answered but not verified, with the reason', () => {
  const r = implicit('x^2 + y^2 = -1', { notation: 'plain' });
  assert.equal(r.plain, '-x/y');
  assert.equal(r.verified, false);
  assert.match(r.verification.reason ?? '', /too few points of the curve/);
});
