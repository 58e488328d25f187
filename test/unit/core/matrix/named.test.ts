// Common subexpressions named instead of repeated (issue 12): `s = sigmoid(W*x)` once, then the result
// in terms of s. The named form equals the result (definitions evaluated in order, at random inputs),
// its numpy lines run in python3 and give the engine's value, and the plain result stays complete code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { declarationsFrom } from '../../../../src/core/matrix/annotations';
import { differentiateMatrix, MatrixDialect, MatrixVar } from '../../../../src/core/matrix/api';
import { MSym } from '../../../../src/core/matrix/expr';
import { nameRepeated } from '../../../../src/core/matrix/named';
import { evaluate } from '../../../../src/core/matrix/numeric';
import { printCode } from '../../../../src/core/matrix/print';
import { dimNamesOf, randomEnv } from '../../../../src/core/matrix/verify';
import { formula, readCorpus } from './support';

const shape = (o: Record<string, string[]>): Record<string, MatrixVar> => Object.fromEntries(Object.entries(o).map(([k, s]) => [k, { shape: s }]));
const net = shape({ W: ['m', 'n'], x: ['n'], y: ['m'] });

test('a sigmoid that repeats is named s once, in every dialect; LaTeX says "where s = …"', () => {
  const sources: Partial<Record<MatrixDialect, string>> = {
    matrix: 'norm2(sigmoid(W*x) - y)^2', python: 'np.sum((1 / (1 + np.exp(-W @ x)) - y)**2)', matlab: 'norm(1./(1 + exp(-W*x)) - y)^2',
  };
  for (const [dialect, source] of Object.entries(sources) as [MatrixDialect, string][]) {
    const r = differentiateMatrix(source, { dialect, wrt: 'x', vars: net });
    assert.equal(r.verified, true);
    assert.ok(r.named, `${dialect}: nothing named in ${r.result}`);
    assert.equal(r.named.definitions.length, 1);
    assert.equal(r.named.definitions[0].name, 's');
    assert.equal(r.named.numpyCode, 's = 1 / (1 + np.exp(-W @ x))\n2 * W.T @ (s * (1 - s) * (s - y))');
    assert.equal(r.named.latex, '2 W^\\top (s \\odot (\\mathbf{1}_{m} - s) \\odot (s - y)) \\quad \\text{where } s = \\sigma(W x)');
  }
  const matlab = differentiateMatrix('norm(1./(1 + exp(-W*x)) - y)^2', { dialect: 'matlab', wrt: 'x', vars: net });
  assert.equal(matlab.named?.code, "s = 1./(1 + exp(-W*x));\n2*W'*(s.*(1 - s).*(s - y))");
  // the result itself is unchanged and complete
  assert.equal(matlab.result, "2*W'*((1./(1 + exp(-W*x)) - y)./((1 + exp(W*x)).*(1 + exp(-W*x))))");
});

test('the softmax Jacobian reads diag(s) - s*s\' with s = softmax(z) named, however softmax was written', () => {
  const vars = shape({ z: ['n'] });
  for (const source of ['softmax(z)', 'np.exp(z) / np.sum(np.exp(z))', 'scipy.special.softmax(z)']) {
    const r = differentiateMatrix(source, { dialect: 'python', wrt: 'z', vars });
    assert.equal(r.verified, true);
    assert.equal(r.named?.numpyCode, 's = np.exp(z) / np.sum(np.exp(z))\nnp.diag(s) - np.outer(s, s)', source);
    assert.equal(r.named?.latex, '\\operatorname{diag}(s) - s s^\\top \\quad \\text{where } s = \\frac{\\exp(z)}{\\mathbf{1}^\\top \\exp(z)}');
  }
  assert.equal(differentiateMatrix('exp(x)/sum(exp(x))', { dialect: 'matlab', wrt: 'x', vars: shape({ x: ['n'] }) }).named?.code, "s = exp(x)/sum(exp(x));\ndiag(s) - s*s'");
  // the gradient of log-sum-exp is s itself: nothing repeats, nothing is named
  assert.equal(differentiateMatrix('np.log(np.sum(np.exp(x)))', { dialect: 'python', wrt: 'x', vars: shape({ x: ['n'] }) }).named, undefined);
});

test('LaTeX puts a short top over its scalar denominator, and 1/u before a sum', () => {
  const vars = shape({ x: ['n'], A: ['n', 'n'], b: ['n'] });
  const latex = (source: string) => differentiateMatrix(source, { dialect: 'latex', wrt: 'x', vars }).result;
  assert.equal(latex('\\|x\\|_2'), '\\frac{x}{\\left\\|x\\right\\|_2}');
  assert.equal(latex('\\frac{x}{\\|x\\|_2}'), '\\frac{1}{\\left\\|x\\right\\|_2} \\left(I_{n} - \\frac{x x^\\top}{\\left\\|x\\right\\|_2^{2}}\\right)');
});

