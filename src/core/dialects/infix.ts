// The printer for programming-style notations (plain math, Python, JavaScript): one algorithm,
// a style per dialect for operators, function names and constants.
import { E, Expr, HALF, isNegative, neg, Num } from '../expr';
import { checkDeadline } from '../budget';
import { asFraction, Fraction, logBasePattern, orderedTerms } from './layout';

export interface InfixStyle {
  /** `^`, `**`, or a function such as `Math.pow`. */
  power: { op: string } | { fn: string };
  /** Name of a function in this dialect, e.g. sin → np.sin. */
  fn(name: string): string;
  constant(name: 'pi' | 'e'): string;
  /** Writes log(u)/log(b) for a numeric base b, or undefined to keep the quotient. */
  logBase?(arg: string, base: bigint): string | undefined;
  /** How a symbol is written (Python cannot name a variable `lambda`). */
  symbol?(name: string): string;
  /** Spaces around * and /. */
  spacedProducts: boolean;
  /** Product and quotient operators, when not `*` and `/` (MATLAB's element-wise `.*`, `./`). */
  times?: string;
  divide?: string;
  /** JavaScript forbids a unary minus directly before `**`. */
  parenthesizeNegatedPower: boolean;
}

const enum Prec { Sum = 1, Product = 2, Unary = 3, Power = 4, Atom = 5 }

export function printInfix(e: Expr, style: InfixStyle): string {
  return new InfixPrinter(style).print(e, 0);
}

class InfixPrinter {
  constructor(private readonly s: InfixStyle) {}

  private get mulOp() { const op = this.s.times ?? '*'; return this.s.spacedProducts ? ` ${op} ` : op; }
  private get divOp() { const op = this.s.divide ?? '/'; return this.s.spacedProducts ? ` ${op} ` : op; }

  print(e: Expr, outer: Prec | 0): string {
    checkDeadline();
    const [text, prec] = this.render(e);
    return prec < outer ? `(${text})` : text;
  }

  private render(e: Expr): [string, Prec] {
    switch (e.kind) {
      case 'num': return this.number(e);
      case 'sym': return [this.s.symbol ? this.s.symbol(e.name) : e.name, Prec.Atom];
      case 'const': return [this.s.constant(e.name), Prec.Atom];
      case 'add': return this.sum(orderedTerms(e));
      case 'call': return [`${this.s.fn(e.fn)}(${e.args.map((a) => this.print(a, 0)).join(', ')})`, Prec.Atom];
      case 'pow': return isDenominator(e) ? this.product(asFraction(e)) : this.power(e.base, e.exp);
      case 'mul': return this.product(asFraction(e));
    }
  }

  private number(n: Num): [string, Prec] {
    const v = n.value;
    if (n.decimal) {
      const d = v.toDecimalString()!;
      return [d, v.isNegative ? Prec.Unary : Prec.Atom];
    }
    if (v.isInteger) return [v.toString(), v.isNegative ? Prec.Unary : Prec.Atom];
    const text = `${v.abs().num}${this.divOp}${v.den}`;
    return v.isNegative ? [`-${text}`, Prec.Unary] : [text, Prec.Product];
  }

  private sum(terms: Expr[]): [string, Prec] {
    let out = this.print(terms[0], Prec.Sum);
    for (const t of terms.slice(1)) {
      out += isNegative(t) ? ` - ${this.print(neg(t), Prec.Product)}` : ` + ${this.print(t, Prec.Sum)}`;
    }
    return [out, Prec.Sum];
  }

  private product(f: Fraction): [string, Prec] {
    let { numerator, denominator } = f;
    const log = this.s.logBase && logBasePattern(f);
    let logText: string | undefined;
    if (log) {
      logText = this.s.logBase!(this.print(log.arg, 0), log.base.value.num);
      if (logText !== undefined) ({ numerator, denominator } = log);
    }
    const parts = numerator.map((x) => this.factor(x, numerator.length > 1 || denominator.length > 0));
    if (logText !== undefined) parts.push(logText);
    let text = parts.length ? parts.join(this.mulOp) : '1';
    let prec: Prec = parts.length > 1 ? Prec.Product : numerator.length === 1 ? this.render(numerator[0])[1] : Prec.Atom;
    if (denominator.length > 0) {
      const den = denominator.length === 1
        ? this.print(denominator[0], Prec.Power)
        : `(${denominator.map((x) => this.factor(x, true)).join(this.mulOp)})`;
      text = `${text}${this.divOp}${den}`;
      prec = Prec.Product;
    }
    if (f.negative) {
      const startsWithPower = numerator.length > 0 && numerator[0].kind === 'pow' && this.render(numerator[0])[1] === Prec.Power;
      const needsParens = prec < Prec.Product || (this.s.parenthesizeNegatedPower && startsWithPower);
      return [`-${needsParens ? `(${text})` : text}`, Prec.Unary];
    }
    return [text, prec];
  }

  /** One factor of a product: sums and negative numbers need parentheses there. */
  private factor(e: Expr, inProduct: boolean): string {
    return this.print(e, inProduct ? Prec.Power : 0);
  }

  /** A power with a non-negative exponent (negative ones are denominators). */
  private power(base: Expr, exp: Expr): [string, Prec] {
    if (base === E) return [`${this.s.fn('exp')}(${this.print(exp, 0)})`, Prec.Atom];
    if (exp.kind === 'num' && exp.value.equals(HALF.value)) return [`${this.s.fn('sqrt')}(${this.print(base, 0)})`, Prec.Atom];
    const p = this.s.power;
    if ('fn' in p) return [`${p.fn}(${this.print(base, 0)}, ${this.print(exp, 0)})`, Prec.Atom];
    const b = this.print(base, Prec.Atom);
    return [`${b}${p.op}${this.print(exp, Prec.Atom)}`, Prec.Power];
  }
}


/** A power that reads as a denominator: x^-2 → 1/x^2 (but e^-x stays a power). */
export function isDenominator(e: Expr & { kind: 'pow' }): boolean {
  return e.exp.kind === 'num' && e.exp.value.isNegative && e.base !== E;
}
