// Antiderivatives and definite integrals (src/core/calculus/integrate.ts) on the integrals corpus
// (test/corpus/integrals.jsonl, SymPy's and mpmath's references from bench/integrate_sympy.py), checked
// independently of the engine's own verification: the derivative of every answer by central
// differences equals the integrand, and answer − SymPy's answer is constant near each sample point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { differentiate, InputError, integrate, IntegralResult } from '../../../../src/core';
import { asScalar, read } from '../../../../src/core/dialects';
import { compile } from '../../../../src/core/evaluate';
import { children, Expr, rebuild, symbolsOf } from '../../../../src/core/expr';
import { call } from '../../../../src/core/functions';
import { discontinuity } from '../../../../src/core/calculus/integrate';
import { candidates } from '../../../../src/core/calculus/search';
import { readJsonLines } from '../../../support/numeric';

interface IntegralCase {
  id: string; category: string; integrand: string; wrt: string; source: string;
  from?: string; to?: string;
  sympy: string | null; sympy_exact?: string | null; sympy_value?: string | null; diverges?: boolean;
}

const cases = readJsonLines<IntegralCase>(readFileSync(join(__dirname, '../../../corpus/integrals.jsonl'), 'utf8'));
const parsePlain = (text: string): Expr => asScalar(read(text, 'plain')).expr;
/** Generous budget: the corpus checks answers, not speed, on a loaded machine. */
const BUDGET_MS = 6000;

test('nerdamer is not loaded by reading the core or differentiating (only the first integral loads it)', () => {
  const loaded = () => Object.keys(require.cache).some((path) => /[\\/]nerdamer[\\/]/.test(path));
  differentiate('x^2*sin(x)', { dialect: 'plain' });
  assert.equal(loaded(), false);
  integrate('x', { notation: 'plain' });
  assert.equal(loaded(), true);
});

/** Points for every symbol of the case: the variable near `base`, the parameters fixed. */
function* samplePoints(names: readonly string[], wrt: string, seed: number): Generator<Float64Array> {
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  for (let i = 0; i < 60; i++) {
    yield new Float64Array(names.map((n) => (n === wrt ? (rand() < 0.6 ? 0.2 + 2.5 * rand() : -(0.2 + 2.5 * rand())) : 0.5 + 2 * rand())));
  }
}

/**
 * What is wrong with an answer F of ∫ f, or undefined: F' (central differences) must equal f, and
 * F − G (SymPy's answer, when it has one) must not change between nearby points.
 */
function checkAnswer(F: Expr, f: Expr, sympy: Expr | undefined, wrt: string, seed: number): string | undefined {
  // SymPy's log(u) where u < 0 is log|u| + iπ: its real part, log|u|, differs from it by a constant
  const G = sympy && absoluteLogs(sympy);
  const names = [...new Set([wrt, ...symbolsOf(f), ...symbolsOf(F), ...(G ? symbolsOf(G) : [])])];
  const Fc = compile(F, names), fc = compile(f, names), Gc = G && compile(G, names);
  const wi = names.indexOf(wrt);
  let derivativeChecks = 0, constantChecks = 0;
  for (const p of samplePoints(names, wrt, seed)) {
    const at = (x: number) => { const q = p.slice(); q[wi] = x; return q; };
    const x0 = p[wi], h = 1e-5 * Math.max(1, Math.abs(x0));
    const [Fm, F0, Fp, fx] = [Fc(at(x0 - h)), Fc(at(x0)), Fc(at(x0 + h)), fc(at(x0))];
    // away from poles, where central differences are accurate
    if (![Fm, F0, Fp, fx].every(Number.isFinite) || Math.abs(fx) > 50) continue;
    const slope = (Fp - Fm) / (2 * h);
    if (Math.abs(slope - fx) > 1e-5 * Math.max(1, Math.abs(fx), Math.abs(F0))) return `F' = ${slope} but f = ${fx} at ${wrt} = ${x0}`;
    derivativeChecks++;
    if (Gc) {
      const d = [0, 0.01, 0.03].map((dx) => Fc(at(x0 + dx)) - Gc(at(x0 + dx)));
      if (!d.every(Number.isFinite)) continue;
      const scale = Math.max(1, Math.abs(F0));
      if (Math.abs(d[1] - d[0]) > 1e-7 * scale || Math.abs(d[2] - d[0]) > 1e-7 * scale) return `F − SymPy's answer is not constant near ${wrt} = ${x0}: ${d.join(', ')}`;
      constantChecks++;
    }
  }
  if (derivativeChecks < 4) return `only ${derivativeChecks} points where F and f are defined`;
  if (G && constantChecks < 3) return `only ${constantChecks} points to compare with SymPy`;
  return undefined;
}

function absoluteLogs(e: Expr): Expr {
  if (e.kind === 'num' || e.kind === 'sym' || e.kind === 'const') return e;
  const rebuilt = rebuild(e, children(e).map(absoluteLogs), call);
  return rebuilt.kind === 'call' && rebuilt.fn === 'log' ? call('log', [call('abs', [rebuilt.args[0]])]) : rebuilt;
}

