// C and C++: what the reader accepts and refuses, how results print, and the printed derivatives
// compiled by gcc and g++ and compared there with central differences of the selection itself (the
// language's own reading of both).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, differentiate, InputError } from '../../../../src/core';
// @ts-expect-error: an .mjs script without types
import { ensureCompilers } from '../../../../scripts/compilers.mjs';

const d = (source: string, wrt = 'x') => differentiate(source, { dialect: 'c', wrt, explain: false });
const result = (source: string, wrt = 'x') => d(source, wrt).result;

test('C reads <math.h>, C++ <cmath>: literal suffixes, casts, declarations, comments, M_PI', () => {
  assert.equal(result('sin(x)*pow(x, 2)'), 'x*(x*cos(x) + 2*sin(x))');
  assert.equal(result('double y = x*x + 3*x;'), '2*x + 3');
  assert.equal(d('const double y = x*x;').assignedTo, 'y');
  assert.equal(result('return 1.0f/(1.0f + expf(-x));'), '1/(4*powf(coshf(x/2), 2))');
  assert.equal(result('std::exp(-x*x/2.0) / std::sqrt(2*M_PI)'), '-x * std::exp(-x * x / 2) / std::sqrt(2 * M_PI)');
  assert.equal(result('std::numbers::pi * x * x'), '2 * std::numbers::pi * x');
  // a variable's square as C code writes it, x*x (in a denominator in parentheses); other powers pow
  assert.equal(result('x*x*x'), '3*x*x');
  assert.equal(result('1.0/x'), '-1/(x*x)');
  assert.equal(result('x/(1 + x*x)'), '(1 - x*x)/pow(1 + x*x, 2)');
  assert.equal(result('static_cast<double>(x) * x /* area */ // of a square'), '2 * x');
  assert.equal(result('fabs(x)*x'), '2*fabs(x)');
  assert.equal(result('tgamma(x)/tgamma(x)'), '0');
  assert.equal(result('x > 0 && x < 3 ? x*x : 0.0'), 'x > 0 && x < 3 ? 2*x : 0');
  assert.equal(result('!(x > 0) ? x : 2*x'), 'x > 0 ? 2 : 1');
  assert.equal(result('fmax(x, 0.0)*x'), '2*fmax(x, 0)');
  // a clamp's derivative is one condition, not a product of two steps
  assert.equal(result('fmin(fmax(x, 0.0), 1.0)'), 'x < 0 || x > 1 ? 0 : 1');
  assert.equal(result('std::clamp(x, -1.0, 1.0)'), 'x < -1 || x > 1 ? 0 : 1');
  assert.deepEqual(analyze('pow(x, 2) + M_E', 'c').freeSymbols, ['x']);
  // C's suffixes are not hexadecimal digits elsewhere: MATLAB's 0xFF is 255
  assert.equal(differentiate('0xFF*x', { dialect: 'matlab', wrt: 'x', explain: false }).result, '255');
});

