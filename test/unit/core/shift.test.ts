// Polynomial sums in powers of a linear form of the expression (src/core/shift.ts) and denominators
// multiplied out (src/core/denominator.ts). Each expected form was checked equal to the derivative
// with SymPy (simplify(d - form) == 0); the tests also check it numerically against SymPy's simplify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiate } from '../../../src/core';
import { parsePlain } from '../../../src/core/dialects/plain';
import { toPlain } from '../../../src/core/dialects';
import { treeSize } from '../../../src/core/expr';
import { simplify } from '../../../src/core/simplify';
import { agreeNumerically } from '../../support/numeric';

/** The derivative's printed form is `expected`, the same function as SymPy's form and at most `maxNodes` (SymPy's size unless given). */
function derivesTo(source: string, order: number, expected: string, sympy: string, maxNodes = treeSize(parsePlain(sympy))) {
  const r = differentiate(source, { dialect: 'plain', wrt: 'x', order, explain: false, timeBudgetMs: 20000 });
  assert.ok(r.verified, `${source}: ${r.verification.reason ?? ''}`);
  assert.equal(r.plain, expected, source);
  assert.ok(agreeNumerically(parsePlain(r.plain), parsePlain(sympy)).agree, `${source}: the same function as SymPy's`);
  assert.ok(treeSize(parsePlain(r.plain)) <= maxNodes, `${r.plain}: at most ${maxNodes} nodes`);
}

const GAUSSIAN = 'exp(-(x - mu)^2/(2*sigma^2))/(sigma*sqrt(2*pi))';

test("a Gaussian's 4th derivative is a polynomial in mu - x, the exponent's linear form, over one denominator", () => {
  derivesTo(GAUSSIAN, 4,
    'exp(-(x - mu)^2/(2*sigma^2))*((x - mu)^4 - 6*sigma^2*(x - mu)^2 + 3*sigma^4)/(sigma^9*sqrt(2*pi))',
    'sqrt(2)*(3*sigma^4 - 6*sigma^2*(mu - x)^2 + (mu - x)^4)*exp(-(mu - x)^2/(2*sigma^2))/(2*sqrt(pi)*sigma^9)');
});

test("a Gaussian's 5th derivative: the expanded polynomial in mu and x becomes powers of x - mu, its factor mu - x out", () => {
  derivesTo(GAUSSIAN, 5,
    'exp(-(x - mu)^2/(2*sigma^2))*((x - mu)^4 - 10*sigma^2*(x - mu)^2 + 15*sigma^4)*(mu - x)/(sigma^11*sqrt(2*pi))',
    'sqrt(2)*(mu - x)*(15*sigma^4 - 10*sigma^2*(mu - x)^2 + (mu - x)^4)*exp(-(mu - x)^2/(2*sigma^2))/(2*sqrt(pi)*sigma^11)');
});

test('x*log(x) + x gathers with 2*x*(log(x) + 1) as 3*x*(log(x) + 1): the form is a call plus a number', () => {
  derivesTo('x^x', 3, 'x^(x - 2)*(x^2*(log(x) + 1)^3 + 3*x*(log(x) + 1) - 1)',
    'x^(x - 2)*(x^2*(log(x) + 1)^3 + 3*x*(log(x) + 1) - 1)');
});

test('a polynomial is not written in powers of a form of x alone that only a derivative brought', () => {
  // the first derivative is x*exp(-x)*(2 - x); (x - 2)^2 - 2 would be a node shorter than SymPy's form
  derivesTo('x^2*exp(-x)', 2, 'exp(-x)*(x^2 - 4*x + 2)', '(x^2 - 4*x + 2)*exp(-x)');
  // forms the user wrote (the Gaussian's x - mu, above) and forms of a function (log(x) + 1, below) are used
});

test('a form with fractional coefficients is taken whole (x/2 - 2 as x - 4), the sum\'s fractions out', () => {
  derivesTo('(5*w*x - 8x + 2w)*((1/2)*x - 2)^3', 1, '(x - 4)^2*(10*w*x - 16*x - 7*w + 16)/4',
    '(x - 4)^2*(15*w*x + 6*w - 24*x + (5*w - 8)*(x - 4))/8');
});

test('a polynomial in x alone is not rewritten in powers of an unrelated x + 1', () => {
  const e = parsePlain('(x^2 + 2*x + 3)*exp(x + 1)');
  assert.equal(toPlain(simplify(e, { deadline: performance.now() + 1000 })), 'exp(x + 1)*(x^2 + 2*x + 3)');
});

test('a product of sums in a denominator is multiplied out when shorter', () => {
  // 2/((1 - x)*(1 + x)) was 14 nodes; -2/(x^2 - 1), SymPy's, is 9, and written with its minus taken into the
  // sum 2/(1 - x^2), 11 (the minus of -x^2 is a node), one minus sign fewer and as long
  derivesTo('log((1 + x)/(1 - x))', 1, '2/(1 - x^2)', '-2/(x^2 - 1)', 11);
  derivesTo('log(1 + sqrt(x))', 1, '1/(2*(x + sqrt(x)))', '1/(2*(sqrt(x) + x))');
});

test("a denominator's other factor joins the product only when its base is in the sum", () => {
  const e = parsePlain('-1/(3*b*(x + 1)^2)');
  assert.equal(toPlain(simplify(e, { deadline: performance.now() + 1000 })), '-1/(3*b*(x + 1)^2)');
});
