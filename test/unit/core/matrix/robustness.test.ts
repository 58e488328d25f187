// The matrix engine under hostile input: deep nesting in every dialect, long sums and products, huge
// and tiny numbers, orders past the limit, random bytes and Unicode. Every case answers, or refuses
// with an InputError or a TimeoutError, within the time budget plus a second and well under 1.5 GB;
// never another error class (a stack overflow, a BigInt RangeError), and no internal words leak
// into a message. Routing, which runs on every hover, stays cheap and refuses only with an InputError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../../src/core/api';
import { MAX_NESTING, TimeoutError } from '../../../../src/core/budget';
import { analyzeMatrix, differentiateMatrix, MatrixDialect, MatrixOptions } from '../../../../src/core/matrix/api';
import { routeSelection, RouteContext } from '../../../../src/core/route';
import { mulberry32 } from '../../../../src/core/random';

const BUDGET_MS = 600;
/** The engine stops at the budget, its numeric check a second later; this much more is scheduling noise on a loaded machine. */
const NOISE_MS = 300;
const HEAP_LIMIT = 1.5e9;
const INTERNAL = ['Maximum call stack', 'BigInt', 'NaN', 'undefined', 'Cannot read'];
const DIALECTS: MatrixDialect[] = ['matrix', 'python', 'matlab', 'julia', 'latex'];

/** The hover's question: is it matrix calculus? Unreadable input is not (the engine says why). */
function isMatrixInput(source: string, dialect: MatrixDialect, context?: RouteContext): boolean {
  try {
    return routeSelection(source, dialect, context).engine === 'matrix';
  } catch (error) {
    if (error instanceof InputError || error instanceof TimeoutError) return false;
    throw error;
  }
}

const worst = { ms: 0, label: '', overshoot: -Infinity, heap: 0, isMatrixMs: 0, isMatrixLabel: '' };
const outcomes = { answered: 0, refused: 0, timedOut: 0 };

type Outcome = 'answer' | 'input' | 'timeout';

/** Runs one case; asserts the error class, the message, the time and the heap; returns what happened. */
function attempt(label: string, source: string, options: MatrixOptions): { outcome: Outcome; message: string } {
  const budget = options.timeBudgetMs ?? BUDGET_MS;
  const started = performance.now();
  let outcome: Outcome;
  let message = '';
  try {
    const r = differentiateMatrix(source, { timeBudgetMs: budget, ...options });
    assert.equal(typeof r.result, 'string', label);
    outcome = 'answer';
    message = r.result;
  } catch (e) {
    if (e instanceof InputError) outcome = 'input';
    else if (e instanceof TimeoutError) outcome = 'timeout';
    else throw new assert.AssertionError({ message: `${label}: internal error ${(e as Error)?.name}: ${(e as Error)?.message}`.slice(0, 400) });
    message = e.message;
  }
  const ms = performance.now() - started;
  for (const word of INTERNAL) {
    if (!source.includes(word)) assert.ok(!message.includes(word), `${label}: '${word}' in "${message.slice(0, 200)}"`);
  }
  assert.ok(ms <= budget + 1000 + NOISE_MS, `${label}: ${ms.toFixed(0)} ms with a budget of ${budget} ms (${outcome}: ${message.slice(0, 100)})`);
  const heap = process.memoryUsage().heapUsed;
  assert.ok(heap < HEAP_LIMIT, `${label}: heap ${(heap / 1e6).toFixed(0)} MB`);
  if (ms > worst.ms) Object.assign(worst, { ms, label });
  worst.overshoot = Math.max(worst.overshoot, ms - budget);
  worst.heap = Math.max(worst.heap, heap);
  outcomes[outcome === 'answer' ? 'answered' : outcome === 'input' ? 'refused' : 'timedOut']++;

  // the hover's question about the same text: a boolean, quickly
  const t0 = performance.now();
  const dialect = options.dialect;
  assert.equal(typeof isMatrixInput(source, dialect), 'boolean', label);
  const isMatrixMs = performance.now() - t0;
  if (isMatrixMs > worst.isMatrixMs) Object.assign(worst, { isMatrixMs, isMatrixLabel: label });
  return { outcome, message };
}

