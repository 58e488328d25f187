// The einsum form says what the numpy form says (issue 13): no no-op einsum (`np.einsum('k->k', w)` is
// `w`), and the einsum code, the numpy code and the result agree at random inputs, run by python3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { differentiateMatrix, MatrixLayout, MatrixVar } from '../../../../src/core/matrix/api';

const noNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status !== 0 && 'no python3 with numpy';

interface Case { source: string; wrt: string; order?: number; vars: Record<string, MatrixVar> }

const CASES: Case[] = [
  { source: 'np.sum((X @ w - y)**2) + lam * w @ w', wrt: 'w', vars: { X: { shape: ['m', 'n'] }, w: { shape: ['n'] }, y: { shape: ['m'] }, lam: { shape: [] } } },
  { source: 'np.sum((X @ w - y)**2) + lam * w @ w', wrt: 'w', order: 2, vars: { X: { shape: ['m', 'n'] }, w: { shape: ['n'] }, y: { shape: ['m'] }, lam: { shape: [] } } },
  { source: 'w @ w', wrt: 'w', vars: { w: { shape: ['n'] } } },
  { source: 'W @ x', wrt: 'x', vars: { W: { shape: ['m', 'n'] }, x: { shape: ['n'] } } },
  { source: 'np.tanh(W @ x)', wrt: 'x', vars: { W: { shape: ['m', 'n'] }, x: { shape: ['n'] } } },
  { source: 'np.sin(x) * c', wrt: 'x', vars: { x: { shape: ['n'] }, c: { shape: [] } } },
  { source: 'np.trace(X.T @ A @ X)', wrt: 'X', vars: { X: { shape: ['n', 'm'] }, A: { shape: ['n', 'n'] } } },
  { source: 'np.trace(X)', wrt: 'X', vars: { X: { shape: ['n', 'n'] } } },
];

const SIZES: Record<string, number> = { m: 4, n: 3 };
const LAYOUTS: MatrixLayout[] = ['numerator', 'denominator'];

/** Python that defines each variable with random entries and prints the largest difference of the forms. */
function script(vars: Record<string, MatrixVar>, forms: string[]): string {
  const lines = ['import numpy as np', 'rng = np.random.default_rng(7)'];
  for (const [name, v] of Object.entries(vars)) {
    const dims = v.shape.map((d) => SIZES[d as string] ?? d);
    lines.push(dims.length === 0 ? `${name} = rng.standard_normal()` : `${name} = rng.standard_normal((${dims.join(', ')},))`);
  }
  lines.push(`forms = [np.asarray(${forms.join('), np.asarray(')})]`);
  lines.push('assert all(f.shape == forms[0].shape for f in forms), [f.shape for f in forms]');
  lines.push('print(max(float(np.max(np.abs(f - forms[0]))) for f in forms))');
  return lines.join('\n');
}

test('no einsum is a no-op: one operand indexed as the output is the operand itself', () => {
  for (const c of CASES) {
    for (const layout of LAYOUTS) {
      const r = differentiateMatrix(c.source, { dialect: 'python', wrt: c.wrt, order: c.order, vars: c.vars, layout });
      for (const code of [r.einsum, ...r.index.levels.map((l) => l.einsum)]) {
        for (const m of code.matchAll(/np\.einsum\('([a-zA-Z]+)->([a-zA-Z]*)'/g)) assert.notEqual(m[1], m[2], `${c.source} (${layout}): ${code}`);
      }
    }
  }
  assert.equal(differentiateMatrix('w @ w', { dialect: 'python', wrt: 'w' }).einsum, '2 * w');
});

test('the einsum form, the numpy form and the result agree numerically (python3 with numpy)', { skip: noNumpy }, () => {
  // one python3 run for every case and layout: each prints the largest difference between its forms
  const runs = CASES.flatMap((c) => LAYOUTS.map((layout) => {
    const r = differentiateMatrix(c.source, { dialect: 'python', wrt: c.wrt, order: c.order, vars: c.vars, layout });
    return { label: `${c.source} by ${c.wrt}, order ${c.order ?? 1}, ${layout}`, vars: c.vars, forms: [r.result, r.numpy, r.einsum, r.index.levels.at(-1)!.einsum] };
  }));
  const program = runs.map((run, i) => `def case${i}():\n${script(run.vars, run.forms).replace(/^/gm, '    ')}\ncase${i}()`).join('\n');
  const p = spawnSync('python3', ['-'], { input: program, encoding: 'utf8' });
  assert.equal(p.status, 0, p.stderr);
  const differences = p.stdout.trim().split('\n').map(Number);
  assert.equal(differences.length, runs.length, p.stdout);
  runs.forEach((run, i) => assert.ok(differences[i]! < 1e-9, `${run.label}: the forms differ by ${differences[i]}: ${run.forms.join(' | ')}`));
});

test('a denominator-layout Jacobian is the transpose of the numerator one (python3 with numpy)', { skip: noNumpy }, () => {
  const c = CASES.find((x) => x.source === 'np.tanh(W @ x)')!;
  const [num, den] = LAYOUTS.map((layout) => differentiateMatrix(c.source, { dialect: 'python', wrt: c.wrt, vars: c.vars, layout }));
  assert.deepEqual([num.shape, den.shape], ['m×n', 'n×m']);
  const p = spawnSync('python3', ['-'], { input: script(c.vars, [`(${num.numpy}).T`, den.numpy, den.einsum]), encoding: 'utf8' });
  assert.equal(p.status, 0, p.stderr);
  assert.ok(Number(p.stdout) < 1e-9, p.stdout);
});
