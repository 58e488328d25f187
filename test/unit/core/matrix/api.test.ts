// The matrix API: shapes (declared, annotated, inferred), refusals with clear errors, results a person
// would write, layouts, the explanation data, the generated gradient check, routing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { InputError } from '../../../../src/core/api';
import { differentiateMatrix, MatrixOptions } from '../../../../src/core/matrix/api';
import { routeSelection, RouteContext } from '../../../../src/core/route';
import type { Notation } from '../../../../src/core/dialects';
import { annotationsIn, parseVarSpec } from '../../../../src/core/matrix/annotations';
import { subexpressions } from '../../../../src/core/matrix/expr';
import { dimNamesOf, matrixLevel, verifyMatrix } from '../../../../src/core/matrix/verify';
import { formula } from './support';

const d = (source: string, options: MatrixOptions) => differentiateMatrix(source, options);
const refuses = (source: string, options: MatrixOptions, message: RegExp) => {
  assert.throws(() => d(source, options), (e: unknown) => e instanceof InputError && message.test(e.message), `${source}: expected ${message}`);
};

test('results read as people write them', () => {
  const cases: [string, MatrixOptions, string][] = [
    ["x'*A*x", { dialect: 'matrix', wrt: 'x' }, "(A + A')*x"],
    ["x'*A*x", { dialect: 'matrix', wrt: 'x', vars: { A: { shape: ['n', 'n'], props: ['symmetric'] } } }, '2*A*x'],
    ['x.T @ A @ x', { dialect: 'python', wrt: 'x' }, '(A + A.T) @ x'],
    ['np.sum((X @ w - y)**2)', { dialect: 'python', wrt: 'w' }, '2 * X.T @ (X @ w - y)'],
    ['np.log(np.linalg.det(X))', { dialect: 'python', wrt: 'X' }, 'np.linalg.inv(X).T'],
    ["sum((X*w - y).^2)", { dialect: 'matrix', wrt: 'w' }, "2*X'*(X*w - y)"],
    ['log(det(X))', { dialect: 'matrix', wrt: 'X' }, "inv(X)'"],
    ['\\|Ax-b\\|_2^2', { dialect: 'latex', wrt: 'x' }, '2 A^\\top (A x - b)'],
    // ones of a length no symbol has are sized in the numeric check (it failed: "no size for dimension m")
    ['\\frac{\\|x\\|^2}{\\mathbf{1}^\\top \\mathbf{1}} + \\mathbf{1}^\\top x', { dialect: 'latex', wrt: 'x' }, '\\frac{2 x}{m} + \\mathbf{1}_{n}'],
    ["x'*A*x", { dialect: 'matlab', wrt: 'x' }, "(A + A')*x"],
    ['tr(A*X*B)', { dialect: 'julia', wrt: 'X' }, "A'*B'"],
    ['(x - mu)\'*inv(S)*(x - mu)', { dialect: 'matrix', wrt: 'S', vars: { S: { shape: ['n', 'n'], props: ['symmetric'] }, mu: { shape: ['n'] } } }, "-inv(S)*(x - mu)*(x - mu)'*inv(S)"],
    // functions of numbers and of zeros are numbers and arrays, not calls: relu(1) is 1, sin of zeros is zeros
    ['np.sum(np.maximum(q / q, 0) * x)', { dialect: 'python', wrt: 'x' }, 'np.ones_like(q)'],
    ['np.sum(np.heaviside(q / q - 1, 0.5) * x)', { dialect: 'python', wrt: 'x' }, 'np.ones_like(q) / 2'],
    ['np.sum(np.sin(p - p) * x + np.cos(p - p) * x)', { dialect: 'python', wrt: 'x' }, 'np.ones_like(p)'],
    // the Hessian of a root of a ramp is defined where code evaluates it (heaviside(x)²/√relu(x)³ was 0/0 for x < 0)
    ['np.sum(np.sqrt(np.maximum(x, 0)))', { dialect: 'python', wrt: 'x', order: 2 }, '-0.25 * np.diag(np.where(x > 0, 1 / np.sqrt(x)**3, 0))'],
    ['np.sum(np.maximum(x, 0)**1.5)', { dialect: 'python', wrt: 'x', order: 2 }, '0.75 * np.diag(np.where(x > 0, 1 / x**0.5, 0))'],
  ];
  for (const [source, options, want] of cases) {
    const r = d(source, options);
    assert.equal(r.result, want, source);
    assert.equal(r.verified, true, source);
  }
});

