// A matrix result's named form in the panel and in what Insert writes (issue 12): the panel model carries
// the engine's named code and LaTeX ("where s = …") and the named numpy lines; Insert named form writes
// the definitions, then the derivative's assignment, below the selection, and those lines run in python3
// with the long form's value; the webview's messages carry the choice and are validated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { differentiate, type MatrixDerivativeResult } from '../../../../src/core/index';
import { lineBelow, namedDerivative, splitSelection } from '../../../../src/extension/insertion';
import { namedResult } from '../../../../src/extension/panel/namedResult';
import { isPanelModel, parseFromWebview } from '../../../../src/shared/panelMessages';

const NET = { W: { shape: ['m', 'n'] }, x: { shape: ['n'] }, y: { shape: ['m'] } };

function matrixDetail(source: string, dialect: 'python' | 'matlab', wrt: string, vars: Record<string, { shape: string[] }>): MatrixDerivativeResult {
  const r = differentiate(source, { dialect, wrt, vars, explain: false });
  assert.ok(r.matrix, `${source}: a matrix result`);
  return r.matrix.detail;
}

/** What Insert named form writes below `line` (the whole selection is the line's right-hand side). */
function insertedBelow(style: 'python' | 'matlab', lines: string[], lineIndex: number, detail: MatrixDerivativeResult): string {
  const line = lines[lineIndex]!;
  const start = line.indexOf('=') + 2;
  const parts = splitSelection(line.slice(start), style);
  return lineBelow({
    style,
    lines,
    start: { line: lineIndex, character: start + parts.start },
    end: { line: lineIndex, character: start + parts.end },
    derivative: { ...namedDerivative(detail.named!.code), operandLatex: detail.input.latexOperand, wrt: detail.wrt, order: detail.order },
  }).text;
}

test('the panel model: the named code and LaTeX, and the named numpy lines; nothing named, the expression', () => {
  const detail = matrixDetail('np.sum((sigmoid(W @ x) - y)**2)', 'python', 'x', NET);
  const { named, numpy } = namedResult(detail);
  assert.deepEqual(named, {
    code: 's = sigmoid(W @ x)\n2 * W.T @ (s * (1 - s) * (s - y))',
    latex: '2 W^\\top (s \\odot (\\mathbf{1}_{m} - s) \\odot (s - y)) \\quad \\text{where } s = \\sigma(W x)',
  });
  // the selection calls its own sigmoid, which the code has; the NumPy block stands on numpy alone
  assert.equal(numpy, 's = 1 / (1 + np.exp(-W @ x))\n2 * W.T @ (s * (1 - s) * (s - y))');
  const matlab = namedResult(matrixDetail('norm(1./(1 + exp(-W*x)) - y)^2', 'matlab', 'x', NET));
  assert.equal(matlab.named?.code, "s = 1./(1 + exp(-W*x));\n2*W'*(s.*(1 - s).*(s - y))");
  assert.equal(matlab.numpy, 's = 1 / (1 + np.exp(-W @ x))\n2 * W.T @ (s * (1 - s) * (s - y))', 'the NumPy block: named numpy lines');
  const plain = matrixDetail('x.T @ A @ x', 'python', 'x', { x: { shape: ['n'] }, A: { shape: ['n', 'n'] } });
  assert.deepEqual(namedResult(plain), { numpy: '(A + A.T) @ x' });
});

test('Insert named form: definitions then the assignment, indented as the selection; under a comment, comments', () => {
  const detail = matrixDetail('np.sum((sigmoid(W @ x) - y)**2)', 'python', 'x', NET);
  assert.equal(insertedBelow('python', ['def f(W, x, y):', '    loss = np.sum((sigmoid(W @ x) - y)**2)'], 1, detail),
    '    s = sigmoid(W @ x)\n    dloss_dx = 2 * W.T @ (s * (1 - s) * (s - y))');
  const line = 'print(np.sum((sigmoid(W @ x) - y)**2))';
  const parts = { start: line.indexOf('np.'), end: line.length - 1 };
  const comment = lineBelow({ style: 'python', lines: [line], start: { line: 0, character: parts.start }, end: { line: 0, character: parts.end }, derivative: { ...namedDerivative(detail.named!.code), operandLatex: '', wrt: 'x', order: 1 } });
  assert.equal(comment.text, '# s = sigmoid(W @ x)\n# d/dx: 2 * W.T @ (s * (1 - s) * (s - y))', 'no live assignment of s under a commented result');
  const matlab = matrixDetail('norm(1./(1 + exp(-W*x)) - y)^2', 'matlab', 'x', NET);
  assert.equal(insertedBelow('matlab', ['L = norm(1./(1 + exp(-W*x)) - y)^2;'], 0, matlab), "s = 1./(1 + exp(-W*x));\ndL_dx = 2*W'*(s.*(1 - s).*(s - y));");
  // the expression alone (Insert, Differentiate Selection): one line, as before
  assert.deepEqual(namedDerivative('2 * A @ x'), { definitions: [], result: '2 * A @ x' });
});