test('nothing is named when nothing long repeats, and a transposed occurrence is the same one', () => {
  assert.equal(differentiateMatrix("x'*A*x", { dialect: 'matrix', wrt: 'x' }).named, undefined);
  assert.equal(differentiateMatrix('np.log(np.linalg.det(X))', { dialect: 'python', wrt: 'X', vars: shape({ X: ['n', 'n'] }) }).named, undefined);
  const r = differentiateMatrix('(x - mu) @ np.linalg.inv(S) @ (x - mu)', { dialect: 'python', wrt: 'S', vars: shape({ x: ['n'], mu: ['n'], S: ['n', 'n'] }) });
  assert.equal(r.named?.numpyCode, 'U = np.linalg.inv(S)\n-np.outer(U.T @ (x - mu), (x - mu) @ U.T)');
});

test('over the corpus, every named form equals its result at random inputs', () => {
  let count = 0;
  for (const c of readCorpus()) {
    const r = differentiateMatrix(c.matrix, { dialect: 'matrix', wrt: c.wrt, order: c.order, vars: c.vars, explain: false });
    if (r.kind === 'tensor') continue;
    const final = formula(r.matrix, 'matrix', c.vars);
    const symbols: MSym[] = [...declarationsFrom(c.vars).entries()].map(([name, d]) => ({ kind: 'sym', name, shape: d.shape.length === 2 && d.shape[1] === 1 ? [d.shape[0]] : d.shape, symmetric: Boolean(d.symmetric), key: name }));
    const form = nameRepeated(final, (e) => printCode(e, { dialect: 'python' }), new Set(symbols.map((s) => s.name)));
    if (!form) continue;
    count++;
    let seed = 17;
    const rand = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 4294967296; };
    const env = randomEnv(symbols, dimNamesOf(symbols, [final]), rand, c.positive ? 'positive' : 'signed');
    const vars = new Map(env.vars);
    for (const d of form.definitions) vars.set(d.name, evaluate(d.value, { ...env, vars }));
    const named = { ...env, vars };
    const want = evaluate(final, env).d, got = evaluate(form.body, named).d;
    assert.equal(got.length, want.length, c.id);
    want.forEach((v, i) => assert.ok(Math.abs(v - got[i]) <= 1e-9 * Math.max(1, Math.abs(v)) || (Number.isNaN(v) && Number.isNaN(got[i])), `${c.id}: ${v} vs ${got[i]}`));
  }
  assert.ok(count >= 5, `only ${count} corpus results have repeated subexpressions`);
});

test('the numpy lines of named forms run in python3 and agree with the result', () => {
  const cases = readCorpus().filter((c) => c.order <= 2);
  const lines: string[] = ['import json, numpy as np', 'rng = np.random.default_rng(3)', 'out = {}'];
  let count = 0;
  for (const c of cases) {
    const r = differentiateMatrix(c.python, { dialect: 'python', wrt: c.wrt, order: c.order, vars: c.vars, explain: false });
    if (!r.named) continue;
    count++;
    const assign = [...declarationsFrom(c.vars).entries()].map(([name, d]) => {
      const dims = d.shape.map((x) => (typeof x === 'number' ? x : ({ n: 3, m: 4, p: 2, k: 2 } as Record<string, number>)[x] ?? 3));
      const value = dims.length === 0 ? 'rng.uniform(0.5, 1.5)' : `rng.uniform(0.5, 1.5, (${dims.join(', ')},))`;
      return d.symmetric ? `${name} = ${value}; ${name} = ${name} + ${name}.T` : `${name} = ${value}`;
    });
    const named = r.named.numpyCode.split('\n');
    lines.push('def case():', ...assign.map((a) => `    ${a}`), `    plain = ${r.numpy}`, ...named.slice(0, -1).map((l) => `    ${l}`), `    shortened = ${named[named.length - 1]}`,
      '    return float(np.max(np.abs(np.asarray(plain) - np.asarray(shortened))))', `out[${JSON.stringify(c.id)}] = case()`);
  }
  lines.push('print(json.dumps(out))');
  assert.ok(count >= 5);
  const run = spawnSync('python3', ['-c', lines.join('\n')], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr.slice(0, 2000));
  const out = JSON.parse(run.stdout) as Record<string, number>;
  assert.equal(Object.keys(out).length, count);
  for (const [id, worst] of Object.entries(out)) assert.ok(worst < 1e-9, `${id}: named numpy differs by ${worst}`);
});