test("C's traps are refused with the reason: integer division, ^, **, & and |, other M_ constants", () => {
  const refused = (source: string, message: RegExp) => assert.throws(() => d(source), (e: unknown) => e instanceof InputError && message.test(e.message), source);
  refused('1/2*x', /1\/2 is integer division in C \(it is 0\): write 1\.0\/2/);
  refused('(x > 0)/2*x', /integer division in C/);
  // a constant integer expression is folded: 3/(9*3) is 3/27 (it spoke of a comparison, which it has none of), (2*3)/3 is 2
  refused('3/(9*3) - x', /3\/27 is integer division in C \(it is 0\): write 3\.0\/27/);
  assert.equal(result('(2*3)/3*x*x'), '4*x');
  refused('x^2', /'\^' is the exclusive or in C: write pow\(x, 2\)/);
  refused('x**2', /C has no '\*\*'/);
  refused('x > 0 & x < 1 ? x : 0.0', /'&' is the bitwise and in C/);
  refused('M_SQRT2*x', /M_SQRT2 is not read: write sqrt\(2\.0\)/);
  refused('pow(x)', /'pow' takes 2 arguments/);
  refused('int n = 3*x;', /n is declared an integer, so its value is truncated: declare it double/);
  refused('tgamma(x)', /<math\.h> has no digamma/);
  // a member or method (Eigen's) says what is read instead (it was "unexpected character '.'")
  refused('x.transpose() * A * x', /members and methods \(p\.x, Eigen's x\.transpose\(\) or x\.dot\(y\)\) are not read in C and C\+\+/);
  // whole quotients of integers are what C computes too
  assert.equal(result('4/2*x'), '2');
  assert.equal(result('(double)(x > 0)/2*x*x'), 'x*(x > 0)');
});

test('results never divide two integers: fractions as 1.0/3, integer quotients cast', () => {
  assert.equal(result('x/3 + x*x/2'), '1.0/3 + x');
  assert.equal(result('pow(x, 1.0/5)'), '1/(5*pow(x, 4.0/5))');
  assert.equal(result('fabs(x)/2'), '(double)(x > 0 ? 1 : x < 0 ? -1 : 0)/2');
  assert.equal(result('pow(x, 25)/1000'), 'pow(x, 24)/40');
  // pow(x, 2.0/3) is NaN for x < 0 in C; the engine's odd roots are real, as cbrt is
  assert.equal(result('cbrt(x)'), '1/(3*pow(cbrt(x), 2))');
  // C's abs takes an int: read as |x|, said so; C++'s std::abs is the real one
  assert.deepEqual(d('abs(x)*x').warnings, ["read abs(…) as |…|, as fabs and C++'s std::abs are; C's abs takes an int (abs(-1.5) is 1): write fabs"]);
  assert.deepEqual([result('std::abs(x)*x'), d('std::abs(x)*x').warnings], ['2*std::abs(x)', undefined]);
});

/** Each selection and its derivative, compiled and run: the derivative against central differences of the selection. */
function compileAndCompare(language: 'c' | 'c++', cases: readonly { source: string; wrt?: string }[], points: readonly number[], { step = 1e-6, tolerance = 1e-5, definitions = '' } = {}): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'c-dialect-'));
  try {
    const body = cases.map((c, i) => {
      const printed = result(c.source, c.wrt);
      const f = c.source.replace(/^return\s+/, '').replace(/;$/, '');
      return `static double f${i}(double x) { return ${f}; }\nstatic double d${i}(double x) { return ${printed}; }`;
    }).join('\n');
    const header = language === 'c' ? '#define _USE_MATH_DEFINES\n#include <math.h>\n#include <stdio.h>\n' : '#include <algorithm>\n#include <cmath>\n#include <cstdio>\n#include <numbers>\nusing std::pow;\n';
    const run = cases.map((_, i) => `  for (int k = 0; k < ${points.length}; k++) { double x = p[k], h = ${step} * (fabs(x) + 1); printf("%d %.17g %.17g\\n", ${i}, d${i}(x), (f${i}(x + h) - f${i}(x - h)) / (2 * h)); }`).join('\n');
    const program = `${header}${definitions}${body}\nint main(void) {\n  const double p[] = {${points.join(', ')}};\n${run}\n  return 0;\n}\n`;
    const source = path.join(dir, language === 'c' ? 'derivatives.c' : 'derivatives.cpp');
    writeFileSync(source, program);
    const binary = path.join(dir, 'derivatives');
    const { gcc, gxx } = ensureCompilers();
    const built = language === 'c'
      ? spawnSync(gcc, ['-std=c11', '-D_DEFAULT_SOURCE', source, '-o', binary, '-lm'], { encoding: 'utf8' })
      : spawnSync(gxx, ['-std=c++20', source, '-o', binary], { encoding: 'utf8' });
    assert.equal(built.status, 0, `${built.stderr}\n${program}`);
    const ran = spawnSync(binary, { encoding: 'utf8' });
    assert.equal(ran.status, 0, ran.stderr);
    for (const line of ran.stdout.trim().split('\n')) {
      const [i, ours, numeric] = line.split(' ').map(Number);
      assert.ok(Math.abs(ours - numeric) <= tolerance * Math.max(1, Math.abs(numeric)), `${cases[i].source} → ${result(cases[i].source, cases[i].wrt)}: ${ours} vs ${numeric}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('printed derivatives compile with gcc and agree with central differences of the selection', () => {
  compileAndCompare('c', [
    { source: 'sin(x)*pow(x, 2)' }, { source: 'exp(-x*x/2.0)/sqrt(2*M_PI)' }, { source: '1.0/(1.0 + exp(-x))' },
    { source: 'fabs(x)*x*x' }, { source: 'x/3 + x*x/2' }, { source: 'pow(x, 1.0/3)' }, { source: 'fabs(x)/2' },
    { source: 'x > 0.5 && x < 3 ? x*x : sin(x)' }, { source: 'atan2(2.0, x)' }, { source: 'log1p(x*x) + hypot(x, 3.0)' },
    { source: 'fmax(x, 0.0)*x' }, { source: 'fmin(fmax(x, 1.0), 3.0)*x' }, { source: 'cbrt(x) + erf(x) + erfc(2*x)' }, { source: 'log(x)/log(2.0) + log10(x)' },
  ], [0.7, 1.3, 2.2, 4.1]);
});

test("activations the code defines (sigmoid, relu, softplus) are read by name, called so in results, and gcc compiles them with their definitions", () => {
  assert.equal(result('sigmoid(x)'), 'sigmoid(x)*(1 - sigmoid(x))');
  assert.equal(result('x*relu(x)'), '2*relu(x)');
  assert.throws(() => d('foo(x)'), /unknown function 'foo'/);
  const definitions = 'static double sigmoid(double z) { return 1 / (1 + exp(-z)); }\nstatic double relu(double z) { return fmax(z, 0.0); }\nstatic double softplus(double z) { return log1p(exp(z)); }\n';
  compileAndCompare('c', [{ source: 'sigmoid(2*x)*x' }, { source: 'relu(x - 1.0)*x' }, { source: 'softplus(x*x)' }, { source: 'exp(-x)*sigmoid(x)' }], [0.4, 1.6, 2.5], { definitions });
});

test('float code gets float results (cosf, 0.5f, (float) casts) that gcc compiles and agree in float precision', () => {
  assert.equal(result('sinf(x)*x'), 'x*cosf(x) + sinf(x)');
  assert.equal(result('float y = powf(x, 2.5f) + 0.5f*x;'), '2.5f*powf(x, 1.5f) + 0.5f');
  assert.equal(result('fabsf(x)/2'), '(float)(x > 0 ? 1 : x < 0 ? -1 : 0)/2');
  assert.equal(result('x/3.0f + x*x*x/3.0f'), '1.0f/3 + x*x');
  // C++'s overloads serve floats as they are
  assert.equal(result('std::sin(x) * 2.0f'), '2 * std::cos(x)');
  compileAndCompare('c', [{ source: 'sinf(x)*x' }, { source: '1.0f/(1.0f + expf(-x))' }, { source: 'powf(x, 2.5f) + 0.5f*x' }, { source: 'cbrtf(x) + log2f(x)' }],
    [0.7, 1.3, 2.2], { step: 1e-3, tolerance: 1e-3 });
});

test('printed C++ compiles with g++ (std::, std::numbers) and agrees with central differences', () => {
  compileAndCompare('c++', [
    { source: 'std::exp(-x*x/2.0) / std::sqrt(2*std::numbers::pi)' }, { source: 'std::pow(x, 3) * std::sin(x)' },
    { source: 'std::abs(x - 1.0) * x' }, { source: 'static_cast<double>(x) * std::tanh(x)' }, { source: 'std::clamp(x, 0.2, 2.0) * x' },
  ], [0.4, 1.6, 2.5]);
});
