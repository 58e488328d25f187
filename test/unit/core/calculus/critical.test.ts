// Critical points: found from the verified derivative, classified, exact where the exact value checks out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { criticalPoints, differentiate, InputError } from '../../../../src/core';

const summary = (r: ReturnType<typeof criticalPoints>) => r.points.map((p) => `${p.kind} ${p.x.plain} ${p.y.plain}${p.differentiable ? '' : ' corner'}`);

// first in the file: every later call of criticalPoints loads nerdamer
test('nerdamer is not loaded by differentiating; critical points of a cubic derivative load it and make x³ = 2 exact', () => {
  const loaded = () => Object.keys(require.cache).some((path) => /[\\/]nerdamer[\\/]/.test(path));
  differentiate('x^4/4 - 2*x', { dialect: 'plain' });
  assert.equal(loaded(), false);
  // f' = x³ − 2: no recognised constant is ∛2; nerdamer's cubic formula gives it, and f'(∛2) simplifies to 0
  const r = criticalPoints('x^4/4 - 2x', { notation: 'plain' });
  assert.equal(loaded(), true);
  assert.deepEqual(summary(r), ['minimum 2^(1/3) -3*2^(1/3)/2']);
  assert.equal(r.points[0].x.exact && r.points[0].y.exact, true);
  assert.ok(Math.abs(r.points[0].x.value - Math.cbrt(2)) < 1e-12);
});

test('x^3 - 3x: a maximum at -1 (f = 2) and a minimum at 1 (f = -2), exact', () => {
  const r = criticalPoints('x^3 - 3x', { notation: 'plain' });
  assert.deepEqual(summary(r), ['maximum -1 2', 'minimum 1 -2']);
  assert.equal(r.points.every((p) => p.x.exact && p.y.exact), true);
  assert.deepEqual(r.points.map((p) => p.secondDerivative), [-6, 6]);
  assert.equal(r.verified, true);
  assert.deepEqual([r.interval.from.value, r.interval.to.value], [-10, 10]);
});

test('roots of a quadratic derivative are exact surds', () => {
  const r = criticalPoints('x^3/3 - x^2 - x', { notation: 'plain' });
  assert.deepEqual(r.points.map((p) => p.x.plain), ['1 - sqrt(2)', 'sqrt(2) + 1']);
  assert.deepEqual(r.points.map((p) => p.kind), ['maximum', 'minimum']);
});

test('transcendental critical points recognised exactly where f\' is exactly 0 there', () => {
  assert.deepEqual(summary(criticalPoints('sin(x)', { notation: 'plain', from: 0, to: 7 })), ['maximum pi/2 1', 'minimum 3*pi/2 -1']);
  assert.deepEqual(summary(criticalPoints('x*exp(-x)', { notation: 'plain' })), ['maximum 1 exp(-1)']);
  assert.deepEqual(summary(criticalPoints('x*log(x)', { notation: 'plain', from: 0.01, to: 3 })), ['minimum exp(-1) -exp(-1)']);
  const py = criticalPoints('np.cos(x) + x/2', { notation: 'python', from: '0', to: '2*pi' });
  assert.deepEqual(py.points.map((p) => p.x.result), ['np.pi/6', '5*np.pi/6']);
});

test('a stationary inflection, tangential zeros and corners', () => {
  assert.deepEqual(summary(criticalPoints('x^3', { notation: 'plain' })), ['inflection 0 0']);
  assert.deepEqual(summary(criticalPoints('x^4 - 2x^2', { notation: 'plain' })), ['minimum -1 -1', 'maximum 0 0', 'minimum 1 -1']);
  assert.deepEqual(summary(criticalPoints('abs(x)', { notation: 'plain' })), ['minimum 0 0 corner']);
  assert.deepEqual(summary(criticalPoints('x^(2/3)', { notation: 'plain' })), ['minimum 0 0 corner']);
});

test('a tiny derivative still changes sign: e^(-x²)·cos(3x) has alternating extrema out to ±10, none flat', () => {
  const kinds = criticalPoints('exp(-x^2)*cos(3x)', { notation: 'plain' }).points.map((p) => p.kind);
  assert.equal(kinds.length, 21);
  assert.equal(kinds.every((k, i) => k === (i % 2 === 0 ? 'maximum' : 'minimum')), true, kinds.join(' '));
});

test('a point found only numerically is a decimal, flagged not exact', () => {
  const r = criticalPoints('x^3 - 3x + exp(x)', { notation: 'plain', from: -3, to: 3 });
  assert.equal(r.points.length, 2);
  assert.equal(r.points.every((p) => !p.x.exact), true);
  for (const p of r.points) assert.ok(Math.abs(3 * p.x.value ** 2 - 3 + Math.exp(p.x.value)) < 1e-10);
});

test('no critical points, a constant, and refusals', () => {
  assert.deepEqual(criticalPoints('1/x', { notation: 'plain' }).points, []);
  const constant = criticalPoints('5', { notation: 'plain' });
  assert.deepEqual(constant.points, []);
  assert.match(constant.warnings?.[0] ?? '', /every point is critical/);
  assert.throws(() => criticalPoints('x^2', { notation: 'plain', from: 2, to: 1 }), (e: Error) => e instanceof InputError && /is empty/.test(e.message));
  assert.throws(() => criticalPoints('a*x^2', { notation: 'plain', wrt: 'x' }), /parameters \(a\)/);
});

test('nerdamer\'s answers that do not make f\' exactly 0 are rejected: the points stay decimals', () => {
  // f' = x⁴ − 3: nerdamer's quartic formula carries decimals written as fractions, so ±3^(1/4) is not proven
  const quartic = criticalPoints('x^5/5 - 3x', { notation: 'plain' });
  assert.deepEqual(quartic.points.map((p) => [p.kind, p.x.exact]), [['maximum', false], ['minimum', false]]);
  for (const p of quartic.points) assert.ok(Math.abs(p.x.value ** 4 - 3) < 1e-9);
  // f' = x³ − x² − 1: its one real root is a nested Cardano radical our simplifier cannot reduce f' to 0 at
  const cardano = criticalPoints('x^4/4 - x^3/3 - x', { notation: 'plain' });
  assert.equal(cardano.points.length, 1);
  assert.equal(cardano.points[0].x.exact, false);
  const x = cardano.points[0].x.value;
  assert.ok(Math.abs(x ** 3 - x ** 2 - 1) < 1e-9);
});

test('recognised roots stay exact beside nerdamer: x^4/4 - x^2 has ±√2 and 0', () => {
  assert.deepEqual(summary(criticalPoints('x^4/4 - x^2', { notation: 'plain' })), ['minimum -sqrt(2) -1', 'maximum 0 0', 'minimum sqrt(2) -1']);
});
