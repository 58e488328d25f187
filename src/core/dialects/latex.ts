// LaTeX math: \frac, \sqrt[n], ^{}, \sin x, \ln, \log_b, \exp, \cdot, \times, \left( \right),
// \mathrm{e}, \pi, Greek letters, subscripts, |x|, \operatorname{}, with or without $…$ delimiters.
import { InputError } from '../api';
import { add, div, E, Expr, HALF, isNegative, MINUS_ONE, mul, neg, num, PI, pow, sym } from '../expr';
import { checkDeadline, checkNesting } from '../budget';
import { call, isKnownFunction, logBase } from '../functions';
import { Rational } from '../rational';
import { isDenominator } from './infix';
import { asFraction, Fraction, logBasePattern, orderedTerms } from './layout';
import { applyFunction, readDecimal } from './reader';
import { GREEK_LETTERS } from './greek';
import { warn } from './warnings';

// ── Names ────────────────────────────────────────────────────────────────────

const GREEK = new Set(Object.keys(GREEK_LETTERS));

/** LaTeX function commands → our functions. */
const COMMANDS: Readonly<Record<string, string>> = {
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot', arcsin: 'asin', arccos: 'acos', arctan: 'atan',
  sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', coth: 'coth', ln: 'log', log: 'log', lg: 'log', exp: 'exp', max: 'max', min: 'min',
};
/** Commands that are logarithms to a fixed base (ISO 80000-2, 2-12: lg x = log₁₀ x). */
const FIXED_BASE: Readonly<Record<string, number>> = { lg: 10 };
/** Names accepted in \operatorname{…} (and bare, before a parenthesis). */
const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot', asin: 'asin', acos: 'acos', atan: 'atan',
  arcsin: 'asin', arccos: 'acos', arctan: 'atan', acot: 'acot', arccot: 'acot', asec: 'asec', arcsec: 'asec', acsc: 'acsc', arccsc: 'acsc',
  sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', sech: 'sech', csch: 'csch', coth: 'coth',
  asinh: 'asinh', arsinh: 'asinh', arcsinh: 'asinh', acosh: 'acosh', arcosh: 'acosh', arccosh: 'acosh', atanh: 'atanh', artanh: 'atanh', arctanh: 'atanh',
  acoth: 'acoth', arcoth: 'acoth', asech: 'asech', arsech: 'asech', acsch: 'acsch', arcsch: 'acsch',
  exp: 'exp', log: 'log', ln: 'log', sqrt: 'sqrt', abs: 'abs', sign: 'sign', sgn: 'sign', log1p: 'log1p', expm1: 'expm1', hypot: 'hypot', max: 'max', min: 'min',
};
const INVERSE: Readonly<Record<string, string>> = { sin: 'asin', cos: 'acos', tan: 'atan', sinh: 'asinh', cosh: 'acosh', tanh: 'atanh', cot: 'acot', sec: 'asec', csc: 'acsc' };
const FRACTIONS = new Set(['frac', 'dfrac', 'tfrac', 'cfrac']);
const MULTIPLY = new Set(['cdot', 'times', 'ast']);
const IGNORED = new Set(['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'displaystyle', 'textstyle', 'mathit']);

// ── Tokens ───────────────────────────────────────────────────────────────────

type Kind = 'num' | 'name' | 'cmd' | 'op' | 'end';
interface Token {
  kind: Kind; text: string; at: number;
  /** The first letter of a run of three or more (`rate`): read as a product, with a warning. */
  run?: string;
  /** The rest of a number whose first digit was a one-token script or argument (the `3` of x^23). */
  split?: boolean;
}

function tokenize(src: string, base: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  const commandAt = /\\([A-Za-z]+|.)/y, numberAt = /\d+\.?\d*|\.\d+/y, lettersAt = /[A-Za-z]+/y;
  const match = (re: RegExp, at: number) => { re.lastIndex = at; return re.exec(src); };
  while (i < src.length) {
    checkDeadline();
    const ch = src[i];
    if (/\s/.test(ch) || ch === '&') { i++; continue; }
    const start = i;
    if (ch === '\\') {
      const m = match(commandAt, i);
      if (!m) throw new InputError("a lone '\\' at the end", base + i);
      i += m[0].length;
      const name = m[1];
      if (name === ',' || name === ';' || name === ':' || name === '!' || name === ' ') continue;
      if (name === '{' || name === '}') { out.push({ kind: 'op', text: name === '{' ? '(' : ')', at: base + start }); continue; }
      if (name === '|') throw new InputError("norms '\\|…\\|' are matrix expressions: select a scalar expression", base + start);
      if (name === 'left' || name === 'right') {
        // \left| … \right| pair like \lvert … \rvert; \left. is an empty delimiter
        const delimiter = /\s*(\\vert(?![A-Za-z])|\||\.)/y;
        delimiter.lastIndex = i;
        const d = delimiter.exec(src);
        if (d && d[1] === '.') { i = delimiter.lastIndex; continue; }
        if (d) { i = delimiter.lastIndex; out.push({ kind: 'cmd', text: name === 'left' ? 'lvert' : 'rvert', at: base + start }); continue; }
      }
      if (IGNORED.has(name)) continue;
      out.push({ kind: 'cmd', text: name, at: base + start });
      continue;
    }
    const numMatch = match(numberAt, i);
    if (numMatch) { out.push({ kind: 'num', text: numMatch[0], at: base + i }); i += numMatch[0].length; continue; }
    const letters = match(lettersAt, i);
    if (letters) { out.push(...letterTokens(letters[0], base + i)); i += letters[0].length; continue; }
    if ('+-*/^_(){}[]|,='.includes(ch)) { out.push({ kind: 'op', text: ch, at: base + i }); i++; continue; }
    throw new InputError(`unexpected character '${String.fromCodePoint(src.codePointAt(i)!)}'`, base + i);
  }
  out.push({ kind: 'end', text: '', at: base + src.length });
  return out;
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
  const fn = Object.keys(OPERATOR_NAMES).filter((f) => run.startsWith(f)).sort((a, b) => b.length - a.length)[0];
  if (fn) { out.push({ kind: 'name', text: fn, at }); i = fn.length; }
  for (; i < run.length; i++) out.push({ kind: 'name', text: run[i], at: at + i });
  if (!fn && run.length >= 3) out[0].run = run;
  return out;
}

/** Removes $…$, $$…$$, \(…\), \[…\] around a selection; returns the inner text and its offset. */
export function stripMathDelimiters(source: string): { text: string; offset: number } {
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

// ── Parser ───────────────────────────────────────────────────────────────────

const CLOSE: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

class LatexParser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly source: string) {}

  /** The source text from token `from` to the end of token `to`. */
  private written(from: Token, to: Token): string { return this.source.slice(from.at, to.at + to.text.length); }

  /** Puts the rest of a token back (x^23: the exponent takes the 2, the 3 stays a factor). */
  private putBack(t: Token, consumed: number): void {
    if (t.text.length > consumed) this.tokens.splice(this.i, 0, { kind: t.kind, text: t.text.slice(consumed), at: t.at + consumed, split: t.kind === 'num' });
  }

  private look(): Token { return this.tokens[this.i]; }
  private next(): Token { return this.tokens[this.i++]; }
  private fail(t: Token, what?: string): never {
    if (t.kind === 'end') throw new InputError(what ?? 'the expression is incomplete', t.at);
    throw new InputError(what ?? `unexpected '${t.kind === 'cmd' ? '\\' + t.text : t.text}'`, t.at);
  }
  private expect(text: string): Token {
    const t = this.next();
    if (t.text !== text || t.kind === 'cmd') this.fail(t, t.kind === 'end' ? `missing '${text}'` : undefined);
    return t;
  }

  parseAll(): { expr: Expr; assignedTo?: string } {
    if (this.look().kind === 'end') throw new InputError('the selection is empty');
    let assignedTo: string | undefined;
    const eq = this.tokens.findIndex((t) => t.text === '=' && t.kind === 'op');
    if (eq >= 0) {
      const lhs = this.tokens.slice(0, eq);
      if (lhs.length === 1 && lhs[0].kind === 'name') assignedTo = lhs[0].text;
      else if (lhs.length === 1 && lhs[0].kind === 'cmd' && GREEK.has(lhs[0].text)) assignedTo = lhs[0].text;
      else this.fail(this.tokens[eq], "unexpected '=': select an expression, or y = expression");
      this.i = eq + 1;
    }
    const expr = this.sum();
    if (this.look().kind !== 'end') this.fail(this.look());
    return { expr, assignedTo };
  }

  /** Depth of groups, signs, exponents and function arguments around the current token. */
  private depth = 0;
  private enter(t: Token): void { checkNesting(++this.depth, t.at); }
  private leave(): void { this.depth--; }

  /** A chain of terms, read in a loop and canonicalised once: linear in its length, no nesting. */
  private sum(): Expr {
    const terms = [this.product()];
    while (this.look().kind === 'op' && (this.look().text === '+' || this.look().text === '-')) {
      const op = this.next().text;
      const right = this.product();
      terms.push(op === '+' ? right : neg(right));
    }
    return terms.length === 1 ? terms[0] : add(...terms);
  }

  private product(): Expr {
    const factors = [this.unary()];
    for (;;) {
      const t = this.look();
      if ((t.kind === 'op' && (t.text === '*' || t.text === '/')) || (t.kind === 'cmd' && MULTIPLY.has(t.text))) {
        this.next();
        const right = this.unary();
        factors.push(t.text === '/' ? pow(right, MINUS_ONE) : right);
      } else if (this.startsFactor(t)) {
        if (t.kind === 'num' && this.tokens[this.i - 1].kind === 'num' && !t.split) this.fail(t, 'two numbers in a row need \\cdot between them');
        if (t.kind === 'num' && this.tokens[this.i - 1].kind === 'name' && this.tokens[this.i - 1].at + 1 === t.at) {
          const letter = this.tokens[this.i - 1];
          warn(`read \`${this.written(letter, t)}\` as ${letter.text}·${t.text}; write ${letter.text}_${t.text[0]} for a subscript`);
        }
        factors.push(this.postfix());
      } else return factors.length === 1 ? factors[0] : mul(...factors);
    }
  }

  private startsFactor(t: Token): boolean {
    if (t.kind === 'num' || t.kind === 'name') return true;
    if (t.kind === 'cmd') return !MULTIPLY.has(t.text) && t.text !== 'rvert' && !(t.text === 'vert' && this.inVert);
    return t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{' || (t.text === '|' && !this.inAbs));
  }
  private inAbs = false;
  /** Inside \vert … \vert, where the next \vert closes. */
  private inVert = false;

  private unary(): Expr {
    const t = this.look();
    if (t.kind !== 'op' || (t.text !== '-' && t.text !== '+')) return this.postfix();
    this.next();
    this.enter(t);
    const operand = this.unary();
    this.leave();
    return t.text === '-' ? neg(operand) : operand;
  }

  private postfix(): Expr {
    const base = this.primary();
    if (this.look().kind === 'op' && this.look().text === '^') {
      this.next();
      return pow(base, this.script());
    }
    return base;
  }

  /** The argument of ^ or _: a {group} or a single token (x^2, e^x). */
  private script(): Expr {
    const t = this.look();
    this.enter(t);
    const value = this.scriptValue(t);
    this.leave();
    return value;
  }

  private scriptValue(t: Token): Expr {
    if (t.kind === 'op' && t.text === '{') return this.group();
    if (t.kind === 'num') return this.singleDigit();
    if (t.kind === 'name') {
      this.next();
      this.putBack(t, 1);
      return this.symbolNamed(t.text[0]);
    }
    if (t.kind === 'cmd') return this.primary();
    if (t.kind === 'op' && t.text === '-') { this.next(); return neg(this.script()); }
    return this.fail(t, t.kind === 'end' ? 'an exponent is missing' : undefined);
  }

  /**
   * A number as a one-token argument (x^2, \frac12): TeX takes one digit, x^23 is x^{2}·3. A literal
   * starting with a point (x^.5, \sqrt.5) is read whole: people mean 0.5, not a lone '.'.
   */
  private singleDigit(): Expr {
    const t = this.next();
    if (t.text.startsWith('.')) return readDecimal(t.text, t.at);
    return num(Number(this.firstDigit(t)));
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

  private group(): Expr {
    const open = this.next();
    this.enter(open);
    if (this.look().kind === 'op' && this.look().text === CLOSE[open.text]) this.fail(this.look(), 'empty braces');
    const saved = this.inAbs;
    this.inAbs = false;
    const inner = this.sum();
    this.inAbs = saved;
    this.expect(CLOSE[open.text]);
    this.leave();
    return inner;
  }

  private symbolNamed(name: string): Expr {
    if (name === 'e') return E;
    return sym(name);
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
    } else this.fail(t, 'a subscript is missing');
    return `${name}_${sub}`;
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'num': return readDecimal(t.text, t.at);
      case 'name': return this.name(t);
      case 'cmd': return this.command(t);
      case 'op':
        if (t.text === '(' || t.text === '[' || t.text === '{') { this.i--; return this.group(); }
        if (t.text === '|') return this.absolute(t);
        return this.fail(t);
      default: return this.fail(t);
    }
  }

  private absolute(open: Token): Expr {
    if (this.inAbs) this.fail(open, "nested '|' are ambiguous: use \\left| … \\right|");
    this.inAbs = true;
    this.enter(open);
    const inner = this.sum();
    this.leave();
    this.inAbs = false;
    const close = this.next();
    if (close.text !== '|') this.fail(close, "missing closing '|'");
    return call('abs', [inner]);
  }

  private name(t: Token): Expr {
    const fn = OPERATOR_NAMES[t.text];
    if (fn) {
      // TeX typesets `sin x` as the letters s·i·n; a person means the function
      warn(`read \`${t.text}\` as the function \\${t.text}; without the backslash TeX reads the letters ${[...t.text].join('·')}`);
      return this.functionArgument(fn, t);
    }
    if (t.text === 'pi') {
      warn('read `pi` as π; without the backslash TeX reads p·i (write \\pi)');
      return PI;
    }
    if (t.run) warn(`read \`${t.run}\` as the product ${[...t.run].join('·')}, as TeX does; write \\mathrm{${t.run}} for one name`);
    const name = this.withSubscript(t.text);
    return this.symbolNamed(name);
  }

  private command(t: Token): Expr {
    const name = t.text;
    if (name === 'pi') return PI;
    if (name === 'Gamma' && this.look().kind === 'op' && this.look().text === '(') return this.gamma(t);
    if (name === 'psi' && this.opensPsi()) return this.psi();
    if (GREEK.has(name)) {
      const symbol = sym(this.withSubscript(name));
      const next = this.look();
      if (/^[A-Z]/.test(name) && next.kind === 'op' && next.text === '(' && next.at === t.at + name.length + 1) {
        warn(`read \`\\${name}(…)\` as the symbol ${name} times (…); a function named ${name} is not known`);
      }
      return symbol;
    }
    if (FRACTIONS.has(name)) {
      const n = this.requireGroup(t);
      const d = this.requireGroup(t);
      return div(n, d);
    }
    if (name === 'sqrt') {
      let index: Expr | undefined;
      if (this.look().kind === 'op' && this.look().text === '[') index = this.group();
      const radicand = this.requireGroup(t);
      return index ? pow(radicand, div(num(1), index)) : pow(radicand, HALF);
    }
    if (name === 'mathrm' || name === 'text' || name === 'operatorname' || name === 'mathrm' || name === 'textrm') {
      const word = this.word(t);
      if (name === 'operatorname') {
        const fn = OPERATOR_NAMES[word];
        if (!fn) throw new InputError(`unknown function '\\operatorname{${word}}'`, t.at);
        return this.functionArgument(fn, t);
      }
      if (word === 'e') return E;
      if (OPERATOR_NAMES[word] && this.look().kind === 'op' && this.look().text === '(') return this.functionArgument(OPERATOR_NAMES[word], t);
      return sym(this.withSubscript(word));
    }
    if (name === 'lvert' || name === 'vert') {
      this.enter(t);
      const [savedAbs, savedVert] = [this.inAbs, this.inVert];
      [this.inAbs, this.inVert] = [false, name === 'vert'];
      const inner = this.sum();
      [this.inAbs, this.inVert] = [savedAbs, savedVert];
      this.leave();
      const close = this.next();
      if (close.kind !== 'cmd' || close.text !== (name === 'vert' ? 'vert' : 'rvert')) this.fail(close, `missing '\\${name === 'vert' ? 'vert' : 'rvert'}'`);
      return call('abs', [inner]);
    }
    const fn = COMMANDS[name];
    if (fn) return this.functionArgument(fn, t);
    return this.fail(t, `unknown command '\\${name}'`);
  }

  /** DLMF 5.2.1: Γ(x) is the gamma function. */
  private gamma(t: Token): Expr {
    if (!isKnownFunction('gamma')) throw new InputError('\\Gamma(x) is the gamma function, which this extension cannot differentiate yet', t.at);
    return this.functionArgument('gamma', t);
  }

  /** \psi(x) or \psi^{(n)}(x): the digamma and polygamma functions (DLMF 5.2.2, 5.15.1). */
  private opensPsi(): boolean {
    const [a, b, c] = this.tokens.slice(this.i, this.i + 3);
    return a.kind === 'op' && (a.text === '(' || (a.text === '^' && b?.text === '{' && c?.text === '('));
  }

  private psi(): Expr {
    let order: Expr | undefined;
    if (this.look().text === '^') { this.next(); order = this.group(); }
    if (!(this.look().kind === 'op' && this.look().text === '(')) this.fail(this.look(), "\\psi^{(n)} needs its argument in parentheses: \\psi^{(n)}(x)");
    const argument = this.group();
    return order ? call('polygamma', [order, argument]) : call('digamma', [argument]);
  }

  /** The text of {word}. */
  private word(t: Token): string {
    this.expect('{');
    let w = '';
    while (!(this.look().kind === 'op' && this.look().text === '}')) {
      const p = this.next();
      if (p.kind === 'end') this.fail(p, "missing '}'");
      w += p.text;
    }
    this.next();
    if (!w) this.fail(t, 'empty braces');
    return w;
  }

  private requireGroup(cmd: Token): Expr {
    if (!(this.look().kind === 'op' && this.look().text === '{')) {
      // \frac12 is legal TeX: single-token arguments
      const t = this.look();
      if (t.kind === 'num') return this.singleDigit();
      if (t.kind === 'name') { this.next(); this.putBack(t, 1); return this.symbolNamed(t.text[0]); }
      this.fail(t, t.kind === 'end' ? `'\\${cmd.text}' is missing an argument` : `'\\${cmd.text}' needs an argument in braces`);
    }
    return this.group();
  }

  /** \sin x, \sin^2 x, \sin^{-1} x, \log_2 x, \ln(x), \exp{x}. */
  private functionArgument(fn: string, t: Token): Expr {
    this.enter(t);
    const value = this.functionValue(fn, t);
    this.leave();
    return value;
  }

  /** A bare argument (\sin 2x) ends before the next function or fraction. */
  private startsFunction(t: Token): boolean {
    if (t.kind === 'cmd') return Boolean(COMMANDS[t.text]) || t.text === 'operatorname' || FRACTIONS.has(t.text);
    return t.kind === 'name' && Boolean(OPERATOR_NAMES[t.text]);
  }

  private functionValue(fn: string, t: Token): Expr {
    let power: Expr | undefined;
    let base: Expr | undefined = FIXED_BASE[t.text] === undefined ? undefined : num(FIXED_BASE[t.text]);
    for (;;) {
      if (this.look().kind === 'op' && this.look().text === '^' && !power) { this.next(); power = this.script(); continue; }
      if (this.look().kind === 'op' && this.look().text === '_' && fn === 'log' && !base) { this.next(); base = this.script(); continue; }
      break;
    }
    if (power && power.kind === 'num' && power.value.equals(Rational.MINUS_ONE) && INVERSE[fn]) { fn = INVERSE[fn]; power = undefined; }
    let args: Expr[];
    const p = this.look();
    if (p.kind === 'op' && (p.text === '(' || p.text === '{')) {
      const open = this.next();
      args = [this.sum()];
      while (this.look().kind === 'op' && this.look().text === ',') { this.next(); args.push(this.sum()); }
      this.expect(CLOSE[open.text]);
    } else {
      if (!this.startsFactor(p) || (p.kind === 'cmd' && (COMMANDS[p.text] || p.text === 'operatorname')) || (p.kind === 'name' && OPERATOR_NAMES[p.text])) {
        this.fail(p, p.kind === 'end' ? `'${t.text}' is missing its argument` : `'${t.text}' needs an argument`);
      }
      // a bare argument is the product of the following non-function factors: \sin 2x = sin(2x)
      const factors = [this.postfix()];
      while (this.startsFactor(this.look()) && !this.startsFunction(this.look())) {
        factors.push(this.postfix());
      }
      args = [factors.length === 1 ? factors[0] : mul(...factors)];
    }
    const value = base ? (args.length === 1 ? logBase(args[0], base) : this.fail(t, "'\\log_b' takes one argument")) : applyFunction(fn, args, t.at, t.text);
    return power ? pow(value, power) : value;
  }
}

export function parseLatex(source: string): { expr: Expr; assignedTo?: string } {
  const { text, offset } = stripMathDelimiters(source);
  const trimmed = text.replace(/[.,;]\s*$/, '');
  return new LatexParser(tokenize(trimmed, offset), source).parseAll();
}

// ── Printer ──────────────────────────────────────────────────────────────────

const COMMAND_OUT: Readonly<Record<string, string>> = {
  sin: '\\sin', cos: '\\cos', tan: '\\tan', sec: '\\sec', csc: '\\csc', cot: '\\cot', asin: '\\arcsin', acos: '\\arccos', atan: '\\arctan',
  sinh: '\\sinh', cosh: '\\cosh', tanh: '\\tanh', coth: '\\coth', log: '\\ln', max: '\\max', min: '\\min',
};

/** Every function LaTeX writes (the rest are lowered before printing). */
export const LATEX_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(OPERATOR_NAMES).map((k) => OPERATOR_NAMES[k]).filter((f) => !['log1p', 'expm1', 'hypot', 'exp', 'sqrt'].includes(f)));

