// Slices of vectors (x[1:], theta(2:end), x[2:end-1]): read as a selection matrix times the vector, their
// gradients written back as the code pads (np.pad(g, (1, 0)), [0; g]); the printed results run in GNU
// Octave and in numpy against central differences of the selection there, so the runtime judges both the
// reading and the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { differentiate } from '../../../../src/core';
import { differentiateMatrix } from '../../../../src/core/matrix/api';

const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

const gradient = (source: string, dialect: 'python' | 'matlab' | 'julia' | 'latex', wrt: string, order = 1) => {
  const r = differentiateMatrix(source, { dialect, wrt, order, explain: false });
  assert.ok(r.verified, `${source}: ${r.result} is not verified`);
  return r.result;
};

test('a slice leaves entries out of a cost, and its gradient is zero there, written as each language pads', () => {
  // regularized linear regression without the bias in the penalty
  assert.equal(gradient('sum((X*theta - y).^2)/(2*m) + lambda/(2*m)*sum(theta(2:end).^2)', 'matlab', 'theta'), "(X'*(X*theta - y) + lambda*[0; theta(2:end)])/m");
  assert.equal(gradient('sum((X*θ - y).^2)/(2m) + λ/(2m)*sum(θ[2:end].^2)', 'julia', 'theta'), "(X'*(X*θ - y) + λ*[0; θ[2:end]])/m");
  assert.equal(gradient('np.sum((X @ theta - y)**2)/(2*m) + lam/(2*m)*np.sum(theta[1:]**2)', 'python', 'theta'), '(X.T @ (X @ theta - y) + lam * np.pad(theta[1:], (1, 0))) / m');
  // scipy.optimize.rosen: each slice's part padded at its own end
  assert.equal(gradient('np.sum(100.0*(x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)', 'python', 'x'),
    '2 * (100 * np.pad(x[1:] - x[:-1]**2, (1, 0)) - np.pad(200 * x[:-1] * x[1:] - 200 * x[:-1]**3 + 1 - x[:-1], (0, 1)))');
  // dropped at both ends, and more than one
  assert.equal(gradient('sum(theta(2:end-1).^2)', 'matlab', 'theta'), '2*[0; theta(2:end-1); 0]');
  assert.equal(gradient('np.sum(x[2:]**2)', 'python', 'x'), '2 * np.pad(x[2:], (2, 0))');
  assert.equal(gradient('sum(x[3:end].^2)', 'julia', 'x'), '2*[zeros(2); x[3:end]]');
  // a product of two slices: each one's partner padded
  assert.equal(gradient('x[1:] @ x[:-1]', 'python', 'x'), 'np.pad(x[:-1], (1, 0)) + np.pad(x[1:], (0, 1))');
  assert.equal(gradient("x(2:end)'*x(1:end-1)", 'matlab', 'x'), '[0; x(1:end-1)] + [x(2:end); 0]');
  // a slice inside a product keeps its place: W @ x[1:], and by W the outer product with the slice
  assert.equal(gradient('np.sum(np.exp(W @ x[1:]))', 'python', 'x'), 'np.pad(W.T @ np.exp(W @ x[1:]), (1, 0))');
  assert.equal(gradient('np.sum(np.exp(W @ x[1:]))', 'python', 'W'), 'np.outer(np.exp(W @ x[1:]), x[1:])');
  assert.equal(gradient('sum(exp(W*x(2:end)))', 'matlab', 'W'), "exp(W*x(2:end))*x(2:end)'");
  // a slice's length in a product is bracketed (the fuzzer found 2 * x.shape[0] - 2 * …, verified and misprinted)
  assert.equal(gradient('np.sum(x[2:] / x[2:]) * np.sum(x**2)', 'python', 'x'), '2 * (x.shape[0] - 2) * x');
  assert.equal(gradient('sum(x(2:end) ./ x(2:end)) * sum(x.^2)', 'matlab', 'x'), '2*(length(x) - 1)*x');
  assert.equal(differentiate('sum(x(2:end) ./ x(2:end)) * sum(x.^2)', { dialect: 'matlab', wrt: 'x', explain: false }).latex, String.raw`2 (n-1) x`);
  // a count is n in LaTeX, as a mean's divisor is written (it was \mathbf{1}^\top \mathbf{1}_{n})
  assert.equal(differentiate('mean(x.^2)', { dialect: 'matlab', wrt: 'x', explain: false }).latex, String.raw`\frac{2 x}{n}`);
  // x[:] and theta(:) are the vector itself
  assert.equal(gradient('sum(theta(:).^2)', 'matlab', 'theta'), '2*theta');
  assert.equal(gradient('np.sum(x[:]**2)', 'python', 'x'), '2 * x');
});

