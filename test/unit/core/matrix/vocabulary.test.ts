// The matrix vocabulary of numpy code (issue 11): np.mean and axis= reductions, broadcasting a vector
// against a matrix, matrix_power, einsum as input, norm's ord, len(), softmax / log_softmax / logsumexp
// and softmax cross-entropy as written in code. Each gradient the engine prints as numpy is run by
// python3 and compared with central differences of the source itself, run by numpy and scipy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { differentiateMatrix, MatrixVar } from '../../../../src/core/matrix/api';
import { judgedInPython, PythonJudge } from './support';

const python = spawnSync('python3', ['-c', 'import numpy, scipy.special'], { encoding: 'utf8' }).status === 0;

interface Case { source: string; wrt: string; vars: Record<string, MatrixVar> }

const v = (...shape: string[]): MatrixVar => ({ shape });
const CASES: Case[] = [
  { source: 'np.mean(x)', wrt: 'x', vars: { x: v('n') } },
  { source: 'np.mean(X)', wrt: 'X', vars: { X: v('n', 'd') } },
  { source: 'np.mean((X @ w - y)**2)', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'x.mean() * np.sum(x**2)', wrt: 'x', vars: { x: v('n') } },
  { source: 'np.sum(X, axis=0) @ a', wrt: 'X', vars: { X: v('n', 'd'), a: v('d') } },
  { source: 'np.sum(X, axis=1) @ b', wrt: 'X', vars: { X: v('n', 'd'), b: v('n') } },
  { source: 'X.sum(axis=0) @ a', wrt: 'X', vars: { X: v('n', 'd'), a: v('d') } },
  { source: 'np.mean(X, axis=0) @ a', wrt: 'X', vars: { X: v('n', 'd'), a: v('d') } },
  { source: 'np.sum(np.mean(X, axis=-1)**2)', wrt: 'X', vars: { X: v('n', 'd') } },
  { source: 'np.sum(np.sum(X**3, axis=(0, 1)))', wrt: 'X', vars: { X: v('n', 'd') } },
  { source: 'np.sum(x, axis=0) * np.sum(x)', wrt: 'x', vars: { x: v('n') } },
  { source: 'np.sum((X - mu)**2)', wrt: 'mu', vars: { X: v('n', 'd'), mu: v('d') } },
  { source: 'np.sum((X - mu)**2)', wrt: 'X', vars: { X: v('n', 'd'), mu: v('d') } },
  { source: 'np.sum((X - np.mean(X, axis=0))**2) / len(X)', wrt: 'X', vars: { X: v('n', 'd') } },
  { source: 'np.sum(x * A)', wrt: 'x', vars: { A: v('n', 'd'), x: v('d') } },
  { source: 'np.sum(np.sin(A * x))', wrt: 'A', vars: { A: v('n', 'd'), x: v('d') } },
  { source: 'np.sum(A / x)', wrt: 'x', vars: { A: v('n', 'd'), x: v('d') } },
  { source: 'np.sum(x / A)', wrt: 'A', vars: { A: v('n', 'd'), x: v('d') } },
  { source: 'np.sum((b + W)**2)', wrt: 'b', vars: { W: v('n', 'd'), b: v('d') } },
  { source: 'np.trace(np.linalg.matrix_power(X, 3))', wrt: 'X', vars: { X: v('n', 'n') } },
  { source: 'a @ np.linalg.matrix_power(X, -2) @ b', wrt: 'X', vars: { X: v('n', 'n'), a: v('n'), b: v('n') } },
  { source: "np.einsum('ij,j->i', A, x) @ y", wrt: 'x', vars: { A: v('m', 'n'), x: v('n'), y: v('m') } },
  { source: "np.einsum('i,i->', x, x)", wrt: 'x', vars: { x: v('n') } },
  { source: "np.einsum('ij,ij->', A, B)", wrt: 'A', vars: { A: v('m', 'n'), B: v('m', 'n') } },
  { source: "np.einsum('ij,jk->ik', A, B).sum()", wrt: 'A', vars: { A: v('m', 'n'), B: v('n', 'p') } },
  { source: "np.einsum('ii->', A @ A)", wrt: 'A', vars: { A: v('n', 'n') } },
  { source: "np.sum(np.einsum('i,j->ij', x, y)**2)", wrt: 'x', vars: { x: v('n'), y: v('m') } },
  { source: "np.sum(np.einsum('ji,j->i', A, x)**2)", wrt: 'A', vars: { A: v('m', 'n'), x: v('m') } },
  { source: "np.sum(np.einsum('ij,ij->i', A, B)**2)", wrt: 'B', vars: { A: v('m', 'n'), B: v('m', 'n') } },
  // three operands and more, in pairs left to right or in the order that keeps two axes
  { source: "np.einsum('i,ij,j->', x, A, x)", wrt: 'x', vars: { x: v('n'), A: v('n', 'n') } },
  { source: "np.sum(np.einsum('ij,jk,kl->il', A, B, C)**2)", wrt: 'B', vars: { A: v('m', 'n'), B: v('n', 'p'), C: v('p', 'm') } },
  { source: "np.sum(np.sin(np.einsum('ij,kl,jk->il', A, B, C)))", wrt: 'C', vars: { A: v('m', 'n'), B: v('p', 'm'), C: v('n', 'p') } },
  { source: "np.einsum('ij,kl,mn->', A, B, A) * np.einsum('i,i,i', x, x, x)", wrt: 'A', vars: { A: v('m', 'n'), B: v('n', 'p'), x: v('n') } },
  { source: "np.sum(np.einsum('ij', A)**3)", wrt: 'A', vars: { A: v('m', 'n') } },
  { source: "np.sum(np.einsum('ij->ji', A) @ B)", wrt: 'A', vars: { A: v('m', 'n'), B: v('m', 'p') } },
  { source: 'np.linalg.norm(x, 1)', wrt: 'x', vars: { x: v('n') } },
  { source: 'np.linalg.norm(x, ord=2)', wrt: 'x', vars: { x: v('n') } },
  { source: 'len(x) * np.sum(x**2)', wrt: 'x', vars: { x: v('n') } },
  { source: 'softmax(z) @ c', wrt: 'z', vars: { z: v('n'), c: v('n') } },
  { source: 'scipy.special.softmax(z) @ c', wrt: 'z', vars: { z: v('n'), c: v('n') } },
  { source: 'log_softmax(z) @ c', wrt: 'z', vars: { z: v('n'), c: v('n') } },
  { source: 'logsumexp(W @ x)', wrt: 'x', vars: { W: v('m', 'n'), x: v('n') } },
  { source: 'logsumexp(X)', wrt: 'X', vars: { X: v('m', 'n') } },
  { source: '-np.sum(y * np.log(softmax(z)))', wrt: 'z', vars: { y: v('n'), z: v('n') } },
  { source: '-y @ np.log(softmax(W @ x))', wrt: 'W', vars: { y: v('m'), W: v('m', 'n'), x: v('n') } },
  { source: 'logsumexp(z) - y @ z', wrt: 'z', vars: { y: v('n'), z: v('n') } },
  { source: '-y @ log_softmax(z)', wrt: 'z', vars: { y: v('n'), z: v('n') } },
  // ReLU and hinge as code writes them; functions applied in turn (log-cosh, softplus of a margin)
  { source: 'np.sum(np.maximum(0, X @ w))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d') } },
  { source: 'np.sum(np.maximum(X @ w - y, 0)**2)', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'np.sum(np.minimum(X @ w, y))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'np.sum(np.maximum(1 - y * (X @ w), 0))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'np.sum(np.maximum(W @ x, 2))', wrt: 'W', vars: { W: v('m', 'n'), x: v('n') } },
  { source: 'np.sum(np.log(np.cosh(X @ w - y)))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'np.sum(np.log(1 + np.exp(-y * (X @ w))))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  // functions of two and three arguments, entry by entry
  { source: 'np.sum(np.hypot(X @ w, y))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'np.sum(np.logaddexp(0, X @ w))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d') } },
  { source: 'np.sum(np.logaddexp(X @ w, y))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'np.sum(np.clip(X @ w, -1.5, 1.5)**2)', wrt: 'w', vars: { X: v('n', 'd'), w: v('d') } },
  { source: 'np.sum(np.abs(X @ w - y)**3)', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  // np.where and comparisons as masks: Huber's loss, a leaky ReLU, a mask times a function, two arrays compared
  { source: 'np.sum(np.where(np.abs(X @ w - y) <= 1, 0.5 * (X @ w - y)**2, np.abs(X @ w - y) - 0.5))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'np.sum(np.where(X @ w > 0, X @ w, 0.01 * (X @ w)))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d') } },
  { source: 'np.sum((X @ w > y) * (X @ w - y)**2)', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'np.where(x > 0, x, 0) @ A @ x', wrt: 'x', vars: { x: v('n'), A: v('n', 'n') } },
  { source: 'np.sum(np.where(X @ w >= y, X @ w, y)**2)', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'np.sum(np.where(~(np.abs(W @ x) > 1), np.sin(W @ x), np.sign(W @ x))**3)', wrt: 'W', vars: { W: v('m', 'n'), x: v('n') } },
  // π and e in array code, and functions whose derivatives hold them (erf' = 2 e^(-u²)/√π)
  { source: 'np.sum(np.sin(np.pi * (X @ w)))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d') } },
  { source: 'np.sum(scipy.special.erf(X @ w - y))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  { source: 'np.sum(np.exp(-(X @ w - y)**2 / (2 * np.pi)) * np.e)', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
  // a root of a ramp: its gradient is 0 where the ramp is 0 (np.where), not 0/0
  { source: 'np.sum(np.sqrt(np.maximum(X @ w, 0)))', wrt: 'w', vars: { X: v('n', 'd'), w: v('d') } },
  // the KL divergence: p·(p/q)⁻¹·p in the log's chain rule is p, not p² (the exponents cancelled to 0 and then counted as 1)
  { source: 'np.sum(p * np.log(p / q))', wrt: 'q', vars: { p: v('n'), q: v('n') } },
  { source: 'np.sum(p * np.log(p / q))', wrt: 'p', vars: { p: v('n'), q: v('n') } },
  { source: 'np.sum(x * x / x * np.exp(x / x))', wrt: 'x', vars: { x: v('n') } },
  // variance and standard deviation (numpy divides by n − ddof), and the sums of squares they are made of
  { source: 'np.var(x)', wrt: 'x', vars: { x: v('n') } },
  { source: 'np.var(X @ w, ddof=1)', wrt: 'w', vars: { X: v('n', 'd'), w: v('d') } },
  { source: 'np.std(X)', wrt: 'X', vars: { X: v('n', 'd') } },
  { source: 'x.std() * np.sum(x)', wrt: 'x', vars: { x: v('n') } },
  { source: 'np.sum((x - x.mean())**2)', wrt: 'x', vars: { x: v('n') } },
  { source: 'np.sum((X @ w - y - np.mean(X @ w - y))**2)', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } },
];

const SIZES: Readonly<Record<string, number>> = { n: 3, d: 4, m: 5, p: 2 };

test('each gradient printed as numpy equals central differences of the numpy source', { skip: !python && 'no python3 with numpy and scipy' }, () => {
  const results = CASES.map((c) => differentiateMatrix(c.source, { dialect: 'python', wrt: c.wrt, order: 1, vars: c.vars, explain: false }).result);
  const numpy: PythonJudge = {
    preamble: ['import numpy as np, scipy, scipy.special', 'from scipy.special import softmax, log_softmax, logsumexp', 'rng = np.random.default_rng(11)'],
    env: '{"np": np, "scipy": scipy, "softmax": softmax, "log_softmax": log_softmax, "logsumexp": logsumexp}',
    // entries away from 0, of both signs except where a log or a division needs them positive
    draw: 'rng.uniform(0.5, 1.5, shape) * (1 if "log" in c["source"] or "/" in c["source"] else rng.choice([-1, 1], shape))',
    // central differences of the numpy source, entry by entry
    reference: [
      'reference = np.zeros_like(x0)',
      'for i in np.ndindex(x0.shape):',
      '    h = 1e-6 * max(1, abs(x0[i]))',
      '    up, down = x0.copy(), x0.copy()',
      '    up[i] += h; down[i] -= h',
      '    reference[i] = (float(f(up)) - float(f(down))) / (2 * h)',
    ],
    maxAbs: (a) => `float(np.max(np.abs(${a})))`,
    asArray: (value) => `np.asarray(${value}, dtype=float)`,
  };
  assert.deepEqual(judgedInPython('python3', numpy, CASES.map((c, k) => ({ ...c, result: results[k] })), SIZES, 1e-6), []);
});

test('every library spelling of softmax, log_softmax and logsumexp reads as the same vector function', () => {
  const vars = { z: v('n'), c: v('n') };
  // the document's imports above the selection name the module
  const grad = (source: string) => {
    const lines = source.split('\n');
    const selection = lines.pop()!;
    const documentText = [...lines, selection].join('\n');
    return differentiateMatrix(selection, { dialect: 'python', wrt: 'z', order: 1, vars, explain: false, documentText, selectionOffset: documentText.length - selection.length }).matrix;
  };
  const softmax = grad('softmax(z) @ c');
  for (const s of ['import scipy.special\nscipy.special.softmax(z) @ c', 'import torch\ntorch.softmax(z, dim=0) @ c', 'import torch.nn.functional as F\nF.softmax(z, dim=-1) @ c',
    'import jax\njax.nn.softmax(z) @ c', 'import tensorflow as tf\ntf.tensordot(tf.nn.softmax(z), c, 1)', 'from scipy.special import softmax\nsoftmax(z, axis=0) @ c']) {
    assert.equal(grad(s), softmax, s);
  }
  // TensorFlow's @ does not take 1-D tensors, and as n×1 columns z'c would need a transpose
  assert.throws(() => grad('import tensorflow as tf\ntf.nn.softmax(z) @ c'), /TensorFlow's @ \(tf.matmul\) multiplies matrices.*tf.tensordot\(x, y, 1\) for a dot product/);
  const logSoftmax = grad('log_softmax(z) @ c');
  for (const s of ['import torch.nn.functional as F\nF.log_softmax(z, dim=0) @ c', 'import jax\njax.nn.log_softmax(z) @ c', 'import torch\ntorch.log_softmax(z, 0) @ c']) {
    assert.equal(grad(s), logSoftmax, s);
  }
  assert.equal(grad('import torch\ntorch.logsumexp(z, dim=0)'), grad('logsumexp(z)'));
  // Julia's LogExpFunctions and NNlib spell them logsumexp, softmax, logsoftmax (were unknown functions); of a matrix NNlib's are per column
  const julia = (source: string) => differentiateMatrix(source, { dialect: 'julia', wrt: 'z', vars, explain: false }).matrix;
  assert.deepEqual([julia('dot(softmax(z), c)'), julia('dot(logsoftmax(z), c)'), julia('logsumexp(z)')], [softmax, logSoftmax, grad('logsumexp(z)')]);
  assert.throws(() => julia('sum(softmax(Z))'), /NNlib's softmax of a matrix normalises each column/);
});

test('ReLU as each notation writes it: np.maximum(0, z), max(z, 0), max.(z, 0); its derivative a step', () => {
  const vars = { X: v('n', 'd'), w: v('d') };
  const grad = (source: string, dialect: 'python' | 'matlab' | 'julia' | 'latex') => differentiateMatrix(source, { dialect, wrt: 'w', order: 1, vars, explain: false });
  const numpy = grad('np.sum(np.maximum(0, X @ w))', 'python');
  assert.equal(numpy.result, 'X.T @ np.heaviside(X @ w, 0.5)');
  assert.equal(numpy.verified, true);
  assert.deepEqual(numpy.warnings, ['not differentiable where an entry of X @ w is 0']);
  assert.equal(grad('np.sum(np.maximum(X @ w, 0))', 'python').result, numpy.result);
  assert.equal(grad('sum(max(X*w, 0))', 'matlab').result, "X'*((1 + sign(X*w))/2)");
  assert.equal(grad('sum(max.(X*w, 0))', 'julia').result, "X'*((1 .+ sign.(X*w))/2)");
  assert.equal(grad('\\mathbf{1}^\\top \\max(X w, 0)', 'latex').result, 'X^\\top \\mathbb{1}[X w > 0]');
  // the input reads back as written: ReLU is printed as the notation spells it, not as (u + |u|)/2
  const squared = grad('np.sum(np.maximum(X @ w, 0)**2)', 'python');
  // heaviside(u)·relu(u) = relu(u): the squared ReLU's gradient has no step in it
  assert.equal(squared.result, '2 * X.T @ np.maximum(X @ w, 0)');
  // a maximum of two arrays, and a minimum: v + relu(u − v), u − relu(u − v)
  const two = { X: v('n', 'd'), w: v('d'), y: v('n') };
  assert.equal(differentiateMatrix('np.sum(np.minimum(X @ w, y))', { dialect: 'python', wrt: 'w', vars: two, explain: false }).result, 'X.T @ (1 - np.heaviside(X @ w - y, 0.5))');
  assert.throws(() => grad('np.sum(np.maximum(X @ w))', 'python'), /takes 2 arguments, got 1/);
  // np.logaddexp(0, z) is the softplus, whose derivative is the sigmoid
  assert.equal(grad('np.sum(np.logaddexp(0, X @ w))', 'python').result, 'X.T @ (1 / (1 + np.exp(-X @ w)))');
  assert.equal(grad('np.sum(np.clip(X @ w, 0, 1))', 'python').result, 'X.T @ np.where((X @ w > 0) & (X @ w < 1), 1, 0)');
  // functions of several arguments the engine does not rewrite are refused by name, not by a count of arguments
  assert.throws(() => grad('np.sum(np.arctan2(X @ w, 1))', 'python'), /'np.arctan2' is not supported in vector and matrix expressions/);
  assert.throws(() => grad('np.sum(np.clip(X @ w, 1, 0))', 'python'), /needs numbers for its bounds, the lower first/);
});

test('np.where and comparisons are masks, printed back as each notation writes them', () => {
  const vars = { X: v('n', 'd'), w: v('d'), y: v('n'), z: v('n') };
  const grad = (source: string, dialect: 'python' | 'matlab' | 'julia' | 'latex' = 'python', wrt = 'w') => differentiateMatrix(source, { dialect, wrt, order: 1, vars, explain: false });
  // Huber's loss: its gradient takes the user's condition, and it is differentiable where its branches meet
  const huber = grad('np.sum(np.where(np.abs(X @ w - y) <= 1, 0.5 * (X @ w - y)**2, np.abs(X @ w - y) - 0.5))');
  assert.equal(huber.result, 'X.T @ np.where(np.abs(X @ w - y) <= 1, X @ w - y, np.sign(X @ w - y))');
  assert.equal(huber.verified, true);
  assert.equal(huber.warnings, undefined);
  assert.equal(grad('sum((abs(X*w - y) <= 1).*(X*w - y).^2/2 + (abs(X*w - y) > 1).*(abs(X*w - y) - 1/2))', 'matlab').result, "X'*((abs(X*w - y) <= 1).*(X*w - y) + (abs(X*w - y) > 1).*sign(X*w - y))");
  assert.equal(grad('sum(ifelse.(abs.(X*w - y) .<= 1, (X*w - y).^2/2, abs.(X*w - y) .- 1/2))', 'julia').result, "X'*ifelse.(abs.(X*w - y) .<= 1, X*w - y, sign.(X*w - y))");
  // LaTeX writes a mask as an indicator, and reads it back; z²·[z > 0] is differentiable at 0
  const squaredRamp = grad('\\mathbf{1}^\\top (\\mathbb{1}[z > 0] \\odot z^{\\circ 2})', 'latex', 'z');
  assert.equal(squaredRamp.result, '2 \\mathbb{1}[z > 0] \\odot z');
  assert.equal(squaredRamp.warnings, undefined);
  // a leaky ReLU is not differentiable at 0, and says so; a threshold keeps its decimal look
  const leaky = grad('np.sum(np.where(z > 0.5, z, 0.01 * z))', 'python', 'z');
  assert.equal(leaky.result, 'np.where(z > 0.5, 1, 0.01)');
  assert.deepEqual(leaky.warnings, ['not differentiable where an entry of z is 0.5']);
  // a branch that is not taken is dropped from the derivative: where(c, a, b)² = where(c, a², b²)
  assert.equal(grad('np.sum(np.where(np.abs(z) > 1, np.sign(z), z)**2)', 'python', 'z').result, 'np.where(np.abs(z) > 1, 0, 2 * z)');
  // a lone complement is written under the user's comparison; arrays compared entry by entry
  assert.equal(grad('np.sum(np.where(X @ w > y, 0, X @ w))').result, 'X.T @ np.where(X @ w > y, 0, 1)');
  assert.deepEqual(grad('np.sum(np.where(X @ w > y, 0, X @ w))').warnings, ['not differentiable where an entry of X @ w equals that of y']);
  // PyTorch: a where of two numbers takes the tensors' dtype (torch.where(c, 1.0, 0.01) is float32)
  const torch = differentiateMatrix('torch.sum(torch.where(X @ w > 3, X @ w, 0.01 * (X @ w)))', { dialect: 'python', wrt: 'w', vars, explain: false, documentText: 'import torch' });
  assert.equal(torch.result, 'X.T @ torch.where(X @ w > 3, 1.0, 0.01).to(X.dtype)');
  // comparisons joined by & and | are masks multiplied (where of where), printed joined as written; MATLAB's & | too
  const band = grad('np.sum(np.where((z > 0) & (z < 1), z**2, 0))', 'python', 'z');
  assert.deepEqual([band.result, band.verified, band.warnings], ['np.where((z > 0) & (z < 1), 2 * z, 0)', true, ['not differentiable where an entry of z is 1']]);
  const either = grad('np.sum(np.where((z < 0) | (z > 3), np.sin(z), np.cos(z)))', 'python', 'z');
  assert.deepEqual([either.result, either.verified], ['np.where((z < 0) | (z > 3), np.cos(z), -np.sin(z))', true]);
  assert.equal(grad('np.sum(((z < 0) | (z > 3)) * z**2)', 'python', 'z').result, 'np.where((z < 0) | (z > 3), 2 * z, 0)');
  assert.equal(grad('np.sum(np.where((z > 0) & (z < 1), z**2, np.sin(z)) + z**3)', 'python', 'z').result, 'np.where((z > 0) & (z < 1), 2 * z, np.cos(z)) + 3 * z**2');
  assert.equal(grad('sum(ifelse.(z .> 0, z.^2, 0) .* ifelse.(z .< 1, 1, 0))', 'julia', 'z').result, 'ifelse.((z .> 0) .& (z .< 1), 2*z, 0)');
  const matlab = differentiateMatrix('sum((z > 0 & z < 1).*z.^2)', { dialect: 'matlab', wrt: 'z', vars: { z: { shape: ['n'] } }, explain: false });
  assert.deepEqual([matlab.result, matlab.verified], ['2*(z > 0).*(z < 1).*z', true]);
  // MATLAB writes an or of masks as one mask, not c₁ + c₂ − c₁.*c₂
  const orMask = (source: string) => differentiateMatrix(source, { dialect: 'matlab', wrt: 'z', vars: { z: { shape: ['n'] } }, explain: false }).result;
  assert.equal(orMask('sum(((z < 0) | (z > 3)) .* z.^2)'), '2*z.*(z < 0 | z > 3)');
  assert.equal(orMask('sum(((z < 0) | (z > 3)) .* z.^2 + ((z >= 0) & (z <= 3)) .* sin(z))'), '(z < 0 | z > 3).*(2*z) + ~(z < 0 | z > 3).*cos(z)');
  // conditions the engine cannot mask are refused with the reason
  assert.throws(() => grad('np.sum(np.where(z, z, 0))', 'python', 'z'), /the condition of 'np.where' must be a comparison such as z > 0/);
  assert.throws(() => grad('np.sum(np.where(z == 0, z, 1))', 'python', 'z'), /the comparison '==' is not supported/);
});

test('abs, sign, ReLU and the 1-norm say where the gradient does not hold; smooth input says nothing', () => {
  const vars = { X: v('n', 'd'), w: v('d'), y: v('n'), a: v('d') };
  const warnings = (source: string, dialect: 'python' | 'matlab' = 'python') => differentiateMatrix(source, { dialect, wrt: 'w', order: 1, vars, explain: false }).warnings;
  assert.deepEqual(warnings('np.sum(np.abs(X @ w - y))'), ['not differentiable where an entry of X @ w - y is 0']);
  assert.deepEqual(warnings('norm(X*w - y, 1)', 'matlab'), ['not differentiable where an entry of X*w - y is 0']);
  assert.deepEqual(warnings('np.abs(a @ w) + np.sum(np.maximum(0, X @ w))'), ['not differentiable where a @ w = 0 or an entry of X @ w is 0']);
  assert.equal(warnings('np.sum((X @ w - y)**2)'), undefined);
  // sign(u)·|u|² is u·|u|, as the scalar engine writes it
  assert.equal(differentiateMatrix('np.sum(np.abs(X @ w - y)**3)', { dialect: 'python', wrt: 'w', vars, explain: false }).result, '3 * X.T @ ((X @ w - y) * np.abs(X @ w - y))');
  // the squared ReLU and |u|³ are differentiable at their kinks
  assert.equal(warnings('np.sum(np.maximum(X @ w, 0)**2) + np.sum(np.abs(X @ w - y)**3)'), undefined);
  // a kink in what does not depend on the variable is no concern
  assert.equal(warnings('np.sum(np.abs(y)) * (a @ w)'), undefined);
});

test('softmax cross-entropy keeps the general gradient: sum(y)·softmax(z) − y, not softmax(z) − y', () => {
  const r = differentiateMatrix('-np.sum(y * np.log(softmax(z)))', { dialect: 'python', wrt: 'z', order: 1, vars: { y: v('n'), z: v('n') }, explain: false });
  assert.equal(r.result, 'np.sum(y) * np.exp(z) / np.sum(np.exp(z)) - y');
});

test('broadcasting as each language does it: a numpy 1-D array is a row, a MATLAB or Julia vector a column', () => {
  const r = differentiateMatrix('np.sum((X - mu)**2)', { dialect: 'python', wrt: 'X', order: 1, vars: { X: v('n', 'd'), mu: v('d') }, explain: false });
  assert.equal(r.result, '2 * (X - mu)');
  // a vector as long as the rows, not the columns, does not broadcast in numpy
  assert.throws(() => differentiateMatrix('np.sum(X - v)', { dialect: 'python', wrt: 'X', order: 1, vars: { X: v('n', 'd'), v: v('n') }, explain: false }), /broadcasts a vector along a matrix's rows/);
  // in a comparison too: v[:, None] > A compares v with each column, w > A w with each row
  const where = (source: string) => differentiateMatrix(source, { dialect: 'python', wrt: 'A', order: 1, vars: { A: v('n', 'd'), v: v('n'), w: v('d') }, explain: false }).result;
  assert.equal(where('np.sum(np.where(v[:, None] > A, A, 0))'), 'np.where(v[:, None] > A, 1, 0)');
  assert.equal(where('np.sum(np.where(w > A, A, 0))'), 'np.where(w > A, 1, 0)');
  // MATLAB's implicit expansion and Julia's dotted operators are not numpy's: a vector is a column, a row is written as one
  const shapes = { X: v('n', 'd'), mu: v('d'), c: v('n') };
  const grad = (source: string, dialect: 'matlab' | 'julia') => differentiateMatrix(source, { dialect, wrt: 'X', order: 1, vars: shapes, explain: false });
  assert.throws(() => grad('sum(sum(X - mu))', 'matlab'), /broadcasts a column along a matrix's columns \(matching its first dimension\): n×d and d do not match/);
  assert.equal(grad("sum(sum((X - mu').^2))", 'matlab').result, "2*(X - mu')");
  assert.equal(grad('sum(sum((X - c).^2))', 'matlab').result, '2*(X - c)');
  assert.equal(grad("sum((X .- mu').^2)", 'julia').matrix, grad("sum(sum((X - mu').^2))", 'matlab').matrix);
  assert.equal(grad('sum((X .- c).^2)', 'julia').matrix, grad('sum(sum((X - c).^2))', 'matlab').matrix);
  assert.throws(() => grad('sum((X - c).^2)', 'julia'), /needs equal shapes/);
  // Julia's sum(A, dims=…) keeps the summed dimension; other keywords are refused by name
  assert.equal(grad('sum(X ./ sum(X, dims=1))', 'julia').result, 'zeros(size(X))');
  assert.throws(() => grad('sum(X, init=0)', 'julia'), /the keyword argument 'init=' of 'sum' is not supported \(dims= is\)/);
  assert.throws(() => grad('var(X; mean=0)', 'julia'), /the keyword argument 'mean=' of 'var' is not supported \(dims=, corrected= are\)/);
});

test('a column against a row broadcasts to the matrix of every pair, as numpy, MATLAB and Julia do', () => {
  const shapes = { A: v('n', 'd'), u: v('n'), w: v('d') };
  const grad = (source: string, dialect: 'python' | 'matlab' | 'julia', wrt: string, vars: Record<string, MatrixVar> = shapes) => {
    const r = differentiateMatrix(source, { dialect, wrt, order: 1, vars, explain: false });
    assert.ok(r.verified, `${source}: ${r.result}`);
    return r.result;
  };
  // numpy refused these with the shapes declared; undeclared, it read w as a scalar or x[:, None] - x as x - x = 0
  assert.equal(grad('np.sum((A - u[:, None] * w)**2)', 'python', 'u'), '-2 * np.sum((A - u[:, None] * w) * w, axis=1)');
  assert.equal(grad('np.sum((x[:, None] - x)**2)', 'python', 'x', { x: v('n') }), '4 * (x.shape[0] * x - np.sum(x))');
  assert.equal(grad('np.sum(np.exp(-(x[:, None] - x)**2))', 'python', 'x', {}).includes('x[:, None] - x'), true);
  const undeclared = differentiateMatrix('np.sum((A - u[:, None] * w)**2)', { dialect: 'python', wrt: 'u', explain: true });
  assert.equal(undeclared.shapes.w, 'm');
  // MATLAB's implicit expansion and Julia's dotted operators: a column and a row (x was read as a scalar)
  assert.equal(grad("sum(sum((A - u.*w').^2))", 'matlab', 'u'), "-2*sum((A - u.*w').*w', 2)");
  assert.equal(grad("sum(sum(exp(-(x - y').^2)))", 'matlab', 'x', { x: v('n'), y: v('d') }), "-2*sum((x - y').*exp(-(x - y').^2), 2)");
  assert.equal(differentiateMatrix("sum(sum(exp(-(x - y').^2)))", { dialect: 'matlab', wrt: 'x', explain: true }).shapes.x, 'n');
  assert.equal(grad("sum((x .- x').^2)", 'julia', 'x', { x: v('n') }), '4*(length(x)*x .- sum(x))');
  // a vector made a column by its shape, as x[:, None] (they were 'unknown method' and 'unknown function')
  const pairs = grad('np.sum(np.exp(-(x[:, None] - y)**2))', 'python', 'x', { x: v('n'), y: v('d') });
  for (const column of ['x.reshape(-1, 1)', 'np.reshape(x, (-1, 1))', 'np.expand_dims(x, 1)', 'np.expand_dims(x, axis=-1)', 'x[..., None]']) {
    assert.equal(grad(`np.sum(np.exp(-(${column} - y)**2))`, 'python', 'x', { x: v('n'), y: v('d') }), pairs, column);
  }
  assert.equal(grad('torch.sum((x.unsqueeze(1) - y)**2)', 'python', 'x', { x: v('n'), y: v('d') }), '2 * (y.shape[0] * x - torch.sum(y))');
  assert.equal(grad('torch.sum((x.view(-1, 1) - y)**2)', 'python', 'x', { x: v('n'), y: v('d') }), '2 * (y.shape[0] * x - torch.sum(y))');
  assert.equal(grad('tf.reduce_sum((tf.expand_dims(x, 1) - y)**2)', 'python', 'x', { x: v('n'), y: v('d') }), '2 * (y.shape[0] * x - tf.reduce_sum(y))');
  assert.equal(grad('np.sum((x.reshape(1, -1) - y)**2)', 'python', 'x', { x: v('n'), y: v('n') }), '2 * (x - y)');
  assert.throws(() => grad('np.sum(x.reshape(2, 3))', 'python', 'x', { x: v('n') }), /'x.reshape' is supported as \(-1, 1\), a vector as a column, and \(1, -1\), as a row/);
  assert.throws(() => grad('np.sum(X.reshape(-1, 1))', 'python', 'X', { X: v('n', 'd') }), /makes a column of a vector, got n×d/);
  // a row of ones as MATLAB writes it, ones(1, n), is the transpose of a column of them (printed ones(n)'' beside a transpose)
  assert.equal(grad("sum(exp(-(c - y').^2))", 'matlab', 'y', { c: v(), y: v('d') }), "2*exp(-(c - y').^2)'.*(c - y)");
});

test('arrays of equal entries keep their shape: column sums of ones are counts, numbers times ones an array (both found by the matrix fuzzer)', () => {
  const grad = (source: string, wrt: string) => {
    const r = differentiateMatrix(source, { dialect: 'python', wrt, vars: { A: v('n', 'n'), W: v('m', 'n'), x: v('n'), y: v('m') }, explain: false });
    assert.ok(r.verified, `${source}: ${r.result}`);
    return r.result;
  };
  // "'@' multiplies arrays, got n×n and scalar": 1'·v was taken for sum(v) with 1 a matrix of ones
  assert.equal(grad('np.sum(A.T @ np.sum(W / W, axis=0))', 'W'), 'np.zeros_like(W)');
  assert.equal(grad('np.sum(np.ones_like(W), axis=0) @ x', 'x'), 'W.shape[0] * np.ones_like(x)');
  assert.equal(grad('np.ones_like(W).T @ y @ x', 'x'), 'np.sum(y) * np.ones_like(x)');
  // a sum of numbers times ones printed as the numbers lost its shape: np.outer(1 - c, np.exp(x)) (fuzzer, seed 87)
  const outer = differentiateMatrix('((x / x) - c) @ (A @ np.exp(x))', { dialect: 'python', wrt: 'A', vars: { x: v('n'), c: v(), A: v('n', 'n') }, explain: false });
  assert.deepEqual([outer.result, outer.verified], ['np.outer((1 - c) * np.ones_like(x), np.exp(x))', true]);
});

test('sums and means along an axis and repeated vectors print as code writes them, not as products with ones', () => {
  const shapes = { A: v('n', 'd'), X: v('n', 'd'), W: v('d', 'k'), v: v('n'), x: v('d') };
  const grad = (source: string, wrt: string, dialect: 'python' | 'matlab' | 'julia' = 'python', documentText?: string) =>
    differentiateMatrix(source, { dialect, wrt, order: 1, vars: shapes, explain: false, documentText }).result;
  // a column repeated along the columns is v[:, None] (MATLAB and Julia: v), a row sum np.sum(M, axis=1) (MATLAB sum(M, 2))
  // (v·1')² is v²·1', and the row sums of v·1' .* M are v .* (M·1)
  assert.equal(grad('np.sum((v[:, None] * A)**2)', 'v'), '2 * v * np.sum(A**2, axis=1)');
  assert.equal(grad('np.sum(np.exp(A - v[:, None]))', 'v'), '-np.sum(np.exp(A - v[:, None]), axis=1)');
  assert.equal(grad('np.sum(A @ x)', 'x'), 'np.sum(A, axis=0)');
  assert.equal(grad('sum(sum(exp(A - v)))', 'v', 'matlab'), '-sum(exp(A - v), 2)');
  assert.equal(grad('sum(exp.(A .- v))', 'A', 'julia'), 'exp.(A .- v)');
  // the columns of a centred matrix sum to 0: the gradient of its squares is twice it, with the mean written as a mean
  assert.equal(grad('np.sum((X - np.mean(X, axis=0))**2)', 'X'), '2 * (X - np.mean(X, axis=0))');
  assert.equal(grad('np.sum((A - A.mean(axis=1, keepdims=True))**2)', 'A'), '2 * (A - np.mean(A, axis=1, keepdims=True))');
  assert.equal(grad('torch.sum((A - A.mean(dim=1, keepdim=True))**2)', 'A', 'python', 'import torch'), '2 * (A - torch.mean(A, dim=1, keepdim=True))');
  assert.equal(grad('tf.reduce_sum((A - tf.reduce_mean(A, axis=0))**2)', 'A', 'python', 'import tensorflow as tf'), '2 * (A - tf.reduce_mean(A, axis=0))');
  assert.equal(grad('sum(sum((X - mean(X)).^2))', 'X', 'matlab'), '2*(X - mean(X, 1))');
  assert.equal(grad('sum(sum((X - mean(X, 2)).^2))', 'X', 'matlab'), '2*(X - mean(X, 2))');
  assert.equal(grad('sum((X .- sum(X, dims=1) / size(X, 1)).^2)', 'X', 'julia'), '2*(X .- sum(X, dims=1)/size(X, 1))');
  // log-sum-exp of each row: its row sums kept as a column divide the rows
  assert.equal(grad('np.sum(np.log(np.sum(np.exp(X @ W), axis=1, keepdims=True)))', 'W'), 'X.T @ (np.exp(X @ W) / np.sum(np.exp(X @ W), axis=1, keepdims=True))');
  // a repeated vector standing alone keeps its shape: broadcast against ones shaped like the variable (was
  // np.outer(v, np.ones(A.shape[1]))); v alone would be a vector
  assert.equal(grad('np.sum(v[:, None] * A)', 'A'), 'np.ones_like(A) * v[:, None]');
  assert.equal(grad('np.sum(A / x)', 'A'), 'np.ones_like(A) / x');
  assert.equal(grad('sum(sum(A ./ v))', 'A', 'matlab'), '(1./v)*ones(1, size(A, 2))');
});

test('a size the selection spells itself comes back spelled so: len(y), numel(y), not X.shape[0]', () => {
  const vars = { X: v('n', 'd'), w: v('d'), y: v('n') };
  const grad = (source: string, dialect: 'python' | 'matlab' | 'julia') => differentiateMatrix(source, { dialect, wrt: 'w', order: 1, vars, explain: false }).result;
  assert.equal(grad('np.sum((X @ w - y)**2) / (2 * len(y))', 'python'), 'X.T @ (X @ w - y) / len(y)');
  assert.equal(grad('np.sum((X @ w - y)**2) / (2 * y.shape[0])', 'python'), 'X.T @ (X @ w - y) / y.shape[0]');
  assert.equal(grad('sum((X*w - y).^2) / (2*numel(y))', 'matlab'), "X'*(X*w - y)/numel(y)");
  assert.equal(grad('sum((X*w - y).^2) / (2*size(X, 1))', 'julia'), "X'*(X*w - y)/size(X, 1)");
  // unspelled, a size is its first array's
  assert.equal(grad('np.mean((X @ w - y)**2)', 'python'), '2 * X.T @ (X @ w - y) / X.shape[0]');
});

test('an exponent that is a power of numbers is folded as Python folds it; a power over its own root is the root', () => {
  const grad = (source: string) => differentiateMatrix(source, { dialect: 'python', wrt: 'x', order: 1, vars: { x: v('n') }, explain: false }).result;
  // x**2**2 is x**(2**2) (the matrix fuzzer found it refused: "an exponent must be a number")
  assert.equal(grad('np.sum(x**2**2)'), '4 * x**3');
  assert.throws(() => grad('np.sum(x**2**0.5)'), /a power of numbers must be a whole power/);
  // relu(x)/sqrt(relu(x)) is sqrt(relu(x)): the gradient of x·√relu(x) is defined where x < 0 (it was 0/0 there)
  assert.equal(grad('x @ np.sqrt(np.maximum(x, 0))'), '3 * np.sqrt(np.maximum(x, 0)) / 2');
  assert.equal(grad('np.sum(x**2 / np.sqrt(x))'), '3 * np.sqrt(x) / 2');
});

test('refusals say why: the max-norm, keepdims, softmax of a matrix, einsum beyond two axes', () => {
  const refuse = (source: string, vars: Record<string, MatrixVar>, message: RegExp) => {
    const selection = source.split('\n').pop()!;
    assert.throws(() => differentiateMatrix(selection, { dialect: 'python', wrt: Object.keys(vars)[0], order: 1, vars, explain: false, documentText: source, selectionOffset: source.length - selection.length }), message, source);
  };
  refuse('np.linalg.norm(x, np.inf)', { x: v('n') }, /max-norm .* not differentiable/);
  refuse('np.linalg.norm(x, ord=-np.inf)', { x: v('n') }, /max-norm/);
  refuse('np.sum(X, axis=2)', { X: v('n', 'd') }, /axis 2 is out of range/);
  refuse('np.sum(v[:, None] @ A)', { v: v('n'), A: v('n', 'd') }, /'@'/);
  // a softmax along an axis works row by row (as keepdims=True keeps the row sums a column that scales the rows);
  // the classic multiclass gradient, in each form people write it, is one matrix, verified
  const rowWise = (source: string) => {
    const r = differentiateMatrix(source, { dialect: 'python', wrt: 'W', vars: { X: v('m', 'n'), W: v('n', 'k'), Y: v('m', 'k') }, explain: false, documentText: 'import numpy as np\nimport torch\nimport torch.nn.functional as F\nfrom scipy.special import softmax, log_softmax, logsumexp' });
    assert.equal(r.verified, true, source);
    return r.matrix;
  };
  // with one-hot rows of Y the two losses agree; each is read as written: log Σⱼ exp Zᵢⱼ − Σⱼ Yᵢⱼ Zᵢⱼ, and −Σ Y∘log softmax(Z)
  const rowSums = rowWise('np.sum(np.log(np.sum(np.exp(X @ W), axis=1)) - np.sum(Y * (X @ W), axis=1))');
  assert.equal(rowWise('np.sum(logsumexp(X @ W, axis=1) - np.sum(Y * (X @ W), axis=1))'), rowSums);
  const crossEntropy = rowWise('-np.sum(Y * log_softmax(X @ W, axis=1))');
  // the log of the quotient too (its row sums kept as a column cancel against themselves)
  for (const s of ['-np.sum(Y * ((X @ W) - np.log(np.sum(np.exp(X @ W), axis=1, keepdims=True))))', '-torch.sum(Y * F.log_softmax(X @ W, dim=1))',
    '-np.sum(Y * np.log(np.exp(X @ W) / np.sum(np.exp(X @ W), axis=1, keepdims=True)))',
    '-np.sum(Y * ((X @ W) - logsumexp(X @ W, axis=1, keepdims=True)))']) {
    assert.equal(rowWise(s), crossEntropy, s);
  }
  assert.notEqual(crossEntropy, rowSums);
  const scores = rowWise('np.sum(Y * np.exp(X @ W) / np.sum(np.exp(X @ W), axis=1, keepdims=True))');
  for (const s of ['np.sum(Y * softmax(X @ W, axis=1))', 'torch.sum(Y * torch.softmax(X @ W, dim=1))', 'torch.sum(Y * F.softmax(X @ W, dim=-1))',
    'np.sum(Y * np.exp(X @ W) / np.sum(np.exp(X @ W), axis=1)[:, None])']) {
    assert.equal(rowWise(s), scores, s);
  }
  refuse("np.einsum('ijk->', T)", { T: v('n', 'd') }, /more than two axes/);
  refuse("np.einsum('ii,i->', A, x)", { A: v('n', 'n'), x: v('n') }, /a repeated index within one of several operands is not supported/);
  refuse("np.einsum('ij,jk,kl->ijl', A, B, C)", { A: v('n', 'n'), B: v('n', 'n'), C: v('n', 'n') }, /the output 'ijl' is not supported/);
  refuse("np.einsum('i->', x, y)", { x: v('n'), y: v('n') }, /names 1 operand, got 2/);
  refuse('np.linalg.matrix_power(X, k)', { X: v('n', 'n') }, /constant whole-number power/);
});

test('a rule met in several terms is one step of the explanation', () => {
  const r = differentiateMatrix('np.sum(np.where(np.abs(X @ w - y) <= 1, 0.5 * (X @ w - y)**2, np.abs(X @ w - y) - 0.5))', { dialect: 'python', wrt: 'w', vars: { X: v('n', 'd'), w: v('d'), y: v('n') } });
  const steps = r.index.steps.map((s) => `${s.rule} ${s.atom}`);
  assert.deepEqual(steps, [...new Set(steps)]);
  assert.ok(steps.includes('compare abs(X*w - y) > 1'), steps.join('; '));
});

test('a mean subtracted sums to zero, and a sum over a count is the mean the code writes', () => {
  const grad = (source: string, dialect: 'python' | 'matlab', wrt = 'x') => differentiateMatrix(source, { dialect, wrt, explain: false }).result;
  // the entries of x − mean(x) sum to 0: no −sum(x − mean(x))/n term is left
  assert.equal(grad('np.sum((x - x.mean())**2)', 'python'), '2 * (x - np.mean(x))');
  assert.equal(grad('np.var(x)', 'python'), '2 * (x - np.mean(x)) / x.shape[0]');
  assert.equal(grad('np.var(x, ddof=1)', 'python'), '2 * (x - np.mean(x)) / (x.shape[0] - 1)');
  assert.equal(grad('torch.var(x)', 'python'), '2 * (x - torch.mean(x)) / (x.shape[0] - 1)');
  assert.equal(grad('np.sum((X @ w - y - np.mean(X @ w - y))**2)', 'python', 'w'), '2 * X.T @ (X @ w - y - np.mean(X @ w - y))');
  // a constant added to an array is not split off its sum where that is no shorter
  const bias = differentiateMatrix('np.sum((X @ w + b - y)**2)', { dialect: 'python', wrt: 'b', vars: { b: { shape: [] } }, explain: false });
  assert.equal(bias.result, '2 * np.sum(X @ w + b - y)');
  // MATLAB: mean of a vector, of a matrix its columns', and of every entry with 'all'
  assert.equal(grad('sum((x - mean(x)).^2)', 'matlab'), '2*(x - mean(x))');
  assert.equal(grad('mean((X*w - y).^2)', 'matlab', 'w'), "2*X'*(X*w - y)/size(X, 1)");
  assert.equal(grad("mean(X.^2, 'all')", 'matlab', 'X'), '2*X/numel(X)');
  // along an axis, each row's or column's from its own mean (of a vector, axis 0 is every entry)
  assert.equal(grad('np.var(x, axis=0)', 'python'), grad('np.var(x)', 'python'));
  const columns = (source: string) => differentiateMatrix(source, { dialect: 'python', wrt: 'X', vars: { X: { shape: ['n', 'd'] } }, explain: false, documentText: 'import torch' }).result;
  assert.equal(columns('np.sum(np.var(X, axis=0))'), '2 * (X - np.mean(X, axis=0)) / X.shape[0]');
  assert.equal(columns('torch.sum(torch.var(X, dim=1))'), '2 * (X - torch.mean(X, dim=1, keepdim=True)) / (X.shape[1] - 1)');
  // standardized columns sum to 0 whatever X is
  assert.equal(columns('np.sum((X - X.mean(0)) / X.std(0))'), 'np.zeros_like(X)');
  // MATLAB's and Julia's (Statistics) var and std divide by n − 1; MATLAB's var(x, 1) by n
  const verified = (source: string, dialect: 'matlab' | 'julia', wrt = 'x') => {
    const r = differentiateMatrix(source, { dialect, wrt, explain: false });
    assert.ok(r.verified, `${source}: ${r.result}`);
    return r.result;
  };
  assert.equal(verified('var(x)', 'matlab'), '2*(x - mean(x))/(length(x) - 1)');
  assert.equal(verified('var(x, 1)', 'matlab'), '2*(x - mean(x))/length(x)');
  assert.equal(verified('var(x)', 'julia'), '2*(x .- mean(x))/(length(x) - 1)');
  verified('std(X*w - y)', 'matlab', 'w');
  verified('std(X*w - y)', 'julia', 'w');
  // of a matrix: MATLAB's var is each column's (a row), var(X, w, 2) each row's; Julia's var is every entry's, dims= each
  // column's or row's (it was refused, and the refusal called Julia's per column)
  const matrix = (source: string, dialect: 'matlab' | 'julia') => {
    const r = differentiateMatrix(source, { dialect, wrt: 'X', vars: { X: v('n', 'd') }, explain: false });
    assert.ok(r.verified, `${source}: ${r.result}`);
    return r.result;
  };
  assert.equal(matrix('sum(var(X))', 'matlab'), '2*(X - mean(X, 1))/(size(X, 1) - 1)');
  assert.equal(matrix('sum(var(X, 1, 2))', 'matlab'), '2*(X - mean(X, 2))/size(X, 2)');
  assert.equal(matrix('sum(std(X, 1))', 'matlab'), '(X - mean(X, 1))./std(X, 1, 1)/size(X, 1)');
  assert.equal(matrix('var(X)', 'julia'), '2*(X .- mean(X))/(length(X) - 1)');
  assert.equal(matrix('sum(var(X, dims=1))', 'julia'), '2*(X .- sum(X, dims=1)/size(X, 1))/(size(X, 1) - 1)');
  // Julia's sum(f, A) applies f to every entry (it said "'abs2' needs its argument in parentheses"); Statistics' mean is read
  assert.equal(matrix('sum(abs2, X)', 'julia'), '2*X');
  assert.equal(matrix('sum(exp, X; dims=1) * ones(size(X, 2))', 'julia'), 'exp.(X)');
  assert.equal(matrix('mean(abs2, X)', 'julia'), '2*X/length(X)');
  assert.equal(matrix('sum((X .- mean(X; dims=1)).^2)', 'julia'), '2*(X .- sum(X, dims=1)/size(X, 1))');
  assert.throws(() => matrix('mean(X, 2)', 'julia'), /'mean' takes one array \(and dims=\)/);
  // a product of entries in each notation (it was "unknown function"); along an axis, or MATLAB's of a matrix's columns, refused
  // prod(X, 'all') is read and kept; prod(prod(X)) is read and printed prod(X(:)), which Octave 7 runs too
  assert.equal(matrix('prod(X, \'all\')', 'matlab'), "prod(X, 'all')./X");
  assert.equal(matrix('prod(prod(X))', 'matlab'), 'prod(X(:))./X');
  assert.equal(matrix('prod(abs2, X)', 'julia'), '2*prod(X.^2) ./ X');
  assert.equal(differentiateMatrix('np.prod(X)', { dialect: 'python', wrt: 'X', vars: { X: v('n', 'd') }, explain: false }).result, 'np.prod(X) / X');
  assert.deepEqual(differentiateMatrix('tf.reduce_prod(x)', { dialect: 'python', wrt: 'x', vars: { x: v('n') }, explain: false }).warnings, ["the product's derivative divides by each entry of x: where an entry is 0 it is the product of the others"]);
  assert.throws(() => matrix('prod(X)', 'matlab'), /'prod' of a matrix multiplies each column's entries, which is not supported: prod\(X, 'all'\)/);
  assert.throws(() => differentiateMatrix('np.prod(X, axis=0)', { dialect: 'python', wrt: 'X', vars: { X: v('n', 'd') } }), /'np.prod' along an axis is not supported/);
  assert.throws(() => matrix('prod(X; dims=2)', 'julia'), /prod along dims= is not supported/);
  // …and a lambda as the function (it said "unexpected '>'"): its body entry by entry, a captured name a scalar
  assert.equal(matrix('sum(t -> t^2 + 3t, X)', 'julia'), '2*X .+ 3');
  assert.equal(matrix('sum(map(t -> exp(t)/t, X))', 'julia'), '(X .- 1) .* exp.(X) ./ X.^2');
  const captured = differentiateMatrix('sum(t -> c/t + (t - c)^2 * c, X)', { dialect: 'julia', wrt: 'X', vars: { X: v('n', 'd') }, explain: true });
  assert.deepEqual([captured.verified, captured.shapes.c], [true, 'scalar']);
  assert.throws(() => matrix('sum(t -> sum(t), X)', 'julia'), /'sum' of one entry is not supported \(it would reduce the whole array\)/);
  assert.throws(() => matrix('sum(t -> t^2)', 'julia'), /applies the function to an array given after it: sum\(t -> …, A\)/);
  // corrected=false divides by the count (Statistics' keyword)
  assert.equal(matrix('sum(var(X; dims=2, corrected=false))', 'julia'), '2*(X .- sum(X, dims=2)/size(X, 2))/size(X, 2)');
  assert.throws(() => differentiateMatrix('var(x; corrected=0)', { dialect: 'julia', wrt: 'x', explain: false }), /corrected= is true or false/);
  assert.throws(() => grad('var(X, 2, 1)', 'matlab', 'X'), /normalization is 0 or 1/);
  assert.throws(() => grad('torch.var(x, unbiased=1)', 'python'), /must be True or False/);
});

test('an element-wise factor whose exponents cancel and then recur counts from 0: the KL divergence by q is -p/q', () => {
  const kl = differentiateMatrix('np.sum(p * np.log(p / q))', { dialect: 'python', wrt: 'q', vars: { p: v('n'), q: v('n') }, explain: false });
  assert.deepEqual([kl.result, kl.verified], ['-p / q', true]);
  // a step times a negative power of its ramp is a mask: 0 where the ramp is 0, in every notation
  const root = (dialect: 'python' | 'julia', source: string) => differentiateMatrix(source, { dialect, wrt: 'q', vars: { q: v('n') }, explain: false });
  assert.deepEqual([root('python', 'np.sum(np.sqrt(np.maximum(q, 0)))').result, root('python', 'np.sum(np.sqrt(np.maximum(q, 0)))').verified], ['np.where(q > 0, 1 / (2 * np.sqrt(q)), 0)', true]);
  assert.equal(root('julia', 'sum(sqrt.(max.(q, 0)))').result, 'ifelse.(q .> 0, 1 ./ (2 .* sqrt.(q)), 0)');
  // a ramp's argument times its step is the ramp: q·relu(q) has gradient 2·relu(q), not q·H(q) + relu(q)
  assert.deepEqual([root('python', 'np.sum(np.maximum(q, 0) * q)').result, root('python', 'np.sum(np.maximum(q, 0) * q)').verified], ['2 * np.maximum(q, 0)', true]);
  assert.equal(differentiateMatrix('np.sum(np.maximum(A @ q, 0) * (A @ q))', { dialect: 'python', wrt: 'q', vars: { q: v('n'), A: v('n', 'n') }, explain: false }).result, '2 * A.T @ np.maximum(A @ q, 0)');
  // a function of ones is its value at 1 times ones
  const e = differentiateMatrix('np.sum(x * x / x * np.exp(x / x))', { dialect: 'python', wrt: 'x', vars: { x: v('n') }, explain: false });
  assert.equal(e.result, 'np.e * np.ones_like(x)');
});
