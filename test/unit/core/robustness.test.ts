// Robustness suite (issue 9): hostile input in every dialect either answers or is refused clearly
// (InputError, TimeoutError) within the budget + 1 s, never with an internal error, and the heap stays
// bounded. Every case goes through differentiate, so the matrix routing is covered too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dialect, differentiate, InputError, TimeoutError } from '../../../src/core';
import { MAX_NESTING } from '../../../src/core/budget';
import { mulberry32 } from '../../../src/core/random';

const BUDGET_MS = 250;
const LIMIT_MS = BUDGET_MS + 1000;
const HEAP_LIMIT = 1.5e9;
/** Messages that betray an internal error rather than a refusal. */
const INTERNAL = /Maximum call stack|BigInt|NaN|undefined|Cannot read|is not a function|Infinity/;

interface Outcome { kind: 'answer' | 'refused' | 'timeout' | 'internal'; ms: number; message: string }
const worst = { ms: 0, label: '', heap: 0, rss: 0 };
const failures: string[] = [];

function attempt(label: string, source: string, dialect: Dialect, options: { wrt?: string; order?: number } = {}, engine = differentiate): Outcome {
  const started = performance.now();
  let outcome: Outcome;
  try {
    const r = engine(source, { dialect, timeBudgetMs: BUDGET_MS, wrt: options.wrt ?? 'x', order: options.order, explain: true });
    assert.equal(typeof r.result, 'string');
    outcome = { kind: 'answer', ms: 0, message: '' };
  } catch (e) {
    const error = e as Error;
    if (!(e instanceof InputError) && !(e instanceof TimeoutError)) failures.push(`${label} [${dialect}]: ${error.name}: ${error.message.slice(0, 200)}`);
    else if (INTERNAL.test(error.message)) failures.push(`${label} [${dialect}]: internal message: ${error.message.slice(0, 200)}`);
    outcome = { kind: e instanceof TimeoutError ? 'timeout' : e instanceof InputError ? 'refused' : 'internal', ms: 0, message: error.message };
  }
  outcome.ms = performance.now() - started;
  if (outcome.ms > LIMIT_MS) failures.push(`${label} [${dialect}]: took ${outcome.ms.toFixed(0)} ms`);
  const { heapUsed, rss } = process.memoryUsage();
  if (outcome.ms > worst.ms) Object.assign(worst, { ms: outcome.ms, label: `${label} [${dialect}]` });
  worst.heap = Math.max(worst.heap, heapUsed);
  worst.rss = Math.max(worst.rss, rss);
  return outcome;
}

function assertNoFailures(): void {
  assert.ok(worst.heap < HEAP_LIMIT, `heap reached ${(worst.heap / 1e6).toFixed(0)} MB`);
  assert.deepEqual(failures.splice(0), []);
}

// ── Deep nesting ─────────────────────────────────────────────────────────────

/** How each dialect writes a call, a power, a group and a fraction. */
const NOTATION: Record<Dialect, { sin: string; close: string; power: string; open: string; shut: string; frac?: (inner: string) => string }> = {
  plain: { sin: 'sin(', close: ')', power: '^', open: '(', shut: ')' },
  python: { sin: 'np.sin(', close: ')', power: '**', open: '(', shut: ')' },
  javascript: { sin: 'Math.sin(', close: ')', power: ' ** ', open: '(', shut: ')' },
  latex: { sin: '\\sin\\left(', close: '\\right)', power: '^', open: '{', shut: '}', frac: (inner) => `\\frac{1}{${inner}}` },
  matlab: { sin: 'sin(', close: ')', power: '^', open: '(', shut: ')' },
  julia: { sin: 'sin(', close: ')', power: '^', open: '(', shut: ')' },
  c: { sin: 'sin(', close: ')', power: '', open: '(', shut: ')' },
};

function nested(shape: string, dialect: Dialect, depth: number): string | undefined {
  const n = NOTATION[dialect];
  switch (shape) {
    case 'calls': return n.sin.repeat(depth) + 'x' + n.close.repeat(depth);
    case 'parentheses': return n.open.repeat(depth) + 'x + 1' + n.shut.repeat(depth);
    case 'powers':
      if (dialect === 'latex') return 'x^{'.repeat(depth) + 'x' + '}'.repeat(depth);
      // C writes a power as a call
      if (dialect === 'c') return 'pow(x, '.repeat(depth) + 'x' + ')'.repeat(depth);
      return Array(depth + 1).fill('x').join(n.power);
    case 'signs': return '- '.repeat(depth) + 'x';
    case 'fractions': return n.frac ? '\\frac{1}{'.repeat(depth) + 'x + 1' + '}'.repeat(depth) : undefined;
  }
  return undefined;
}

