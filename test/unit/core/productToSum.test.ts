// Products of sines and cosines of multiples of one argument are tried as sums (issue 12), and kept
// only when that is shorter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlain } from '../../../src/core/dialects/plain';
import { toPlain } from '../../../src/core/dialects';
import { differentiate } from '../../../src/core';
import { simplify } from '../../../src/core/simplify';
import { agreeNumerically } from '../../support/numeric';

function simplifies(input: string, expected: string) {
  const e = parsePlain(input);
  const s = simplify(e, { deadline: performance.now() + 2000 });
  assert.equal(toPlain(s), expected, input);
  assert.ok(agreeNumerically(e, s).agree, 'the same function');
}

test('a sum of triple products of sines and cosines gathers into three cosines', () => {
  // d/dx sin(x)·sin(2x)·sin(3x) as the product rule builds it (bench product-017)
  simplifies(
    'cos(x)*sin(2*x)*sin(3*x) + 2*sin(x)*cos(2*x)*sin(3*x) + 3*sin(x)*sin(2*x)*cos(3*x)',
    'cos(2*x)/2 - 3*cos(6*x)/2 + cos(4*x)',
  );
});

test('a difference of products becomes a difference of single cosines', () => {
  simplifies('cos(2*x)*cos(x) - 2*sin(2*x)*sin(x)', '3*cos(3*x)/2 - cos(x)/2');
});

test('a derivative of a product of sine and cosine is printed as the shorter sum', () => {
  const r = differentiate('sin(x)*cos(2*x)', { dialect: 'plain', wrt: 'x', order: 1, explain: false });
  assert.equal(r.plain, '3*cos(3*x)/2 - cos(x)/2');
});

test('a product that is shorter than its sum stays a product', () => {
  // 2·cos(2x)·sin(x) = sin(3x) − sin(x), one node more
  simplifies('2*cos(2*x)*sin(x)', '2*cos(2*x)*sin(x)');
  simplifies('sin(x)*sin(3*x)', 'sin(3*x)*sin(x)');
});

test('sines and cosines of different arguments are left alone', () => {
  simplifies('sin(x)*cos(y) + cos(x)*sin(y)', 'cos(x)*sin(y) + cos(y)*sin(x)');
});
