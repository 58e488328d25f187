// The derivative by a vector whose entries a selection writes (x[0], x[1]; MATLAB's x(1)): the gradient and
// the Hessian, printed as the notation writes arrays. The printed arrays are run by the language itself
// (python3 with numpy, node, GNU Octave) on the source as written, against central differences there;
// torch's and jax's against their own automatic differentiation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { analyze, differentiate, InputError } from '../../../src/core';
// @ts-expect-error: an .mjs script without types
import { ensurePythonLibraries } from '../../../scripts/pylibs.mjs';

const ROSENBROCK = {
  python: '100*(x[1] - x[0]**2)**2 + (1 - x[0])**2',
  javascript: '100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2',
  matlab: '100*(x(2) - x(1)^2)^2 + (1 - x(1))^2',
  julia: '100(x[2] - x[1]^2)^2 + (1 - x[1])^2',
  c: 'pow(x[1] - x[0]*x[0], 2)*100 + pow(1 - x[0], 2)',
};

test('the gradient and the Hessian of the Rosenbrock function, by x, in each notation', () => {
  const gradient = (dialect: keyof typeof ROSENBROCK) => {
    const r = differentiate(ROSENBROCK[dialect], { dialect, wrt: 'x', explain: false });
    assert.ok(r.verified, `${dialect}: ${r.result}`);
    return r.result;
  };
  assert.equal(gradient('python'), 'np.array([400*x[0]**3 - 400*x[0]*x[1] + 2*x[0] - 2, 200*(x[1] - x[0]**2)])');
  assert.equal(gradient('javascript'), '[400 * x[0] ** 3 - 400 * x[0] * x[1] + 2 * x[0] - 2, 200 * (x[1] - x[0] ** 2)]');
  assert.equal(gradient('matlab'), '[400*x(1).^3 - 400*x(1).*x(2) + 2*x(1) - 2; 200*(x(2) - x(1).^2)]');
  assert.equal(gradient('julia'), '[400x[1]^3 - 400x[1]*x[2] + 2x[1] - 2, 200(x[2] - x[1]^2)]');
  assert.equal(gradient('c'), '{400*pow(x[0], 3) - 400*x[0]*x[1] + 2*x[0] - 2, 200*(x[1] - x[0]*x[0])}');
  const hessian = differentiate(ROSENBROCK.python, { dialect: 'python', wrt: 'x', order: 2, explain: true });
  assert.deepEqual([hessian.result, hessian.verified, hessian.order], ['np.array([[1200*x[0]**2 - 400*x[1] + 2, -400*x[0]], [-400*x[0], 200]])', true, 2]);
  assert.equal(hessian.latex, '\\begin{pmatrix} 1200 x_{0}^{2} - 400 x_{1} + 2 & -400 x_{0} \\\\ -400 x_{0} & 200 \\end{pmatrix}');
  // explained entry by entry: every entry's rules, each by its own variable
  assert.ok(hessian.steps.some((s) => s.before.includes('x[1]')) && hessian.steps.length > 4);
  assert.equal(differentiate(ROSENBROCK.matlab, { dialect: 'matlab', wrt: 'x', order: 2, explain: false }).result, '[1200*x(1).^2 - 400*x(2) + 2, -400*x(1); -400*x(1), 200]');
  assert.equal(differentiate(ROSENBROCK.julia, { dialect: 'julia', wrt: 'x', order: 2, explain: false }).result, '[1200x[1]^2 - 400x[2] + 2 -400x[1]; -400x[1] 200]');
});

test('the variable: the vector when every symbol is one of its entries, else chosen; one entry alone is a scalar', () => {
  // without a variable named, the vector whose entries they all are (the analysis names it, so hosts ask nothing)
  assert.equal(differentiate('np.sin(x[0]) * x[1]', { dialect: 'python', explain: false }).result, 'np.array([x[1] * np.cos(x[0]), np.sin(x[0])])');
  assert.deepEqual([analyze('np.sin(x[0]) * x[1]', 'python').variable, analyze('np.sin(x[0]) * x[1]', 'python').freeSymbols], ['x', ['x', 'x[0]', 'x[1]']]);
  // by one entry, the scalar derivative
  assert.equal(differentiate('np.sin(x[0]) * x[1]', { dialect: 'python', wrt: 'x[0]', explain: false }).result, 'x[1] * np.cos(x[0])');
  // with a parameter beside, the choice is asked for, the vector first; its length is shown beside it
  const a = analyze('a * x[0]**2 + x[1]', 'python');
  assert.deepEqual([a.freeSymbols, a.shapes, a.variable], [['x', 'x[0]', 'x[1]', 'a'], { x: '2' }, undefined]);
  assert.throws(() => differentiate('a * x[0]**2 + x[1]', { dialect: 'python', explain: false }), /several variables \(x, x\[0\], x\[1\], a\)/);
  assert.equal(differentiate('a * x[0]**2 + x[1]', { dialect: 'python', wrt: 'x', explain: false }).result, 'np.array([2 * a * x[0], 1])');
  // an entry that is not written has derivative 0, and the answer says so
  const gap = differentiate('x[0] * x[2]', { dialect: 'python', explain: false });
  assert.deepEqual([gap.result, gap.warnings], ['np.array([x[2], 0, x[0]])', ['x[1] does not occur, so the derivative by it is 0']]);
  // the array each Python library writes
  assert.equal(differentiate('math.exp(x[0] * x[1])', { dialect: 'python', explain: false }).result, '[x[1] * math.exp(x[0] * x[1]), x[0] * math.exp(x[0] * x[1])]');
  assert.equal(differentiate('torch.exp(x[0]) + x[1]', { dialect: 'python', explain: false }).result, 'torch.tensor([torch.exp(x[0]), 1])');
});

