// Printed code runs (issue 10): every result of the matrix corpus printed for MATLAB runs in GNU Octave
// and for numpy in python3, at random inputs, and equals the engine's own value there; results name
// no dimension the code never defines (eye(length(x)), np.eye(x.shape[0]), not eye(n)). Julia has no
// runtime here: its results are checked for names the code does not define and for `1./`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FUNCTIONS } from '../../../../src/core/functions';
import { declarationsFrom } from '../../../../src/core/matrix/annotations';
import { differentiateMatrix } from '../../../../src/core/matrix/api';
import { MSym } from '../../../../src/core/matrix/expr';
import { Env, evaluate, Value } from '../../../../src/core/matrix/numeric';
import { dimNamesOf, randomEnv } from '../../../../src/core/matrix/verify';
import { formula, MatrixCase, readCorpus } from './support';

const cases = readCorpus();

interface Run { id: string; printed: string; expected: Float64Array; env: Env; vars: MatrixCase['vars'] }

/** `positive`: entries drawn positive; `unit`: between 0 and 1 (probabilities). */
type Written = Pick<MatrixCase, 'id' | 'vars' | 'wrt' | 'order' | 'python' | 'matlab' | 'julia'> & { positive?: boolean; unit?: boolean };

/**
 * Selections that broadcast and reduce along an axis, whose results print as code writes them
 * (np.sum(M, axis=1), v[:, None], np.mean(X, axis=0), keepdims; MATLAB sum(M, 2), implicit expansion).
 */