const nestingRefused = (r: { outcome: Outcome; message: string }) => r.outcome === 'input' && r.message.includes(`nested deeper than ${MAX_NESTING} levels`) && /\(column \d+\)/.test(r.message);

/** Deeply nested constructs, per dialect: what opens a level, the innermost expression, what closes it. */
const NESTINGS: { name: string; dialect: MatrixDialect; open: string; inner: string; close: string; after?: string }[] = [
  { name: 'np.sin(', dialect: 'python', open: 'np.sin(', inner: 'x', close: ')' },
  { name: 'parentheses', dialect: 'python', open: '(', inner: 'x @ x', close: ')' },
  { name: 'np.linalg.inv(', dialect: 'python', open: 'np.linalg.inv(', inner: 'A', close: ')', after: ' @ x' },
  { name: '(A @ (A @ …))', dialect: 'python', open: '(A @ ', inner: 'x', close: ')' },
  { name: 'unary minus', dialect: 'python', open: '-', inner: 'x', close: '' },
  { name: 'sin(', dialect: 'matlab', open: 'sin(', inner: 'x', close: ')' },
  { name: 'parentheses', dialect: 'matlab', open: '(', inner: "x'*x", close: ')' },
  { name: 'inv(', dialect: 'matlab', open: 'inv(', inner: 'A', close: ')', after: '*x' },
  { name: '(A*(A*…))', dialect: 'julia', open: '(A*', inner: 'x', close: ')' },
  { name: 'exp.(', dialect: 'julia', open: 'exp.(', inner: 'x', close: ')' },
  { name: 'inv(', dialect: 'matrix', open: 'inv(', inner: 'A', close: ')', after: '*x' },
  { name: 'unary minus', dialect: 'matrix', open: '-', inner: 'x', close: '' },
  { name: '\\left(', dialect: 'latex', open: '\\left(', inner: 'x', close: '\\right)', after: '^\\top x' },
  { name: '\\exp(', dialect: 'latex', open: '\\exp(', inner: 'x', close: ')' },
  { name: '|…|', dialect: 'latex', open: '\\|', inner: 'x', close: '\\|' },
  { name: 'x^{x^{…}}', dialect: 'latex', open: 'x^{', inner: '2', close: '}' },
];

test('deep nesting: answered up to the limit, refused past it with the column, in every dialect', () => {
  for (const n of [50, 199, 201, 1000, 10_000]) {
    for (const c of NESTINGS) {
      const source = c.open.repeat(n) + c.inner + c.close.repeat(n) + (c.after ?? '');
      const r = attempt(`${c.dialect} ${c.name} ×${n}`, source, { dialect: c.dialect, explain: false });
      if (n > MAX_NESTING) assert.ok(nestingRefused(r), `${c.dialect} ${c.name} ×${n}: ${r.outcome} ${r.message.slice(0, 120)}`);
      else assert.ok(!nestingRefused(r), `${c.dialect} ${c.name} ×${n} is within the limit: ${r.message.slice(0, 120)}`);
    }
  }
});

test('chains do not nest: runs of transposes of any length', () => {
  const transposed = (dialect: MatrixDialect, n: number) => (dialect === 'latex' ? `x${'^\\top'.repeat(n)} x` : `x${(dialect === 'matlab' ? ".'" : "'").repeat(n)}*x`);
  for (const n of [50, 199, 201, 1000, 10_000]) {
    for (const dialect of ['matrix', 'matlab', 'julia', 'latex'] as MatrixDialect[]) {
      const r = attempt(`${dialect} transposes ×${n}`, transposed(dialect, n), { dialect, wrt: 'x' });
      // an even run is no transpose, an odd one a single transpose
      const same = differentiateMatrix(transposed(dialect, n % 2), { dialect, wrt: 'x' }).result;
      assert.equal(r.message, same, `${dialect} ×${n}: ${r.outcome}`);
    }
    // numpy's .T: answered, or refused by the Python grammar's own limit on left-associative chains, never nested
    const r = attempt(`python .T ×${n}`, `x${'.T'.repeat(n)} @ x`, { dialect: 'python', wrt: 'x' });
    assert.ok(r.outcome === 'answer' ? r.message === '2 * x' : !nestingRefused(r), `python .T ×${n}: ${r.message.slice(0, 100)}`);
  }
});