test('a two-layer network reads as backpropagation', () => {
  // tanh' = 1/cosh^2, from the function table (src/core/functions.ts)
  const loss = 'norm2(tanh(W2*tanh(W1*x)) - y)^2';
  assert.equal(d(loss, { dialect: 'matrix', wrt: 'W1' }).result, "2*((W2'*((tanh(W2*tanh(W1*x)) - y)./cosh(W2*tanh(W1*x)).^2))./cosh(W1*x).^2)*x'");
  assert.equal(d(loss, { dialect: 'matrix', wrt: 'x' }).result, "2*W1'*((W2'*((tanh(W2*tanh(W1*x)) - y)./cosh(W2*tanh(W1*x)).^2))./cosh(W1*x).^2)");
  assert.equal(d('sum(log(ones(m) + exp(-y.*(X*w))))', { dialect: 'matrix', wrt: 'w', order: 2 }).result, "X'*diag((ones(m) - sigmoid(-y.*(X*w))).*y.^2.*sigmoid(-y.*(X*w)))*X");
});

test('kinds, shapes and layouts', () => {
  const g = d("x'*A*x", { dialect: 'matrix', wrt: 'x' });
  assert.equal(g.kind, 'gradient');
  assert.equal(g.shape, 'n');
  assert.equal(g.layout, 'numerator');
  assert.deepEqual({ x: g.shapes.x, A: g.shapes.A, f: g.shapes["x'*A*x"], d: g.shapes['d/dx'] }, { x: 'n', A: 'n×n', f: 'scalar', d: 'n' });

  const vars = { A: { shape: ['m', 'n'] }, x: { shape: ['n'] } };
  const j = d('A*x', { dialect: 'matrix', wrt: 'x', vars });
  assert.deepEqual([j.kind, j.result, j.shape, j.layout], ['jacobian', 'A', 'm×n', 'numerator']);
  assert.match(j.index.layout, /^J_ik = ∂f_i\/∂x_k/);
  const jd = d('A*x', { dialect: 'matrix', wrt: 'x', vars, layout: 'denominator' });
  assert.deepEqual([jd.kind, jd.result, jd.shape, jd.layout, jd.verified], ['jacobian', "A'", 'n×m', 'denominator', true]);
  assert.match(jd.index.layout, /^J_ki = ∂f_i\/∂x_k/);

  const h = d("x'*A*x", { dialect: 'matrix', wrt: 'x', order: 2 });
  assert.deepEqual([h.kind, h.result, h.shape, h.verified], ['hessian', "A + A'", 'n×n', true]);

  const s = d('x*c', { dialect: 'matrix', wrt: 'c', vars: { c: { shape: [] }, x: { shape: ['n'] } } });
  assert.deepEqual([s.kind, s.result, s.shape], ['derivative', 'x', 'n']);

  const m = d('tr(X)', { dialect: 'matrix', wrt: 'X', vars: { X: { shape: [3, 3] } } });
  assert.deepEqual([m.result, m.shape], ['eye(3)', '3×3']);
});