function fnName(fn: string): string { return COMMAND_OUT[fn] ?? `\\operatorname{${fn}}`; }

/** The gamma family, in the notation of DLMF 5: Γ(u), ln|Γ(u)|, ψ(u), ψ⁽ⁿ⁾(u). */
function gammaFamily(e: Expr & { kind: 'call' }): string | undefined {
  const [first, second] = e.args;
  switch (e.fn) {
    case 'gamma': return `\\Gamma${argument([first])}`;
    case 'lgamma': return `\\ln\\left|\\Gamma${argument([first])}\\right|`;
    case 'digamma': return `\\psi${argument([first])}`;
    case 'polygamma': return `\\psi^{(${tex(first, 0)})}${argument([second])}`;
    default: return undefined;
  }
}

function symbolName(name: string): string {
  const [head, ...rest] = name.split('_');
  // one letter is a symbol; anything longer (`rate`, `x2`) needs \mathrm, or it reads back as a product
  const h = GREEK.has(head) ? `\\${head}` : head.length > 1 ? `\\mathrm{${head}}` : head;
  return rest.length ? `${h}_{${rest.join('')}}` : h;
}

const enum P { Sum = 1, Product = 2, Unary = 3, Power = 4, Atom = 5 }

export function printLatex(e: Expr): string { return tex(e, 0); }

