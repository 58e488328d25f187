// The matrix derivation as the panel shows it: every line an equation with its indices on both sides,
// the expression kept factored, vector identities for vectors, names typeset as in the result, and a
// way back to matrix notation that arrives at the result (over the whole corpus).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiateMatrix, MatrixOptions } from '../../../../src/core/matrix/api';
import { readCorpus } from './support';

const lines = (source: string, options: MatrixOptions) => differentiateMatrix(source, options).index.derivation;
const latexOf = (source: string, options: MatrixOptions) => lines(source, options).map((l) => `${l.step}: ${l.latex}`);

test('least squares with a ridge term: index form, rules, identity, deltas, collection, matrix notation', () => {
  const d = lines('np.sum((X @ w - y)**2) + lam * w @ w', { dialect: 'python', wrt: 'w' });
  assert.deepEqual(d.map((l) => l.step), ['index-form', 'rules', 'identity', 'deltas', 'collect', 'matrix-index', 'matrix']);
  assert.equal(d[0].latex, 'f = (X_{ab}\\, w_{b} - y_{a})\\, (X_{ac}\\, w_{c} - y_{a}) + \\lambda\\, w_{a}\\, w_{a}');
  assert.deepEqual(d[1].rules.map((r) => r.name), ['sum', 'product', 'linear']);
  assert.match(d[1].latex, /^\\frac\{\\partial f\}\{\\partial w_\{k\}\} = X_\{ab\}\\, \\frac\{\\partial w_\{b\}\}\{\\partial w_\{k\}\}/);
  assert.deepEqual(d[2].rules, [{ name: 'vector', identity: '\\frac{\\partial w_{a}}{\\partial w_{k}} = \\delta_{ak}' }]);
  assert.match(d[2].latex, /\\delta_\{bk\}/);
  assert.deepEqual(d[3].notes, ['b → k', 'c → k', 'a → k']);
  assert.doesNotMatch(d[3].latex, /delta/);
  assert.equal(d[4].latex, '\\frac{\\partial f}{\\partial w_{k}} = 2 X_{ak}\\, (X_{ac}\\, w_{c} - y_{a}) + 2 \\lambda\\, w_{k}');
  assert.equal(d[5].latex, '\\frac{\\partial f}{\\partial w_{k}} = 2 (X^\\top (X w - y))_{k} + 2 \\lambda\\, w_{k}');
  assert.equal(d[6].latex, '\\frac{\\partial f}{\\partial w} = 2 (X^\\top (X w - y) + \\lambda w)');
  // one typesetting of the user's names: lam is λ in the derivation, the result and the shape table
  const r = differentiateMatrix('np.sum((X @ w - y)**2) + lam * w @ w', { dialect: 'python', wrt: 'w' });
  assert.match(r.latex, /\\lambda w/);
  assert.equal(r.shapesLatex.lam, '\\lambda');
  assert.ok(d.every((l) => !/lam(?!bda)/.test(l.latex)), 'no line writes lam');
});

test('a matrix variable cites the matrix identity; a scalar the scalar one', () => {
  const m = lines('log(det(X))', { dialect: 'matrix', wrt: 'X' });
  assert.deepEqual(m.find((l) => l.step === 'identity')!.rules.map((r) => r.name), ['matrix']);
  assert.equal(m.find((l) => l.step === 'identity')!.rules[0].identity, '\\frac{\\partial X_{ab}}{\\partial X_{kl}} = \\delta_{ak}\\,\\delta_{bl}');
  assert.deepEqual(m.find((l) => l.step === 'rules')!.rules.map((r) => r.name), ['logdet']);
  const s = lines('alpha * x\'*x', { dialect: 'matrix', wrt: 'alpha' });
  assert.deepEqual(s.find((l) => l.step === 'identity')!.rules.map((r) => r.name), ['scalar']);
});

test('every line is an equation whose left side carries the free indices of its right side', () => {
  const cases: [string, MatrixOptions][] = [
    ["x'*A*x", { dialect: 'matrix', wrt: 'x' }],
    ['tanh(W*x)', { dialect: 'matrix', wrt: 'x' }],
    ['tanh(W*x)', { dialect: 'matrix', wrt: 'x', layout: 'denominator' }],
    ['sum(tanh(W*x))', { dialect: 'matrix', wrt: 'W' }],
    ["x'*A*x", { dialect: 'matrix', wrt: 'x', order: 2 }],
    ["(a'*x)^3", { dialect: 'matrix', wrt: 'x' }],
  ];
  for (const [source, options] of cases) {
    for (const l of lines(source, options)) {
      const [lhs, rhs] = l.latex.split(' = ');
      assert.ok(rhs !== undefined, `${source}: ${l.latex} is an equation`);
      const free = new Set([...lhs.matchAll(/_\{([a-z]+)\}/g)].flatMap((m) => [...m[1]]));
      // an index of the left side that the right side never names would be lost
      if (l.step !== 'matrix' && l.step !== 'symmetric' && rhs !== '0') for (const i of free) assert.match(rhs, new RegExp(`_\\{[a-z]*${i}[a-z]*\\}`), `${source}: ${l.latex} keeps ${i}`);
    }
  }
  const jac = latexOf('tanh(W*x)', { dialect: 'matrix', wrt: 'x', layout: 'denominator' });
  assert.equal(jac[0], 'index-form: f_{i} = \\tanh(W_{ia}\\, x_{a})');
  assert.match(jac.at(-2)!, /_\{ki\}$/, 'denominator layout: the variable\'s index first');
});

test('the derivation arrives at the result for every corpus case, in both layouts', () => {
  let tensors = 0;
  for (const c of readCorpus()) {
    for (const layout of ['numerator', 'denominator'] as const) {
      const r = differentiateMatrix(c.matrix, { dialect: 'matrix', vars: c.vars, wrt: c.wrt, order: c.order, layout });
      const steps = r.index.derivation.map((l) => l.step);
      assert.equal(steps[0], 'index-form', `${c.id}: starts with the index form`);
      if (r.kind === 'tensor') { tensors++; continue; }
      // the derivation is dropped when its matrix form disagrees with the result at random inputs
      const last = r.index.derivation.at(-1)!;
      assert.ok(last.step === 'matrix' || last.step === 'symmetric', `${c.id} (${layout}): ends in matrix notation, not ${steps.join(', ')}`);
      assert.ok(last.latex.endsWith(` = ${r.latex}`), `${c.id}: ends at the result shown`);
    }
  }
  assert.ok(tensors < 20, `few tensor results (${tensors})`);
});
