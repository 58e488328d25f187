// PyTorch as matrix input and output: torch.sum, torch.linalg, x.t(), dim= read as numpy's names are;
// the result printed in PyTorch (torch.sigmoid and torch.relu kept) and run by torch itself, against its
// own automatic differentiation of the source (torch.autograd), on random double tensors. numpy's
// look-alikes (jax.numpy, autograd.numpy) get results with their own prefix, run by jax the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiateMatrix, MatrixVar } from '../../../../src/core/matrix/api';
import { judgedInPython, PythonJudge } from './support';
// @ts-expect-error: an .mjs script without types
import { ensurePythonLibraries } from '../../../../scripts/pylibs.mjs';

const v = (...shape: string[]): MatrixVar => ({ shape });
const regression = { X: v('m', 'n'), w: v('n'), y: v('m') };
const net = { W: v('m', 'n'), x: v('n'), y: v('m') };
const classes = { X: v('m', 'n'), W: v('n', 'k'), Y: v('m', 'k') };

interface Case { source: string; wrt: string; vars: Record<string, MatrixVar> }
const CASES: Case[] = [
  { source: 'torch.sum((X @ w - y)**2)', wrt: 'w', vars: regression },
  { source: 'torch.mean((X @ w - y)**2)', wrt: 'w', vars: regression },
  { source: 'torch.mean(X**2)', wrt: 'X', vars: { X: v('m', 'n') } },
  { source: 'torch.sum(torch.log(1 + torch.exp(-y * (X @ w))))', wrt: 'w', vars: regression },
  { source: 'torch.sum(torch.relu(X @ w)**2)', wrt: 'w', vars: regression },
  { source: 'torch.sum(torch.log(torch.cosh(X @ w - y)))', wrt: 'w', vars: regression },
  { source: 'torch.sum((torch.sigmoid(W @ x) - y)**2)', wrt: 'x', vars: net },
  { source: 'torch.sum(torch.sigmoid(W @ x))', wrt: 'W', vars: net },
  { source: 'torch.sum(torch.tanh(W @ x) * y)', wrt: 'W', vars: net },
  { source: 'x.t() @ A @ x', wrt: 'x', vars: { x: v('n'), A: v('n', 'n') } },
  { source: 'torch.dot(x, x) + torch.linalg.norm(A @ x - b)**2', wrt: 'x', vars: { x: v('n'), A: v('m', 'n'), b: v('m') } },
  { source: 'torch.logdet(X)', wrt: 'X', vars: { X: v('n', 'n') } },
  { source: 'torch.trace(torch.inverse(X) @ A)', wrt: 'X', vars: { X: v('n', 'n'), A: v('n', 'n') } },
  { source: 'torch.sum(X, dim=0) @ a', wrt: 'X', vars: { X: v('m', 'n'), a: v('n') } },
  { source: 'torch.softmax(z, dim=0)', wrt: 'z', vars: { z: v('n') } },
  // the losses of torch.nn.functional, by their documented definitions
  { source: 'F.mse_loss(X @ w, y)', wrt: 'w', vars: regression },
  { source: 'F.mse_loss(W @ x, y, reduction="sum")', wrt: 'W', vars: net },
  { source: 'F.l1_loss(X @ w, y)', wrt: 'w', vars: regression },
  { source: 'F.binary_cross_entropy_with_logits(X @ w, y)', wrt: 'w', vars: regression },
  { source: 'F.binary_cross_entropy(torch.sigmoid(X @ w), y, reduction="sum")', wrt: 'w', vars: regression },
  { source: 'F.mse_loss(X @ w, y, reduction="none")', wrt: 'w', vars: regression },
  // masks: torch.where of a comparison (thresholds near the drawn values, so both branches are taken)
  { source: 'torch.sum(torch.where(torch.abs(X @ w - y) <= 2.5, 0.5 * (X @ w - y)**2, 2.5 * torch.abs(X @ w - y) - 3.125))', wrt: 'w', vars: regression },
  { source: 'torch.sum(torch.where(X @ w > 3, X @ w, 0.01 * (X @ w)))', wrt: 'w', vars: regression },
  { source: 'torch.sum(torch.relu(X @ w - 3))', wrt: 'w', vars: regression },
  // variance and standard deviation: PyTorch divides by n − 1 unless told otherwise
  { source: 'torch.var(X @ w)', wrt: 'w', vars: regression },
  { source: 'torch.std(X @ w - y, unbiased=False)', wrt: 'w', vars: regression },
  { source: '(X @ w).var(correction=0)', wrt: 'w', vars: regression },
  // a tensor of order 3 (no matrix form): torch.einsum, its identity in the tensors' dtype
  { source: 'torch.outer(x, x)', wrt: 'x', vars: { x: v('n') } },
  // a softmax row by row: the multiclass cross-entropy
  { source: '-torch.sum(Y * F.log_softmax(X @ W, dim=1))', wrt: 'W', vars: classes },
  { source: 'torch.sum(Y * (X @ W) / torch.sum(X @ W, dim=1, keepdim=True))', wrt: 'W', vars: classes },
  // a tensor's own methods, which numpy's arrays lack (they were 'unknown method'), and torch.norm's p= and dim=
  { source: '(X @ w - y).pow(2).sum()', wrt: 'w', vars: regression },
  { source: '(X @ w - y).norm() ** 2 + w.exp().sum()', wrt: 'w', vars: regression },
  { source: '(W @ x).sigmoid().log().sum()', wrt: 'W', vars: net },
  { source: '(X @ w).clamp(min=0).square().mean()', wrt: 'w', vars: regression },
  { source: '-(Y * (X @ W).log_softmax(dim=1)).sum()', wrt: 'W', vars: classes },
  { source: 'torch.norm(X, p=2, dim=1).sum()', wrt: 'X', vars: { X: v('m', 'n') } },
  // a product of entries (it was "unknown function"), also as a method
  { source: 'torch.prod(X @ w) + (X @ w).prod()**2', wrt: 'w', vars: regression },
  // slices: their gradients are padded with zeros (torch.nn.functional.pad)
  { source: 'torch.sum(100.0*(x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)', wrt: 'x', vars: { x: v('m') } },
  { source: 'torch.sum((X @ w - y)**2) + 0.5 * torch.sum(w[1:]**2)', wrt: 'w', vars: regression },
  { source: 'torch.sum((x[2:] - 2*x[1:-1] + x[:-2])**2)', wrt: 'x', vars: { x: v('m') } },
  // torch.distributions' Normal(loc, scale): the Gaussian negative log-likelihood, the probit's (Φ is torch.special.ndtr)
  { source: '-torch.distributions.Normal(X @ w, 1.5).log_prob(y).sum()', wrt: 'w', vars: regression },
  { source: 'torch.sum(torch.log(torch.distributions.Normal(0.0, 1.0).cdf(X @ w)))', wrt: 'w', vars: regression },
];
const SIZES: Readonly<Record<string, number>> = { n: 3, m: 4, k: 2 };

