// The CLI shows a matrix result's named form (issue 12): `diff` prints the definitions, one a line, then
// the result in terms of them; --json and batch carry it as `named`. The printed lines run in python3
// with numpy and give the long form's value; without repetition the output stays the one result line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const NET = ['--var', 'W:m,n', '--var', 'x:n', '--var', 'y:m'];
/** Python selections whose gradients repeat a subexpression, with their shapes (m = 4, n = 3 below). */
const CASES: { expr: string; wrt: string; vars: string[]; names: string[] }[] = [
  { expr: 'np.sum((sigmoid(W @ x) - y)**2)', wrt: 'x', vars: NET, names: ['s'] },
  { expr: 'np.sum((1 / (1 + np.exp(-W @ x)) - y)**2)', wrt: 'x', vars: NET, names: ['s'] },
  { expr: 'sigmoid(W @ x)', wrt: 'x', vars: ['--var', 'W:m,n', '--var', 'x:n'], names: ['s'] },
  { expr: 'np.sum(sigmoid(W @ x) * (1 - sigmoid(W @ x)))', wrt: 'x', vars: ['--var', 'W:m,n', '--var', 'x:n'], names: ['s'] },
  { expr: 'x.T @ np.linalg.inv(A) @ x', wrt: 'A', vars: ['--var', 'x:n', '--var', 'A:n,n'], names: ['S'] },
];

test('diff prints the definitions then the result; --json has `named` with the same code', () => {
  const r = cli(['diff', '--lang', 'python', ...NET, '--wrt', 'x', 'np.sum((sigmoid(W @ x) - y)**2)']);
  assert.deepEqual(r, { code: 0, stdout: 's = sigmoid(W @ x)\n2 * W.T @ (s * (1 - s) * (s - y))\n', stderr: '' });
  const json = JSON.parse(cli(['diff', '--json', '--lang', 'python', ...NET, '--wrt', 'x', 'np.sum((sigmoid(W @ x) - y)**2)']).stdout);
  assert.equal(json.named.code, r.stdout.trimEnd());
  assert.deepEqual(json.named.definitions.map((d: { name: string }) => d.name), ['s']);
  assert.match(json.named.latex, /\\quad \\text\{where \} s = \\sigma\(W x\)$/);
  assert.equal(json.result, '2 * W.T @ ((1 - sigmoid(W @ x)) * (sigmoid(W @ x) - y) * sigmoid(W @ x))', 'the result stays one complete expression');
  // written out, 1 − sigmoid(u) = sigmoid(−u), each sigmoid a quotient
  assert.equal(JSON.parse(cli(['diff', '--json', '--lang', 'python', ...NET, '--wrt', 'x', 'np.sum((1 / (1 + np.exp(-W @ x)) - y)**2)']).stdout).result,
    '2 * W.T @ ((1 / (1 + np.exp(-W @ x)) - y) / ((1 + np.exp(W @ x)) * (1 + np.exp(-W @ x))))');
  // MATLAB's definitions end in a semicolon; LaTeX's named form is one line with its "where"
  assert.equal(cli(['diff', '--lang', 'matlab', ...NET, '--wrt', 'x', 'norm(1./(1 + exp(-W*x)) - y)^2']).stdout, "s = 1./(1 + exp(-W*x));\n2*W'*(s.*(1 - s).*(s - y))\n");
  assert.equal(cli(['diff', '--lang', 'latex', ...NET, '--wrt', 'x', '\\|\\sigma(W x) - y\\|^2']).stdout,
    '2 W^\\top (s \\odot (\\mathbf{1}_{m} - s) \\odot (s - y)) \\quad \\text{where } s = \\sigma(W x)\n');
});

