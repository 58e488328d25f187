// Function meaning follows each language (issue 10): what a call means depends on its argument's kind,
// and what the engine cannot differentiate (matrix functions, induced norms) is refused, never answered
// for another function. Element-wise functions come from the one function table (src/core/functions.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiate } from '../../../../src/core';
import { InputError } from '../../../../src/core/api';
import { FUNCTIONS } from '../../../../src/core/functions';
import { differentiateMatrix, MatrixOptions } from '../../../../src/core/matrix/api';
import { evaluate } from '../../../../src/core/matrix/numeric';
import { formula, maxDifference } from './support';

const d = (source: string, options: MatrixOptions) => differentiateMatrix(source, { explain: false, ...options });

function refuses(source: string, options: MatrixOptions, message: RegExp) {
  assert.throws(() => d(source, options), (e: unknown) => e instanceof InputError && message.test(e.message), `${source} (${options.dialect}) should be refused with ${message}`);
}

const square = { X: { shape: ['n', 'n'] }, W: { shape: ['n', 'n'] }, V: { shape: ['n', 'n'] } };

test("Julia's exp, log, sqrt and sin of a matrix are matrix functions: refused, pointing at the dotted form", () => {
  refuses('tr(exp(X))', { dialect: 'julia', wrt: 'X' }, /matrix exponential, which is not supported; write exp\.\(X\) for the element-wise exponential \(column 4\)/);
  refuses('tr(log(X))', { dialect: 'julia', wrt: 'X' }, /matrix logarithm.*write log\.\(X\)/);
  refuses('tr(sqrt(X))', { dialect: 'julia', wrt: 'X' }, /matrix square root.*write sqrt\.\(X\)/);
  refuses('sum(sin(X))', { dialect: 'julia', wrt: 'X' }, /matrix function sin.*write sin\.\(X\)/);
  refuses('sum(exp(x))', { dialect: 'julia', wrt: 'x', vars: { x: { shape: ['n'] } } }, /exp\(x\) of a vector is an error; write exp\.\(x\)/);
  // the dotted forms are element-wise
  assert.equal(d('tr(exp.(X))', { dialect: 'julia', wrt: 'X' }).verified, true);
  assert.equal(d('sum(exp.(x))', { dialect: 'julia', wrt: 'x' }).result, 'exp.(x)');
  // a scalar argument is the function itself
  assert.equal(d("exp(c)*x'*x", { dialect: 'julia', wrt: 'c', vars: { c: { shape: [] } } }).result, "(x'*x)*exp(c)");
});

test("MATLAB's norm of a matrix is the induced norm: norm(M) spectral, norm(M, 1) largest column sum; expm refused", () => {
  refuses('norm(W)', { dialect: 'matlab', wrt: 'W' }, /spectral norm.*norm\(M, 'fro'\)/);
  refuses('norm(W, 2)', { dialect: 'matlab', wrt: 'W' }, /spectral norm/);
  refuses('norm(W, 1)', { dialect: 'matlab', wrt: 'W' }, /norm\(W, 1\) of a matrix is its induced 1-norm \(the largest column sum\)/);
  refuses('trace(expm(X))', { dialect: 'matlab', wrt: 'X' }, /the matrix exponential expm\(X\) is not supported; write exp\(X\)/);
  assert.equal(d("norm(W, 'fro')", { dialect: 'matlab', wrt: 'W' }).result, "W/norm(W, 'fro')");
  // of a vector: the 2-norm is Euclidean, the 1-norm the sum of absolute values
  assert.equal(d('norm(x, 1)', { dialect: 'matlab', wrt: 'x' }).result, 'sign(x)');
  assert.equal(d('norm(x)^2', { dialect: 'matlab', wrt: 'x' }).result, '2*x');
  // Julia's norm of a matrix is entry-wise; opnorm is the operator norm
  assert.equal(d('norm(W, 1)', { dialect: 'julia', wrt: 'W' }).result, 'sign.(W)');
  refuses('opnorm(W, 1)', { dialect: 'julia', wrt: 'W' }, /operator norm/);
});

