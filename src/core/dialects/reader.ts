// The reader shared by the calculator-style notations (plain math, MATLAB/Octave, Julia): one
// tokenizer and precedence parser, configured per notation by a grammar.
import { InputError } from '../api';
import { add, Expr, MINUS_ONE, mul, neg, num, Num, pow, sym } from '../expr';
import { checkDeadline, checkNesting } from '../budget';
import { call, logBase } from '../functions';
import { Rational } from '../rational';
import { greekToName } from './greek';

export interface Grammar {
  /** Implicit multiplication: everywhere a person would (plain), after a number literal only (Julia), never (MATLAB). */
  implicit: 'full' | 'coefficient' | 'none';
  power: readonly string[];
  times: readonly string[];
  divide: readonly string[];
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
}

type TokenKind = 'num' | 'name' | 'op' | 'end';
interface Token { kind: TokenKind; text: string; at: number; /** whitespace precedes it */ spaced: boolean }

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const space = /\s*/y;
  const re = /(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_\u0370-\u03ff\u212f][A-Za-z0-9_\u0370-\u03ff]*)|(\*\*|\.\^|\.\*|\.\/|\.\(|[-+*/^(),=;])/y;
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
  }
  out.push({ kind: 'end', text: '', at: src.length, spaced: true });
  return out;
}

export interface ReadResult { expr: Expr; assignedTo?: string }

class Reader {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly g: Grammar) {}

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
  private isOp(t: Token, ops: readonly string[]): boolean { return t.kind === 'op' && ops.includes(t.text); }

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
    if (t.kind !== 'end') this.fail(t, t.text === ')' ? "unmatched ')'" : t.text === '=' ? "unexpected '=': select an expression, or y = expression" : undefined);
    return { expr, assignedTo };
  }

  /** Depth of parentheses, calls, unary signs and exponents around the current token. */
  private depth = 0;
  private enter(t: Token): void { checkNesting(++this.depth, t.at); }
  private leave(): void { this.depth--; }

  /** A chain of terms, read in a loop and canonicalised once: linear in its length, no nesting. */
  private sum(): Expr {
    const terms = [this.product()];
    while (this.look().text === '+' || this.look().text === '-') {
      const op = this.next().text;
      const right = this.product();
      terms.push(op === '+' ? right : neg(right));
    }
    return terms.length === 1 ? terms[0] : add(...terms);
  }

  private product(): Expr {
    const factors = [this.unary()];
    let afterDivision = false;
    for (;;) {
      const t = this.look();
      if (t.kind === 'op' && this.g.forbidden?.[t.text]) this.fail(t, this.g.forbidden[t.text]);
      if (this.isOp(t, this.g.times) || this.isOp(t, this.g.divide)) {
        this.next();
        const right = this.unary();
        const divides = this.isOp(t, this.g.divide);
        factors.push(divides ? pow(right, MINUS_ONE) : right);
        afterDivision = divides;
      } else if (this.startsImplicitFactor(t)) {
        if (afterDivision) this.fail(t, 'ambiguous implicit multiplication after a division: add * or parentheses');
        factors.push(this.power());
      } else return factors.length === 1 ? factors[0] : mul(...factors);
    }
  }

  /** Implicit multiplication: 2x, 2(x+1), (a)(b), x sin(x) — never inside a word. */
  private startsImplicitFactor(t: Token): boolean {
    const prev = this.tokens[this.i - 1];
    if (this.g.implicit === 'none') return false;
    if (this.g.implicit === 'coefficient') return prev.kind === 'num' && !t.spaced && (t.kind === 'name' || t.text === '(');
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
    if (t.text !== '-' && t.text !== '+') return this.power();
    this.next();
    this.enter(t);
    const operand = this.unary();
    this.leave();
    return t.text === '-' ? neg(operand) : operand;
  }

  private power(): Expr {
    const base = this.primary();
    const t = this.look();
    if (!this.isOp(t, this.g.power)) return base;
    this.next();
    this.enter(t);
    const exponent = this.unary();
    this.leave();
    return pow(base, exponent);
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'num') return readDecimal(t.text, t.at);
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
  return new Reader(tokenize(source), grammar).readAll();
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
  const arity = fn === 'hypot' ? 2 : 1;
  if (args.length !== arity) throw new InputError(`'${written}' takes ${arity === 1 ? 'one argument' : `${arity} arguments`}, got ${args.length}`, at);
  return call(fn, args);
}

