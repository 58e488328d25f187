import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bitLength, exactRoot, Rational } from '../../../src/core/rational';

test('decimals are read exactly and printed back as decimals', () => {
  const r = Rational.parseDecimal('0.044715');
  assert.equal(r.toString(), '8943/200000');
  assert.equal(r.mul(Rational.of(3)).toDecimalString(), '0.134145');
  assert.equal(Rational.parseDecimal('1.5e-3').toString(), '3/2000');
  assert.equal(Rational.of(1, 3).toDecimalString(), undefined);
  assert.equal(Rational.of(-5, 4).toDecimalString(), '-1.25');
});

test('arithmetic stays reduced with a positive denominator', () => {
  assert.equal(Rational.of(2, -4).toString(), '-1/2');
  assert.equal(Rational.of(1, 2).add(Rational.of(1, 3)).toString(), '5/6');
  assert.equal(Rational.of(2, 3).powInt(-2n).toString(), '9/4');
  assert.throws(() => Rational.of(1, 0), RangeError);
});

test('exact integer roots', () => {
  assert.equal(exactRoot(1000000n, 3n), 100n);
  assert.equal(exactRoot(8n, 2n), undefined);
});

test('bit lengths on both sides of 32 bits', () => {
  const cases: [bigint, number][] = [[0n, 0], [1n, 1], [-1n, 1], [255n, 8], [256n, 9], [2n ** 32n - 1n, 32], [2n ** 32n, 33], [-(2n ** 100n), 101]];
  for (const [n, bits] of cases) assert.equal(bitLength(n), bits, `${n}`);
});