const BROADCASTING: readonly Written[] = [
  { id: 'bc-scaled-rows', vars: { A: { shape: ['n', 'd'] }, v: { shape: ['n'] } }, wrt: 'v', order: 1, python: 'np.sum((v[:, None] * A)**2)', matlab: 'sum(sum((v.*A).^2))', julia: 'sum((v .* A).^2)' },
  { id: 'bc-shifted-rows', vars: { A: { shape: ['n', 'd'] }, v: { shape: ['n'] } }, wrt: 'v', order: 1, python: 'np.sum(np.exp(A - v[:, None]))', matlab: 'sum(sum(exp(A - v)))', julia: 'sum(exp.(A .- v))' },
  { id: 'bc-centred-columns', vars: { X: { shape: ['n', 'd'] } }, wrt: 'X', order: 1, python: 'np.sum((X - np.mean(X, axis=0))**2)', matlab: 'sum(sum((X - mean(X)).^2))', julia: 'sum((X .- sum(X, dims=1) / size(X, 1)).^2)' },
  { id: 'bc-centred-rows', vars: { X: { shape: ['n', 'd'] } }, wrt: 'X', order: 1, python: 'np.sum((X - X.mean(axis=1, keepdims=True))**2)', matlab: 'sum(sum((X - mean(X, 2)).^2))', julia: 'sum((X .- sum(X, dims=2) / size(X, 2)).^2)' },
  { id: 'bc-row-logsumexp', vars: { X: { shape: ['n', 'd'] }, W: { shape: ['d', 'k'] } }, wrt: 'W', order: 1, python: 'np.sum(np.log(np.sum(np.exp(X @ W), axis=1, keepdims=True)))', matlab: 'sum(log(sum(exp(X*W), 2)))', julia: 'sum(log.(sum(exp.(X*W), dims=2)))' },
  { id: 'bc-column-sums', vars: { A: { shape: ['n', 'd'] }, x: { shape: ['d'] } }, wrt: 'x', order: 1, python: 'np.sum(A @ x)', matlab: 'sum(A*x)', julia: 'sum(A*x)' },
  // the column means of a transposed matrix, kept as a column: np.mean(X.T, axis=1, keepdims=True), not X's (1, n) row
  { id: 'bc-centred-transposed', vars: { X: { shape: ['n', 'd'] }, A: { shape: ['d', 'd'] } }, wrt: 'A', order: 1, python: 'np.sum(np.exp(A @ (X - np.mean(X, axis=0)).T))', matlab: "sum(sum(exp(A*(X - mean(X))')))", julia: "sum(exp.(A*(X .- sum(X, dims=1)/size(X, 1))'))" },
  { id: 'bc-row-offset', vars: { X: { shape: ['n', 'd'] }, mu: { shape: ['d'] } }, wrt: 'X', order: 1, python: 'np.sum((X - mu)**2)', matlab: "sum(sum((X - mu').^2))", julia: "sum((X .- mu').^2)" },
  // rows and columns of reciprocals divide (A / w**2, np.cos(A / v[:, None]) / v[:, None]); deviations print as np.std, MATLAB std(X, 1, 1)
  { id: 'bc-divided-rows', vars: { A: { shape: ['n', 'd'] }, w: { shape: ['d'] } }, wrt: 'A', order: 1, python: 'np.sum((A / w)**2)', matlab: "sum(sum((A ./ w').^2))", julia: "sum((A ./ w').^2)" },
  { id: 'bc-divided-columns', vars: { A: { shape: ['n', 'd'] }, v: { shape: ['n'] } }, wrt: 'A', order: 1, python: 'np.sum(np.sin(A / v[:, None]))', matlab: 'sum(sum(sin(A ./ v)))', julia: 'sum(sin.(A ./ v))' },
  { id: 'bc-column-std', vars: { X: { shape: ['n', 'd'] } }, wrt: 'X', order: 1, python: 'np.sum(np.std(X, axis=0))', matlab: 'sum(std(X, 1))', julia: 'sum(std(X; dims=1, corrected=false))' },
  { id: 'bc-zscores', vars: { X: { shape: ['n', 'd'] }, W: { shape: ['n', 'd'] } }, wrt: 'W', order: 1, python: 'np.sum((X - np.mean(X, axis=0)) / np.std(X, axis=0) * W)', matlab: 'sum(sum((X - mean(X)) ./ std(X, 1) .* W))', julia: 'sum((X .- sum(X, dims=1) / size(X, 1)) ./ std(X; dims=1, corrected=false) .* W)' },
  // a column against a row broadcasts to the matrix of every pair (numpy's x[:, None] - y, MATLAB's x - y')
  { id: 'bc-pairwise', vars: { x: { shape: ['n'] }, y: { shape: ['d'] } }, wrt: 'x', order: 1, python: 'np.sum(np.exp(-(x[:, None] - y)**2))', matlab: "sum(sum(exp(-(x - y').^2)))", julia: "sum(exp.(-(x .- y').^2))" },
  { id: 'bc-rank-one', vars: { A: { shape: ['n', 'd'] }, u: { shape: ['n'] }, v: { shape: ['d'] } }, wrt: 'u', order: 1, python: 'np.sum((A - u[:, None] * v)**2)', matlab: "sum(sum((A - u.*v').^2))", julia: "sum((A .- u .* v').^2)" },
  { id: 'bc-repeated-alone', vars: { A: { shape: ['n', 'd'] }, w: { shape: ['d'] } }, wrt: 'A', order: 1, python: 'np.sum(A / w)', matlab: "sum(sum(A ./ w'))", julia: "sum(A ./ w')" },
  // row norms print as norms (np.linalg.norm(X - c, axis=1), MATLAB vecnorm(X - c', 2, 2)), a sum of transposes as the transpose of the sum
  { id: 'bc-row-norms', vars: { X: { shape: ['n', 'd'] }, c: { shape: ['d'] } }, wrt: 'c', order: 1, python: 'np.sum(np.linalg.norm(X - c, axis=1))', matlab: "sum(vecnorm(X - c', 2, 2))", julia: "sum(sqrt.(sum((X .- c').^2, dims=2)))" },
  { id: 'bc-bias', vars: { X: { shape: ['n', 'd'] }, W: { shape: ['d', 'k'] }, b: { shape: ['k'] }, Y: { shape: ['n', 'k'] } }, wrt: 'b', order: 1, python: 'np.sum((X @ W + b - Y)**2)', matlab: "sum(sum((X*W + b' - Y).^2))", julia: "sum((X*W .+ b' .- Y).^2)" },
  // rows divided by their sums: Julia's sum(A, dims=2) where it broadcasts (was A*ones(size(A, 2)))
  { id: 'bc-row-shares', vars: { A: { shape: ['n', 'd'] }, B: { shape: ['n', 'd'] } }, wrt: 'A', order: 1, python: 'np.sum(A / np.sum(A, axis=1, keepdims=True) * B)', matlab: 'sum(sum(A ./ sum(A, 2) .* B))', julia: 'sum(A ./ sum(A, dims=2) .* B)' },
  // a sum of numbers times ones keeps its shape: (1 - c) * np.ones_like(q) (it printed 1 - c, and np.outer made a 1×n of it; fuzzer seed 87)
  { id: 'bc-ones-less-a-number', vars: { q: { shape: ['n'] }, c: { shape: [] }, A: { shape: ['n', 'n'] } }, wrt: 'A', order: 1, python: '((q / q) - c) @ (A @ np.exp(q))', matlab: "((q ./ q) - c)' * (A * exp(q))", julia: "((q ./ q) .- c)' * (A * exp.(q))" },
  // a product of entries: prod(u) ./ u (it was "unknown function")
  { id: 'prod-entries', vars: { A: { shape: ['n', 'd'] }, x: { shape: ['d'] } }, wrt: 'x', order: 1, python: 'np.prod(A @ x) + np.log(np.prod(x**2))', matlab: 'prod(A*x) + log(prod(x.^2))', julia: 'prod(A*x) + log(prod(abs2, x))' },
  { id: 'prod-matrix', vars: { X: { shape: ['n', 'd'] } }, wrt: 'X', order: 1, python: 'np.prod(X)', matlab: 'prod(prod(X))', julia: 'prod(X)' },
  { id: 'bc-row-sample-variance', vars: { X: { shape: ['n', 'd'] }, v: { shape: ['n'] } }, wrt: 'v', order: 1, python: 'np.sum(np.var(X, axis=1, ddof=1) * v)', matlab: 'sum(var(X, 0, 2) .* v)', julia: 'sum(var(X; dims=2) .* v)' },
];