test('shape inference: declared, annotated, inferred; mismatches name both shapes', () => {
  // inferred: x'*A*x makes A square and x as long as A
  const r = d("x'*A*x", { dialect: 'matrix' });
  assert.equal(r.wrt, 'x');
  assert.equal(r.shapes.A, 'n×n');
  // a Greek name is a scalar; a lowercase name a vector unless the operations need a scalar
  assert.equal(d("lambda*x'*x", { dialect: 'matrix', wrt: 'x' }).result, '2*lambda*x');
  assert.equal(d('mu*x', { dialect: 'matrix', wrt: 'x' }).kind, 'jacobian');
  // a transpose is written for a vector: (x - mu)'*(x - mu) makes mu a vector, not x a scalar (one change either way)
  const squared = d('(x - mu)\'*(x - mu)', { dialect: 'matrix', wrt: 'mu' });
  assert.deepEqual([squared.result, squared.shapes.x, squared.shapes.mu], ['2*(mu - x)', 'n', 'n']);
  const mahalanobis = d('(x - \\mu)^\\top \\Sigma^{-1} (x - \\mu)', { dialect: 'latex', wrt: 'mu' });
  assert.deepEqual([mahalanobis.matrix, mahalanobis.kind], ["(inv(Sigma) + inv(Sigma)')*(mu - x)", 'gradient']);
  // where a scalar broadcasts (numpy, MATLAB) x - mu is valid with mu a scalar, but multiplied as a matrix or
  // transposed it is a difference of vectors: mu is a vector (it was a scalar, and d/dmu a number)
  const gaussian = d("-0.5*(x - mu)'*inv(Sigma)*(x - mu) - 0.5*log(det(Sigma))", { dialect: 'matlab', wrt: 'mu' });
  assert.deepEqual([gaussian.result, gaussian.shapes.mu, gaussian.kind], ["0.5*(inv(Sigma) + inv(Sigma)')*(x - mu)", 'n', 'gradient']);
  assert.equal(d('(x - mu) @ np.linalg.solve(Sigma, x - mu)', { dialect: 'python', wrt: 'mu' }).shapes.mu, 'n');
  // …without making x a scalar instead (as cheap a change): np.dot of two numbers is their product
  const dot = d('np.dot(x - mu, x - mu)', { dialect: 'python', wrt: 'mu' });
  assert.deepEqual([dot.result, dot.shapes.x, dot.shapes.mu], ['2 * (mu - x)', 'n', 'n']);
  // element-wise, a scalar mean stays a scalar: the squared deviations of samples x from mu
  assert.deepEqual([d('np.sum((x - mu)**2)', { dialect: 'python', wrt: 'mu' }).shapes.mu, d('sum((x - mu).^2)', { dialect: 'matlab', wrt: 'mu' }).shapes.mu], ['scalar', 'scalar']);
  // each name transposed is a change worth making: sum((X - mu').^2 ./ sigma'.^2) makes mu and sigma vectors (were scalars)
  const standardized = d("sum(sum((X - mu').^2 ./ sigma'.^2))", { dialect: 'matlab', wrt: 'mu' });
  assert.deepEqual([standardized.shapes.mu, standardized.shapes.sigma, standardized.kind], ['m', 'm', 'gradient']);
  // a matrix times a Greek name is a model's parameter vector (the course's X*theta), not a scaling: d/dtheta
  // was a row of sums; theta*X still scales
  const logistic = d('-mean(y.*log(sigmoid(X*theta)) + (1-y).*log(1-sigmoid(X*theta)))', { dialect: 'matlab', wrt: 'theta' });
  assert.deepEqual([logistic.result, logistic.shapes.theta, logistic.kind], ["X'*(sigmoid(X*theta) - y)/length(y)", 'm', 'gradient']);
  assert.equal(d('np.mean((X.dot(beta) - y)**2)', { dialect: 'python', wrt: 'beta' }).shapes.beta, 'm');
  assert.equal(d('theta*X', { dialect: 'matlab', wrt: 'X' }).shapes.theta, 'scalar');
  // a norm is of vectors: LaTeX's \|x - \mu\| made x a number (it subtracts equal shapes), numpy's norm(x - mu) a scalar mu
  const distance = d('\\frac{\\|x - \\mu\\|^2}{2\\sigma^2} + n\\log\\sigma', { dialect: 'latex', wrt: 'sigma' });
  assert.ok(distance.shapes.x !== 'scalar' && distance.shapes.x === distance.shapes['\\mu'], JSON.stringify(distance.shapes));
  // one part over a fraction bar is not bracketed, nor a scalar product beside a number; the norm is written as the selection writes it
  assert.equal(distance.result, '\\frac{\\sigma^{2} n - \\left\\|x - \\mu\\right\\|^{2}}{\\sigma^{3}}');
  assert.equal(d('\\frac{x^\\top x}{\\sigma^2}', { dialect: 'latex', wrt: 'sigma' }).result, '-\\frac{2 x^\\top x}{\\sigma^{3}}');
  assert.equal(d('np.linalg.norm(x - mu)', { dialect: 'python', wrt: 'mu' }).shapes.mu, 'n');
  // Julia names written in Unicode come back so (λ*w was lambda*w, an undefined name in the user's code)
  assert.equal(d('sum(abs2, X*w - y)/2 + λ/2*sum(abs2, w)', { dialect: 'julia', wrt: 'w' }).result, "X'*(X*w - y) + λ*w");
  assert.equal(d('sum((X*Θ .- y).^2)', { dialect: 'julia', wrt: 'Θ' }).result, "2*X'*(X*Θ .- y)");
  // a sum of squares the selection writes is written so in the result (was (x - mu) @ (x - mu), and ((x - mu)'*(x - mu)) in MATLAB)
  assert.equal(d('-np.sum((x - mu)**2) / (2 * sigma**2) - len(x) * np.log(sigma)', { dialect: 'python', wrt: 'sigma' }).result, '(np.sum((x - mu)**2) - len(x) * sigma**2) / sigma**3');
  assert.equal(d('-sum((x - mu).^2)/(2*sigma^2) - length(x)*log(sigma)', { dialect: 'matlab', wrt: 'sigma' }).result, '(sum((x - mu).^2) - length(x)*sigma^2)/sigma^3');
  // a name beside a scalar, read as a vector, would make the expression an array: one change further,
  // it is a scalar (a loss over n samples), the variable keeping its shape
  const mean = d('np.sum((X @ w - y)**2) / (2 * n) + lam / 2 * w @ w', { dialect: 'python', wrt: 'w' });
  assert.deepEqual([mean.result, mean.kind, mean.shapes.n], ['X.T @ (X @ w - y) / n + lam * w', 'gradient', 'scalar']);
  assert.equal(d('np.sum(x**2) / k', { dialect: 'python' }).result, '2 * x / k');
  assert.equal(d('np.sum(x**2) * c', { dialect: 'python', wrt: 'c' }).kind, 'jacobian');
  assert.equal(d('np.tanh(W @ x)', { dialect: 'python', wrt: 'x' }).kind, 'jacobian');
  // inv implies square
  assert.equal(d('inv(B)*x', { dialect: 'matrix', wrt: 'x' }).shapes.B, 'n×n');
  // annotations in the document, Python comments and jaxtyping hints
  assert.equal(d('x @ A @ x', { dialect: 'python', documentText: 'import numpy as np\n# x: (n,), A: (n, n) symmetric\n' }).result, '2 * A @ x');
  assert.equal(d('x @ A @ x', { dialect: 'python', documentText: 'def f(x: Float[Array, "n"], A: Float[Array, "n n"]): ...' }).result, '(A + A.T) @ x');
  // declarations win over annotations
  assert.equal(d('x @ A @ x', { dialect: 'python', documentText: '# A: (n, n) symmetric', vars: { A: { shape: ['n', 'n'] } } }).result, '(A + A.T) @ x');
  // the annotation nearest the selection wins
  const doc = '# A: (n, n)\nf = x @ A @ x\n\n# A: (n, n) symmetric\ng = x @ A @ x\n';
  assert.equal(annotationsIn(doc, doc.indexOf('f ='))!.get('A')!.symmetric, false);
  assert.equal(annotationsIn(doc, doc.indexOf('g ='))!.get('A')!.symmetric, true);
  // mismatches
  refuses('A*x', { dialect: 'matrix', vars: { A: { shape: ['m', 'n'] }, x: { shape: ['m'] } } }, /inner dimensions: m×n times m/);
  refuses('x + A', { dialect: 'matrix', wrt: 'x' }, /needs equal shapes, got n and m×p/);
  refuses('x.T @ y', { dialect: 'python', vars: { x: { shape: ['n'] }, y: { shape: ['m'] } } }, /n @ m/);
  refuses("x'*S*x", { dialect: 'matrix', vars: { S: { shape: ['n', 'm'], props: ['symmetric'] } } }, /symmetric matrix must be square/);
});

