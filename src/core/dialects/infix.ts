// The printer for programming-style notations (plain math, Python, JavaScript, MATLAB, Julia): one
// algorithm, a style per dialect for operators, function names and constants.
import { E, Expr, HALF, isNegative, isNum, neg, Num, splitCoefficient, symbolsOf } from '../expr';
import { Rational } from '../rational';
import { conditionForms, holds, Literal, MAX_ATOMS } from '../truthTable';
import { checkDeadline } from '../budget';
import { COMPLEMENT, PREDICATES } from '../syntax';
import { asFraction, Fraction, joinedWhere, logBasePattern, orderedTerms, writtenBase } from './layout';

export interface InfixStyle {
  /** `^`, `**`, or a function such as `Math.pow`; `squareAsProduct`: a variable's square as x*x (as C code writes it, and JavaScript that does). */
  power: ({ op: string } | { fn: string }) & { squareAsProduct?: boolean };
  /** Name of a function in this dialect, e.g. sin → np.sin. */
  fn(name: string): string;
  /** An argument the dialect writes before a function's own: Julia's cdf(Normal(), z) for Φ(z). */
  firstArgument?(name: string): string | undefined;
  constant(name: 'pi' | 'e'): string;
  /** Writes log(u)/log(b) for a numeric base b, or undefined to keep the quotient (`dot`: the broadcast mark of calls). */
  logBase?(arg: string, base: bigint, dot: string): string | undefined;
  /** How a symbol is written (Python cannot name a variable `lambda`). */
  symbol?(name: string): string;
  /** Spaces around * and /. */
  spacedProducts: boolean;
  /** Product and quotient operators, when not `*` and `/` (MATLAB's element-wise `.*`, `./`). */
  times?: string;
  divide?: string;
  /** JavaScript forbids a unary minus directly before `**`. */
  parenthesizeNegatedPower: boolean;
  /**
   * Array notations (MATLAB, Julia), where every variable may be a vector (x = linspace(…)): operators
   * with a non-constant operand are element-wise — `.*` between two of them, `./` before one, `.^` on
   * one — and constants keep the plain operator (3*x.^2, x/2, 2^(1/3)).
   */
  elementwise?: Elementwise;
  /**
   * How where(c, a, b) is written: JavaScript's conditional `c ? a : b`, or (absent) a call of
   * fn('where'): np.where(c, a, b), Julia's ifelse. Notations with neither lower it first (lower.ts).
   */
  conditional?: 'ternary';
  /** Conditions joined in a where's call, as its notation joins them: Julia's ifelse(x > 0 && x < 3, a, b). */
  logic?: { and: string; or: string };
  /**
   * An or of comparisons used as a number (c₁ + c₂ − c₁·c₂ in the tree), as the notation writes it:
   * MATLAB's (x < 0 | x > 3), `(x < 0) | (x > 3)` where `|` binds tighter than comparisons (numpy, Julia).
   */
  orValue?: { or: string; parenthesized: boolean };
  /**
   * C: a quotient of integers truncates (1/2 is 0) and comparisons are integers, so a fraction prints as
   * 1.0/2, a quotient whose parts are all integers casts its numerator ((double)(x > 0)/2), and a whole
   * number from 2⁵³ as a double literal (100000000000000000000.0).
   */
  integerDivision?: boolean;
  /** C's float code (sinf, 1.0f): its fractions and decimals as float literals (1.0f/3, 0.5f), its casts to float. */
  floatLiterals?: boolean;
  /**
   * Julia: a number coefficient written against the factor after it (2x, 3π, 2(x + 1), 6x^2, as the
   * selection does), not before a name starting with e or f, which would read as a float literal (2e, 2f0).
   */
  juxtaposedCoefficients?: boolean;
  /** Plain math typed with bars: abs(u) as |u|. */
  absoluteBars?: boolean;
  /** Plain math typed with e^u: the exponential as a power of e, not exp(u). */
  eulerPower?: boolean;
}