test('entries refused say why: counted from the end, computed, below the first index, higher orders of the vector', () => {
  const refuses = (source: string, dialect: 'python' | 'javascript' | 'matlab' | 'julia' | 'c', pattern: RegExp, order = 1) => {
    assert.throws(() => differentiate(source, { dialect, order, explain: false }), (e: unknown) => e instanceof InputError && pattern.test(e.message));
  };
  refuses('x[-1]**2', 'python', /x\[-1\] counts from the end of x, whose length the selection does not give/);
  refuses('x[i]**2', 'javascript', /only entries at a whole-number index are read/);
  refuses('x(0)^2', 'matlab', /x\(0\): indices start at 1 here/);
  refuses('x[0]^2', 'julia', /x\[0\]: indices start at 1 here/);
  // a slice is read (slices.test.ts), one with a step is not
  refuses('x[::2]**2', 'python', /indexing is not supported.*entries x\[0\], slices x\[1:\]/);
  // an entry beside its array would be differentiated as a separate symbol (and checked so): refused
  refuses('x[0] * np.sum(x**2)', 'python', /x\[0\] beside x itself is not supported/);
  refuses('x(1)*sum(x.^2)', 'matlab', /x\(1\) beside x itself is not supported/);
  refuses('x[0]*x[1]', 'c', /gradient \(order 1\) or its Hessian \(order 2\); for order 3, differentiate by one entry, such as x\[0\]/, 3);
  refuses('x[0]*x[1]', 'python', /the order must be a whole number from 1/, 0);
  // MATLAB writes a call and an entry alike: a function stays a function, and x(i) an unknown one
  assert.equal(differentiate('sin(1)*x(1) + exp(x(2))', { dialect: 'matlab', explain: false }).result, '[sin(1); exp(x(2))]');
  refuses('x(i)^2', 'matlab', /unknown function 'x'/);
});

/** Random points for x (3 entries), away from 0. */
const POINTS = [[0.7, -1.3, 0.4], [1.9, 0.6, -0.8], [-0.45, 1.15, 2.2]];

/** Central differences of `f` at `x`, and the largest relative gap to `claimed` (a vector). */
function gap(f: (x: number[]) => number, x: number[], claimed: number[]): number {
  let worst = 0;
  for (let i = 0; i < claimed.length; i++) {
    const h = 1e-6 * Math.max(1, Math.abs(x[i]));
    const up = [...x], down = [...x];
    up[i] += h; down[i] -= h;
    const numeric = (f(up) - f(down)) / (2 * h);
    worst = Math.max(worst, Math.abs(numeric - claimed[i]) / Math.max(1, Math.abs(numeric)));
  }
  return worst;
}

const SOURCES = {
  python: 'np.exp(-x[0]**2) * np.sin(x[1]) + x[0] * x[2]**3 / (1 + x[1]**2)',
  javascript: 'Math.exp(-x[0] * x[0]) * Math.sin(x[1]) + x[0] * x[2] ** 3 / (1 + x[1] ** 2)',
  matlab: 'exp(-x(1)^2)*sin(x(2)) + x(1)*x(3)^3/(1 + x(2)^2)',
};

test('printed gradients run in node and equal central differences of the selection there', () => {
  const r = differentiate(SOURCES.javascript, { dialect: 'javascript', explain: false });
  const f = new Function('x', `return ${SOURCES.javascript};`) as (x: number[]) => number;
  const g = new Function('x', `return ${r.result};`) as (x: number[]) => number[];
  for (const x of POINTS) assert.ok(gap(f, x, g(x)) < 1e-6, `${r.result} at ${x}`);
});

