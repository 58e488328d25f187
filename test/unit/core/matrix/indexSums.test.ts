// Index sums in LaTeX, as papers write losses: \sum_{i=1}^{n} (y_i - w x_i - b)^2. Symbols subscripted by
// the index are the entries of vectors, other symbols scalars; the sum is read as the array sum of its
// body entry by entry, and a scalar result is written back with sums over entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, differentiate } from '../../../../src/core/index';
import { differentiateMatrix, MatrixVar } from '../../../../src/core/matrix/api';
import { formula, maxDifference } from './support';

const latex = (source: string, wrt: string) => differentiateMatrix(source, { dialect: 'latex', wrt, explain: false });
const v = (...shape: string[]): MatrixVar => ({ shape });

test('a least-squares loss written with a sum: its derivatives in the same notation, verified', () => {
  const loss = '\\sum_{i=1}^{n} (y_i - w x_i - b)^2';
  const byW = latex(loss, 'w');
  assert.equal(byW.result, '-2 \\sum_{i=1}^{n} (y_i - w x_i - b) x_i');
  assert.equal(byW.verified, true);
  assert.equal(byW.input.latex, '\\sum_{i=1}^{n} (y_i - w x_i - b)^{2}');
  // 1/n before the sum is one over the number of entries
  assert.equal(latex(`\\frac{1}{n}${loss}`, 'b').result, '-\\frac{2 \\sum_{i=1}^{n} (y_i - w x_i - b)}{n}');
  // by a vector: the gradient
  assert.equal(latex('\\sum_i x_i^2', 'x').result, '2 x');
  assert.equal(latex('\\sum_{i=1}^{n} w_i x_i', 'w').result, 'x');
  // a result written with the sums names no subexpression: the Gaussian's MLE by sigma was given as
  // "(1'1 - s's/sigma^2)/sigma where s = x - mu 1" in the named form a document receives
  const bySigma = latex('-\\frac{\\sum_{i=1}^{n} (x_i - \\mu)^2}{2\\sigma^2} - n \\log \\sigma', 'sigma');
  assert.equal(bySigma.result, '\\frac{\\sum_{i=1}^{n} (x_i - \\mu)^{2} - n \\sigma^{2}}{\\sigma^{3}}');
  assert.equal(bySigma.named, undefined);
  // likelihoods: \\prod over the index (its log a sum), a power whose exponent is an entry (p^{x_i}), the factorial x_i!
  // (were unknown command '\\prod', 'an exponent must be a number', unexpected character '!')
  assert.equal(latex('\\log \\prod_{i=1}^{n} \\theta e^{-\\theta x_i}', 'theta').result, '\\frac{n}{\\theta} - \\sum_{i=1}^{n} x_i');
  const exponential = latex('\\prod_{i=1}^{n} \\theta e^{-\\theta x_i}', 'theta');
  assert.deepEqual([exponential.result, exponential.verified], ['\\left(\\frac{n}{\\theta} - \\sum_{i=1}^{n} x_i\\right) \\prod_{i=1}^{n} \\theta e^{-\\theta x_i}', true]);
  assert.deepEqual(exponential.warnings, ["the product's derivative divides by \\theta e^{-\\theta x_i}: where one is 0 it is the product of the others"]);
  const bernoulli = latex('\\prod_{i=1}^{n} p^{x_i} (1-p)^{1-x_i}', 'p');
  assert.equal(bernoulli.result, '\\left(\\frac{\\sum_{i=1}^{n} x_i}{p} - \\frac{\\sum_{i=1}^{n} (1 - x_i)}{1 - p}\\right) \\prod_{i=1}^{n} (1 - p)^{1 - x_i} p^{x_i}');
  assert.equal(bernoulli.verified, true);
  const poisson = latex('\\sum_{i=1}^{n} \\log\\frac{\\lambda^{x_i} e^{-\\lambda}}{x_i!}', 'lambda');
  assert.deepEqual([poisson.result, poisson.warnings], ['\\frac{\\sum_{i=1}^{n} x_i}{\\lambda} - n', undefined]);
  assert.equal(latex('\\theta \\sum_{i=1}^{n} \\log(x_i!)', 'theta').result, '\\sum_{i=1}^{n} \\log(x_i!)');
  assert.throws(() => latex('\\prod_{i} x_i w^T x_i', 'w'), /'\\prod' of rows \(x_i\) is not read/);
  // the selection routes to matrix calculus by itself
  assert.equal(differentiate(loss, { dialect: 'latex', wrt: 'w', explain: false }).result, byW.result);
});

