// Any selection: vector and matrix calculus goes to the matrix engine, the rest to the scalar one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, differentiate } from '../../../src/core';

test('numpy matrix input is read with shapes and differentiated by the matrix engine', () => {
  const a = analyze('x.T @ A @ x', 'python', { documentText: '# x: (n,), A: (n, n)\n' });
  assert.deepEqual(a.freeSymbols, ['x', 'A']);
  assert.deepEqual(a.shapes, { x: 'n', A: 'n×n' });
  const r = differentiate('x.T @ A @ x', { dialect: 'python', wrt: 'x' });
  assert.equal(r.result, '(A + A.T) @ x');
  assert.equal(r.matrix?.kind, 'gradient');
  assert.equal(r.verified, true);
  assert.ok(r.verification.points.length >= 3, 'the dimension draws are the evidence');
});

test('plain math with a transpose is MatrixCalculus.org notation', () => {
  assert.equal(differentiate("x'*A*x", { dialect: 'plain', wrt: 'x' }).result, "(A + A')*x");
});

test('scalar selections stay with the scalar engine in every dialect', () => {
  for (const [source, dialect, expected] of [['np.sin(x)**2', 'python', 'np.sin(2*x)'], ['x.^2', 'matlab', '2*x'], ['x^2', 'plain', '2*x'], ['x^{2}', 'latex', '2 x']] as const) {
    const r = differentiate(source, { dialect, wrt: 'x' });
    assert.equal(r.result, expected, `${dialect}: ${source}`);
    assert.equal(r.matrix, undefined);
    assert.equal(analyze(source, dialect).shapes, undefined);
  }
});

test('a shape mismatch is refused with both shapes', () => {
  assert.throws(() => analyze('A @ x + y', 'python', { documentText: '# A: (m, n), x: (n,), y: (n,)\n' }), /m.*n|n.*m/);
});