const results = new Map<string, IntegralResult>();
function resultOf(c: IntegralCase): IntegralResult {
  let r = results.get(c.id);
  if (!r) results.set(c.id, (r = integrate(c.integrand, { notation: 'plain', wrt: c.wrt, from: c.from, to: c.to, budgetMs: BUDGET_MS })));
  return r;
}

test('integrals corpus: every answer is verified, its derivative is the integrand, and it equals SymPy\'s up to a constant', () => {
  assert.ok(cases.length >= 60, `the corpus has ${cases.length} integrals, at least 60 wanted`);
  const failures: string[] = [];
  let answered = 0, withReference = 0, answeredWithReference = 0;
  for (const [i, c] of cases.entries()) {
    const r = resultOf(c);
    if (c.sympy) withReference++;
    if (!r.found) continue;
    answered++;
    if (c.sympy) answeredWithReference++;
    if (!r.verified || !r.verification.verified) { failures.push(`${c.id}: found but not verified`); continue; }
    const problem = checkAnswer(parsePlain(r.plain!), parsePlain(c.integrand), c.sympy ? parsePlain(c.sympy) : undefined, c.wrt, 1000 + i);
    if (problem) failures.push(`${c.id} ∫ ${c.integrand} = ${r.plain}: ${problem}`);
  }
  console.log(`integrals: ${answered}/${cases.length} answered and verified; ${answeredWithReference} of the ${withReference} that SymPy answers in elementary functions and erf`);
  assert.deepEqual(failures, []);
  // nerdamer's known gaps (sqrt(x^2 + a^2) forms, its wrong answers) leave some unanswered; most are answered
  assert.ok(answeredWithReference >= 0.85 * withReference, `only ${answeredWithReference} of ${withReference} answered`);
});

test('integrals corpus: no unverified antiderivative is ever shown', () => {
  for (const c of cases) {
    const r = resultOf(c);
    if (r.found) {
      assert.equal(r.verified, true, c.id);
      assert.ok(r.result && r.plain && r.latex && r.equation, c.id);
      continue;
    }
    assert.equal(r.verified, false, c.id);
    assert.equal(r.verification.verified, false, c.id);
    assert.match(r.message ?? '', /^no antiderivative found: /, c.id);
    for (const field of ['result', 'plain', 'latex', 'strategy'] as const) assert.equal(r[field], undefined, `${c.id}: ${field} shown without an antiderivative`);
    if (!r.definite) assert.equal(r.equation, undefined, c.id);
  }
});

test('integrals corpus: definite values match mpmath within the error estimate, exact values match SymPy', () => {
  const definite = cases.filter((c) => c.from !== undefined);
  assert.ok(definite.length >= 15);
  for (const c of definite) {
    const r = resultOf(c);
    const d = r.definite!;
    assert.ok(d, c.id);
    if (c.diverges) {
      assert.ok(d.divergesAt !== undefined && Number.isNaN(d.value), `${c.id}: SymPy says it diverges, got ${d.value} ± ${d.errorEstimate}`);
      assert.equal(d.exact, undefined, c.id);
      continue;
    }
    const reference = Number(c.sympy_value);
    assert.ok(Math.abs(d.value - reference) <= d.errorEstimate + 1e-13 * Math.max(1, Math.abs(reference)), `${c.id}: ${d.value} ± ${d.errorEstimate} vs mpmath ${reference}`);
    assert.ok(d.errorEstimate <= 1e-6 * Math.max(1, Math.abs(reference)), `${c.id}: error estimate ${d.errorEstimate}`);
    if (d.exact) {
      assert.ok(Math.abs(d.exact.value - reference) <= 1e-12 * Math.max(1, Math.abs(reference)), `${c.id}: exact ${d.exact.plain} = ${d.exact.value} vs ${reference}`);
      if (c.sympy_exact) {
        const sympyExact = compile(parsePlain(c.sympy_exact), [])(new Float64Array(0));
        assert.ok(Math.abs(d.exact.value - sympyExact) <= 1e-12 * Math.max(1, Math.abs(sympyExact)), `${c.id}: ${d.exact.plain} vs SymPy's ${c.sympy_exact}`);
      }
    }
  }
  // the exact value is given where F is continuous on the bounds: ∫₀^π sin = 2, ∫₀¹ 1/(1+x²) = π/4, ∫₀¹ 1/√(1−x²) = π/2
  const exact = (integrand: string) => resultOf(definite.find((c) => c.integrand === integrand)!).definite!.exact?.plain;
  assert.equal(exact('sin(x)'), '2');
  assert.equal(exact('1/(1+x^2)'), 'pi/4');
  assert.equal(exact('1/sqrt(1-x^2)'), 'pi/2');
});

