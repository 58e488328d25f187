// parse(print(t)) = t for every dialect, on the corpus inputs and their derivatives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { differentiate } from '../../../../src/core';
import { Dialect } from '../../../../src/core/api';
import { DialectStyle, parse, print } from '../../../../src/core/dialects';
import { parsePlain } from '../../../../src/core/dialects/plain';
import { Expr } from '../../../../src/core/expr';
import { lowerFor } from '../../../../src/core/lower';
import { lowerC } from '../../../../src/core/dialects/c';
import { FUNCTIONS } from '../../../../src/core/functions';
import { readJsonLines } from '../../../support/numeric';

export const STYLES: readonly DialectStyle[] = [
  { dialect: 'plain' },
  { dialect: 'latex' },
  { dialect: 'python', prefix: 'np', module: 'numpy', spacedProducts: false },
  { dialect: 'python', prefix: 'math', module: 'math', spacedProducts: true },
  { dialect: 'javascript', mathPow: false, spacedProducts: false },
  { dialect: 'javascript', mathPow: true, spacedProducts: true },
  { dialect: 'matlab', spacedProducts: false },
  { dialect: 'matlab', spacedProducts: true },
  { dialect: 'julia', spacedProducts: false, unicode: false, broadcasts: true },
  { dialect: 'julia', spacedProducts: true, unicode: true, broadcasts: false },
  { dialect: 'c', spacedProducts: false, std: false, stdNumbers: false },
  { dialect: 'c', spacedProducts: true, std: true, stdNumbers: true },
  { dialect: 'c', spacedProducts: false, std: false, stdNumbers: false, float: true },
];

/** The functions each style prints natively; the rest print through identities (sec → 1/cos). */
const NATIVE: Record<Dialect, ReadonlySet<string>> = {
  plain: new Set(['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'asec', 'acsc', 'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth', 'asinh', 'acosh', 'atanh', 'acoth', 'asech', 'acsch', 'log', 'abs', 'sign']),
  latex: new Set(['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'asec', 'acsc', 'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth', 'asinh', 'acosh', 'atanh', 'acoth', 'asech', 'acsch', 'log', 'abs', 'sign']),
  python: new Set(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'log', 'log1p', 'expm1', 'abs', 'sign', 'hypot']),
  javascript: new Set(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'log', 'log1p', 'expm1', 'abs', 'sign', 'hypot']),
  matlab: new Set(FUNCTIONS.keys()),
  julia: new Set(FUNCTIONS.keys()),
  c: new Set(),
};

export function assertRoundTrip(t: Expr, style: DialectStyle): void {
  const text = print(t, style);
  // C writes sign and heaviside as conditionals besides the identities of the others
  const expected = style.dialect === 'c' ? lowerC(t) : lowerFor(t, NATIVE[style.dialect]);
  const back = parse(text, style.dialect, '').expr;
  assert.equal(back.key, expected.key, `${style.dialect}: ${text}`);
}

const corpus = readJsonLines<{ id: string; expr: string; wrt: string; order: number }>(readFileSync('test/corpus/scalar.jsonl', 'utf8'));

for (const style of STYLES) {
  test(`round trip through ${JSON.stringify(style)}`, () => {
    for (const c of corpus) {
      const input = parsePlain(c.expr);
      assertRoundTrip(input, style);
      const d = parsePlain(differentiate(c.expr, { dialect: 'plain', wrt: c.wrt, order: c.order, explain: false }).plain);
      assertRoundTrip(d, style);
    }
  });
}
