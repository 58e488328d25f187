// The Jacobian layout is one choice carried everywhere (issue 13): the panel's answer, what Insert
// writes (its `derivative`) and Differentiate Selection's result are in the layout asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiate, DifferentiateOptions } from '../../../../src/core/index';

/** The one verb's answer in the parts the panel shows: the engine's result, the other layout, what Insert writes. */
function explained(request: { source: string } & DifferentiateOptions) {
  const { source, ...options } = request;
  const derivative = differentiate(source, options);
  assert.ok(derivative.matrix, `${source} is matrix calculus`);
  return { result: derivative.matrix.detail, other: derivative.matrix.other, derivative };
}

const documentText = 'import numpy as np\n# W: (m, n), x: (n,)\ny = np.tanh(W @ x)\n';
const source = 'np.tanh(W @ x)';
const selectionOffset = documentText.indexOf(source);

test('differentiate answers in the layout asked for; `other` is the opposite one', () => {
  const numerator = explained({ source, dialect: 'python', documentText, selectionOffset, wrt: 'x' });
  const denominator = explained({ source, dialect: 'python', documentText, selectionOffset, wrt: 'x', layout: 'denominator' });
  assert.deepEqual([numerator.result.layout, numerator.result.shape, numerator.other?.layout], ['numerator', 'm×n', 'denominator']);
  assert.deepEqual([denominator.result.layout, denominator.result.shape, denominator.other?.layout], ['denominator', 'n×m', 'numerator']);
  // the code, the einsum and what Insert writes are the chosen layout's
  assert.equal(denominator.result.numpy, numerator.other!.numpy);
  assert.equal(denominator.other!.numpy, numerator.result.numpy);
  assert.notEqual(denominator.result.numpy, numerator.result.numpy);
  assert.equal(denominator.derivative.result, denominator.result.result);
  assert.equal(denominator.derivative.matrix?.layout, 'denominator');
  assert.match(denominator.result.einsum, /->ki'/);
  assert.match(numerator.result.einsum, /->ik'/);
  assert.ok(denominator.result.index.steps.length > 0, 'the chosen layout comes with its working');
  // the way back to matrix notation ends at the result shown, with the transpose as its own step
  const last = denominator.result.index.patterns.at(-1)!;
  assert.deepEqual([last.pattern, last.result], ['ik->ki', denominator.result.result]);
  assert.match(last.rule, /transpose/);
  assert.equal(numerator.result.index.patterns.at(-1)!.result, numerator.result.result);
  assert.equal(denominator.result.verified, true);
});

test('a gradient has one layout: no other', () => {
  const answer = explained({ source: 'x @ x', dialect: 'python', documentText: '', selectionOffset: 0, wrt: 'x', layout: 'denominator' });
  assert.equal(answer.result.kind, 'gradient');
  assert.equal(answer.other, undefined);
});

test('differentiate honours the layout for a Jacobian and ignores it for scalar input', () => {
  const base = { dialect: 'python' as const, documentText, selectionOffset, wrt: 'x' };
  const numerator = differentiate(source, base);
  const denominator = differentiate(source, { ...base, layout: 'denominator' });
  assert.deepEqual([numerator.matrix?.layout, numerator.matrix?.shape], ['numerator', 'm×n']);
  assert.deepEqual([denominator.matrix?.layout, denominator.matrix?.shape], ['denominator', 'n×m']);
  assert.notEqual(denominator.result, numerator.result);
  assert.equal(differentiate('x**2', { dialect: 'python', layout: 'denominator' }).result, '2*x');
});
