// Verification catches a wrong derivative, and says when it cannot check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlain } from '../../../src/core/dialects/plain';
import { verifyDerivatives } from '../../../src/core/verify';

const check = (f: string, claimed: string, wrt = 'x') => verifyDerivatives([{ of: parsePlain(f), claimed: parsePlain(claimed) }], wrt);

test('a right derivative is verified, with its evidence', () => {
  const v = check('sin(x)/x', '(x*cos(x) - sin(x))/x^2');
  assert.equal(v.verified, true);
  assert.ok(v.points.length >= 3);
  assert.ok(v.maxRelError < 1e-8, String(v.maxRelError));
});

test('a wrong derivative is caught: sign flipped, as nerdamer does for sin(x)/x', () => {
  const v = check('sin(x)/x', '(sin(x) - x*cos(x))/x^2');
  assert.equal(v.verified, false);
  assert.match(v.reason!, /differs from the numeric derivative at x=/);
});

test('a slightly wrong constant is caught', () => assert.equal(check('x^3', '3.0001*x^2').verified, false));

test('partial derivatives hold the other variables fixed', () => {
  assert.equal(check('x^2*y^3', '3*x^2*y^2', 'y').verified, true);
  assert.equal(check('x^2*y^3', '2*x*y^3', 'y').verified, false);
});

test('no real points: not verified, and it says why', () => {
  const v = check('sqrt(-1 - x^2)', '-x/sqrt(-1 - x^2)');
  assert.equal(v.verified, false);
  assert.match(v.reason!, /too few real points/);
});

test('kinks and poles are stepped around, not mistaken for errors', () => {
  assert.equal(check('abs(x)', 'sign(x)').verified, true);
  assert.equal(check('tan(x)', 'sec(x)^2').verified, true);
  assert.equal(check('sin(tan(x))', 'cos(tan(x))*sec(x)^2').verified, true);
});
