// LaTeX read as TeX reads it (The TeXbook, ch. 17; ISO 80000-2), with a warning where a person may
// have meant something else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiate } from '../../../../src/core';
import { parse, toLatex, toPlain } from '../../../../src/core/dialects';
import { sym } from '../../../../src/core/expr';
import { readLatex } from '../../../../src/core/dialects/latex';
import { differentiateMatrix, MatrixVar } from '../../../../src/core/matrix/api';
import { Rational } from '../../../../src/core/rational';

const reading = (src: string) => { const p = parse(src, 'latex'); return { plain: toPlain(p.expr), warnings: p.warnings ?? [] }; };
const read = (src: string) => reading(src).plain;
const d = (src: string, wrt: string) => differentiate(src, { dialect: 'latex', wrt, explain: false }).plain;
/** The LaTeX result, asserted verified. */
const tex = (src: string, wrt: string) => {
  const r = differentiate(src, { dialect: 'latex', wrt, explain: false });
  assert.ok(r.verified, src);
  return r.result;
};

test('juxtaposed letters are a product of single-letter symbols, without a warning', () => {
  assert.deepEqual(reading('xy'), { plain: 'x*y', warnings: [] });
  assert.equal(read('2xy'), '2*x*y');
  assert.equal(read('xe^x'), 'x*exp(x)');
  assert.equal(d('8kx - 3x^{2} - 9', 'x'), '8*k - 6*x');
  assert.equal(d('2xy', 'y'), '2*x');
  assert.equal(d('e^{-9 \\cdot xx - 6} - 1', 'x'), '-18*x*exp(-9*x^2 - 6)');
  assert.equal(d('\\frac{x}{6xx}', 'x'), '-1/(6*x^2)');
  assert.equal(d('2x + xx + x x^{2}', 'x'), '2 + 2*x + 3*x^2');
});

test('a multi-letter name is written \\mathrm{}, \\text{}, \\operatorname{} or with a subscript', () => {
  assert.equal(read('\\mathrm{rate} x'), 'rate*x');
  assert.equal(read('\\text{rate} x'), 'rate*x');
  assert.equal(read('w_{ij} x'), 'w_ij*x');
  // and prints that way, so the result reads back as the same name
  for (const name of ['rate', 'x2', 'w_ij']) assert.equal(toPlain(parse(toLatex(sym(name)), 'latex').expr), name);
  const rate = reading('rate x');
  assert.equal(rate.plain, 'a*r*t*x*e');
  assert.match(rate.warnings[0], /read `rate` as the product r·a·t·e.*\\mathrm\{rate\}/);
});

test('function names without a backslash are the function, with a warning', () => {
  const sin = reading('sin x');
  assert.equal(sin.plain, 'sin(x)');
  assert.deepEqual(sin.warnings, ['read `sin` as the function \\sin; without the backslash TeX reads the letters s·i·n']);
  assert.equal(read('sinx + cos(x)'), 'cos(x) + sin(x)');
  assert.equal(read('\\sin x \\cos x'), 'cos(x)*sin(x)');
  assert.equal(read('sin x cos x'), 'cos(x)*sin(x)');
  assert.match(reading('2pi x').warnings[0], /read `pi` as π/);
});

test('a one-token script or argument takes one digit, as in TeX, with a warning', () => {
  const power = reading('x^23');
  assert.equal(power.plain, '3*x^2');
  assert.deepEqual(power.warnings, ['read `^23` as ^{2}·3, as TeX does (the exponent is one digit); write ^{23} for more']);
  assert.equal(read('x_12'), '2*x_1');
  assert.equal(read('\\frac123 x'), '3*x/2');
  assert.deepEqual(reading('x^{23}'), { plain: 'x^23', warnings: [] });
  assert.match(reading('x2').warnings[0], /read `x2` as x·2; write x_2/);
  assert.throws(() => parse('2 3', 'latex'), /two numbers in a row/);
});

