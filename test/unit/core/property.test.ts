// Property tests: random expression trees differentiate to numerically verified results and
// round-trip through every printer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { differentiate } from '../../../src/core';
import { toPlain } from '../../../src/core/dialects';
import { add, div, dividesByZero, E, Expr, mul, neg, num, PI, pow, sub, sym } from '../../../src/core/expr';
import { lowerFor } from '../../../src/core/lower';
import { PLAIN_FUNCTIONS } from '../../../src/core/dialects/plain';
import { call } from '../../../src/core/functions';
import { Rational } from '../../../src/core/rational';
import { displaySize } from '../../../src/core/simplify';
import { assertRoundTrip, STYLES } from './dialects/roundtrip.test';

const UNARY = ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'abs', 'sec', 'cot', 'log1p', 'expm1', 'acosh', 'asin'];

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(sym('x')) },
  { weight: 1, arbitrary: fc.constant(sym('y')) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 7 }).map((n) => num(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: -3, max: 5 }), fc.integer({ min: 2, max: 4 })).map(([p, q]) => num(Rational.of(p, q))) },
  { weight: 1, arbitrary: fc.constantFrom<Expr>(PI, E) },
);

const anyTree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: leaf },
    { weight: 2, arbitrary: fc.tuple(tie('e'), tie('e')).map(([a, b]) => add(a, b)) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), tie('e')).map(([a, b]) => sub(a, b)) },
    { weight: 2, arbitrary: fc.tuple(tie('e'), tie('e')).map(([a, b]) => mul(a, b)) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), tie('e')).map(([a, b]) => div(a, b)) },
    { weight: 1, arbitrary: tie('e').map(neg) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), fc.integer({ min: -3, max: 4 })).map(([a, k]) => pow(a, num(k))) },
    { weight: 1, arbitrary: fc.tuple(tie('e'), tie('e')).map(([a, b]) => pow(a, b)) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...UNARY), tie('e')).map(([f, a]) => call(f, [a])) },
  ),
})).e;
/** Trees that are defined somewhere: no literal division by zero. */
const tree = anyTree.filter((e) => !dividesByZero(e));

test('random trees differentiate to results the numeric check confirms', () => {
  fc.assert(fc.property(tree, fc.integer({ min: 1, max: 2 }), (e, order) => {
    const r = differentiate(toPlain(e), { dialect: 'plain', wrt: 'x', order, explain: false, timeBudgetMs: 200 });
    // a tree may have no real points at all (log(-2 - x^2)); a disagreement is never acceptable
    if (!r.verified) assert.match(r.verification.reason ?? '', /too few real points/, `${toPlain(e)} → ${r.plain}: ${r.verification.reason}`);
  }), { numRuns: 400, seed: 20261127 });
});

test('random trees round-trip through every printer', () => {
  fc.assert(fc.property(tree, (e) => { for (const style of STYLES) assertRoundTrip(e, style); }), { numRuns: 400, seed: 42 });
});

test('the simplifier counts tokens as the plain printer writes them', () => {
  fc.assert(fc.property(tree, (e) => {
    const lowered = lowerFor(e, PLAIN_FUNCTIONS);
    const printed = toPlain(lowered);
    const tokens = printed.match(/\d+\.?\d*(?:e[+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|[-+*/^]/g) ?? [];
    assert.equal(displaySize(lowered), tokens.length, printed);
  }), { numRuns: 300, seed: 7 });
});
