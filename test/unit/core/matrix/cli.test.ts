// The CLI contract for matrix work: `batch` lines with "vars"/"order"/"layout" in the matrix dialects
// write exactly {"id","ok","result","numpy","latex","kind","layout","verified","ms"}; scalar input keeps
// the scalar output; `diff --lang matrix --var …` for one expression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const MATRIX_KEYS = ['id', 'ok', 'result', 'numpy', 'latex', 'kind', 'layout', 'verified', 'ms'];

test('batch: matrix cases in every dialect, in order, with the exact keys', () => {
  const vars = { x: { shape: ['n'] }, A: { shape: ['n', 'n'], props: ['symmetric'] }, c: { shape: [] } };
  const lines = [
    { id: 1, expr: "x'*A*x", lang: 'matrix', wrt: 'x', vars },
    { id: 2, expr: 'x.T @ A @ x', lang: 'python', wrt: 'x', vars: { x: { shape: ['n'] }, A: { shape: ['n', 'n'] } } },
    { id: 3, expr: "x'*A*x", lang: 'matlab', order: 2 },
    { id: 4, expr: 'A*x', lang: 'julia', wrt: 'x', layout: 'denominator', vars: { A: { shape: ['m', 'n'] }, x: { shape: ['n'] } } },
    { id: 5, expr: 'x^\\top A x + c', lang: 'latex', wrt: 'x', vars },
    { id: 6, expr: 'inv(X)', lang: 'matrix', wrt: 'X' },
    { id: 7, expr: 'x**2 + 3*x', lang: 'python' },
    { id: 8, expr: 'x^2 + 3*x', lang: 'matlab' },
    { id: 9, expr: 'A*x', lang: 'matrix', vars: { A: { shape: ['m', 'n'] }, x: { shape: ['m'] } } },
    { id: 10, expr: 'x', lang: 'matrix', vars: { x: { shape: ['n', 'n', 'n'] } } },
    { id: 11, expr: "x'*x", lang: 'matrix', layout: 'sideways' },
  ].map((l) => JSON.stringify(l)).join('\n');
  const r = cli(['batch'], lines + '\n');
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(out.length, 11);
  for (const o of out.slice(0, 5)) {
    assert.deepEqual(Object.keys(o), MATRIX_KEYS, JSON.stringify(o));
    assert.equal(o.ok, true);
    assert.equal(o.verified, true);
    assert.ok(typeof o.ms === 'number' && o.ms >= 0);
  }
  assert.deepEqual({ ...out[0], ms: 0 }, { id: 1, ok: true, result: '2*A*x', numpy: '2 * A @ x', latex: '2 A x', kind: 'gradient', layout: 'numerator', verified: true, ms: 0 });
  assert.equal(out[1].result, '(A + A.T) @ x');
  assert.deepEqual([out[2].result, out[2].kind], ["A + A'", 'hessian']);
  assert.deepEqual([out[3].result, out[3].kind, out[3].layout], ["A'", 'jacobian', 'denominator']);
  assert.deepEqual([out[4].result, out[4].numpy], ['2 A x', '2 * A @ x']);
  // no matrix form: an error that says so, with the einsum form
  assert.deepEqual(Object.keys(out[5]), ['id', 'ok', 'error']);
  assert.equal(out[5].ok, false);
  assert.match(out[5].error, /no matrix form.*np\.einsum\('ik,lj->ijkl'/);
  // scalar input keeps the scalar engine's output
  assert.deepEqual(Object.keys(out[6]), ['id', 'ok', 'result', 'plain', 'latex', 'verified', 'ms']);
  assert.equal(out[6].result, '2*x + 3');
  assert.deepEqual([out[7].ok, out[7].result], [true, '2*x + 3']);
  // bad input
  assert.deepEqual(Object.keys(out[8]), ['id', 'ok', 'error']);
  assert.match(out[8].error, /inner dimensions: m×n times m/);
  assert.match(out[9].error, /more than two dimensions/);
  assert.match(out[10].error, /unknown layout/);
});

test('diff --lang matrix --var for one expression', () => {
  assert.deepEqual(cli(['diff', '--lang', 'matrix', '--var', 'x:n', '--var', 'A:n,n', "x'*A*x", '--wrt', 'x']), { code: 0, stdout: "(A + A')*x\n", stderr: '' });
  assert.equal(cli(['diff', '--lang', 'matrix', '--var', 'x:n', '--var', 'A:n,n:symmetric', "x'*A*x", '--wrt', 'x']).stdout, '2*A*x\n');
  assert.equal(cli(['diff', '--lang', 'python', 'np.sum((X @ w - y)**2)', '--wrt', 'w']).stdout, '2 * X.T @ (X @ w - y)\n');
  assert.equal(cli(['diff', '--lang', 'matrix', '--order', '2', "x'*A*x"]).stdout, "A + A'\n");
  assert.equal(cli(['diff', '--lang', 'julia', '--layout', 'denominator', '--var', 'A:m,n', 'A*x', '--wrt', 'x']).stdout, "A'\n");
  const j = cli(['diff', '--json', '--lang', 'matrix', 'log(det(X))']);
  assert.equal(j.code, 0);
  const o = JSON.parse(j.stdout);
  for (const k of ['result', 'numpy', 'latex', 'einsum', 'kind', 'layout', 'verified', 'verification', 'shapes', 'index', 'gradientCheck']) assert.ok(k in o, k);
  assert.equal(o.result, "inv(X)'");
  assert.ok(o.verification.points.length >= 3);
});

test('diff: a result without a matrix form and bad input exit 1 with one line', () => {
  for (const args of [['diff', '--lang', 'matrix', 'inv(X)'], ['diff', '--lang', 'matrix', '--var', 'x', 'x'], ['diff', '--lang', 'matrix', "x'*A*"], ['diff', '--layout', 'up', 'x']]) {
    const r = cli(args);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    assert.match(r.stderr, /^error: /);
  }
  assert.match(cli(['diff', '--lang', 'matrix', 'inv(X)']).stderr, /no matrix form/);
  // the form in the selection's notation: MATLAB's broadcasting (it gave numpy's einsum)
  assert.match(cli(['diff', '--lang', 'matlab', '--wrt', 'x', "x*x'"]).stderr, /^error: no matrix form: the result is a tensor of order 3; built by broadcasting: reshape\(x, \[1, length\(x\)\]\)\.\*/);
});