test('\\lg is the base-10 logarithm (ISO 80000-2, 2-12)', () => {
  assert.equal(read('\\lg x'), 'log(x, 10)');
  assert.equal(read('\\lg(x^2)'), 'log(x^2, 10)');
});

test('absolute values: \\lvert…\\rvert, \\vert…\\vert, and nested \\left|…\\right| pairs', () => {
  assert.equal(read('\\lvert x \\rvert'), 'abs(x)');
  assert.equal(read('\\vert x\\vert + 1'), 'abs(x) + 1');
  assert.equal(read('\\left|x + \\left|y\\right|\\right|'), 'abs(x + abs(y))');
  assert.equal(read('\\left\\lvert x - 1 \\right\\rvert'), 'abs(x - 1)');
  assert.throws(() => parse('|x + |y||', 'latex'), /nested '\|' are ambiguous/);
});

test('\\Gamma and \\Phi before parentheses are the gamma function and the normal distribution; other capitals say how they were read', () => {
  assert.deepEqual(reading('\\Gamma(x)'), { plain: 'gamma(x)', warnings: [] });
  assert.deepEqual(reading('\\Phi(x)'), { plain: 'normcdf(x)', warnings: [] });
  const omega = reading('\\Omega(x + 1)');
  assert.equal(omega.plain, 'Omega*(x + 1)');
  assert.match(omega.warnings[0], /read `\\Omega\(…\)` as the symbol Omega times/);
  // before a single name, a function not defined above, as f(x) is
  assert.throws(() => reading('\\Omega(x)'), /\\Omega\(x\) is a function not defined above/);
  assert.deepEqual(reading('\\Gamma x'), { plain: 'Gamma*x', warnings: [] });
});

test('Φ(z) is the standard normal distribution and φ(z) its density beside it, printed back as Φ and φ; other Greek letters applied to a name are refused as f(x) is', () => {
  assert.equal(tex('\\log \\Phi(x)', 'x'), '\\frac{\\phi(x)}{\\Phi(x)}');
  assert.equal(tex('\\Phi\\left(\\frac{x - \\mu}{\\sigma}\\right)', 'x'), '\\frac{\\phi\\left(\\frac{x - \\mu}{\\sigma}\\right)}{\\sigma}');
  // the inverse Mills ratio: φ beside Φ is the density
  assert.equal(tex('\\frac{\\phi(x)}{\\Phi(x)}', 'x'), '-\\frac{\\phi(x) (x \\Phi(x) + \\phi(x))}{\\Phi(x)^{2}}');
  // alone, φ(x) may be a feature map or a field (it was φ·x, silently): refused as f(x) is; so are λ(t) and Ω(x)
  for (const src of ['\\phi(x) + x', '\\lambda(t)', '\\Omega(x)']) assert.throws(() => tex(src, 'x'), /is a function not defined above/, src);
  // before anything but a single name, a product as before
  assert.equal(d('\\lambda(x - 1)^2', 'x'), '2*lambda*(x - 1)');
});

