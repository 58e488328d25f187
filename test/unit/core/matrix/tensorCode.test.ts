// A derivative with no matrix form (a tensor) is written in the selection's language: numpy's einsum in
// Python, the same product built by broadcasting in MATLAB and Julia (reshape, .*, sum over the summed
// axes), index notation in LaTeX. The MATLAB code runs in GNU Octave and equals numpy's einsum at the
// same random inputs; the Julia code names only Julia functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { differentiateMatrix, MatrixVar } from '../../../../src/core/matrix/api';

interface TensorCase { matlab: string; python: string; julia: string; wrt: string; vars: Record<string, MatrixVar> }
const sq = { X: { shape: ['n', 'n'] } } as const;
const CASES: readonly TensorCase[] = [
  { matlab: "X'", python: 'X.T', julia: "X'", wrt: 'X', vars: { X: { shape: ['n', 'm'] } } },
  { matlab: 'inv(X)', python: 'np.linalg.inv(X)', julia: 'inv(X)', wrt: 'X', vars: sq },
  // a summed index: -inv(X)_ik inv(X)_la A_aj
  { matlab: 'inv(X)*A', python: 'np.linalg.inv(X) @ A', julia: 'inv(X)*A', wrt: 'X', vars: { X: { shape: ['n', 'n'] }, A: { shape: ['n', 'k'] } } },
  { matlab: 'X*x', python: 'X @ x', julia: 'X*x', wrt: 'X', vars: { X: { shape: ['m', 'n'] }, x: { shape: ['n'] } } },
  { matlab: 'A*X*B', python: 'A @ X @ B', julia: 'A*X*B', wrt: 'X', vars: { A: { shape: ['p', 'm'] }, X: { shape: ['m', 'n'] }, B: { shape: ['n', 'q'] } } },
  { matlab: 'X.^2 + sum(sum(X))*X', python: 'X**2 + np.sum(X) * X', julia: 'X.^2 .+ sum(X)*X', wrt: 'X', vars: { X: { shape: ['m', 'n'] } } },
];
const SIZES: Record<string, number> = { n: 3, m: 2, k: 4, p: 2, q: 3 };

test('a tensor result is MATLAB code in MATLAB, Julia code in Julia and index notation in LaTeX', () => {
  const r = (source: string, dialect: 'matlab' | 'julia' | 'latex') => differentiateMatrix(source, { dialect, wrt: 'X', vars: { X: { shape: ['n', 'n'] } }, explain: false });
  assert.equal(r('inv(X)', 'matlab').result, "-reshape(inv(X), [size(X, 1), 1, size(X, 1)]).*reshape(inv(X).', [1, size(X, 1), 1, size(X, 1)])");
  assert.match(r('inv(X)', 'matlab').note!, /tensor of order 4; built by broadcasting/);
  assert.equal(r('inv(X)', 'julia').result, '-reshape(inv(X), size(X, 1), 1, size(X, 1)) .* reshape(transpose(inv(X)), 1, size(X, 1), 1, size(X, 1))');
  assert.equal(r('X^\\top', 'latex').result, '\\left[\\delta_{jk} \\delta_{il}\\right]_{ijkl}');
  assert.doesNotMatch(r("X'", 'matlab').result + r("X'", 'julia').result, /np\.|einsum/);
});

const octave = spawnSync('octave-cli', ['--version'], { encoding: 'utf8' }).status === 0;
test('MATLAB tensor results run in GNU Octave and equal numpy einsum at the same inputs', { skip: !octave && 'GNU Octave is not installed (node scripts/octave.mjs installs it)' }, () => {
  let s = 99;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296 - 0.5; };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tensor-'));
  try {
    const failures: string[] = [];
    for (const c of CASES) {
      const ml = differentiateMatrix(c.matlab, { dialect: 'matlab', wrt: c.wrt, vars: c.vars, explain: false });
      const py = differentiateMatrix(c.python, { dialect: 'python', wrt: c.wrt, vars: c.vars, explain: false });
      assert.equal(ml.kind, 'tensor', c.matlab);
      // the same values for both: a matrix made well-conditioned by adding 3 to its diagonal
      const values = Object.entries(c.vars).map(([name, v]) => {
        const dims = v.shape.map((d) => SIZES[d as string]);
        const rows = dims[0], cols = dims[1] ?? 1;
        const entries = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => rand() + (i === j && rows === cols ? 3 : 0)));
        return { name, dims, entries };
      });
      const matlabScript = [
        ...values.map((v) => `${v.name} = [${v.entries.map((r) => r.join(' ')).join('; ')}];`),
        `R = ${ml.result};`,
        "printf('%s\\n', strjoin(arrayfun(@(v) sprintf('%.17g', v), R(:)', 'UniformOutput', false), ','));",
      ].join('\n');
      const pythonScript = [
        'import numpy as np',
        ...values.map((v) => `${v.name} = np.array(${JSON.stringify(v.dims.length === 1 ? v.entries.map((r) => r[0]) : v.entries)}, dtype=float)`),
        `R = np.asarray(${py.result}, dtype=float)`,
        "print(','.join(repr(float(v)) for v in R.reshape(-1, order='F')))",
      ].join('\n');
      writeFileSync(path.join(dir, 't.m'), matlabScript);
      const o = spawnSync('octave-cli', ['--no-gui', '--norc', '--quiet', path.join(dir, 't.m')], { encoding: 'utf8', timeout: 60_000 });
      const p = spawnSync('python3', ['-c', pythonScript], { encoding: 'utf8' });
      if (o.status !== 0 || p.status !== 0) { failures.push(`${c.matlab}: ${ml.result}: ${o.stderr}${p.stderr}`); continue; }
      const [a, b] = [o.stdout, p.stdout].map((t) => t.trim().split(',').map(Number));
      const worst = a.length !== b.length ? Infinity : Math.max(...a.map((x, i) => Math.abs(x - b[i])));
      if (!(worst < 1e-9)) failures.push(`${c.matlab}: ${ml.result} differs from ${py.result} (${a.length} and ${b.length} entries, worst ${worst})`);
    }
    assert.deepEqual(failures, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Julia tensor results name only Julia functions and their variables', () => {
  const known = new Set(['reshape', 'transpose', 'Matrix', 'I', 'dropdims', 'sum', 'dims', 'diag', 'ones', 'size', 'inv', 'exp']);
  for (const c of CASES) {
    const r = differentiateMatrix(c.julia, { dialect: 'julia', wrt: c.wrt, vars: c.vars, explain: false });
    const unknown = [...r.result.matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]).filter((n) => !known.has(n) && !(n in c.vars));
    assert.deepEqual(unknown, [], `${c.julia}: ${r.result}`);
    assert.doesNotMatch(r.result, /(^|[^\w.])\d+\.[*/^+-]/, `${c.julia}: a number before a dotted operator`);
  }
});
