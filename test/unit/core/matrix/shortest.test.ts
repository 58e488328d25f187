// Results a person would write (issue 12, matrix): the shortest valid form (an inverse of a product
// cancels against its square ends), the user's own solve kept as a solve, and every such result
// numerically verified and read back to the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiateMatrix, MatrixDialect, MatrixVar } from '../../../../src/core/matrix/api';
import { formula, maxDifference } from './support';

const shape = (o: Record<string, string[]>): Record<string, MatrixVar> => Object.fromEntries(Object.entries(o).map(([k, s]) => [k, { shape: s }]));
const square = shape({ A: ['n', 'n'], B: ['n', 'n'], X: ['n', 'n'], x: ['n'], b: ['n'] });
const tall = shape({ A: ['m', 'm'], X: ['m', 'n'], y: ['m'] });

/** Differentiates, asserts the numeric check passed and that the printed result reads back to the same value. */
function derive(source: string, dialect: MatrixDialect, wrt: string, vars: Record<string, MatrixVar>, order = 1) {
  const r = differentiateMatrix(source, { dialect, wrt, vars, order });
  assert.equal(r.verified, true, `${source}: ${r.result} is not verified`);
  if (dialect !== 'latex' && dialect !== 'python') {
    const again = maxDifference(formula(r.result, dialect, vars), formula(r.matrix, 'matrix', vars), vars);
    assert.ok(again.points >= 3 && again.worst < 1e-8, `${r.result} read back differs by ${again.worst}`);
  }
  return r;
}

test('d log det(A X B)/dX is inv(X)\' when A and B are square, in every dialect', () => {
  const sources: Record<MatrixDialect, string> = { matrix: 'log(det(A*X*B))', matlab: 'log(det(A*X*B))', julia: 'log(det(A*X*B))', python: 'np.log(np.linalg.det(A @ X @ B))', latex: '\\log\\det(A X B)' };
  const want: Record<MatrixDialect, string> = { matrix: "inv(X)'", matlab: "inv(X)'", julia: "inv(X)'", python: 'np.linalg.inv(X).T', latex: 'X^{-\\top}' };
  for (const dialect of Object.keys(sources) as MatrixDialect[]) assert.equal(derive(sources[dialect], dialect, 'X', square).result, want[dialect], dialect);
});

test('the family of cancellations: det, a factor on one side, a repeated factor, a symmetric product', () => {
  assert.equal(derive('det(A*X*B)', 'matrix', 'X', square).result, "det(A*X*B)*inv(X)'");
  assert.equal(derive('logdet(A*X)', 'matrix', 'X', square).result, "inv(X)'");
  assert.equal(derive('logdet(X*B)', 'matrix', 'X', square).result, "inv(X)'");
  assert.equal(derive('logdet(X*X)', 'matrix', 'X', square).result, "2*inv(X)'");
  assert.equal(derive("logdet(X'*A*X)", 'matrix', 'X', square).result, "2*inv(X)'");
  // inside a chain: tr(inv(A*X)*A) = tr(inv(X))
  assert.equal(derive('tr(inv(A*X)*A)', 'matrix', 'X', square).result, "-inv(X)'*inv(X)'");
});

