// LaTeX math, the one reader for scalar and matrix calculus: \frac, \sqrt[n], ^{}, \sin x, \ln, \log_b,
// \exp, \cdot, \times, \left( \right), \mathrm{e}, \pi, Greek letters, subscripts, |x|, \operatorname{},
// and the array notation of print: x^\top A x, X^{-1}, X^{-\top}, \operatorname{tr}, \det X, \log\det X,
// \|Ax - b\|_2^2, \|X\|_F, \odot, \oslash, \mathbf{x}, \mathbf{1}, I; with or without $…$ delimiters.
// It produces the surface syntax (src/core/syntax.ts); juxtaposition is a product (a scaling or the
// matrix product, as in print).
import { entryOf as vectorEntryOf } from '../entries';
import { InputError } from '../api';
import { E, Expr, isNegative, neg, rawCall, ZERO } from '../expr';
import { checkDeadline, checkNesting } from '../budget';
import { FUNCTIONS as TABLE, isKnownFunction } from '../functions';
import { Rational } from '../rational';
import { ARRAY_FUNCTIONS, ArrayRefusal, BinOp, binomialSyn, DOUBLE_FACTORIAL, factorialSyn, INVERSE_FUNCTIONS, isMinusOne, mapSyn, numberAt, softmaxFamilySyn, substituted, Syn, termByTerm, UNEXPECTED_EQUALS, walkSyn, wholeNumbers } from '../syntax';
import { isDenominator } from './infix';
import { asFraction, Fraction, joinedWhere, logBasePattern, orderedTerms, writtenBase } from './layout';
import { GREEK_LETTERS, greekToName } from './greek';
import { warn } from './warnings';

// ── Names ────────────────────────────────────────────────────────────────────

const GREEK = new Set(Object.keys(GREEK_LETTERS));