test('the antiderivative prints in the selection\'s notation: numpy code, LaTeX, plain', () => {
  const py = integrate('x**2 * np.sin(x)', { notation: 'python' });
  assert.ok(py.found);
  assert.match(py.result!, /np\.cos\(x\)/);
  assert.match(py.result!, /\*\*2/);
  const tex = integrate('\\frac{1}{1+x^2}', { notation: 'latex' });
  assert.equal(tex.result, '\\arctan(x)');
  assert.equal(tex.equation?.latex, '\\int \\frac{1}{x^{2} + 1} \\, dx = \\arctan(x) + C');
  const plain = integrate('1/x', { notation: 'plain' });
  assert.equal(plain.plain, 'log(abs(x))');
  assert.equal(plain.equation?.plain, 'integrate(1/x, x) = log(abs(x)) + C');
  const js = integrate('x * Math.exp(x)', { notation: 'javascript' });
  assert.equal(js.result, 'Math.exp(x) * (x - 1)');
  // JavaScript's Math has no erf: the antiderivative comes in plain math, and says why
  const gaussian = integrate('Math.exp(-x*x)', { notation: 'javascript' });
  assert.equal(gaussian.result, 'sqrt(pi)*erf(x)/2');
  assert.match(gaussian.warnings?.join(' ') ?? '', /has no erf.*plain math/);
});

test('a wrong answer of nerdamer is never shown: 1/(2 + cos x) comes back as log(2 + cos x)', () => {
  const first = candidates(parsePlain('1/(2+cos(x))'), 'x', performance.now() + 5000).next();
  assert.ok(!first.done);
  assert.equal(first.value.F.key, parsePlain('log(2+cos(x))').key, 'nerdamer\'s answer changed: pick another wrong one for this test');
  const r = integrate('1/(2+cos(x))', { notation: 'plain' });
  assert.equal(r.found, false);
  assert.match(r.message!, /does not differentiate back to the integrand/);
});

test('what nerdamer leaves, or cannot be asked in time, is "no antiderivative found"', () => {
  assert.match(integrate('1/sqrt(x^2+1)', { notation: 'plain' }).message!, /left an integral unevaluated/);
  assert.match(integrate('sin(x)/x', { notation: 'plain' }).message!, /Si/);
  const started = performance.now();
  assert.match(integrate('(x^2+1)^30', { notation: 'plain' }).message!, /degree 60 is too large/);
  // a power of a linear polynomial is not expanded: substituting u = 3x + 2 answers it
  const linear = integrate('(3*x+2)^100', { notation: 'plain' });
  assert.equal(linear.plain, '(3*x + 2)^101/303');
  assert.equal(linear.strategy, 'by substitution');
  assert.match(integrate('1/(x^3-x+1)', { notation: 'plain' }).message!, /cubic without a rational root/);
  assert.ok(performance.now() - started < 1500, 'refused without asking nerdamer');
  assert.match(integrate('gamma(x)', { notation: 'plain' }).message!, /does not know gamma/);
});

test('bounds: exact constants, both or neither, numbers for every symbol', () => {
  const r = integrate('cos(x)', { notation: 'plain', from: 0, to: 'pi/2' });
  assert.equal(r.definite?.exact?.plain, '1');
  assert.equal(r.equation?.plain, 'integrate(cos(x), x, 0, pi/2) = 1');
  assert.equal(r.definite?.to.value, Math.PI / 2);
  assert.throws(() => integrate('x', { notation: 'plain', from: 0 }), InputError);
  assert.throws(() => integrate('a*x', { notation: 'plain', wrt: 'x', from: 0, to: 1 }), /also contains a/);
  assert.throws(() => integrate('x', { notation: 'plain', from: 'y', to: 1 }), /must be a constant/);
  // reversed bounds give the negative
  assert.equal(integrate('x^2', { notation: 'plain', from: 1, to: 0 }).definite?.exact?.plain, '-1/3');
  // without an antiderivative, the numeric value still comes, with its estimate
  const si = integrate('sin(x)/x', { notation: 'plain', from: 1, to: 2 });
  assert.equal(si.found, false);
  assert.ok(Math.abs(si.definite!.value - 0.6593299064355118) < 1e-12);
  assert.match(si.equation!.plain, /≈ 0\.65932990643551/);
});

test('F(b) − F(a) is refused where the antiderivative is not continuous on [a, b]', () => {
  const F = parsePlain('atan(tan(x))'), f = parsePlain('1');
  assert.match(discontinuity(F, f, 'x', 0, 3) ?? '', /jumps between x = 1\.5/);
  assert.equal(discontinuity(F, f, 'x', 0, 1.5), undefined);
  assert.match(discontinuity(parsePlain('x*log(x)'), parsePlain('log(x) + 1'), 'x', 0, 1) ?? '', /not defined at x = 0/);
  // x log x − x at 0 is undefined (its limit is 0): the quadrature's value stands alone
  const r = integrate('log(x)', { notation: 'plain', from: 0, to: 1 });
  assert.equal(r.definite?.exact, undefined);
  assert.ok(Math.abs(r.definite!.value + 1) <= r.definite!.errorEstimate + 1e-15);
});

test('a matrix selection or a derivative operator is refused with a reason', () => {
  assert.throws(() => integrate('x.T @ A @ x', { notation: 'python' }), /scalar expression/);
  assert.throws(() => integrate('x*y', { notation: 'plain' }), /several variables/);
});