test('\\mathcal{N}(x \\mid \\mu, \\sigma^2) is the normal density, with a covariance matrix Σ (symmetric) the multivariate one (it was an unknown command)', () => {
  assert.equal(tex('\\log \\mathcal{N}(x \\mid \\mu, \\sigma^2)', 'mu'), '\\frac{x - \\mu}{\\sigma^{2}}');
  assert.equal(tex('\\log \\mathcal{N}(x | \\mu, \\sigma^2)', 'sigma'), '\\frac{(x - \\mu)^{2} - \\sigma^{2}}{\\sigma^{3}}');
  assert.equal(tex('\\mathcal{N}(x \\mid \\mu, \\sigma^2)', 'x'), '\\frac{e^{-\\frac{(x - \\mu)^{2}}{2 \\sigma^{2}}} (\\mu - x)}{\\sigma^{3} \\sqrt{2 \\pi}}');
  // the Matrix Cookbook's gradients of the Gaussian log-likelihood, and the linear-Gaussian model's
  const m = (src: string, wrt: string) => {
    const r = differentiateMatrix(src, { dialect: 'latex', wrt, explain: false });
    assert.ok(r.verified, src);
    return r.result;
  };
  assert.equal(m('\\log \\mathcal{N}(x \\mid \\mu, \\Sigma)', 'mu'), '\\Sigma^{-1} (x - \\mu)');
  assert.equal(m('\\log \\mathcal{N}(x \\mid \\mu, \\Sigma)', 'Sigma'), '\\frac{1}{2} (\\Sigma^{-1} (x - \\mu) (x - \\mu)^\\top \\Sigma^{-1} - \\Sigma^{-1})');
  assert.equal(m('\\log \\mathcal{N}(y \\mid X w, \\sigma^2 I)', 'w'), '\\frac{X^\\top (y - X w)}{\\sigma^{2}}');
  assert.throws(() => tex('\\mathcal{N}(\\mu, \\sigma^2)', 'mu'), /is a distribution, not a number: its density at x is/);
  assert.throws(() => tex('\\mathcal{L}(x)', 'x'), /\\mathcal\{L\} is not read here/);
  assert.throws(() => tex('\\mathcal{N}(x \\mid \\mu)', 'x'), /takes a point, a mean and a variance \(column 23\)/);
});

test('n! is the factorial Γ(n + 1), written back as n! (it was an unexpected character)', () => {
  assert.equal(read('\\frac{\\lambda^k e^{-\\lambda}}{k!}'), 'lambda^k*exp(-lambda)/gamma(k + 1)');
  assert.equal(read('(x^2)!^2'), 'gamma(x^2 + 1)^2');
  const poisson = differentiate('\\frac{\\lambda^k e^{-\\lambda}}{k!}', { dialect: 'latex', wrt: 'lambda', explain: false });
  assert.equal(poisson.result, '\\frac{\\lambda^{k - 1} e^{-\\lambda} (k - \\lambda)}{k!}');
  assert.equal(differentiate('\\frac{x^k}{(k!)^2}', { dialect: 'latex', wrt: 'x', explain: false }).result, '\\frac{k x^{k - 1}}{(k!)^{2}}');
  // the result reads back as written
  assert.equal(read(poisson.result), toPlain(parse(poisson.plain, 'plain').expr));
  // \binom{n}{k} is n!/(k! (n − k)!): the binomial likelihood by p (it was an unknown command), results in factorials and binomials
  const binomial = (src: string, wrt: string) => differentiate(src, { dialect: 'latex', wrt, explain: false });
  assert.equal(read('\\binom{n}{k}'), 'gamma(n + 1)/(gamma(k + 1)*gamma(n - k + 1))');
  assert.equal(binomial('\\log\\left(\\binom{n}{k} p^k (1-p)^{n-k}\\right)', 'p').result, '\\frac{k - n p}{p (1 - p)}');
  // the coefficient written back as one (it printed n!/((n − k)! k!) with the factorials apart)
  assert.equal(binomial('\\binom{n}{k} p^k (1-p)^{n-k}', 'p').result, '\\binom{n}{k} p^{k - 1} (1 - p)^{n - k - 1} (k - n p)');
  // Γ of a sum with a whole number is a factorial too: (x - 3)!, not \Gamma(x - 2)
  assert.equal(binomial('\\dbinom{x}{3}', 'x').result, '\\frac{x! (\\psi(x + 1) - \\psi(x - 2))}{6 (x - 3)!}');
  assert.ok(binomial('\\dbinom{x}{3}', 'x').verified);
  // and the explanation's steps write k! as the selection does (they wrote \Gamma(k + 1))
  const steps = differentiate('\\log\\frac{\\lambda^{k} e^{-\\lambda}}{k!}', { dialect: 'latex', wrt: 'lambda' }).steps;
  assert.equal(steps[0].substitutionsLatex, 'u = \\frac{\\lambda^{k} e^{-\\lambda}}{k!}');
  assert.ok(steps.every((s) => !/Gamma/.test(`${s.substitutionsLatex} ${s.substitutedLatex} ${s.beforeLatex} ${s.afterLatex}`)), JSON.stringify(steps.map((s) => s.substitutedLatex)));
});