function tex(e: Expr, outer: P | 0): string {
  checkDeadline();
  const [text, prec] = render(e);
  return prec < outer ? `\\left(${text}\\right)` : text;
}

function render(e: Expr): [string, P] {
  switch (e.kind) {
    case 'num': {
      const v = e.value;
      if (e.decimal) return [v.toDecimalString()!, v.isNegative ? P.Unary : P.Atom];
      if (v.isInteger) return [v.toString(), v.isNegative ? P.Unary : P.Atom];
      const f = `\\frac{${v.abs().num}}{${v.den}}`;
      return v.isNegative ? [`-${f}`, P.Unary] : [f, P.Atom];
    }
    case 'sym': return [symbolName(e.name), P.Atom];
    case 'const': return [e.name === 'pi' ? '\\pi' : 'e', P.Atom];
    case 'add': {
      const terms = orderedTerms(e);
      let out = tex(terms[0], P.Sum);
      for (const t of terms.slice(1)) out += isNegative(t) ? ` - ${tex(neg(t), P.Product)}` : ` + ${tex(t, P.Sum)}`;
      return [out, P.Sum];
    }
    case 'call': {
      if (e.fn === 'abs') return [`\\left|${tex(e.args[0], 0)}\\right|`, P.Atom];
      const special = gammaFamily(e);
      if (special) return [special, P.Atom];
      return [`${fnName(e.fn)}${argument(e.args)}`, P.Atom];
    }
    case 'pow': return isDenominator(e) ? product(asFraction(e)) : power(e.base, e.exp);
    case 'mul': return product(asFraction(e));
  }
}

