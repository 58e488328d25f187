// The matrix corpus: every identity, in every dialect, is right (numerically equal to the expected
// formula, which bench/check_matrix_corpus.py checks against numpy) and verified with evidence; every
// dialect field reads to the same function as the numpy one; every result reads back in its dialect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiateMatrix, MATRIX_DIALECTS } from '../../../../src/core/matrix/api';
import { formula, maxDifference, readCorpus } from './support';

const cases = readCorpus();

test('the corpus is large and covers the Cookbook sections and ML losses', () => {
  assert.ok(cases.length >= 80, `${cases.length} cases`);
  const categories = new Set(cases.map((c) => c.category));
  for (const c of ['linear', 'quadratic', 'trace', 'determinant', 'inverse', 'norm', 'elementwise', 'ml']) assert.ok(categories.has(c), c);
  assert.ok(cases.filter((c) => c.order === 2).length >= 10, 'Hessians');
  assert.ok(cases.some((c) => Object.values(c.vars).some((v) => v.props?.includes('symmetric'))), 'symmetric matrices');
  for (const loss of ['least squares', 'ridge', 'logistic', 'softmax', 'log-sum-exp', 'Mahalanobis', 'Gaussian log-likelihood', 'matrix factorisation']) {
    assert.ok(cases.some((c) => c.source.toLowerCase().includes(loss.toLowerCase())), loss);
  }
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length, 'unique ids');
});

for (const c of cases) {
  const expected = formula(c.expected, 'python', c.vars);
  const reference = formula(c.python, 'python', c.vars);
  for (const dialect of MATRIX_DIALECTS) {
    test(`matrix corpus ${c.id} [${dialect}]: d${c.order > 1 ? `^${c.order}` : ''}/d${c.wrt} ${c[dialect]}`, () => {
      // the dialect's spelling is the same function as the numpy one
      const read = maxDifference(formula(c[dialect], dialect, c.vars), reference, c.vars, c.positive);
      assert.ok(read.points >= 3 && read.worst < 1e-9, `${c[dialect]} reads differently from ${c.python}: ${read.worst} ${read.detail ?? ''}`);

      const r = differentiateMatrix(c[dialect], { dialect, wrt: c.wrt, order: c.order, vars: c.vars });
      const mine = formula(r.matrix, 'matrix', c.vars);
      const agreement = maxDifference(mine, expected, c.vars, c.positive);
      assert.ok(agreement.points >= 3 && agreement.worst < 1e-8, `${r.matrix} vs expected ${c.expected}: ${agreement.worst} ${agreement.detail ?? ''}`);
      assert.equal(r.verified, true, r.verification.reason);
      assert.ok(r.verification.points.length >= 3, 'verification carries its points');
      assert.ok(r.verification.maxRelError < 1e-6, `max relative error ${r.verification.maxRelError}`);
      assert.equal(r.kind === 'hessian', c.order === 2 && c.vars[c.wrt].shape.length === 1);
      // the result in the input's dialect reads back to the same formula
      if (!(dialect === 'latex' && /mathbf\{0\}/.test(r.result))) {
        const back = maxDifference(formula(r.result, dialect, c.vars), expected, c.vars, c.positive);
        assert.ok(back.points >= 3 && back.worst < 1e-8, `${r.result} reads back differently: ${back.worst} ${back.detail ?? ''}`);
      }
    });
  }
}