test("a matrix's rows and columns are sliced where they stand (X[:, 1:], X(2:end, :)), and padded back in its gradient", () => {
  // a design matrix without its column of ones
  assert.equal(gradient('np.sum((X[:, 1:] @ w - y)**2)', 'python', 'w'), '2 * X[:, 1:].T @ (X[:, 1:] @ w - y)');
  assert.equal(gradient('np.sum((X[:, 1:] @ w - y)**2)', 'python', 'X'), '2 * np.outer(X[:, 1:] @ w - y, np.pad(w, (1, 0)))');
  assert.equal(gradient("sum((X(:, 2:end)*theta - y).^2)", 'matlab', 'theta'), "2*X(:, 2:end)'*(X(:, 2:end)*theta - y)");
  assert.equal(gradient("sum((X(:, 2:end)*theta - y).^2)", 'matlab', 'X'), "2*(X(:, 2:end)*theta - y)*[0; theta]'");
  assert.equal(gradient('sum((X[:, 2:end]*w - y).^2)', 'julia', 'w'), "2*X[:, 2:end]'*(X[:, 2:end]*w - y)");
  // rows and columns at once, and a gradient among zero rows and columns
  assert.equal(gradient('np.sum(X[1:, :-1]**2)', 'python', 'X'), '2 * np.pad(X[1:, :-1], ((1, 0), (0, 1)))');
  assert.equal(gradient('sum(sum(X(2:end, :).^2))', 'matlab', 'X'), '2*[zeros(1, size(X, 2)); X(2:end, :)]');
  assert.equal(gradient('np.sum(np.exp(X[1:] @ w))', 'python', 'X'), 'np.pad(np.outer(np.exp(X[1:, :] @ w), w), ((1, 0), (0, 0)))');
  // LaTeX subscripts the kept rows and columns where the matrix stands, and writes padding as a block matrix
  const latex = (source: string, wrt: string) => differentiate(source, { dialect: 'python', wrt, explain: false }).latex;
  assert.equal(latex('np.sum((X[:, 1:] @ w - y)**2)', 'w'), String.raw`2 X_{:,2:m}^\top (X_{:,2:m} w - y)`);
  assert.equal(latex('np.sum((X[:, 1:] @ w - y)**2)', 'X'), String.raw`2 \begin{bmatrix} \mathbf{0} & (X_{:,2:m} w - y) w^\top \end{bmatrix}`);
  assert.equal(latex('np.sum(X[1:, :-1]**2)', 'X'), String.raw`2 \begin{bmatrix} \mathbf{0} & \mathbf{0} \\ X_{2:n,1:m-1} & \mathbf{0} \end{bmatrix}`);
  assert.equal(latex('x[1:] @ A @ x[1:]', 'A'), String.raw`x_{2:n} x_{2:n}^\top`);
  assert.equal(latex('np.sum(np.exp(X[1:] @ w))', 'X'), String.raw`\begin{bmatrix} \mathbf{0} \\ \exp(X_{2:n,:} w) w^\top \end{bmatrix}`);
  assert.equal(gradient('x[1:] @ A @ x[1:]', 'python', 'A'), 'np.outer(x[1:], x[1:])');
  // two slices as long as each other make their arrays as long: w is as long as X is wide
  assert.equal(gradient('np.sum((X[:, 1:] @ w[1:] - y)**2)', 'python', 'w'), '2 * np.pad(X[:, 1:].T @ (X[:, 1:] @ w[1:] - y), (1, 0))');
});