export interface Elementwise {
  /** The element-wise operators, with their spaces when the notation always spaces them (Julia's ` ./ `). */
  times: string;
  divide: string;
  power: string;
  /** Julia adds a scalar to an array only with a dot: x .+ 1. */
  plus?: string;
  minus?: string;
  /** Julia's broadcast call sin.(x). */
  call?: string;
  /** Julia reads 1./x as an error: a dotted operator after a digit gets spaces (1 ./ x). */
  spaceAfterDigit?: boolean;
  /** A real odd root of a variable (x^(1/3) is complex for x < 0 in MATLAB, an error in Julia), or undefined. */
  realRoot?(base: string, q: bigint): string | undefined;
  /** Julia compares arrays with dotted operators: x .> 0. */
  compare?: string;
}

/** The comparison predicates of the function table, written as operators. */
export const COMPARISON_OPERATORS: Readonly<Record<string, string>> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

const isConstant = (e: Expr) => symbolsOf(e).size === 0;

const enum Prec { Conditional = 1, Comparison = 2, Sum = 3, Product = 4, Unary = 5, Power = 6, Atom = 7 }

export function printInfix(e: Expr, style: InfixStyle): string {
  return new InfixPrinter(style).print(e, 0);
}

class InfixPrinter {
  private readonly ew: Elementwise | undefined;
  constructor(private readonly s: InfixStyle) { this.ew = s.elementwise; }

  private spaced(op: string): string { return this.s.spacedProducts ? ` ${op} ` : op; }

  /** `left op right`; `dotted` picks the element-wise operator, spaced after a digit where the notation needs it. */
  private join(left: string, op: string, dotted: string | undefined, right: string): string {
    if (dotted === undefined) return `${left}${op}${right}`;
    const spaced = op.startsWith(' ') || (this.ew?.spaceAfterDigit === true && /\d$/.test(left));
    return `${left}${spaced && !dotted.startsWith(' ') ? ` ${dotted} ` : dotted}${right}`;
  }

  private times(left: string, right: string, elementwise: boolean): string {
    return this.join(left, this.spaced(this.s.times ?? '*'), elementwise ? this.ew?.times : undefined, right);
  }

  private divide(left: string, right: string, elementwise: boolean): string {
    return this.join(left, this.spaced(this.s.divide ?? '/'), elementwise ? this.ew?.divide : undefined, right);
  }

