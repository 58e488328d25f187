// Plain math: `x^2 sin(x)`, implicit multiplication, `ln`, `log(x, b)`, `e`, `pi`.
import { InputError } from '../api';
import { add, div, E, Expr, mul, neg, num, PI, pow, sub, sym } from '../expr';
import { call, isKnownFunction, logBase } from '../functions';
import { Rational } from '../rational';
import { InfixStyle, printInfix } from './infix';

type TokenKind = 'num' | 'name' | 'op' | 'end';
interface Token { kind: TokenKind; text: string; at: number; /** whitespace precedes it */ spaced: boolean }

const ALIASES: Readonly<Record<string, string>> = { ln: 'log', arcsin: 'asin', arccos: 'acos', arctan: 'atan', arcsinh: 'asinh', arccosh: 'acosh', arctanh: 'atanh' };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/^(),=]))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    const start = pos + (m ? m[0].length - m[0].trimStart().length : src.slice(pos).length - src.slice(pos).trimStart().length);
    if (!m) throw new InputError(`unexpected character '${src[start]}'`, start);
    const spaced = start > pos;
    out.push({ kind: m[1] ? 'num' : m[2] ? 'name' : 'op', text: m[1] ?? m[2] ?? m[3], at: start, spaced });
    pos = re.lastIndex;
  }
  out.push({ kind: 'end', text: '', at: src.length, spaced: true });
  return out;
}

class PlainParser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

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

  parseAll(): Expr {
    if (this.look().kind === 'end') throw new InputError('the selection is empty');
    const e = this.sum();
    const t = this.look();
    if (t.kind !== 'end') this.fail(t, t.text === ')' ? "unmatched ')'" : t.text === '=' ? "unexpected '=': select an expression, not an equation" : undefined);
    return e;
  }

  private sum(): Expr {
    let left = this.product();
    while (this.look().text === '+' || this.look().text === '-') {
      const op = this.next().text;
      const right = this.product();
      left = op === '+' ? add(left, right) : sub(left, right);
    }
    return left;
  }

  private product(): Expr {
    let left = this.unary();
    let afterDivision = false;
    for (;;) {
      const t = this.look();
      if (t.text === '*' || t.text === '/') {
        this.next();
        const right = this.unary();
        left = t.text === '*' ? mul(left, right) : div(left, right);
        afterDivision = t.text === '/';
      } else if (t.text === '**') {
        this.fail(t, "use '^' for powers in plain math");
      } else if (this.startsImplicitFactor(t)) {
        if (afterDivision) this.fail(t, 'ambiguous implicit multiplication after a division: add * or parentheses');
        left = mul(left, this.power());
      } else return left;
    }
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
    if (this.look().text === '-') { this.next(); return neg(this.unary()); }
    if (this.look().text === '+') { this.next(); return this.unary(); }
    return this.power();
  }

  private power(): Expr {
    const base = this.primary();
    if (this.look().text === '^') { this.next(); return pow(base, this.unary()); }
    return base;
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'num') return num(Rational.parseDecimal(t.text), /[.eE]/.test(t.text));
    if (t.text === '(') {
      const inner = this.sum();
      this.expect(')');
      return inner;
    }
    if (t.kind === 'name') return this.name(t);
    return this.fail(t);
  }

  private name(t: Token): Expr {
    const fn = ALIASES[t.text] ?? t.text;
    const opensCall = this.look().text === '(' && !this.look().spaced;
    if (isKnownFunction(fn)) {
      if (!opensCall) this.fail(this.look(), `the function '${t.text}' needs its argument in parentheses: ${t.text}(…)`);
      return this.callArgs(t, fn);
    }
    if (opensCall) throw new InputError(`unknown function '${t.text}' (write ${t.text}*(…) for a product)`, t.at);
    if (t.text === 'pi') return PI;
    if (t.text === 'e') return E;
    return sym(t.text);
  }

  private callArgs(t: Token, fn: string): Expr {
    this.expect('(');
    const args: Expr[] = [this.sum()];
    while (this.look().text === ',') { this.next(); args.push(this.sum()); }
    this.expect(')');
    return applyFunction(fn, args, t.at, t.text);
  }
}

/** Applies a named function to parsed arguments, checking the arity; shared by every front-end. */
export function applyFunction(fn: string, args: Expr[], at: number, written = fn): Expr {
  if (fn === 'log' && args.length === 2) return logBase(args[0], args[1]);
  const arity = fn === 'hypot' ? 2 : 1;
  if (args.length !== arity) throw new InputError(`'${written}' takes ${arity === 1 ? 'one argument' : `${arity} arguments`}, got ${args.length}`, at);
  return call(fn, args);
}

export function parsePlain(src: string): Expr {
  return new PlainParser(tokenize(src)).parseAll();
}

/** Functions plain math writes by name (others are lowered before printing). */
export const PLAIN_FUNCTIONS: ReadonlySet<string> = new Set([
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'asec', 'acsc',
  'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth', 'asinh', 'acosh', 'atanh', 'acoth', 'asech', 'acsch',
  'log', 'abs', 'sign',
]);

export const PLAIN_STYLE: InfixStyle = {
  power: { op: '^' },
  fn: (name) => name,
  constant: (name) => name,
  logBase: (arg, base) => `log(${arg}, ${base})`,
  spacedProducts: false,
  parenthesizeNegatedPower: false,
};

export function printPlain(e: Expr): string { return printInfix(e, PLAIN_STYLE); }