test('a Hessian of slices has its entries on diagonals, as scipy.optimize.rosen_hess builds it', () => {
  assert.equal(gradient('np.sum(100.0*(x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)', 'python', 'x', 2),
    '2 * (100 * (np.diag(np.pad(np.ones(x.shape[0] - 1), (1, 0))) - 2 * np.diag(x[:-1], -1)) + 200 * np.diag(np.pad(2 * x[:-1]**2 - (x[1:] - x[:-1]**2), (0, 1))) - 200 * np.diag(x[:-1], 1) + np.diag(np.pad(np.ones(x.shape[0] - 1), (0, 1))))');
  assert.equal(gradient('sum(diff(x).^2)', 'matlab', 'x', 2), '2*(diag([ones(length(x) - 1, 1); 0]) - diag(ones(length(x) - 1, 1), 1) + diag([0; ones(length(x) - 1, 1)]) - diag(ones(length(x) - 1, 1), -1))');
  assert.equal(gradient('sum((x[2:end] - x[1:end-1]).^2)', 'julia', 'x', 2), '2*(diagm(0 => [ones(length(x) - 1); 0]) - diagm(1 => ones(length(x) - 1)) + diagm(0 => [0; ones(length(x) - 1)]) - diagm(-1 => ones(length(x) - 1)))');
});

test("differences (np.diff, MATLAB's and Julia's diff) are x[1:] - x[:-1], and print as the selection calls them", () => {
  assert.equal(gradient('np.sum(np.diff(x)**2)', 'python', 'x'), '2 * (np.pad(np.diff(x), (1, 0)) - np.pad(np.diff(x), (0, 1)))');
  assert.equal(gradient('sum(diff(x).^2)', 'matlab', 'x'), '2*([0; diff(x)] - [diff(x); 0])');
  assert.equal(gradient('sum(diff(x).^2)', 'julia', 'x'), '2*([0; diff(x)] - [diff(x); 0])');
  // taken twice: the padding merges ([zeros(2, 1); g], not [[g; 0]; 0])
  assert.equal(gradient('sum(diff(x, 2).^2)', 'matlab', 'x'), '2*([zeros(2, 1); diff(diff(x))] + [diff(diff(x)); zeros(2, 1)] - 2*[0; diff(diff(x)); 0])');
  assert.equal(gradient('np.sum(np.diff(x, n=2)**2)', 'python', 'x'), gradient('np.sum(np.diff(np.diff(x))**2)', 'python', 'x'));
  // the total variation: a kink where neighbours are equal
  const tv = differentiateMatrix('np.sum(np.abs(np.diff(x)))', { dialect: 'python', wrt: 'x', explain: false });
  assert.deepEqual([tv.result, tv.warnings], ['np.pad(np.sign(np.diff(x)), (1, 0)) - np.pad(np.sign(np.diff(x)), (0, 1))', ['not differentiable where an entry of np.diff(x) is 0']]);
  assert.throws(() => differentiateMatrix('np.sum(np.diff(X, axis=0)**2)', { dialect: 'python', wrt: 'X', explain: false }), /'np.diff' along an axis is not supported: of a vector, its differences/);
  assert.throws(() => differentiateMatrix('sum(diff(x, 1, 2).^2)', { dialect: 'matlab', wrt: 'x', explain: false }), /diff takes a vector and how many times to difference/);
  assert.throws(() => differentiateMatrix('np.sum(np.diff(x, n=0)**2)', { dialect: 'python', wrt: 'x', explain: false }), /how many times to difference as a whole number from 1 to 8/);
});

test('a name Python reserves is written as Python code writes it: lambda_ in numpy results and the gradient check', () => {
  const r = differentiateMatrix('lambda/(2*m)*sum(theta(2:end).^2)', { dialect: 'matlab', wrt: 'theta', explain: true });
  assert.equal(r.numpy, 'lambda_ * np.pad(theta[1:], (1, 0)) / m');
  assert.match(r.gradientCheck, /^lambda_ = rng\.uniform/m);
  assert.match(r.gradientCheck, /def f\(lambda_, m, theta\):/);
  // Python's own lambda_ is the variable lambda, asked for either way
  const python = (wrt: string) => differentiate('lambda_/2*np.sum(w**2) + np.sum((X @ w - y)**2)', { dialect: 'python', wrt, explain: false }).result;
  assert.equal(python('w'), 'lambda_ * w + 2 * X.T @ (X @ w - y)');
  assert.equal(python('lambda_'), 'np.sum(w**2) / 2');
  assert.equal(differentiate('lambda_*x**2', { dialect: 'python', wrt: 'lambda_', explain: false }).result, 'x**2');
});