test('nothing repeats: one result line, no `named` (logistic loss, x\'Ax)', () => {
  const logistic = cli(['diff', '--lang', 'python', '--wrt', 'w', 'np.sum(np.log(1 + np.exp(-y * (X @ w))))']);
  assert.deepEqual(logistic, { code: 0, stdout: '-X.T @ (y / (1 + np.exp(y * (X @ w))))\n', stderr: '' });
  assert.equal('named' in JSON.parse(cli(['diff', '--json', '--lang', 'matrix', '--wrt', 'x', "x'*A*x"]).stdout), false);
  // a count is not named (u = x.shape[0]): it is short, and np.mean holds one of its two
  assert.deepEqual(cli(['diff', '--lang', 'python', '--wrt', 'x', 'np.var(x)']), { code: 0, stdout: '2 * (x - np.mean(x)) / x.shape[0]\n', stderr: '' });
});

test('batch: `named` after `verified` when something repeats, absent otherwise', () => {
  const lines = [
    { id: 1, expr: 'sigmoid(W @ x)', lang: 'python', wrt: 'x' },
    { id: 2, expr: 'x.T @ A @ x', lang: 'python', wrt: 'x' },
  ].map((l) => JSON.stringify(l)).join('\n');
  const r = cli(['batch'], lines + '\n');
  assert.equal(r.code, 0, r.stderr);
  const [named, plain] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(Object.keys(named), ['id', 'ok', 'result', 'numpy', 'latex', 'kind', 'layout', 'verified', 'named', 'ms']);
  assert.equal(named.named.code, 's = sigmoid(W @ x)\n(s * (1 - s))[:, None] * W');
  assert.deepEqual(Object.keys(plain), ['id', 'ok', 'result', 'numpy', 'latex', 'kind', 'layout', 'verified', 'ms']);
});

test('the named lines run in python3 with numpy and equal the long result', () => {
  // one batch for every case (the text output is batch's named.code: the first test)
  const shapes = (vars: string[]) => Object.fromEntries(vars.filter((_, i) => i % 2 === 1).map((v) => { const [name, dims] = v.split(':'); return [name, { shape: dims!.split(',') }]; }));
  const batch = cli(['batch'], CASES.map((c, id) => JSON.stringify({ id, expr: c.expr, lang: 'python', wrt: c.wrt, vars: shapes(c.vars) })).join('\n') + '\n');
  assert.equal(batch.code, 0, batch.stderr);
  const answers = batch.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ok: boolean; result: string; named?: { code: string } });
  // the selections call the code's own sigmoid
  const script = ['import json, numpy as np', 'sigmoid = lambda z: 1 / (1 + np.exp(-z))', 'rng = np.random.default_rng(5)', 'out = []'];
  CASES.forEach((c, i) => {
    const answer = answers[i]!;
    assert.ok(answer.ok && answer.named, `${c.expr}: ${JSON.stringify(answer)}`);
    const lines = answer.named.code.split('\n');
    assert.deepEqual(lines.slice(0, -1).map((l) => l.split(' = ')[0]), c.names, `${c.expr}: its definitions\n${answer.named.code}`);
    script.push(
      'def case():',
      '    m, n = 4, 3',
      '    W = rng.normal(size=(m, n)); x = rng.normal(size=n); y = rng.normal(size=m)',
      '    A = rng.normal(size=(n, n)) + 3 * np.eye(n)',
      `    long = ${answer.result}`,
      ...lines.slice(0, -1).map((l) => `    ${l}`),
      `    named = ${lines[lines.length - 1]}`,
      '    return [float(np.max(np.abs(np.asarray(named) - np.asarray(long)))), float(np.max(np.abs(long)))]',
      'out.append(case())',
    );
  });
  script.push('print(json.dumps(out))');
  const run = spawnSync('python3', ['-c', script.join('\n')], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr.slice(0, 2000));
  const out = JSON.parse(run.stdout) as [number, number][];
  assert.equal(out.length, CASES.length);
  out.forEach(([difference, size], i) => {
    assert.ok(size > 1e-6, `${CASES[i]!.expr}: a nonzero gradient to compare`);
    assert.ok(difference <= 1e-12 * Math.max(1, size), `${CASES[i]!.expr}: named differs from the long form by ${difference}`);
  });
  console.log(`named vs long, largest absolute difference per case: ${out.map(([d]) => d.toExponential(1)).join(', ')}`);
});
