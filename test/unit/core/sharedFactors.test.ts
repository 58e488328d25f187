// Rewrites that let the factors of a long derivative meet: sums that are each other's negatives
// written alike (opposedSums.ts), double angles beside functions of their half written by the half
// (halfAngles.ts), coth, sech, csch beside sinh and cosh written by them (sinhCosh.ts), and
// polynomials in their rational linear factors or as powers. Each form is checked numerically against the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiate } from '../../../src/core';
import { parsePlain } from '../../../src/core/dialects/plain';
import { toPlain } from '../../../src/core/dialects';
import { simplify } from '../../../src/core/simplify';
import { treeSize } from '../../../src/core/expr';
import { agreeNumerically } from '../../support/numeric';

function simplifies(input: string, expected: string) {
  const e = parsePlain(input);
  const s = simplify(e, { deadline: performance.now() + 1000 });
  assert.equal(toPlain(s), expected, input);
  assert.ok(agreeNumerically(e, s).agree, 'the same function');
}

/** Our derivative, verified, agreeing with SymPy's and smaller than `most` times its size. */
function derivativeLike(source: string, wrt: string, order: number, sympy: string, most: number): string {
  const r = differentiate(source, { dialect: 'plain', wrt, order, explain: false, timeBudgetMs: 5000 });
  assert.ok(r.verified, `${source}: ${r.verification.reason ?? ''}`);
  const ours = parsePlain(r.plain), theirs = parsePlain(sympy);
  assert.ok(agreeNumerically(ours, theirs).agree, `${r.plain} agrees with SymPy's ${sympy}`);
  assert.ok(treeSize(ours) < most * treeSize(theirs), `${r.plain}: ${treeSize(ours)} nodes, SymPy's ${treeSize(theirs)}`);
  return r.plain;
}

test('opposed sums merge in a product and come out of a sum', () => {
  simplifies('(x^2 - 1)/(1 - x^2)^3', '-1/(x^2 - 1)^2');
  // the even power's base is the smaller of u and −u, as people write it: (x − 1)², not (1 − x)²
  simplifies('1/((1 - x)^2 + 1)', '1/((x - 1)^2 + 1)');
  simplifies('a*(2*y - 3) + b*(3 - 2*y)', '(3 - 2*y)*(b - a)');
  // a power that is not whole keeps its base, (−u)^(1/2) is not ±u^(1/2); the whole power turns to it
  simplifies('sqrt(x - 1)*(1 - x)', '-(x - 1)^(3/2)');
  simplifies('sqrt(1 - x)*(x - 1)', '-(1 - x)^(3/2)');
});

test('a double angle beside functions of its half is written by the half', () => {
  simplifies('sinh(2*x)*tanh(x)/cosh(x)^4', '2*tanh(x)^2/cosh(x)^2');
  simplifies('sin(2*x)/cos(x)^3', '2*tan(x)/cos(x)');
  simplifies('sinh(2*x)/cosh(x) + sinh(x)', '3*sinh(x)');
  // alone, the double angle is the shorter form
  simplifies('2*sinh(x)*cosh(x)', 'sinh(2*x)');
  // inside a sum over a power of cosh: the half shows the factor the quotient cancels
  simplifies('(cosh(x^3 + x)^2*(3*x^2 + 1) - x*sinh(2*(x^3 + x)))/cosh(x^3 + x)^4', '(cosh(x^3 + x)*(3*x^2 + 1) - 2*x*sinh(x^3 + x))/cosh(x^3 + x)^3');
});

test('order2-024: the second derivative of GELU (tanh form) collects its decimals and cancels cosh', () => {
  const d = derivativeLike('0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))', 'x', 2,
    '(0.5*x*(0.26829*sqrt(2)*pi*x - 4*sqrt(pi)*(0.134145*x^2 + 1)^2*tanh(sqrt(2)*x*(0.044715*x^2 + 1)/sqrt(pi))) + sqrt(2)*pi*(0.134145*x^2 + 1.0))/(pi^(3/2)*cosh(sqrt(2)*x*(0.044715*x^2 + 1)/sqrt(pi))^2)', 1.2);
  assert.match(d, /\/cosh\(sqrt\(2\/pi\)\*\(x \+ 0\.044715\*x\^3\)\)\^3$/);
  assert.match(d, /0\.26829\*x\^2/);
});