test('numpy: np.inner of 2-D arrays is W @ V.T, np.dot the matrix product; norm ord=2 and ord=1 of a matrix are refused', () => {
  const vars = { W: { shape: ['n', 'm'] }, V: { shape: ['p', 'm'] }, A: { shape: ['n', 'm'] }, x: { shape: ['m'] } };
  const same = (a: string, b: string) => {
    const diff = maxDifference(formula(a, 'python', vars), formula(b, 'python', vars), vars);
    assert.ok(diff.points >= 3 && diff.worst < 1e-12, `${a} reads differently from ${b}: ${diff.worst} ${diff.detail ?? ''}`);
  };
  same('np.inner(W, V)', 'W @ V.T');
  same('np.inner(A, x)', 'A @ x');
  same('np.inner(x, x)', 'x @ x');
  same('np.dot(W, V.T)', 'W @ V.T');
  same('np.dot(2, x)', '2 * x');
  same('np.vdot(W, A)', 'np.sum(W * A)');
  assert.equal(d('np.trace(np.inner(W, V))', { dialect: 'python', wrt: 'W', vars: square }).result, 'V');
  assert.equal(d('np.sum(np.inner(W, V))', { dialect: 'python', wrt: 'W', vars: square }).verified, true);
  refuses('np.linalg.norm(W, 2)', { dialect: 'python', wrt: 'W' }, /spectral norm.*np\.linalg\.norm\(M\) for the Frobenius norm/);
  refuses('np.linalg.norm(W, ord=1)', { dialect: 'python', wrt: 'W' }, /largest column sum.*np\.sum\(np\.abs\(M\)\)/);
  assert.equal(d('np.linalg.norm(W)', { dialect: 'python', wrt: 'W' }).result, 'W / np.linalg.norm(W)');
  assert.equal(d('np.linalg.norm(x, 1)', { dialect: 'python', wrt: 'x' }).result, 'np.sign(x)');
});

test('LaTeX: ‖M‖₂ of a matrix is spectral and ‖M‖₁ induced (refused), ‖M‖_F Frobenius; of a vector ‖x‖₂ is Euclidean', () => {
  refuses('\\|AX - B\\|_2^2', { dialect: 'latex', wrt: 'X' }, /spectral norm.*‖M‖_F is the Frobenius norm/);
  refuses('\\|X\\|_1', { dialect: 'latex', wrt: 'X' }, /induced 1-norm/);
  assert.equal(d('\\|AX - B\\|_F^2', { dialect: 'latex', wrt: 'X' }).result, '2 A^\\top (A X - B)');
  assert.equal(d('\\|x\\|_2^2', { dialect: 'latex', wrt: 'x' }).result, '2 x');
  assert.equal(d('\\|x\\|_1', { dialect: 'latex', wrt: 'x' }).result, '\\operatorname{sgn}(x)');
});

test('LaTeX: a written product binds tighter than \\odot and \\oslash, as papers mean y \\odot X w', () => {
  const vars = { X: { shape: ['m', 'n'] }, w: { shape: ['n'] }, y: { shape: ['m'] } };
  const loss = (inner: string) => d(`\\mathbf{1}^\\top \\log(\\mathbf{1} + \\exp(${inner}))`, { dialect: 'latex', wrt: 'w', vars }).matrix;
  assert.equal(loss('-y \\odot X w'), loss('-y \\odot (X w)'));
  assert.equal(loss('-y \\odot X w'), "-X'*(y.*sigmoid(-y.*(X*w)))");
  // on the left too: X w \odot y is (X w) ⊙ y; and \oslash divides by the whole product
  assert.equal(d('\\mathbf{1}^\\top (X w \\odot y)', { dialect: 'latex', wrt: 'w', vars }).matrix, "X'*y");
  assert.equal(d('\\mathbf{1}^\\top (y \\oslash X w)', { dialect: 'latex', wrt: 'w', vars }).matrix, d('\\mathbf{1}^\\top (y \\oslash (X w))', { dialect: 'latex', wrt: 'w', vars }).matrix);
});