const grad = (c: Case) => differentiateMatrix(c.source, { dialect: 'python', wrt: c.wrt, vars: c.vars, explain: false, documentText: 'import torch\nimport torch.nn.functional as F' });

test('PyTorch input is read as numpy is, and its result is PyTorch code', () => {
  assert.equal(grad(CASES[0]).result, '2 * X.T @ (X @ w - y)');
  assert.equal(grad(CASES[3]).result, '-X.T @ (y * torch.sigmoid(-y * (X @ w)))');
  // torch's count of entries is X.numel() (X.size is a method there)
  assert.equal(grad(CASES[2]).result, '2 * X / X.numel()');
  assert.equal(grad(CASES[4]).result, '2 * X.T @ torch.relu(X @ w)');
  assert.equal(grad(CASES[11]).result, 'torch.linalg.inv(X).T');
  // a slice's gradient among zeros, as torch pads
  assert.equal(grad(CASES.find((c) => c.source.includes('w[1:]'))!).result, '2 * X.T @ (X @ w - y) + torch.nn.functional.pad(w[1:], (1, 0))');
  assert.equal(grad(CASES.find((c) => c.source === 'torch.outer(x, x)')!).result, "torch.einsum('j,ik->ijk', x, torch.eye(x.shape[0], dtype=x.dtype)) + torch.einsum('i,jk->ijk', x, torch.eye(x.shape[0], dtype=x.dtype))");
  // the numpy fields stay numpy
  assert.equal(grad(CASES[3]).numpy, '-X.T @ (y / (1 + np.exp(y * (X @ w))))');
  const softmax = grad(CASES[14]);
  assert.equal(softmax.named?.result, 'torch.diag(s) - torch.outer(s, s)');
  // the losses: mean by default, the logistic one in the sigmoid
  assert.equal(grad(CASES[15]).result, '2 * X.T @ (X @ w - y) / X.shape[0]');
  assert.equal(grad(CASES[18]).result, 'X.T @ (torch.sigmoid(X @ w) - y) / X.shape[0]');
  assert.throws(() => grad({ source: 'F.mse_loss(X @ w, y, reduction="max")', wrt: 'w', vars: regression }), /reduction="max" is not one of 'mean', 'sum', 'none'/);
  const columns = { X: v('m', 'n'), a: v('n') };
  // keepdim=True: column sums are a row, as the 1-D sums broadcast anyway; row sums a column, which scales rows
  assert.equal(grad({ source: 'torch.sum(X, dim=0, keepdim=True) @ a', wrt: 'X', vars: columns }).matrix, grad({ source: 'torch.sum(X, dim=0) @ a', wrt: 'X', vars: columns }).matrix);
  assert.equal(grad({ source: 'torch.sum(X / torch.sum(X, dim=1, keepdim=True) * Y)', wrt: 'X', vars: { X: v('m', 'n'), Y: v('m', 'n') } }).verified, true);
  // dim= is PyTorch's word: numpy's sum is told so; a method may be either library's
  assert.throws(() => differentiateMatrix('np.sum(X, dim=0) @ a', { dialect: 'python', wrt: 'X', vars: columns }), /'np.sum' takes axis=, not dim=/);
  assert.equal(grad({ source: 'X.sum(dim=0) @ a', wrt: 'X', vars: columns }).matrix, grad({ source: 'torch.sum(X, dim=0) @ a', wrt: 'X', vars: columns }).matrix);
  // a tensor's methods make the selection PyTorch code, with no import; numpy's arrays have none of them
  const chained = differentiateMatrix('(X @ w - y).pow(2).sum()', { dialect: 'python', wrt: 'w', vars: regression, explain: false });
  assert.deepEqual([chained.result, chained.verified], ['2 * X.T @ (X @ w - y)', true]);
  assert.equal(differentiateMatrix('x.sigmoid().sum()', { dialect: 'python', wrt: 'x', vars: { x: v('n') }, explain: false }).result, '(1 - torch.sigmoid(x)) * torch.sigmoid(x)');
  assert.equal(grad({ source: 'torch.norm(X, p=2, dim=1).sum()', wrt: 'X', vars: { X: v('m', 'n') } }).result, 'X / torch.linalg.norm(X, dim=1)[:, None]');
  assert.throws(() => differentiateMatrix('np.sum(x.exp())', { dialect: 'python', wrt: 'x', vars: { x: v('n') } }), /'.exp\(\)' is a PyTorch tensor's method, and this selection is numpy code, whose arrays have no such method: call np's function/);
});