test('the sum means what the same formula in vectors means, and its result reads back', () => {
  const vars = { y: v('n'), x: v('n'), w: v(), b: v(), sigma: v(), mu: v() };
  const pairs: [string, string, string][] = [
    ['\\sum_{i=1}^{n} (y_i - w x_i - b)^2', '(y - w x - b \\mathbf{1})^\\top (y - w x - b \\mathbf{1})', 'w'],
    ['\\sum_{i=1}^{n} \\log(1 + e^{-y_i w x_i})', '\\mathbf{1}^\\top \\log(\\mathbf{1} + \\exp(-w\\, y \\odot x))', 'w'],
    ['\\frac{1}{2\\sigma^2}\\sum_{i=1}^{n} (x_i - \\mu)^2 + n \\log \\sigma', '\\frac{1}{2\\sigma^2} (x - \\mu \\mathbf{1})^\\top (x - \\mu \\mathbf{1}) + (\\mathbf{1}_n^\\top \\mathbf{1}_n) \\log \\sigma', 'sigma'],
  ];
  for (const [sum, vectors, wrt] of pairs) {
    const a = latex(sum, wrt), b = differentiateMatrix(vectors, { dialect: 'latex', wrt, vars, explain: false });
    const same = maxDifference(formula(a.matrix, 'matrix', vars), formula(b.matrix, 'matrix', vars), vars);
    assert.ok(same.points >= 3 && same.worst < 1e-9, `${sum}: ${a.matrix} vs ${b.matrix} (${same.worst})`);
    // the printed sum is read again as the same function
    const back = latex(a.result, 'x');
    assert.equal(back.input.latex, a.result, sum);
  }
});

test('limits from 0 to n-1 are kept; sums the engine cannot read say why', () => {
  assert.equal(latex('\\sum_{i=0}^{n-1} w x_i^2', 'w').result, '\\sum_{i=0}^{n-1} x_i^{2}');
  assert.equal(latex('\\sum_{i=1}^{3} x_i^2', 'x').verified, true);
  const refused = (source: string, message: RegExp) => assert.throws(() => latex(source, 'x'), message, source);
  refused('\\sum_{i=2}^{n} x_i^2', /runs over the entries of vectors: from 1 to n, or from 0 to n-1 \(here from 2 to n\)/);
  refused('\\sum_i \\sum_j x_i y_j', /'\\sum' inside '\\sum' is not read/);
  refused('\\sum_j A_{ij} x_j', /'A_ij' has two indices/);
  refused('\\sum_i (x_i - m)^\\top (x_i - m)', /a transpose other than w\^\\top x_i inside '\\sum' is not read/);
  refused('\\sum_i c', /does not use its index i/);
  refused('\\sum_{i=1}^{n} i^2 x_i', /the index i as a number beside the entries of a vector \(i x_i\) is not read/);
  refused('\\sum_i x_i x', /'x' is both a scalar and a vector of n entries in the sums/);
  refused('\\sum x_i', /needs the index it runs over/);
  // a second sum over other vectors (j, m) is not written with the first one's index and limits
  assert.equal(latex('\\sum_{i=1}^{n} x_i^2 + \\sum_{j=1}^{m} \\lambda y_j^2', 'lambda').result, 'y^\\top y');
});

test('a derivative operator written around array input is evaluated by the matrix engine', () => {
  const operator = '\\frac{\\partial}{\\partial w} \\sum_{i=1}^{n} (y_i - w x_i)^2';
  const r = differentiate(operator, { dialect: 'latex', explain: false });
  assert.equal(r.result, '-2 \\sum_{i=1}^{n} (y_i - w x_i) x_i');
  assert.deepEqual(r.operator, ['w']);
  assert.equal(r.verified, true);
  assert.deepEqual(analyze(operator, 'latex').operator, ['w']);
  assert.equal(differentiate('\\frac{\\partial^2}{\\partial w^2} \\sum_{i=1}^{n} (y_i - w x_i)^2', { dialect: 'latex', explain: false }).result, '2 \\sum_{i=1}^{n} x_i^{2}');
  assert.equal(differentiate('\\frac{\\partial}{\\partial x} x^\\top A x', { dialect: 'latex', explain: false }).result, '(A + A^\\top) x');
  assert.throws(() => differentiate('\\frac{\\partial^2}{\\partial x \\partial y} x^\\top A y', { dialect: 'latex', explain: false }), /mixed partial derivatives \(by x and y\) of vector and matrix expressions are not supported/);
});

test('rows x_i met by a vector (w^\\top x_i) are the rows of a matrix X; the gradient is a sum of rows', () => {
  const squares = latex('\\sum_{i=1}^{n} (y_i - w^\\top x_i)^2', 'w');
  assert.equal(squares.result, '-2 \\sum_{i=1}^{n} (y_i - w^\\top x_i) x_i');
  assert.equal(squares.matrix, "-2*X'*(y - X*w)");
  assert.equal(squares.verified, true);
  const logistic = latex('\\sum_{i=1}^{n} \\log(1 + \\exp(-y_i w^\\top x_i))', 'w');
  assert.equal(logistic.result, '-\\sum_{i=1}^{n} \\sigma(-y_i w^\\top x_i) y_i x_i');
  assert.equal(latex('\\sum_{i=1}^{n} (y_i - x_i^\\top \\theta)^2 + \\lambda \\|\\theta\\|^2', 'theta').result, '2 \\left(\\lambda \\theta - \\sum_{i=1}^{n} (y_i - \\theta^\\top x_i) x_i\\right)');
  // by the bias, a scalar: a sum of entries
  assert.equal(latex('\\sum_{i=1}^{n} (y_i - w^\\top x_i - b)^2', 'b').result, '-2 \\sum_{i=1}^{n} (y_i - w^\\top x_i - b)');
  // the same function as the matrix form, and the printed gradient reads back: its derivative is the Hessian
  const vars = { X: v('n', 'd'), w: v('d'), y: v('n') };
  const same = maxDifference(formula(squares.matrix, 'matrix', vars), formula("-2*X'*(y - X*w)", 'matrix', vars), vars);
  assert.ok(same.points >= 3 && same.worst < 1e-12);
  assert.equal(latex(squares.result, 'w').matrix, "2*X'*X");
  assert.throws(() => latex('\\sum_i (w^\\top x_i) x_i^2', 'w'), /'x_i' is both a row \(next to a transposed vector\) and an entry in the sum/);
});