test('CLI variable specs', () => {
  assert.deepEqual(parseVarSpec('x:n'), ['x', { shape: ['n'], props: [] }]);
  assert.deepEqual(parseVarSpec('A:n,n'), ['A', { shape: ['n', 'n'], props: [] }]);
  assert.deepEqual(parseVarSpec('A:n,n:symmetric'), ['A', { shape: ['n', 'n'], props: ['symmetric'] }]);
  assert.deepEqual(parseVarSpec('c:'), ['c', { shape: [], props: [] }]);
  assert.deepEqual(parseVarSpec('c:scalar'), ['c', { shape: [], props: [] }]);
  assert.throws(() => parseVarSpec('x'), InputError);
});

test('refusals are clear, with a column where there is one', () => {
  refuses('', { dialect: 'matrix' }, /empty/);
  refuses("x'*A*", { dialect: 'matrix' }, /incomplete \(column 6\)/);
  refuses('foo(x)', { dialect: 'matrix' }, /unknown function 'foo' \(column 1\)/);
  refuses('1 + x', { dialect: 'matrix', vars: { x: { shape: ['n'] } } }, /no implicit broadcasting/);
  refuses('X^2', { dialect: 'matrix', wrt: 'X' }, /'\.\^' for an element-wise power/);
  refuses('norm(A)', { dialect: 'matlab', wrt: 'A' }, /spectral norm/);
  refuses('np.linalg.norm(A, 1)', { dialect: 'python', wrt: 'A' }, /largest column sum/);
  // an exponent of names is a power per entry (it was refused): e^(y·log x), written back as the power
  assert.equal(d('x.^y', { dialect: 'matrix', wrt: 'x' }).result, 'diag(y.*x.^(y - ones(n)))');
  // a tower of them grows past any budget and memory (x^{x^{…}} 50 high ran out of time at 400 MB): refused
  refuses('x^{x^{x^{x^{x^{x}}}}}', { dialect: 'latex', wrt: 'x' }, /a tower of powers with names in the exponents \(x\^\(x\^x\)\) more than 4 high is not supported/);
  refuses('2^x', { dialect: 'matlab', wrt: 'x', vars: { x: { shape: ['n'] } } }, /exponent must be a number or a scalar for '\^' \(an array exponent needs '\.\^'/);
  refuses('np.sum(X, dtype=float)', { dialect: 'python', wrt: 'X' }, /keyword argument 'dtype'/);
  refuses('x[::2]', { dialect: 'python', wrt: 'x' }, /indexing is not supported/);
  // an entry is a scalar in every reading (its gradient by x is scalar calculus's)
  refuses('x[0] @ A', { dialect: 'python' }, /'@' multiplies arrays, got scalar and/);
  refuses("x'*A*x", { dialect: 'matrix', wrt: 'z' }, /'z' does not occur/);
  refuses("r'*K*s", { dialect: 'matrix' }, /several variables \(r, K, s\): say which one/);
  refuses("x'*A*x", { dialect: 'matrix', order: 5 }, /order must be a whole number from 1 to 4/);
  refuses("x'*A*x", { dialect: 'matrix', layout: 'sideways' as 'numerator' }, /layout must be/);
  refuses('x', { dialect: 'cobol' as 'matrix' }, /unknown matrix dialect/);
  refuses('A @ x', { dialect: 'python', vars: { A: { shape: ['n', 'n', 'n'] } } }, /more than two dimensions/);
});

test('a result without a matrix form says so and gives the einsum form', () => {
  const r = d('inv(X)', { dialect: 'matrix', wrt: 'X' });
  assert.equal(r.kind, 'tensor');
  assert.match(r.note!, /no matrix form: the result is a tensor of order 4/);
  assert.equal(r.einsum, "-np.einsum('ik,lj->ijkl', np.linalg.inv(X), np.linalg.inv(X))");
  assert.equal(r.result, r.einsum);
  assert.equal(r.verified, true, r.verification.reason);
  const v = d('A*x', { dialect: 'matrix', wrt: 'A', vars: { A: { shape: ['m', 'n'] }, x: { shape: ['n'] } } });
  assert.equal(v.kind, 'tensor');
  assert.equal(v.shape, 'm×m×n');
  assert.equal(v.verified, true);
});

test('the explanation: index form, rules, delta eliminations, patterns back to matrix notation', () => {
  const r = d("x'*A*x", { dialect: 'matrix', wrt: 'x' });
  assert.equal(r.index.expression, 'x_a A_ab x_b');
  assert.equal(r.index.expressionLatex, 'x_{a} A_{ab} x_{b}');
  assert.equal(r.index.levels[0].derivativeLatex, 'A_{ka} x_{a} + x_{a} A_{ak}');
  assert.equal(r.index.variable, 'x_k');
  assert.equal(r.index.levels[0].derivative, 'A_ka x_a + x_a A_ak');
  assert.deepEqual(r.index.deltas.map((x) => x.rename), ['a → k', 'b → k']);
  assert.deepEqual(r.index.patterns.map((p) => [p.pattern, p.rule, p.result]), [['ka,a->k', 'matrix-vector product', 'A*x'], ['a,ak->k', 'matrix-vector product', "x'*A"]]);
  assert.ok(r.index.steps.every((s) => s.identity.length > 0));
  assert.equal(r.einsum, "np.einsum('ka,a->k', A, x) + np.einsum('a,ak->k', x, A)");
  const l = d('log(det(X))', { dialect: 'matrix', wrt: 'X' });
  assert.deepEqual(l.index.steps.map((s) => s.rule), ['logdet', 'variable']);
  assert.match(l.index.steps[0].identity, /inv\(U\)_dc ∂U_cd/);
  const e = d('sum(exp(A*x))', { dialect: 'matrix', wrt: 'x', order: 2 });
  assert.equal(e.result, "A'*diag(exp(A*x))*A");
  assert.ok(e.index.patterns.some((p) => p.rule === 'diag(x) times a matrix'));
  assert.equal(e.index.levels.length, 2);
});

test('numpy output uses the document\'s prefix and sizes from the variables', () => {
  const r = d('xp.sum(xp.exp(x))', { dialect: 'python', wrt: 'x', documentText: 'import numpy as xp\n' });
  assert.equal(r.result, 'xp.exp(x)');
  assert.equal(d('np.sum(x)', { dialect: 'python', wrt: 'x' }).result, 'np.ones_like(x)');
  assert.equal(d('np.trace(X)', { dialect: 'python', wrt: 'X' }).result, 'np.eye(X.shape[0])');
});

test('routing: matrix input goes to the matrix engine, scalar input to the scalar one', () => {
  const isMatrixInput = (source: string, notation: Notation, context?: RouteContext) => routeSelection(source, notation, context).engine === 'matrix';
  assert.equal(isMatrixInput('x**2 + 3*x', 'python'), false);
  assert.equal(isMatrixInput('np.sin(x) * x', 'python'), false);
  assert.equal(isMatrixInput('x.T @ A @ x', 'python'), true);
  assert.equal(isMatrixInput('np.linalg.det(X)', 'python'), true);
  assert.equal(isMatrixInput('np.sin(x)', 'python', { vars: { x: { shape: ['n'] } } }), true);
  assert.equal(isMatrixInput('np.exp(w)', 'python', { documentText: '# w: (n,)' }), true);
  assert.equal(isMatrixInput('x^2', 'matlab'), false);
  assert.equal(isMatrixInput("x'*x", 'matlab'), true);
  assert.equal(isMatrixInput("2*x'*y", 'matlab'), true);
  assert.equal(isMatrixInput('A\\b', 'matlab'), true);
  assert.equal(isMatrixInput("X'", 'matlab'), true);
  // transposes and left divisions of scalars are ordinary MATLAB and Julia
  for (const scalar of ["x'", "x.'", "2*x'", "(x + 1)'", "x.'.^2", "x.^2'", 'x\\1', '2\\x', '(1 + x)\\x']) assert.equal(isMatrixInput(scalar, 'matlab'), false, scalar);
  assert.equal(isMatrixInput("2x'", 'julia'), false);
  assert.equal(isMatrixInput("x'A*x", 'julia'), true);
  assert.equal(isMatrixInput('x^2', 'julia'), false);
  assert.equal(isMatrixInput('x^2 + \\sin x', 'latex'), false);
  assert.equal(isMatrixInput('\\|x\\|^2', 'latex'), true);
  assert.equal(isMatrixInput('x^2', 'plain'), false);
  assert.equal(isMatrixInput('x', 'matrix'), true);
});

test('the gradient-check script runs and agrees (numpy)', { skip: spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status !== 0 && 'no python3 with numpy' }, () => {
  const runs: [string, MatrixOptions][] = [
    ["x'*A*x", { dialect: 'matrix', wrt: 'x' }],
    ['log(det(X))', { dialect: 'matrix', wrt: 'X' }],
    ['logdet(S) - x\'*inv(S)*x', { dialect: 'matrix', wrt: 'S', vars: { S: { shape: ['n', 'n'], props: ['symmetric'] }, x: { shape: ['n'] } } }],
    ['sum(exp(A*x))', { dialect: 'matrix', wrt: 'x', order: 2 }],
    ['tanh(W*x)', { dialect: 'matrix', wrt: 'x', layout: 'denominator' }],
    ['np.sum(np.log(1 + np.exp(-y * (X @ w))))', { dialect: 'python', wrt: 'w' }],
    ['inv(X)', { dialect: 'matrix', wrt: 'X' }],
    ['c*x\'*x', { dialect: 'matrix', wrt: 'c', vars: { c: { shape: [] } } }],
    // numpy lacks the special functions: the script imports scipy.special
    ['np.sum(scipy.special.gammaln(X @ w)) + np.sum(scipy.special.erf(w))', { dialect: 'python', wrt: 'w' }],
  ];
  for (const [source, options] of runs) {
    const script = d(source, options).gradientCheck;
    const p = spawnSync('python3', ['-'], { input: script, encoding: 'utf8' });
    assert.equal(p.status, 0, `${source}\n${script}\n${p.stderr}`);
    assert.match(p.stdout, /^OK$/m, `${source}\n${script}\n${p.stdout}`);
  }
});

test("the largest and smallest entry (np.max, x.max(), MATLAB's max of a vector, Julia's maximum): the mask of where it is, and a warning only where the result keeps it", () => {
  const python = (src: string) => d(src, { dialect: 'python', wrt: 'x' });
  const max = python('np.max(x)');
  assert.deepEqual([max.result, max.verified, max.warnings], ['np.where(x < np.max(x), 0, 1)', true, ['not differentiable where two entries of x tie for the largest']]);
  assert.equal(python('x.max() ** 2').result, 'np.where(x < np.max(x), 0, 2 * np.max(x))');
  // log-sum-exp shifted by its max, as stable code writes it: the softmax, smooth (no warning)
  const lse = python('np.max(x) + np.log(np.sum(np.exp(x - np.max(x))))');
  assert.deepEqual([lse.result, lse.warnings], ['np.exp(x - np.max(x)) / np.sum(np.exp(x - np.max(x)))', undefined]);
  assert.equal(d('max(x) + log(sum(exp(x - max(x))))', { dialect: 'matlab', wrt: 'x' }).result, 'exp(x - max(x))/sum(exp(x - max(x)))');
  assert.equal(d('tf.reduce_max(x) * 2', { dialect: 'python', wrt: 'x' }).result.includes('tf.reduce_max(x)'), true);
  assert.throws(() => d('max(X)', { dialect: 'matlab', wrt: 'X', vars: { X: { shape: ['n', 'd'] } } }), /max\(X\) of a matrix is its columns' maxima, which is not supported/);
  assert.throws(() => python('np.max(x, 0)'), /'np\.max' reduces an array/);
  assert.throws(() => python('np.max()'), /'np\.max' takes an array/);
});

test('work past the time budget stops with a TimeoutError', () => {
  assert.throws(() => d('sum(exp(A*x)).^3', { dialect: 'matrix', wrt: 'x', order: 4, timeBudgetMs: 0 }), /time budget/);
});

test('higher orders without a matrix form, zero tensors, LaTeX \\cdot as an inner product', () => {
  const z = d("x'*A*x", { dialect: 'matrix', wrt: 'x', order: 3 });
  assert.deepEqual([z.kind, z.shape, z.verified], ['tensor', 'n×n×n', true]);
  assert.equal(z.result, 'np.zeros((x.shape[0], x.shape[0], x.shape[0]))');
  const c = d('sum(x.^3)', { dialect: 'matrix', wrt: 'x', order: 3 });
  assert.deepEqual([c.kind, c.verified], ['tensor', true]);
  assert.equal(d('w \\cdot x', { dialect: 'latex', wrt: 'w' }).result, 'x');
  assert.equal(d('\\frac{1}{2} x^T A x - b^T x', { dialect: 'latex', wrt: 'x' }).result, '\\frac{1}{2} (A + A^\\top) x - b');
  assert.equal(d('sum(abs2.(x))', { dialect: 'julia', wrt: 'x' }).result, '2*x');
});

test('the corpus check script passes (python3 with numpy)', { skip: spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status !== 0 && 'no python3 with numpy' }, () => {
  const p = spawnSync('python3', ['bench/check_matrix_corpus.py'], { encoding: 'utf8' });
  assert.equal(p.status, 0, p.stdout + p.stderr);
  assert.match(p.stdout, /^\d+ passed, 0 failed/m);
});

test('the numeric check is not vacuous: wrong formulas are caught, with the evidence', () => {
  const check = (f: string, claimed: string, wrt: string, vars: Record<string, { shape: string[]; props?: string[] }>) => {
    const e = formula(f, 'matrix', vars), g = formula(claimed, 'matrix', vars);
    const symbols = [...subexpressions(e).values()].flatMap((x) => (x.kind === 'sym' ? [x] : []));
    const w = symbols.find((x) => x.name === wrt)!;
    return verifyMatrix({ levels: [matrixLevel(e), matrixLevel(g)], wrt: w, symbols, dimNames: dimNamesOf(symbols), seed: 1, symmetric: w.symmetric });
  };
  const v = { x: { shape: ['n'] }, A: { shape: ['n', 'n'] } };
  assert.equal(check("x'*A*x", "(A + A')*x", 'x', v).verified, true);
  const wrong = check("x'*A*x", 'A*x', 'x', v);
  assert.equal(wrong.verified, false);
  assert.match(wrong.reason!, /differs from the numeric derivative/);
  assert.ok(wrong.points.length >= 1 && wrong.maxRelError > 1e-3);
  // the transpose matters: inv(X)' is right for log det X, inv(X) is not
  const x = { X: { shape: ['n', 'n'] } };
  assert.equal(check('logdet(X)', "inv(X)'", 'X', x).verified, true);
  assert.equal(check('logdet(X)', 'inv(X)', 'X', x).verified, false);
  // symmetric convention: (x*y' + y*x')/2 is the gradient of x'*S*y; x*y' is not symmetric
  const s = { x: { shape: ['n'] }, y: { shape: ['n'] }, S: { shape: ['n', 'n'], props: ['symmetric'] } };
  assert.equal(check("x'*S*y", "(x*y' + y*x')/2", 'S', s).verified, true);
  assert.equal(check("x'*S*y", "x*y'", 'S', s).verified, false);
});

test("a bias beside a matrix product is read as a vector and its number reading is said, with the comment that chooses it; numpy agrees", () => {
  const loss = 'np.sum((X @ w + b - y) ** 2)';
  const asVector = d(loss, { dialect: 'python', wrt: 'b' });
  assert.equal(asVector.result, '2 * (X @ w + b - y)');
  assert.deepEqual(asVector.warnings, ['b is read as a vector of length n; if b is one number added to every entry, the derivative is 2 * np.sum(X @ w + b - y) (a comment # b: () by the selection says so)']);
  const context = 'import numpy as np\n# b: ()\n';
  const asNumber = d(loss, { dialect: 'python', wrt: 'b', documentText: `${context}${loss}`, selectionOffset: context.length });
  assert.equal(asNumber.result, '2 * np.sum(X @ w + b - y)');
  assert.equal(asNumber.warnings, undefined);
  assert.match(d('sum((X*w + b - y).^2)', { dialect: 'matlab', wrt: 'b' }).warnings?.[0] ?? '', /derivative is 2\*sum\(X\*w \+ b - y\) \(a comment % b: \(\)/);
  // not a bias: nothing to add it to, a vector it is subtracted from, LaTeX (which adds equal shapes only), the weights
  for (const [source, dialect, wrt] of [['np.sum((b - y) ** 2)', 'python', 'b'], [loss, 'python', 'y'], ['\\|Xw + b - y\\|^2', 'latex', 'b'], [loss, 'python', 'w']] as const) {
    assert.equal(d(source, { dialect, wrt }).warnings, undefined, `${source} by ${wrt}`);
  }
  const run = spawnSync('python3', ['-c', [
    'import numpy as np',
    'rng = np.random.default_rng(3)',
    'X = rng.normal(size=(5, 3)); w = rng.normal(size=3); y = rng.normal(size=5); b = 0.7; h = 1e-6',
    `f = lambda b: ${loss}`,
    `print(abs(${asNumber.result} - (f(b + h) - f(b - h)) / (2 * h)))`,
  ].join('\n')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Number(run.stdout) < 1e-5, run.stdout);
});

test('a Greek name subtracted from a matrix is read as one number and its vector reading is said, with the comment that chooses it; numpy agrees', () => {
  const loss = 'np.sum((X - mu) ** 2, axis=1).mean()';
  const asNumber = d(loss, { dialect: 'python', wrt: 'mu' });
  assert.equal(asNumber.result, '-2 * np.sum(X - mu) / X.shape[0]');
  assert.deepEqual(asNumber.warnings, ['mu is read as one number, the same for every entry of X; if mu is a vector with one entry per column of X (broadcast along its rows), the derivative is -2 * np.mean(X - mu, axis=0) (a comment # mu: (m,) by the selection says so)']);
  const context = 'import numpy as np\n# mu: (m,)\n';
  const asVector = d(loss, { dialect: 'python', wrt: 'mu', documentText: `${context}${loss}`, selectionOffset: context.length });
  assert.equal(asVector.result, '-2 * np.mean(X - mu, axis=0)');
  assert.equal(asVector.warnings, undefined);
  // declared, the deviations stay as written rather than np.sum(X, axis=0) - X.shape[0] * mu
  assert.equal(d('np.sum((X - mu) ** 2)', { dialect: 'python', wrt: 'mu', vars: { mu: { shape: ['d'] } } }).result, '-2 * np.sum(X - mu, axis=0)');
  // not a shift of a matrix: a vector minus a number, MATLAB (whose vectors are columns), by the matrix
  for (const [source, dialect, wrt] of [['np.sum((x - mu) ** 2)', 'python', 'mu'], ['sum(sum((X - mu).^2))', 'matlab', 'mu'], [loss, 'python', 'X']] as const) {
    assert.equal(d(source, { dialect, wrt }).warnings, undefined, `${source} by ${wrt}`);
  }
  const run = spawnSync('python3', ['-c', [
    'import numpy as np',
    'rng = np.random.default_rng(5)',
    'X = rng.normal(size=(5, 3)); mu = rng.normal(size=3); h = 1e-6',
    `f = lambda mu: ${loss}`,
    'numeric = np.array([(f(mu + h * e) - f(mu - h * e)) / (2 * h) for e in np.eye(3)])',
    `print(np.max(np.abs(${asVector.result} - numeric)))`,
  ].join('\n')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Number(run.stdout) < 1e-5, run.stdout);
});

test('an uppercase constant (the N of a mean, the C of an SVM) is a number where a matrix would make the value an array; numpy agrees', () => {
  const cases: [string, MatrixOptions, string][] = [
    ['np.sum(x ** 2) / N', { dialect: 'python', wrt: 'x' }, '2 * x / N'],
    ['L * np.sum((X @ w - y) ** 2)', { dialect: 'python', wrt: 'w' }, '2 * L * X.T @ (X @ w - y)'],
    ['x @ A @ x + C', { dialect: 'python', wrt: 'x' }, '(A + A.T) @ x'],
    // x^T made x a number here, and x²A + C the answer
    ['x^\\top A x + C', { dialect: 'latex', wrt: 'x' }, '(A + A^\\top) x'],
    ['C*sum(max(0, 1 - y.*(X*w))) + norm(w)^2/2', { dialect: 'matlab', wrt: 'w' }, "w - C*X'*(y.*((1 + sign(1 - y.*(X*w)))/2))"],
  ];
  for (const [source, options, expected] of cases) {
    const r = d(source, options);
    assert.equal(r.result, expected, source);
    assert.equal(r.verified, true, source);
  }
  // never a number to get past a refusal: MATLAB's norm(W) is the spectral norm, not |W|
  refuses('norm(W)', { dialect: 'matlab', wrt: 'W' }, /spectral|2-norm|singular/i);
  const run = spawnSync('python3', ['-c', [
    'import numpy as np',
    'rng = np.random.default_rng(4)',
    'x = rng.normal(size=4); X = rng.normal(size=(6, 4)); y = rng.normal(size=6); N = 7.0; L = 0.3; h = 1e-6',
    'def grad(f, v):',
    '    return np.array([(f(v + h * e) - f(v - h * e)) / (2 * h) for e in np.eye(len(v))])',
    `print(max(np.max(np.abs(${cases[0][2]} - grad(lambda x: ${cases[0][0]}, x))), np.max(np.abs((lambda w: ${cases[1][2]})(x) - grad(lambda w: ${cases[1][0]}, x)))))`,
  ].join('\n')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Number(run.stdout) < 1e-5, run.stdout);
});