/** Special functions, which numpy lacks (scipy.special's) and MATLAB names its own way (gammaln, psi). */
const SPECIAL: readonly Written[] = [
  { id: 'special-lgamma', vars: { X: { shape: ['n', 'd'] }, w: { shape: ['d'] } }, wrt: 'w', order: 1, positive: true, python: 'np.sum(scipy.special.gammaln(X @ w))', matlab: 'sum(gammaln(X*w))', julia: 'sum(loggamma.(X*w))' },
  { id: 'special-gamma-erf', vars: { w: { shape: ['d'] } }, wrt: 'w', order: 1, positive: true, python: 'np.sum(scipy.special.gamma(w)) + np.sum(scipy.special.erfc(w))', matlab: 'sum(gamma(w)) + sum(erfc(w))', julia: 'sum(gamma.(w)) + sum(erfc.(w))' },
  // the probit's density: 1/√(2π) as one root, as people write it (was np.sqrt(2) * np.sqrt(np.pi))
  // the largest entry (np.max): its derivative is the mask of where it is; log-sum-exp shifted by it is the softmax
  { id: 'extreme-lse', vars: { x: { shape: ['n'] } }, wrt: 'x', order: 1, python: 'np.max(x) + np.log(np.sum(np.exp(x - np.max(x))))', matlab: 'max(x) + log(sum(exp(x - max(x))))', julia: 'maximum(x) + log(sum(exp.(x .- maximum(x))))' },
  { id: 'extreme-square', vars: { A: { shape: ['n', 'd'] }, x: { shape: ['d'] } }, wrt: 'x', order: 1, python: 'np.max(A @ x)**2 - np.min(x)', matlab: 'max(A*x)^2 - min(x)', julia: 'maximum(A*x)^2 - minimum(x)' },
  // powers of names per entry (they were refused): e^(v·log u), written back as the power
  { id: 'power-bernoulli', vars: { p: { shape: ['n'] }, y: { shape: ['n'] } }, wrt: 'p', order: 1, unit: true, python: 'np.prod(p**y * (1 - p)**(1 - y))', matlab: 'prod(p.^y .* (1 - p).^(1 - y))', julia: 'prod(p.^y .* (1 .- p).^(1 .- y))' },
  { id: 'power-names', vars: { x: { shape: ['n'] }, a: { shape: [] } }, wrt: 'x', order: 1, positive: true, python: 'np.sum(2**x) + np.sum(x**a)', matlab: 'sum(2.^x) + sum(x.^a)', julia: 'sum(2 .^ x) + sum(x .^ a)' },
  { id: 'special-normal-cdf', vars: { X: { shape: ['n', 'd'] }, w: { shape: ['d'] } }, wrt: 'w', order: 1, python: 'np.sum(scipy.stats.norm.cdf(X @ w))', matlab: 'sum(normcdf(X*w))', julia: 'sum(cdf.(Normal(), X*w))' },
];