  /** The broadcast mark of a call whose arguments vary (Julia's sin.(x)). */
  private dot(args: readonly Expr[]): string {
    const mark = this.ew?.call;
    return mark !== undefined && args.some((a) => !isConstant(a)) ? mark : '';
  }

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
      case 'call': {
        const op = COMPARISON_OPERATORS[e.fn];
        if (op) return this.comparison(op, e.args[0], e.args[1]);
        const logic = this.s.conditional === 'ternary' ? { and: '&&', or: '||' } : this.s.logic;
        if (e.fn === 'where' && logic) {
          // c ? (d ? a : b) : b is c && d ? a : b, and c ? a : (d ? a : b) is c || d ? a : b
          const { alternatives, value, otherwise } = joinedWhere(e);
          const condition = alternatives.map((all) => all.map((c) => this.print(c, Prec.Comparison)).join(` ${logic.and} `)).join(` ${logic.or} `);
          if (this.s.conditional === 'ternary') return [`${condition} ? ${this.print(value, Prec.Comparison)} : ${this.print(otherwise, Prec.Conditional)}`, Prec.Conditional];
          if (alternatives.length > 1 || alternatives[0].length > 1) return [`${this.s.fn(e.fn)}(${condition}, ${this.print(value, 0)}, ${this.print(otherwise, 0)})`, Prec.Atom];
        }
        if (e.fn === 'abs' && this.s.absoluteBars) return [`|${this.print(e.args[0], 0)}|`, Prec.Atom];
        const first = this.s.firstArgument?.(e.fn);
        return [`${this.s.fn(e.fn)}${this.dot(e.args)}(${[...(first ? [first] : []), ...e.args.map((a) => this.print(a, 0))].join(', ')})`, Prec.Atom];
      }
      case 'pow': return isDenominator(e) ? this.product(asFraction(e)) : this.power(writtenBase(e.base, e.exp), e.exp);
      case 'mul': return this.product(asFraction(e));
    }
  }

  /** a > b, with Julia's dot when a side varies (x .> 0). */
  private comparison(op: string, left: Expr, right: Expr): [string, Prec] {
    const dotted = this.ew?.compare !== undefined && (!isConstant(left) || !isConstant(right)) ? this.ew.compare : '';
    return [`${this.print(left, Prec.Sum)} ${dotted}${op} ${this.print(right, Prec.Sum)}`, Prec.Comparison];
  }

  private number(n: Num): [string, Prec] {
    const v = n.value;
    const f = this.s.floatLiterals ? 'f' : '';
    if (n.decimal) {
      const d = decimalLook(v.toDecimalString()!);
      return [`${d}${f && /[.e]/.test(d) ? f : ''}`, v.isNegative ? Prec.Unary : Prec.Atom];
    }
    if (v.isInteger) return [`${v}${this.s.integerDivision && (v.num >= LONG_LIMIT || v.num <= -LONG_LIMIT) ? `.0${f}` : ''}`, v.isNegative ? Prec.Unary : Prec.Atom];
    const text = this.divide(`${v.abs().num}${this.s.integerDivision ? `.0${f}` : ''}`, `${v.den}`, false);
    return v.isNegative ? [`-${text}`, Prec.Unary] : [text, Prec.Product];
  }

  private sum(terms: Expr[]): [string, Prec] {
    const or = this.s.orValue ? orOfComparisons(terms) : undefined;
    if (or) {
      const { or: op, parenthesized } = this.s.orValue!;
      const literals = or.map(([name, l, r]) => {
        const [text] = this.comparison(COMPARISON_OPERATORS[name], l, r);
        return parenthesized ? `(${text})` : text;
      });
      return [`(${literals.join(` ${op} `)})`, Prec.Atom];
    }
    let out = this.print(terms[0], Prec.Sum);
    // Julia: an array plus a scalar needs the dot (x .+ 1); two arrays or two scalars do not
    let leftConstant = isConstant(terms[0]);
    for (const t of terms.slice(1)) {
      const constant = isConstant(t);
      const dotted = this.ew?.plus !== undefined && leftConstant !== constant;
      leftConstant &&= constant;
      if (isNegative(t)) out += ` ${dotted ? this.ew!.minus!.trim() : '-'} ${this.print(neg(t), Prec.Product)}`;
      else out += ` ${dotted ? this.ew!.plus!.trim() : '+'} ${this.print(t, Prec.Sum)}`;
    }
    return [out, Prec.Sum];
  }

  private product(f: Fraction): [string, Prec] {
    let { numerator, denominator } = f;
    const log = this.s.logBase && logBasePattern(f);
    let logText: string | undefined;
    let logConstant = true;
    if (log) {
      logText = this.s.logBase!(this.print(log.arg, 0), log.base.value.num, this.dot([log.arg]));
      if (logText !== undefined) ({ numerator, denominator } = log);
      logConstant = isConstant(log.arg);
    }
    // a sum times log_b(u) needs its parentheses too: (4*a + 1)*log2(x)
    const inProduct = numerator.length + (logText !== undefined ? 1 : 0) > 1 || denominator.length > 0;
    const parts = numerator.map((x) => ({ text: this.factor(x, inProduct), constant: isConstant(x) }));
    if (logText !== undefined) parts.push({ text: logText, constant: logConstant });
    if (parts.length > 1 && this.juxtaposes(numerator[0], parts[0].text, parts[1].text)) parts.splice(0, 2, { text: `${parts[0].text}${parts[1].text}`, constant: parts[1].constant });
    let text = parts.length ? parts[0].text : '1';
    let leftConstant = parts.length ? parts[0].constant : true;
    for (const p of parts.slice(1)) {
      text = this.times(text, p.text, !leftConstant && !p.constant);
      leftConstant &&= p.constant;
    }
    // 2x written against its number is a product still: (2x)^(3/2), not 2x^(3/2)
    let prec: Prec = parts.length > 1 || numerator.length > 1 ? Prec.Product : numerator.length === 1 ? this.render(numerator[0])[1] : Prec.Atom;
    if (denominator.length > 0) {
      let den = this.print(denominator[0], denominator.length === 1 ? Prec.Power : Prec.Atom);
      let denConstant = isConstant(denominator[0]);
      if (denominator.length > 1) {
        den = this.factor(denominator[0], true);
        for (const [i, d] of denominator.slice(1).entries()) {
          const next = this.factor(d, true);
          den = i === 0 && this.juxtaposes(denominator[0], den, next) ? `${den}${next}` : this.times(den, next, !denConstant && !isConstant(d));
          denConstant &&= isConstant(d);
        }
        den = `(${den})`;
      }
      if (this.s.integerDivision && logText === undefined && numerator.every(integerValued) && denominator.every(integerValued)) {
        const real = this.s.floatLiterals ? 'float' : 'double';
        text = numerator.length === 0 ? `1.0${this.s.floatLiterals ? 'f' : ''}` : `(${real})${numerator.length > 1 ? `(${text})` : this.print(numerator[0], Prec.Atom)}`;
      }
      text = this.divide(text, den, !denConstant);
      prec = Prec.Product;
    }
    if (f.negative) {
      const startsWithPower = numerator.length > 0 && numerator[0].kind === 'pow' && this.render(numerator[0])[1] === Prec.Power;
      if (prec < Prec.Product) return [`-(${text})`, Prec.Unary];
      // JavaScript: the power alone in parentheses, as written there: -(x ** 2) / 2
      if (this.s.parenthesizeNegatedPower && startsWithPower) return [`-(${parts[0].text})${text.slice(parts[0].text.length)}`, Prec.Unary];
      return [`-${text}`, Prec.Unary];
    }
    return [text, prec];
  }

  /** Whether the number `first` (printed `text`) is written against the factor printed `next` (the style's juxtaposedCoefficients). */
  private juxtaposes(first: Expr, text: string, next: string): boolean {
    return this.s.juxtaposedCoefficients === true && first.kind === 'num' && /^\d+(\.\d+)?$/.test(text) && /^(?![eEf])[\p{L}_(]/u.test(next);
  }

  /** One factor of a product: sums and negative numbers need parentheses there (a square written x*x does not). */
  private factor(e: Expr, inProduct: boolean): string {
    return this.print(e, inProduct && !(e.kind === 'pow' && this.squareAsProduct(e.base, e.exp)) ? Prec.Power : 0);
  }

  /** Whether base^exp prints as x*x (the style's squareAsProduct). */
  private squareAsProduct(base: Expr, exp: Expr): boolean {
    const p = this.s.power;
    return p.squareAsProduct === true && base.kind === 'sym' && isNum(exp, 2);
  }

  /** A power with a non-negative exponent (negative ones are denominators). */
  private power(base: Expr, exp: Expr): [string, Prec] {
    if (base === E && !this.s.eulerPower) return [`${this.s.fn('exp')}${this.dot([exp])}(${this.print(exp, 0)})`, Prec.Atom];
    if (exp.kind === 'num' && exp.value.equals(HALF.value)) return [`${this.s.fn('sqrt')}${this.dot([base])}(${this.print(base, 0)})`, Prec.Atom];
    const p = this.s.power;
    const elementwise = !isConstant(base) || !isConstant(exp);
    if (elementwise && this.ew?.realRoot && exp.kind === 'num' && !exp.value.isInteger && exp.value.den % 2n === 1n) {
      const root = this.ew.realRoot(this.print(base, 0), exp.value.den);
      if (root !== undefined) {
        if (exp.value.num === 1n) return [root, Prec.Atom];
        if ('fn' in p) return [`${p.fn}(${root}, ${exp.value.num})`, Prec.Atom];
        return [this.join(root, p.op, this.ew.power, `${exp.value.num}`), Prec.Power];
      }
    }
    if (this.squareAsProduct(base, exp)) {
      const x = this.print(base, Prec.Atom);
      return [`${x}${this.spaced('*')}${x}`, Prec.Product];
    }
    if ('fn' in p) return [`${p.fn}(${this.print(base, 0)}, ${this.print(exp, 0)})`, Prec.Atom];
    const b = this.print(base, Prec.Atom);
    return [this.join(b, p.op, elementwise ? this.ew?.power : undefined, this.print(exp, Prec.Atom)), Prec.Power];
  }
}