const DIALECTS: Dialect[] = ['plain', 'python', 'javascript', 'latex', 'matlab', 'julia', 'c'];

test('deep nesting in every dialect: answers up to the limit, a clear refusal beyond it', () => {
  for (const dialect of DIALECTS) {
    for (const shape of ['calls', 'parentheses', 'powers', 'signs', 'fractions']) {
      for (const depth of [50, MAX_NESTING - 1, MAX_NESTING + 1, 1000, 10_000]) {
        const source = nested(shape, dialect, depth);
        if (source === undefined) continue;
        const o = attempt(`${shape} ${depth} deep`, source, dialect);
        if (depth > MAX_NESTING) {
          assert.equal(o.kind, 'refused', `${shape} ${depth} deep [${dialect}]`);
          assert.match(o.message, /nested deeper than 200 levels \(column \d+\)/, `${shape} ${depth} deep [${dialect}]`);
        }
        if (depth === 50 && shape !== 'powers' && shape !== 'calls') assert.equal(o.kind, 'answer', `${shape} 50 deep [${dialect}]: ${o.message}`);
      }
    }
  }
  assertNoFailures();
});

// ── Long input ───────────────────────────────────────────────────────────────

test('sums of 10,000 terms and products of 300 factors in every dialect', () => {
  for (const dialect of DIALECTS) {
    const pw = NOTATION[dialect].power;
    // the scalar engine itself: whether such a sum is matrix calculus is the matrix engine's question
    const sum = Array.from({ length: 10_000 }, (_, i) => `${i + 1}*x${pw}${i % 5}`).join(i2sign(dialect));
    attempt('sum of 10,000 terms', sum, dialect, {}, differentiate);
    const symbols = Array.from({ length: 10_000 }, (_, i) => (dialect === 'latex' ? `y_{${i}}` : `y${i}`)).join(' + ') + ' + x';
    const o = attempt('sum of 10,000 symbols', symbols, dialect, {}, differentiate);
    if (o.kind === 'refused') failures.push(`sum of 10,000 symbols [${dialect}] refused: ${o.message}`);
    const product = Array.from({ length: 300 }, (_, i) => `(x + ${i + 1})`).join(dialect === 'latex' ? ' \\cdot ' : '*');
    attempt('product of 300 factors', product, dialect);
  }
  assertNoFailures();
});

function i2sign(dialect: Dialect): string { return dialect === 'latex' ? ' - ' : ' + '; }

test('a 10,000-term sum is read in linear time', () => {
  // ratio test, robust to a loaded machine: 4x the terms may take at most ~10x the time (quadratic: 16x)
  const time = (n: number) => {
    const source = Array.from({ length: n }, (_, i) => `${i + 1}*x*y${i}`).join(' - ');
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      try { differentiate(source, { dialect: 'python', wrt: 'x', timeBudgetMs: 50, explain: false }); } catch (e) { if (!(e instanceof TimeoutError)) throw e; }
      best = Math.min(best, performance.now() - started);
    }
    return best;
  };
  time(500);
  const small = time(2500), large = time(10_000);
  assert.ok(large < 10 * small + 200, `2,500 terms ${small.toFixed(0)} ms, 10,000 terms ${large.toFixed(0)} ms`);
});

// ── Numbers and orders ───────────────────────────────────────────────────────

test('huge and tiny numbers, in every dialect', () => {
  for (const dialect of DIALECTS) {
    const pw = NOTATION[dialect].power;
    const group = (s: string) => (dialect === 'latex' ? `{${s}}` : `(${s})`);
    for (const source of [
      '1e308*x', '1e-320*x', '1e400*x', `10${pw}1000*x`, `2${pw}${group(`10${pw}7`)}*x`, `10${pw}10${pw}10*x`,
      `${group(`10${pw}1000`)}${pw}${group('1/3')}*x`, `x${pw}${group(`10${pw}7`)}`, '1e999999999*x', `x${pw}${group('1/0')}`,
    ]) {
      attempt(`number ${source}`, dialect === 'latex' ? source.replace(/e(-?\d+)/, '\\cdot 10^{$1}').replace(/\*/g, ' \\cdot ') : source, dialect);
    }
  }
  assertNoFailures();
});

test('order 10 answers, order 50 is refused clearly', () => {
  for (const dialect of DIALECTS) {
    const source = dialect === 'python' ? 'np.sin(x)*np.exp(x)' : dialect === 'javascript' ? 'Math.sin(x)*Math.exp(x)' : dialect === 'latex' ? '\\sin(x) e^{x}' : 'sin(x)*exp(x)';
    assert.equal(attempt('order 10', source, dialect, { order: 10 }).kind, 'answer', `order 10 [${dialect}]`);
    const o = attempt('order 50', source, dialect, { order: 50 });
    assert.equal(o.kind, 'refused', `order 50 [${dialect}]`);
    assert.match(o.message, /order/);
  }
  assertNoFailures();
});

