// The reader shared by the calculator-style notations (plain math, MATLAB/Octave, Julia): one
// tokenizer and precedence parser, configured per notation by a grammar.
import { InputError } from '../api';
import { add, Expr, MINUS_ONE, mul, neg, num, Num, pow, sym } from '../expr';
import { checkDeadline, checkNesting } from '../budget';
import { call, FUNCTIONS, logBase, SHORTHANDS } from '../functions';
import { Rational } from '../rational';
import { greekToName } from './greek';

export interface Grammar {
  /**
   * Implicit multiplication: everywhere a person would (plain); Julia's juxtaposition, after a numeric
   * literal or a closing parenthesis (2x, 2(x + 1), (x + 1)x); never (MATLAB).
   */
  implicit: 'full' | 'julia' | 'none';
  power: readonly string[];
  /**
   * How a chain of powers groups. Right: x^2^3 = x^(2^3) (plain, Julia). Left, as MATLAB and Octave do
   * ("operators of equal precedence evaluate left to right"): x^2^3 = (x^2)^3, and an exponent is its
   * signs and one operand: 2^-x^2 = (2^-x)^2.
   */
  powerChain: 'right' | 'left';
  plus?: readonly string[];
  minus?: readonly string[];
  times: readonly string[];
  divide: readonly string[];
  /** Left division a\b = b/a (MATLAB, Julia), at the precedence of * and /. */
  leftDivide?: readonly string[];
  /** Julia's rational a//b, binding tighter than * and /. */
  rational?: string;
  /** Postfix transposes: on a real scalar the (conjugate) transpose is the scalar itself. */
  transpose?: readonly string[];
  /** Prefix operators such as Julia's √ and ∛. */
  prefix?: Readonly<Record<string, (u: Expr) => Expr>>;
  /** Number literals: decimals (plain), with hexadecimal and binary (MATLAB), with `1_000` and the `1./x` rule (Julia). */
  numbers: 'decimal' | 'matlab' | 'julia';
  /** Blanks comments and line continuations (keeping every column where it was). */
  blankComments?: (src: string) => string;
  /** Function names of the notation → the engine's functions. */
  functions: Readonly<Record<string, string>>;
  /** Calls that are not plain functions: log(b, x) in Julia, nthroot in MATLAB. */
  special?: (name: string, args: Expr[], at: number) => Expr | undefined;
  constants: Readonly<Record<string, Expr>>;
  /** Operators that are mistakes in this notation, with the message to show. */
  forbidden?: Readonly<Record<string, string>>;
  /** Julia's broadcasting call sin.(x) reads as sin(x). */
  dotCall?: boolean;
  /** Accepts `y = expression` (and a closing `;`), reading the right-hand side. */
  assignment?: boolean;
  /** Plain math: a short name whose letters are variables of the selection (`xe^x`) is their product. */
  splitNames?: (tokens: Token[]) => Token[];
}

type TokenKind = 'num' | 'name' | 'op' | 'end';
export interface Token { kind: TokenKind; text: string; at: number; /** whitespace precedes it */ spaced: boolean }

const DECIMAL = String.raw`\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?`;
const NUMBERS: Record<Grammar['numbers'], string> = {
  decimal: DECIMAL,
  matlab: String.raw`0[xX][0-9a-fA-F]+|0[bB][01]+|${DECIMAL}`,
  // Julia: 0x10, 0b101, 0o17, and digit groups 1_000 (Integers and Floating-Point Numbers)
  julia: String.raw`0x[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0b[01]+(?:_[01]+)*|0o[0-7]+(?:_[0-7]+)*|\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?(?:[eE][+-]?\d+)?|\.\d+(?:_\d+)*(?:[eE][+-]?\d+)?`,
};
const NAME = String.raw`[A-Za-z_\u0370-\u03ff\u212f][A-Za-z0-9_\u0370-\u03ff]*`;
const OPERATOR = String.raw`\*\*|\.\^|\.\*|\.\/|\.\\|\.\+|\.-|\.'|\.\(|\/\/|[-+*/^\\(),=;'√∛∜]`;
const patterns = new Map<string, RegExp>();