function argument(args: readonly Expr[]): string {
  const inner = args.map((a) => tex(a, 0)).join(', ');
  return args.length === 1 && (args[0].kind === 'sym' || args[0].kind === 'num' || args[0].kind === 'const') ? `(${inner})` : `\\left(${inner}\\right)`;
}

function power(base: Expr, exp: Expr): [string, P] {
  if (base === E) return [`e^{${tex(exp, 0)}}`, P.Power];
  if (exp.kind === 'num' && !exp.decimal && !exp.value.isInteger && exp.value.num === 1n) {
    const index = exp.value.den === 2n ? '' : `[${exp.value.den}]`;
    return [`\\sqrt${index}{${tex(base, 0)}}`, P.Atom];
  }
  const x = exp.kind === 'num' && !exp.decimal && !exp.value.isInteger ? `\\frac{${exp.value.num}}{${exp.value.den}}` : tex(exp, 0);
  if (base.kind === 'call' && base.fn !== 'abs' && !gammaFamily(base) && exp.kind === 'num' && exp.value.isInteger && !exp.value.isNegative) {
    return [`${fnName(base.fn)}^{${x}}${argument(base.args)}`, P.Power];
  }
  return [`${tex(base, P.Atom)}^{${x}}`, P.Power];
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
  if (denominator.length) {
    text = `\\frac{${top}}{${join(denominator)}}`;
    prec = P.Atom;
  }
  if (f.negative) return [`-${prec < P.Product ? `\\left(${text}\\right)` : text}`, P.Unary];
  return [text, prec === P.Atom || prec === P.Power ? prec : P.Product];
}