/** Whole numbers from 2⁵³ print in C as double literals (with .0): from 2⁶³ no integer type holds them, and they are doubles in a result anyway. */
const LONG_LIMIT = 2n ** 53n;

/** A value C computes as an integer: a whole number, a comparison, a condition, and sums, products and conditionals of them. */
function integerValued(e: Expr): boolean {
  switch (e.kind) {
    case 'num': return e.value.isInteger && !e.decimal;
    case 'add': return e.terms.every(integerValued);
    case 'mul': return e.factors.every(integerValued);
    case 'call': return e.fn === 'where' ? integerValued(e.args[1]) && integerValued(e.args[2]) : PREDICATES.has(e.fn);
    default: return false;
  }
}

/**
 * A sum that is 1 where one of two or three comparisons holds and 0 elsewhere (the indicator of an or,
 * c₁ + c₂ − c₁·c₂, which is how the tree keeps one): those comparisons, or undefined. Terms are whole
 * multiples of products of comparisons, or whole numbers.
 */
function orOfComparisons(terms: readonly Expr[]): [string, Expr, Expr][] | undefined {
  const atoms: (Expr & { kind: 'call' })[] = [];
  const atomOf = (c: Expr & { kind: 'call' }): Literal => {
    const i = atoms.findIndex((a) => a.key === c.key || (a.fn === COMPLEMENT[c.fn] && a.args[0].key === c.args[0].key && a.args[1].key === c.args[1].key));
    if (i >= 0) return [i, atoms[i].key === c.key];
    return [atoms.push(c) - 1, true];
  };
  const parts: { coefficient: Rational; literals: Literal[] }[] = [];
  for (const t of terms) {
    const [c, rest] = splitCoefficient(t);
    if (!c.value.isInteger) return undefined;
    const factors = rest.kind === 'mul' ? rest.factors : rest.kind === 'num' ? [] : [rest];
    if (!factors.every((f) => f.kind === 'call' && COMPLEMENT[f.fn] !== undefined)) return undefined;
    parts.push({ coefficient: c.value, literals: (factors as (Expr & { kind: 'call' })[]).map(atomOf) });
  }
  if (atoms.length < 2 || atoms.length > MAX_ATOMS) return undefined;
  const set: boolean[] = [];
  for (let row = 0; row < 1 << atoms.length; row++) {
    const value = parts.filter((p) => p.literals.every((l) => holds(row, l))).reduce((v, p) => v.add(p.coefficient), Rational.ZERO);
    if (!value.isZero && !value.isOne) return undefined;
    set.push(value.isOne);
  }
  const or = conditionForms(set, atoms.length).find((form) => form.length > 1);
  const literals = or?.map(([[i, positive]]): [string, Expr, Expr] => [positive ? atoms[i].fn : COMPLEMENT[atoms[i].fn], atoms[i].args[0], atoms[i].args[1]]);
  // one variable against numbers reads along the line: x < 0 | x > 3
  const along = literals?.every(([, l, r]) => l.key === literals[0][1].key && r.kind === 'num');
  return along ? literals!.sort((a, b) => (a[2] as Num).value.compare((b[2] as Num).value)) : literals;
}

/** A power that reads as a denominator: x^-2 → 1/x^2 (but e^-x stays a power). */
export function isDenominator(e: Expr & { kind: 'pow' }): boolean {
  return e.exp.kind === 'num' && e.exp.value.isNegative && e.base !== E;
}

/**
 * A decimal as people write it: positional for ordinary sizes, scientific (1e300, 1.5e-30) from 10^16
 * up and below 10^-4, the thresholds of Python's repr, rather than hundreds of zeros.
 */
export function decimalLook(positional: string): string {
  const negative = positional.startsWith('-');
  const body = negative ? positional.slice(1) : positional;
  const [whole, fraction = ''] = body.split('.');
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return positional;
  // exponent of the first significant digit
  const exponent = whole.replace(/^0+/, '').length > 0 ? whole.replace(/^0+/, '').length - 1 : -(fraction.length - fraction.replace(/^0+/, '').length + 1);
  if (exponent < 16 && exponent >= -4) return positional;
  const significant = digits.replace(/0+$/, '');
  const mantissa = significant.length > 1 ? `${significant[0]}.${significant.slice(1)}` : significant;
  return `${negative ? '-' : ''}${mantissa}e${exponent}`;
}