test('every one-argument function of the table works element-wise, with the table\'s derivative', () => {
  const unary = [...FUNCTIONS.values()].filter((f) => f.arity === 1);
  assert.ok(unary.length >= 25, `${unary.length} functions`);
  for (const f of unary) {
    // the gradient of sum(f(x)) is f'(x) entry by entry: compared with central differences of the table's value
    let r: ReturnType<typeof d>;
    try {
      r = d(`sum(${f.name}(x))`, { dialect: 'matrix', wrt: 'x', vars: { x: { shape: [3] } } });
    } catch (e) {
      // a derivative through a function of two arguments (digamma' = polygamma(1, u)) or through π (erf') has no element-wise form yet
      assert.ok(e instanceof InputError && /cannot be applied element-wise|matrix expressions do not have/.test(e.message), `${f.name}: ${(e as Error).message}`);
      continue;
    }
    const gradient = formula(r.matrix, 'matrix', { x: { shape: [3] } });
    // a point inside every domain: |x| > 1 for asec, acosh…, |x| < 1 for atanh, asin…
    // and away from the jumps of the piecewise ones (round at 0.5)
    const inside = (v: number) => Number.isFinite(f.evaluate(v)) && Number.isFinite(f.evaluate(v + 1e-4)) && Number.isFinite(f.evaluate(v - 1e-4)) && Math.abs(f.evaluate(v + 1e-4) - f.evaluate(v - 1e-4)) < 0.1;
    const point = [0.3, 0.7, 0.5, 1.6, 2.4, 3.1, -0.4, -1.7].filter(inside).slice(0, 3);
    assert.ok(point.length === 3, `${f.name}: no point in its domain`);
    const value = evaluate(gradient, { dims: new Map(), vars: new Map([['x', { r: 3, c: 1, d: Float64Array.from(point) }]]) });
    point.forEach((v, i) => {
      const h = 1e-5;
      const numeric = (f.evaluate(v + h) - f.evaluate(v - h)) / (2 * h);
      assert.ok(Math.abs(value.d[i] - numeric) <= 1e-5 * Math.max(1, Math.abs(numeric)), `${f.name}'(${v}): ${r.matrix} gives ${value.d[i]}, central differences ${numeric}`);
    });
  }
});

test("tan' is written once: the matrix engine says what the table says (sec²)", () => {
  assert.equal(d('sum(tan(x))', { dialect: 'matlab', wrt: 'x' }).result, 'sec(x).^2');
  // numpy has no sec: the table's rewrite 1/cos is used
  assert.equal(d('np.sum(np.tan(x))', { dialect: 'python', wrt: 'x' }).result, '(1 / np.cos(x))**2');
  assert.equal(d('np.sum(np.arcsin(x))', { dialect: 'python', wrt: 'x' }).result, '1 / np.sqrt(1 - x**2)');
  assert.equal(d('sum(sec.(x))', { dialect: 'julia', wrt: 'x' }).result, 'sec.(x) .* tan.(x)');
});

test("Julia's @. dots every operation and call after it; $ keeps a call or a parenthesis as written (@ was an unexpected character)", () => {
  const j = (source: string, wrt = 'x') => differentiateMatrix(source, { dialect: 'julia', wrt, vars: { x: { shape: ['n'] }, X: { shape: ['m', 'n'] }, w: { shape: ['n'] }, y: { shape: ['m'] } }, explain: false }).result;
  assert.equal(j('sum(@. x^2 + sin(x))'), '2*x + cos.(x)');
  assert.equal(j('sum(@. log(1 + exp(-y * $(X*w))))', 'w'), "-X'*(y ./ (1 .+ exp.(y .* (X*w))))");
  assert.equal(j('sum(@. x / $sum(x))'), 'zeros(length(x))');
  assert.throws(() => j('sum(@. x / sum(x))'), /'sum' inside @\. would be taken entry by entry: write \$sum\(…\) to keep it whole \(column 12\)/);
  assert.throws(() => j('$x + 1'), /'\$' keeps a call or a parenthesis from being broadcast inside @\. only/);
  // a scalar selection reads it too
  const scalar = differentiate('@. x^2 + sin(x)', { dialect: 'julia', wrt: 'x' });
  assert.ok('result' in scalar);
  assert.equal(scalar.result, '2*x + cos.(x)');
});