// ── One reader for scalar and matrix calculus ───────────────────────────────

const matrix = (src: string, wrt: string, vars: Record<string, MatrixVar> = {}) => differentiateMatrix(src, { dialect: 'latex', wrt, vars, explain: false }).matrix;
const syntax = (src: string) => readLatex(src).syn;

test('the array notation read in a scalar selection: a transpose of a scalar is the scalar, \\odot a product, |x| the absolute value', () => {
  assert.equal(read('x^\\top x'), 'x^2');
  assert.equal(read('\\mathbf{x}^T \\mathbf{x}'), 'x^2');
  assert.equal(read("x' y"), 'x*y');
  assert.equal(read('a \\odot b + a \\oslash b'), 'a*b + a/b');
  assert.equal(read('|x|'), 'abs(x)');
  assert.equal(read('\\bigl(x\\bigr)^2'), 'x^2');
  assert.throws(() => parse('\\|x\\|', 'latex'), /'\\\|…\\\|' works on arrays: select a vector or matrix expression \(column 1\)/);
  assert.throws(() => parse('\\det x', 'latex'), /'\\det' works on arrays/);
  // ^{-1} is a power: 1/x of a scalar, the inverse of a matrix
  assert.deepEqual(syntax('x^{-1}'), { t: 'bin', op: 'pow', l: { t: 'sym', name: 'x', at: 0 }, r: { t: 'neg', arg: { t: 'num', value: Rational.ONE, at: 4 }, at: 3 }, at: 1, text: '^' });
  assert.equal(read('x^{-1}'), '1/x');
});

test('the scalar vocabulary read in a matrix selection: \\sqrt[n], \\log_b, \\lg, e^{…}, \\sin^2, \\lvert…\\rvert, decimals', () => {
  assert.equal(matrix('\\sqrt[3]{x^\\top x}', 'x'), "2*x/(3*(x'*x)^(2/3))");
  assert.equal(matrix('\\log_2(x^\\top x)', 'x'), "2*x/((x'*x)*log(2))");
  assert.equal(matrix('\\lg(x^\\top x)', 'x'), "2*x/((x'*x)*log(10))");
  assert.equal(matrix('e^{x^\\top x}', 'x'), "2*exp(x'*x)*x");
  assert.equal(matrix('\\sin^2(x^\\top x)', 'x'), "4*cos(x'*x)*sin(x'*x)*x");
  assert.equal(matrix('\\lvert x^\\top x \\rvert', 'x'), "2*sign(x'*x)*x");
  assert.equal(matrix('0.5 x^\\top A x', 'x'), "(A + A')*x/2");
  assert.deepEqual(syntax('0.5'), { t: 'num', value: Rational.parseDecimal('0.5'), at: 0, decimal: true });
});

test('matrix words: \\sigma(z) is the sigmoid, \\mathrm{tr} takes a bare argument, |X| of a matrix is its determinant, a declared e is a vector', () => {
  assert.equal(matrix('\\sigma(w^\\top x)', 'x'), "(1 - sigmoid(w'*x))*sigmoid(w'*x)*w");
  assert.equal(matrix('\\mathrm{tr} X^\\top X', 'X'), '2*X');
  assert.equal(matrix('\\log\\left|X\\right|', 'X'), "inv(X)'");
  assert.equal(matrix('(D x + e)^\\top (D x + e)', 'x', { D: { shape: ['m', 'n'] }, e: { shape: ['m'] }, x: { shape: ['n'] } }), "2*D'*(D*x + e)");
  // an undeclared e stays Euler's number
  assert.equal(read('e'), 'e');
});