test('each PyTorch result, run by torch, equals torch.autograd of the source', () => {
  const { python, missing } = ensurePythonLibraries() as { python: string; missing: string[] };
  assert.ok(!missing.includes('torch'), 'torch could not be installed (scripts/pylibs.mjs)');
  const torch: PythonJudge = {
    // results write a number's root with math (math.sqrt(2 * torch.pi)), as the selection's file imports it
    preamble: ['import math', 'import torch', 'torch.manual_seed(7)'],
    env: '{"torch": torch, "F": torch.nn.functional, "math": math}',
    // targets in (0, 1), as the binary cross-entropy needs them; square matrices diagonally dominant
    draw: 'torch.rand(shape, dtype=torch.float64) * (1 if name == "y" else 1.5) + (0 if name == "y" else 0.25) + (3 * torch.eye(shape[0], dtype=torch.float64) if len(shape) == 2 and shape[0] == shape[1] else 0)',
    reference: ['reference = torch.autograd.functional.jacobian(f, x0)'],
    maxAbs: (a) => `float(torch.max(torch.abs(${a})))`,
  };
  assert.deepEqual(judgedInPython(python, torch, CASES.map((c) => ({ ...c, result: grad(c).result })), SIZES, 1e-9), []);
});

test('jax.numpy and autograd.numpy results use their own prefix; jax runs them against jax.jacfwd of the source', () => {
  const { python, missing } = ensurePythonLibraries() as { python: string; missing: string[] };
  assert.ok(!missing.includes('jax'), 'jax could not be installed (scripts/pylibs.mjs)');
  const jaxCases: Case[] = [
    { source: 'jnp.sum((X @ w - y)**2)', wrt: 'w', vars: regression },
    { source: 'jnp.sum(jnp.log(1 + jnp.exp(-y * (X @ w))))', wrt: 'w', vars: regression },
    { source: 'jnp.sum(jnp.maximum(0, X @ w)**2)', wrt: 'w', vars: regression },
    { source: 'jnp.exp(z) / jnp.sum(jnp.exp(z))', wrt: 'z', vars: { z: v('n') } },
    { source: 'jnp.log(jnp.linalg.det(X))', wrt: 'X', vars: { X: v('n', 'n') } },
    // no matrix form: jnp.einsum
    { source: 'jnp.outer(z, jnp.exp(z))', wrt: 'z', vars: { z: v('n') } },
    { source: '-jnp.sum(Y * jax.nn.log_softmax(X @ W))', wrt: 'W', vars: classes },
    { source: 'jnp.sum(100.0*(z[1:] - z[:-1]**2)**2 + (1 - z[:-1])**2)', wrt: 'z', vars: { z: v('m') } },
  ];
  const results = jaxCases.map((c) => differentiateMatrix(c.source, { dialect: 'python', wrt: c.wrt, vars: c.vars, explain: false, documentText: 'import jax\nimport jax.numpy as jnp' }).result);
  assert.equal(results[1], '-X.T @ (y / (1 + jnp.exp(y * (X @ w))))');
  assert.match(results[5], /^jnp\.einsum\('.*jnp\.eye\(z\.shape\[0\]\)/);
  assert.equal(differentiateMatrix('anp.sum(anp.tanh(X @ w))', { dialect: 'python', wrt: 'w', vars: regression, explain: false, documentText: 'import autograd.numpy as anp' }).result, 'X.T @ (1 / anp.cosh(X @ w)**2)');
  const jax: PythonJudge = {
    preamble: ['import jax, numpy', 'jax.config.update("jax_enable_x64", True)', 'import jax.numpy as jnp', 'rng = numpy.random.default_rng(5)'],
    env: '{"jnp": jnp, "jax": jax}',
    draw: 'jnp.asarray(rng.uniform(0.25, 1.75, shape) + (3 * numpy.eye(shape[0]) if len(shape) == 2 and shape[0] == shape[1] else 0))',
    reference: ['reference = jax.jacfwd(f)(x0)'],
    maxAbs: (a) => `float(jnp.max(jnp.abs(${a})))`,
  };
  assert.deepEqual(judgedInPython(python, jax, jaxCases.map((c, k) => ({ ...c, result: results[k] })), SIZES, 1e-9), []);
});

// TensorFlow's vectors are 1-D tensors, which @ (tf.matmul) refuses: products with them are tf.linalg.matvec and tf.tensordot
const TF_CASES: Case[] = [
  { source: 'tf.reduce_sum((tf.linalg.matvec(X, w) - y)**2)', wrt: 'w', vars: regression },
  { source: 'tf.reduce_mean(tf.square(tf.linalg.matvec(X, w) - y))', wrt: 'w', vars: regression },
  { source: 'tf.reduce_mean(X**2)', wrt: 'X', vars: { X: v('m', 'n') } },
  { source: 'tf.reduce_sum(tf.math.log(1 + tf.exp(-y * tf.linalg.matvec(X, w))))', wrt: 'w', vars: regression },
  { source: 'tf.reduce_sum(tf.nn.relu(tf.linalg.matvec(X, w))**2)', wrt: 'w', vars: regression },
  { source: 'tf.reduce_sum(tf.sigmoid(tf.linalg.matvec(W, x)))', wrt: 'W', vars: net },
  { source: 'tf.reduce_sum(tf.tanh(tf.linalg.matvec(W, x)) * y)', wrt: 'x', vars: net },
  { source: 'tf.tensordot(x, tf.linalg.matvec(A, x), 1)', wrt: 'x', vars: { x: v('n'), A: v('n', 'n') } },
  { source: 'tf.tensordot(x, x, 1) + tf.norm(tf.linalg.matvec(A, x) - b)**2', wrt: 'x', vars: { x: v('n'), A: v('m', 'n'), b: v('m') } },
  { source: 'tf.reduce_sum(tf.linalg.matvec(A, x, transpose_a=True) * x)', wrt: 'x', vars: { x: v('n'), A: v('n', 'n') } },
  { source: 'tf.math.log(tf.linalg.det(X))', wrt: 'X', vars: { X: v('n', 'n') } },
  { source: 'tf.linalg.trace(tf.linalg.inv(X) @ A)', wrt: 'X', vars: { X: v('n', 'n'), A: v('n', 'n') } },
  { source: 'tf.linalg.trace(tf.matmul(X, A, transpose_a=True) @ X)', wrt: 'X', vars: { X: v('n', 'n'), A: v('n', 'n') } },
  { source: 'tf.linalg.trace(A) * tf.tensordot(x, x, 1)', wrt: 'A', vars: { x: v('n'), A: v('n', 'n') } },
  { source: 'tf.reduce_sum(tf.linalg.diag_part(A) * x)', wrt: 'A', vars: { x: v('n'), A: v('n', 'n') } },
  { source: 'tf.reduce_sum((X @ W - Y)**2)', wrt: 'W', vars: { X: v('m', 'n'), W: v('n', 'n'), Y: v('m', 'n') } },
  { source: 'tf.nn.softmax(z)', wrt: 'z', vars: { z: v('n') } },
  { source: 'tf.reduce_logsumexp(z)', wrt: 'z', vars: { z: v('n') } },
  { source: 'tf.math.reduce_variance(tf.linalg.matvec(X, w))', wrt: 'w', vars: regression },
  { source: 'tf.reduce_sum(tf.math.erf(z))', wrt: 'z', vars: { z: v('n') } },
  // masks: tf.where of a comparison (thresholds near the drawn values, so both branches are taken)
  { source: 'tf.reduce_sum(tf.where(tf.abs(tf.linalg.matvec(X, w) - y) <= 2.5, 0.5 * (tf.linalg.matvec(X, w) - y)**2, 2.5 * tf.abs(tf.linalg.matvec(X, w) - y) - 3.125))', wrt: 'w', vars: regression },
  { source: 'tf.reduce_sum(tf.where(z > 1, z, 0))', wrt: 'z', vars: { z: v('n') } },
  { source: 'tf.reduce_sum(tf.where(z > 1, z, 0.01 * z))', wrt: 'z', vars: { z: v('n') } },
  { source: 'tf.tensordot(z, z, 0)', wrt: 'z', vars: { z: v('n') } },
  // tf.nn's losses, by their documented definitions
  { source: 'tf.nn.l2_loss(tf.linalg.matvec(X, w) - y)', wrt: 'w', vars: regression },
  { source: 'tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=tf.linalg.matvec(X, w)))', wrt: 'w', vars: regression },
  // its labels a distribution, as TensorFlow's gradient (softmax − labels) assumes
  { source: 'tf.nn.softmax_cross_entropy_with_logits(labels=y / tf.reduce_sum(y), logits=tf.linalg.matvec(W, x))', wrt: 'W', vars: net },
  { source: 'tf.reduce_sum(tf.math.squared_difference(tf.linalg.matvec(X, w), y))', wrt: 'w', vars: regression },
  // one loss per row, its labels rows of a distribution
  { source: 'tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y / tf.reduce_sum(Y, axis=1, keepdims=True), logits=X @ W))', wrt: 'W', vars: classes },
  { source: 'tf.reduce_sum(Y * tf.nn.log_softmax(X @ W))', wrt: 'W', vars: classes },
  { source: 'tf.reduce_sum(100.0*(z[1:] - z[:-1]**2)**2 + (1 - z[:-1])**2)', wrt: 'z', vars: { z: v('m') } },
];

// vectors as n×1 tensors: the selection applies @ (tf.matmul) to them
const TF_COLUMN_CASES: Case[] = [
  { source: 'tf.reduce_sum((X @ w - y)**2)', wrt: 'w', vars: regression },
  { source: 'tf.reduce_mean(tf.square(tf.matmul(X, w) - y))', wrt: 'w', vars: regression },
  { source: 'tf.transpose(x) @ A @ x', wrt: 'x', vars: { x: v('n'), A: v('n', 'n') } },
  { source: 'tf.transpose(x) @ A @ x', wrt: 'A', vars: { x: v('n'), A: v('n', 'n') } },
  { source: 'tf.reduce_sum(tf.math.log(1 + tf.exp(-y * (X @ w))))', wrt: 'w', vars: regression },
  { source: 'tf.reduce_sum(tf.sigmoid(W @ x))', wrt: 'W', vars: net },
  { source: 'tf.reduce_sum(tf.nn.relu(tf.matmul(X, w, transpose_a=True)))', wrt: 'w', vars: { X: v('m', 'n'), w: v('m') } },
  { source: 'tf.transpose(y) @ tf.linalg.inv(A) @ y', wrt: 'y', vars: { y: v('n'), A: v('n', 'n') } },
  { source: 'tf.tanh(W @ x)', wrt: 'x', vars: net },
  // a tensor of order 3: tf.einsum of the columns' entries
  { source: 'x @ tf.transpose(x)', wrt: 'x', vars: { x: v('n') } },
  // a slice of a column keeps its rows (w[1:, :]), and its gradient is padded along them
  { source: 'tf.reduce_sum((X @ w - y)**2) + 0.5 * tf.reduce_sum(w[1:]**2)', wrt: 'w', vars: regression },
];

const tfGrad = (c: Case) => differentiateMatrix(c.source, { dialect: 'python', wrt: c.wrt, vars: c.vars, explain: false, documentText: 'import tensorflow as tf' });

test('TensorFlow input is read with its own products, and its result is TensorFlow code', () => {
  assert.equal(tfGrad(TF_CASES[0]).result, '2 * tf.linalg.matvec(X, tf.linalg.matvec(X, w) - y, transpose_a=True)');
  // its count of entries is a Python int (tf.size is an int32 tensor, which a float tensor is not divided by)
  assert.equal(tfGrad(TF_CASES[2]).result, '2 * X / X.shape.num_elements()');
  assert.equal(tfGrad(TF_CASES[5]).result, 'tf.tensordot((1 - tf.sigmoid(tf.linalg.matvec(W, x))) * tf.sigmoid(tf.linalg.matvec(W, x)), x, 0)');
  assert.equal(tfGrad(TF_CASES[7]).result, 'tf.linalg.matvec(A + tf.transpose(A), x)');
  assert.equal(tfGrad(TF_CASES[10]).result, 'tf.transpose(tf.linalg.inv(X))');
  assert.equal(tfGrad(TF_CASES[11]).result, '-tf.transpose(tf.linalg.inv(X) @ A @ tf.linalg.inv(X))');
  // new tensors in the selection's dtype (TensorFlow makes them float32)
  assert.equal(tfGrad(TF_CASES[13]).result, 'tf.tensordot(x, x, 1) * tf.eye(A.shape[0], dtype=A.dtype)');
  assert.equal(tfGrad(TF_CASES[14]).result, 'tf.linalg.diag(x)');
  assert.equal(tfGrad(TF_CASES[19]).result, '2 * tf.exp(-z**2) / math.sqrt(math.pi)');
  // a mask of numbers in the tensor's dtype (a tf.where of two numbers is int32 or float32)
  assert.equal(tfGrad(TF_CASES[21]).result, 'tf.cast(z > 1, z.dtype)');
  assert.equal(tfGrad(TF_CASES[22]).result, 'tf.cast(tf.where(z > 1, 1.0, 0.01), z.dtype)');
  // the numpy fields stay numpy
  assert.equal(tfGrad(TF_CASES[0]).numpy, '2 * X.T @ (X @ w - y)');
  // what TensorFlow itself refuses: TensorFlow 1's tf.log
  assert.throws(() => tfGrad({ source: 'tf.reduce_sum(tf.log(z))', wrt: 'z', vars: { z: v('n') } }), /TensorFlow 2 has no 'tf.log': write tf.math.log/);
  assert.throws(() => tfGrad({ source: 'tf.tensordot(z, z, 2)', wrt: 'z', vars: { z: v('n') } }), /with axes=2 is not supported/);
  // tf.einsum's products are its own, not a written @: x stays 1-D
  assert.equal(tfGrad({ source: 'tf.reduce_sum(tf.einsum("ij,j->i", A, x)**2)', wrt: 'x', vars: { x: v('n'), A: v('n', 'n') } }).result, '2 * tf.linalg.matvec(tf.transpose(A) @ A, x)');
  // a module below an imported one that is not known is named as such (it was "unknown method '.mse()'")
  assert.throws(() => tfGrad({ source: 'tf.reduce_mean(tf.keras.losses.mse(y, tf.linalg.matvec(X, w)))', wrt: 'w', vars: regression }), /unknown module 'tf.keras.losses'/);
  // each library's losses in that library only
  assert.equal(tfGrad({ source: 'tf.nn.l2_loss(tf.linalg.matvec(X, w) - y)', wrt: 'w', vars: regression }).result, 'tf.linalg.matvec(X, tf.linalg.matvec(X, w) - y, transpose_a=True)');
  assert.throws(() => tfGrad({ source: 'tf.reduce_sum(tf.nn.mse_loss(z, z))', wrt: 'z', vars: { z: v('n') } }), /unknown function 'tf.nn.mse_loss'/);
  assert.throws(() => grad({ source: 'F.l2_loss(X @ w)', wrt: 'w', vars: regression }), /unknown function 'F.l2_loss'/);
  // @ of a vector is TensorFlow's only with the vector n×1: then every vector is a column, and the result too
  assert.equal(tfGrad(TF_COLUMN_CASES[0]).result, '2 * tf.transpose(X) @ (X @ w - y)');
  assert.equal(tfGrad(TF_COLUMN_CASES[2]).result, '(A + tf.transpose(A)) @ x');
  assert.equal(tfGrad(TF_COLUMN_CASES.find((c) => c.source.includes('w[1:]'))!).result, '2 * tf.transpose(X) @ (X @ w - y) + tf.pad(w[1:, :], [[1, 0], [0, 0]])');
  assert.equal(tfGrad(TF_COLUMN_CASES[3]).result, 'x @ tf.transpose(x)');
  assert.equal(tfGrad(TF_COLUMN_CASES[5]).result, '((1 - tf.sigmoid(W @ x)) * tf.sigmoid(W @ x)) @ tf.transpose(x)');
  assert.equal(tfGrad(TF_COLUMN_CASES.find((c) => c.source === 'x @ tf.transpose(x)')!).result, "tf.einsum('j,ik->ijk', x[:, 0], tf.eye(x.shape[0], dtype=x.dtype)) + tf.einsum('i,jk->ijk', x[:, 0], tf.eye(x.shape[0], dtype=x.dtype))");
  // a 1-D tensor beside those columns would broadcast into a matrix: refused
  assert.throws(() => tfGrad({ source: 'tf.reduce_sum(tf.linalg.diag_part(A) * (A @ x))', wrt: 'x', vars: { x: v('n'), A: v('n', 'n') } }), /'tf.linalg.diag_part' works with 1-D tensors, and this selection's vectors are n×1 columns/);
  // tf.matmul's flags are TensorFlow's own
  assert.throws(() => differentiateMatrix('np.trace(np.matmul(X, A, transpose_a=True))', { dialect: 'python', wrt: 'X', vars: { X: v('n', 'n'), A: v('n', 'n') } }), /'transpose_a' is TensorFlow's/);
});

test('each TensorFlow result, run by TensorFlow, equals its GradientTape jacobian of the source', () => {
  const { python, missing } = ensurePythonLibraries() as { python: string; missing: string[] };
  assert.ok(!missing.includes('tensorflow'), 'tensorflow could not be installed (scripts/pylibs.mjs)');
  const tf: PythonJudge = {
    preamble: ['import os', 'os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"', 'import math', 'import numpy', 'import tensorflow as tf', 'rng = numpy.random.default_rng(11)'],
    env: '{"tf": tf, "math": math}',
    draw: 'tf.constant(rng.uniform(0.25, 1.75, shape) + (3 * numpy.eye(shape[0]) if len(shape) == 2 and shape[0] == shape[1] else 0), dtype=tf.float64)',
    reference: ['with tf.GradientTape() as tape:', '    tape.watch(x0)', '    out = f(x0)', 'reference = tape.jacobian(out, x0)'],
    maxAbs: (a) => `float(tf.reduce_max(tf.abs(${a})))`,
    asArray: (value) => `tf.convert_to_tensor(${value}, dtype=tf.float64)`,
  };
  assert.deepEqual(judgedInPython(python, tf, TF_CASES.map((c) => ({ ...c, result: tfGrad(c).result })), SIZES, 1e-9), []);
  // the same with every vector an n×1 tensor, where the selection applies @ to one; x'Ax is then 1×1 and
  // the jacobian of an m×1 value by an n×1 one m×1×n×1: compared without their axes of length 1
  const columns: PythonJudge = {
    ...tf,
    draw: tf.draw.replace(', shape)', ', shape + (1,) * (len(shape) == 1))'),
    reference: [...tf.reference, 'reference = tf.squeeze(reference)'],
    asArray: (value) => `tf.squeeze(${tf.asArray!(value)})`,
  };
  assert.notEqual(columns.draw, tf.draw);
  assert.deepEqual(judgedInPython(python, columns, TF_COLUMN_CASES.map((c) => ({ ...c, result: tfGrad(c).result })), SIZES, 1e-9), []);
});

test("PyTorch code that calls math on its scalars gets results that do (torch.sqrt of a float sigma is a TypeError)", () => {
  const density = differentiateMatrix('torch.sum(torch.exp(-x**2 / (2 * sigma**2)) / math.sqrt(2 * math.pi * sigma**2))', { dialect: 'python', wrt: 'x', vars: { x: v('n') }, explain: false });
  assert.equal(density.result, '-x * torch.exp(-x**2 / (2 * sigma**2)) / (sigma**2 * math.sqrt(2 * math.pi * sigma**2))');
  // a selection that calls torch on them keeps torch
  const tensors = differentiateMatrix('torch.sum(torch.exp(-x**2 / (2 * sigma**2)) / torch.sqrt(2 * torch.pi * sigma**2))', { dialect: 'python', wrt: 'x', vars: { x: v('n') }, explain: false });
  assert.equal(tensors.result, '-x * torch.exp(-x**2 / (2 * sigma**2)) / (sigma**2 * torch.sqrt(2 * torch.pi * sigma**2))');
});
