// The smart constructors keep one canonical form, so equal expressions have equal keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlain } from '../../../src/core/dialects/plain';
import { toPlain } from '../../../src/core/dialects';

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
  reads('4^(1/2)', '2');
  reads('2^-1 * x', 'x/2');
  reads('0.5*x + 0.25*x', '0.75*x');
  reads('3^(2*x + 1)', '3*3^(2*x)');
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
});
