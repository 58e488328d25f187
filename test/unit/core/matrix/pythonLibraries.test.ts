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
];
const SIZES: Readonly<Record<string, number>> = { n: 3, m: 4 };

const grad = (c: Case) => differentiateMatrix(c.source, { dialect: 'python', wrt: c.wrt, vars: c.vars, explain: false, documentText: 'import torch\nimport torch.nn.functional as F' });

test('PyTorch input is read as numpy is, and its result is PyTorch code', () => {
  assert.equal(grad(CASES[0]).result, '2 * X.T @ (X @ w - y)');
  assert.equal(grad(CASES[3]).result, '-X.T @ (y * torch.sigmoid(-y * (X @ w)))');
  // torch's count of entries is X.numel() (X.size is a method there)
  assert.equal(grad(CASES[2]).result, '2 * X / X.numel()');
  assert.equal(grad(CASES[4]).result, '2 * X.T @ torch.relu(X @ w)');
  assert.equal(grad(CASES[11]).result, 'torch.linalg.inv(X).T');
  // the numpy fields stay numpy
  assert.equal(grad(CASES[3]).numpy, '-X.T @ (y / (1 + np.exp(y * (X @ w))))');
  const softmax = grad(CASES[14]);
  assert.equal(softmax.named?.result, 'torch.diag(s) - torch.outer(s, s)');
  // the losses: mean by default, the logistic one in the sigmoid
  assert.equal(grad(CASES[15]).result, '2 * X.T @ (X @ w - y) / X.shape[0]');
  assert.equal(grad(CASES[18]).result, 'X.T @ (torch.sigmoid(X @ w) - y) / X.shape[0]');
  assert.throws(() => grad({ source: 'F.mse_loss(X @ w, y, reduction="max")', wrt: 'w', vars: regression }), /reduction="max" is not one of 'mean', 'sum', 'none'/);
  const columns = { X: v('m', 'n'), a: v('n') };
  assert.throws(() => grad({ source: 'torch.sum(X, dim=0, keepdim=True) @ a', wrt: 'X', vars: columns }), /keepdim=True keeps the reduced axis/);
  // dim= is PyTorch's word: numpy's sum is told so; a method may be either library's
  assert.throws(() => differentiateMatrix('np.sum(X, dim=0) @ a', { dialect: 'python', wrt: 'X', vars: columns }), /'np.sum' takes axis=, not dim=/);
  assert.equal(grad({ source: 'X.sum(dim=0) @ a', wrt: 'X', vars: columns }).matrix, grad({ source: 'torch.sum(X, dim=0) @ a', wrt: 'X', vars: columns }).matrix);
});

test('each PyTorch result, run by torch, equals torch.autograd of the source', () => {
  const { python, missing } = ensurePythonLibraries() as { python: string; missing: string[] };
  assert.ok(!missing.includes('torch'), 'torch could not be installed (scripts/pylibs.mjs)');
  const torch: PythonJudge = {
    preamble: ['import torch', 'torch.manual_seed(7)'],
    env: '{"torch": torch, "F": torch.nn.functional}',
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
  ];
  const results = jaxCases.map((c) => differentiateMatrix(c.source, { dialect: 'python', wrt: c.wrt, vars: c.vars, explain: false, documentText: 'import jax.numpy as jnp' }).result);
  assert.equal(results[1], '-X.T @ (y / (1 + jnp.exp(y * (X @ w))))');
  assert.equal(differentiateMatrix('anp.sum(anp.tanh(X @ w))', { dialect: 'python', wrt: 'w', vars: regression, explain: false, documentText: 'import autograd.numpy as anp' }).result, 'X.T @ (1 / anp.cosh(X @ w)**2)');
  const jax: PythonJudge = {
    preamble: ['import jax, numpy', 'jax.config.update("jax_enable_x64", True)', 'import jax.numpy as jnp', 'rng = numpy.random.default_rng(5)'],
    env: '{"jnp": jnp}',
    draw: 'jnp.asarray(rng.uniform(0.25, 1.75, shape) + (3 * numpy.eye(shape[0]) if len(shape) == 2 and shape[0] == shape[1] else 0))',
    reference: ['reference = jax.jacfwd(f)(x0)'],
    maxAbs: (a) => `float(jnp.max(jnp.abs(${a})))`,
  };
  assert.deepEqual(judgedInPython(python, jax, jaxCases.map((c, k) => ({ ...c, result: results[k] })), SIZES, 1e-9), []);
});
