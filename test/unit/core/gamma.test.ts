// The gamma family: values against mpmath, derivatives against finite differences, every notation's
// reading and printing, and printed Python run by python3 with scipy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { analyze, differentiate } from '../../../src/core';
import { digamma, gamma, lgamma, polygamma } from '../../../src/core/special';
import { parsePlain } from '../../../src/core/dialects/plain';
import { compile } from '../../../src/core/evaluate';
import { derivative } from '../../../src/core/diff';
import type { Dialect } from '../../../src/core/api';

function python(code: string): string {
  const r = spawnSync('python3', ['-c', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 failed (needs mpmath and scipy): ${r.stderr}`);
  return r.stdout;
}

const POINTS = [
  ...Array.from({ length: 40 }, (_, i) => -19.7 + i * 0.97), // negative and positive, off the poles
  ...Array.from({ length: 20 }, (_, i) => 10 ** (-6 + i * 0.4)),
  0.5, 1.5, 2.5, 100.5, 170.5,
].filter((x) => !(x <= 0 && Number.isInteger(x)));

test('values agree with mpmath to 1e-12 where the function is well conditioned', () => {
  const ref = JSON.parse(python(`
import json, mpmath
mpmath.mp.dps = 40
xs = ${JSON.stringify(POINTS)}
print(json.dumps([[float(mpmath.gamma(x)), float(mpmath.log(abs(mpmath.gamma(x)))), float(mpmath.digamma(x)),
  [float(mpmath.polygamma(n, x)) for n in (1, 2, 3, 7)]] for x in xs]))`)) as [number, number, number, number[]][];
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  POINTS.forEach((x, i) => {
    const [g, lg, dg, pg] = ref[i];
    assert.ok(rel(gamma(x), g) <= 1e-12, `gamma(${x}) = ${gamma(x)}, mpmath ${g}`);
    // ln|Γ| has zeros at 1 and 2 and ψ one near 1.4616 (and between the negative poles): there the
    // relative error is ill-conditioned, so the absolute error is checked
    assert.ok(rel(lgamma(x), lg) <= 1e-12 || Math.abs(lgamma(x) - lg) <= 1e-14, `lgamma(${x}) = ${lgamma(x)}, mpmath ${lg}`);
    assert.ok(rel(digamma(x), dg) <= 1e-12 || Math.abs(digamma(x) - dg) <= 1e-13, `digamma(${x}) = ${digamma(x)}, mpmath ${dg}`);
    [1, 2, 3, 7].forEach((n, k) => assert.ok(rel(polygamma(n, x), pg[k]) <= 1e-12, `polygamma(${n}, ${x}) = ${polygamma(n, x)}, mpmath ${pg[k]}`));
  });
  for (const pole of [0, -1, -7]) {
    assert.ok(Number.isNaN(gamma(pole)) && Number.isNaN(lgamma(pole)) && Number.isNaN(digamma(pole)) && Number.isNaN(polygamma(2, pole)), `pole at ${pole}`);
  }
});

test('canonical values: Γ(n) = (n − 1)!, Γ(1/2) = √π, ln Γ(1) = ln Γ(2) = 0, ψ⁽⁰⁾ = ψ', () => {
  assert.equal(parsePlain('gamma(5)').key, parsePlain('24').key);
  assert.equal(parsePlain('gamma(1) + gamma(2)').key, parsePlain('2').key);
  assert.equal(parsePlain('gamma(1/2)').key, parsePlain('sqrt(pi)').key);
  assert.equal(parsePlain('lgamma(1) + lgamma(2)').key, parsePlain('0').key);
  assert.equal(parsePlain('polygamma(0, x)').key, parsePlain('digamma(x)').key);
  assert.equal(parsePlain('trigamma(x)').key, parsePlain('polygamma(1, x)').key);
  assert.throws(() => parsePlain('polygamma(x, x)'), /order n of polygamma/);
  assert.throws(() => parsePlain('polygamma(1/2, x)'), /order n of polygamma/);
});

test('derivatives: Γ\' = Γψ, lnΓ\' = ψ, ψ\' = ψ⁽¹⁾, ψ⁽ⁿ⁾\' = ψ⁽ⁿ⁺¹⁾ (checked by central differences)', () => {
  for (const text of ['gamma(x)', 'lgamma(x)', 'digamma(x)', 'polygamma(2, x)', 'gamma(x^2 + 1)', 'lgamma(sin(x) + 2)', 'polygamma(1, 3*x)', 'gamma(x)*digamma(x)']) {
    const e = parsePlain(text);
    const f = compile(e, ['x']);
    const d = compile(derivative(e, 'x').result, ['x']);
    for (const x of [-2.3, -0.4, 0.3, 1.1, 2.7, 6.2]) {
      const h = 1e-5 * Math.max(1, Math.abs(x));
      const fd = (f(Float64Array.of(x + h)) - f(Float64Array.of(x - h))) / (2 * h);
      const exact = d(Float64Array.of(x));
      if (!Number.isFinite(fd)) continue; // lgamma(sin(x) + 2) etc. stay finite; a NaN here means out of domain
      assert.ok(Math.abs(exact - fd) <= 1e-5 * Math.max(1, Math.abs(fd)), `${text} at ${x}: ${exact} vs ${fd}`);
    }
  }
});

const derivativeOf = (source: string, dialect: Dialect, documentText = '') =>
  differentiate(source, { dialect, documentText, wrt: 'x', explain: false, timeBudgetMs: 5000 });

test('each notation reads the gamma family and its printed derivative reads back the same', () => {
  const cases: [Dialect, string, string, string][] = [
    ['latex', '\\Gamma(x)', 'gamma(x)', '\\psi(x) \\Gamma(x)'],
    ['latex', '\\Gamma(x + 1)', 'gamma(x + 1)', '\\psi(x + 1) \\Gamma(x + 1)'],
    ['latex', '\\ln\\left|\\Gamma(x)\\right|', 'lgamma(x)', '\\psi(x)'],
    ['latex', '\\ln\\Gamma(x)', 'log(gamma(x))', '\\psi(x)'],
    ['latex', '\\psi^{(2)}(x)', 'polygamma(2, x)', '\\psi^{(3)}(x)'],
    ['plain', 'gamma(x)^2', 'gamma(x)^2', '2*gamma(x)^2*digamma(x)'],
    ['matlab', 'gammaln(x)', 'lgamma(x)', 'psi(x)'],
    ['matlab', 'psi(2, x)', 'polygamma(2, x)', 'psi(3, x)'],
    ['julia', 'loggamma(x)', 'lgamma(x)', 'digamma(x)'],
    ['julia', 'loggamma.(x)', 'lgamma(x)', 'digamma.(x)'],
    ['julia', 'trigamma(x)', 'polygamma(1, x)', 'polygamma(2, x)'],
  ];
  for (const [dialect, source, reading, printed] of cases) {
    assert.equal(analyze(source, dialect).plain, reading, `${dialect} ${source}`);
    const d = derivativeOf(source, dialect);
    assert.equal(d.result, printed, `${dialect} ${source}`);
    assert.equal(analyze(d.result, dialect).plain, d.plain, `${dialect} ${source}: ${d.result} reads back`);
  }
});

test('every notation\'s factorial is Γ(n + 1): plain and LaTeX n!, factorial(n), math.factorial, scipy.special.factorial', () => {
  // each was an unknown function or an unexpected character
  const poisson: [Dialect, string][] = [
    ['plain', 'x^k*exp(-x)/k!'], ['latex', '\\frac{x^k e^{-x}}{k!}'], ['matlab', 'x.^k.*exp(-x)./factorial(k)'], ['julia', 'x^k*exp(-x)/factorial(k)'],
    ['python', 'x**k*math.exp(-x)/math.factorial(k)'], ['python', 'x**k*np.exp(-x)/scipy.special.factorial(k)'],
  ];
  for (const [dialect, source] of poisson) assert.equal(analyze(source, dialect).plain, 'x^k*exp(-x)/gamma(k + 1)', `${dialect} ${source}`);
  // a factorial binds tighter than a power (2^3! is 2^6), and n!! (the double factorial) is refused
  assert.equal(analyze('2^3!', 'plain').plain, '64');
  assert.throws(() => analyze('x!!', 'plain'), /n!! is the double factorial, which is not supported/);
  assert.throws(() => analyze('x!!', 'latex'), /n!! is the double factorial/);
  // x != 0 is no factorial of x beside an '=' (that said "unexpected '='")
  assert.throws(() => analyze('where(x != 0, x, 1)', 'plain'), /'!=' \(not equal\) is not supported/);
});

test('binomial coefficients (math.comb, scipy.special.comb and binom, nchoosek, binomial, \\binom) are Γ quotients written back as the selection writes them, judged by python3 and Octave', () => {
  const d = (source: string, dialect: Dialect, wrt: string, documentText = '') => {
    const r = differentiate(source, { dialect, wrt, documentText, explain: false });
    assert.ok(r.verified, source);
    return r.result;
  };
  // each was an unknown function; the coefficient leads, as a number does
  const likelihood: [Dialect, string, string, string][] = [
    ['python', 'math.comb(n, k) * p**k * (1 - p)**(n - k)', 'import math', 'math.comb(n, k) * p**(k - 1) * (1 - p)**(n - k - 1) * (k - n * p)'],
    ['python', 'scipy.special.comb(n, k)*p**k*(1 - p)**(n - k)', 'import scipy.special', 'scipy.special.comb(n, k)*p**(k - 1)*(1 - p)**(n - k - 1)*(k - n*p)'],
    ['python', 'sc.binom(n, k)*p**k*(1 - p)**(n - k)', 'import scipy.special as sc', 'sc.binom(n, k)*p**(k - 1)*(1 - p)**(n - k - 1)*(k - n*p)'],
    ['matlab', 'nchoosek(n, k)*p^k*(1 - p)^(n - k)', '', 'nchoosek(n, k).*p.^(k - 1).*(1 - p).^(n - k - 1).*(k - n.*p)'],
    ['julia', 'binomial(n, k)*p^k*(1 - p)^(n - k)', '', 'binomial(n, k)*p^(k - 1)*(1 - p)^(n - k - 1)*(k - n*p)'],
    // was n!/((n − k)! k!) with the factorials out of place
    ['latex', '\\binom{n}{k} p^k (1-p)^{n-k}', '', '\\binom{n}{k} p^{k - 1} (1 - p)^{n - k - 1} (k - n p)'],
  ];
  const printed = likelihood.map(([dialect, source, imports]) => d(source, dialect, 'p', imports));
  assert.deepEqual(printed, likelihood.map(([, , , expected]) => expected));
  assert.equal(d('\\binom{n}{k}', 'latex', 'n'), '\\binom{n}{k} (\\psi(n + 1) - \\psi(n - k + 1))');
  // a factorial the selection writes stays one: math.factorial, MATLAB's factorial
  assert.equal(d('math.factorial(n)*x**n', 'python', 'x', 'import math'), 'n*x**(n - 1)*math.factorial(n)');
  assert.equal(d('x^n/factorial(n)', 'matlab', 'x'), 'n.*x.^(n - 1)./factorial(n)');
  assert.throws(() => analyze('math.comb(n)', 'python'), /'math\.comb' takes 2 arguments, got 1/);
  assert.throws(() => analyze('nchoosek(n)', 'matlab'), /'nchoosek' takes n and k, got 1 argument \(column 1\)/);
  const points = [[7, 3, 0.3], [10, 4, 0.65], [5, 5, 0.8]];
  const out = JSON.parse(python(`
import json, math, scipy.special
import scipy.special as sc
h = 1e-6
out = []
for n, k, p in ${JSON.stringify(points)}:
${likelihood.slice(0, 3).map(([, source], i) => `    f = lambda p: ${source}\n    out.append([float((lambda p: ${printed[i]})(p)), float((f(p + h) - f(p - h)) / (2 * h))])`).join('\n')}
print(json.dumps(out))`)) as [number, number][];
  const octave = spawnSync('octave-cli', ['--no-gui', '--norc', '--quiet', '--eval', points.map(([n, k, p]) => `n = ${n}; k = ${k}; p = ${p}; h = 1e-6; f = @(p) ${likelihood[3][1]}; g = @(p) ${printed[3]}; disp(sprintf('%.17g %.17g', g(p), (f(p + h) - f(p - h))/(2*h)));`).join('\n')], { encoding: 'utf8' });
  assert.equal(octave.error, undefined, 'GNU Octave is needed (node scripts/octave.mjs installs it)');
  out.push(...octave.stdout.trim().split('\n').map((l) => l.split(' ').map(Number) as [number, number]));
  assert.equal(out.length, points.length * 4, octave.stderr);
  for (const [ours, numeric] of out) assert.ok(Math.abs(ours - numeric) <= 1e-5 * Math.max(1, Math.abs(numeric)), `${ours} vs ${numeric}`);
});

test('gamma stays a variable unless it is called; psi in LaTeX only before parentheses', () => {
  assert.equal(analyze('gamma*x^2', 'plain').plain, 'gamma*x^2');
  assert.equal(analyze('gamma*x^2', 'matlab').plain, 'gamma*x^2');
  assert.equal(analyze('2gamma*x', 'julia').plain, '2*gamma*x');
  assert.equal(analyze('gamma*x**2', 'python').plain, 'gamma*x^2');
  assert.equal(analyze('\\psi x', 'latex').plain, 'psi*x');
  assert.throws(() => analyze('np.gamma(x)', 'python'), /unknown function 'np.gamma'/);
  assert.throws(() => analyze('Math.gamma(x)', 'javascript'), /unknown function 'Math.gamma'/);
});

test('printed Python runs: scipy.special and math results evaluated by python3 with scipy', () => {
  const cases: [string, string][] = [
    ['scipy.special.gamma(x)', 'import scipy.special'],
    ['sc.gammaln(x**2 + 1)', 'import scipy.special as sc'],
    ['special.psi(x)*x', 'from scipy import special'],
    ['sc.polygamma(2, x) + np.sin(x)', 'import numpy as np\nimport scipy.special as sc'],
    ['math.gamma(x)', 'import math'],
    ['math.lgamma(x)', 'import math\nimport scipy.special as sc'],
  ];
  const xs = [0.3, 1.7, 4.2, -1.5];
  for (const [source, imports] of cases) {
    const d = derivativeOf(source, 'python', imports);
    const out = python(`
import math, numpy as np, scipy, scipy.special, json
${imports}
f = lambda x: ${source}
g = lambda x: ${d.result}
h = 1e-6
print(json.dumps([[float(g(x)), float((f(x + h) - f(x - h)) / (2 * h))] for x in ${JSON.stringify(xs)}]))`);
    for (const [printed, fd] of JSON.parse(out) as [number, number][]) {
      assert.ok(Math.abs(printed - fd) <= 1e-5 * Math.max(1, Math.abs(fd)), `${source} → ${d.result}: ${printed} vs ${fd}`);
    }
  }
  assert.match(derivativeOf('math.gamma(x)', 'python', 'import math').result, /^scipy\.special\.digamma\(x\)\*math\.gamma\(x\)$/);
  assert.match(derivativeOf('sc.gammaln(x)', 'python', 'import scipy.special as sc').result, /^sc\.digamma\(x\)$/);
});