/** The printed gradient of a selection, asserted verified. */
function verifiedGradient(source: string, dialect: 'python' | 'matlab' | 'julia', wrt: string, vars: MatrixCase['vars']): string {
  const r = differentiateMatrix(source, { dialect, wrt, vars, explain: false });
  assert.ok(r.verified, `${source}: ${r.result}`);
  return r.result;
}

/** The corpus results in a dialect, each with random inputs and the engine's value of its own result there. */
function runsIn(dialect: 'python' | 'matlab', written: readonly Written[] = cases): Run[] {
  return written.map((c, k) => {
    const r = differentiateMatrix(c[dialect], { dialect, wrt: c.wrt, order: c.order, vars: c.vars, explain: false });
    const symbols: MSym[] = [...declarationsFrom(c.vars).entries()].map(([name, d]) => ({ kind: 'sym', name, shape: d.shape.length === 2 && d.shape[1] === 1 ? [d.shape[0]] : d.shape, symmetric: Boolean(d.symmetric), key: name }));
    const mine = formula(r.matrix, 'matrix', c.vars);
    let s = 1000 + k;
    const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
    const env = randomEnv(symbols, dimNamesOf(symbols, [mine]), rand, 'unit' in c && c.unit ? 'unit' : c.positive ? 'positive' : 'signed');
    return { id: c.id, printed: r.result, expected: evaluate(mine, env).d, env, vars: c.vars };
  });
}

/** Rows of a value as nested lists. */
function rowsOf(v: Value): number[][] {
  return Array.from({ length: v.r }, (_, i) => Array.from(v.d.subarray(i * v.c, (i + 1) * v.c)));
}

function compare(runs: Run[], got: Map<string, string>) {
  const failures: string[] = [];
  for (const r of runs) {
    const answer = got.get(r.id);
    if (answer === undefined || !answer.startsWith('[')) { failures.push(`${r.id}: ${r.printed} fails: ${answer ?? 'no answer'}`); continue; }
    const values = (JSON.parse(answer) as number[]);
    const worst = values.length !== r.expected.length ? Infinity
      : Math.max(0, ...values.map((v, i) => Math.abs(v - r.expected[i]) / Math.max(1, Math.abs(r.expected[i]))));
    if (!(worst < 1e-8)) failures.push(`${r.id}: ${r.printed} gives ${values.slice(0, 4).join(', ')}…, the engine ${[...r.expected.slice(0, 4)].join(', ')}… (${values.length} and ${r.expected.length} values)`);
  }
  assert.deepEqual(failures, []);
}