function tokenize(src: string, g: Grammar): Token[] {
  const out: Token[] = [];
  const space = /\s*/y;
  let re = patterns.get(g.numbers);
  if (!re) patterns.set(g.numbers, (re = new RegExp(`(${NUMBERS[g.numbers]})|(${NAME})|(${OPERATOR})`, 'y')));
  let pos = 0;
  while (pos < src.length) {
    checkDeadline();
    space.lastIndex = pos;
    space.exec(src);
    const start = space.lastIndex;
    if (start >= src.length) break;
    re.lastIndex = start;
    const m = re.exec(src);
    if (!m) throw new InputError(`unexpected character '${String.fromCodePoint(src.codePointAt(start)!)}'`, start);
    out.push({ kind: m[1] ? 'num' : m[2] ? 'name' : 'op', text: m[1] ?? m[2] ?? m[3], at: start, spaced: start > pos });
    pos = re.lastIndex;
    // Julia refuses 1./x, 2.^x, 1.*x: "invalid syntax "1./"; add space(s) to clarify"
    if (g.numbers === 'julia' && m[1]?.endsWith('.') && /^[-+*/^\\%<>=&|÷']/.test(src.slice(pos, pos + 1))) {
      throw new InputError(`'${m[1]}${src[pos]}' is invalid syntax in Julia (${m[1]}0${src[pos]} or ${m[1].slice(0, -1)} .${src[pos]}?): add a space to clarify`, start);
    }
  }
  out.push({ kind: 'end', text: '', at: src.length, spaced: true });
  return g.splitNames ? g.splitNames(out) : out;
}

export interface ReadResult { expr: Expr; assignedTo?: string }

const PLUS = ['+'], MINUS = ['-'];

class Reader {
  private i = 0;
  private readonly plus: readonly string[];
  private readonly minus: readonly string[];
  constructor(private readonly tokens: Token[], private readonly g: Grammar) {
    this.plus = g.plus ?? PLUS;
    this.minus = g.minus ?? MINUS;
  }

  private look(): Token { return this.tokens[this.i]; }
  private next(): Token { return this.tokens[this.i++]; }
  private fail(t: Token, what?: string): never {
    if (t.kind === 'end') throw new InputError(what ?? 'the expression is incomplete', t.at);
    throw new InputError(what ?? `unexpected '${t.text}'`, t.at);
  }
  private expect(text: string): Token {
    const t = this.next();
    if (t.text !== text) this.fail(t, t.kind === 'end' ? `missing '${text}'` : `expected '${text}' but found '${t.text}'`);
    return t;
  }
  private isOp(t: Token, ops: readonly string[] | undefined): boolean { return t.kind === 'op' && ops !== undefined && ops.includes(t.text); }

  readAll(): ReadResult {
    if (this.look().kind === 'end') throw new InputError('the selection is empty');
    let assignedTo: string | undefined;
    if (this.g.assignment && this.look().kind === 'name' && this.tokens[1].text === '=') {
      assignedTo = this.next().text;
      this.next();
    }
    const expr = this.sum();
    if (this.g.assignment && this.look().text === ';') this.next();
    const t = this.look();
    if (t.kind !== 'end') this.fail(t, this.trailing(t));
    return { expr, assignedTo };
  }

  private trailing(t: Token): string | undefined {
    if (t.text === ')') return "unmatched ')'";
    if (t.text === '=') return "unexpected '=': select an expression, or y = expression";
    const prev = this.tokens[this.i - 1];
    // Julia: (x + 1)(x - 1) calls the value of x + 1 (Juxtaposition: "neither juxtaposition of two
    // parenthesized expressions … can be used to imply multiplication")
    if (this.g.implicit === 'julia' && t.text === '(' && prev.text === ')' && !t.spaced) return "'(…)(…)' is a call in Julia, not a product: write * between them";
    return undefined;
  }

  /** Depth of parentheses, calls, unary signs and exponents around the current token. */
  private depth = 0;
  private enter(t: Token): void { checkNesting(++this.depth, t.at); }
  private leave(): void { this.depth--; }

  /** A chain of terms, read in a loop and canonicalised once: linear in its length, no nesting. */
  private sum(): Expr {
    const terms = [this.product()];
    for (;;) {
      const t = this.look();
      const negative = this.isOp(t, this.minus);
      if (!negative && !this.isOp(t, this.plus)) break;
      this.next();
      const right = this.product();
      terms.push(negative ? neg(right) : right);
    }
    return terms.length === 1 ? terms[0] : add(...terms);
  }

  private product(): Expr {
    let factors = [this.operand()];
    let afterDivision = false;
    for (;;) {
      const t = this.look();
      if (t.kind === 'op' && this.g.forbidden?.[t.text]) this.fail(t, this.g.forbidden[t.text]);
      if (this.isOp(t, this.g.times) || this.isOp(t, this.g.divide)) {
        this.next();
        const right = this.operand();
        const divides = this.isOp(t, this.g.divide);
        factors.push(divides ? pow(right, MINUS_ONE) : right);
        afterDivision = divides;
      } else if (this.isOp(t, this.g.leftDivide)) {
        // a*b\c = (a*b)\c = c/(a*b)
        this.next();
        factors = [pow(mul(...factors), MINUS_ONE), this.operand()];
        afterDivision = false;
      } else if (this.g.implicit === 'full' && this.startsImplicitFactor(t)) {
        if (afterDivision) this.fail(t, 'ambiguous implicit multiplication after a division: add * or parentheses');
        factors.push(this.power());
      } else return factors.length === 1 ? factors[0] : mul(...factors);
    }
  }

  /** An operand of * and /: Julia's rationals and juxtapositions bind tighter ("1 / 2im equals -0.5im"). */
  private operand(): Expr {
    if (this.g.implicit !== 'julia') return this.unary();
    let value = this.juxtaposed();
    while (this.g.rational && this.look().text === this.g.rational) {
      this.next();
      value = mul(value, pow(this.juxtaposed(), MINUS_ONE));
    }
    return value;
  }

  /**
   * Julia's juxtaposition: a numeric literal before a name, a parenthesis or a root (2x, 2(x + 1), 2√x),
   * a closing parenthesis before a name ((x + 1)x); never across a space. It binds
   * looser than unary operators (-2x is (-2)x, √2x is (√2)x) and tighter than * and / (Julia manual,
   * Numeric Literal Coefficients).
   */
  private juxtaposed(): Expr {
    const factors = [this.unary()];
    while (this.juxtaposes()) factors.push(this.unary());
    return factors.length === 1 ? factors[0] : mul(...factors);
  }

  private juxtaposes(): boolean {
    const t = this.look(), prev = this.tokens[this.i - 1];
    if (t.spaced) return false;
    if (prev.kind === 'num') return t.kind === 'name' || t.text === '(' || (t.kind === 'op' && this.g.prefix?.[t.text] !== undefined);
    // x'A is valid Julia, but an adjoint times a matrix: vector algebra, which x'*A*x is read as
    if (this.isOp(prev, this.g.transpose) && t.kind === 'name') this.fail(t, `an adjoint followed by '${t.text}' is vector algebra: write * between them`);
    return prev.text === ')' && t.kind === 'name';
  }

  /** Implicit multiplication: 2x, 2(x+1), (a)(b), x sin(x) — never inside a word. */
  private startsImplicitFactor(t: Token): boolean {
    const prev = this.tokens[this.i - 1];
    if (t.kind === 'num') {
      if (prev.kind === 'num' || prev.kind === 'name' || prev.text === ')') this.fail(t, `a number after '${prev.text}' needs an explicit '*'`);
      return false;
    }
    if (t.kind === 'name') return true;
    if (t.text === '(') return prev.kind === 'num' || prev.text === ')' || (prev.kind === 'name' && t.spaced);
    return false;
  }

  private unary(): Expr {
    const t = this.look();
    const negative = this.isOp(t, this.minus);
    const root = t.kind === 'op' ? this.g.prefix?.[t.text] : undefined;
    if (!negative && !root && !this.isOp(t, this.plus)) return this.power();
    this.next();
    this.enter(t);
    const operand = this.unary();
    this.leave();
    return negative ? neg(operand) : root ? root(operand) : operand;
  }

  private power(): Expr {
    let base = this.postfix(this.primary());
    if (this.g.powerChain === 'left') {
      // MATLAB/Octave: left to right, each exponent its signs and one operand; the tree nests one
      // level per power, so the chain counts towards the nesting limit
      let levels = 0;
      while (this.isOp(this.look(), this.g.power)) {
        this.enter(this.next());
        levels++;
        base = this.postfix(pow(base, this.signed()));
      }
      this.depth -= levels;
      return base;
    }
    const t = this.look();
    if (!this.isOp(t, this.g.power)) return base;
    this.next();
    this.enter(t);
    // Julia: 2^3x is 2^(3x), x^2y is x^(2y) — a coefficient binds tighter than ^ on its right
    const exponent = this.g.implicit === 'julia' ? this.juxtaposed() : this.unary();
    this.leave();
    return pow(base, exponent);
  }

  /** An exponent in MATLAB: signs, then one operand (x^-2, 2^-x). */
  private signed(): Expr {
    const t = this.look();
    const negative = this.isOp(t, this.minus);
    if (!negative && !this.isOp(t, this.plus)) return this.primary();
    this.next();
    this.enter(t);
    const operand = this.signed();
    this.leave();
    return negative ? neg(operand) : operand;
  }

  /** Transposes written after an operand (x', x.'), unspaced: the identity on a real scalar. */
  private postfix(e: Expr): Expr {
    while (this.isOp(this.look(), this.g.transpose) && !this.look().spaced) this.next();
    return e;
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'num') return readNumber(t.text, t.at);
    if (t.text === '(') {
      this.enter(t);
      const inner = this.sum();
      this.expect(')');
      this.leave();
      return inner;
    }
    if (t.kind === 'name') return this.name(t);
    return this.fail(t);
  }

  private name(t: Token): Expr {
    const next = this.look();
    const opensCall = (next.text === '(' && !next.spaced) || (this.g.dotCall === true && next.text === '.(');
    const fn = this.g.functions[t.text];
    if (fn || (opensCall && this.g.special)) {
      if (!opensCall) this.fail(next, `the function '${t.text}' needs its argument in parentheses: ${t.text}(…)`);
      return this.callArgs(t, fn);
    }
    if (opensCall) throw new InputError(`unknown function '${t.text}'${this.g.implicit === 'full' ? ` (write ${t.text}*(…) for a product)` : ''}`, t.at);
    return this.g.constants[t.text] ?? sym(greekToName(t.text));
  }

  private callArgs(t: Token, fn: string | undefined): Expr {
    this.enter(this.next());
    const args: Expr[] = [this.sum()];
    while (this.look().text === ',') { this.next(); args.push(this.sum()); }
    this.expect(')');
    this.leave();
    const special = this.g.special?.(t.text, args, t.at);
    if (special) return special;
    if (!fn) throw new InputError(`unknown function '${t.text}'`, t.at);
    return applyFunction(fn, args, t.at, t.text);
  }
}