test('conditions of cases and indicators: a chain 0 < x < 3, \\text{ and }, \\land, \\lor; printed back as a chain', () => {
  const result = (src: string) => differentiate(src, { dialect: 'latex', wrt: 'x', explain: false }).result;
  const box = '\\begin{cases} 2 x & 0 < x < 3 \\\\ 0 & \\text{otherwise} \\end{cases}';
  assert.equal(result('\\begin{cases} x^2 & 0 < x < 3 \\\\ 0 & \\text{otherwise} \\end{cases}'), box);
  assert.equal(result('\\begin{cases} x^2 & 0 < x \\text{ and } x < 3 \\\\ 0 & \\text{otherwise} \\end{cases}'), box);
  assert.equal(result('\\begin{cases} x^2 & 0 < x \\land x < 3 \\\\ 0 & \\text{otherwise} \\end{cases}'), box);
  assert.equal(result('\\begin{cases} x^3 & x > 0 \\text{ and } y > 0 \\\\ 0 & \\text{otherwise} \\end{cases}'),
    '\\begin{cases} 3 x^{2} & x > 0 \\text{ and } y > 0 \\\\ 0 & \\text{otherwise} \\end{cases}');
  assert.equal(result('\\begin{cases} x^2 & x < 0 \\lor x > 3 \\\\ 0 & \\text{otherwise} \\end{cases}'),
    '\\begin{cases} 2 x & x < 0 \\text{ or } x > 3 \\\\ 0 & \\text{otherwise} \\end{cases}');
  assert.equal(read('x^2 \\mathbb{1}[0 < x \\leq 3]'), 'x^2*(x <= 3)*(0 < x)');
  // the printed result reads back as itself
  assert.equal(differentiate(box, { dialect: 'latex', wrt: 'x', explain: false }).result, '\\begin{cases} 2 & 0 < x < 3 \\\\ 0 & \\text{otherwise} \\end{cases}');
});

test("samples written x^{(i)} (machine-learning notes) are entries, and results write them so; f(x) of an undefined f is refused, not a product", () => {
  const result = (src: string, wrt: string, order = 1) => differentiate(src, { dialect: 'latex', wrt, order, explain: false });
  const cost = '\\frac{1}{2m}\\sum_{i=1}^{m} (\\theta^T x^{(i)} - y^{(i)})^2';
  assert.equal(result(cost, '\\theta').result, '\\frac{\\sum_{i=1}^{m} (\\theta^\\top x^{(i)} - y^{(i)}) x^{(i)}}{m}');
  assert.equal(result(cost, '\\theta', 2).result, '\\frac{\\sum_{i=1}^{m} x^{(i)} x^{(i)\\top}}{m}');
  // raised, a sample is bracketed (x^{(i)}^2 is a double superscript)
  assert.match(result('\\sum_{i=1}^{n} \\mu (x^{(i)})^2 \\mu', 'mu').result, /\(x\^\{\(i\)\}\)\^\{2\}/);
  assert.equal(result('\\sum_{i=1}^{n} (x^{(i)} - \\mu)^2', 'mu').result, '-2 \\sum_{i=1}^{n} (x^{(i)} - \\mu)');
  // a Greek subscript without braces, and printed as its command
  assert.equal(read('h_\\theta + w_{\\alpha}'), 'h_theta + w_alpha');
  assert.equal(result('w_\\alpha x^2', 'x').result, '2 w_{\\alpha} x');
  // f, g, h are functions whatever their argument (f(x+1) was f·(x + 1)); another letter applies to a name only
  for (const [src, shown] of [['f(x)^2', 'f(x)'], ['g(x) + x', 'g(x)'], ['h_\\theta(x) - y', 'h_\\theta(x)'], ['f(x+1)^2', 'f(x+1)'], ['f(x, y)', 'f(x, y)'], ['u(t) + t', 'u(t)']]) {
    assert.throws(() => parse(src, 'latex'), new RegExp(`${shown.replace(/[\\()+.*?^$|[\]{}]/g, '\\$&')} is a function not defined above`), src);
  }
  // a coefficient before a bracket of more than a name stays a product (Hooke's law), and so does f \cdot (…)
  assert.equal(read('\\frac{1}{2}k(x - x_0)^2'), 'k*(x - x_0)^2/2');
  assert.equal(read('f \\cdot (x+1)'), 'f*(x + 1)');
});