test('sums of 10,000 terms in every dialect: read in linear time, answered or stopped at the budget', () => {
  const terms = (f: (k: number) => string, sep = ' + ') => Array.from({ length: 10_000 }, (_, k) => f(k + 1)).join(sep);
  const cases: [MatrixDialect, string][] = [
    ['python', terms((k) => `${k} * x`)],
    ['python', terms((k) => `a${k} * x`)],
    ['python', terms((k) => `x[${k}]`)],
    ['matlab', terms((k) => `${k}*x`, ' - ')],
    ['julia', terms((k) => `a${k}*x`)],
    ['matrix', terms((k) => `x'*A${k % 7}*x`)],
    ['latex', terms((k) => `${k} x`)],
  ];
  for (const [dialect, source] of cases) {
    const r = attempt(`${dialect} sum of 10,000 (${source.slice(0, 12)}…)`, source, { dialect, wrt: 'x', explain: false, timeBudgetMs: 1500 });
    if (dialect === 'python' && source.startsWith('1 * x')) assert.ok(r.outcome !== 'answer' || r.message === '50005000 * np.eye(x.shape[0])', r.message);
  }
});

test('the Python reader takes a sum of hundreds of terms (grouped for Lezer), with the right signs and columns', () => {
  const source = Array.from({ length: 450 }, (_, k) => `${k + 1} * (x @ x)`).join(' - ');
  // 1 - 2 - 3 - … - 450 = 1 - (2 + … + 450)
  const expected = 1 - (450 * 451 / 2 - 1);
  const r = differentiateMatrix(source, { dialect: 'python', wrt: 'x', timeBudgetMs: 5000 });
  assert.equal(r.result, `${2 * expected} * x`);
  const bad = source.replace('300 * (x @ x)', '300 * (x @ x))');
  assert.throws(() => differentiateMatrix(bad, { dialect: 'python', wrt: 'x' }), (e: unknown) => e instanceof InputError && e.offset === bad.indexOf('300 * (x @ x))') + 13);
  assert.throws(() => differentiateMatrix(`f = ${source} + np.foo(x)`, { dialect: 'python', wrt: 'x' }), /unknown function 'np.foo'|'np.foo' is not supported/);
});

test('products of 300 matrices in every dialect have their matrix form', () => {
  const chain = (f: string, sep: string) => Array.from({ length: 300 }, () => f).join(sep);
  const cases: [MatrixDialect, string, string][] = [
    ['python', `${chain('A', ' @ ')} @ x`, chain('A', ' @ ')],
    ['matlab', `${chain('A', '*')}*x`, chain('A', '*')],
    ['julia', `${chain('A', '*')}*x`, chain('A', '*')],
    ['matrix', `${chain('A', '*')}*x`, chain('A', '*')],
    ['latex', `${chain('A', ' ')} x`, chain('A', ' ')],
  ];
  for (const [dialect, source, expected] of cases) {
    const r = attempt(`${dialect} product of 300`, source, { dialect, wrt: 'x', explain: false, timeBudgetMs: 3000 });
    assert.ok(r.outcome === 'timeout' || r.message === expected, `${dialect}: ${r.outcome} ${r.message.slice(0, 80)}`);
  }
});

