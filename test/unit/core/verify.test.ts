// Verification catches a wrong derivative, and says when it cannot check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlain } from '../../../src/core/dialects/plain';
import { verifyDerivatives } from '../../../src/core/verify';
import { differentiate } from '../../../src/core';

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

test('a narrow domain is found: more points are drawn near those where the expression is defined', () => {
  // real for |x| < 1/8 only, and for x < -2.5 only
  assert.equal(check('atanh(8*x)', '8/(1 - 64*x^2)').verified, true);
  assert.equal(check('sqrt(log(-x - 1.5))', '1/(2*sqrt(log(-x - 1.5))*(x + 1.5))').verified, true);
  const wrong = check('atanh(8*x)', '8/(1 + 64*x^2)');
  assert.equal(wrong.verified, false);
  assert.match(wrong.reason!, /differs from the numeric derivative/);
});

test('points too steep to judge are passed over, not reported as a difference', () => {
  // cos(e^(8ax)) turns over faster than any step tried once a·x is past 2
  const r = differentiate('cos(e^(8*x*a))', { dialect: 'plain', wrt: 'x', order: 3, explain: false });
  assert.equal(r.verified, true, r.verification.reason);
  // a wrong claim is still caught where the function can be judged
  const wrong = check('cos(exp(8*x))', '8*exp(8*x)*sin(exp(8*x))');
  assert.equal(wrong.verified, false);
  assert.match(wrong.reason!, /differs from the numeric derivative/);
  // a constant is flat, not steep, even where it is 0
  assert.match(check('0', '1').reason ?? '', /differs from the numeric derivative/);
});

test('kinks and poles are stepped around, not mistaken for errors', () => {
  assert.equal(check('abs(x)', 'sign(x)').verified, true);
  assert.equal(check('tan(x)', 'sec(x)^2').verified, true);
  assert.equal(check('sin(tan(x))', 'cos(tan(x))*sec(x)^2').verified, true);
});