test('a function as the bare argument of another is its argument with its own (\\ln \\cos x = ln(cos x)); \\operatorname{softmax} and \\operatorname{logsumexp} are the vector functions', () => {
  assert.equal(reading('\\ln \\cos x').plain, 'log(cos(x))');
  assert.equal(reading('\\exp \\sin 2x').plain, 'exp(sin(2*x))');
  // a function after a bare argument still ends it: a product
  assert.equal(reading('\\sin x \\cos x').plain, 'cos(x)*sin(x)');
  assert.equal(d('\\ln \\cos x', 'x'), '-tan(x)');
  const vars = { x: { shape: ['n'] }, y: { shape: ['n'] } };
  const softmax = differentiateMatrix('\\operatorname{softmax}(x)', { dialect: 'latex', wrt: 'x', vars, explain: false });
  assert.equal(softmax.verified, true);
  assert.equal(softmax.kind, 'jacobian');
  assert.equal(softmax.matrix, "(diag(exp(x)) - exp(x)*exp(x)'/sum(exp(x)))/sum(exp(x))");
  const crossEntropy = differentiateMatrix('-y^\\top \\log \\operatorname{softmax}(x)', { dialect: 'latex', wrt: 'x', vars, explain: false });
  assert.equal(crossEntropy.verified, true);
  assert.equal(differentiateMatrix('\\operatorname{logsumexp}(x)', { dialect: 'latex', wrt: 'x', vars, explain: false }).matrix, 'exp(x)/sum(exp(x))');
});

test('names the selection writes bold (\\mathbf, \\boldsymbol, \\vec) are written bold in the result, its input and its shapes; norms as it writes them', () => {
  const matrix = (source: string, wrt: string) => differentiateMatrix(source, { dialect: 'latex', wrt, explain: false });
  const quadratic = matrix('\\mathbf{x}^\\top \\mathbf{A} \\mathbf{x}', 'x');
  assert.equal(quadratic.result, '(\\mathbf{A} + \\mathbf{A}^\\top) \\mathbf{x}');
  assert.equal(quadratic.input.latex, '\\mathbf{x}^\\top \\mathbf{A} \\mathbf{x}');
  assert.equal(quadratic.shapesLatex?.x, '\\mathbf{x}');
  assert.equal(matrix('\\|\\mathbf{X}\\mathbf{w} - \\mathbf{y}\\|_2^2 + \\lambda \\|\\mathbf{w}\\|_2^2', 'w').result, '2 (\\mathbf{X}^\\top (\\mathbf{X} \\mathbf{w} - \\mathbf{y}) + \\lambda \\mathbf{w})');
  assert.equal(matrix('\\boldsymbol{\\theta}^\\top \\boldsymbol{\\theta}', 'theta').result, '2 \\boldsymbol{\\theta}');
  assert.equal(matrix('\\vec{v} \\cdot \\vec{v}', 'v').result, '2 \\vec{v}');
  // a scalar selection too; a name written plain stays plain
  const scalar = differentiate('\\mathbf{x}^2 + \\sin(\\mathbf{x}) + y x', { dialect: 'latex', wrt: 'x' });
  assert.ok('result' in scalar);
  assert.equal(scalar.result, '2 \\mathbf{x} + \\cos(\\mathbf{x}) + y');
  assert.equal(matrix('x^\\top A x', 'x').result, '(A + A^\\top) x');
  // a Euclidean norm written without its 2 is written so back; one written with it, or beside one, keeps it
  assert.equal(matrix('\\|x - y\\|', 'x').result, '\\frac{x - y}{\\left\\|x - y\\right\\|}');
  assert.equal(matrix('\\|x - y\\|_2', 'x').result, '\\frac{x - y}{\\left\\|x - y\\right\\|_2}');
  assert.match(matrix('\\|x - y\\|_2 + \\|x\\|', 'x').result, /\\left\\\|x\\right\\\|_2/);
});

