// Sparse polynomial arithmetic over atoms (src/core/poly.ts): monomials are found by a hash of their
// sorted atoms, so equal products meet whatever order their factors came in, cancelled monomials
// leave, and the size limits throw TOO_LARGE. Expected forms are worked by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Expr, sym } from '../../../src/core/expr';
import { parsePlain } from '../../../src/core/dialects/plain';
import { Rational } from '../../../src/core/rational';
import { atom, constant, Poly, polyExpr, polyPower, polyProduct, polySum, TOO_LARGE } from '../../../src/core/poly';

const x = sym('x'), y = sym('y');
const r = (n: number, d = 1) => Rational.of(n, d);
/** a·v + b as a polynomial. */
const linear = (a: number, v: Expr, b: number): Poly => polySum([polyProduct(constant(r(a)), atom(v, r(1)), 100), constant(r(b))]);
const same = (p: Poly, expected: string) => assert.equal(polyExpr(p).key, parsePlain(expected).key, expected);

test('(x + 1)(x - 1) = x^2 - 1: the x terms cancel and leave', () => {
  const p = polyProduct(linear(1, x, 1), linear(1, x, -1), 100);
  assert.equal(p.size, 2);
  assert.equal(p.list().length, 2);
  same(p, 'x^2 - 1');
});

test('(x + y)^3 has four monomials with the binomial coefficients', () => {
  const p = polyPower(polySum([atom(x, r(1)), atom(y, r(1))]), 3, 100);
  assert.equal(p.size, 4);
  same(p, 'x^3 + 3*x^2*y + 3*x*y^2 + y^3');
});

test('rational exponents add, and an atom whose exponent sums to 0 leaves the monomial', () => {
  same(polyProduct(atom(x, r(1, 2)), atom(x, r(1, 2)), 100), 'x');
  same(polyProduct(atom(x, r(1, 2)), atom(x, r(-1, 2)), 100), '1');
  same(polyProduct(atom(x, r(2, 3)), atom(y, r(-1)), 100), 'x^(2/3)/y');
});

test('the same product built in either order is one monomial', () => {
  const s = parsePlain('sin(x)');
  const a = polyProduct(atom(x, r(1)), atom(s, r(1)), 100);
  const b = polyProduct(atom(s, r(1)), atom(x, r(1)), 100);
  const p = polySum([a, b]);
  assert.equal(p.size, 1);
  same(p, '2*x*sin(x)');
  // and it cancels whatever the order: x·sin(x) − sin(x)·x = 0
  assert.equal(polySum([a, polyProduct(constant(r(-1)), b, 100)]).size, 0);
});

test('a monomial cancelled and added again counts once', () => {
  const p = new Poly();
  p.add(r(3), []);
  p.add(r(-3), []);
  assert.equal(p.size, 0);
  assert.equal(p.list().length, 0);
  p.add(r(5), []);
  assert.equal(p.size, 1);
  same(p, '5');
});

test('1·p is p, and the size limits throw TOO_LARGE', () => {
  const p = linear(2, x, 3);
  assert.equal(polyProduct(constant(r(1)), p, 100), p);
  assert.throws(() => polyProduct(constant(r(1)), p, 1), (e) => e === TOO_LARGE);
  // 2·2 pairs to multiply is more than four times a limit of 0
  assert.throws(() => polyProduct(p, p, 0), (e) => e === TOO_LARGE);
  // (2x + 3)² has 3 monomials: past a limit of 2
  assert.throws(() => polyProduct(p, p, 2), (e) => e === TOO_LARGE);
  same(polyProduct(p, p, 3), '4*x^2 + 12*x + 9');
  assert.throws(() => polySum([p, atom(y, r(1))], 2), (e) => e === TOO_LARGE);
});