function run(command: string, args: string[], script: string, name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'printed-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, script);
    const out = spawnSync(command, [...args, file], { encoding: 'utf8', timeout: 120_000 });
    if (out.status !== 0) throw new Error(`${command} exited with ${out.status}: ${out.stderr.slice(0, 2000)}`);
    return out.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const answers = (stdout: string) => new Map(stdout.split('\n').filter((l) => l.startsWith('@')).map((l) => { const [id, ...rest] = l.slice(1).split(' '); return [id, rest.join(' ')]; }));

const octave = spawnSync('octave-cli', ['--version'], { encoding: 'utf8' }).status === 0;
test('MATLAB results of the matrix corpus and of broadcasting selections run in GNU Octave and equal the engine', { skip: !octave && 'GNU Octave is not installed (node scripts/octave.mjs installs it)' }, () => {
  const runs = [...runsIn('matlab'), ...runsIn('matlab', BROADCASTING), ...runsIn('matlab', SPECIAL)];
  const literal = (v: Value) => `[${rowsOf(v).map((row) => row.map((x) => x.toPrecision(17)).join(' ')).join('; ')}]`;
  // the Statistics Toolbox's normal distribution, which Octave lacks, as MATLAB documents it
  const definitions = ['1;', 'function p = normpdf(x) p = exp(-x.^2/2)/sqrt(2*pi); end', 'function p = normcdf(x) p = erfc(-x/sqrt(2))/2; end'];
  const script = definitions.join('\n') + '\n' + runs.map((r) => [
    'try',
    ...[...r.env.vars].map(([name, v]) => `  ${name} = ${literal(v)};`),
    `  R = ${r.printed};`,
    `  printf('@${r.id} [%s]\\n', strjoin(arrayfun(@(v) sprintf('%.17g', v), reshape(double(R).', 1, []), 'UniformOutput', false), ','));`,
    'catch err',
    `  printf('@${r.id} %s\\n', strrep(err.message, "\\n", ' '));`,
    'end',
    `clear -x`,
  ].join('\n')).join('\n');
  compare(runs, answers(run('octave-cli', ['--no-gui', '--norc', '--quiet'], script, 'printed.m')));
});

const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
test('numpy results of the matrix corpus and of broadcasting selections run in python3 and equal the engine', { skip: !numpy && 'no python3 with numpy' }, () => {
  const runs = [...runsIn('python'), ...runsIn('python', BROADCASTING), ...runsIn('python', SPECIAL)];
  const literal = (v: Value) => `np.array(${JSON.stringify(v.c === 1 ? Array.from(v.d) : rowsOf(v))}, dtype=float)`;
  const script = ['import numpy as np', 'import scipy.special', 'import scipy.stats', 'import json'];
  for (const r of runs) {
    const symbols = declarationsFrom(r.vars);
    script.push('try:');
    for (const [name, v] of r.env.vars) script.push(`    ${name} = ${symbols.get(name)?.shape.length === 0 ? String(v.d[0]) : literal(v)}`);
    script.push(`    print('@${r.id}', json.dumps(np.asarray(${r.printed}, dtype=float).reshape(-1).tolist()))`);
    script.push('except Exception as e:', `    print('@${r.id}', type(e).__name__, str(e).replace('\\n', ' '))`);
  }
  compare(runs, answers(run('python3', [], script.join('\n'), 'printed.py')));
});

test('Julia results of the matrix corpus name only their variables and Julia functions, and space dotted operators', () => {
  const known = new Set(['I', 'length', 'size', 'ones', 'zeros', 'tr', 'det', 'logdet', 'inv', 'diag', 'Diagonal', 'norm', 'sum', 'prod', 'dims', 'vec', 'exp', 'sqrt', 'ifelse', 'pi', 'loggamma', 'pdf', 'cdf', 'Normal', 'maximum', 'minimum', ...FUNCTIONS.keys()]);
  const failures: string[] = [];
  for (const c of [...cases, ...BROADCASTING, ...SPECIAL]) {
    const r = differentiateMatrix(c.julia, { dialect: 'julia', wrt: c.wrt, order: c.order, vars: c.vars, explain: false });
    const unknown = [...r.result.matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0]).filter((n) => !known.has(n) && !(n in c.vars));
    if (unknown.length) failures.push(`${c.id}: ${r.result} names ${unknown.join(', ')}`);
    // 1./x is a syntax error in Julia: a number before a dotted operator needs a space
    if (/(^|[^\w.])\d+\.[*/^+-]/.test(r.result)) failures.push(`${c.id}: ${r.result} has a number before a dotted operator`);
  }
  assert.deepEqual(failures, []);
});