test('an exponential the selection writes \\exp(…) is written so in the result; e^{…}, or both forms, give e^{…}; an upright \\mathrm{e} stays upright', () => {
  assert.equal(tex('\\mathrm{e}^{-x^2}', 'x'), '-2 x \\mathrm{e}^{-x^{2}}');
  assert.equal(tex('\\mathrm{e} x^2', 'x'), '2 x \\mathrm{e}');
  assert.equal(tex('\\exp(x^2)', 'x'), '2 x \\exp(x^{2})');
  assert.equal(tex('\\frac{1}{\\sigma\\sqrt{2\\pi}} \\exp\\left(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\right)', 'x'),
    '\\frac{\\exp\\left(-\\frac{(x - \\mu)^{2}}{2 \\sigma^{2}}\\right) (\\mu - x)}{\\sigma^{3} \\sqrt{2 \\pi}}');
  assert.equal(tex('e^{-x^2}', 'x'), '-2 x e^{-x^{2}}');
  assert.equal(tex('e^{x^2} + \\exp(x)', 'x'), '2 x e^{x^{2}} + e^{x}');
  // the result reads back as the same function
  assert.equal(read(tex('\\exp(x^2)', 'x')), read('2 x e^{x^2}'));
  const matrix = differentiateMatrix('\\exp\\left(-\\|w - x\\|^2\\right)', { dialect: 'latex', wrt: 'w', explain: false });
  assert.equal(matrix.result, '-2 \\exp(-\\left\\|w - x\\right\\|^{2}) (w - x)');
});

test('fractions in exponents are written as the selection writes them: with a slash where it writes e^{-x^2/2}, \\frac where it writes \\frac or none; a number there with a slash', () => {
  assert.equal(tex('e^{-x^2/2}', 'x'), '-x e^{-x^{2}/2}');
  assert.equal(tex('e^{-(x-\\mu)^2/(2\\sigma^2)}', 'x'), '\\frac{e^{-(x - \\mu)^{2}/(2 \\sigma^{2})} (\\mu - x)}{\\sigma^{2}}');
  assert.equal(tex('x^{1/2} e^{-x/2}', 'x'), '\\frac{e^{-x/2} (1 - x)}{2 \\sqrt{x}}');
  assert.equal(tex('x^{5/2}', 'x'), '\\frac{5 x^{3/2}}{2}');
  assert.equal(tex('e^{-\\frac{x^2}{2}}', 'x'), '-x e^{-\\frac{x^{2}}{2}}');
  assert.equal(tex('e^{-x^2/2} + e^{\\frac{x}{3}}', 'x'), '\\frac{e^{\\frac{x}{3}}}{3} - x e^{-\\frac{x^{2}}{2}}');
  // a number in an exponent is slashed, as typesetting has it, unless the selection writes \\frac there (and no slash)
  assert.equal(tex('\\sqrt[3]{x}', 'x'), '\\frac{1}{3 x^{2/3}}');
  assert.equal(tex('x^{\\frac{5}{2}}', 'x'), '\\frac{5 x^{\\frac{3}{2}}}{2}');
  assert.equal(differentiate('np.cbrt(x)', { dialect: 'python', wrt: 'x', explain: false }).latex, '\\frac{1}{3 x^{2/3}}');
  // the steps' power rule alike: was \\frac{1}{2} \\cdot x^{-\\frac{1}{2}} \\cdot 1
  const steps = (src: string) => differentiate(src, { dialect: 'latex', wrt: 'x', explain: true }).steps[0].substitutedLatex;
  assert.equal(steps('\\sqrt{x}'), '\\frac{d}{dx} \\sqrt{x} = \\frac{1}{2} \\cdot x^{-1/2} \\cdot 1 = \\frac{1}{2 \\sqrt{x}}');
  assert.equal(steps('x^{\\frac{5}{2}}'), '\\frac{d}{dx} x^{\\frac{5}{2}} = \\frac{5}{2} \\cdot x^{\\frac{3}{2}} \\cdot 1 = \\frac{5 x^{\\frac{3}{2}}}{2}');
  // a slash in a function's argument is not an exponent's: \\exp keeps \\frac
  assert.equal(tex('\\exp(-x^2/2)', 'x'), '-x \\exp\\left(-\\frac{x^{2}}{2}\\right)');
  // the result reads back as the same function
  assert.equal(read(tex('e^{-(x-\\mu)^2/(2\\sigma^2)}', 'x')), read('\\frac{e^{-\\frac{(x - \\mu)^{2}}{2 \\sigma^{2}}} (\\mu - x)}{\\sigma^{2}}'));
});