test("a slice's gradient never evaluates what the slice drops: the root of a negative end entry is not needed", { skip: !numpy && 'no python3 with numpy' }, () => {
  // the matrix fuzzer found np.pad(np.sqrt(q)[1:-1], (1, 1)) / np.sqrt(q): nan where q[0] < 0, where the derivative is 0
  assert.equal(gradient('np.sum(np.sqrt(q)[1:-1]**2)', 'python', 'q'), 'np.pad(np.ones(q.shape[0] - 2), (1, 1))');
  assert.equal(gradient('(p**0.5)[2:] @ (p**0.5)[:-2]', 'python', 'p'), '0.5 * (np.pad(p[:-2]**0.5 / p[2:]**0.5, (2, 0)) + np.pad(p[2:]**0.5 / p[:-2]**0.5, (0, 2)))');
  const result = gradient('np.sum(np.log(p)[1:-1]**2)', 'python', 'p');
  assert.equal(result, '2 * np.pad(np.log(p[1:-1]) / p[1:-1], (1, 1))');
  // p's first and last entries are negative: the source is real, and so must the gradient be
  const script = [
    'import numpy as np',
    'p = np.array([-1.0, 0.7, 1.3, 0.9, -3.0])',
    'f = lambda v: np.sum(np.log(v[1:-1])**2)',
    'got = ' + result,
    'h = 1e-6',
    'want = np.array([(f(p + h * e) - f(p - h * e)) / (2 * h) for e in np.eye(len(p))])',
    'print("@", np.all(np.isfinite(got)), float(np.max(np.abs(got - want))))',
  ].join('\n');
  const out = spawnSync('python3', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(out.status, 0, out.stderr);
  const [, finite, err] = out.stdout.trim().split(' ');
  assert.equal(finite, 'True', out.stdout);
  assert.ok(Number(err) < 1e-6, out.stdout);
});

test('the gradient check of a MATLAB selection with lambda runs in python3', { skip: !numpy && 'no python3 with numpy' }, () => {
  const r = differentiateMatrix('lambda/(2*m)*sum(theta(2:end).^2) + sum((X*theta - y).^2)', { dialect: 'matlab', wrt: 'theta', explain: true });
  const out = spawnSync('python3', ['-c', r.gradientCheck], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /\nOK\n$/);
});

test('a slice in LaTeX results and in the working: x_{2:n}, a padded column, and the selection named by what it keeps', () => {
  const r = differentiate('lambda/(2*m)*sum(theta(2:end).^2)', { dialect: 'matlab', wrt: 'theta', explain: true });
  assert.equal(r.latex, String.raw`\frac{\lambda \begin{bmatrix} 0 \\ \theta_{2:n} \end{bmatrix}}{m}`);
  const m = r.matrix!;
  // the shapes are the user's: the slice n-1 long, no selection matrix listed
  assert.equal(m.detail.shapes['theta(2:end)'], 'n-1');
  assert.ok(!Object.keys(m.detail.shapes).some((k) => k.includes('eye')), Object.keys(m.detail.shapes).join(', '));
  const first = m.detail.index.derivation[0];
  assert.equal(first.step, 'index-form');
  assert.match(first.latex, /S\^\{\(2:n\)\}_\{ab\}\\, \\theta_\{b\}/);
  assert.deepEqual(first.rules.map((x) => x.identity), [String.raw`S^{(2:n)} = \begin{bmatrix} \mathbf{0}_{(n-1) \times 1} & I_{n-1} \end{bmatrix}, \quad u_{2:n} = S^{(2:n)}\, u`]);
  // the gradient check a user can paste sizes the vector so that the slice keeps entries
  assert.match(m.detail.gradientCheck, /n, = \(int\(d\) for d in rng\.integers\(3, 7, size=1\)\)/);
  assert.match(m.detail.gradientCheck, /lambda_ \* np\.pad\(theta\[1:\], \(1, 0\)\) \/ m/);
});

test('slices the engine cannot place are refused with the reason', () => {
  const refused = (source: string, dialect: 'python' | 'matlab' | 'julia', pattern: RegExp) =>
    assert.throws(() => differentiateMatrix(source, { dialect, wrt: 'x', explain: false }), pattern);
  // a fixed number of entries at a place the selection does not give
  refused('np.sum(x[:3]**2)', 'python', /'x\[:3\]' keeps a fixed number of entries: slices are read with the start counted from the front/);
  refused('np.sum(x[-2:]**2)', 'python', /keeps a fixed number of entries/);
  refused('sum(x(3:5).^2)', 'matlab', /'x\(3:5\)': slices are read with the start counted from the front and the end from the back/);
  refused('sum(x[2:end-k].^2)', 'julia', /'x\[2:end-k\]': slices are read/);
  refused('sum(x(0:end).^2)', 'matlab', /slices are read/);
  // as long as its own vector; a matrix's entries in column order; a vector's columns
  refused('np.sum(x[1:] * x)', 'python', /'x\[1:\]' has 1 entry fewer than its vector, and here it must be as long as the vector/);
  refused("sum(X(2:end).^2) + x'*x", 'matlab', /'X\(2:end\)' takes a matrix's entries in column order, which is not supported: slice its rows, \(2:end, :\), or its columns, \(:, 2:end\)/);
  refused('np.sum(x[:, 1:])', 'python', /'x\[:, 1:\]': a vector has no columns to slice/);
  refused('np.sum(x[1:, 2:, 3:])', 'python', /indexing is not supported/);
});

/** Sources and their variables' sizes, differentiated, printed, and judged in a runtime by central differences. */
const JUDGED: { matlab: string; python: string; wrt: string; sizes: Record<string, number[]>; order?: number }[] = [
  { matlab: 'sum((X*theta - y).^2)/(2*m) + lambda/(2*m)*sum(theta(2:end).^2)', python: 'np.sum((X @ theta - y)**2)/(2*m) + lam/(2*m)*np.sum(theta[1:]**2)', wrt: 'theta', sizes: { X: [4, 3], theta: [3], y: [4], m: [], lambda: [], lam: [] } },
  { matlab: 'sum(100*(x(2:end) - x(1:end-1).^2).^2 + (1 - x(1:end-1)).^2)', python: 'np.sum(100*(x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)', wrt: 'x', sizes: { x: [5] } },
  { matlab: 'mean(log(1 + exp(-y.*(X*theta)))) + lambda/(2*length(y))*sum(theta(2:end-1).^2)', python: 'np.mean(np.log(1 + np.exp(-y*(X @ theta)))) + lam/(2*len(y))*np.sum(theta[1:-1]**2)', wrt: 'theta', sizes: { X: [4, 4], theta: [4], y: [4], lambda: [], lam: [] } },
  { matlab: 'sum((x(3:end) - 2*x(2:end-1) + x(1:end-2)).^2)', python: 'np.sum((x[2:] - 2*x[1:-1] + x[:-2])**2)', wrt: 'x', sizes: { x: [6] } },
  { matlab: 'sum(exp(W*x(2:end)))', python: 'np.sum(np.exp(W @ x[1:]))', wrt: 'W', sizes: { W: [3, 4], x: [5] } },
  { matlab: 'norm(x(2:end))', python: 'np.linalg.norm(x[1:])', wrt: 'x', sizes: { x: [5] } },
  { matlab: 'sum((X(:, 2:end)*theta - y).^2)', python: 'np.sum((X[:, 1:] @ theta - y)**2)', wrt: 'X', sizes: { X: [4, 4], theta: [3], y: [4] } },
  { matlab: 'sum(sum(exp(X(2:end, 1:end-1))))', python: 'np.sum(np.exp(X[1:, :-1]))', wrt: 'X', sizes: { X: [4, 5] } },
  { matlab: "sum((X(:, 2:end)*w(2:end) - y).^2)", python: 'np.sum((X[:, 1:] @ w[1:] - y)**2)', wrt: 'w', sizes: { X: [4, 4], w: [4], y: [4] } },
  { matlab: 'sum(diff(x, 2).^2) + sum(abs(diff(x)))', python: 'np.sum(np.diff(x, n=2)**2) + np.sum(np.abs(np.diff(x)))', wrt: 'x', sizes: { x: [6] } },
  // differences of a matrix's rows in a result: np.diff(A, axis=0) (numpy's diff takes the last axis; a fuzzer finding)
  { matlab: 'sum(diff(A*x - x).^2)', python: 'np.sum(np.diff(A @ x - x)**2)', wrt: 'x', sizes: { A: [4, 4], x: [4] } },
  // Hessians: entries on diagonals (np.diag(v, k), MATLAB diag(v, k))
  { matlab: 'sum((x(2:end) - x(1:end-1)).^2)', python: 'np.sum((x[1:] - x[:-1])**2)', wrt: 'x', sizes: { x: [5] }, order: 2 },
  { matlab: 'sum(100*(x(2:end) - x(1:end-1).^2).^2 + (1 - x(1:end-1)).^2)', python: 'np.sum(100*(x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)', wrt: 'x', sizes: { x: [5] }, order: 2 },
  { matlab: 'sum(exp(x(3:end) - x(1:end-2)))', python: 'np.sum(np.exp(x[2:] - x[:-2]))', wrt: 'x', sizes: { x: [6] }, order: 2 },
];

const octave = spawnSync('octave-cli', ['--version'], { encoding: 'utf8' }).status === 0;
test('MATLAB results with slices run in GNU Octave and equal its central differences of the selection', { skip: !octave && 'GNU Octave is not installed (node scripts/octave.mjs installs it)' }, () => {
  const lines = ['rand("seed", 11);'];
  JUDGED.forEach((c, k) => {
    const order = c.order ?? 1;
    const result = differentiateMatrix(c.matlab, { dialect: 'matlab', wrt: c.wrt, order, explain: false }).result;
    // the derivative one order down, differentiated numerically: the source itself, or the gradient for a Hessian
    const lower = order === 1 ? c.matlab : differentiateMatrix(c.matlab, { dialect: 'matlab', wrt: c.wrt, explain: false }).result;
    for (const [name, s] of Object.entries(c.sizes)) lines.push(`${name} = rand(${s[0] ?? 1}, ${s.length === 2 ? s[1] : 1}) + 0.5;`);
    lines.push(`f = @(${c.wrt}) ${lower}; x0 = ${c.wrt}; h = 1e-5; J = zeros(numel(f(x0)), numel(x0));`);
    lines.push('for i = 1:numel(x0); e = zeros(size(x0)); e(i) = h; d = (f(x0 + e) - f(x0 - e))/(2*h); J(:, i) = d(:); end');
    lines.push(`got = ${result}; want = reshape(J, size(got)); printf("@${k} %.3e\\n", max(abs(got(:) - want(:)))/max(abs(want(:))));`);
  });
  const out = spawnSync('octave-cli', ['--no-gui', '--norc', '--quiet', '--eval', lines.join('\n')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(out.status, 0, out.stderr);
  const errors = out.stdout.split('\n').filter((l) => l.startsWith('@')).map((l) => Number(l.split(' ')[1]));
  assert.equal(errors.length, JUDGED.length, out.stdout);
  assert.deepEqual(errors.flatMap((e, k) => (e < 1e-6 ? [] : [`${JUDGED[k].matlab}: ${e}`])), []);
});

test('numpy results with slices run in python3 and equal its central differences of the selection', { skip: !numpy && 'no python3 with numpy' }, () => {
  const cases = JUDGED.map((c) => {
    const order = c.order ?? 1;
    return {
      result: differentiateMatrix(c.python, { dialect: 'python', wrt: c.wrt, order, explain: false }).result,
      lower: order === 1 ? c.python : differentiateMatrix(c.python, { dialect: 'python', wrt: c.wrt, explain: false }).result,
      wrt: c.wrt, sizes: c.sizes,
    };
  });
  const script = [
    'import json, numpy as np',
    'rng = np.random.default_rng(11)',
    `for k, c in enumerate(json.loads(${JSON.stringify(JSON.stringify(cases))})):`,
    '    env = {"np": np}',
    '    for name, s in c["sizes"].items(): env[name] = rng.uniform(0.5, 1.5, tuple(s)) if s else rng.uniform(0.5, 1.5)',
    '    x0 = env[c["wrt"]]; h = 1e-5',
    '    f = lambda v: np.asarray(eval(c["lower"], {**env, c["wrt"]: v}), dtype=float)',
    '    cols = []',
    '    for i in np.ndindex(x0.shape):',
    '        e = np.zeros(x0.shape); e[i] = h',
    '        cols.append(((f(x0 + e) - f(x0 - e)) / (2 * h)).reshape(-1))',
    '    got = np.asarray(eval(c["result"], env), dtype=float)',
    '    want = np.array(cols).T.reshape(got.shape)',
    '    print("@", np.max(np.abs(got - want)) / np.max(np.abs(want)))',
  ].join('\n');
  const out = spawnSync('python3', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(out.status, 0, out.stderr);
  const errors = out.stdout.split('\n').filter((l) => l.startsWith('@')).map((l) => Number(l.split(' ')[1]));
  assert.equal(errors.length, JUDGED.length, out.stdout);
  assert.deepEqual(errors.flatMap((e, k) => (e < 1e-6 ? [] : [`${JUDGED[k].python}: ${e}`])), []);
});
