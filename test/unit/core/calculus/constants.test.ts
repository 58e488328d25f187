// Exact values as a textbook writes them (src/core/calculus/constants.ts), and where they show:
// the exact value of a definite integral.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integrate } from '../../../../src/core';
import { asScalar, read, toPlain } from '../../../../src/core/dialects';
import { compile } from '../../../../src/core/evaluate';
import { tidyConstant } from '../../../../src/core/calculus/constants';

const parse = (text: string) => asScalar(read(text, 'plain')).expr;
const value = (text: string) => compile(parse(text), [])(new Float64Array(0));

test('logs of rationals gather into one; whole powers come out of roots; the value never changes', () => {
  const cases: [string, string][] = [
    ['log(2/sqrt(2))', 'log(2)/2'],
    ['log(1/2) - log(3/2)', '-log(3)'],
    ['log(4)', 'log(4)'],
    ['log(8) - log(2)', 'log(4)'],
    ['2*log(3) + log(1/9) + pi', 'pi'],
    ['16*2^(3/2)/3', '32*sqrt(2)/3'],
    ['2^(-3/2)', 'sqrt(2)/4'],
    ['log(6) - log(2) + 1', 'log(3) + 1'],
    ['sqrt(2)/2', 'sqrt(2)/2'],
  ];
  for (const [input, expected] of cases) {
    const tidy = toPlain(tidyConstant(parse(input)));
    assert.equal(tidy, expected, input);
    assert.ok(Math.abs(value(tidy) - value(input)) < 1e-12 * Math.max(1, Math.abs(value(input))), input);
  }
  // symbols are left alone
  assert.equal(toPlain(tidyConstant(parse('log(2*x) - log(x)'))), 'log(2*x) - log(x)');
});

test('definite integrals show the tidy exact value (SymPy\'s: log(2)/2, -log(3), 32*sqrt(2)/3)', () => {
  const exact = (f: string, from: string, to: string) => integrate(f, { notation: 'plain', wrt: 'x', from, to }).definite?.exact?.plain;
  assert.equal(exact('tan(x)', '0', 'pi/4'), 'log(2)/2');
  assert.equal(exact('1/(x^2-1)', '-1/2', '1/2'), '-log(3)');
  assert.equal(exact('sqrt(x)', '0', '8'), '32*sqrt(2)/3');
});
