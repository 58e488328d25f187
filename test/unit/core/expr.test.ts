// The smart constructors keep one canonical form, so equal expressions have equal keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlain } from '../../../src/core/dialects/plain';
import { toPlain } from '../../../src/core/dialects';
import { absolute, add, type Expr, HALF, mul, neg, num, pow, sym, TWO } from '../../../src/core/expr';
import { Rational } from '../../../src/core/rational';

const same = (a: string, b: string) => assert.equal(parsePlain(a).key, parsePlain(b).key, `${a} ≡ ${b}`);
const reads = (input: string, printed: string) => assert.equal(toPlain(parsePlain(input)), printed);

test('like terms collect and equal bases combine', () => {
  reads('x + x + 2*x', '4*x');
  reads('x*x*x', 'x^3');
  reads('exp(x)*exp(2*x)', 'exp(3*x)');
  reads('sqrt(x)*sqrt(x)', 'x');
  reads('x - x', '0');
  reads('b + w*x - (w*x + b)', '0');
});

test('numbers fold exactly', () => {
  reads('sqrt(8)', '2*sqrt(2)');
  // whole powers come out of a root as from sqrt(8); below 1 in size the root stays
  reads('2^(3/2)', '2*sqrt(2)');
  reads('12*2^(3/2)*x', '24*sqrt(2)*x');
  reads('2^(-3/2)', 'sqrt(2)/4');
  reads('2^(-1/2)', '1/sqrt(2)');
  reads('12^(7/3)', '144*12^(1/3)');
  reads('4^(1/2)', '2');
  reads('2^-1 * x', 'x/2');
  reads('0.5*x + 0.25*x', '0.75*x');
  reads('3^(2*x + 1)', '3*3^(2*x)');
  // a whole number under a root in the denominator leaves it when it divides the coefficient
  reads('2/sqrt(2)', 'sqrt(2)');
  reads('6*x/sqrt(2)', '3*sqrt(2)*x');
  reads('2/2^(1/3)', '2^(2/3)');
  reads('3/sqrt(6)', '3/sqrt(6)');
  reads('sqrt(2)/2', 'sqrt(2)/2');
  reads('4/sqrt(2*pi)', '4/sqrt(2*pi)');
  // a root of a product: its constants stay one root as written, whole roots of its number out
  reads('sqrt(2*pi*s^2)', 'abs(s)*sqrt(2*pi)');
  reads('sqrt(4*pi*s^2)', '2*sqrt(pi)*abs(s)');
  reads('sqrt(8*pi*s^2)', '2*abs(s)*sqrt(2*pi)');
  reads('sqrt(4*x^2)', '2*abs(x)');
});

test('sums and products are unordered', () => {
  same('x + y', 'y + x');
  same('2*x*y', 'y*x*2');
  same('(1 - x)^2', '(x - 1)^2');
});

test('function symmetries and special values', () => {
  reads('sin(-x)', '-sin(x)');
  reads('cos(-x)', 'cos(x)');
  reads('abs(-2*x)', '2*abs(x)');
  reads('log(exp(x))', 'x');
  reads('log(1) + sin(0) + cos(0)', '1');
  reads('abs(x)^2', 'x^2');
  // a sum whose every term is negative is −(its negation): f(−u) by the function's parity
  same('sinh(-3*x - a)', '-sinh(3*x + a)');
  same('cosh(-x - 1)', 'cosh(x + 1)');
  same('atan(-x^2 - 2*x)', '-atan(x^2 + 2*x)');
  // a sum of mixed signs keeps the sign it was written with
  reads('sin(1 - x)', 'sin(1 - x)');
});

test('a product whose bases met only after combining is regrouped when scaled or added', () => {
  // |x|·|x|·x: the two |x| combine to x^2 after grouping by base, leaving x·x^2 unmerged
  const x = sym('x'), y = sym('y');
  const product = mul(absolute(x), absolute(x), x);
  assert.equal(neg(product).key, neg(pow(x, num(3))).key);
  assert.equal(add(mul(TWO, product), y).key, add(mul(TWO, pow(x, num(3))), y).key);
  assert.equal(add(product, y).key, `+(y,${product.key})`);
});

test('a fraction to a rational power is evaluated where its numerator or denominator has the root', () => {
  const power = (base: string, exponent: string) => toPlain(pow(parsePlain(base), parsePlain(exponent)));
  assert.equal(power('1/4', '1/2'), '1/2');
  assert.equal(power('4/9', '3/2'), '8/27');
  assert.equal(power('2/9', '1/2'), 'sqrt(2)/3');
  assert.equal(power('9/2', '1/2'), '3/sqrt(2)');
  // neither part has the root (a numerator 1 is none): as written
  assert.equal(power('2/3', '1/2'), 'sqrt(2/3)');
  assert.equal(power('1/2', '3/2'), '(1/2)^(3/2)');
  // a decimal base only when the power is exact, in the decimal look
  assert.equal(power('0.25', '1/2'), '0.5');
  assert.equal(power('2.5', '1/2'), 'sqrt(2.5)');
});

test('numbers keep the decimal look through folding only while not whole', () => {
  const decimal = (text: string) => num(Rational.parseDecimal(text), true);
  const looksDecimal = (e: Expr) => e.kind === 'num' && e.decimal;
  assert.equal(looksDecimal(add(decimal('0.25'), num(Rational.HALF))), true);
  // 0.25 + 0.75 is the whole number 1, which drops the look before 1/2 is added
  assert.equal(looksDecimal(add(decimal('0.25'), decimal('0.75'), num(Rational.HALF))), false);
  assert.equal(looksDecimal(mul(decimal('0.5'), TWO, HALF)), false);
  const scaled = mul(decimal('2.5'), sym('x'));
  assert.equal(scaled.kind === 'mul' && looksDecimal(scaled.factors[0]), true);
});