test('coth, sech and csch beside sinh or cosh of their argument are written by sinh and cosh', () => {
  simplifies('coth(x)^3 + 3*coth(x)/sinh(x)^2 + 2*cosh(x)/sinh(x)^3', 'cosh(x)*(cosh(x)^2 + 5)/sinh(x)^3');
  simplifies('coth(x) - cosh(x)/sinh(x)', '0');
  // on their own they stay: coth·csch is shorter than cosh/sinh²
  simplifies('csch(x)*coth(x)', 'coth(x)*csch(x)');
});

test('fuzz-3: the derivatives of csch(x) are quotients of cosh and sinh', () => {
  assert.equal(derivativeLike('csch(x)', 'x', 2, '(1 + 2/sinh(x)^2)/sinh(x)', 1), '(cosh(x)^2 + 1)/sinh(x)^3');
  assert.equal(derivativeLike('csch(x)', 'x', 3, '-(1 + 6/sinh(x)^2)*cosh(x)/sinh(x)^2', 1), '-cosh(x)*(sinh(x)^2 + 6)/sinh(x)^4');
});

test('fuzz-232: the second derivative of cos(atan(...)) has no functions and a common factor (2y − 3)²', () => {
  const d = derivativeLike('cos(atan(3y/(k - (2/3)*y*k + 9u)))', 'k', 2,
    '-243*y^2*(2*y - 3)^2*abs(-2*k*y + 3*k + 27*u)/(81*y^2 + (-2*k*y + 3*k + 27*u)^2)^(5/2)', 1.2);
  // y*k as written
  assert.equal(d, '-3*y^2*(3 - 2*y)^2/((9*y^2/(k - 2*y*k/3 + 9*u)^2 + 1)^(5/2)*(k - 2*y*k/3 + 9*u)^4)');
});

test('fuzz-51: derivatives of (tanh(9x)/tanh(3x))^-3 stay in tanh and cosh of 3x and 9x', () => {
  const second = derivativeLike('(tanh(9*x)/tanh(3*x))^-3', 'x', 2,
    '-54*((1 - 2/cosh(3*x)^2)*tanh(9*x)^2/cosh(3*x)^2 + 9*(tanh(9*x)^2 - 2)*tanh(3*x)^2/cosh(9*x)^2 + 9*tanh(3*x)*tanh(9*x)/(cosh(3*x)^2*cosh(9*x)^2))*tanh(3*x)/tanh(9*x)^5', 2);
  assert.equal(second, '54*tanh(3*x)*(9*tanh(3*x)^2*tanh(9*x)^2/cosh(9*x)^2 - tanh(3*x)^2*tanh(9*x)^2/cosh(3*x)^2 - 9*tanh(3*x)*tanh(9*x)/(cosh(3*x)^2*cosh(9*x)^2) + 18*tanh(3*x)^2/cosh(9*x)^4 + tanh(9*x)^2/cosh(3*x)^4)/tanh(9*x)^5');
  const third = derivativeLike('(tanh(9*x)/tanh(3*x))^-3', 'x', 3,
    '(4374*(sinh(3*x)^2 - 1)*sinh(3*x)*sinh(9*x)^2/(cosh(3*x)^5*cosh(9*x)^4) - 13122*(tanh(9*x)^2 - 2)*tanh(3*x)^2*tanh(9*x)/(cosh(3*x)^2*cosh(9*x)^2) + 162*(2*sinh(3*x)^4/cosh(3*x)^2 - 7 + 8/cosh(3*x)^2)*tanh(9*x)^3/cosh(3*x)^4 - 162*(54*sinh(9*x)^4/cosh(9*x)^2 + 297 - 27/cosh(9*x)^2)*tanh(3*x)^3/cosh(9*x)^4)/tanh(9*x)^6', 1.6);
  assert.doesNotMatch(third, /(sinh|cosh)\((6|18)\*x\)/);
});