// ── Garbage ──────────────────────────────────────────────────────────────────

test('random bytes and random Unicode are refused clearly or answered', () => {
  const rand = mulberry32(20261130);
  const ASCII = 'xy01234567899+-*/^()[]{},.=;:!?<>|&%$#@~`\'"\\ \t\neE_';
  for (let k = 0; k < 150; k++) {
    const length = 1 + Math.floor(rand() * 60);
    let bytes = '', unicode = '';
    for (let i = 0; i < length; i++) {
      bytes += rand() < 0.7 ? ASCII[Math.floor(rand() * ASCII.length)] : String.fromCharCode(Math.floor(rand() * 256));
      const cp = rand() < 0.5 ? 0x370 + Math.floor(rand() * 0x90) : Math.floor(rand() * 0x10ffff);
      unicode += cp >= 0xd800 && cp <= 0xdfff ? 'x' : String.fromCodePoint(cp);
    }
    const dialect = DIALECTS[k % DIALECTS.length];
    attempt(`random bytes ${JSON.stringify(bytes)}`, bytes, dialect);
    attempt(`random unicode ${JSON.stringify(unicode)}`, unicode, dialect);
  }
  assertNoFailures();
});

test('hostile LaTeX is refused clearly', () => {
  const cases = [
    '\\frac', '\\frac{', '\\frac{1}', '\\frac{}{}', '{{{x', 'x}}}', '\\left( x', 'x \\right)', '\\left( x \\right', '\\def\\x{y} x',
    '\\newcommand{\\f}{x} \\f', '\\sqrt[1000]{x}', `\\sqrt[${'9'.repeat(400)}]{x}`, '\\sqrt[0]{x}', '\\sqrt[x]{x}', '\\sqrt', '\\sqrt{}',
    '\\begin{pmatrix} x \\end{pmatrix}', '$$', '$', '\\', '^', '_', 'x^', 'x_', 'x^^2', '\\frac.5x', 'x^.5', '\\sqrt.5', '\\sin', '\\sin^',
    '\\log_', '\\log_{}x', '\\operatorname{}', '\\operatorname{foo}(x)', '\\mathrm{', '|x', '||x||', '\\lvert x', '\\frac{1}{0}x',
    `\\frac{1}{${'x+'.repeat(5000)}x}`, '\\input{/etc/passwd}', '\\catcode`\\^=11 x', '\\\\\\\\x', '\\text{\\frac{x}{y}}',
  ];
  for (const source of cases) attempt(`hostile ${JSON.stringify(source.slice(0, 40))}`, source, 'latex');
  assertNoFailures();
});

test('the suite stays within time and memory', () => {
  // printed for the record: the worst case over the whole file
  console.log(`# robustness: worst ${worst.ms.toFixed(0)} ms (${worst.label}), peak heap ${(worst.heap / 1e6).toFixed(0)} MB, peak rss ${(worst.rss / 1e6).toFixed(0)} MB`);
  assert.ok(worst.heap < HEAP_LIMIT);
  assert.ok(worst.ms < LIMIT_MS, worst.label);
});

test('a variable is asked for as the notations write it: sigma, \\sigma, σ, \\theta_{1}; anything else is refused', () => {
  const gaussian = '\\frac{1}{\\sigma\\sqrt{2\\pi}} e^{-\\frac{(x-\\mu)^2}{2\\sigma^2}}';
  const bySigma = differentiate(gaussian, { dialect: 'latex', wrt: 'sigma', explain: false }).result;
  for (const wrt of ['\\sigma', 'σ', ' sigma ']) assert.equal(differentiate(gaussian, { dialect: 'latex', wrt, explain: false }).result, bySigma, wrt);
  assert.equal(differentiate('\\theta_{1}^2 \\theta_2', { dialect: 'latex', wrt: '\\theta_{1}', explain: false }).result, '2 \\theta_{1} \\theta_{2}');
  // Python keeps θ as its name (the code says θ): asked for as θ, it is found
  assert.equal(differentiate('θ**2 + x', { dialect: 'python', wrt: 'θ', explain: false }).result, '2 * θ');
  assert.equal(differentiate('np.sum(x * θ)', { dialect: 'python', wrt: 'θ', vars: { x: { shape: ['n'] }, θ: { shape: ['n'] } }, explain: false }).result, 'x');
  for (const wrt of ['2x', 'x + y', '\\frac{x}{2}', '']) assert.throws(() => differentiate('x^2', { dialect: 'plain', wrt, explain: false }), (e: unknown) => e instanceof InputError && /is not a variable name/.test(e.message), wrt);
});
