// The scalar corpus: every case's derivative agrees with SymPy's at random points and is verified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { differentiate } from '../../../src/core';
import { parsePlain } from '../../../src/core/dialects/plain';
import { agreeNumerically, readJsonLines } from '../../support/numeric';

interface Case { id: string; expr: string; wrt: string; order: number; expected: string }
const cases = readJsonLines<Case>(readFileSync('test/corpus/scalar.jsonl', 'utf8'));

test('the corpus is large enough to mean something', () => {
  assert.ok(cases.length >= 300, `${cases.length} cases`);
  assert.ok(cases.filter((c) => c.order === 2).length >= 20);
  assert.ok(cases.filter((c) => c.order === 3).length >= 10);
});

for (const c of cases) {
  test(`corpus ${c.id}: d/d${c.wrt} ${c.expr}`, () => {
    const r = differentiate(c.expr, { dialect: 'plain', wrt: c.wrt, order: c.order });
    const agreement = agreeNumerically(parsePlain(r.plain), parsePlain(c.expected), 11);
    assert.ok(agreement.agree, `${r.plain} vs SymPy ${c.expected}: ${agreement.detail}`);
    assert.equal(r.verified, true, r.verification.reason);
    assert.ok(r.verification.points.length >= 3, 'verification carries its points');
    assert.ok(r.verification.maxRelError < 1e-6, `max relative error ${r.verification.maxRelError}`);
  });
}