test('the inserted named lines run in python3 with numpy and equal the long result', () => {
  const cases = [
    { source: 'np.sum((sigmoid(W @ x) - y)**2)', wrt: 'x', vars: NET },
    { source: 'sigmoid(W @ x)', wrt: 'x', vars: NET },
    { source: 'np.sum(sigmoid(W @ x) * (1 - sigmoid(W @ x)))', wrt: 'x', vars: NET },
    { source: 'x.T @ np.linalg.inv(A) @ x', wrt: 'A', vars: { x: { shape: ['n'] }, A: { shape: ['n', 'n'] } } },
  ];
  // the selections call the code's own sigmoid
  const script = ['import json, numpy as np', 'sigmoid = lambda z: 1 / (1 + np.exp(-z))', 'rng = np.random.default_rng(11)', 'out = []'];
  for (const c of cases) {
    const detail = matrixDetail(c.source, 'python', c.wrt, c.vars);
    assert.ok(detail.named, `${c.source}: something repeats`);
    const inserted = insertedBelow('python', ['import numpy as np', `f = ${c.source}`], 1, detail);
    script.push(
      'def case():',
      '    m, n = 4, 3',
      '    W = rng.normal(size=(m, n)); x = rng.normal(size=n); y = rng.normal(size=m)',
      '    A = rng.normal(size=(n, n)) + 3 * np.eye(n)',
      `    long = ${detail.result}`,
      ...inserted.split('\n').map((l) => `    ${l}`),
      `    return float(np.max(np.abs(np.asarray(df_d${c.wrt}) - np.asarray(long))))`,
      'out.append(case())',
    );
  }
  script.push('print(json.dumps(out))');
  const run = spawnSync('python3', ['-c', script.join('\n')], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr.slice(0, 2000));
  const out = JSON.parse(run.stdout) as number[];
  assert.equal(out.length, cases.length);
  out.forEach((difference, i) => assert.ok(difference < 1e-12, `${cases[i]!.source}: differs by ${difference}`));
});

test('messages: Insert names its form, the model its named result; anything else is refused', () => {
  assert.deepEqual(parseFromWebview({ type: 'insert', form: 'named' }), { type: 'insert', form: 'named' });
  assert.deepEqual(parseFromWebview({ type: 'insert' }), { type: 'insert' });
  assert.equal(parseFromWebview({ type: 'insert', form: 'expression; rm -rf' }), undefined);
  assert.deepEqual(parseFromWebview({ type: 'copy', field: 'named' }), { type: 'copy', field: 'named' });
  const model = {
    kind: 'matrix', source: 'sigmoid(W @ x)', dialectLabel: 'Python', documentName: 'a.py', input: { plain: 'sigmoid(W*x)', latex: '\\sigma(W x)', latexOperand: '(\\sigma(W x))' },
    variables: ['x', 'W'], wrt: 'x', order: 1, resultKind: 'Jacobian', shape: 'm×n', result: { code: 'r', latex: 'r', operatorLatex: '\\frac{\\partial}{\\partial x}' },
    layout: { current: 'numerator', note: 'J_ik' }, shapes: [], convention: '', derivation: [], numpy: 'r', einsum: 'e', gradientCheck: 'g',
    verification: { verified: true, method: 'central differences', points: 3, maxRelError: 0 }, canInsert: true,
  };
  assert.equal(isPanelModel({ ...model, named: { code: 's = 1\ns', latex: 's \\quad \\text{where } s = 1' } }), true);
  assert.equal(isPanelModel(model), true);
  assert.equal(isPanelModel({ ...model, named: { code: 's = 1\ns' } }), false, 'named without its LaTeX');
});