test('Python sums over a comprehension: for v in x, zip(x, y), range(len(x)) with x[i] (they were "unknown function \'sum\'")', () => {
  const py = (source: string, wrt = 'x') => differentiateMatrix(source, { dialect: 'python', wrt, vars: { x: { shape: ['n'] }, y: { shape: ['n'] }, w: { shape: ['n'] } }, explain: false }).result;
  assert.equal(py('sum(xi**2 for xi in x)'), '2 * x');
  assert.equal(py('sum(x[i]**2 for i in range(len(x)))'), '2 * x');
  assert.equal(py('sum([w[i] * x[i] for i in range(w.shape[0])])', 'w'), 'x');
  assert.equal(py('sum(a * b for a, b in zip(x, y))'), 'y');
  assert.equal(py('np.sum([np.log(1 + np.exp(-yi * xi)) for xi, yi in zip(x, y)])'), '-y / (1 + np.exp(x * y))');
  assert.equal(py('math.fsum(math.exp(v) for v in x)'), 'np.exp(x)');
  // what the sum cannot be read as is refused where it stands
  assert.throws(() => py('sum(i * x[i] for i in range(len(x)))'), /the index i itself is not read, only entries such as x\[i\] \(column 5\)/);
  assert.throws(() => py('sum(x[i] for i in range(n))'), /a sum over an index runs over range\(len\(x\)\) or range\(x.shape\[0\]\)/);
  assert.throws(() => py('sum(y[i] * x[i] for i in range(len(w)))'), /the range runs over w's entries, which the body does not index: write w\[i\]/);
  assert.throws(() => py('sum(v for v in x if v > 0)'), /a comprehension with an 'if' or a second 'for' is not supported/);
  // the largest, the smallest and the product alike; a mean of one is refused naming those read
  assert.equal(py('max(v**2 for v in x)'), 'np.where(x**2 < np.max(x**2), 0, 2 * x)');
  assert.equal(py('math.prod(v**2 for v in x)'), py('np.prod(x**2)'));
  assert.throws(() => py('np.mean([v**2 for v in x])'), /'np.mean' of a comprehension is not supported \(sum, math.fsum, math.prod, max, min and numpy's of one are\)/);
  assert.throws(() => py('sum(a * b for a, b in zip(x))'), /2 loop variables over 1 array/);
  // over range(len(x) - 1), x[i + 1] is the next entry: Rosenbrock's function, as its slices are read
  assert.equal(py('sum(100 * (x[i + 1] - x[i]**2)**2 + (1 - x[i])**2 for i in range(len(x) - 1))'), py('np.sum(100 * (x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)'));
  assert.equal(py('sum(x[i] * x[i+1] for i in range(len(x) - 1))'), 'np.pad(x[1:], (0, 1)) + np.pad(x[:-1], (1, 0))');
  assert.throws(() => py('sum(x[i+2] for i in range(len(x) - 1))'), /x\[i \+ 2\] is past the end of x at the last i of the range: run it to len\(x\) - 2/);
});

test("Julia sums over a generator: for v in x, zip(x, y), 1:length(x) or eachindex(x) with x[i]", () => {
  const j = (source: string, wrt = 'x') => differentiateMatrix(source, { dialect: 'julia', wrt, vars: { x: { shape: ['n'] }, y: { shape: ['n'] }, w: { shape: ['n'] } }, explain: false }).result;
  assert.equal(j('sum(xi^2 for xi in x)'), '2*x');
  assert.equal(j('sum(x[i]^2 for i in 1:length(x)) / length(x)'), '2*x/length(x)');
  assert.equal(j('sum(w[i] * x[i] for i in eachindex(w))', 'w'), 'x');
  assert.equal(j('sum(log(1 + exp(-yi * xi)) for (xi, yi) in zip(x, y))'), '-y ./ (1 .+ exp.(x .* y))');
  assert.throws(() => j('sum(i * x[i] for i in 1:length(x))'), /the index i itself is not read, only entries such as x\[i\]/);
  assert.throws(() => j('sum(x[i] for i in 1:n)'), /a sum over an index runs over 1:length\(x\) or eachindex\(x\)/);
  assert.throws(() => j('sum(v for v in x if v > 0)'), /a generator with an 'if' or a second 'for' is not supported/);
  assert.equal(j('maximum(v^2 for v in x)'), j('maximum(x.^2)'));
  assert.equal(j('prod(v^2 for v in x)'), j('prod(x.^2)'));
  assert.throws(() => j('mean(v for v in x)'), /'mean' of a generator is not supported \(sum, prod, maximum, minimum of one are\)/);
  // over 1:length(x)-1, x[i + 1] is the next entry: Rosenbrock's function, as its slices are read
  assert.equal(j('sum(100 * (x[i + 1] - x[i]^2)^2 + (1 - x[i])^2 for i in 1:length(x)-1)'), j('sum(100 * (x[2:end] - x[1:end-1].^2).^2 + (1 .- x[1:end-1]).^2)'));
  assert.throws(() => j('sum(x[i+2] for i in 1:length(x) - 1)'), /x\[i \+ 2\] is past the end of x at the last i of the range: run it to length\(x\) - 2/);
});

test("Julia juxtaposition: x'A*x, 2x^2 = 2*(x^2), (x + 1)x; 2^3x is 2^(3x)", () => {
  assert.equal(d("x'A*x", { dialect: 'julia', wrt: 'x' }).result, "(A + A')*x");
  assert.equal(d("x'A*x", { dialect: 'julia', wrt: 'x' }).input.matrix, "x'*A*x");
  assert.equal(d("2x'A*x", { dialect: 'julia', wrt: 'x' }).input.matrix, "2*x'*A*x");
  assert.equal(d("sum(2x.^2)", { dialect: 'julia', wrt: 'x' }).result, '4*x');
  assert.equal(d("(a + y)x'*x", { dialect: 'julia', wrt: 'y', vars: { a: { shape: [] }, y: { shape: [] }, x: { shape: ['n'] } } }).result, "x'*x");
  // with a space it is not a product in Julia
  refuses("x' A*x", { dialect: 'julia', wrt: 'x' }, /unexpected 'A'/);
  // 2^3x is 2^(3x): sum(x)^(2x), which Julia runs for a number x only ('^' of a vector exponent needs '.^')
  assert.equal(d('sum(x)^2x', { dialect: 'julia', wrt: 'x' }).result, '2*(1 + log(x))*x^(2*x)');
  refuses('sum(x)^2x', { dialect: 'julia', wrt: 'x', vars: { x: { shape: ['n'] } } }, /an array exponent needs '\.\^', a power per entry/);
});

test("Julia's three-argument dot(x, A, y) is x'*A*y; MATLAB's dot(X, Y, dim) is not read as it", () => {
  const vars = { x: { shape: ['n'] }, A: { shape: ['n', 'n'] }, y: { shape: ['n'] } };
  assert.equal(d('dot(x, A, x)', { dialect: 'julia', wrt: 'x', vars }).result, d("x'*A*x", { dialect: 'julia', wrt: 'x', vars }).result);
  assert.equal(d('dot(x, A, y)', { dialect: 'julia', wrt: 'A', vars }).result, "x*y'");
  refuses('dot(x, y, 1)', { dialect: 'matlab', wrt: 'x', vars }, /takes 2 arguments, got 3/);
});

test('the numeric check finds entries where a tower of logs is defined: log(log(log(x))) needs x > e', () => {
  const vars = { x: { shape: ['n'] } };
  const r = d('np.sum(np.log(np.log(np.log(x))))', { dialect: 'python', wrt: 'x', vars });
  assert.equal(r.result, '1 / (np.log(np.log(x)) * np.log(x) * x)');
  assert.equal(r.verified, true, r.verification.reason);
  assert.equal(d('np.sum(np.sqrt(-x) + np.log(-x))', { dialect: 'python', wrt: 'x', vars }).verified, true);
});

test('left division by a scalar divides', () => {
  assert.equal(d("2\\(x'*x)", { dialect: 'matlab', wrt: 'x' }).result, 'x');
  assert.equal(d('A\\b', { dialect: 'matlab', wrt: 'b' }).result, 'inv(A)');
});

test("MATLAB's X(:) stacks a matrix's columns: a reduction of it takes every entry (it was read as X, and sum(X(:).^2) as a row of column sums)", () => {
  const m = (source: string, wrt = 'X') => differentiateMatrix(source, { dialect: 'matlab', wrt, vars: { X: { shape: ['m', 'n'] }, x: { shape: ['n'] }, y: { shape: ['m'] } }, explain: false });
  assert.equal(m('sum(X(:).^2)').result, '2*X');
  assert.equal(m('norm(X(:))^2').result, '2*X');
  assert.equal(m('max(X(:))').result, 'X >= max(X(:))');
  assert.equal(m('sum(log(1 + exp(X(:))))').result, '1./(1 + exp(-X))');
  assert.equal(m('mean(X(:))').kind, 'gradient');
  // a vector's x(:) is the vector
  assert.equal(m('sum(x(:).^2)', 'x').result, '2*x');
  // elsewhere a stacked matrix is refused with the reason, not read as the matrix
  assert.throws(() => m("X(:)'*X(:)"), /'X\(:\)' stacks the columns of a matrix into one vector, which is read inside sum, prod, mean, max, min and norm/);
});

test("the count of a matrix's entries is read and written as each library writes it: X.size, np.size, X.numel(), X.shape.num_elements(), numel, length", () => {
  const m = (source: string, dialect: 'python' | 'matlab' | 'julia') => differentiateMatrix(source, { dialect, wrt: 'X', vars: { X: { shape: ['m', 'n'] } }, explain: false }).result;
  // numpy's X.size was "'.size' is not supported here", though results printed it
  assert.equal(m('np.sum(X**2) / X.size', 'python'), '2 * X / X.size');
  assert.equal(m('np.sum(X) / np.size(X)', 'python'), 'np.ones_like(X) / X.size');
  assert.equal(m('torch.sum(X**2) / X.numel()', 'python'), '2 * X / X.numel()');
  assert.equal(m('torch.sum(X**2) / torch.numel(X)', 'python'), '2 * X / X.numel()');
  assert.equal(m('tf.reduce_sum(X**2) / X.shape.num_elements()', 'python'), '2 * X / X.shape.num_elements()');
  // MATLAB and Julia: numel(X), length(X), ones(size(X)) (were size(X, 1)*size(X, 2) and ones(size(X, 1), size(X, 2)))
  assert.equal(m('mean(X(:).^2)', 'matlab'), '2*X/numel(X)');
  assert.equal(m('mean(X.^2)', 'julia'), '2*X/length(X)');
  assert.equal(m('sum(X)', 'julia'), 'ones(size(X))');
});

test("MATLAB's max(X, [], 'all') is read and kept; max(x, [], 1) of a vector is its largest entry; along rows refused", () => {
  const m = (source: string, wrt = 'X') => differentiateMatrix(source, { dialect: 'matlab', wrt, vars: { X: { shape: ['m', 'n'] }, x: { shape: ['n'] }, W: { shape: ['n', 'k'] } }, explain: false });
  assert.equal(m("max(X, [], 'all')").result, "X >= max(X, [], 'all')");
  assert.equal(m("sum(X, 'all') - min(X, [], 'all')").result, "1 - (X <= min(X, [], 'all'))");
  assert.equal(m('max(x, [], 1) + sum(x)', 'x').result, '(x >= max(x)) + 1');
  // without 'all' in the selection, results reduce every entry as Octave 7 and every MATLAB run it
  assert.equal(m('max(max(X))').result, 'X >= max(X(:))');
  assert.equal(m('min(min(X*W))', 'W').result, "X'*(X*W <= min(min(X*W)))");
  assert.equal(m('prod(prod(X))').result, 'prod(X(:))./X');
  assert.throws(() => m('max(X, [], 1)'), /max\(X, \[\], 1\) of a matrix is its columns' maxima, which is not supported/);
  assert.throws(() => m('max(X, [], 2)'), /max\(…, \[\], 2\) is each row's largest entry, which is not supported \(max\(X, \[\], 'all'\) is the largest of all\) \(column 12\)/);
  assert.throws(() => m('sum(exp(x, []))', 'x'), /'\[\]' as an argument of 'exp' is not supported/);
  assert.throws(() => m('[1 2 3]*x', 'x'), /array literals \[ … \] are not read/);
});

test("MATLAB's numel and Julia's length of a matrix count every entry, MATLAB's length of a matrix is refused (both were read as the number of rows)", () => {
  const m = (source: string, dialect: 'matlab' | 'julia', wrt = 'X') => differentiateMatrix(source, { dialect, wrt, vars: { X: { shape: ['m', 'n'] }, x: { shape: ['n'] } }, explain: false });
  assert.equal(m('sum(X(:))/numel(X)', 'matlab').result, 'ones(size(X))/numel(X)');
  assert.equal(m('sum(X.^2)/length(X)', 'julia').result, '2*X/length(X)');
  assert.throws(() => m('sum(sum(X))/length(X)', 'matlab'), /length\(X\) of a matrix is its largest dimension, which is not supported: write size\(X, 1\) or size\(X, 2\), or numel\(X\)/);
  // of a vector all three are its length
  assert.equal(m('sum(x.^2)/numel(x)', 'matlab', 'x').result, '2*x/numel(x)');
  assert.equal(m('sum(x.^2)/length(x)', 'julia', 'x').result, '2*x/length(x)');
  assert.equal(m("ones(numel(x), 1)'*x", 'matlab', 'x').result, 'ones(numel(x), 1)');
});
