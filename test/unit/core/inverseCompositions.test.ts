// A circular or hyperbolic function of an inverse of its family is read without functions
// (cos(atan(u)) = 1/√(1 + u²)), so its derivatives carry none. The expected derivatives agree
// numerically with SymPy's diff of the original; the engine verifies every answer too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiate } from '../../../src/core';

const read = (source: string) => differentiate(source, { dialect: 'plain', wrt: 'x', explain: false }).input.plain;

function derivative(source: string, expected: string, order = 1) {
  const r = differentiate(source, { dialect: 'plain', wrt: 'x', order, explain: false, timeBudgetMs: 2000 });
  assert.equal(r.plain, expected, source);
  assert.ok(r.verified, `${source}: ${r.verification.reason ?? ''}`);
}

test('circular functions of asin, acos and atan are read as roots', () => {
  assert.equal(read('cos(atan(x))'), '1/sqrt(x^2 + 1)');
  assert.equal(read('sin(atan(x))'), 'x/sqrt(x^2 + 1)');
  assert.equal(read('tan(asin(x))'), 'x/sqrt(1 - x^2)');
  assert.equal(read('cos(asin(x))'), 'sqrt(1 - x^2)');
  assert.equal(read('sin(acos(x))'), 'sqrt(1 - x^2)');
  assert.equal(read('tan(acos(x))'), 'sqrt(1 - x^2)/x');
  assert.equal(read('sec(atan(x))'), 'sqrt(x^2 + 1)');
  assert.equal(read('csc(asin(x))'), '1/x');
});

test('hyperbolic functions of asinh, acosh and atanh are read as roots', () => {
  assert.equal(read('cosh(asinh(x))'), 'sqrt(x^2 + 1)');
  assert.equal(read('tanh(asinh(x))'), 'x/sqrt(x^2 + 1)');
  // two roots, undefined for x < 1 like acosh(x), not √(x² − 1)
  assert.equal(read('sinh(acosh(x))'), 'sqrt(x - 1)*sqrt(x + 1)');
  assert.equal(read('cosh(atanh(x))'), '1/sqrt(1 - x^2)');
  assert.equal(read('sinh(atanh(x))'), 'x/sqrt(1 - x^2)');
  assert.equal(read('sech(atanh(x))'), 'sqrt(1 - x^2)');
});

test('the other families and inverses are left as written', () => {
  assert.equal(read('sinh(atan(x))'), 'sinh(atan(x))');
  assert.equal(read('cos(asinh(x))'), 'cos(asinh(x))');
  assert.equal(read('cos(acot(x))'), 'cos(acot(x))');
});

test('their derivatives carry no trigonometric factor', () => {
  derivative('cos(atan(x))', '-x/(x^2 + 1)^(3/2)');
  derivative('tan(asin(x))', '1/(1 - x^2)^(3/2)');
  derivative('tan(acos(x))', '-1/(x^2*sqrt(1 - x^2))');
  derivative('sinh(acosh(x))', 'x/(sqrt(x - 1)*sqrt(x + 1))');
  derivative('cosh(atanh(x))', 'x/(1 - x^2)^(3/2)');
  derivative('csch(atanh(x))', '-1/(x^2*sqrt(1 - x^2))');
  // SymPy: (2x² − 1)/(x² + 1)^(5/2)
  derivative('cos(atan(x))', '(2*x^2 - 1)/(x^2 + 1)^(5/2)', 2);
});