/** LaTeX function commands → canonical names. */
const COMMANDS: Readonly<Record<string, string>> = {
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot', arcsin: 'asin', arccos: 'acos', arctan: 'atan',
  sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', coth: 'coth', ln: 'log', log: 'log', lg: 'log', exp: 'exp', max: 'max', min: 'min',
  det: 'det', tr: 'tr',
};
/** Commands that are logarithms to a fixed base (ISO 80000-2, 2-12: lg x = log₁₀ x). */
const FIXED_BASE: Readonly<Record<string, number>> = { lg: 10 };
/** Function names also read without a backslash (`sin x`, `sqrt(x)`), and printed in \operatorname{} when no command exists. */
const FUNCTION_WORDS: Readonly<Record<string, string>> = {
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot', asin: 'asin', acos: 'acos', atan: 'atan',
  arcsin: 'asin', arccos: 'acos', arctan: 'atan', acot: 'acot', arccot: 'acot', asec: 'asec', arcsec: 'asec', acsc: 'acsc', arccsc: 'acsc',
  sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', sech: 'sech', csch: 'csch', coth: 'coth',
  asinh: 'asinh', arsinh: 'asinh', arcsinh: 'asinh', acosh: 'acosh', arcosh: 'acosh', arccosh: 'acosh', atanh: 'atanh', artanh: 'atanh', arctanh: 'atanh',
  acoth: 'acoth', arcoth: 'acoth', asech: 'asech', arsech: 'asech', acsch: 'acsch', arcsch: 'acsch',
  exp: 'exp', log: 'log', ln: 'log', sqrt: 'sqrt', abs: 'abs', sign: 'sign', sgn: 'sign', log1p: 'log1p', expm1: 'expm1', hypot: 'hypot', max: 'max', min: 'min',
};
/** Functions of arrays, by the names \operatorname{…} gives them. */
const ARRAY_WORDS: Readonly<Record<string, string>> = {
  tr: 'tr', Tr: 'tr', trace: 'tr', det: 'det', logdet: 'logdet', diag: 'diag', sum: 'sum', inv: 'inv', sigmoid: 'sigmoid',
  softmax: 'softmax', logsumexp: 'logsumexp', LSE: 'logsumexp',
};
/** Functions of a vector written as formulas in its entries: softmax(z) = e^z / Σ e^z (see softmaxFamilySyn). */
const SOFTMAX_FAMILY: ReadonlySet<string> = new Set(['softmax', 'logsumexp']);
/** Names accepted in \operatorname{…} (and in \mathrm{…} before an argument): the function table's, the words above, the array functions. */
const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries([...TABLE.values()].map((f) => [f.name, f.name])),
  ReLU: 'relu', Heaviside: 'heaviside', sigmoid: 'sigmoid', softplus: 'softplus', GELU: 'gelu', SiLU: 'silu', sinc: 'sinc', clip: 'clip', B: 'beta', Beta: 'beta',
  ...FUNCTION_WORDS,
  ...ARRAY_WORDS,
};
/** Commands whose braced argument is words: \text{otherwise}, \text{ and }. */
const TEXT_COMMANDS: ReadonlySet<string> = new Set(['text', 'mathrm', 'textrm']);
/** Comparison commands → the predicates of the function table. */
const LATEX_COMPARISONS: Readonly<Record<string, string>> = { gt: 'gt', lt: 'lt', geq: 'ge', ge: 'ge', geqslant: 'ge', leq: 'le', le: 'le', leqslant: 'le' };
/** Commands that close what a factor is inside: ⌋ ⌉, a cases row (\\) and its end. */
const ENDS_FACTORS: ReadonlySet<string> = new Set(['rfloor', 'rceil', '\\', 'end', 'mid']);
const FRACTIONS = new Set(['frac', 'dfrac', 'tfrac', 'cfrac']);
const BINOMIALS = new Set(['binom', 'dbinom', 'tbinom']);
/** A selection that writes Φ( (the standard normal distribution): its φ( is the density. */
const WRITES_PHI = /\\Phi\s*(\(|\\left\s*\()/;
/** The letters of functions (ISO 80000-2 2-11): f(…), g(…), h(…) apply them, whatever the argument. */
const FUNCTION_LETTERS: ReadonlySet<string> = new Set(['f', 'g', 'h']);
/** Products and quotients written as commands: \cdot is an inner product of vectors, \odot Hadamard's. */
const OPERATORS: Readonly<Record<string, BinOp>> = { cdot: 'cdot', times: 'mul', ast: 'mul', odot: 'emul', circ: 'emul', oslash: 'ediv' };
const BOLD = new Set(['mathbf', 'boldsymbol', 'bm', 'vec', 'mathbb']);
/** Font commands skipped inside a {word}: \mathbf{\beta} is beta. */
const FONTS = new Set([...BOLD, 'mathit', 'mathrm', 'mathsf', 'text', 'textrm', 'operatorname']);
const IGNORED = new Set(['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'displaystyle', 'textstyle', 'mathit', 'quad']);
/** How a transpose is written as a superscript, and the inverse transpose (X^{-\top}), in braces. */
const TRANSPOSES = new Set(['\\top', 'T', '\\intercal', '\\mathsf{T}']);
const INVERSE_TRANSPOSES = new Set(['-\\top', '-T', '-\\intercal']);

// ── Tokens ───────────────────────────────────────────────────────────────────

type Kind = 'num' | 'name' | 'cmd' | 'op' | 'end';
interface Token {
  kind: Kind; text: string; at: number;
  /** The first letter of a run of three or more (`rate`): read as a product, with a warning. */
  run?: string;
  /** The rest of a number whose first digit was a one-token script or argument (the `3` of x^23). */
  split?: boolean;
}

/** The command token of a norm bar: \|, \lVert, \rVert, \Vert. */
const NORM = '|';

// sticky patterns, compiled once: each matches where the last token ended, without copying the rest
const COMMAND = /\\([A-Za-z]+|.)/y, NUMBER = /\d+\.?\d*|\.\d+/y, LETTERS = /[A-Za-z]+/y;
/** The delimiter after \left or \right: a bar (\left| … \right| pair like \lvert … \rvert), or the empty `.`. */
const DELIMITER = /\s*(\\vert(?![A-Za-z])|\||\.)/y;

function tokenize(src: string, base: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  const match = (re: RegExp, at: number) => { re.lastIndex = at; return re.exec(src); };
  // inside \begin{cases} … \end{cases}, & separates a value from its condition; elsewhere it is alignment
  let cases = 0;
  while (i < src.length) {
    checkDeadline();
    const ch = src[i];
    if (src.startsWith('\\begin{cases}', i)) cases++;
    else if (src.startsWith('\\end{cases}', i)) cases--;
    if (ch === '&' && cases > 0) { out.push({ kind: 'op', text: '&', at: base + i }); i++; continue; }
    if (/\s/.test(ch) || ch === '&') { i++; continue; }
    const start = i;
    if (ch === '\\') {
      const m = match(COMMAND, i);
      if (!m) throw new InputError("a lone '\\' at the end", base + i);
      i += m[0].length;
      const name = m[1];
      if (name === ',' || name === ';' || name === ':' || name === '!' || name === ' ') continue;
      if (name === '{' || name === '}') { out.push({ kind: 'op', text: name === '{' ? '(' : ')', at: base + start }); continue; }
      if (name === '|' || name === 'lVert' || name === 'rVert' || name === 'Vert') { out.push({ kind: 'cmd', text: NORM, at: base + start }); continue; }
      if (name === 'left' || name === 'right') {
        const d = match(DELIMITER, i);
        if (d && d[1] === '.') { i = DELIMITER.lastIndex; continue; }
        if (d) { i = DELIMITER.lastIndex; out.push({ kind: 'cmd', text: name === 'left' ? 'lvert' : 'rvert', at: base + start }); continue; }
      }
      if (IGNORED.has(name)) continue;
      out.push({ kind: 'cmd', text: name, at: base + start });
      continue;
    }
    const numMatch = match(NUMBER, i);
    if (numMatch) { out.push({ kind: 'num', text: numMatch[0], at: base + i }); i += numMatch[0].length; continue; }
    const letters = match(LETTERS, i);
    if (letters) { out.push(...letterTokens(letters[0], base + i)); i += letters[0].length; continue; }
    if ("+-*/^_(){}[]|,='<>!".includes(ch)) { out.push({ kind: 'op', text: ch, at: base + i }); i++; continue; }
    const unicode = unicodeMath(src, i, base);
    if (unicode) { out.push(...unicode.tokens); i = unicode.end; continue; }
    throw new InputError(`unexpected character '${String.fromCodePoint(src.codePointAt(i)!)}'`, base + i);
  }
  out.push({ kind: 'end', text: '', at: base + src.length });
  return out;
}

const SUPERSCRIPT_DIGITS: Readonly<Record<string, string>> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-', '⁺': '+' };
const SUPERSCRIPT_RUN = /[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/y;
/** Unicode letters and operators of math typed by hand (Markdown: $x²·π$), as the commands they stand for. */
const UNICODE_COMMANDS: Readonly<Record<string, string>> = { 'π': 'pi', '·': 'cdot', '⋅': 'cdot', '×': 'times', '√': 'sqrt' };

/** The tokens of Unicode math at `i` (x², x⁻¹, π, θ, ·, ×, −, √x, ∛x) as LaTeX, or undefined. */
function unicodeMath(src: string, i: number, base: number): { tokens: Token[]; end: number } | undefined {
  const ch = src[i];
  const at = base + i;
  const op = (text: string): Token => ({ kind: 'op', text, at });
  if (ch === '−') return { tokens: [op('-')], end: i + 1 };
  if (ch === '∛') return { tokens: [{ kind: 'cmd', text: 'sqrt', at }, op('['), { kind: 'num', text: '3', at }, op(']')], end: i + 1 };
  const command = UNICODE_COMMANDS[ch] ?? greekToName(ch);
  if (command !== ch && (UNICODE_COMMANDS[ch] || GREEK.has(command))) return { tokens: [{ kind: 'cmd', text: command, at }], end: i + 1 };
  SUPERSCRIPT_RUN.lastIndex = i;
  const run = SUPERSCRIPT_RUN.exec(src)?.[0];
  if (!run) return undefined;
  const ascii = [...run].map((c) => SUPERSCRIPT_DIGITS[c]).join('');
  if (!/^[-+]?\d+$/.test(ascii)) throw new InputError(`'${run}' is not an exponent: superscript digits with one sign before them (x², x⁻¹)`, at);
  const tokens: Token[] = [op('^'), op('{')];
  if (ascii[0] === '-' || ascii[0] === '+') tokens.push(op(ascii[0]));
  tokens.push({ kind: 'num', text: ascii.replace(/^[-+]/, ''), at }, op('}'));
  return { tokens, end: i + run.length };
}

/**
 * The TeXbook, ch. 17: in math mode each letter is its own symbol, so `xy` is x·y and a multi-letter
 * name needs \mathrm{}, \text{}, \operatorname{} or a subscript. A run that is (or starts with) a
 * function name (`sin x`, `lnx`) or is `pi` stays one word: the reader takes it as the function or
 * π, with a warning, since that is what such input means.
 */
function letterTokens(run: string, at: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  if (run === 'pi') return [{ kind: 'name', text: run, at }];
  const fn = Object.keys(FUNCTION_WORDS).filter((f) => run.startsWith(f)).sort((a, b) => b.length - a.length)[0];
  if (fn) { out.push({ kind: 'name', text: fn, at }); i = fn.length; }
  for (; i < run.length; i++) out.push({ kind: 'name', text: run[i], at: at + i });
  if (!fn && run.length >= 3) out[0].run = run;
  return out;
}

/** Removes $…$, $$…$$, \(…\), \[…\] around a selection; returns the inner text and its offset. */
function stripMathDelimiters(source: string): { text: string; offset: number } {
  const pairs: [string, string][] = [['$$', '$$'], ['$', '$'], ['\\(', '\\)'], ['\\[', '\\]']];
  const lead = source.length - source.trimStart().length;
  const t = source.trim();
  for (const [open, close] of pairs) {
    if (t.length >= open.length + close.length && t.startsWith(open) && t.endsWith(close)) {
      return { text: t.slice(open.length, t.length - close.length), offset: lead + open.length };
    }
  }
  return { text: source, offset: 0 };
}

// ── Reader ───────────────────────────────────────────────────────────────────

const CLOSE: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** A dimension written as a subscript (I_n, \mathbf{1}_3): a number or a symbol. */
function dimension(text: string, at: number): Syn {
  return /^\d+$/.test(text) ? { t: 'num', value: Rational.of(BigInt(text)), at } : { t: 'sym', name: text, at };
}

class LatexReader {
  private i = 0;
  /** `definitions`: the functions `f(x) = …` defined above the selection, for \frac{d}{dx} f(x). */
  constructor(private readonly tokens: Token[], private readonly source: string, private readonly definitions: ReadonlyMap<string, Definition> = new Map()) {}

  /** The source text from token `from` to the end of token `to`. */
  private written(from: Token, to: Token): string { return this.source.slice(from.at, to.at + to.text.length); }

  /** Puts the rest of a token back (x^23: the exponent takes the 2, the 3 stays a factor). */
  private putBack(t: Token, consumed: number): void {
    if (t.text.length > consumed) this.tokens.splice(this.i, 0, { kind: t.kind, text: t.text.slice(consumed), at: t.at + consumed, split: t.kind === 'num' });
  }

  private look(o = 0): Token { return this.tokens[this.i + o]; }
  private next(): Token { return this.tokens[this.i++]; }
  private isOp(text: string, o = 0): boolean { const t = this.look(o); return t.kind === 'op' && t.text === text; }
  private isCmd(text: string, o = 0): boolean { const t = this.look(o); return t.kind === 'cmd' && t.text === text; }
  private fail(t: Token, what?: string): never {
    if (t.kind === 'end') throw new InputError(what ?? 'the expression is incomplete', t.at);
    throw new InputError(what ?? `unexpected '${t.kind === 'cmd' ? '\\' + t.text : t.text}'`, t.at);
  }
  private expect(text: string): Token {
    const t = this.next();
    if (t.text !== text || t.kind === 'cmd') this.fail(t, t.kind === 'end' ? `missing '${text}'` : undefined);
    return t;
  }

  readAll(): { syn: Syn; assignedTo?: string; declares?: Record<string, { shape: string[] }>; summedOver?: { index: string; count: string; from: 0 | 1; rows: Record<string, string>; factorials?: boolean }; symmetric?: string[] } {
    if (this.look().kind === 'end') throw new InputError('the selection is empty');
    let assignedTo: string | undefined;
    // (the = of >= and <= is no assignment, nor the = in braces: \sum_{i=1})
    let braces = 0;
    const eq = this.tokens.findIndex((t, k) => {
      if (t.kind === 'op' && (t.text === '{' || t.text === '}')) braces += t.text === '{' ? 1 : -1;
      return braces === 0 && t.text === '=' && t.kind === 'op' && !['<', '>'].includes(this.tokens[k - 1]?.text ?? '');
    });
    if (eq >= 0) {
      const lhs = this.tokens.slice(0, eq);
      const [first, second] = lhs;
      if (lhs.length === 1 && first.kind === 'name') assignedTo = first.text;
      else if (lhs.length === 1 && first.kind === 'cmd' && GREEK.has(first.text)) assignedTo = first.text;
      // f(x) = …: the function's name
      else if (first?.kind === 'name' && first.text.length === 1 && second.kind === 'op' && second.text === '(') assignedTo = first.text;
      else this.fail(this.tokens[eq], UNEXPECTED_EQUALS);
      this.i = eq + 1;
    }
    const syn = this.comparison();
    if (this.look().kind !== 'end') this.fail(this.look());
    const symmetric = this.covariances.size ? { symmetric: [...this.covariances] } : {};
    if (this.summed.size === 0) return { syn, assignedTo, ...symmetric };
    const declares = Object.fromEntries([...this.summed].map(([name, shape]) => [name, { shape: [...shape] }]));
    const summedOver = this.summedOver && { ...this.summedOver, ...(this.factorials ? { factorials: true } : {}), ...(this.samples ? { samples: true } : {}) };
    return { syn: this.countsOfEntries(syn), assignedTo, declares, ...(summedOver ? { summedOver } : {}), ...symmetric };
  }

  /** The first index sum's index, number of entries and start, and the matrices whose rows it names (X of x_i), for writing results the same way. */
  private summedOver?: { index: string; count: string; from: 0 | 1; rows: Record<string, string> };
  /** The covariance matrices of normal densities read (\\mathcal{N}(x \\mid \\mu, \\Sigma)): symmetric. */
  private readonly covariances = new Set<string>();
  /** Whether the selection writes a factorial (n!) or a binomial coefficient: see LatexStyle. */
  factorials = false;
  binomials = false;
  /** Names the selection writes in a font (\mathbf{x}, \boldsymbol{\beta}, \vec{v}): the command, which results keep. */
  readonly fonts: Record<string, string> = {};
  /** How the selection writes Euclidean norms: ‖x‖ (bare), ‖x‖₂ (subscripted), or both. */
  readonly norms = { bare: false, subscripted: false };
  /** How the exponential is written: \\exp(…) (command), e^{…} (power), e as \\mathrm{e} (upright). */
  readonly exponentials = { command: false, power: false, upright: false };
  /** How exponents write a fraction: with a slash (e^{-x^2/2}) or \\frac (e^{-\\frac{x^2}{2}}). */
  readonly exponentFractions = { slash: false, frac: false };
  /** Whether the selection writes entries as samples, x^{(i)} (see IndexNotation). */
  private samples = false;
  /**
   * Shapes the index sums give names: a vector of n entries (y of y_i), a matrix of n rows (X, whose rows
   * x_i meet a vector in w^\top x_i), a vector as long as those rows (w), a scalar (a name without the index).
   */
  private readonly summed = new Map<string, readonly string[]>();
  /** The indices the sums run over. */
  private readonly indices = new Set<string>();

  private declare(name: string, shape: readonly string[], at: number): void {
    const known = this.summed.get(name);
    const describe = (s: readonly string[]) => (s.length === 0 ? 'a scalar' : s.length === 1 ? `a vector of ${s[0]} entries` : `a matrix of ${s[0]} rows`);
    if (known && known.join() !== shape.join()) throw new InputError(`'${name}' is both ${describe(known)} and ${describe(shape)} in the sums`, at);
    this.summed.set(name, shape);
  }

  /**
   * A sum's upper limit written as a name elsewhere (1/n before \sum_{i=1}^{n}) is the number of entries it sums;
   * an entry written outside every sum (\sum_i a_i + b_i) is refused.
   */
  private countsOfEntries(syn: Syn): Syn {
    const counted = new Map<string, string>();
    for (const [name, shape] of this.summed) if (shape.length > 0 && !counted.has(shape[0])) counted.set(shape[0], name);
    return mapSyn(syn, (s) => {
      // an entry after the sum's body ends: \sum_i a_i + b_i reads b_i outside the sum
      const [base, sub] = s.t === 'sym' ? s.name.split('_') : [];
      if (s.t === 'sym' && sub !== undefined && this.indices.has(sub) && (this.summed.get(base)?.length ?? 0) > 0) {
        throw new InputError(`'${s.name}' stands outside the sum over ${sub}, whose body is the product after \\sum: write \\sum_${sub} (…) around all of it`, s.at);
      }
      const summed = s.t === 'sym' && !this.summed.has(s.name) ? counted.get(s.name) : undefined;
      return summed && s.t === 'sym' ? { t: 'call', fn: 'shapeof', args: [{ t: 'sym', name: summed, at: s.at }, { t: 'num', value: Rational.ZERO, at: s.at }], at: s.at, text: s.name } : s;
    });
  }

  /**
   * \sum_{i=1}^{n} body, \sum_i body: symbols subscripted by the index are the entries of vectors (y_i of
   * y, n of them) or, next to a transposed vector (w^\top x_i, x_i^\top w), the rows of a matrix (x_i of
   * X, whose rows are as long as w); other symbols are scalars. The sum is the array sum of the body
   * taken entry by entry: \sum_i (y_i - w^\top x_i)^2 is sum((y - X w).^2). The body is the product
   * after the operator, as written: \sum_i x_i + 1 is (\sum_i x_i) + 1. \prod_{i=1}^{n} body is read alike, as the
   * product of the body's entries (a likelihood), its body a number per entry, and \max_i body and \min_i body
   * as its largest and smallest entry.
   */
  private indexSum(t: Token): Syn {
    const operator = t.text === 'prod' || t.text === 'max' || t.text === 'min' ? t.text : 'sum';
    let index: string | undefined, from = '1';
    let limit: string | undefined;
    for (let k = 0; k < 2; k++) {
      if (this.isOp('_') && index === undefined) { this.next(); [index, from] = this.summationIndex(t); }
      else if (this.isOp('^') && limit === undefined) { this.next(); limit = this.upperLimit(t); }
    }
    if (index === undefined) this.fail(t, `'\\${operator}' needs the index it runs over: \\${operator}_{i=1}^{n} x_i^2`);
    this.enter(t);
    const body = this.product();
    this.leave();
    const terms = this.termByTerm(t, operator, index, from, limit, body);
    if (terms) return terms;
    const count = limit === undefined ? undefined : this.summationCount(t, from, limit);
    const n = count ?? 'n';
    const sum: IndexSum = { operator, index, entries: new Set(), rows: new Map(), features: n === 'd' ? 'p' : 'd' };
    // a row standing alone as a factor of the body makes the sum a vector: \sum_i s_i x_i = X^\top s
    const factors = productFactors(body);
    const rows = rowsIn(body, index);
    const k = factors.findIndex((f, j) => f.t === 'sym' && rows.has(f.name) && factors[j - 1]?.t !== 'transpose');
    const weights = k < 0 ? body : factors.filter((_, j) => j !== k).reduce<Syn | undefined>((l, r) => (l ? { t: 'bin', op: 'mul', l, r, at: t.at, text: '' } : r), undefined);
    const entries = weights && this.entrywise(weights, sum);
    if (k >= 0 && operator !== 'sum') this.fail(t, `'\\${operator}' of rows (${(factors[k] as Syn & { t: 'sym' }).name}) is not read: its body is a number per entry`);
    const rowFactor = k < 0 ? undefined : rowMatrix(sum, (factors[k] as Syn & { t: 'sym' }).name.slice(0, -index.length - 1), t.at);
    if (sum.entries.size === 0 && sum.rows.size === 0) this.fail(t, `the body of '\\${operator}' does not use its index ${index} (write x_${index} for the entries of a vector x)`);
    for (const name of sum.entries) this.declare(name, [n], t.at);
    for (const matrix of sum.rows.values()) this.declare(matrix, [n, sum.features], t.at);
    this.indices.add(index);
    this.summedOver ??= { index, count: n, from: from === '0' ? 0 : 1, rows: Object.fromEntries([...sum.rows].map(([row, matrix]) => [matrix, row])) };
    if (!rowFactor) return { t: 'call', fn: operator === 'max' ? 'amax' : operator === 'min' ? 'amin' : operator, args: [entries!], at: t.at, text: `\\${operator}` };
    const transposed: Syn = { t: 'transpose', arg: { t: 'sym', name: rowFactor, at: t.at }, at: t.at };
    return { t: 'bin', op: 'mul', l: transposed, r: entries ?? { t: 'call', fn: 'ones', args: [], at: t.at, text: '\\sum' }, at: t.at, text: '\\sum' };
  }

  /** The index under \sum and where it starts: `i` and `1` of {i=1}; {i} and i start at 1. */
  private summationIndex(sum: Token): [string, string] {
    const t = this.next();
    if (t.kind === 'name') {
      this.putBack(t, 1);
      return [t.text[0], '1'];
    }
    if (!(t.kind === 'op' && t.text === '{') || this.look().kind !== 'name') this.fail(sum, `'\\${sum.text}' needs its index below it: \\${sum.text}_{i=1}^{n}`);
    const index = this.next().text;
    if (index.length !== 1) this.fail(sum, `the index of '\\${sum.text}' is one letter, not '${index}'`);
    let from = '1';
    if (this.isOp('=')) {
      this.next();
      from = this.braced();
    }
    this.expect('}');
    return [index, from];
  }

  /** The tokens up to the closing brace, as text without spaces. */
  private braced(): string {
    let text = '';
    while (!(this.isOp('}') || this.look().kind === 'end')) text += this.next().text;
    return text;
  }

  /** The upper limit of \\sum, as written without spaces: n of ^n, n-1 of ^{n-1}, 5 of ^5. */
  private upperLimit(sum: Token): string {
    if (this.isOp('{')) {
      this.next();
      const text = this.braced();
      this.expect('}');
      return text;
    }
    const t = this.next();
    if (t.kind !== 'name' && t.kind !== 'num') this.fail(sum, `the upper limit of '\\${sum.text}' is the number of entries: \\${sum.text}_{i=1}^{n}`);
    const text = t.kind === 'name' ? t.text[0] : this.firstDigit(t);
    if (t.kind === 'name') this.putBack(t, 1);
    return text;
  }

  /**
   * A sum or product whose body uses its index as a number (x^k, \\sin(n x)/n, k!), between numbers,
   * written out term by term: \\sum_{k=0}^{3} x^k/k! is 1 + x + x^2/2 + x^3/6. Undefined for a sum of entries (x_i).
   */
  private termByTerm(sum: Token, operator: string, index: string, from: string, limit: string | undefined, body: Syn): Syn | undefined {
    const nodes = [...walkSyn(body)];
    if (!nodes.some((n) => n.t === 'sym' && n.name === index) || nodes.some((n) => n.t === 'sym' && entryOf(n, index) !== undefined)) return undefined;
    const bounds = `\\${sum.text}_{${index}=${from}}^{${limit ?? 'n'}}`;
    if (!/^-?\d+$/.test(from) || limit === undefined || !/^-?\d+$/.test(limit)) {
      this.fail(sum, `'${bounds}' uses ${index} as a number, so it is written out term by term: its limits are numbers (\\${sum.text}_{${index}=0}^{5}), or it sums the entries of vectors (x_${index})`);
    }
    return termByTerm(body, index, wholeNumbers(Number(from), Number(limit)), operator, bounds, sum.at);
  }

  /** The number of entries an index sum runs over: n of ^{n} (from 1) or ^{n-1} (from 0), or a number. */
  private summationCount(sum: Token, from: string, text: string): string {
    const fromOne = from === '1' && /^([A-Za-z]|[1-9]\d*)$/.test(text);
    const fromZero = from === '0' && /^[A-Za-z]-1$/.test(text);
    if (!fromOne && !fromZero) this.fail(sum, `'\\${sum.text}' runs over the entries of vectors: from 1 to n, or from 0 to n-1 (here from ${from} to ${text})`);
    return fromZero ? text[0] : text;
  }

  /** An index sum's body with y_i read as the vector y, x_i next to w^\top as a row of X, and its operations entry by entry. */
  private entrywise(s: Syn, sum: IndexSum): Syn {
    const { index } = sum;
    const suffix = `_${index}`;
    const notFormula = (x: Syn & { at: number }, what: string): never => { throw new InputError(`${what} inside '\\${sum.operator}' is not read: the body is a formula in entries (y_${index}), rows met by a vector (w^\\top x_${index}) and scalars`, x.at); };
    // w^\top x_i or x_i^\top w: row i of X w, with X the matrix of rows x_i
    const rowProduct = (a: Syn, b: Syn): Syn | undefined => {
      const pair = rowPair(a, b, index);
      if (!pair) return undefined;
      const { vector, row } = pair;
      if (vector.t !== 'sym' || entryOf(vector, index) !== undefined) return notFormula(a, 'a product of a row with what is not a named vector');
      if (sum.entries.has(row)) throw new InputError(`'${row}${suffix}' is both a row (next to ${vector.name}^\\top) and an entry in the sum`, a.at);
      const matrix = rowMatrix(sum, row, a.at);
      this.declare(vector.name, [sum.features], vector.at);
      return { t: 'bin', op: 'mul', l: { t: 'sym', name: matrix, at: a.at }, r: vector, at: a.at, text: '' };
    };
    const walk = (x: Syn): Syn => {
      switch (x.t) {
        case 'num': case 'const': return x;
        case 'sym': {
          const name = entryOf(x, index);
          if (name !== undefined) {
            if (sum.rows.has(name)) throw new InputError(`'${x.name}' is both a row (next to a transposed vector) and an entry in the sum`, x.at);
            sum.entries.add(name);
            return { t: 'sym', name, at: x.at };
          }
          const subscript = x.name.split('_').slice(1).join('');
          if (subscript.includes(index)) throw new InputError(`'${x.name}' has two indices: sums over the entries of vectors (x_${index}) only are read`, x.at);
          if (x.name === index) throw new InputError(`the index ${index} as a number beside the entries of a vector (${index} x_${index}) is not read: a sum over entries (x_${index}) or one over a number written out (\\sum_{${index}=0}^{5} x^${index}) is`, x.at);
          this.declare(x.name, [], x.at);
          return x;
        }
        case 'neg': return { ...x, arg: walk(x.arg) };
        case 'bin': {
          if (x.op === 'mul' || x.op === 'cdot') {
            // a product chain: its row products first, the rest entry by entry
            const factors = productFactors(x);
            const out: Syn[] = [];
            for (let k = 0; k < factors.length; k++) {
              const row = k + 1 < factors.length ? rowProduct(factors[k], factors[k + 1]) : undefined;
              if (row) { out.push(row); k++; } else out.push(walk(factors[k]));
            }
            return out.reduce((l, r) => ({ t: 'bin', op: 'emul', l, r, at: x.at, text: x.text }));
          }
          const op = ENTRYWISE[x.op];
          if (!op) return notFormula(x, `'${x.text}'`);
          // a power whose exponent is an entry (a Bernoulli likelihood's p^{x_i}) is exp of its logarithm
          if (op === 'epow' && ![...walkSyn(x.r)].every((n) => n.t === 'num' || n.t === 'neg' || n.t === 'bin')) {
            const log: Syn = { t: 'call', fn: 'log', args: [walk(x.l)], at: x.at, text: '\\log' };
            return { t: 'call', fn: 'exp', args: [{ t: 'bin', op: 'emul', l: walk(x.r), r: log, at: x.at, text: '' }], at: x.at, text: '\\exp' };
          }
          return { ...x, op, l: walk(x.l), r: walk(x.r) };
        }
        case 'call':
          if (ARRAY_FUNCTIONS.has(x.fn) || x.fn === 'sum' || x.fn === 'prod') return notFormula(x, `'${x.text}'`);
          return { ...x, args: x.args.map(walk) };
        case 'transpose': return notFormula(x, 'a transpose other than w^\\top x_i');
        default: throw new InputError(`'\\${sum.operator}' holds what is not a formula in entries`, x.at);
      }
    };
    return walk(s);
  }

  /** Depth of groups, signs, exponents and function arguments around the current token. */
  private depth = 0;
  private enter(t: Token): void { checkNesting(++this.depth, t.at); }
  private leave(): void { this.depth--; }

  /**
   * a > b, a \leq b: a comparison, the predicate gt/ge/lt/le of the function table. A chain (0 < x < 1)
   * is its comparisons joined by and, as are comparisons joined by \land or \text{ and } (\lor, or).
   */
  private comparison(): Syn {
    const left = this.sum();
    let condition = this.comparedWith(left);
    if (!condition) return left;
    // 0 < x \le 1: each comparison from the right side of the last
    for (let more = this.comparedWith((condition as Syn & { t: 'call' }).args[1]); more; more = this.comparedWith((more as Syn & { t: 'call' }).args[1])) {
      condition = { t: 'call', fn: 'and', args: [condition, more], at: more.at, text: 'and' };
    }
    const joiner = this.logicalJoiner();
    if (!joiner) return condition;
    const right = this.comparison();
    return { t: 'call', fn: joiner, args: [condition, right], at: right.at, text: joiner };
  }

  /** `left` compared with what follows, when a comparison operator follows. */
  private comparedWith(left: Syn): Syn | undefined {
    const t = this.look();
    const fn = t.kind === 'op' ? (t.text === '>' ? 'gt' : t.text === '<' ? 'lt' : undefined) : t.kind === 'cmd' ? LATEX_COMPARISONS[t.text] : undefined;
    if (!fn) return undefined;
    this.next();
    // >= and <= as two characters
    const orEqual = (fn === 'gt' || fn === 'lt') && t.kind === 'op' && this.isOp('=') ? (this.next(), true) : false;
    return { t: 'call', fn: orEqual ? (fn === 'gt' ? 'ge' : 'le') : fn, args: [left, this.sum()], at: t.at, text: t.text };
  }

  /** \land, \wedge, \text{ and } (and) or \lor, \vee, \text{ or } (or) between two conditions, read. */
  private logicalJoiner(): 'and' | 'or' | undefined {
    const t = this.look();
    const joiner = this.joinsConditions(t);
    if (!joiner) return undefined;
    this.next();
    if (TEXT_COMMANDS.has(t.text)) this.word(t);
    return joiner;
  }

  /** Whether `t` starts \land, \lor (\wedge, \vee) or \text{ and }, \text{ or }: which one; a factor ends there. */
  private joinsConditions(t: Token): 'and' | 'or' | undefined {
    if (t.kind !== 'cmd') return undefined;
    let word = t.text;
    if (TEXT_COMMANDS.has(t.text)) {
      // the braced word after it: the letters up to '}'
      if (this.look() !== t || this.look(1)?.text !== '{') return undefined;
      word = '';
      for (let k = 2; k < 8 && this.look(k) && this.look(k).text !== '}'; k++) word += this.look(k).text;
    }
    return word === 'land' || word === 'wedge' || word === 'and' ? 'and' : word === 'lor' || word === 'vee' || word === 'or' ? 'or' : undefined;
  }

  /**
   * \begin{cases} a & c \\ b & \text{otherwise} \end{cases}: where(c, a, b), rows in order (& is
   * spacing to the tokenizer). The last row may say otherwise (or else) or hold a condition of its own.
   */
  private cases(begin: Token): Syn {
    if (this.word(begin) !== 'cases') this.fail(begin, 'only the cases environment is supported');
    this.enter(begin);
    const rows: { value: Syn; condition?: Syn }[] = [];
    for (;;) {
      const value = this.sum();
      if (this.isOp(',')) this.next();
      if (this.isOp('&')) this.next();
      const t = this.look();
      const otherwise = t.kind === 'cmd' && TEXT_COMMANDS.has(t.text);
      if (otherwise) {
        const said = this.word(this.next()).replace(/\s+/g, '');
        if (!/^(otherwise|else|sonst)$/.test(said)) this.fail(t, `'${said}' is not a condition: write a comparison or \\text{otherwise}`);
      }
      rows.push({ value, condition: otherwise ? undefined : this.comparison() });
      if (this.isCmd('\\')) { this.next(); if (!this.isCmd('end')) continue; }
      break;
    }
    const end = this.next();
    if (end.kind !== 'cmd' || end.text !== 'end' || this.word(end) !== 'cases') this.fail(end, "missing '\\end{cases}'");
    this.leave();
    const last = rows[rows.length - 1];
    if (last.condition === undefined && rows.length < 2) this.fail(begin, 'a cases environment needs a condition');
    // without an otherwise row, the last condition is taken to hold where the others fail
    return rows.slice(0, -1).reduceRight((rest: Syn, row) => ({ t: 'call', fn: 'where', args: [row.condition!, row.value, rest], at: begin.at, text: '\\begin{cases}' }), last.value);
  }

  /** A chain of terms, read in a loop into a left-nested chain: linear in its length. */
  private sum(): Syn {
    let left = this.product();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { t: 'bin', op: t.text === '+' ? 'add' : 'sub', l: left, r: this.product(), at: t.at, text: t.text };
    }
    return left;
  }

  private product(): Syn {
    let left = this.unary();
    for (;;) {
      const t = this.look();
      if (t.kind === 'cmd' && OPERATORS[t.text]) {
        this.next();
        // y \odot X w is y ⊙ (X w): a written product binds tighter than the element-wise operators, as papers mean them
        const op = OPERATORS[t.text];
        const right = op === 'emul' || op === 'ediv' ? this.juxtaposed(this.unary()) : this.unary();
        left = { t: 'bin', op, l: left, r: right, at: t.at, text: `\\${t.text}` };
      } else if (t.kind === 'op' && (t.text === '*' || t.text === '/')) {
        this.next();
        left = { t: 'bin', op: t.text === '*' ? 'mul' : 'div', l: left, r: this.unary(), at: t.at, text: t.text };
      } else if (this.startsFactor(t)) left = this.juxtaposed(left);
      else return left;
    }
  }

  /** `left` times the factors written after it with no operator between (X w, 2 x y). */
  private juxtaposed(left: Syn): Syn {
    for (let t = this.look(); this.startsFactor(t); t = this.look()) {
      if (t.kind === 'num' && this.tokens[this.i - 1].kind === 'num' && !t.split) this.fail(t, 'two numbers in a row need \\cdot between them');
      if (t.kind === 'num' && this.tokens[this.i - 1].kind === 'name' && this.tokens[this.i - 1].at + 1 === t.at) {
        const letter = this.tokens[this.i - 1];
        warn(`read \`${this.written(letter, t)}\` as ${letter.text}·${t.text}; write ${letter.text}_${t.text[0]} for a subscript`);
      }
      left = { t: 'bin', op: 'mul', l: left, r: this.postfix(), at: t.at, text: ' ' };
    }
    return left;
  }

  private startsFactor(t: Token): boolean {
    if (t.kind === 'num' || t.kind === 'name') return true;
    if (t.kind === 'cmd') {
      if (t.text === NORM) return !this.inNorm;
      return !OPERATORS[t.text] && !ENDS_FACTORS.has(t.text) && !LATEX_COMPARISONS[t.text] && t.text !== 'rvert' && t.text !== 'top' && t.text !== 'intercal' && !(t.text === 'vert' && this.inVert)
        && !this.joinsConditions(t);
    }
    return t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{' || (t.text === '|' && !this.inAbs));
  }
  /** Inside |…|, where the next '|' closes. */
  private inAbs = false;
  /** Inside \vert … \vert, where the next \vert closes. */
  private inVert = false;
  /** Inside \|…\|, where the next \| closes. */
  private inNorm = false;

  private unary(): Syn {
    const t = this.look();
    if (t.kind !== 'op' || (t.text !== '-' && t.text !== '+')) return this.postfix();
    this.next();
    this.enter(t);
    const operand = this.unary();
    this.leave();
    return t.text === '-' ? { t: 'neg', arg: operand, at: t.at } : operand;
  }

  /**
   * A primary with its primes, superscripts and factorials (n! is Γ(n + 1)): two transposes in a row cancel
   * (x'' is x); a second power is refused, as TeX refuses a double superscript.
   */
  private postfix(): Syn {
    let e = this.primary();
    let powered = false;
    let transposed = false;
    for (;;) {
      const t = this.look();
      let next: Syn;
      if (this.isOp("'")) { this.next(); next = { t: 'transpose', arg: e, at: t.at }; }
      else if (this.isOp('^')) { this.next(); next = this.superscript(e, t); }
      else if (this.isOp('!')) {
        // n! is Γ(n + 1), a new base: (x^2)! may be raised again
        this.next();
        if (this.isOp('!')) this.fail(t, DOUBLE_FACTORIAL);
        this.factorials = true;
        e = factorialSyn(e, t.at, '!');
        powered = transposed = false;
        continue;
      } else return e;
      const isTranspose = next.t === 'transpose' && next.arg === e;
      if (isTranspose && transposed) { e = (e as Syn & { t: 'transpose' }).arg; transposed = false; continue; }
      if (!isTranspose) {
        if (powered) this.fail(t);
        powered = true;
      }
      e = next;
      transposed = isTranspose;
    }
  }

  /** x^\top, x^T, X^{-\top}, x^{\circ 2}, or a power: x^2, x^{n+1}, e^x, X^{-1}. */
  private superscript(base: Syn, caret: Token): Syn {
    const transpose = (): Syn => ({ t: 'transpose', arg: base, at: caret.at });
    const t = this.look();
    if (t.kind === 'cmd' && (t.text === 'top' || t.text === 'intercal')) { this.next(); return transpose(); }
    if (t.kind === 'cmd' && t.text === 'mathsf' && this.isOp('{', 1) && this.look(2).text === 'T' && this.isOp('}', 3)) { this.i += 4; return transpose(); }
    if (t.kind === 'name' && t.text[0] === 'T') { this.next(); this.putBack(t, 1); return transpose(); }
    if (t.kind === 'op' && t.text === '{') {
      // x^{(i)}: the i-th sample (machine-learning notes), the entry x_i; not a power in parentheses
      const [open, index, close, end] = this.tokens.slice(this.i + 1, this.i + 5);
      if (base.t === 'sym' && !base.name.includes('_') && open?.text === '(' && (index?.kind === 'name' || index?.kind === 'num') && /^(?:[A-Za-z]|\d+)$/.test(index.text) && close?.text === ')' && end?.text === '}') {
        this.i += 5;
        this.samples = true;
        return { t: 'sym', name: `${base.name}_${index.text}`, at: base.at };
      }
      const word = this.shortGroupAhead();
      if (word && TRANSPOSES.has(word.text)) { this.i = word.end; return transpose(); }
      if (word && INVERSE_TRANSPOSES.has(word.text)) {
        this.i = word.end;
        return { t: 'transpose', arg: { t: 'call', fn: 'inv', args: [base], at: caret.at, text: '^{-1}' }, at: caret.at };
      }
      if (this.isCmd('circ', 1)) {
        const open = this.next();
        this.next();
        this.enter(open);
        const power = this.sum();
        this.leave();
        this.expect('}');
        return { t: 'bin', op: 'epow', l: base, r: power, at: caret.at, text: '^{\\circ}' };
      }
    }
    const power = this.script();
    for (const n of walkSyn(power)) {
      if (n.t === 'bin' && n.op === 'div') this.exponentFractions[n.text === '/' ? 'slash' : 'frac'] = true;
    }
    // e^u is exp(u), element-wise on arrays as \exp is
    if (base.t === 'const' && base.name === 'e') {
      this.exponentials.power = true;
      return { t: 'call', fn: 'exp', args: [power], at: base.at, text: 'e^' };
    }
    return { t: 'bin', op: 'pow', l: base, r: power, at: caret.at, text: '^' };
  }

  /** The text of a braced group of at most a few tokens starting at the current '{', and the index after it. */
  private shortGroupAhead(): { text: string; end: number } | undefined {
    let text = '';
    let depth = 0;
    for (let k = this.i; k < this.i + 6 && k < this.tokens.length; k++) {
      const b = this.tokens[k];
      if (b.kind === 'op' && b.text === '{') { depth++; if (depth === 1) continue; }
      if (b.kind === 'op' && b.text === '}' && --depth === 0) return { text, end: k + 1 };
      if (b.kind === 'end') return undefined;
      text += b.kind === 'cmd' ? `\\${b.text}` : b.text;
    }
    return undefined;
  }

  /** The argument of ^ or _: a {group} (a level, as any group) or a single token (x^2, e^x). */
  private script(): Syn {
    const t = this.look();
    if (t.kind === 'op' && t.text === '{') return this.group();
    this.enter(t);
    const value = this.scriptValue(t);
    this.leave();
    return value;
  }

  private scriptValue(t: Token): Syn {
    if (t.kind === 'num') return this.singleDigit();
    if (t.kind === 'name') {
      this.next();
      this.putBack(t, 1);
      return this.symbolNamed(t.text[0], t.at);
    }
    if (t.kind === 'cmd') return this.primary();
    if (t.kind === 'op' && t.text === '-') { this.next(); return { t: 'neg', arg: this.script(), at: t.at }; }
    return this.fail(t, t.kind === 'end' ? 'an exponent is missing' : undefined);
  }

  /** A number as written; one with a decimal point keeps that look in results. */
  private number(text: string, at: number): Syn {
    const value = numberAt(text, at);
    return text.includes('.') ? { t: 'num', value, at, decimal: true } : { t: 'num', value, at };
  }

  /**
   * A number as a one-token argument (x^2, \frac12): TeX takes one digit, x^23 is x^{2}·3. A literal
   * starting with a point (x^.5, \sqrt.5) is read whole: people mean 0.5, not a lone '.'.
   */
  private singleDigit(): Syn {
    const t = this.next();
    if (t.text.startsWith('.')) return this.number(t.text, t.at);
    return { t: 'num', value: Rational.of(Number(this.firstDigit(t))), at: t.at };
  }

  /** The first digit of number token `t` (just read), its other digits put back as a factor, with a warning. */
  private firstDigit(t: Token): string {
    const before = this.tokens[this.i - 2];
    if (t.text.length > 1 && !t.split) {
      const [digit, rest] = [t.text[0], t.text.slice(1)];
      if (before?.text === '^' || before?.text === '_') {
        const [op, role] = before.text === '^' ? ['^', 'exponent'] : ['_', 'subscript'];
        warn(`read \`${op}${t.text}\` as ${op}{${digit}}·${rest}, as TeX does (the ${role} is one digit); write ${op}{${t.text}} for more`);
      } else {
        warn(`read \`${this.written(before ?? t, t)}\` as TeX does: an argument without braces is one digit; write {${t.text}} for more`);
      }
    }
    this.putBack(t, 1);
    return t.text[0];
  }

  private group(): Syn {
    const open = this.next();
    this.enter(open);
    if (this.look().kind === 'op' && this.look().text === CLOSE[open.text]) this.fail(this.look(), 'empty braces');
    const saved = [this.inAbs, this.inNorm];
    [this.inAbs, this.inNorm] = [false, false];
    const inner = this.sum();
    [this.inAbs, this.inNorm] = saved;
    this.expect(CLOSE[open.text]);
    this.leave();
    return inner;
  }

  /** e is Euler's number; I is the identity (I_n of size n); any other name a symbol. */
  private symbolNamed(name: string, at: number): Syn {
    if (name === 'e') return { t: 'const', name: 'e', at };
    if (name === 'I') return { t: 'call', fn: 'eye', args: [], at, text: 'I' };
    if (name.startsWith('I_')) return { t: 'call', fn: 'eye', args: [dimension(name.slice(2), at)], at, text: 'I' };
    return { t: 'sym', name, at };
  }

  /** A symbol with an optional subscript: x_0, x_{0}, \sigma_{1}, w_{ij}. */
  private withSubscript(name: string): string {
    if (!(this.look().kind === 'op' && this.look().text === '_')) return name;
    this.next();
    const t = this.next();
    let sub = '';
    if (t.kind === 'op' && t.text === '{') {
      while (!(this.look().kind === 'op' && this.look().text === '}')) {
        const p = this.next();
        if (p.kind !== 'num' && p.kind !== 'name' && !(p.kind === 'cmd' && GREEK.has(p.text))) this.fail(p, 'a subscript may hold only letters and digits');
        sub += p.text;
      }
      this.next();
    } else if (t.kind === 'num' && !t.text.startsWith('.')) {
      sub = this.firstDigit(t);
    } else if (t.kind === 'name') {
      sub = t.text[0];
      this.putBack(t, 1);
    } else if (t.kind === 'cmd' && GREEK.has(t.text)) {
      // h_\theta is h_{\theta}
      sub = t.text;
    } else this.fail(t, 'a subscript is missing');
    return `${name}_${sub}`;
  }

  private primary(): Syn {
    checkDeadline();
    const t = this.next();
    switch (t.kind) {
      case 'num': return this.number(t.text, t.at);
      case 'name': return this.name(t);
      case 'cmd': return this.command(t);
      case 'op':
        if (t.text === '(' || t.text === '[' || t.text === '{') { this.i--; return this.group(); }
        if (t.text === '|') return this.absolute(t);
        return this.fail(t);
      default: return this.fail(t);
    }
  }

  /** |x|: the absolute value, or the determinant of a matrix. */
  private absolute(open: Token): Syn {
    if (this.inAbs) this.fail(open, "nested '|' are ambiguous: use \\left| … \\right|");
    this.inAbs = true;
    this.enter(open);
    const inner = this.sum();
    this.leave();
    this.inAbs = false;
    const close = this.next();
    if (close.text !== '|' || close.kind !== 'op') this.fail(close, "missing closing '|'");
    return { t: 'call', fn: 'bars', args: [inner], at: open.at, text: '|…|' };
  }

  /**
   * ‖x‖, ‖x‖₂ Euclidean and ‖x‖₁ of a vector; of a matrix ‖M‖_F is Frobenius, ‖M‖₂ and ‖M‖₁ are
   * induced norms (Golub & Van Loan 2.3), refused; a bare ‖M‖ is read as Frobenius.
   */
  private norm(open: Token): Syn {
    this.enter(open);
    const saved = this.inNorm;
    this.inNorm = true;
    const inner = this.sum();
    this.inNorm = saved;
    this.leave();
    const close = this.next();
    if (close.kind !== 'cmd' || close.text !== NORM) this.fail(close, "missing closing '\\|'");
    let fn = 'norm2';
    let refuse: ArrayRefusal | undefined;
    if (!this.isOp('_')) this.norms.bare = true;
    if (this.isOp('_')) {
      this.next();
      const s = this.look();
      const w = s.kind === 'op' && s.text === '{' ? this.word(s) : this.next().text;
      if (w === '1') {
        fn = 'norm1';
        refuse = { matrix: '‖M‖₁ of a matrix is its induced 1-norm (the largest column sum), which is not supported' };
      } else if (w === '2') {
        this.norms.subscripted = true;
        refuse = { matrix: '‖M‖₂ of a matrix is its spectral norm (the largest singular value), which is not supported; ‖M‖_F is the Frobenius norm' };
      } else if (w !== 'F') this.fail(s, `the norm ‖·‖_${w} is not supported (1, 2 and F are)`);
    }
    return { t: 'call', fn, args: [inner], at: open.at, text: '\\|…\\|', ...(refuse ? { refuse } : {}) };
  }

  // ── Derivative operators: \frac{d}{dx}(…), \frac{\partial^2}{\partial x\,\partial y} … ──

  /** Inside the operand of a derivative operator, where f(x) is a function defined above. */
  private operands = 0;

  /**
   * The derivative operator a fraction is, applied to what follows it (the rest of the product, as a
   * student means \frac{d}{dx} x^2 \sin x) or to the defined function in its numerator (\frac{df}{dx});
   * undefined when the fraction is no derivative operator (\frac{d}{x} stays d/x).
   */
  private derivativeOperator(frac: Token): Syn | undefined {
    const start = this.i;
    if (!this.isOp('{')) return undefined;
    this.next();
    const kind = this.differential();
    if (!kind) { this.i = start; return undefined; }
    const order = this.derivativeOrder();
    const numeratorRest = this.i;
    while (!this.isOp('}') && this.look().kind !== 'end') this.next();
    const numeratorEnd = this.i;
    if (!this.isOp('}')) { this.i = start; return undefined; }
    this.next();
    const wrt = this.differentials(kind);
    if (!wrt) { this.i = start; return undefined; }
    const written = this.source.slice(frac.at, this.tokens[this.i - 1].at + 1);
    const symbol = kind === 'partial' ? '∂' : 'd';
    if ((order ?? 1) !== wrt.length) {
      throw new InputError(`'${written}': the order ${order ?? 1} of ${symbol} above differs from the ${wrt.length} variable${wrt.length === 1 ? '' : 's'} below`, frac.at);
    }
    if (numeratorEnd > numeratorRest) {
      // \frac{df}{dx}: a function defined above
      const f = this.tokens[numeratorRest];
      const definition = numeratorEnd === numeratorRest + 1 && f.kind === 'name' ? this.definitions.get(f.text) : undefined;
      if (!definition) {
        const what = this.source.slice(f.at, this.tokens[numeratorEnd - 1].at + this.tokens[numeratorEnd - 1].text.length);
        throw new InputError(`'${written}' is the derivative of ${what}, which is not defined above: write f(x) = … before it, or \\frac{${symbol === 'd' ? 'd' : '\\partial'}}{…}(expression)`, frac.at);
      }
      return { t: 'derivative', arg: relocated(definition.body, f.at), wrt, at: frac.at };
    }
    const next = this.look();
    if (!this.startsFactor(next) && !(next.kind === 'op' && (next.text === '-' || next.text === '+'))) {
      this.fail(next, `'${written}' needs the expression it differentiates after it: ${written}(…)`);
    }
    this.enter(frac);
    this.operands++;
    const arg = this.product();
    this.operands--;
    this.leave();
    return { t: 'derivative', arg, wrt, at: frac.at };
  }

  /** d, \mathrm{d}, \text{d}, \operatorname{d}, \mathit{d} (its braces left), or \partial; consumed when found. */
  private differential(): 'd' | 'partial' | undefined {
    const t = this.look();
    if (t.kind === 'name' && t.text === 'd') { this.next(); return 'd'; }
    if (t.kind === 'cmd' && t.text === 'partial') { this.next(); return 'partial'; }
    const upright = t.kind === 'cmd' && (t.text === 'mathrm' || t.text === 'text' || t.text === 'textrm' || t.text === 'operatorname' || t.text === 'mathsf');
    if (upright && this.look(1).kind === 'name' && this.look(1).text === 'd') { this.i += 2; return 'd'; }
    const braced = (o: number) => this.isOp('{', o) && this.look(o + 1).kind === 'name' && this.look(o + 1).text === 'd' && this.isOp('}', o + 2);
    if (upright && braced(1)) { this.i += 4; return 'd'; }
    if (braced(0)) { this.i += 3; return 'd'; }
    return undefined;
  }

  /** The order written as a superscript of a differential (d^2, \partial^{3}, dx^2); undefined when none. */
  private derivativeOrder(): number | undefined {
    if (!this.isOp('^')) return undefined;
    const caret = this.next();
    const braced = this.isOp('{');
    if (braced) this.next();
    const t = this.next();
    if (t.kind !== 'num' || !/^\d+$/.test(t.text) || (!braced && t.text.length > 1)) this.fail(t, 'the order of a derivative is a whole number: d^2, d^{3}');
    if (braced) this.expect('}');
    const order = Number(t.text);
    if (order < 1) this.fail(caret, 'the order of a derivative is at least 1');
    return order;
  }

  /** The denominator {dx}, {dx^2}, {\partial x\,\partial y}: each variable once per order; undefined when it is not one. */
  private differentials(kind: 'd' | 'partial'): string[] | undefined {
    if (!this.isOp('{')) return undefined;
    this.next();
    const wrt: string[] = [];
    while (!this.isOp('}')) {
      const at = this.look();
      const k = this.differential();
      if (!k) return undefined;
      if (k !== kind) this.fail(at, kind === 'partial' ? 'write \\partial in both parts of a partial derivative' : 'write d in both parts of a derivative, or \\partial in both');
      const v = this.look();
      let name: string;
      if (v.kind === 'name') { this.next(); this.putBack(v, 1); name = this.withSubscript(v.text[0]); }
      else if (v.kind === 'cmd' && GREEK.has(v.text)) { this.next(); name = this.withSubscript(v.text); }
      else return undefined;
      const order = this.derivativeOrder() ?? 1;
      for (let k2 = 0; k2 < order; k2++) wrt.push(name);
    }
    this.next();
    return wrt.length ? wrt : undefined;
  }

  /** f(u) for a function f(x) = … defined above: its body with u for x; undefined when f is not defined. */
  private appliedDefinition(t: Token): Syn | undefined {
    const definition = this.definitions.get(t.text);
    if (!definition) {
      this.refuseApplication(t.text, t.at);
      return undefined;
    }
    const argument = this.group();
    return substituted(relocated(definition.body, t.at), definition.parameter, argument);
  }

  /**
   * f(x), h_\theta(x), g(x + 1): a letter (subscripted or not) applied to a name — or f, g, h, the letters of functions
   * (ISO 80000-2 2-11), applied to anything — is a function the selection does not define, which a product reading
   * would get wrong; refused. `letter`: the letter; `at`: where it is; the tokens next are looked at.
   */
  private refuseApplication(letter: string, at: number): void {
    const open = this.tokens[this.i];
    if (!(open?.kind === 'op' && open.text === '(')) return;
    let close = this.i;
    for (let depth = 0; close < this.tokens.length; close++) {
      const t = this.tokens[close];
      if (t.kind === 'op' && (t.text === '(' || t.text === ')')) depth += t.text === '(' ? 1 : -1;
      if (depth === 0) break;
    }
    const inner = this.tokens.slice(this.i + 1, close);
    const applied = FUNCTION_LETTERS.has(letter) || (inner.length === 1 && inner[0].kind === 'name' && inner[0].text.length === 1);
    if (!applied || close >= this.tokens.length) return;
    const shown = this.source.slice(at, this.tokens[close].at + 1);
    const head = this.source.slice(at, open.at).trim();
    throw new InputError(`${shown} is a function not defined above: write ${head}(…) = … before the derivative, or the expression itself (${head} \\cdot (…) for a product)`, at);
  }

  private name(t: Token): Syn {
    if (t.text.length === 1 && this.isOp('(')) {
      const applied = this.appliedDefinition(t);
      if (applied) return applied;
    }
    const fn = FUNCTION_WORDS[t.text];
    if (fn) {
      // TeX typesets `sin x` as the letters s·i·n; a person means the function
      warn(`read \`${t.text}\` as the function \\${t.text}; without the backslash TeX reads the letters ${[...t.text].join('·')}`);
      return this.functionArgument(fn, t, t.text);
    }
    if (t.text === 'pi') {
      warn('read `pi` as π; without the backslash TeX reads p·i (write \\pi)');
      return { t: 'const', name: 'pi', at: t.at };
    }
    if (t.run) warn(`read \`${t.run}\` as the product ${[...t.run].join('·')}, as TeX does; write \\mathrm{${t.run}} for one name`);
    const named = this.withSubscript(t.text);
    if (named !== t.text && t.text.length === 1) this.refuseApplication(t.text, t.at);
    return this.symbolNamed(named, t.at);
  }

  private command(t: Token): Syn {
    const name = t.text;
    if (name === NORM) return this.norm(t);
    if (name === 'pi') return { t: 'const', name: 'pi', at: t.at };
    if (name === 'Gamma' && this.isOp('(')) return this.gamma(t);
    if (name === 'psi' && this.opensPsi()) return this.psi(t);
    // σ(z) is the logistic sigmoid, as in machine learning
    if (name === 'sigma' && this.isOp('(')) return this.functionArgument('sigmoid', t, '\\sigma');
    // Φ(z) is the standard normal distribution, as in statistics; φ(z) its density beside it (alone, φ(x) is
    // as likely a feature map or a field)
    if (name === 'Phi' && this.isOp('(')) return this.functionArgument('normcdf', t, '\\Phi');
    if ((name === 'phi' || name === 'varphi') && this.isOp('(') && WRITES_PHI.test(this.source)) return this.functionArgument('normpdf', t, `\\${name}`);
    if (GREEK.has(name)) {
      const symbol: Syn = { t: 'sym', name: this.withSubscript(name), at: t.at };
      // λ(t), φ(x): a Greek letter applied to a name is a function not defined above, as f(x) is
      this.refuseApplication(`\\${name}`, t.at);
      const next = this.look();
      if (/^[A-Z]/.test(name) && next.kind === 'op' && next.text === '(' && next.at === t.at + name.length + 1) {
        warn(`read \`\\${name}(…)\` as the symbol ${name} times (…); a function named ${name} is not known`);
      }
      return symbol;
    }
    if (FRACTIONS.has(name)) {
      const operator = this.derivativeOperator(t);
      if (operator) return operator;
      const n = this.requireGroup(t);
      const d = this.requireGroup(t);
      return { t: 'bin', op: 'div', l: n, r: d, at: t.at, text: `\\${name}` };
    }
    // \binom{n}{k} = n!/(k! (n − k)!) (DLMF 1.2.1), for real n and k by Γ: the binomial likelihood's coefficient
    if (BINOMIALS.has(name)) {
      const n = this.requireGroup(t);
      const k = this.requireGroup(t);
      this.factorials = true;
      this.binomials = true;
      return binomialSyn(n, k, t.at, `\\${name}`);
    }
    if (name === 'begin') return this.cases(t);
    if (name === 'mathcal') return this.calligraphic(t);
    // \hat{y}_i is the name yhat (subscripted)
    if (ACCENT_COMMANDS[name]) {
      const word = this.word(t);
      if (!(GREEK.has(word) || /^[A-Za-z]$/.test(word))) this.fail(t, `\\${name}{…} accents one letter here: \\${name}{y}`);
      return { t: 'sym', name: this.withSubscript(`${word}${ACCENT_COMMANDS[name]}`), at: t.at };
    }
    // \max_i x_i, \min_i x_i: the largest or smallest entry (\max(a, b) of two numbers is read as a function)
    if (name === 'sum' || name === 'prod' || ((name === 'max' || name === 'min') && this.isOp('_'))) return this.indexSum(t);
    // ⌊x⌋ and ⌈x⌉
    if (name === 'lfloor' || name === 'lceil') {
      this.enter(t);
      const inner = this.sum();
      this.leave();
      const close = name === 'lfloor' ? 'rfloor' : 'rceil';
      if (!this.isCmd(close)) this.fail(this.look(), `missing '\\${close}'`);
      this.next();
      return { t: 'call', fn: name === 'lfloor' ? 'floor' : 'ceil', args: [inner], at: t.at, text: `\\${name}` };
    }
    if (name === 'sqrt') {
      let index: Syn | undefined;
      if (this.isOp('[')) index = this.group();
      const radicand = this.requireGroup(t);
      if (!index) return { t: 'call', fn: 'sqrt', args: [radicand], at: t.at, text: '\\sqrt' };
      const reciprocal: Syn = { t: 'bin', op: 'div', l: { t: 'num', value: Rational.ONE, at: t.at }, r: index, at: t.at, text: '\\sqrt' };
      return { t: 'bin', op: 'pow', l: radicand, r: reciprocal, at: t.at, text: '\\sqrt' };
    }
    if (BOLD.has(name)) return this.bold(t);
    if (name === 'mathrm' || name === 'text' || name === 'operatorname' || name === 'textrm') {
      const word = this.word(t);
      const written = `\\${name}{${word}}`;
      if (name === 'operatorname') {
        const fn = OPERATOR_NAMES[word];
        if (!fn) throw new InputError(`unknown function '${written}'`, t.at);
        const value = this.functionArgument(fn, t, written);
        if (!SOFTMAX_FAMILY.has(fn) || value.t !== 'call') return value;
        if (value.args.length !== 1) this.fail(t, `'${written}' takes one vector`);
        return softmaxFamilySyn(fn as 'softmax' | 'logsumexp', value.args[0], t.at, written, (exp) => ({ t: 'call', fn: 'sum', args: [exp], at: t.at, text: written }));
      }
      if (word === 'e') {
        this.exponentials.upright = true;
        return { t: 'const', name: 'e', at: t.at };
      }
      // \mathrm{sin}(x) is the function; \mathrm{tr} X too, a function of arrays being no symbol
      if (OPERATOR_NAMES[word] && (this.isOp('(') || ARRAY_WORDS[word])) return this.functionArgument(OPERATOR_NAMES[word], t, written);
      return this.symbolNamed(this.withSubscript(word), t.at);
    }
    if (name === 'lvert' || name === 'vert') {
      this.enter(t);
      const saved = [this.inAbs, this.inVert, this.inNorm];
      [this.inAbs, this.inVert, this.inNorm] = [false, name === 'vert', false];
      const inner = this.sum();
      [this.inAbs, this.inVert, this.inNorm] = saved;
      this.leave();
      const close = this.next();
      if (close.kind !== 'cmd' || close.text !== (name === 'vert' ? 'vert' : 'rvert')) this.fail(close, `missing '\\${name === 'vert' ? 'vert' : 'rvert'}'`);
      return { t: 'call', fn: 'bars', args: [inner], at: t.at, text: '|…|' };
    }
    if (name === 'log' && this.isCmd('det')) { this.next(); return this.functionArgument('logdet', t, '\\log\\det'); }
    const fn = COMMANDS[name];
    if (fn === 'exp') this.exponentials.command = true;
    if (fn) return this.functionArgument(fn, t, `\\${name}`);
    // an integral is evaluated, not differentiated: say which command does that
    if (name === 'int') return this.fail(t, "'\\int' writes an integral, which Integrate Selection evaluates (its integrand is what can be differentiated)");
    return this.fail(t, `unknown command '\\${name}'`);
  }

  /** \mathbf{x} is the vector x, \mathbf{1} (\mathbf{1}_n) a vector of ones, \mathbf{I} the identity. */
  private bold(t: Token): Syn {
    const word = this.word(t);
    if (word === '0') this.fail(t, 'a zero vector is not supported here');
    // \mathbb{1}[z > 0]: the indicator of a comparison, 1 where it holds (for arrays, a mask)
    if (word === '1' && t.text === 'mathbb' && this.isOp('[')) return this.indicator();
    const name = this.withSubscript(word);
    if (word === '1') return { t: 'call', fn: 'ones', args: name === '1' ? [] : [dimension(name.slice(2), t.at)], at: t.at, text: '\\mathbf{1}' };
    if (word === 'I') return this.symbolNamed(name, t.at);
    if (t.text !== 'mathbb') this.fonts[greekToName(word)] = t.text;
    return { t: 'sym', name, at: t.at };
  }

  /** [c] after \mathbb{1}: the comparison c, whose value is 1 where it holds and 0 elsewhere. */
  private indicator(): Syn {
    const open = this.next();
    this.enter(open);
    const c = this.comparison();
    this.expect(']');
    this.leave();
    if (c.t !== 'call' || !['gt', 'ge', 'lt', 'le', 'and', 'or'].includes(c.fn)) this.fail(open, '\\mathbb{1}[…] is the indicator of a comparison: write \\mathbb{1}[z > 0]');
    return c;
  }

  /** DLMF 5.2.1: Γ(x) is the gamma function. */
  private gamma(t: Token): Syn {
    if (!isKnownFunction('gamma')) throw new InputError('\\Gamma(x) is the gamma function, which this extension cannot differentiate yet', t.at);
    return this.functionArgument('gamma', t, '\\Gamma');
  }

  /** \psi(x) or \psi^{(n)}(x): the digamma and polygamma functions (DLMF 5.2.2, 5.15.1). */
  private opensPsi(): boolean {
    const [a, b, c] = this.tokens.slice(this.i, this.i + 3);
    return a.kind === 'op' && (a.text === '(' || (a.text === '^' && b?.text === '{' && c?.text === '('));
  }

  private psi(t: Token): Syn {
    let order: Syn | undefined;
    if (this.look().text === '^') { this.next(); order = this.group(); }
    if (!this.isOp('(')) this.fail(this.look(), "\\psi^{(n)} needs its argument in parentheses: \\psi^{(n)}(x)");
    const argument = this.group();
    return order
      ? { t: 'call', fn: 'polygamma', args: [order, argument], at: t.at, text: '\\psi' }
      : { t: 'call', fn: 'digamma', args: [argument], at: t.at, text: '\\psi' };
  }

  /** The text of {word}, font commands inside left out: \mathbf{\beta} → beta. */
  private word(t: Token): string {
    this.expect('{');
    let w = '';
    for (let depth = 0; depth > 0 || !this.isOp('}');) {
      const p = this.next();
      if (p.kind === 'end') this.fail(p, "missing '}'");
      if (p.kind === 'op' && (p.text === '{' || p.text === '}')) { depth += p.text === '{' ? 1 : -1; continue; }
      if (p.kind === 'cmd' && FONTS.has(p.text)) continue;
      w += p.text;
    }
    this.next();
    if (!w) this.fail(t, 'empty braces');
    return w;
  }

  /** An argument of \frac or \sqrt: a group, or one digit or letter (\frac12 is legal TeX). */
  private requireGroup(cmd: Token): Syn {
    const t = this.look();
    if (t.kind === 'op' && (t.text === '{' || t.text === '(')) return this.group();
    if (t.kind === 'num') return this.singleDigit();
    if (t.kind === 'name') { this.next(); this.putBack(t, 1); return this.symbolNamed(t.text[0], t.at); }
    return this.fail(t, t.kind === 'end' ? `'\\${cmd.text}' is missing an argument` : `'\\${cmd.text}' needs an argument in braces`);
  }

  /** \sin x, \sin^2 x, \sin^{-1} x, \log_2 x, \ln(x), \exp{x}, \det X. `written`: the callee as written. */
  private functionArgument(fn: string, t: Token, written: string): Syn {
    this.enter(t);
    const value = this.functionValue(fn, t, written);
    this.leave();
    return value;
  }

  /** A bare argument (\sin 2x) ends before the next function or fraction. */
  private startsFunction(t: Token): boolean {
    if (t.kind === 'cmd') return Boolean(COMMANDS[t.text]) || t.text === 'operatorname' || FRACTIONS.has(t.text);
    return t.kind === 'name' && Boolean(FUNCTION_WORDS[t.text]);
  }

  /**
   * \\mathcal{N}(x \\mid \\mu, \\sigma^2), the normal density at x (Bishop, PRML 1.46; with a covariance matrix Σ,
   * 2.43); `|` separates as \\mid does. Other calligraphic letters, and N(μ, σ²) without a point, are refused.
   */
  private calligraphic(t: Token): Syn {
    const letter = this.word(t);
    if (letter !== 'N' || !this.isOp('(')) this.fail(t, `\\mathcal{${letter}} is not read here: \\mathcal{N}(x \\mid \\mu, \\sigma^2) is the normal density`);
    const open = this.next();
    const inAbs = this.inAbs;
    this.inAbs = true;
    const x = this.comparison();
    this.inAbs = inAbs;
    const separator = this.look();
    if (!((separator.kind === 'cmd' && separator.text === 'mid') || (separator.kind === 'op' && separator.text === '|'))) {
      this.fail(separator, '\\mathcal{N}(\\mu, \\sigma^2) is a distribution, not a number: its density at x is \\mathcal{N}(x \\mid \\mu, \\sigma^2)');
    }
    this.next();
    const mean = this.comparison();
    if (!this.isOp(',')) this.fail(this.look(), '\\mathcal{N}(x \\mid \\mu, \\sigma^2) takes a point, a mean and a variance');
    this.next();
    const covariance = this.comparison();
    this.expect(CLOSE[open.text]);
    if (covariance.t === 'sym' && isCovarianceMatrix(covariance)) this.covariances.add(covariance.name);
    return normalDensity(x, mean, covariance, t.at);
  }

  private functionValue(fn: string, t: Token, written: string): Syn {
    let power: Syn | undefined;
    let caret: Token | undefined;
    let base: Syn | undefined = FIXED_BASE[t.text] === undefined ? undefined : { t: 'num', value: Rational.of(FIXED_BASE[t.text]), at: t.at };
    for (;;) {
      if (this.isOp('^') && !power) { caret = this.next(); power = this.script(); continue; }
      if (this.isOp('_') && fn === 'log' && !base) { this.next(); base = this.script(); continue; }
      break;
    }
    if (power && isMinusOne(power) && INVERSE_FUNCTIONS[fn]) { fn = INVERSE_FUNCTIONS[fn]; power = undefined; }
    let args: Syn[];
    const p = this.look();
    if (p.kind === 'op' && (p.text === '(' || p.text === '{')) {
      const open = this.next();
      args = [this.comparison()];
      while (this.isOp(',')) { this.next(); args.push(this.comparison()); }
      this.expect(CLOSE[open.text]);
    } else {
      if (!this.startsFactor(p)) this.fail(p, p.kind === 'end' ? `'${t.text}' is missing its argument` : `'${t.text}' needs an argument`);
      // a bare argument is the product of the following non-function factors: \sin 2x = sin(2x), \det AB = det(AB);
      // a function first is the argument with its own: \ln \cos x = ln(cos x)
      let factor = this.postfix();
      while (this.startsFactor(this.look()) && !this.startsFunction(this.look())) {
        factor = { t: 'bin', op: 'mul', l: factor, r: this.postfix(), at: this.look().at, text: ' ' };
      }
      args = [factor];
    }
    if (base && args.length !== 1) this.fail(t, "'\\log_b' takes one argument");
    // log_b u = ln u / ln b, which the matrix engine reads as well
    const value: Syn = base
      ? { t: 'bin', op: 'div', l: { t: 'call', fn, args, at: t.at, text: written }, r: { t: 'call', fn: 'log', args: [base], at: t.at, text: written }, at: t.at, text: written }
      : { t: 'call', fn, args, at: t.at, text: written };
    return power ? { t: 'bin', op: 'pow', l: value, r: power, at: caret!.at, text: '^' } : value;
  }
}

/**
 * The normal density at x with mean μ and (co)variance V, as written: e^(−(x − μ)²/(2V))/√(2πV), with σ·√(2π) below
 * for V = σ² (σ a standard deviation, positive); with a covariance matrix (an uppercase V: Σ, σ²I),
 * e^(−((x − μ)ᵀV⁻¹(x − μ) + log det(2πV))/2).
 */
function normalDensity(x: Syn, mean: Syn, variance: Syn, at: number): Syn {
  const text = '\\mathcal{N}';
  const bin = (op: BinOp, l: Syn, r: Syn): Syn => ({ t: 'bin', op, l, r, at, text });
  const num = (v: number): Syn => ({ t: 'num', value: Rational.of(v), at });
  const call = (fn: string, arg: Syn): Syn => ({ t: 'call', fn, args: [arg], at, text });
  const twoPi = bin('mul', num(2), { t: 'const', name: 'pi', at });
  const deviation = bin('sub', x, mean);
  if (isCovarianceMatrix(variance)) {
    // e^(−(q + log det(2πΣ))/2): its log is a sum, whose terms differentiate apart
    const quadratic = bin('mul', bin('mul', { t: 'transpose', arg: deviation, at }, call('inv', variance)), deviation);
    return call('exp', { t: 'neg', arg: bin('div', bin('add', quadratic, call('logdet', bin('mul', twoPi, variance))), num(2)), at });
  }
  const sigma = variance.t === 'bin' && variance.op === 'pow' && variance.r.t === 'num' && variance.r.value.equals(Rational.of(2)) ? variance.l : undefined;
  const exponent = bin('div', bin('pow', deviation, num(2)), bin('mul', num(2), variance));
  return bin('div', call('exp', { t: 'neg', arg: exponent, at }), sigma ? bin('mul', sigma, call('sqrt', twoPi)) : call('sqrt', bin('mul', twoPi, variance)));
}

/** A covariance written as a matrix: an uppercase name (Σ, S, K), the identity, or one times a number (σ²I). */
function isCovarianceMatrix(v: Syn): boolean {
  if (v.t === 'sym') return /^[A-Z]/.test(v.name);
  if (v.t === 'call') return v.fn === 'eye';
  return v.t === 'bin' && v.op === 'mul' && (isCovarianceMatrix(v.l) || isCovarianceMatrix(v.r));
}

/**
 * The style a LaTeX selection was written in. `factorials`: it writes n! (or a binomial), so Γ(n + 1) of a name prints
 * as n! (a selection writing \\Gamma(n + 1) keeps it); `binomials`: it writes \\binom, so n!/(k!(n − k)!) prints as one;
 * how it writes names and norms (LatexWriting).
 */
export type LatexStyle = { factorials?: boolean; binomials?: boolean } & LatexWriting;

/** How a selection writes names and norms, which results follow (withLatexWriting). */
export interface LatexWriting {
  /** Names written bold (\\mathbf{x}): the font command by name. */
  fonts?: Readonly<Record<string, string>>;
  /** Euclidean norms written ‖x‖, never ‖x‖₂: results leave the 2 out too. */
  bareNorms?: boolean;
  /** The exponential written \\exp(…), never e^{…}: results write it so too. */
  expCommand?: boolean;
  /** Euler's number written upright, \\mathrm{e} (ISO 80000-2): results write it so too. */
  uprightE?: boolean;
  /** Fractions in exponents written with a slash, never \\frac (e^{-x^2/2}): results write them so too. */
  slashedExponents?: boolean;
  /** Fractions in exponents written with \\frac, never a slash (x^{\\frac{3}{2}}): results write a number there so too (else x^{3/2}). */
  fracExponents?: boolean;
}

/**
 * Reads a LaTeX selection into the surface syntax, for scalar and matrix calculus alike. `documentText`,
 * the document the selection is in, holds the functions `f(x) = …` a derivative operator may apply to.
 */
export function readLatex(source: string, documentText = ''): ReturnType<LatexReader['readAll']> & { style: LatexStyle } {
  const { text, offset } = stripMathDelimiters(source);
  const trimmed = text.replace(/[.,;]\s*$/, '');
  const reader = new LatexReader(tokenize(trimmed, offset), source, definitionsAbove(source, documentText));
  const reading = reader.readAll();
  const fonts = Object.keys(reader.fonts).length ? { fonts: reader.fonts } : {};
  const bareNorms = reader.norms.bare && !reader.norms.subscripted ? { bareNorms: true } : {};
  const expCommand = reader.exponentials.command && !reader.exponentials.power ? { expCommand: true } : {};
  const uprightE = reader.exponentials.upright ? { uprightE: true } : {};
  const { slash, frac } = reader.exponentFractions;
  const exponentFractions = slash && !frac ? { slashedExponents: true } : frac && !slash ? { fracExponents: true } : {};
  return { ...reading, style: { ...(reader.factorials ? { factorials: true } : {}), ...(reader.binomials ? { binomials: true } : {}), ...fonts, ...bareNorms, ...expCommand, ...uprightE, ...exponentFractions } };
}

/** A function defined in the document: f(x) = body. */
interface Definition {
  parameter: string;
  body: Syn;
}

/** `f(x) = …` or `f(x) &= …` in a document: the letter, its parameter (a letter or a Greek command) and the body up to the end of the math. */
const DEFINITION = /(?<![A-Za-z\\])([A-Za-z])\s*\(\s*([A-Za-z]|\\[A-Za-z]+)\s*\)\s*&?=(?!=)([^\n$]*)/g;
/** Where a definition's body ends: the math closes, a new line or alignment cell starts, text follows. */
const BODY_END = /\\\]|\\\)|\\\\|\\end\b|\\quad|\\qquad|\\text\b|&|\\label\b/;

/**
 * The functions defined in the document before the selection (all of the document when the selection
 * is not found in it), the last definition of a name winning; one whose body does not read is left out.
 */
function definitionsAbove(source: string, documentText: string): Map<string, Definition> {
  const definitions = new Map<string, Definition>();
  if (!documentText) return definitions;
  const at = documentText.indexOf(source.trim());
  const above = at >= 0 ? documentText.slice(0, at) : documentText;
  for (const m of above.matchAll(DEFINITION)) {
    const [, name, parameter, rest] = m;
    const end = rest.search(BODY_END);
    const body = (end >= 0 ? rest.slice(0, end) : rest).replace(/[.,;]\s*$/, '').trim();
    if (!body) continue;
    try {
      const syn = new LatexReader(tokenize(body, 0), body).readAll().syn;
      definitions.set(name, { parameter: parameter.replace(/^\\/, ''), body: syn });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }
  return definitions;
}

/** A tree read elsewhere (a definition's body), every node placed at `at`, where it is used. */
function relocated(s: Syn, at: number): Syn {
  return mapSyn(s, (n) => ({ ...n, at }));
}

// ── Printer ──────────────────────────────────────────────────────────────────

const COMMAND_OUT: Readonly<Record<string, string>> = {
  sin: '\\sin', cos: '\\cos', tan: '\\tan', sec: '\\sec', csc: '\\csc', cot: '\\cot', asin: '\\arcsin', acos: '\\arccos', atan: '\\arctan',
  sinh: '\\sinh', cosh: '\\cosh', tanh: '\\tanh', coth: '\\coth', log: '\\ln', max: '\\max', min: '\\min',
  // the sign function as ISO 80000-2 writes it
  sign: '\\operatorname{sgn}',
  // σ(z) is the sigmoid to the reader, as in machine learning
  sigmoid: '\\sigma', relu: '\\operatorname{ReLU}',
  // the standard normal distribution and density, as statistics writes them
  normcdf: '\\Phi', normpdf: '\\phi',
};
const BRACKETED: ReadonlySet<string> = new Set(['abs', 'floor', 'ceil', 'where', 'sigmoid', 'normcdf', 'normpdf', 'gt', 'ge', 'lt', 'le', 'heaviside']);
const COMPARISON_OUT: Readonly<Record<string, string>> = { gt: '>', ge: '\\geq', lt: '<', le: '\\leq' };

/** Every function LaTeX writes (the rest are lowered before printing). */
export const LATEX_FUNCTIONS: ReadonlySet<string> = new Set([
  ...Object.keys(FUNCTION_WORDS).map((k) => FUNCTION_WORDS[k]).filter((f) => !['log1p', 'expm1', 'hypot', 'exp', 'sqrt'].includes(f)),
  'erf', 'erfc', 'normcdf', 'normpdf', 'beta', 'sigmoid', 'log_sigmoid', 'softplus', 'gelu', 'gelu_tanh', 'silu', 'logaddexp', 'sinc',
  'relu', 'heaviside', 'leaky_relu', 'elu', 'where', 'gt', 'ge', 'lt', 'le', 'clip', 'floor', 'ceil', 'round',
]);

function fnName(fn: string): string { return COMMAND_OUT[fn] ?? `\\operatorname{${fn}}`; }

/** The gamma family, in the notation of DLMF 5: Γ(u), ln|Γ(u)|, ψ(u), ψ⁽ⁿ⁾(u). */
function gammaFamily(e: Expr & { kind: 'call' }): string | undefined {
  const [first, second] = e.args;
  switch (e.fn) {
    case 'gamma': return `\\Gamma${argument([first])}`;
    case 'factorial': return `${tex(first, P.Atom)}!`;
    case 'binomial': return `\\binom{${tex(first, 0)}}{${tex(second, 0)}}`;
    case 'lgamma': return `\\ln\\left|\\Gamma${argument([first])}\\right|`;
    case 'digamma': return `\\psi${argument([first])}`;
    case 'polygamma': return `\\psi^{(${tex(first, 0)})}${argument([second])}`;
    default: return undefined;
  }
}

/** Accents a name may carry: \hat{y} is read as the name yhat, and yhat (or y_hat) printed as \hat{y}. */
const ACCENTS: ReadonlySet<string> = new Set(['hat', 'bar', 'tilde']);
/** Accent commands as read: \widehat is \hat, \overline \bar. */
const ACCENT_COMMANDS: Readonly<Record<string, string>> = { hat: 'hat', widehat: 'hat', bar: 'bar', overline: 'bar', tilde: 'tilde', widetilde: 'tilde' };

/** A name in LaTeX, in both engines' printers: sigma → \sigma, x_12 → x_{12}, rate → \mathrm{rate}, yhat and y_hat → \hat{y}. */
export function latexSymbol(name: string): string {
  // an entry of a vector, x[0] or x(1), is its subscript
  const entry = vectorEntryOf(name);
  if (entry) return withIndex(latexSymbol(entry.vector), [String(entry.index)]);
  const [head, ...rest] = name.split('_');
  const font = written?.fonts?.[greekToName(head)];
  if (font) return withIndex(`\\${font}{${GREEK.has(greekToName(head)) ? `\\${greekToName(head)}` : head}}`, rest);
  // a Greek letter written in Unicode (Python's θ) is its command too
  const letter = (s: string) => (GREEK.has(greekToName(s)) ? `\\${greekToName(s)}` : s === 'lam' ? '\\lambda' : [...s].length === 1 ? s : undefined);
  const accented = /^(.+?)(hat|bar|tilde)$/.exec(head);
  if (accented && letter(accented[1])) return withIndex(`\\${accented[2]}{${letter(accented[1])}}`, rest);
  if (rest.length === 1 && ACCENTS.has(rest[0]) && letter(head)) return `\\${rest[0]}{${letter(head)}}`;
  // one letter is a symbol; anything longer (`rate`, `x2`) needs \mathrm, or it reads back as a product
  return withIndex(letter(head) ?? `\\mathrm{${head}}`, rest);
}

let written: LatexWriting | undefined;

/** Runs `print` with names and norms written as the selection writes them (\\mathbf{x}, ‖x‖). */
export function withLatexWriting<T>(writing: LatexWriting | undefined, print: () => T): T {
  const saved = written;
  written = writing;
  try { return print(); } finally { written = saved; }
}

/** The exponential of `u` (printed) as the selection writes it: e^{u} or \\mathrm{e}^{u} (a power), or \\exp(u). */
export function exponentialTex(u: string): { text: string; power: boolean } {
  return written?.expCommand ? { text: `\\exp${parenthesized(u)}`, power: false } : { text: `${eulerTex()}^{${u}}`, power: true };
}

const eulerTex = () => (written?.uprightE ? '\\mathrm{e}' : 'e');

/** ‖u‖ as the selection writes a Euclidean norm: with its 2 unless it leaves it out (the Frobenius norm keeps its F). */
export function euclideanNormTex(u: string, frobenius: boolean): string {
  return `\\left\\|${u}\\right\\|${frobenius ? '_F' : written?.bareNorms ? '' : '_2'}`;
}

function withIndex(symbol: string, subscripts: readonly string[]): string {
  // h_\theta: a Greek subscript is its command
  return subscripts.length ? `${symbol}_{${subscripts.map((s) => (GREEK.has(greekToName(s)) ? `\\${greekToName(s)}` : s)).join('')}}` : symbol;
}

const enum P { Sum = 2, Product = 3, Unary = 4, Power = 5, Atom = 6 }

export function printLatex(e: Expr): string { return tex(e, 0); }

function tex(e: Expr, outer: P | 0): string {
  checkDeadline();
  const [text, prec] = render(e);
  return prec < outer ? parenthesized(text) : text;
}

/** An index sum (or product: `operator`) being read: its index, the names of entries (y of y_i), rows (x of x_i → its matrix X) and the rows' length. */
interface IndexSum { readonly operator: 'sum' | 'prod' | 'max' | 'min'; readonly index: string; readonly entries: Set<string>; readonly rows: Map<string, string>; readonly features: string }

/** The matrix whose rows are `row`_i (X of x_i), recorded in `sum`. */
function rowMatrix(sum: IndexSum, row: string, at: number): string {
  const matrix = sum.rows.get(row) ?? row[0].toUpperCase() + row.slice(1);
  if (matrix === row) throw new InputError(`the rows ${row}_${sum.index} need a lowercase name: their matrix is named by its uppercase`, at);
  sum.rows.set(row, matrix);
  return matrix;
}

/** The names of the rows x_i of `body`: subscripted by the index and next to a transposed vector (w^\top x_i, x_i^\top w). */
function rowsIn(body: Syn, index: string): Set<string> {
  const out = new Set<string>();
  for (const s of walkSyn(body)) {
    if (s.t !== 'bin' || (s.op !== 'mul' && s.op !== 'cdot')) continue;
    const fs = productFactors(s);
    fs.forEach((f, j) => {
      const pair = j + 1 < fs.length ? rowPair(f, fs[j + 1], index) : undefined;
      if (pair) out.add(`${pair.row}_${index}`);
    });
  }
  return out;
}

/** Two neighbouring factors as a row product: w^\top x_i or x_i^\top w (the vector may be any factor here; the reader requires a name). */
function rowPair(a: Syn, b: Syn, index: string): { vector: Syn; row: string } | undefined {
  if (a.t !== 'transpose') return undefined;
  const after = entryOf(b, index);
  if (after !== undefined) return { vector: a.arg, row: after };
  const before = entryOf(a.arg, index);
  return before !== undefined && b.t !== 'transpose' ? { vector: b, row: before } : undefined;
}

/** The name whose entry `s` is (y of y_i), when it is a name subscripted by the index alone. */
function entryOf(s: Syn, index: string): string | undefined {
  const suffix = `_${index}`;
  if (s.t !== 'sym' || !s.name.endsWith(suffix)) return undefined;
  const name = s.name.slice(0, -suffix.length);
  return name.includes('_') ? undefined : name;
}

/** The factors of a product chain (juxtaposition, *, \cdot), left to right. */
function productFactors(s: Syn): Syn[] {
  return s.t === 'bin' && (s.op === 'mul' || s.op === 'cdot') ? [...productFactors(s.l), ...productFactors(s.r)] : [s];
}

/** An index sum's operations, entry by entry: (x_i y_i)^2 is (x .* y).^2; a scalar broadcasts in a sum. */
const ENTRYWISE: Readonly<Partial<Record<BinOp, BinOp>>> = {
  add: 'badd', sub: 'bsub', badd: 'badd', bsub: 'bsub', mul: 'emul', cdot: 'emul', emul: 'emul', div: 'ediv', ediv: 'ediv', pow: 'epow', epow: 'epow',
};

/** Brackets (round, or `open` and `close`) that grow (\left( … \right)) only around tall content: fractions, big operators, cases. */
export function parenthesized(text: string, open = '(', close = ')'): string {
  // a command's name ends at its first non-letter: \sum_{i=1} is tall (\b would not end it before the _)
  return /\\(frac|dfrac|tfrac|sum|prod|int|begin)(?![a-zA-Z])|\\left\(/.test(text) ? `\\left${open}${text}\\right${close}` : `${open}${text}${close}`;
}

/**
 * LaTeX to write right after a derivative operator: a name, a number, a call or a power as it is,
 * after a space (\frac{d}{dx} \sin(x), \frac{d}{dx} x^{3}); anything else in brackets, grown only
 * around tall content (\frac{d}{dx}(x^{2} + 1)). Without `e` (matrix input) always in brackets.
 */
export function afterOperator(text: string, e?: Expr, open = '(', close = ')'): string {
  const single = e?.kind === 'sym' || e?.kind === 'const' || e?.kind === 'call' || e?.kind === 'pow' || (e?.kind === 'num' && e.value.isInteger);
  return single && !/^(-|\\(frac|begin|sum|prod)(?![a-zA-Z]))/.test(text) ? ` ${text}` : parenthesized(text, open, close);
}

function render(e: Expr): [string, P] {
  switch (e.kind) {
    case 'num': {
      const v = e.value;
      if (e.decimal) return [v.toDecimalString()!, v.isNegative ? P.Unary : P.Atom];
      if (v.isInteger) return [v.toString(), v.isNegative ? P.Unary : P.Atom];
      if (slashed) return [v.toString(), v.isNegative ? P.Unary : P.Product];
      const f = `\\frac{${v.abs().num}}{${v.den}}`;
      return v.isNegative ? [`-${f}`, P.Unary] : [f, P.Atom];
    }
    case 'sym': return [latexSymbol(e.name), P.Atom];
    case 'const': return [e.name === 'pi' ? '\\pi' : eulerTex(), P.Atom];
    case 'add': {
      const terms = orderedTerms(e);
      let out = tex(terms[0], P.Sum);
      for (const t of terms.slice(1)) out += isNegative(t) ? ` - ${tex(neg(t), P.Product)}` : ` + ${tex(t, P.Sum)}`;
      return [out, P.Sum];
    }
    case 'call': {
      if (e.fn === 'abs') return [`\\left|${tex(e.args[0], 0)}\\right|`, P.Atom];
      if (e.fn === 'floor') return [`\\left\\lfloor ${tex(e.args[0], 0)} \\right\\rfloor`, P.Atom];
      if (e.fn === 'ceil') return [`\\left\\lceil ${tex(e.args[0], 0)} \\right\\rceil`, P.Atom];
      // a comparison as a value is its indicator, 1 where it holds (as the matrix printer writes masks)
      if (COMPARISON_OUT[e.fn]) return [`\\mathbb{1}${parenthesized(condition(e), '[', ']')}`, P.Atom];
      // the step as papers write it, the indicator of u > 0 (its value at 0 is where the derivative is not defined)
      if (e.fn === 'heaviside') return [`\\mathbb{1}${parenthesized(condition(rawCall('gt', [e.args[0], ZERO])), '[', ']')}`, P.Atom];
      if (e.fn === 'where') return [cases(e), P.Atom];
      const special = gammaFamily(e);
      if (special) return [special, P.Atom];
      return [`${fnName(e.fn)}${argument(e.args)}`, P.Atom];
    }
    case 'pow': return isDenominator(e) ? product(asFraction(e)) : power(writtenBase(e.base, e.exp), e.exp);
    case 'mul': return product(asFraction(e));
  }
}

/** where(c, a, where(d, b, f)) as one cases environment: a where c, b where d, f otherwise. */
function cases(e: Expr & { kind: 'call' }): string {
  const rows: string[] = [];
  let rest: Expr = e;
  while (rest.kind === 'call' && rest.fn === 'where') {
    // a where of a where with the same otherwise is one row, 0 < x < 3 as a chain
    const { alternatives, value, otherwise } = joinedWhere(rest);
    rows.push(`${tex(value, 0)} & ${alternatives.map(conditionsTex).join(' \\text{ or } ')}`);
    rest = otherwise;
  }
  rows.push(`${tex(rest, 0)} & \\text{otherwise}`);
  return `\\begin{cases} ${rows.join(' \\\\ ')} \\end{cases}`;
}

/** Conditions that all hold: a chain where each starts where the last ended (0 < x < 3), else joined by "and". */
function conditionsTex(conditions: readonly Expr[]): string {
  const chain = conditions.every((c, i) => c.kind === 'call' && COMPARISON_OUT[c.fn] && (i === 0 || (conditions[i - 1] as Expr & { kind: 'call' }).args[1].key === c.args[0].key));
  if (chain && conditions.length > 1) {
    const calls = conditions as (Expr & { kind: 'call' })[];
    return [tex(calls[0].args[0], P.Sum), ...calls.map((c) => `${COMPARISON_OUT[c.fn]} ${tex(c.args[1], P.Sum)}`)].join(' ');
  }
  return conditions.map(condition).join(' \\text{ and } ');
}

/** A condition as written: x > 0, a comparison bare (elsewhere it is a value, \\mathbb{1}[x > 0]). */
function condition(c: Expr): string {
  const comparison = c.kind === 'call' ? COMPARISON_OUT[c.fn] : undefined;
  return comparison && c.kind === 'call' ? `${tex(c.args[0], P.Sum)} ${comparison} ${tex(c.args[1], P.Sum)}` : tex(c, 0);
}

function argument(args: readonly Expr[]): string {
  const inner = args.map((a) => tex(a, 0)).join(', ');
  return parenthesized(inner);
}

/** Whether an exponent is being printed where the selection writes its fractions with a slash. */
let slashed = false;

/** An exponent as the selection writes it: a fraction in it with a slash (x^{3/2}, e^{-x^{2}/2}) or \\frac. */
function exponentTex(exp: Expr): string {
  const saved = slashed;
  slashed = written?.slashedExponents === true;
  try { return tex(exp, 0); } finally { slashed = saved; }
}

/** An exponent as the selection writes it; a number there with a slash, as typesetting has it (x^{3/2}), unless the selection writes \\frac there. */
export function exponentLatex(exp: Expr): string {
  const fraction = exp.kind === 'num' && !exp.decimal && !exp.value.isInteger ? exp.value : undefined;
  return !fraction ? exponentTex(exp) : written?.fracExponents ? `\\frac{${fraction.num}}{${fraction.den}}` : `${fraction.num}/${fraction.den}`;
}

function power(base: Expr, exp: Expr): [string, P] {
  if (base === E) {
    const { text, power } = exponentialTex(exponentTex(exp));
    return [text, power ? P.Power : P.Atom];
  }
  if (exp.kind === 'num' && !exp.decimal && !exp.value.isInteger && exp.value.num === 1n) {
    const index = exp.value.den === 2n ? '' : `[${exp.value.den}]`;
    return [`\\sqrt${index}{${tex(base, 0)}}`, P.Atom];
  }
  const x = exponentLatex(exp);
  // \sin^{2}(x); not σ² (read back as σ², a Greek letter squared) nor the bracketed forms (|x|, ⌊x⌋, cases)
  if (base.kind === 'call' && !BRACKETED.has(base.fn) && !gammaFamily(base) && exp.kind === 'num' && exp.value.isInteger && !exp.value.isNegative) {
    return [`${fnName(base.fn)}^{${x}}${argument(base.args)}`, P.Power];
  }
  // a factorial raised is bracketed: (k!)^{2}
  const factorial = base.kind === 'call' && base.fn === 'factorial';
  return [`${factorial ? parenthesized(tex(base, 0)) : tex(base, P.Atom)}^{${x}}`, P.Power];
}

function product(f: Fraction): [string, P] {
  let { numerator, denominator } = f;
  let logText: string | undefined;
  const log = logBasePattern(f);
  if (log) {
    ({ numerator, denominator } = log);
    logText = `\\log_{${log.base.value.num}}${argument([log.arg])}`;
  }
  const join = (xs: Expr[], extra?: string) => {
    const parts = xs.map((x) => tex(x, xs.length + (extra ? 1 : 0) > 1 ? P.Power : 0));
    if (extra) parts.push(extra);
    // a number after another factor needs an explicit \cdot
    return parts.reduce((s, p, i) => (i === 0 ? p : s + (/^[\d.]/.test(p) || /^-/.test(p) ? ' \\cdot ' : ' ') + p), '');
  };
  const top = numerator.length || logText ? join(numerator, logText) : '1';
  let text = top;
  let prec: P = numerator.length + (logText ? 1 : 0) > 1 ? P.Product : numerator.length ? render(numerator[0])[1] : P.Atom;
  if (denominator.length && slashed) {
    // a/b in an exponent: a product over a product needs its brackets, x^{2}/(2 \sigma^{2})
    const under = join(denominator);
    text = `${prec < P.Product ? parenthesized(top) : top}/${denominator.length > 1 || render(denominator[0])[1] < P.Power ? parenthesized(under) : under}`;
    prec = P.Product;
  } else if (denominator.length) {
    text = `\\frac{${top}}{${join(denominator)}}`;
    prec = P.Atom;
  }
  if (f.negative) return [`-${prec < P.Product ? parenthesized(text) : text}`, P.Unary];
  return [text, prec === P.Atom || prec === P.Power ? prec : P.Product];
}