test('variances and standard deviations along an axis print as each library writes them', () => {
  const vars = { X: { shape: ['n', 'd'] }, v: { shape: ['n'] }, u: { shape: ['d'] } };
  const grad = (source: string, dialect: 'python' | 'matlab' | 'julia', wrt: string) => verifiedGradient(source, dialect, wrt, vars);
  // was (X - np.mean(X, axis=0)) / np.sqrt(np.mean((X - np.mean(X, axis=0))**2, axis=0)) / X.shape[0]
  assert.equal(grad('np.sum(np.std(X, axis=0))', 'python', 'X'), '(X - np.mean(X, axis=0)) / np.std(X, axis=0) / X.shape[0]');
  assert.equal(grad('np.sum(np.std(X, axis=1))', 'python', 'X'), '(X - np.mean(X, axis=1, keepdims=True)) / np.std(X, axis=1)[:, None] / X.shape[1]');
  assert.equal(grad('np.sum(np.std(X, axis=0, ddof=1))', 'python', 'X'), '(X - np.mean(X, axis=0)) / np.std(X, axis=0, ddof=1) / (X.shape[0] - 1)');
  assert.equal(grad('np.var(X, axis=1, ddof=1) @ v', 'python', 'v'), 'np.var(X, axis=1, ddof=1)');
  assert.equal(grad('torch.sum(torch.std(X, dim=0))', 'python', 'X'), '(X - torch.mean(X, dim=0)) / torch.std(X, dim=0) / (X.shape[0] - 1)');
  assert.equal(grad('torch.var(X, dim=0, correction=0) @ u', 'python', 'u'), 'torch.var(X, dim=0, correction=0)');
  assert.equal(grad('tf.reduce_sum(tf.math.reduce_std(X, axis=0))', 'python', 'X'), '(X - tf.reduce_mean(X, axis=0)) / tf.math.reduce_std(X, axis=0) / X.shape[0]');
  // MATLAB's second argument is the normalization: 0 over n − 1, 1 over n
  assert.equal(grad('sum(var(X, 0, 2) .* v)', 'matlab', 'v'), 'var(X, 0, 2)');
  assert.equal(grad('sum(std(X))', 'matlab', 'X'), '(X - mean(X, 1))./std(X, 0, 1)/(size(X, 1) - 1)');
  // a squared deviation from another axis's mean is no variance
  assert.equal(grad('np.mean((X - np.mean(X, axis=1, keepdims=True))**2, axis=0) @ u', 'python', 'u'), 'np.mean((X - np.mean(X, axis=1, keepdims=True))**2, axis=0)');
});