test('huge and tiny numbers, exponents that divide by zero: an answer or a clear refusal with the column', () => {
  const cases: [MatrixDialect, string, RegExp?][] = [
    ['matrix', "x'*x^(1/0)", /exponent divides by zero \(column 8\)/],
    ['matrix', 'sum(x.^(1/0))', /exponent divides by zero \(column 10\)/],
    ['matlab', 'sum(x.^(2/(1-1)))', /exponent divides by zero/],
    ['python', 'np.sum(x ** (1 / 0))', /exponent divides by zero/],
    ['latex', '\\sum x^{\\frac{1}{0}}', undefined],
    ['latex', '\\mathbf{1}^\\top x^{\\circ \\frac{1}{0}}', /exponent divides by zero/],
    ['matrix', "1e99999*x'*x", /too large .*\(column 1\)/],
    ['python', 'x @ x * 1e99999', /too large .*\(column 9\)/],
    ['matrix', 'sum(x.^1e400)'],
    ['matrix', "1e400*x'*x"],
    ['matrix', "1e-400*x'*x"],
    ['matrix', "2^10000000*x'*x"],
    ['matrix', "(10^1000)^(1/3)*x'*x"],
    ['matrix', "10^10^10*x'*x"],
    ['matrix', 'sum(x.^(10^10))'],
    ['matrix', 'sum((2*x).^100000000)'],
    ['matrix', "x'*x/0"],
    ['python', '0x1f * (x @ x) + 1_000 * np.sum(x)'],
    ['python', 'np.sum(x ** .5) + 1e-400 * (x @ x)'],
    ['python', "np.sum(x ** float('nan'))"],
    ['python', 'np.sum(x ** np.inf)'],
    ['latex', 'x^\\top x^.5'],
    ['latex', '\\frac.5x^\\top x'],
    ['latex', '\\sqrt.5 x^\\top x'],
    ['latex', 'x^\\top x^{-23}'],
    ['latex', `\\mathbf{1}_{${'9'.repeat(400)}}^\\top x`],
    ['matlab', `ones(${'9'.repeat(400)})'*x`, /dimension must be at most/],
    ['python', 'np.ones(100000) @ x'],
  ];
  for (const [dialect, source, expected] of cases) {
    const r = attempt(`${dialect} ${source.slice(0, 40)}`, source, { dialect, wrt: 'x' });
    if (expected) assert.match(r.message, expected, `${dialect} ${source}`);
  }
});

test('orders up to the limit answer, past it are refused', () => {
  for (const order of [1, 2, 3, 4]) {
    const r = attempt(`order ${order}`, "x'*A*x", { dialect: 'matrix', wrt: 'x', order });
    assert.equal(r.outcome, 'answer', `order ${order}: ${r.message}`);
  }
  for (const order of [0, -1, 1.5, 5, 10, 50, NaN, Infinity]) {
    const r = attempt(`order ${order}`, "x'*A*x", { dialect: 'matrix', wrt: 'x', order });
    assert.equal(r.outcome, 'input', `order ${order}`);
  }
  attempt('order 4 of a heavy expression', 'sum(exp(A*x)).^3', { dialect: 'matrix', wrt: 'x', order: 4 });
  attempt('order 4 with respect to a matrix', 'tr(inv(X)*A*X*B)', { dialect: 'matrix', wrt: 'X', order: 4 });
  attempt('order 4, Python, no budget left', 'np.sum(np.exp(A @ x)) ** 3', { dialect: 'python', wrt: 'x', order: 4, timeBudgetMs: 0 });
});

test('expressions that expand into too many terms in index form are refused, not grown until memory runs out', () => {
  const factors = Array.from({ length: 40 }, (_, k) => `(x + a${k})`).join('.*');
  const r = attempt('element-wise product of 40 sums', `sum(${factors})`, { dialect: 'matrix', wrt: 'x' });
  assert.ok(r.outcome === 'timeout' || /more than 50000 terms/.test(r.message), r.message.slice(0, 80));
});