test('a product that is not square does not cancel: X (m×n) in log det(X\'*A*X) keeps its inverse', () => {
  const r = derive("logdet(X'*A*X)", 'matrix', 'X', tall);
  assert.match(r.result, /inv\(X'\*A\*X\)/);
});

test('the user\'s solve stays a solve: \\ in MATLAB, Julia and plain notation, np.linalg.solve in numpy', () => {
  const vars = shape({ X: ['m', 'n'], y: ['m'] });
  for (const dialect of ['matrix', 'matlab', 'julia'] as const) {
    const r = derive("(X'*X)\\(X'*y)", dialect, 'y', vars);
    assert.equal(r.result, "(X'*X)\\X'", dialect);
    assert.equal(r.numpy, 'np.linalg.solve(X.T @ X, X.T)', dialect);
    // LaTeX writes the inverse, as papers do
    assert.equal(r.latex, '(X^\\top X)^{-1} X^\\top');
  }
  // the inverse a solve stands for is not named S = inv(A) when it repeats: the result's solves are the form shown
  const twice = derive('np.linalg.solve(A, x) @ x', 'python', 'x', square);
  assert.equal(twice.result, 'np.linalg.solve(A, x) + np.linalg.solve(A.T, x)');
  assert.equal(twice.named, undefined);
  assert.equal(derive("(A\\x)'*x", 'matlab', 'x', square).named, undefined);
  // an inverse the selection writes is named
  assert.equal(derive('np.trace(np.linalg.inv(X))', 'python', 'X', square).named?.result, '-S.T @ S.T');
});

test('solves inside a result: each term keeps its own right-hand side, a factor before it is parenthesized', () => {
  assert.equal(derive("x'*(A\\x)", 'matrix', 'x', square).result, "A\\x + A'\\x");
  assert.equal(derive("x'*(A\\x)", 'matrix', 'x', square).numpy, 'np.linalg.solve(A, x) + np.linalg.solve(A.T, x)');
  assert.equal(derive("b'*(A\\x)", 'matrix', 'x', square).result, "A'\\b");
  const vars = shape({ X: ['m', 'n'], y: ['m'] });
  const r = derive("y'*X*((X'*X)\\(X'*y))", 'matlab', 'y', vars);
  assert.equal(r.result, "2*X*((X'*X)\\(X'*y))");
  assert.equal(r.numpy, '2 * X @ np.linalg.solve(X.T @ X, X.T @ y)');
});

test('an inverse the user wrote stays an inverse', () => {
  const vars = shape({ X: ['m', 'n'], y: ['m'] });
  assert.equal(derive("inv(X'*X)*X'*y", 'matrix', 'y', vars).result, "inv(X'*X)*X'");
});

test('a Hessian that one term writes is one term: the logistic loss, the softplus, the sigmoid\'s sum', () => {
  const logistic = shape({ X: ['m', 'n'], w: ['n'], y: ['m'] });
  // the cross-entropy and the softplus form of one loss give the one textbook Hessian, X' diag(σ(1 − σ)) X
  assert.equal(derive("-(y'*log(sigmoid(X*w)) + (ones(m) - y)'*log(ones(m) - sigmoid(X*w)))", 'matrix', 'w', logistic, 2).result, "X'*diag((ones(m) - sigmoid(X*w)).*sigmoid(X*w))*X");
  assert.equal(derive("sum(log(ones(m) + exp(X*w))) - y'*X*w", 'matrix', 'w', logistic, 2).result, "X'*diag((ones(m) - sigmoid(X*w)).*sigmoid(X*w))*X");
  assert.equal(derive("sum(sigmoid(X*w))", 'matrix', 'w', logistic, 2).result, "X'*diag((ones(m) - sigmoid(X*w)).*(ones(m) - 2*sigmoid(X*w)).*sigmoid(X*w))*X");
  // a scalar softplus: its gradient sigmoid(a'*x)*a, then the sigmoid's own rule
  assert.equal(derive("log(1 + exp(a'*x))", 'matrix', 'x', shape({ a: ['n'], x: ['n'] }), 2).result, "(1 - sigmoid(a'*x))*sigmoid(a'*x)*a*a'");
});

test('element-wise functions applied in turn are differentiated as one function, simplified', () => {
  const regression = shape({ X: ['m', 'n'], w: ['n'], y: ['m'] });
  // the log-cosh loss: tanh, not the chain rule's sinh./cosh
  const logCosh = derive('sum(log(cosh(X*w - y)))', 'matlab', 'w', regression);
  assert.equal(logCosh.result, "X'*tanh(X*w - y)");
  assert.equal(logCosh.index.steps[0].identity, "log(cosh(u))' = tanh(u)*u', element-wise");
  // the derivation takes the same one rule, so its lines arrive at the result without a jump
  const rules = logCosh.index.derivation.flatMap((l) => l.rules.map((r) => r.identity));
  assert.ok(rules.includes('\\frac{d}{du} \\log(\\cosh(u)) = \\tanh(u)'), rules.join('\n'));
  assert.ok(!logCosh.index.derivation.some((l) => l.latex.includes('sinh')), 'no sinh on the way');
  assert.equal(derive('np.sum(np.log(np.cosh(X @ w - y)))', 'python', 'w', regression).result, 'X.T @ np.tanh(X @ w - y)');
  const vector = shape({ x: ['n'] });
  assert.equal(derive('sum(log(exp(x) + exp(-x)))', 'matrix', 'x', vector).result, 'tanh(x)');
  assert.equal(derive('sum(log(ones(n) - tanh(x).^2))', 'matrix', 'x', vector).result, '-2*tanh(x)');
  // one function alone keeps its own rule and identity; functions of different arrays are not one function
  assert.equal(derive('sum(exp(x))', 'matrix', 'x', vector).index.steps[0].rule, 'exp');
  const two = derive('sum(log(exp(x) + exp(y)))', 'matrix', 'x', shape({ x: ['n'], y: ['n'] }));
  assert.equal(two.index.steps[0].rule, 'log');
});

test('where a dialect writes sigmoid as a formula, a product with it is a quotient and 1 − sigmoid(u) is sigmoid(−u)', () => {
  const logistic = shape({ X: ['m', 'n'], w: ['n'], y: ['m'] });
  const loss = { python: 'np.sum(np.log(1 + np.exp(-y * (X @ w))))', matlab: 'sum(log(1 + exp(-y.*(X*w))))', julia: 'sum(log.(1 .+ exp.(-y .* (X*w))))' } as const;
  assert.equal(derive(loss.python, 'python', 'w', logistic).result, '-X.T @ (y / (1 + np.exp(y * (X @ w))))');
  assert.equal(derive(loss.matlab, 'matlab', 'w', logistic).result, "-X'*(y./(1 + exp(y.*(X*w))))");
  assert.equal(derive(loss.julia, 'julia', 'w', logistic).result, "-X'*(y ./ (1 .+ exp.(y .* (X*w))))");
  // the Hessian's σ(u)(1 − σ(u)): two quotients; MatrixCalculus.org syntax keeps sigmoid
  const hessian = derive("sum(log(ones(m) + exp(X*w))) - y'*X*w", 'matrix', 'w', logistic, 2);
  assert.equal(hessian.numpy, 'X.T @ ((1 / ((1 + np.exp(X @ w)) * (1 + np.exp(-X @ w))))[:, None] * X)');
  assert.equal(hessian.result, "X'*diag((ones(m) - sigmoid(X*w)).*sigmoid(X*w))*X");
});

test('a number dividing an element-wise quotient joins its denominator', () => {
  const vars = shape({ x: ['n'] });
  assert.equal(derive('sum(sqrt(exp(x) + 1))', 'matlab', 'x', vars).result, 'exp(x)./(2*sqrt(1 + exp(x)))');
  assert.equal(derive('np.sum(-np.sqrt(np.exp(x) + 1))', 'python', 'x', vars).result, '-np.exp(x) / (2 * np.sqrt(1 + np.exp(x)))');
  assert.equal(derive('sum(sqrt.(exp.(x) .+ 1))', 'julia', 'x', vars).result, 'exp.(x) ./ (2*sqrt.(1 .+ exp.(x)))');
});

test('a power with a name for its exponent differentiates to one power, as a person writes it: a·x^(a − 1), not a·x^a/x', () => {
  const vars = { ...shape({ x: ['n'], y: ['n'], p: ['n'] }), a: { shape: [] } };
  assert.equal(derive('np.sum(x**a)', 'python', 'x', vars).result, 'a * x**(a - 1)');
  assert.equal(derive('sum(x.^a)', 'matlab', 'x', vars).result, 'a*x.^(a - 1)');
  assert.equal(derive('sum(x.^y)', 'julia', 'x', vars).result, 'y .* x.^(y .- 1)');
  assert.equal(derive('\\sum_i x_i^{a}', 'latex', 'x', vars).result, 'a x^{a - 1}');
  assert.equal(derive('np.sum(p**y * (1 - p)**(1 - y))', 'python', 'p', vars).result, 'y * p**(y - 1) * (1 - p)**(1 - y) - (1 - y) * (1 - p)**(-y) * p**y');
});

test('a standard deviation, a variance and a mean in a result are written as the selection writes them: np.std(x), not the root of a mean of squares', () => {
  const vars = shape({ x: ['n'], X: ['m', 'n'], w: ['n'] });
  assert.equal(derive('np.std(x)', 'python', 'x', vars).result, '(x - np.mean(x)) / (x.shape[0] * np.std(x))');
  assert.equal(derive('np.std(x, ddof=1)', 'python', 'x', vars).result, '(x - np.mean(x)) / ((x.shape[0] - 1) * np.std(x, ddof=1))');
  assert.equal(derive('torch.std(x)', 'python', 'x', vars).result, '(x - torch.mean(x)) / ((x.shape[0] - 1) * torch.std(x))');
  assert.equal(derive('np.std(X @ w)', 'python', 'w', vars).result, 'X.T @ (X @ w - np.mean(X @ w)) / (X.shape[0] * np.std(X @ w))');
  assert.equal(derive('std(x)', 'matlab', 'x', vars).result, '(x - mean(x))/((length(x) - 1)*std(x))');
  assert.equal(derive('std(x, 1)', 'matlab', 'x', vars).result, '(x - mean(x))/(length(x)*std(x, 1))');
  assert.equal(derive('std(X*w - y)', 'matlab', 'w', { ...vars, y: { shape: ['m'] } }).result, "X'*(X*w - y - mean(X*w - y))/((size(X, 1) - 1)*std(X*w - y))");
  assert.equal(derive('np.var(x)**2', 'python', 'x', vars).result, '4 * np.var(x) * (x - np.mean(x)) / x.shape[0]');
  // a standard deviation squared is the variance (the Jacobian of standardising x)
  assert.equal(derive('(x - np.mean(x)) / np.std(x)', 'python', 'x', vars).result, '(np.outer(np.mean(x) - x, x - np.mean(x)) / (x.shape[0] * np.var(x)) + np.eye(x.shape[0]) - 1 / x.shape[0]) / np.std(x)');
  // Julia's come from Statistics: written where the selection calls them, not otherwise
  assert.equal(derive('std(x)', 'julia', 'x', vars).result, '(x .- mean(x))/((length(x) - 1)*std(x))');
  assert.equal(derive('sqrt(sum((x .- sum(x)/length(x)).^2)/length(x))', 'julia', 'x', vars).result, '(x .- sum(x)/length(x))/(length(x)*sqrt(sum((x .- sum(x)/length(x)).^2)/length(x)))');
  // sum(x)/n² is mean(x)/n, and a count's power needs no parentheses
  assert.equal(derive('np.mean(x)**2', 'python', 'x', vars).result, '2 * np.mean(x) * np.ones_like(x) / x.shape[0]');
  assert.equal(derive('np.mean(x)**3', 'python', 'x', vars).result, '3 * np.mean(x)**2 * np.ones_like(x) / x.shape[0]');
  assert.equal(derive('np.sum(x)**3', 'python', 'x', vars).result, '3 * np.sum(x)**2 * np.ones_like(x)');
  assert.equal(derive('mean(x)^2', 'matlab', 'x', vars).result, '2*mean(x)*ones(length(x), 1)/length(x)');
});

test('a clip in a result is written as the selection wrote it, and its derivative as the mask of where it passes its input through', () => {
  const vars = shape({ x: ['n'], X: ['m', 'n'], w: ['n'] });
  // was 2 * (np.heaviside(x, 0.5) - np.heaviside(x - 1, 0.5)) * (np.maximum(x, 0) - np.maximum(x - 1, 0))
  assert.equal(derive('np.sum(np.clip(x, 0, 1)**2)', 'python', 'x', vars).result, 'np.where((x > 0) & (x < 1), 2 * np.clip(x, 0, 1), 0)');
  assert.equal(derive('np.sum(np.clip(X @ w, -1.5, 1.5)**2)', 'python', 'w', vars).result, '2 * X.T @ np.where((X @ w > -1.5) & (X @ w < 1.5), np.clip(X @ w, -1.5, 1.5), 0)');
  assert.equal(derive('torch.sum(torch.clamp(x, 0, 1)**2)', 'python', 'x', vars).result, 'torch.where((x > 0) & (x < 1), 2 * torch.clamp(x, 0, 1), 0.0)');
  assert.equal(derive('sum(clamp.(x, 0, 1).^2)', 'julia', 'x', vars).result, 'ifelse.((x .> 0) .& (x .< 1), 2*clamp.(x, 0, 1), 0)');
  // MATLAB's clip, min(max(x, 0), 1), is read as clip is
  assert.equal(derive('sum(min(max(x, 0), 1).^2)', 'matlab', 'x', vars).result, '2*(x > 0).*(x < 1).*min(max(x, 0), 1)');
});

test('the square of a scalar root is its radicand: the normal log-likelihood by sigma is (sum of squares - n*sigma**2) / sigma**3, one fraction (was 2πσn/√(2πσ²)² left over)', () => {
  const vectors = shape({ x: ['n'], mu: [], sigma: [] });
  const logLikelihood = 'np.sum(-np.log(np.sqrt(2 * np.pi * sigma**2)) - (x - mu)**2 / (2 * sigma**2))';
  assert.equal(derive(logLikelihood, 'python', 'sigma', vectors).result, '((x - mu) @ (x - mu) - x.shape[0] * sigma**2) / sigma**3');
  assert.equal(derive('sum(-log(sqrt(2*pi*sigma^2)) - (x - mu).^2 / (2*sigma^2))', 'matlab', 'sigma', vectors).result, "((x - mu)'*(x - mu) - length(x)*sigma^2)/sigma^3");
});

test('an outer product of a symmetric chain with itself prints both sides alike: inv(S) @ d twice, not d @ inv(S) beside it', () => {
  const vars = { x: { shape: ['n'] }, mu: { shape: ['n'] }, S: { shape: ['n', 'n'], props: ['symmetric'] } } as Record<string, MatrixVar>;
  const r = derive('-0.5 * np.log(np.linalg.det(S)) - 0.5 * (x - mu) @ np.linalg.inv(S) @ (x - mu)', 'python', 'S', vars);
  assert.equal(r.result, '0.5 * (np.outer(np.linalg.inv(S) @ (x - mu), np.linalg.inv(S) @ (x - mu)) - np.linalg.inv(S))');
  // a matrix that is not symmetric keeps its row: x @ A
  assert.equal(derive('(A @ x) @ (x @ A)', 'python', 'A', shape({ A: ['n', 'n'], x: ['n'] })).result, '(np.outer(A @ x, x) + np.outer(x, x @ A)).T');
});