export function read(source: string, grammar: Grammar): ReadResult {
  const text = grammar.blankComments ? grammar.blankComments(source) : source;
  return new Reader(tokenize(text, grammar), grammar).readAll();
}

/** A number literal: decimal, or (MATLAB, Julia) hexadecimal, binary, octal, with `_` between digit groups. */
function readNumber(text: string, at: number): Num {
  const digits = text.replace(/_/g, '');
  if (/^0[xXbBo]/.test(digits)) return num(Rational.of(BigInt(digits.replace(/^0[oO]/, '0o'))));
  return readDecimal(digits, at);
}

/** A decimal literal read exactly (`0.5`, `1e-3`), refused with its column when too large to hold. */
export function readDecimal(text: string, at: number): Num {
  try {
    return num(Rational.parseDecimal(text), /[.eE]/.test(text));
  } catch (e) {
    if (e instanceof InputError && e.offset < 0) throw new InputError(e.detail, at);
    throw e;
  }
}

/** Applies a named function to parsed arguments, checking the arity; shared by every front-end. */
export function applyFunction(fn: string, args: Expr[], at: number, written = fn): Expr {
  if (fn === 'log' && args.length === 2) return logBase(args[0], args[1]);
  const shorthand = SHORTHANDS.get(fn);
  const arity = shorthand?.arity ?? FUNCTIONS.get(fn)?.arity ?? 1;
  if (args.length !== arity) throw new InputError(`'${written}' takes ${arity === 1 ? 'one argument' : `${arity} arguments`}, got ${args.length}`, at);
  return shorthand ? shorthand.expand(args) : call(fn, args);
}