test('fuzz-154: the third derivative of atanh(sinh(y))^-2 has one power of sinh(y)^2 - 1 below', () => {
  const d = derivativeLike('atanh(sinh(y))^(-2)', 'y', 3,
    '2*((cosh(y)^2 - 1)^2 - 9*sinh(y)*cosh(y)^2/atanh(sinh(y)) - 18*sinh(y)/atanh(sinh(y)) + 12*cosh(y)^2 + 12*cosh(y)^2/atanh(sinh(y))^2 - 9)*cosh(y)/((cosh(y)^2 - 2)^3*atanh(sinh(y))^3)', 1.3);
  // its minus sign taken into that sum (2*cosh(y)*…, not -2*cosh(y)*…/(…(sinh(y)^2 - 1)^3))
  assert.match(d, /^2\*cosh\(y\).*\/\(atanh\(sinh\(y\)\)\^5\*\(1 - sinh\(y\)\^2\)\^3\)$/);
  assert.doesNotMatch(d, /(sinh|cosh)\(2\*y\)/);
});

test('a polynomial with rational roots is written in its linear factors when that is shorter', () => {
  simplifies('x^2 - 2*x + 1', '(x - 1)^2');
  simplifies('x^3 - 12*x^2 + 48*x - 64', '(x - 4)^3');
  simplifies('x^2 + 3*x + 2', '(x + 1)*(x + 2)');
  simplifies('2*x^2 - 3*x + 1', '(2*x - 1)*(x - 1)');
  simplifies('x^4 + 2*x^3 + 3*x^2 - 4*x - 2', '(x - 1)*(x^3 + 3*x^2 + 6*x + 2)');
  // a positive root's factor takes the sign: x·(2 − x), not −x·(x − 2)
  simplifies('2*x - x^2', 'x*(2 - x)');
  // kept when factoring is not shorter, or there is no rational root
  simplifies('x^2 - 1', 'x^2 - 1');
  simplifies('x^2 - 2', 'x^2 - 2');
  simplifies('6*x^2 - x - 2', '6*x^2 - x - 2');
  // d/dx (x^2 + 1)*exp(-x): the textbook's -(x - 1)^2*exp(-x)
  const result = (source: string) => differentiate(source, { dialect: 'plain', explain: false }).result;
  assert.equal(result('(x^2 + 1)*exp(-x)'), '-exp(-x)*(x - 1)^2');
  // a sum the user wrote stays as written: the chain rule repeats it
  assert.equal(result('exp(x^2 - 3*x + 2)'), 'exp(x^2 - 3*x + 2)*(2*x - 3)');
  assert.equal(result('atan(x^2 - 3*x + 2)'), '(2*x - 3)/((x^2 - 3*x + 2)^2 + 1)');
  // also when the input was searched first for functions that cancel (its search is remembered for the derivative)
  assert.equal(result('sin(x^2 - 3*x + 2)*cos(x^2 - 3*x + 2)'), 'cos(2*(x^2 - 3*x + 2))*(2*x - 3)');
});

test('a polynomial that is a power of one without rational roots is written as that power, negative powers of its variable too', () => {
  simplifies('x^6 + 3*x^4 + 3*x^2 + 1', '(x^2 + 1)^3');
  simplifies('x^4 + 3*x^2 + 3 + 1/x^2', '(x^2 + 1)^3/x^2');
  simplifies('4*x^4 + 4*x^2 + 1', '(2*x^2 + 1)^2');
  simplifies('x^4/4 + x^2 + 1', '(x^2 + 2)^2/4');
  // no power: as it is
  simplifies('x^4 + 3*x^2 + 1', 'x^4 + 3*x^2 + 1');
  // the 3rd derivative of x·log(x)·atan(x): was -(atan(x)*(x^4 + 3*x^2 + 1/x^2 + 3) + …)/(x^2 + 1)^3
  const third = differentiate('x*log(x)*atan(x)', { dialect: 'plain', order: 3, explain: false });
  assert.equal(third.result, '-(atan(x)*(x^2 + 1)^3 + 3*x^5 + 8*x^3*log(x) - 3*x)/(x^2*(x^2 + 1)^3)');
  assert.ok(third.verified);
});