test('accented names, as papers write estimates and means: \\hat{y}_i, \\bar{x}, \\hat{\\theta}', () => {
  assert.equal(latex('\\sum_{i=1}^{n} (x_i - \\bar{x})^2', 'xbar').result, '-2 \\sum_{i=1}^{n} (x_i - \\bar{x})');
  assert.equal(latex('\\sum_{i=1}^{n} (y_i - \\hat{y}_i)^2', 'yhat').result, '-2 (y - \\hat{y})');
  assert.equal(differentiate('\\hat{\\theta}^2 y', { dialect: 'latex', wrt: 'thetahat', explain: false }).result, '2 \\hat{\\theta} y');
  // numpy's y_hat is written \hat{y} in LaTeX
  assert.equal(differentiate('(y_hat - y)**2', { dialect: 'python', wrt: 'y', explain: false }).latex, '2 (y - \\hat{y})');
  assert.throws(() => latex('\\hat{xy}^2', 'x'), /accents one letter here/);
});

test('Hessians of sums over rows are sums of outer products; numeric limits are counts too', () => {
  const hessian = (source: string) => differentiateMatrix(source, { dialect: 'latex', wrt: 'w', order: 2, explain: false });
  assert.equal(hessian('\\sum_{i=1}^{n} (y_i - w^\\top x_i)^2').result, '2 \\sum_{i=1}^{n} x_i x_i^\\top');
  const logistic = hessian('\\sum_{i=1}^{n} \\log(1 + \\exp(-y_i w^\\top x_i)) + \\lambda w^\\top w');
  assert.match(logistic.result, /^\\sum_\{i=1\}\^\{n\} .* x_i x_i\^\\top \+ 2 \\lambda I_\{d\}$/);
  assert.equal(logistic.verified, true);
  assert.equal(latex('\\sum_{i=1}^{3} (y_i - w x_i)^2', 'w').result, '-2 \\sum_{i=1}^{3} (y_i - w x_i) x_i');
});

test('kinks are stated of entries, as the sums write them', () => {
  const hinge = latex('\\sum_{i=1}^{n} \\max(0, 1 - y_i w^\\top x_i)', 'w');
  assert.deepEqual(hinge.warnings, ['not differentiable where y_i w^\\top x_i = 1 for some i']);
  assert.deepEqual(latex('\\sum_{i=1}^{n} \\mathbb{1}[x_i > y_i] x_i^2', 'x').warnings, ['not differentiable where x_i = y_i for some i']);
  // Huber's loss over entries crosses its threshold smoothly
  assert.equal(latex('\\sum_{i=1}^{n} \\left(\\mathbb{1}[|r_i| \\le 1] \\frac{r_i^2}{2} + \\mathbb{1}[|r_i| > 1] (|r_i| - \\frac{1}{2})\\right)', 'r').warnings, undefined);
  // without the brackets the second term stands outside the sum: refused, not read as another name
  assert.throws(() => latex('\\sum_{i=1}^{n} \\mathbb{1}[|r_i| \\le 1] \\frac{r_i^2}{2} + \\mathbb{1}[|r_i| > 1] (|r_i| - \\frac{1}{2})', 'r'), /'r_i' stands outside the sum over i/);
});

test('\\max_i and \\min_i are the largest and smallest entry, read like a sum; \\max(a, b) stays the function of two', () => {
  const largest = latex('\\max_i x_i', 'x');
  assert.equal(largest.verified, true);
  assert.equal(largest.result, '\\mathbb{1}[x \\ge \\max_{i} x_{i}]');
  assert.match(largest.warnings?.join() ?? '', /not differentiable where two entries of x tie for the largest/);
  assert.equal(latex('\\min_{i} x_i', 'x').result, '\\mathbb{1}[x \\le \\min_{i} x_{i}]');
  const margin = latex('\\max_i w^\\top x_i', 'w');
  assert.equal(margin.verified, true);
  assert.equal(margin.result, 'X^\\top \\mathbb{1}[X w \\ge \\max_{i} (X w)_{i}]');
  assert.equal(differentiate('\\max(x, 0)', { dialect: 'latex', wrt: 'x', explain: false }).result, '\\mathbb{1}[x > 0]');
  assert.throws(() => latex('\\max_i (w^\\top x_i) x_i', 'w'), /'\\max' of rows \(x_i\) is not read/);
});