test('a sum or product over a number between numbers is written out term by term (a Taylor polynomial, a Fourier partial sum); limits that are not numbers say so', () => {
  assert.equal(tex('\\sum_{k=0}^{4} \\frac{x^k}{k!}', 'x'), '1 + x + \\frac{x^{2}}{2} + \\frac{x^{3}}{6}');
  assert.equal(tex('\\sum_{n=1}^{3} \\frac{\\sin(n x)}{n}', 'x'), '\\cos(x) + \\cos(2 x) + \\cos(3 x)');
  assert.equal(tex('\\sum_{n=0}^{5} x^n', 'x'), '1 + 2 x + 3 x^{2} + 4 x^{3} + 5 x^{4}');
  assert.equal(d('\\prod_{k=1}^{3} (x - k)', 'x'), '3*(x - 2)^2 - 1');
  assert.equal(read('\\sum_{k=-1}^{1} k x^2'), '0');
  const refused = (source: string, message: RegExp) => assert.throws(() => differentiate(source, { dialect: 'latex', wrt: 'x', explain: false }), message, source);
  refused('\\sum_{k=0}^{n} x^k', /'\\sum_\{k=0\}\^\{n\}' uses k as a number, so it is written out term by term: its limits are numbers/);
  refused('\\sum_{k=1}^{500} x^k', /has more than 100 terms: at most 100 are written out/);
  refused('\\sum_{k=3}^{1} x^k', /has no terms/);
  refused('\\max_{k=1}^{3} k x', /'\\max_\{k=1\}\^\{3\}' over a number k is not read/);
  // a sum of entries is read as before
  assert.equal(differentiateMatrixResult('\\sum_{i=1}^{n} x_i^2'), '2 x');
});

function differentiateMatrixResult(source: string): string {
  return differentiateMatrix(source, { dialect: 'latex', wrt: 'x', explain: false }).result;
}

test('the input written after a derivative operator: a name, call or power as it is, anything else in brackets that grow only around tall content', () => {
  const operand = (src: string, dialect: 'latex' | 'python' = 'latex') => differentiate(src, { dialect, wrt: 'x', explain: false }).input.latexOperand;
  assert.equal(operand('x^3'), ' x^{3}');
  assert.equal(operand('\\sin(x)'), ' \\sin(x)');
  assert.equal(operand('e^{-x^2}'), ' e^{-x^{2}}');
  assert.equal(operand('x^2 + 1'), '(x^{2} + 1)');
  assert.equal(operand('x^2 \\sin x'), '(x^{2} \\sin(x))');
  assert.equal(operand('-x^2'), '(-x^{2})');
  assert.equal(operand('\\frac{1}{x}'), '\\left(\\frac{1}{x}\\right)');
  assert.equal(operand('x**-2', 'python'), '\\left(\\frac{1}{x^{2}}\\right)', 'a power printed as a fraction is bracketed');
  const matrix = differentiateMatrix('x^\\top A x', { dialect: 'latex', wrt: 'x', explain: false });
  assert.equal(matrix.input.latexOperand, '(x^\\top A x)');
});