test('seeded random bytes and Unicode in every dialect', () => {
  const rand = mulberry32(20261130);
  const pieces = [
    'x', 'A', 'X', 'w', 'b', '1', '2.5', '0', '.', '+', '-', '*', '/', '^', '(', ')', '[', ']', '{', '}', ',', "'", '"', '@', '**',
    '.T', '.*', './', '.^', '\\', '\\frac', '\\left(', '\\right)', '\\top', '\\|', '|', '_', '=', ';', ':', '#', '\n', ' ', '\t',
    'np.', 'np.sum(', 'np.linalg.', 'inv(', 'tr(', 'det(', 'sin(', 'exp(', 'norm(', 'sum(', '\\sqrt', '\\operatorname{tr}', '\\mathbf{x}',
    'é', 'λ', 'α', '𝑥', '∑', '√', '‖', '⋅', '\u200b', '\u202e', '\u0301', '\ud800', '\udfff', '\u0000', '\uffff', '😀', '字', '\r\n',
  ];
  for (let k = 0; k < 300; k++) {
    const dialect = DIALECTS[k % DIALECTS.length];
    const length = 1 + Math.floor(rand() * (k % 10 === 9 ? 400 : 30));
    let source = '';
    for (let i = 0; i < length; i++) {
      source += rand() < 0.15 ? String.fromCharCode(Math.floor(rand() * 0x10000)) : pieces[Math.floor(rand() * pieces.length)];
    }
    attempt(`random ${dialect} #${k}`, source, { dialect });
    // analysis, as the hover and the quick pick ask for it: a clear refusal or an answer
    try { analyzeMatrix(source, dialect); } catch (e) {
      assert.ok(e instanceof InputError || e instanceof TimeoutError, `analyze random ${dialect} #${k}: ${(e as Error)?.name}: ${(e as Error)?.message}`);
    }
  }
});

test('hostile LaTeX', () => {
  const n = 10_000;
  const cases = [
    '{'.repeat(n), '}'.repeat(n), '\\left('.repeat(n), '|'.repeat(n), '\\|'.repeat(n), '^'.repeat(n), "x'".repeat(n),
    `x${'^{\\circ 2}'.repeat(n)}`, `x${'^2'.repeat(n)}`, `x^{\\circ x^{\\circ ${'x^{\\circ '.repeat(n)}`, '\\frac'.repeat(n), '\\sqrt'.repeat(n),
    `\\mathbf{${'x'.repeat(n)}}`, `x_{${'1'.repeat(n)}}`, '\\'.repeat(n), `$${'x '.repeat(n)}$`, `${'\\,'.repeat(n)}x^\\top x`,
    `\\operatorname{${'tr'.repeat(n)}}(X)`, '\\frac{'.repeat(n) + 'x' + '}{2}'.repeat(n),
  ];
  for (const source of cases) attempt(`latex ${source.slice(0, 24)}…`, source, { dialect: 'latex' });
});

test('isMatrixInput is linear and safe on long hostile input', () => {
  const long = 200_000;
  const inputs: [MatrixDialect, string][] = [
    ['python', 'x + '.repeat(long / 4) + 'x'],
    ['python', '('.repeat(long)],
    ['python', `# ${'\n'.repeat(long)}`],
    ['latex', '\\left('.repeat(long / 6)],
    ['latex', ' '.repeat(long)],
    ['matlab', "x'".repeat(long / 2)],
    ['julia', 'a*'.repeat(long / 2) + 'x'],
    ['matlab', '"'.repeat(long)],
  ];
  for (const [dialect, source] of inputs) {
    const t0 = performance.now();
    assert.equal(typeof isMatrixInput(source, dialect, { documentText: `import numpy as np\n${'\n'.repeat(50_000)}` }), 'boolean');
    const ms = performance.now() - t0;
    // generous: a quadratic step would take minutes on 200,000 characters
    assert.ok(ms < 3000, `${dialect} ${source.slice(0, 10)}: ${ms.toFixed(0)} ms`);
    if (ms > worst.isMatrixMs) Object.assign(worst, { isMatrixMs: ms, isMatrixLabel: `${dialect} ${source.slice(0, 10)}… (${source.length} chars)` });
  }
});

test('summary: worst time and memory', () => {
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  console.log(`robustness: ${outcomes.answered} answered, ${outcomes.refused} refused, ${outcomes.timedOut} over budget (TimeoutError); ` +
    `worst ${worst.ms.toFixed(0)} ms (${worst.label}), at most ${worst.overshoot.toFixed(0)} ms past a budget, heap peak ${mb(worst.heap)}, rss ${mb(process.memoryUsage().rss)}; ` +
    `worst isMatrixInput ${worst.isMatrixMs.toFixed(0)} ms (${worst.isMatrixLabel})`);
  assert.ok(worst.heap < HEAP_LIMIT);
  assert.ok(outcomes.answered > 0 && outcomes.refused > 0);
});