test('norms along an axis print as norms, and a sum of transposes as the transpose of the sum where that prints fewer', () => {
  const vars = { X: { shape: ['n', 'd'] }, c: { shape: ['d'] }, W: { shape: ['d', 'k'] }, b: { shape: ['k'] }, Y: { shape: ['n', 'k'] } };
  const grad = (source: string, dialect: 'python' | 'matlab' | 'julia', wrt: string) => verifiedGradient(source, dialect, wrt, vars);
  // was -(X.T - c[:, None]) @ (1 / np.sqrt(np.sum((X - c)**2, axis=1)))
  assert.equal(grad('np.sum(np.linalg.norm(X - c, axis=1))', 'python', 'c'), '-(X - c).T @ (1 / np.linalg.norm(X - c, axis=1))');
  assert.equal(grad('torch.sum(torch.linalg.norm(X, dim=0))', 'python', 'X'), 'X / torch.linalg.norm(X, dim=0)');
  assert.equal(grad('tf.reduce_sum(tf.norm(X, axis=1))', 'python', 'X'), 'X / tf.norm(X, axis=1)[:, None]');
  // MATLAB's vecnorm is read (it was 'unknown function') and written
  assert.equal(grad("sum(vecnorm(X - c', 2, 2))", 'matlab', 'c'), "-(X' - c)*(1./vecnorm(X - c', 2, 2))");
  assert.equal(grad('sum(vecnorm(X))', 'matlab', 'X'), 'X./vecnorm(X, 2, 1)');
  assert.equal(grad('sum(vecnorm(X, 1, 2))', 'matlab', 'X'), 'sign(X)');
  assert.throws(() => grad('sum(vecnorm(X, 3))', 'matlab', 'X'), /vecnorm's p is 1 or 2 here/);
  // was 2 * np.sum(b[:, None] + W.T @ X.T - Y.T, axis=1)
  assert.equal(grad('np.sum((X @ W + b - Y)**2)', 'python', 'b'), '2 * np.sum(b + X @ W - Y, axis=0)');
});

test('a row or a column of reciprocals divides, and a diagonal scaling broadcasts in Julia', () => {
  const vars = { A: { shape: ['n', 'd'] }, v: { shape: ['n'] }, w: { shape: ['d'] } };
  const grad = (source: string, dialect: 'python' | 'matlab' | 'julia', wrt: string) => verifiedGradient(source, dialect, wrt, vars);
  assert.equal(grad('np.sum((A / w)**2)', 'python', 'A'), '2 * A / w**2'); // was 2 * A * (1 / w**2)
  assert.equal(grad('np.sum(np.exp(A / w))', 'python', 'A'), 'np.exp(A / w) / w');
  assert.equal(grad('np.sum(np.sin(A / v[:, None]))', 'python', 'A'), 'np.cos(A / v[:, None]) / v[:, None]'); // was (1 / v)[:, None] * …
  // (1 ./ (w').^2)' ./ (1 ./ w')' was left as written: a transposed function of a transpose is the function
  assert.equal(grad("sum(log.(A ./ w'))", 'julia', 'w'), '-size(A, 1) ./ w');
  assert.equal(grad("sum(sum(log(A ./ w')))", 'matlab', 'w'), '-size(A, 1)./w');
  // Julia's row sums where they broadcast: sum(A, dims=2) (was A*ones(size(A, 2)))
  assert.equal(grad('sum(A ./ sum(A, dims=2) .* A)', 'julia', 'A'), '2*A ./ sum(A, dims=2) .- sum(A.^2, dims=2) ./ sum(A, dims=2).^2');
  assert.equal(grad('sum(log.(sum(exp.(A), dims=2)))', 'julia', 'A'), 'exp.(A) ./ sum(exp.(A), dims=2)');
  // and a row sum standing as a vector is vec(sum(A, dims=2)) (was A*ones(size(A, 2)))
  assert.equal(grad('sum(A ./ v)', 'julia', 'v'), '-vec(sum(A, dims=2)) ./ v.^2');
  // Julia scales rows by broadcasting, as MATLAB does (was Diagonal(v)*exp.(A))
  assert.equal(grad('sum(exp.(A) * ones(size(A, 2)) .* v)', 'julia', 'A'), 'v .* exp.(A)');
  assert.equal(grad("sum(sum(exp.(A)' * v))", 'julia', 'A'), "v .* exp.(A)");
});

test('a selection written with decimals gets halves as decimals too', () => {
  const grad = (source: string, dialect: 'python' | 'matlab', wrt: string) => differentiateMatrix(source, { dialect, wrt, explain: false }).result;
  assert.equal(grad('0.25 * np.sum((X @ w - y)**2)', 'python', 'w'), '0.5 * X.T @ (X @ w - y)');
  assert.equal(grad('np.sum(np.exp(-0.5 * (X @ w)**2))', 'python', 'w'), '-X.T @ ((X @ w) * np.exp(-0.5 * (X @ w)**2))');
  assert.equal(grad('0.25*sum((X*w - y).^2)', 'matlab', 'w'), "0.5*X'*(X*w - y)");
  // written as fractions, they stay fractions
  assert.equal(grad('np.sum((X @ w - y)**2) / 4', 'python', 'w'), 'X.T @ (X @ w - y) / 2');
});
