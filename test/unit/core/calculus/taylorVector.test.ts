// The second-order expansion of a scalar function of a vector: gradient and Hessian from the matrix
// engine, the expansion printed per notation; numpy's expansion run by python3 shrinks like h³.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { InputError, taylorVector } from '../../../../src/core';

test('x\'Ax + b\'x in MatrixCalculus.org notation: f(x0) + g(x0)\'(x - x0) + (x - x0)\'H(x - x0)/2', () => {
  const r = taylorVector("x'*A*x + b'*x", { notation: 'matrix', vars: { x: { shape: ['n'] }, A: { shape: ['n', 'n'] }, b: { shape: ['n'] } } });
  assert.equal(r.result, "(x0'*A*x0 + b'*x0) + ((A + A')*x0 + b)'*(x - x0) + 1/2*(x - x0)'*(A + A')*(x - x0)");
  assert.equal(r.plainWithRemainder, `${r.plain} + O(||x - x0||^3)`);
  assert.deepEqual([r.gradient.shape, r.hessian.shape, r.point, r.order, r.verified], ['n', 'n×n', 'x0', 2, true]);
});

test('numpy, LaTeX and a named point', () => {
  assert.equal(taylorVector('x @ A @ x', { notation: 'python', at: 'p' }).result, '(p @ A @ p) + ((A + A.T) @ p) @ (x - p) + 0.5 * (x - p) @ (A + A.T) @ (x - p)');
  const tex = taylorVector('x^\\top A x', { notation: 'latex' });
  assert.equal(tex.result, '(x_{0}^\\top A x_{0}) + ((A + A^\\top) x_{0})^\\top (x - x_{0}) + \\frac{1}{2} (x - x_{0})^\\top (A + A^\\top) (x - x_{0})');
  assert.match(tex.latex, /O\(\\lVert x - x_\{0\} \\rVert\^\{3\}\)$/);
});

test('refusals: not a scalar function of a vector, another order, a point that is not a name', () => {
  assert.throws(() => taylorVector('A @ x', { notation: 'python' }), (e: Error) => e instanceof InputError && /scalar function of a vector; this derivative is a jacobian/.test(e.message));
  assert.throws(() => taylorVector('x @ x', { notation: 'python', order: 3 }), /second order \(gradient and Hessian\), not order 3/);
  assert.throws(() => taylorVector('x @ x', { notation: 'python', at: '1/2' }), /a name such as x0/);
  assert.throws(() => taylorVector('x @ x + np.sum(x0)', { notation: 'python' }), /already uses x0/);
});

test('numpy: log-sum-exp\'s expansion run by python3 errs like h³ near x0', () => {
  const r = taylorVector('np.log(np.sum(np.exp(x)))', { notation: 'python' });
  assert.equal(r.verified, true);
  const script = [
    'import numpy as np',
    'rng = np.random.default_rng(3)',
    'x0 = rng.normal(size=5); d = rng.normal(size=5)',
    'errors = []',
    'for h in (0.1, 0.05, 0.025):',
    '    x = x0 + h * d',
    `    errors.append(abs(np.log(np.sum(np.exp(x))) - (${r.result})))`,
    'print(errors[0] / errors[1], errors[1] / errors[2])',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const ratios = run.stdout.trim().split(' ').map(Number);
  for (const ratio of ratios) assert.ok(ratio > 6.5 && ratio < 9.5, `error ratio ${ratio} when h halves (h³: 8)`);
});
