// Expressions in e^u read as rational functions of t = e^u: common factors in t cancel, and
// cosh/sinh of multiples of u meet the exponentials. Every expected form was checked equal to the
// input (or to SymPy's derivative) with SymPy, and is checked numerically here against SymPy's form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlain } from '../../../src/core/dialects/plain';
import { toPlain } from '../../../src/core/dialects';
import { differentiate } from '../../../src/core';
import { simplify } from '../../../src/core/simplify';
import { exponentialRationalForms } from '../../../src/core/exponentialRational';
import { agreeNumerically } from '../../support/numeric';

function simplifies(input: string, expected: string) {
  const e = parsePlain(input);
  const s = simplify(e, { deadline: performance.now() + 5000 });
  assert.equal(toPlain(s), expected, input);
  assert.ok(agreeNumerically(e, s).agree, 'the same function');
}

/** Our derivative is `expected`, verified, no larger than SymPy's and numerically equal to it. */
function derivative(source: string, order: number, expected: string, sympy: string, wrt = 'x') {
  const r = differentiate(source, { dialect: 'plain', wrt, order, explain: false, timeBudgetMs: 5000 });
  assert.equal(r.plain, expected, source);
  assert.ok(r.verified, `${source}: ${r.verification.reason ?? ''}`);
  const ours = parsePlain(r.plain), theirs = parsePlain(sympy);
  assert.ok(agreeNumerically(ours, theirs).agree, `${source}: equal to SymPy's ${sympy}`);
  assert.ok(ours.size <= theirs.size, `${source}: ${ours.size} nodes against SymPy's ${theirs.size}`);
}

test('a denominator factor e^u + 1 that divides the numerator cancels', () => {
  // ml-014 and order2-034 before: the numerators are (e^z + 1)·(…) and (e^x + 1)·(…)
  simplifies('-(exp(2*z)*(y - 1) + exp(z)*(2*y - 1) + y)/(exp(z) + 1)^2', '-(exp(z)*(y - 1) + y)/(exp(z) + 1)');
  simplifies('exp(x)*(exp(2*x)*(2 - x) + x + 4*exp(x) + 2)/(exp(x) + 1)^4', 'exp(x)*(exp(x)*(2 - x) + x + 2)/(exp(x) + 1)^3');
});

test('cosh u ± sinh u is e^(±u), and meets the exponentials beside it', () => {
  simplifies('exp(x)*(cosh(x) + sinh(x))', 'exp(2*x)');
  simplifies('exp(-x)*(cosh(x) - sinh(x))', 'exp(-2*x)');
  derivative('exp(x)*cosh(x)', 1, 'exp(2*x)', 'exp(2*x)');
});

test("the derivatives of x·sigmoid(x) keep one denominator (e^x + 1)^(n+1) (high-order sigmoid-005 was 239 nodes against SymPy's 62)", () => {
  derivative('x/(1 + exp(-x))', 1, '(x + exp(x) + 1)/(4*cosh(x/2)^2)', '(x + exp(x) + 1)/(4*cosh(x/2)^2)');
  derivative('x/(1 + exp(-x))', 2, 'exp(x)*(exp(x)*(2 - x) + x + 2)/(exp(x) + 1)^3', '(x*(1 - exp(x)) + 2*exp(x) + 2)*exp(x)/(exp(x) + 1)^3');
  derivative('x/(1 + exp(-x))', 3, 'exp(x)*(exp(2*x)*(x - 3) - 4*x*exp(x) + x + 3)/(exp(x) + 1)^4',
    '(x*((exp(x) + 1)^3 - 6*(exp(x) + 1)^2 + 6*exp(x) + 6) - 3*(exp(x) + 1)^3 + 6*(exp(x) + 1)^2)*exp(x)/(exp(x) + 1)^5');
  derivative('x/(1 + exp(-x))', 4, 'exp(x)*(exp(2*x)*(11*x - 12) - exp(x)*(11*x + 12) + exp(3*x)*(4 - x) + x + 4)/(exp(x) + 1)^5',
    '(-x*((exp(x) + 1)^3 - 14*(exp(x) + 1)^2 + 36*exp(x) + 12) + 4*(exp(x) + 1)^3 - 24*(exp(x) + 1)^2 + 24*exp(x) + 24)*exp(x)/(exp(x) + 1)^5');
});

test('e^u/(e^u + 1)^2 is 1/(4·cosh(u/2)^2), for a symbolic u too', () => {
  derivative('x/(1 + exp(-beta*x))', 1, '(beta*x + exp(beta*x) + 1)/(4*cosh(beta*x/2)^2)', '(beta*x + exp(beta*x) + 1)/(4*cosh(beta*x/2)^2)');
  derivative('-(y*log(1/(1 + exp(-z))) + (1 - y)*log(1 - 1/(1 + exp(-z))))', 1, '-(exp(z)*(y - 1) + y)/(exp(z) + 1)', '(-y + (1 - y)*exp(z))/(exp(z) + 1)', 'z');
});

test('every form offered equals its input: tanh, sech, csch, coth and half multiples of the unit', () => {
  for (const s of [
    'tanh(x)*exp(2*x) + exp(x)', 'sech(x)*(exp(x) + x)', 'csch(x/3)*(exp(2*x/3) - 1) + exp(x)*x',
    'coth(2*x)*(exp(4*x) - 1) + y', 'cosh(x/2)^2*(exp(x) + 1) - sinh(x)*(x + exp(x) + 1)/2', 'exp(x)*(x + 1)/(exp(2*x) - 1) + 1/(exp(x) + 1)',
  ]) {
    const e = parsePlain(s);
    const forms = exponentialRationalForms(e);
    assert.ok(forms.length > 0, `${s} is read in t`);
    for (const f of forms) assert.ok(agreeNumerically(e, f).agree, `${s} = ${toPlain(f)}`);
  }
  // the denominator e^(2x) − 1 = (e^x − 1)(e^x + 1) meets 1/(e^x − 1): −1/(e^(2x) − 1), as short as
  simplifies('exp(x)/(exp(2*x) - 1) - 1/(exp(x) - 1)', '-exp(-x)/(2*sinh(x))');
});

test('without a sum in t meeting a denominator or a hyperbolic function, nothing is offered', () => {
  for (const s of ['exp(x)*(x + 1)', 'exp(x)*cosh(x)', 'exp(x)*sinh(x)*sin(exp(x))', 'exp(x^2) + cosh(x)*x']) {
    assert.deepEqual(exponentialRationalForms(parsePlain(s)), [], s);
  }
});
