// The machine-learning and statistics functions of the table (erf … sinc) and the piecewise ones (relu,
// where, clip, floor …): values against mpmath/scipy, derivatives against central differences, reading
// and printing in each notation but Python, printed JavaScript run by node and printed MATLAB by Octave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { analyze, differentiate, Dialect } from '../../../src/core';
import { FUNCTIONS } from '../../../src/core/functions';
import { compile } from '../../../src/core/evaluate';
import { parse, print, toLatex } from '../../../src/core/dialects';
import { differentiateMatrix } from '../../../src/core/matrix/api';

function python(code: string): string {
  const r = spawnSync('python3', ['-c', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 failed (needs mpmath and scipy): ${r.stderr}`);
  return r.stdout;
}

const POINTS = [-3.7, -1.2, -0.4, 0.15, 0.9, 2.3, 5.5];

test('values agree with mpmath and scipy to about 1e-14', () => {
  const ref = JSON.parse(python(`
import json, mpmath, numpy as np, scipy.special as sc
mpmath.mp.dps = 40
xs = ${JSON.stringify(POINTS)}
f = lambda g: [float(g(mpmath.mpf(x))) for x in xs]
print(json.dumps({
  'erf': f(mpmath.erf), 'erfc': f(mpmath.erfc),
  'sigmoid': f(lambda x: 1/(1 + mpmath.exp(-x))), 'log_sigmoid': f(lambda x: -mpmath.log(1 + mpmath.exp(-x))),
  'softplus': f(lambda x: mpmath.log(1 + mpmath.exp(x))), 'gelu': f(lambda x: x*mpmath.ncdf(x)),
  'gelu_tanh': f(lambda x: x/2*(1 + mpmath.tanh(mpmath.sqrt(2/mpmath.pi)*(x + mpmath.mpf('0.044715')*x**3)))),
  'silu': f(lambda x: x/(1 + mpmath.exp(-x))), 'sinc': f(lambda x: mpmath.sinc(mpmath.pi*x)),
  'erfc_tail': [float(mpmath.erfc(x)) for x in [3, 6, 10, 20]],
  'beta': [float(mpmath.beta(a, b)) for a, b in [(2.5, 1.5), (0.3, 4), (-0.5, 2.2), (30, 40)]],
  'logaddexp': [float(np.logaddexp(a, b)) for a, b in [(1, 2), (-800, -801), (700, 700.5)]],
  'round': [float(np.round(x)) for x in [0.5, 1.5, 2.5, -0.5, 2.4]],
}))`));
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  for (const name of ['erf', 'erfc', 'sigmoid', 'log_sigmoid', 'softplus', 'gelu', 'gelu_tanh', 'silu', 'sinc']) {
    const f = FUNCTIONS.get(name)!.evaluate;
    POINTS.forEach((x, i) => assert.ok(rel(f(x), ref[name][i]) < 2e-14, `${name}(${x}) = ${f(x)}, mpmath ${ref[name][i]}`));
  }
  [3, 6, 10, 20].forEach((x, i) => assert.ok(rel(FUNCTIONS.get('erfc')!.evaluate(x), ref.erfc_tail[i]) < 5e-15, `erfc(${x})`));
  [[2.5, 1.5], [0.3, 4], [-0.5, 2.2], [30, 40]].forEach(([a, b], i) => assert.ok(rel(FUNCTIONS.get('beta')!.evaluate(a, b), ref.beta[i]) < 1e-13, `beta(${a}, ${b})`));
  [[1, 2], [-800, -801], [700, 700.5]].forEach(([a, b], i) => assert.ok(rel(FUNCTIONS.get('logaddexp')!.evaluate(a, b), ref.logaddexp[i]) < 1e-15, `logaddexp(${a}, ${b})`));
  [0.5, 1.5, 2.5, -0.5, 2.4].forEach((x, i) => assert.equal(FUNCTIONS.get('round')!.evaluate(x), ref.round[i], `round(${x}) as numpy rounds`));
  assert.equal(FUNCTIONS.get('sinc')!.evaluate(0), 1);
  assert.equal(FUNCTIONS.get('heaviside')!.evaluate(0), 0.5);
});

/** d/dx of `src` (plain) at x, from the result, and by central differences of the input. */
function derivativeAt(src: string, xs: number[]): { claimed: number; numeric: number; x: number }[] {
  const r = differentiate(src, { dialect: 'plain', wrt: 'x', explain: false });
  assert.ok(r.verified, `${src}: ${JSON.stringify(r.verification)}`);
  const f = compile(parse(src, 'plain').expr, ['x']);
  const g = compile(parse(r.plain, 'plain').expr, ['x']);
  const h = 1e-6;
  return xs.map((x) => ({ x, claimed: g(Float64Array.of(x)), numeric: (f(Float64Array.of(x + h)) - f(Float64Array.of(x - h))) / (2 * h) }));
}

test('derivatives agree with central differences away from the kinks', () => {
  const smooth = ['erf(x^2)', 'erfc(2*x)', 'beta(x + 3, 2)', 'sigmoid(3*x)', 'log_sigmoid(x)', 'softplus(x^2)', 'gelu(x)', 'gelu_tanh(x)', 'silu(x)', 'logaddexp(x, 2*x)', 'sinc(x)', 'hypot(x, 2)'];
  const piecewise = ['relu(x)^2', 'leaky_relu(x, 0.2)*x', 'elu(x, 1.5)', 'where(x > 0.3, x^3, sin(x))', 'clip(x, -1, 1)*x', 'floor(x) + x^2', 'max(0, x)*x', 'heaviside(x)*x^2'];
  for (const src of [...smooth, ...piecewise]) {
    for (const { x, claimed, numeric } of derivativeAt(src, [-2.13, -0.71, 0.42, 1.37, 2.6])) {
      assert.ok(Math.abs(claimed - numeric) <= 1e-6 * Math.max(1, Math.abs(numeric)), `${src} at ${x}: ${claimed} vs ${numeric}`);
    }
  }
});

test('results stay readable: relu\' is the step, where\' is where of the branches, max(0, x)\' too', () => {
  const d = (src: string, dialect: Dialect = 'plain') => differentiate(src, { dialect, wrt: 'x', explain: false });
  assert.equal(d('relu(x)').plain, 'heaviside(x)');
  assert.equal(d('max(0, x)').plain, 'heaviside(x)');
  assert.equal(d('where(x > 0, x^2, sin(x))').plain, 'where(x > 0, 2*x, cos(x))');
  assert.equal(d('leaky_relu(x, 0.01)').plain, 'where(x > 0, 1, 0.01)');
  assert.equal(d('softplus(x)').plain, 'sigmoid(x)');
  assert.equal(d('sigmoid(x)').plain, 'sigmoid(x)*(1 - sigmoid(x))');
  assert.equal(d('logaddexp(x, y)').plain, 'sigmoid(x - y)');
  assert.equal(d('erf(x)').plain, '2*exp(-x^2)/sqrt(pi)');
  assert.equal(d('floor(x)*3').plain, '0');
  // a step times the ramp it steps is the ramp: (ReLU x)² gives 2·ReLU x, in the notation's spelling
  assert.equal(d('relu(x)^2').plain, '2*relu(x)');
  assert.equal(differentiate('np.maximum(x, 0)**3', { dialect: 'python', wrt: 'x', explain: false }).result, '3*np.maximum(x, 0)**2');
  assert.equal(differentiate('max(0, 1 - x).^2', { dialect: 'matlab', wrt: 'x', explain: false }).result, '-2*max(0, 1 - x)');
});

test('a step over a power of its ramp is a where, defined where the ramp is 0', () => {
  // heaviside(x)/(2·√max(x, 0)) is 0/0 in code wherever x < 0, where the derivative is 0
  const r = (src: string, dialect: Dialect) => differentiate(src, { dialect, wrt: 'x', explain: false }).result;
  const d = (src: string) => differentiate(src, { dialect: 'plain', wrt: 'x', explain: false });
  assert.equal(d('sqrt(relu(x))').plain, 'where(x > 0, 1/(2*sqrt(x)), 0)');
  assert.equal(d('relu(x)^(1/3)').plain, 'where(x > 0, 1/(3*x^(2/3)), 0)');
  assert.equal(d('sqrt(max(x^2 - 1, 0))').plain, 'where(x^2 - 1 > 0, x/sqrt(x^2 - 1), 0)');
  assert.equal(r('np.sqrt(np.maximum(x, 0))', 'python'), 'np.where(x > 0, 1/(2*np.sqrt(x)), 0)');
  assert.equal(r('\\sqrt{\\max(x, 0)}', 'latex'), '\\begin{cases} \\frac{1}{2 \\sqrt{x}} & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}');
  const js = r('Math.sqrt(Math.max(x, 0))', 'javascript');
  const at = (x: number) => new Function('x', `return ${js};`)(x) as number;
  assert.deepEqual([at(-1), at(0.25)], [0, 1], js);
  // a positive power of the ramp needs no guard: the step drops out
  assert.equal(d('relu(x)^(3/2)').plain, '3*sqrt(relu(x))/2');
  // the ramp's argument times its step is the ramp, written as the selection writes it
  assert.equal(d('relu(x)*x').plain, '2*relu(x)');
  assert.equal(d('max(0, x)*x^2').plain, '3*x*max(0, x)');
  assert.equal(d('max(x - 1, 0)*(x - 1)').plain, '2*max(x - 1, 0)');
  assert.equal(r('np.maximum(x, 0) * x', 'python'), '2 * np.maximum(x, 0)');
  assert.equal(r('torch.relu(x) * x', 'python'), '2 * torch.relu(x)');
  // plain math writes max and min by name (they were written out as (x + abs(x))/2)
  assert.equal(d('max(x, 0)*x*y').plain, '2*y*max(x, 0)');
  assert.equal(d('min(x, 1)*x').plain, 'x*heaviside(1 - x) + min(x, 1)');
});

test('non-differentiable points are stated with the result', () => {
  const w = (src: string, dialect: Dialect = 'plain') => differentiate(src, { dialect, wrt: 'x', explain: false }).warnings ?? [];
  assert.deepEqual(w('relu(x)'), ['not differentiable where x = 0']);
  assert.deepEqual(w('relu(x - 1)'), ['not differentiable where x = 1']);
  assert.deepEqual(w('relu(1 - x)'), ['not differentiable where x = 1'], 'not -x = -1');
  assert.deepEqual(w('max(0, x)'), ['not differentiable where x = 0']);
  assert.deepEqual(w('clip(x, 0, 1)'), ['not differentiable where x = 0 or x = 1']);
  assert.deepEqual(w('floor(x)'), ['not differentiable where x is an integer']);
  // a jump whose value at it is the midpoint (sign(0) = 0, heaviside's 1/2) has equal one-sided slopes, both huge
  assert.deepEqual(w('sign(x)'), ['not differentiable where x = 0']);
  assert.deepEqual(w('np.heaviside(x - 1, 0.5)', 'python'), ['not differentiable where x = 1']);
  assert.deepEqual(w('sign(x)*x^2'), [], 'x·|x| is differentiable at 0');
  assert.deepEqual(w('x > 0 ? x : 0.01 * x', 'javascript'), ['not differentiable where x = 0']);
  // a square of a ramp that is 0 at its kink is differentiable there (relu(x)² has 2·relu(x)); a shifted one is not
  assert.deepEqual(w('relu(x)^2 + abs(x)^3'), []);
  assert.deepEqual(w('max(x, 1)^2'), ['not differentiable where x = 1']);
  // smooth input, and elu with α = 1 (its derivative is 1 on both sides of 0), have none
  assert.deepEqual(w('gelu(x) + sigmoid(x)'), []);
  assert.deepEqual(w('elu(x, 1)'), []);
  // a where whose branches meet to first order is differentiable there (Huber's loss at |x| = 1), and a kink
  // inside a branch where that branch is not taken is no kink (its |x| at 0); found where x is far out too
  assert.deepEqual(w('where(abs(x) <= 1, x^2/2, abs(x) - 1/2)'), []);
  assert.deepEqual(w('np.where(np.abs(x) <= 1, 0.5*x**2, np.abs(x) - 0.5)', 'python'), []);
  assert.deepEqual(w('where(x > 100, 200*x - 10000, x^2)'), []);
  assert.deepEqual(w('where(x > 0, x^2, sin(x))'), ['not differentiable where x = 0'], 'slopes 0 and 1 at 0');
  assert.deepEqual(w('where(x > 100, x, x^2)'), ['not differentiable where x = 100']);
  assert.deepEqual(w('where(abs(x) <= 1, x^2, abs(x))'), ['not differentiable where abs(x) = 1'], 'values meet, slopes 2 and 1 do not');
  // a kink in x and other symbols is solved for x's terms: x = a, x = 2*a - 1
  assert.deepEqual(w('abs(a - x)'), ['not differentiable where x = a']);
  assert.deepEqual(w('relu(x - 2*a + 1)'), ['not differentiable where x = 2*a - 1']);
});

test('each notation reads the words and comparisons', () => {
  const plain = (src: string, dialect: Dialect) => analyze(src, dialect).plain;
  assert.equal(plain('where(x > 0, x, 0.01*x)', 'plain'), 'where(x > 0, x, 0.01*x)');
  assert.equal(plain('x >= 0 ? x : -x', 'javascript'), 'where(x >= 0, x, -x)');
  // (plain math writes max through abs)
  const same = (src: string, dialect: Dialect, written: string) => assert.equal(plain(src, dialect), plain(written, 'plain'), src);
  same('Math.max(0, x) + Math.floor(x) + Math.round(x) + Math.ceil(x)', 'javascript', 'max(0, x) + floor(x) + round(x) + ceil(x)');
  assert.equal(plain('Math.hypot(x, y, 2)', 'javascript'), 'sqrt(x^2 + y^2 + 4)');
  same('erf(x) + erfc(x) + max(0, x) + beta(x, 2)', 'matlab', 'erf(x) + erfc(x) + max(0, x) + beta(x, 2)');
  assert.equal(plain('(x <= 1).*x', 'matlab'), 'x*(x <= 1)');
  assert.equal(plain('ifelse.(x .> 0, x, 0) + clamp(x, 0, 1) + erf(x)', 'julia'), 'where(x > 0, x, 0) + clip(x, 0, 1) + erf(x)');
  same('\\operatorname{erf}(x) + \\sigma(x) + \\max(0, x) + \\operatorname{ReLU}(x)', 'latex', 'erf(x) + sigmoid(x) + max(0, x) + relu(x)');
  assert.equal(plain('\\begin{cases} x^2 & x \\geq 1 \\\\ x & \\text{otherwise} \\end{cases}', 'latex'), 'where(x >= 1, x^2, x)');
  // a comparison as a value is its indicator in LaTeX, read back as the comparison; a condition stays bare
  const masked = differentiate('\\mathbb{1}[x > 0] x^2', { dialect: 'latex', wrt: 'x', explain: false });
  assert.equal(masked.result, '2 x \\mathbb{1}[x > 0]');
  assert.equal(differentiate(masked.result, { dialect: 'latex', wrt: 'x', explain: false }).plain, '2*(x > 0)');
  assert.match(differentiate('np.where(x > 1, x**2, x)', { dialect: 'python', wrt: 'x', explain: false }).latex, /& x > 1 \\\\/);
  assert.equal(plain('\\left\\lfloor x \\right\\rfloor', 'latex'), 'floor(x)');
  assert.throws(() => analyze('0 < x < 1', 'plain'), /chain of comparisons/);
});

test('each notation prints piecewise results in its own idiom', () => {
  const r = (src: string, dialect: Dialect) => differentiate(src, { dialect, wrt: 'x', explain: false }).result;
  assert.equal(r('x > 0 ? x ** 2 : 0.01 * x', 'javascript'), 'x > 0 ? 2 * x : 0.01');
  assert.equal(r('leaky_relu(x, 0.1)', 'matlab'), '0.1*(x <= 0) + (x > 0)');
  assert.equal(r('ifelse.(x .> 0, x.^2, -x)', 'julia'), 'ifelse.(x .> 0, 2*x, -1)');
  assert.equal(r('\\begin{cases} x^2 & x > 0 \\\\ -x & \\text{otherwise} \\end{cases}', 'latex'), '\\begin{cases} 2 x & x > 0 \\\\ -1 & \\text{otherwise} \\end{cases}');
  assert.equal(toLatex(parse('sigmoid(x) + erf(x) + floor(x)', 'plain').expr), '\\operatorname{erf}(x) + \\left\\lfloor x \\right\\rfloor + \\sigma(x)');
  // Math has no erf: the printer says so rather than write Math.erf
  assert.throws(() => print(parse('erf(x) + 1', 'plain').expr, { dialect: 'javascript', mathPow: false, spacedProducts: false }), /Math has no erf/);
});

test('printed JavaScript runs in node and MATLAB in Octave, with the engine\'s values', () => {
  const cases = ['relu(x)^2', 'leaky_relu(x, 0.2)*x', 'elu(x, 1.5)', 'where(x > 0.3, x^3, sin(x))', 'clip(x, -1, 1)*x', 'sigmoid(x)', 'softplus(x^2)', 'silu(x)', 'gelu_tanh(x)', 'logaddexp(x, 2*x)', 'sinc(x)*x', 'floor(x)*x^2', 'heaviside(x)*x^2'];
  const matlabOnly = ['gelu(x)', 'erf(x)*x', 'erfc(x^2)', 'beta(x + 3, 2)'];
  const xs = [-2.13, -0.71, 0.42, 1.37, 2.6];
  const js: string[] = [];
  const octave: string[] = [];
  const expected: number[][] = [];
  for (const src of [...cases, ...matlabOnly]) {
    const engine = differentiate(src, { dialect: 'plain', wrt: 'x', explain: false });
    const g = compile(parse(engine.plain, 'plain').expr, ['x']);
    expected.push(xs.map((x) => g(Float64Array.of(x))));
    const written = parse(engine.plain, 'plain').expr;
    if (cases.includes(src)) js.push(print(written, { dialect: 'javascript', mathPow: false, spacedProducts: false }));
    octave.push(print(written, { dialect: 'matlab', spacedProducts: false }));
  }
  const nodeOut = spawnSync(process.execPath, ['-e', `const xs = ${JSON.stringify(xs)}; console.log(JSON.stringify([${js.map((c) => `xs.map((x) => ${c})`).join(', ')}]))`], { encoding: 'utf8' });
  assert.equal(nodeOut.status, 0, nodeOut.stderr);
  const jsValues = JSON.parse(nodeOut.stdout) as number[][];
  jsValues.forEach((vs, i) => vs.forEach((v, k) => assert.ok(Math.abs(v - expected[i][k]) <= 1e-9 * Math.max(1, Math.abs(v)), `${js[i]} at ${xs[k]}: ${v} vs ${expected[i][k]}`)));
  // MATLAB results run with x a row vector, as linspace makes it
  const script = `x = [${xs.join(' ')}];\n${octave.map((c) => `disp(sprintf('%.17g ', ${c}));`).join('\n')}`;
  const oct = spawnSync('octave-cli', ['--no-gui', '--norc', '--quiet', '--eval', script], { encoding: 'utf8' });
  assert.equal(oct.error, undefined, 'GNU Octave is needed (node scripts/octave.mjs installs it)');
  const lines = oct.stdout.trim().split('\n');
  assert.equal(lines.length, octave.length, `${oct.stdout}\n${oct.stderr}`);
  lines.forEach((line, i) => line.trim().split(/\s+/).map(Number).forEach((v, k) => {
    assert.ok(Math.abs(v - expected[i][k]) <= 1e-9 * Math.max(1, Math.abs(v)), `${octave[i]} at ${xs[k]}: ${v} vs ${expected[i][k]}`);
  }));
});

test('element-wise in the matrix engine: sigmoid, softplus, relu, erf verified', () => {
  const m = (src: string, dialect: Dialect | 'matrix') => differentiate(src, { dialect: dialect as Dialect, wrt: 'w', explain: false });
  for (const [src, dialect] of [['sum(sigmoid(X*w))', 'matrix'], ['sum(softplus(X*w))', 'matrix'], ['sum(relu(X*w))', 'matrix'], ['sum(relu(X*w))', 'matlab'], ['sum(relu.(X*w))', 'julia']] as const) {
    const r = m(src, dialect);
    assert.ok(r.verified, `${src}: ${JSON.stringify(r.verification)}`);
  }
  assert.equal(m('sum(softplus(X*w))', 'matrix').result, "X'*sigmoid(X*w)");
  assert.equal(m('sum(relu(X*w))', 'matrix').result, "X'*heaviside(X*w)");
  // MATLAB and Octave have no heaviside: written with sign
  assert.equal(m('sum(relu(X*w))', 'matlab').result, "X'*((1 + sign(X*w))/2)");
  // erf's derivative holds π, a constant of matrix expressions too
  const erf = m('sum(erf(X*w))', 'matrix');
  assert.equal(erf.result, "2*X'*exp(-(X*w).^2)/sqrt(pi)");
  assert.ok(erf.verified);
});

test('a function the notation lacks but the selection calls is called in the result too (the user\'s sigmoid, NNlib\'s σ)', () => {
  const d = (src: string, dialect: Dialect, wrt = 'x') => differentiate(src, { dialect, wrt, explain: false });
  // MATLAB has no sigmoid, but a selection calling one has it (the course's sigmoid.m): the gradient is the course's
  // formula (it was X'*(1./(1 + exp(-X*theta)) - y)/length(y), and sigmoid(x)' (1 - 1./(exp(-x) + 1))./(exp(-x) + 1))
  const logistic = d('-mean(y.*log(sigmoid(X*theta)) + (1-y).*log(1-sigmoid(X*theta)))', 'matlab', 'theta');
  assert.deepEqual([logistic.result, logistic.verified], ["X'*(sigmoid(X*theta) - y)/length(y)", true]);
  assert.equal(d('sigmoid(x)', 'matlab').result, 'sigmoid(x).*(1 - sigmoid(x))');
  // Julia: as the selection spells it (NNlib's σ and sigmoid, LogExpFunctions' logistic), broadcast on arrays
  assert.equal(d('σ(x)^2', 'julia').result, '2*σ(x)^2*(1 - σ(x))');
  assert.equal(d('logistic(x)', 'julia').result, 'logistic(x)*(1 - logistic(x))');
  assert.equal(d('sum(σ.(X*w))', 'julia', 'w').result, "X'*((1 .- σ.(X*w)) .* σ.(X*w))");
  // σ not called is a name (a standard deviation); a function the selection does not call is still written out
  assert.equal(d('σ*x^2', 'julia').result, '2*σ*x');
  assert.equal(d('relu(x)^2 + softplus(x)', 'julia').result, '2*relu(x) + 1/(exp(-x) + 1)');
});

test("Julia's results call Distributions' Φ and φ as cdf(Normal(), z) and pdf(Normal(), z) where the selection calls them", () => {
  const d = (src: string) => differentiate(src, { dialect: 'julia', wrt: 'x', explain: false });
  assert.equal(d('cdf(Normal(), x)^2').result, '2*cdf(Normal(), x)*pdf(Normal(), x)');
  assert.equal(d('logcdf(Normal(0, 2), x)').result, 'pdf(Normal(), x/2)/(2*cdf(Normal(), x/2))');
  // broadcast over arrays: the probit gradient
  assert.equal(differentiateMatrix('sum(logcdf.(Normal(), X*w))', { dialect: 'julia', wrt: 'w' }).result, "X'*(pdf.(Normal(), X*w) ./ cdf.(Normal(), X*w))");
  // without Distributions in the selection, as before: no Normal() to print
  assert.equal(d('exp(-x^2/2)').result, '-x*exp(-x^2/2)');
});

test("MATLAB's normpdf and normcdf (Statistics Toolbox) are read as MATLAB documents them, and Octave runs the results against central differences", () => {
  const d = (src: string, wrt: string) => differentiate(src, { dialect: 'matlab', wrt, explain: false });
  const cases = [['normpdf(x)', 'x'], ['normpdf(x, mu, sigma)', 'mu'], ['log(normpdf(x, mu, sigma))', 'sigma'], ['normcdf(x, mu, sigma)', 'x'], ["normcdf(x, 0, 2, 'upper')", 'x']] as const;
  const printed = cases.map(([src, wrt]) => d(src, wrt).result);
  assert.equal(printed[2], '((x - mu).^2 - sigma.^2)./sigma.^3');
  assert.equal(differentiate('sum(log(normpdf(y, X*w, sigma)))', { dialect: 'matlab', wrt: 'w', explain: false }).result, "X'*(y - X*w)/sigma^2");
  assert.throws(() => d("normcdf(x, 0, 1, 'lower')", 'x'), /option is 'upper'/);
  // Octave has no Statistics Toolbox here: the definitions MATLAB documents
  const definitions = [
    'normpdf = @(x, mu = 0, sigma = 1) exp(-((x - mu)./sigma).^2/2)./(sigma*sqrt(2*pi));',
    "function p = normcdf(x, mu = 0, sigma = 1, tail = 'lower') p = erfc(-(x - mu)./(sigma*sqrt(2)))/2; if strcmp(tail, 'upper') p = erfc((x - mu)./(sigma*sqrt(2)))/2; end; end",
  ];
  const lines = cases.map(([src, wrt], i) => `${wrt}0 = ${wrt}; f = @(${wrt}) ${src}; g = @(${wrt}) ${printed[i]}; h = 1e-6; disp(sprintf('%.17g %.17g', g(${wrt}0), (f(${wrt}0 + h) - f(${wrt}0 - h))/(2*h)));`);
  const script = [...definitions, 'x = 0.7; mu = -0.3; sigma = 1.4;', ...lines].join('\n');
  const oct = spawnSync('octave-cli', ['--no-gui', '--norc', '--quiet', '--eval', script], { encoding: 'utf8' });
  assert.equal(oct.error, undefined, 'GNU Octave is needed (node scripts/octave.mjs installs it)');
  const rows = oct.stdout.trim().split('\n').map((l) => l.split(' ').map(Number));
  assert.equal(rows.length, cases.length, oct.stderr);
  rows.forEach(([ours, numeric], i) => assert.ok(Math.abs(ours - numeric) <= 1e-6 * Math.max(1, Math.abs(numeric)), `${cases[i][0]} → ${printed[i]}: ${ours} vs ${numeric}`));
});
