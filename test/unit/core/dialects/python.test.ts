// Python and numpy read as Python reads them, and printed so that python3 runs the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { differentiate } from '../../../../src/core';
import { parse, print, toPlain } from '../../../../src/core/dialects';
import { readPython } from '../../../../src/core/dialects/python';
import { differentiateMatrix } from '../../../../src/core/matrix/api';
import { Rational } from '../../../../src/core/rational';

const read = (src: string, context = '') => toPlain(parse(src, 'python', context).expr);
const derivative = (src: string, context = '') => differentiate(src, { dialect: 'python', documentText: context, explain: false }).result;

/** Runs Python code, returning stdout (throws with stderr on failure). */
function python(code: string): string {
  const r = spawnSync('python3', ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

test('floats ending in a point are Python literals', () => {
  assert.equal(read('5.*x'), '5*x');
  assert.equal(read('x*5.'), '5*x');
  assert.equal(read('5.e1*x'), '50*x');
  assert.equal(read('x**2.+ 1.'), 'x^2 + 1');
  assert.throws(() => parse('5.j*x', 'python'), /complex numbers are not supported \(column 1\)/);
});

test('comments are not part of the expression', () => {
  assert.equal(read('x**2  # squared'), 'x^2');
  assert.equal(read('# the model\nnp.sin(x)'), 'sin(x)');
});

test("numpy's log takes no base (its second argument is `out`); math.log's second argument is the base", () => {
  assert.throws(() => parse('np.log(x, 2)', 'python'), /'np\.log' takes one argument.*column 1/);
  assert.throws(() => parse('log(x, 2)', 'python', 'from numpy import log'), /'log' takes one argument/);
  assert.throws(() => parse('np.log10(x, 2)', 'python'), /takes one argument/);
  assert.equal(read('math.log(x, 2)'), 'log(x, 2)');
  assert.equal(read('log(x, 2)', 'from math import log'), 'log(x, 2)');
  assert.equal(read('np.reciprocal(x)'), '1/x');
});

test('results call functions the way the selection does: np., math. or bare imported names', () => {
  assert.equal(derivative('sqrt(x) + log(x)', 'from math import sqrt, log\n'), '1 / (2 * sqrt(x)) + 1 / x');
  assert.equal(derivative('sqrt(x)', 'from numpy import sqrt\n'), '1/(2*sqrt(x))');
  assert.equal(derivative('math.sqrt(x)'), '1/(2*math.sqrt(x))');
  assert.equal(derivative('np.sqrt(x)'), '1/(2*np.sqrt(x))');
  const context = 'from math import sqrt, log\n';
  assert.equal(python(`${context}x = 2.0\nprint(${derivative('sqrt(x) + log(x)', context)})`), String(1 / (2 * Math.sqrt(2)) + 0.5));
  // scipy.special's expit imported bare is called bare (scipy.special.expit was a NameError), in the matrix engine too (was a formula)
  const expit = 'import numpy as np\nfrom scipy.special import expit\n';
  assert.equal(derivative('expit(x)**2', expit), '2*expit(x)**2*(1 - expit(x))');
  assert.equal(differentiateMatrix('np.sum(expit(X @ w))', { dialect: 'python', wrt: 'w', documentText: `${expit}np.sum(expit(X @ w))`, selectionOffset: expit.length }).result, 'X.T @ ((1 - expit(X @ w)) * expit(X @ w))');
  // other names imported from scipy.special do not reach expit: the sigmoid is written out
  assert.equal(derivative('1/(1 + np.exp(-x))', 'import numpy as np\nfrom scipy.special import gammaln\n'), '1/(4*np.cosh(x/2)**2)');
});

test("an activation the selection calls bare is the code's own: results call it so, and python3 runs them with its definitions", () => {
  const numpy = 'import numpy as np\n';
  assert.equal(derivative('sigmoid(x)', numpy), 'sigmoid(x)*(1 - sigmoid(x))');
  // was SymPy's Max (a relu read bare made the result SymPy code in a numpy file)
  assert.equal(derivative('relu(x)**2', numpy), '2*relu(x)');
  // scipy.special's name needs no import line in the selection's reach
  assert.equal(derivative('expit(x)'), 'expit(x)*(1 - expit(x))');
  assert.equal(derivative('erf(x)*np.exp(x)', numpy), 'erf(x)*np.exp(x) + 2*np.exp(x - x**2)/np.sqrt(np.pi)');
  const matrix = (src: string) => differentiateMatrix(src, { dialect: 'python', wrt: 'w', documentText: `${numpy}${src}`, selectionOffset: numpy.length }).result;
  assert.equal(matrix('-np.sum(y * np.log(sigmoid(X @ w)) + (1 - y) * np.log(1 - sigmoid(X @ w)))'), 'X.T @ (sigmoid(X @ w) - y)');
  assert.equal(matrix('np.sum(relu(X @ w) ** 2)'), '2 * X.T @ relu(X @ w)');
  const definitions = `${numpy}from scipy.special import erf\nsigmoid = lambda z: 1 / (1 + np.exp(-z))\nexpit = sigmoid\nrelu = lambda z: np.maximum(z, 0)\nsoftplus = lambda z: np.log1p(np.exp(z))\n`;
  const cases = ['sigmoid(2*x)*x', 'expit(x)**2', 'relu(x - 1)*x', 'softplus(x**2)', 'np.exp(-x)*sigmoid(x)'];
  const printed = cases.map((src) => derivative(src, numpy));
  // softplus' derivative is the sigmoid, which this code does not define: written out
  assert.deepEqual(printed.map((text) => /sigmoid|expit|relu|softplus/.test(text)), [true, true, true, false, true], printed.join('\n'));
  const values = JSON.parse(python(`${definitions}import json\nxs = [0.4, 1.6, 2.5]\nh = 1e-6\nprint(json.dumps([[float(d(x)), float((f(x + h) - f(x - h)) / (2 * h))] for f, d in [${cases.map((src, i) => `(lambda x: ${src}, lambda x: ${printed[i]})`).join(', ')}] for x in xs]))`));
  for (const [ours, numeric] of values) assert.ok(Math.abs(ours - numeric) <= 1e-5 * Math.max(1, Math.abs(numeric)), `${ours} vs ${numeric}`);
});

test("scipy.stats.norm's pdf, logpdf, cdf, logcdf, sf and logsf are read as scipy defines them, and scipy judges the derivatives", () => {
  const context = 'import numpy as np\nfrom scipy.stats import norm\nimport scipy.special\n';
  const cases = [
    ['norm.pdf(x)', 'x'], ['norm.logpdf(x, mu, sigma)', 'mu'], ['norm.logpdf(x, loc=mu, scale=sigma)', 'sigma'], ['norm.cdf(x, 1, 2)', 'x'],
    ['norm.logcdf(x)', 'x'], ['norm.sf(x, scale=sigma)', 'sigma'], ['norm.logsf(2 * x)', 'x'], ['x * norm.cdf(x)', 'x'],
  ] as const;
  const printed = cases.map(([src, wrt]) => differentiate(src, { dialect: 'python', wrt, documentText: context, explain: false }).result);
  assert.equal(printed[1], '(x - mu)/sigma**2');
  const matrix = (src: string, wrt: string) => differentiateMatrix(src, { dialect: 'python', wrt, documentText: `${context}${src}`, selectionOffset: context.length }).result;
  // without x: the reason, not an internal error
  for (const src of ['norm.pdf()', 'norm.pdf(loc=1)', 'norm.pdf(x, 1, 2, 3)']) assert.throws(() => parse(src, 'python', context), /'norm\.pdf' takes x, loc and scale/, src);
  // the Gaussian log-likelihood of a linear model: least squares
  assert.equal(matrix('np.sum(norm.logpdf(y, X @ w, sigma))', 'w'), 'X.T @ (y - X @ w) / sigma**2');
  const values = JSON.parse(python(`${context}import json\nh = 1e-6\nout = []\nfor x, mu, sigma in [(0.3, -0.2, 0.7), (1.4, 0.5, 1.6), (-0.8, 0.1, 2.2)]:\n${cases.map(([src, wrt], i) => [
    `    f = lambda ${wrt}: ${src}`,
    `    ${wrt}0 = ${wrt}`,
    `    out.append([float((lambda ${wrt}: ${printed[i]})(${wrt}0)), float((f(${wrt}0 + h) - f(${wrt}0 - h)) / (2 * h))])`,
  ].join('\n')).join('\n')}\nprint(json.dumps(out))`)) as [number, number][];
  assert.equal(values.length, cases.length * 3);
  values.forEach(([ours, numeric], k) => assert.ok(Math.abs(ours - numeric) <= 1e-6 * Math.max(1, Math.abs(numeric)), `${cases[k % cases.length][0]}: ${ours} vs ${numeric}`));
});

test('results call norm.pdf and norm.cdf as the selection reaches norm: the probit gradient and the Black–Scholes Greeks, judged by scipy', () => {
  const context = 'import numpy as np\nfrom scipy.stats import norm\n';
  const scalar = (src: string, wrt: string, order = 1) => {
    const r = differentiate(src, { dialect: 'python', wrt, order, documentText: context, explain: false });
    assert.ok(r.verified, src);
    return r.result;
  };
  assert.equal(scalar('norm.cdf(x)', 'x'), 'norm.pdf(x)');
  assert.equal(scalar('norm.logcdf(x)', 'x'), 'norm.pdf(x)/norm.cdf(x)');
  assert.equal(scalar('norm.pdf(x)', 'x'), '-x*norm.pdf(x)');
  assert.equal(differentiate('scipy.stats.norm.cdf(2*x)', { dialect: 'python', explain: false }).result, '2*scipy.stats.norm.pdf(2*x)');
  // Black–Scholes: S·φ(d₁) = K·e^(−rT)·φ(d₂), so the delta is Φ(d₁), the rho K·T·e^(−rT)·Φ(d₂)
  const d1 = '(np.log(S/K) + T*(r + sigma**2/2))/(np.sqrt(T)*sigma)', d2 = '(np.log(S/K) + T*(r - sigma**2/2))/(np.sqrt(T)*sigma)';
  const call = 'S*norm.cdf((np.log(S/K) + (r + sigma**2/2)*T)/(sigma*np.sqrt(T))) - K*np.exp(-r*T)*norm.cdf((np.log(S/K) + (r - sigma**2/2)*T)/(sigma*np.sqrt(T)))';
  const greeks = [['S', 1], ['S', 2], ['sigma', 1], ['r', 1]] as const;
  const printed = greeks.map(([wrt, order]) => scalar(call, wrt, order));
  assert.deepEqual(printed, [`norm.cdf(${d1})`, `norm.pdf(${d1})/(S*np.sqrt(T)*sigma)`, `S*np.sqrt(T)*norm.pdf(${d1})`, `K*T*norm.cdf(${d2})*np.exp(-T*r)`]);
  // the probit model's log-likelihood: X.T @ ((y/Φ − (1 − y)/Φ(−Xw))·φ)
  const probit = 'np.sum(y * norm.logcdf(X @ w) + (1 - y) * norm.logcdf(-(X @ w)))';
  const gradient = differentiateMatrix(probit, { dialect: 'python', wrt: 'w', documentText: `${context}${probit}`, selectionOffset: context.length });
  assert.equal(gradient.result, 'X.T @ ((y / norm.cdf(X @ w) - (1 - y) / norm.cdf(-X @ w)) * norm.pdf(X @ w))');
  const h = 1e-5;
  const worst = Number(python(`${context}
S, K, T, r, sigma = 1.1, 0.9, 0.7, 0.03, 0.4
h = ${h}
errors = []
f = lambda S, sigma, r: ${call}
for (wrt, order), d in zip(${JSON.stringify(greeks)}, [${printed.map((p) => `lambda S, sigma, r: ${p}`).join(', ')}]):
    at = dict(S=S, sigma=sigma, r=r)
    def shifted(k):
        a = dict(at); a[wrt] += k * h
        return f(**a)
    numeric = (shifted(1) - shifted(-1)) / (2 * h) if order == 1 else (shifted(1) - 2 * shifted(0) + shifted(-1)) / h**2
    errors.append(abs(d(**at) - numeric) / max(1, abs(numeric)))
rng = np.random.default_rng(0)
X = rng.normal(size=(6, 3)); y = (rng.uniform(size=6) > 0.5).astype(float); w = rng.normal(size=3)
loss = lambda w: ${probit}
numeric = np.array([(loss(w + h * e) - loss(w - h * e)) / (2 * h) for e in np.eye(3)])
errors.append(np.max(np.abs(${gradient.result} - numeric)))
print(max(errors))`));
  assert.ok(worst < 1e-4, `worst relative error ${worst}`);
});

test("torch.distributions' and TensorFlow Probability's Normal(loc, scale) methods are read as scipy's norm (scale the standard deviation), judged by scipy", () => {
  const cases = [
    ['torch.distributions.Normal(mu, sigma).log_prob(x)', 'mu', 'import torch\n', '(x - mu)/sigma**2'],
    ['D.Normal(loc=mu, scale=sigma).log_prob(x)', 'sigma', 'import torch\nimport torch.distributions as D\n', '(x - mu)**2/sigma**3 - 1/sigma'],
    ['Normal(mu, sigma).cdf(x)', 'x', 'import torch\nfrom torch.distributions import Normal\n', undefined],
    ['tfp.distributions.Normal(loc=mu, scale=sigma).log_survival_function(x)', 'x', 'import tensorflow as tf\nimport tensorflow_probability as tfp\n', undefined],
  ] as const;
  const printed = cases.map(([src, wrt, context, expected]) => {
    const r = differentiate(src, { dialect: 'python', wrt, documentText: context + src, selectionOffset: context.length, explain: false });
    assert.ok(r.verified, src);
    if (expected) assert.equal(r.result, expected, src);
    return r.plain;
  });
  // the same functions by scipy, at a point: the plain readings of the results
  const scipy = ['norm.logpdf(x, mu, sigma)', 'norm.logpdf(x, mu, sigma)', 'norm.cdf(x, mu, sigma)', 'norm.logsf(x, mu, sigma)'];
  const values = JSON.parse(python(`import json, math\nfrom scipy.stats import norm\nfrom math import exp, log, sqrt, pi, erf, erfc\nnormpdf, normcdf = norm.pdf, norm.cdf\nh = 1e-6\nx, mu, sigma = 0.4, -0.3, 1.7\nout = []\n${cases.map(([, wrt], i) => [
    `f = lambda ${wrt}: ${scipy[i]}`,
    `out.append([float((lambda x, mu, sigma: ${printed[i].replace(/\^/g, '**')})(x, mu, sigma)), float((f(${wrt} + h) - f(${wrt} - h)) / (2 * h))])`,
  ].join('\n')).join('\n')}\nprint(json.dumps(out))`)) as [number, number][];
  values.forEach(([ours, numeric], i) => assert.ok(Math.abs(ours - numeric) <= 1e-6 * Math.max(1, Math.abs(numeric)), `${cases[i][0]}: ${ours} vs ${numeric}`));
  assert.throws(() => derivative('torch.distributions.Normal(0, 1)', 'import torch\n'), /is a distribution, not a number: differentiate its log_prob or prob at a point/);
  assert.throws(() => derivative('torch.distributions.Normal(0, 1).entropy()', 'import torch\n'), /'\.entropy\(\)' of a normal distribution is not read/);
  assert.throws(() => derivative('torch.distributions.Normal(mu).log_prob(x)', 'import torch\n'), /takes loc and scale/);
});

test('conversions that keep the value are read as the value: float(2), np.float64(x), np.asarray(x)', () => {
  assert.equal(derivative('float(2) * x**2'), '4 * x');
  assert.equal(derivative('np.float32(0.5) * x + np.float64(x)**2'), '0.5 + 2 * x');
  assert.equal(differentiateMatrix('np.sum(np.asarray(x) ** 2)', { dialect: 'python', wrt: 'x' }).result, '2 * x');
});

test('a conditional expression written in the selection comes back as one, not as np.where', () => {
  assert.equal(derivative('x**2 if x > 0 else 0'), '(2*x if x > 0 else 0)');
  assert.equal(derivative('(x**2 if x > 0 else 0) + x'), '(2 * x if x > 0 else 0) + 1');
  // conditions joined by and / or (nested wheres in the tree, printed joined); joining two numbers is refused with the reason
  assert.equal(derivative('x**2 if x > 0 and x < 3 else 0'), '(2*x if (x > 0 and x < 3) else 0)');
  assert.equal(derivative('x**2 if 0 < x < 3 else 0'), '(2*x if (0 < x and x < 3) else 0)');
  assert.equal(derivative('x**2 if x < 0 or x > 3 else 0'), '(2*x if (x < 0 or x > 3) else 0)');
  assert.equal(derivative('np.where((x > 0) & (x < 3), x**2, 0)'), 'np.where((x > 0) & (x < 3), 2*x, 0)');
  assert.equal(derivative('np.where(((x > 0) & (x < 3)) | (x > 5), x**2, 0)'), 'np.where(((x > 0) & (x < 3)) | (x > 5), 2*x, 0)');
  // numpy runs the printed conditions on numbers and on arrays
  const [and, or] = ['np.where((x > 0) & (x < 3), x**2, 0)', 'np.where((x < 0) | (x > 3), x**2, np.sin(x))'].map((source) => derivative(source));
  assert.equal(python(`import numpy as np\nx = 2.0\nprint(${and}, ${or})\nx = np.array([-1.0, 1.0, 4.0])\nprint(${and}.tolist(), ${or}.tolist())`),
    '4.0 -0.4161468365471424\n[0.0, 2.0, 0.0] [-2.0, 0.5403023058681398, 8.0]');
  assert.equal(derivative('x**2 * ((x > 0) & (x < 3))'), '2 * x * (x > 0) * (x < 3)');
  // an or used as a number is one mask, entry by entry
  const orMask = derivative('((x < 0) | (x > 3)) * x**2');
  assert.equal(orMask, '2 * x * ((x < 0) | (x > 3))');
  assert.equal(python(`import numpy as np\nx = np.array([-1.0, 1.0, 4.0])\nprint((${orMask}).tolist())`), '[-2.0, 0.0, 8.0]');
  assert.throws(() => derivative('x if x and 3 else 0'), /'and' joins conditions: write comparisons on both sides/);
  // np.where written, np.where printed
  assert.equal(derivative('np.where(x > 0, x**2, 0)'), 'np.where(x > 0, 2*x, 0)');
  // Python runs it, with the value of the branch taken
  assert.equal(python(`x = 2.0\nprint(${derivative('x**3 if x > 1 else -x')})`), '12.0');
});

test('cube roots print with np.cbrt, so the derivative is real for x < 0', () => {
  const printed = derivative('np.cbrt(x)');
  assert.equal(printed, '1/(3*np.cbrt(x)**2)');
  assert.equal(Number(python(`import numpy as np\nx = -8.0\nprint(${printed})`)), 1 / 12);
});

test('Greek names Python writes in Unicode stay so in code and are their commands in LaTeX', () => {
  const r = differentiate('np.sin(θ)**2 * λ', { dialect: 'python', wrt: 'θ', explain: false });
  assert.deepEqual([r.result, r.latex], ['λ * np.sin(2 * θ)', '\\lambda \\sin(2 \\theta)']);
  assert.equal(differentiateMatrix('np.sum((X @ θ - y)**2)', { dialect: 'python', wrt: 'θ', explain: false }).latex, '2 X^\\top (X \\theta - y)');
});

test('names that are Python keywords print as valid Python, whatever notation they came from', () => {
  const numpy = { dialect: 'python', prefix: 'np', module: 'numpy', spacedProducts: false } as const;
  const printed = print(parse('\\lambda x^2 + \\alpha', 'latex').expr, numpy);
  assert.equal(printed, 'lambda_*x**2 + alpha');
  const fromPlain = print(parse('lambda*w + await + async + None', 'plain').expr, numpy);
  assert.equal(python(`lambda_, w, await_, async_, None_ = 2, 3, 5, 7, 11\nprint(${fromPlain})`), '29');
  assert.equal(read('lambda_ * w'), 'lambda*w');
});

test('arctan2 and the two-value max/min; numpy max/min reduce (their second argument is the axis)', () => {
  assert.equal(differentiate('np.arctan2(y, x)', { dialect: 'python', wrt: 'x', explain: false }).result, '-y/(x**2 + y**2)');
  assert.equal(differentiate('math.atan2(y, x)', { dialect: 'python', wrt: 'y', explain: false }).result, 'x/(x**2 + y**2)');
  const maximum = differentiate('np.maximum(x, y)', { dialect: 'python', wrt: 'x', explain: false }).result;
  assert.equal(python(`import numpy as np\nx, y = 3.0, 1.0\nprint(${maximum})`), '1.0');
  assert.equal(read('max(x, y, 1)'), read('np.maximum(np.maximum(x, y), 1)'));
  assert.throws(() => parse('np.max(x, 1)', 'python'), /reduces an array.*np\.maximum/);
});

const matrixResult = (src: string, context = '') => differentiateMatrix(src, { dialect: 'python', wrt: 'x', vars: { x: { shape: ['n'] } }, documentText: context }).matrix;

test('one reader: what the scalar reader knew reads inside numpy selections', () => {
  // math's functions, bare table names, float literals ending in a point, keyword-spelled names
  assert.equal(matrixResult('math.exp(-x @ x)'), "-2*exp(-x'*x)*x");
  assert.equal(matrixResult('np.sum(sin(x))'), 'cos(x)');
  assert.equal(matrixResult('x @ x / 2.'), 'x');
  assert.equal(matrixResult('lambda_ * (x @ x)'), '2*lambda*x');
  assert.equal(matrixResult('np.reciprocal(x)'), '-diag(1./x.^2)');
  // π is a constant of the matrix engine too, wherever it comes from
  assert.equal(matrixResult('np.pi * (x @ x)'), '2*pi*x');
  assert.equal(matrixResult('tau * (x @ x)', 'from math import tau'), '4*pi*x');
});

test("one reader: numpy's words read in scalar selections; array words are refused where written", () => {
  assert.equal(read('np.multiply(x, y) + np.divide(x, 2)'), 'x*y + x/2');
  assert.equal(read('np.transpose(x)*2 + x.T'), '3*x');
  assert.equal(read('x.transpose()**2'), 'x^2');
  assert.throws(() => parse('np.sum(x)', 'python'), /'np\.sum' works on arrays.*column 1/);
  assert.throws(() => parse('1 + x @ y', 'python'), /'@' works on arrays.*column 7/);
  assert.throws(() => parse('cp.sum(x)', 'python'), /unknown module 'cp'/);
});

test('readPython: one reading gives the syntax, the printing style and the numpy prefix', () => {
  const r = readPython('y = xp.sum(x) * 0.5', 'import numpy as xp');
  assert.equal(r.assignedTo, 'y');
  assert.equal(r.prefix, 'xp');
  assert.equal(r.style.prefix, 'xp');
  assert.deepEqual(r.syn, {
    t: 'bin', op: 'emul', at: 14, text: '*',
    l: { t: 'call', fn: 'sum', args: [{ t: 'sym', name: 'x', at: 11 }], at: 4, text: 'xp.sum' },
    r: { t: 'num', value: Rational.HALF, at: 16, decimal: true },
  });
  // offsets stay the selection's own where the reader groups a long chain for Lezer
  const long = Array.from({ length: 250 }, (_, i) => `x${i}`).join(' + ');
  const syn = readPython(long).syn;
  assert.ok(syn.t === 'bin' && syn.at === long.lastIndexOf('+') && syn.r.t === 'sym' && syn.r.at === long.lastIndexOf('x'));
});

const d = (src: string, context = '', wrt = 'x') => differentiate(src, { dialect: 'python', documentText: context, wrt, explain: false }).result;

test('the ML vocabulary reads with each library’s defaults and prints in the module and alias the input used', () => {
  assert.equal(d('sin(x)*exp(x)'), 'exp(x)*(cos(x) + sin(x))');
  assert.equal(d('F.softplus(x)'), 'torch.sigmoid(x)');
  assert.equal(d('onp.exp(2*x)', 'import numpy as onp'), '2*onp.exp(2*x)');
  assert.equal(d('jnp.tanh(x)'), '1/jnp.cosh(x)**2');
  assert.equal(d('np.where(x > 0, x, 0.01*x)'), 'np.where(x > 0, 1, 0.01)');
  assert.equal(d('np.maximum(0, x)'), 'np.heaviside(x, 0.5)');
  assert.equal(d('sp.Piecewise((x**2, x > 0), (0, True))'), 'sp.Piecewise((2*x, x > 0), (0, True))');
  // defaults: jax.nn.gelu is the tanh form, tf.nn.leaky_relu's slope 0.2, torch's 0.01
  assert.equal(read('jax.nn.gelu(x)'), read('jax.nn.gelu(x, approximate=True)'));
  assert.notEqual(read('jax.nn.gelu(x)'), read('F.gelu(x)'));
  assert.equal(read('F.gelu(x)'), read('tf.nn.gelu(x)'));
  assert.equal(read("F.gelu(x, approximate='tanh')"), read('jax.nn.gelu(x)'));
  assert.equal(read('tf.nn.leaky_relu(x)'), read('F.leaky_relu(x, 0.2)'));
  assert.equal(read('F.leaky_relu(x)'), read('jax.nn.leaky_relu(x, negative_slope=0.01)'));
  assert.equal(read('sp.sinc(x)'), read('np.sinc(x/np.pi)'));
  assert.throws(() => parse('F.softplus(x, threshold=5)', 'python'), /threshold= is not supported/);
  assert.throws(() => parse('np.exp(x, axis=0)', 'python'), /keyword argument 'axis' is not supported by 'np.exp'/);
  // a library lacking a function: tf has no sinc, numpy no sigmoid (formulas), F's activations in F
  assert.equal(d('F.gelu(x)*0 + F.elu(x)'), 'torch.where(x > 0, 1, torch.exp(x))');
  assert.equal(d('tf.nn.leaky_relu(x)'), 'tf.where(x > 0, 1.0, 0.2)');
});

test('SymPy derivative operators in the selection: sp.diff(f, x), diff(f, x, 2), f.diff(y)', () => {
  assert.equal(d('sp.diff(x**4, x)'), '4*x**3');
  assert.equal(d('diff(sin(x), x, 2)', 'from sympy import *'), '-sin(x)');
  const syn = readPython('(x*y**2).diff(y)').syn;
  assert.ok(syn.t === 'derivative' && syn.wrt.join() === 'y');
  const mixed = readPython('sp.diff(f, x, 2, y)').syn;
  assert.deepEqual(mixed.t === 'derivative' ? mixed.wrt : [], ['x', 'x', 'y']);
  assert.throws(() => parse('sp.diff(x**2)', 'python'), /name the variable/);
});

test('a selection with no product follows the document: its products, else the selection\'s own sums (Black writes x + 1 beside 2 * x)', () => {
  const result = (source: string, documentText = '') => differentiate(source, { dialect: 'python', wrt: 'x', documentText, explain: false }).result;
  assert.equal(result('np.sin(x) + x**3'), 'np.cos(x) + 3 * x**2');
  assert.equal(result('np.sin(x)+x**3'), 'np.cos(x) + 3*x**2');
  assert.equal(result('np.sin(x) + x**3', 'import numpy as np\ny = a*b + c\n'), 'np.cos(x) + 3*x**2');
  assert.equal(result('np.sin(x)+x**3', 'import numpy as np\ny = a * b\n'), 'np.cos(x) + 3 * x**2');
  // the selection's own products decide first
  assert.equal(result('x*np.sin(x) + x**3', 'y = a * b\n'), 'np.sin(x) + x*np.cos(x) + 3*x**2');
});

test("np.max along an axis is refused saying so (it said 'axis' was not supported \"in a scalar expression\")", () => {
  assert.throws(() => differentiateMatrix('np.max(X, axis=0) @ w', { dialect: 'python', wrt: 'X' }), /'np\.max' along an axis is not supported: np\.max\(x\) is the largest of every entry/);
  assert.throws(() => differentiateMatrix('torch.min(X, dim=1).sum()', { dialect: 'python', wrt: 'X' }), /along an axis is not supported/);
});

test("np.polyval with its coefficients written as a list is the polynomial, highest power first, of a number or of every entry (it was an unknown function)", () => {
  assert.equal(read('np.polyval([3, 2, 1], x)'), read('3*x**2 + 2*x + 1'));
  assert.equal(derivative('np.polyval([3, 2, 1], x)'), '6*x + 2');
  assert.equal(derivative('numpy.polyval([1, 0, -1], x)', 'import numpy\n'), '2*x');
  assert.equal(differentiateMatrix('np.sum(np.polyval([1, 0, -1], x)**2)', { dialect: 'python', wrt: 'x', vars: { x: { shape: ['n'] } }, explain: false }).result, '4 * x * (x**2 - 1)');
  assert.throws(() => derivative('np.polyval(p, x)'), /'np.polyval' is read with its coefficients written as a list, highest power first: np.polyval\(\[3, 2, 1\], x\)/);
  assert.equal(python('import numpy as np\nx = 0.7\nprint(round(np.polyval([3, 2, 1], x), 12) == round(3*x**2 + 2*x + 1, 12))'), 'True');
});