const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
test('printed gradients and Hessians run in numpy and equal central differences of the selection there', { skip: !numpy && 'no python3 with numpy' }, () => {
  const gradient = differentiate(SOURCES.python, { dialect: 'python', explain: false }).result;
  const hessian = differentiate(SOURCES.python, { dialect: 'python', order: 2, explain: false }).result;
  const script = [
    'import numpy as np, json',
    `f = lambda x: ${SOURCES.python}`,
    `g = lambda x: ${gradient}`,
    `H = lambda x: ${hessian}`,
    'def central(fn, x, i, h=1e-6):',
    '    up, down = x.copy(), x.copy(); up[i] += h; down[i] -= h',
    '    return (fn(up) - fn(down)) / (2 * h)',
    'worst = 0.0',
    `for x in ${JSON.stringify(POINTS)}:`,
    '    x = np.array(x)',
    '    G = np.array([central(f, x, i) for i in range(3)])',
    '    HH = np.array([central(g, x, i) for i in range(3)]).T',
    '    assert g(x).shape == (3,) and H(x).shape == (3, 3)',
    '    worst = max(worst, np.max(np.abs(g(x) - G) / np.maximum(1, np.abs(G))), np.max(np.abs(H(x) - HH) / np.maximum(1, np.abs(HH))))',
    'print(json.dumps(worst))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Number(run.stdout) < 1e-5, `${gradient} / ${hessian}: ${run.stdout}`);
});

const octave = spawnSync('octave-cli', ['--version'], { encoding: 'utf8' }).status === 0;
test('printed MATLAB gradients run in GNU Octave and equal central differences of the selection there', { skip: !octave && 'GNU Octave is not installed (node scripts/octave.mjs installs it)' }, () => {
  const gradient = differentiate(SOURCES.matlab, { dialect: 'matlab', explain: false }).result;
  const script = [
    `f = @(x) ${SOURCES.matlab};`,
    `g = @(x) ${gradient};`,
    'worst = 0;',
    `P = [${POINTS.map((p) => p.join(' ')).join('; ')}];`,
    'for k = 1:rows(P)',
    '  x = P(k, :)\'; G = zeros(3, 1);',
    '  for i = 1:3, e = zeros(3, 1); e(i) = 1e-6; G(i) = (f(x + e) - f(x - e)) / 2e-6; end',
    '  assert(isequal(size(g(x)), [3 1]));',
    '  worst = max(worst, max(abs(g(x) - G) ./ max(1, abs(G))));',
    'end',
    'printf("%.3g\\n", worst);',
  ].join('\n');
  const run = spawnSync('octave-cli', ['--no-gui', '--norc', '--quiet', '--eval', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Number(run.stdout) < 1e-5, `${gradient}: ${run.stdout}`);
});

test('torch and jax gradients of entries equal torch.autograd and jax.grad of the selection', () => {
  const { python, missing } = ensurePythonLibraries() as { python: string; missing: string[] };
  assert.ok(!missing.includes('torch') && !missing.includes('jax'), 'torch or jax could not be installed (scripts/pylibs.mjs)');
  const torchSource = 'torch.sin(x[0]) * x[1] + torch.exp(x[0] * x[2]) / (1 + x[1]**2)';
  const jaxSource = 'jnp.sin(x[0]) * x[1] + jnp.exp(x[0] * x[2]) / (1 + x[1]**2)';
  const torchGradient = differentiate(torchSource, { dialect: 'python', documentText: 'import torch', explain: false });
  const jaxGradient = differentiate(jaxSource, { dialect: 'python', documentText: 'import jax.numpy as jnp', explain: false });
  assert.match(torchGradient.result, /^torch\.tensor\(\[/);
  assert.match(jaxGradient.result, /^jnp\.array\(\[/);
  const script = [
    'import json, torch, jax, numpy',
    'jax.config.update("jax_enable_x64", True)',
    'import jax.numpy as jnp',
    `points = ${JSON.stringify(POINTS)}`,
    'worst = 0.0',
    'for p in points:',
    '    xt = torch.tensor(p, dtype=torch.float64)',
    `    reference = torch.autograd.functional.jacobian(lambda x: ${torchSource}, xt)`,
    `    ours = (lambda x: ${torchGradient.result})(xt)`,
    '    worst = max(worst, float(torch.max(torch.abs(ours - reference))))',
    '    xj = jnp.asarray(p)',
    `    reference = jax.grad(lambda x: ${jaxSource})(xj)`,
    `    ours = (lambda x: ${jaxGradient.result})(xj)`,
    '    worst = max(worst, float(jnp.max(jnp.abs(ours - reference))))',
    'print(json.dumps(worst))',
  ].join('\n');
  const run = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Number(run.stdout) < 1e-9, `${torchGradient.result} / ${jaxGradient.result}: ${run.stdout}`);
});
