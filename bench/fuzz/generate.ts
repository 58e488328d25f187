// Random expressions as people write them, printed faithfully in every dialect and as SymPy input.
// One seeded tree per case: the dialect text goes to our engine, the SymPy text to the reference, so a
// disagreement is the engine's fault, not the generator's.
import type { Dialect } from '../../src/core/api';
import { mulberry32 } from '../../src/core/random';

export type Fn =
  | 'sin' | 'cos' | 'tan' | 'sec' | 'csc' | 'cot' | 'asin' | 'acos' | 'atan' | 'acot'
  | 'sinh' | 'cosh' | 'tanh' | 'sech' | 'csch' | 'coth' | 'asinh' | 'acosh' | 'atanh'
  | 'exp' | 'log' | 'sqrt' | 'cbrt' | 'abs' | 'sign' | 'log1p' | 'expm1' | 'log10' | 'log2' | 'hypot';

/** A constant whose C value is an int: an integer literal, or sums, products and negations of them. */
function integerValued(n: Node): boolean {
  switch (n.k) {
    case 'int': return true;
    case 'neg': return integerValued(n.x);
    case 'add': return n.terms.every((t) => integerValued(t.x));
    case 'mul': return n.factors.every(integerValued);
    default: return false;
  }
}

export type Node =
  | { k: 'int'; v: number }
  | { k: 'frac'; p: number; q: number }
  | { k: 'dec'; text: string }
  | { k: 'sym'; name: string }
  | { k: 'const'; name: 'pi' | 'e' }
  | { k: 'add'; terms: { minus: boolean; x: Node }[] }
  | { k: 'mul'; factors: Node[] }
  | { k: 'div'; n: Node; d: Node }
  | { k: 'pow'; b: Node; e: Node }
  | { k: 'neg'; x: Node }
  | { k: 'call'; fn: Fn; args: Node[] };

export interface FuzzCase {
  id: number;
  dialect: Dialect;
  /** The expression in its dialect, as a person would select it. */
  source: string;
  /** The same expression for the SymPy reference (names from bench/fuzz_sympy.py's namespace). */
  sympy: string;
  wrt: string;
  order: number;
  /** Writing conventions used, to group failures (e.g. latex-juxtaposed-letters). */
  styles: string[];
}

// ── Randomness ───────────────────────────────────────────────────────────────

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) { this.next = mulberry32(seed); }
  float(): number { return this.next(); }
  chance(p: number): boolean { return this.next() < p; }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  weighted<T>(options: readonly [number, T][]): T {
    let r = this.next() * options.reduce((s, [w]) => s + w, 0);
    for (const [w, x] of options) { if ((r -= w) < 0) return x; }
    return options[options.length - 1][1];
  }
}

// ── Trees ────────────────────────────────────────────────────────────────────

const int = (v: number): Node => ({ k: 'int', v });
const sym = (name: string): Node => ({ k: 'sym', name });
const call = (fn: Fn, ...args: Node[]): Node => ({ k: 'call', fn, args });
const div = (n: Node, d: Node): Node => ({ k: 'div', n, d });
const pow = (b: Node, e: Node): Node => ({ k: 'pow', b, e });
const add = (...xs: Node[]): Node => ({ k: 'add', terms: xs.map((x) => ({ minus: false, x })) });
const sub = (a: Node, b: Node): Node => ({ k: 'add', terms: [{ minus: false, x: a }, { minus: true, x: b }] });

const FUNCTION_WEIGHTS: readonly [number, Fn][] = [
  [4, 'sin'], [4, 'cos'], [3, 'tan'], [1.5, 'sec'], [1, 'csc'], [1, 'cot'],
  [2, 'asin'], [2, 'acos'], [3, 'atan'], [0.5, 'acot'],
  [2, 'sinh'], [2, 'cosh'], [2, 'tanh'], [0.5, 'sech'], [0.5, 'csch'], [0.5, 'coth'],
  [2, 'asinh'], [1.5, 'acosh'], [1.5, 'atanh'],
  [5, 'exp'], [5, 'log'], [5, 'sqrt'], [1, 'cbrt'], [2.5, 'abs'], [1, 'sign'],
  [0.7, 'log1p'], [0.7, 'expm1'], [0.7, 'log10'], [0.4, 'log2'], [0.6, 'hypot'],
];

const VARIABLE_POOL = ['x', 'y', 'z', 't', 'a', 'b', 'k', 'u', 'w', 's'];
const MAX_NODES = 30;

export function size(n: Node): number {
  switch (n.k) {
    case 'add': return 1 + n.terms.reduce((s, t) => s + size(t.x), 0);
    case 'mul': return 1 + n.factors.reduce((s, f) => s + size(f), 0);
    case 'div': return 1 + size(n.n) + size(n.d);
    case 'pow': return 1 + size(n.b) + size(n.e);
    case 'neg': return 1 + size(n.x);
    case 'call': return 1 + n.args.reduce((s, a) => s + size(a), 0);
    default: return 1;
  }
}

export function symbolsIn(n: Node, out = new Set<string>()): Set<string> {
  switch (n.k) {
    case 'sym': out.add(n.name); break;
    case 'add': n.terms.forEach((t) => symbolsIn(t.x, out)); break;
    case 'mul': n.factors.forEach((f) => symbolsIn(f, out)); break;
    case 'div': symbolsIn(n.n, out); symbolsIn(n.d, out); break;
    case 'pow': symbolsIn(n.b, out); symbolsIn(n.e, out); break;
    case 'neg': symbolsIn(n.x, out); break;
    case 'call': n.args.forEach((a) => symbolsIn(a, out)); break;
  }
  return out;
}

class TreeMaker {
  constructor(private readonly r: Rng, private readonly vars: readonly string[]) {}

  private variable(): Node { return sym(this.vars[Math.min(this.vars.length - 1, Math.floor(this.r.float() ** 1.3 * this.vars.length))]); }

  private coefficient(): Node {
    return this.r.weighted<() => Node>([
      [6, () => int(this.r.int(2, 9))],
      [2, () => { const [p, q] = this.r.pick([[1, 2], [1, 3], [4, 3], [3, 2], [2, 3], [5, 4], [1, 4]] as const); return { k: 'frac', p, q }; }],
      [1, () => ({ k: 'dec', text: this.r.pick(['0.5', '1.5', '2.5', '0.25', '0.1']) })],
      [1, () => this.variable()],
    ])();
  }

  leaf(): Node {
    return this.r.weighted<() => Node>([
      [10, () => this.variable()],
      [3, () => int(this.r.int(1, 9))],
      [1, () => this.coefficient()],
      [0.6, () => ({ k: 'const', name: this.r.chance(0.6) ? 'pi' : 'e' })],
    ])();
  }

  /** 3*x, x*b, 4/3*y, 2*x^2. */
  private otherVariable(than: Node): Node {
    const others = this.vars.filter((v) => than.k !== 'sym' || v !== than.name);
    return others.length ? sym(this.r.pick(others)) : than;
  }

  term(v: Node = this.variable()): Node {
    const body = this.r.chance(0.15) ? pow(v, int(this.r.int(2, 3))) : this.r.chance(0.15) ? { k: 'mul' as const, factors: [v, this.otherVariable(v)] } : v;
    return this.r.chance(0.75) ? { k: 'mul', factors: [this.coefficient(), ...(body.k === 'mul' ? body.factors : [body])] } : body;
  }

  /** 3*x - 2*y, a*x - 2*b, 2*b - a*x. */
  linear(): Node {
    const n = this.r.int(2, 3);
    const start = this.r.int(0, this.vars.length - 1);
    const terms = Array.from({ length: n }, (_, i) => ({
      minus: i > 0 ? this.r.chance(0.6) : this.r.chance(0.15),
      x: i === n - 1 && this.r.chance(0.3) ? this.coefficient() : this.term(sym(this.vars[(start + i) % this.vars.length])),
    }));
    return { k: 'add', terms };
  }

  expr(depth: number): Node {
    if (depth <= 0) return this.r.chance(0.35) ? this.term() : this.leaf();
    const d = depth - 1;
    return this.r.weighted<() => Node>([
      [16, () => ({ k: 'add', terms: Array.from({ length: this.r.int(2, 3) }, (_, i) => ({ minus: i > 0 ? this.r.chance(0.45) : this.r.chance(0.1), x: this.expr(d) })) })],
      [13, () => ({ k: 'mul', factors: this.r.chance(0.45) ? [this.coefficient(), this.expr(d)] : [this.expr(d), this.expr(d)] })],
      [10, () => div(this.r.chance(0.3) ? int(this.r.int(1, 5)) : this.expr(d), this.r.chance(0.4) ? this.linear() : this.expr(d))],
      [18, () => this.power(d)],
      [28, () => this.functionCall(d)],
      [9, () => this.linear()],
      [3, () => ({ k: 'neg', x: this.expr(d) })],
    ])();
  }

  private power(d: number): Node {
    const base = () => (this.r.chance(0.4) ? this.linear() : this.expr(d));
    return this.r.weighted<() => Node>([
      [35, () => pow(base(), int(this.r.int(2, 4)))],
      [18, () => pow(base(), { k: 'neg', x: int(this.r.int(1, 3)) })],
      [20, () => { const [p, q] = this.r.pick([[1, 2], [1, 3], [3, 2], [2, 3], [5, 2]] as const); return pow(base(), { k: 'frac', p, q }); }],
      [5, () => pow(base(), { k: 'neg', x: { k: 'frac', p: this.r.pick([1, 3]), q: 2 } })],
      [3, () => pow(base(), { k: 'dec', text: this.r.pick(['0.5', '1.5']) })],
      [9, () => pow(int(this.r.pick([2, 3, 10])), this.expr(d))],
      [5, () => pow(this.variable(), this.variable())],
    ])();
  }

  private functionCall(d: number): Node {
    const fn = this.r.weighted(FUNCTION_WEIGHTS);
    const arg = () => (this.r.chance(0.35) ? this.linear() : this.expr(d));
    return fn === 'hypot' ? call(fn, arg(), arg()) : call(fn, arg());
  }
}

// ── Dialect rewrites: functions a notation has no name for, written the way its users write them ──

function mapTree(n: Node, f: (n: Node) => Node): Node {
  const m = (x: Node) => mapTree(x, f);
  switch (n.k) {
    case 'add': return f({ k: 'add', terms: n.terms.map((t) => ({ minus: t.minus, x: m(t.x) })) });
    case 'mul': return f({ k: 'mul', factors: n.factors.map(m) });
    case 'div': return f(div(m(n.n), m(n.d)));
    case 'pow': return f(pow(m(n.b), m(n.e)));
    case 'neg': return f({ k: 'neg', x: m(n.x) });
    case 'call': return f({ k: 'call', fn: n.fn, args: n.args.map(m) });
    default: return f(n);
  }
}

const RECIPROCALS: Partial<Record<Fn, Fn>> = { sec: 'cos', csc: 'sin', cot: 'tan', sech: 'cosh', csch: 'sinh', coth: 'tanh' };

/** Python and JavaScript have no sec, csc, cot, acot, sech, csch, coth: 1/cos(u), atan(1/u). */
function withoutReciprocals(n: Node): Node {
  return mapTree(n, (x) => {
    if (x.k !== 'call') return x;
    const r = RECIPROCALS[x.fn];
    if (r) return div(int(1), call(r, x.args[0]));
    if (x.fn === 'acot') return call('atan', div(int(1), x.args[0]));
    return x;
  });
}

/** LaTeX has no log1p, expm1, hypot: ln(1 + u), e^u - 1, sqrt(u^2 + v^2). */
function latexRewrites(n: Node): Node {
  return mapTree(n, (x) => {
    if (x.k !== 'call') return x;
    if (x.fn === 'log1p') return call('log', add(int(1), x.args[0]));
    if (x.fn === 'expm1') return sub(call('exp', x.args[0]), int(1));
    if (x.fn === 'hypot') return call('sqrt', add(pow(x.args[0], int(2)), pow(x.args[1], int(2))));
    return x;
  });
}

// ── Infix printers (plain, Python, JavaScript, MATLAB, Julia) ───────────────

const enum Prec { Sum = 1, Product = 2, Unary = 3, Power = 4, Atom = 5 }

interface InfixDialect {
  power(base: string, exp: string): string;
  times: string;
  divide: string;
  /** `3x`, `2sin(x)`: a number literal juxtaposed before a name or a parenthesis. */
  implicitCoefficient: boolean;
  /** `x^-2` is read as x^(-2). */
  bareNegativeExponent: boolean;
  /** JavaScript forbids a unary minus directly before `**`. */
  noUnaryBeforePower: boolean;
  /** `Math.pow(a, b)`: powers print as calls (atoms). */
  powerIsCall: boolean;
  /** C: a quotient of integers truncates, so fractions are written 3.0/4. */
  integerDivision?: boolean;
  constant(name: 'pi' | 'e'): string;
  symbol(name: string): string;
  call(fn: Fn, args: string[], node: Node & { k: 'call' }): string;
}

class InfixWriter {
  constructor(private readonly d: InfixDialect, private readonly r: Rng) {}

  print(n: Node, outer: Prec | 0): string {
    const [text, prec] = this.render(n);
    return prec < outer ? `(${text})` : text;
  }

  private render(n: Node): [string, Prec] {
    const d = this.d;
    switch (n.k) {
      case 'int': return [String(n.v), Prec.Atom];
      case 'frac': return [`${n.p}${d.integerDivision ? '.0' : ''}/${n.q}`, Prec.Product];
      case 'dec': return [n.text, Prec.Atom];
      case 'sym': return [d.symbol(n.name), Prec.Atom];
      case 'const': return [d.constant(n.name), Prec.Atom];
      case 'add': {
        let out = '';
        n.terms.forEach((t, i) => {
          const leadingMinus = t.x.k === 'neg' || (t.x.k === 'add' && t.x.terms[0].minus);
          const text = leadingMinus ? `(${this.print(t.x, 0)})` : this.print(t.x, t.minus ? Prec.Product : Prec.Sum);
          if (i === 0) out = t.minus ? this.negate(t.x, Prec.Unary) : text;
          else out += t.minus ? ` - ${text}` : ` + ${text}`;
        });
        return [out, Prec.Sum];
      }
      case 'mul': {
        const [first, ...rest] = n.factors;
        let out = this.print(first, Prec.Power);
        rest.forEach((f, i) => {
          const text = this.print(f, Prec.Power);
          const juxtapose = i === 0 && d.implicitCoefficient && (first.k === 'int' || first.k === 'dec') && /^[A-Za-z(π]/.test(text) && f.k !== 'const' && this.r.chance(0.5);
          out += juxtapose ? text : d.times + text;
        });
        return [out, Prec.Product];
      }
      case 'div': {
        const numerator = this.print(n.n, Prec.Product);
        // C divides integers as integers: 3.0/(9*3), (double)(1 + 2)/3, as a person writing a fraction in C does
        const real = d.integerDivision && integerValued(n.n) && integerValued(n.d);
        const written = !real ? numerator : n.n.k === 'int' ? `${numerator}.0` : `(double)${this.print(n.n, Prec.Atom)}`;
        return [`${written}${d.divide}${this.print(n.d, Prec.Power)}`, Prec.Product];
      }
      case 'pow': {
        if (d.powerIsCall) return [d.power(this.print(n.b, 0), this.print(n.e, 0)), Prec.Atom];
        const base = this.print(n.b, Prec.Atom);
        const bareNegative = d.bareNegativeExponent && n.e.k === 'neg' && n.e.x.k === 'int' && this.r.chance(0.5);
        const exp = bareNegative ? `-${n.e.k === 'neg' && n.e.x.k === 'int' ? n.e.x.v : ''}` : this.print(n.e, Prec.Atom);
        return [d.power(base, exp), d.powerIsCall ? Prec.Atom : Prec.Power];
      }
      case 'neg': return [this.negate(n.x, Prec.Unary), Prec.Unary];
      case 'call': {
        const text = d.call(n.fn, n.args.map((a) => this.print(a, 0)), n);
        return [text, text.startsWith('e^') ? Prec.Power : Prec.Atom];
      }
    }
  }

  /** -x, -6*x, -x^2; JavaScript: -(x ** 2), -(x ** 2 * y). */
  private negate(x: Node, _level: Prec): string {
    const [text, prec] = this.render(x);
    const wrap = prec < Prec.Product || (this.d.noUnaryBeforePower && this.startsWithPower(x)) || x.k === 'neg';
    return `-${wrap ? `(${text})` : text}`;
  }

  private startsWithPower(x: Node): boolean {
    if (this.d.powerIsCall) return false;
    switch (x.k) {
      case 'pow': return true;
      case 'mul': return this.render(x.factors[0])[1] === Prec.Power;
      case 'div': return this.render(x.n)[1] === Prec.Power || (x.n.k === 'mul' && this.startsWithPower(x.n));
      default: return false;
    }
  }
}

// ── LaTeX printer ────────────────────────────────────────────────────────────

const LATEX_COMMANDS: Partial<Record<Fn, string>> = {
  sin: '\\sin', cos: '\\cos', tan: '\\tan', sec: '\\sec', csc: '\\csc', cot: '\\cot', asin: '\\arcsin', acos: '\\arccos', atan: '\\arctan',
  sinh: '\\sinh', cosh: '\\cosh', tanh: '\\tanh', coth: '\\coth',
};
const LATEX_OPERATORS: Partial<Record<Fn, string[]>> = {
  acot: ['arccot'], sech: ['sech'], csch: ['csch'], asinh: ['arsinh', 'asinh', 'arcsinh'], acosh: ['arcosh', 'acosh'], atanh: ['artanh', 'atanh'],
  sign: ['sgn', 'sign'],
};
const LATEX_INVERSE: Partial<Record<Fn, string>> = { asin: '\\sin', acos: '\\cos', atan: '\\tan', asinh: '\\sinh', acosh: '\\cosh', atanh: '\\tanh' };

class LatexWriter {
  constructor(private readonly r: Rng, private readonly styles: Set<string>, private readonly inAbs = { depth: 0 }) {}

  /** `tail`: nothing is juxtaposed after this text, so `\sin x` cannot swallow a following factor. */
  print(n: Node, outer: Prec | 0, tail: boolean): string {
    const [text, prec] = this.render(n, tail);
    return prec < outer ? `\\left(${text}\\right)` : text;
  }

  private render(n: Node, tail: boolean): [string, Prec] {
    switch (n.k) {
      case 'int': return [String(n.v), Prec.Atom];
      case 'frac': return [`\\frac{${n.p}}{${n.q}}`, Prec.Atom];
      case 'dec': return [n.text, Prec.Atom];
      case 'sym': return [n.name === 'theta' ? '\\theta' : n.name, Prec.Atom];
      case 'const': return [n.name === 'pi' ? '\\pi' : 'e', Prec.Atom];
      case 'add': {
        let out = '';
        n.terms.forEach((t, i) => {
          const leadingMinus = t.x.k === 'neg' || (t.x.k === 'add' && t.x.terms[0].minus);
          const text = leadingMinus ? `\\left(${this.print(t.x, 0, true)}\\right)` : this.print(t.x, t.minus ? Prec.Product : Prec.Sum, true);
          if (i === 0) out = t.minus ? `-${this.print(t.x, Prec.Product, true)}` : text;
          else out += t.minus ? ` - ${text}` : ` + ${text}`;
        });
        return [out, Prec.Sum];
      }
      case 'mul': {
        const parts = n.factors.map((f, i) => ({ f, last: i === n.factors.length - 1 }));
        let out = '';
        parts.forEach(({ f, last }, i) => {
          const sep = i === 0 ? '' : this.r.weighted<string>([[6, ' '], [3, ' \\cdot '], [0.5, ' \\times ']]);
          const juxtaposed = sep === ' ';
          const text = this.print(f, Prec.Power, last && tail);
          if (i === 0) { out = text; return; }
          // a number after another factor needs \cdot (x 2 reads as x2); a factor starting with '-' too
          if (juxtaposed && /^[\d.-]/.test(text)) { out += ` \\cdot ${text}`; return; }
          const prev = parts[i - 1].f;
          if (juxtaposed && prev.k === 'sym' && f.k === 'sym' && prev.name.length === 1 && f.name.length === 1 && this.r.chance(0.03)) {
            this.styles.add('latex-juxtaposed-letters');
            out += text;
            return;
          }
          out += juxtaposed && (prev.k === 'int' || prev.k === 'dec' || prev.k === 'frac') ? text : sep + text;
        });
        return [out, Prec.Product];
      }
      case 'div': return [`\\frac{${this.print(n.n, 0, true)}}{${this.print(n.d, 0, true)}}`, Prec.Atom];
      case 'pow': return this.power(n.b, n.e);
      case 'neg': return [`-${this.print(n.x, Prec.Unary, tail)}`, Prec.Unary];
      case 'call': return this.call(n, tail);
    }
  }

  private script(e: Node): string {
    if (e.k === 'int' && e.v < 10 && this.r.chance(0.5)) return `^${e.v}`;
    if (e.k === 'sym' && e.name.length === 1 && this.r.chance(0.3)) return `^${e.name}`;
    if (e.k === 'frac' && this.r.chance(0.3)) return `^{${e.p}/${e.q}}`;
    return `^{${this.print(e, 0, true)}}`;
  }

  private power(b: Node, e: Node): [string, Prec] {
    if (b.k === 'call' && e.k === 'int' && b.fn !== 'abs' && b.fn !== 'sqrt' && b.fn !== 'cbrt' && b.fn !== 'exp' && b.fn !== 'hypot' && this.r.chance(0.6)) {
      // \sin^{2}\left(x\right): the power of a function value
      const name = this.functionName(b.fn, false);
      if (name) return [`${name}${this.script(e)}${this.parenthesized(b.args)}`, Prec.Power];
    }
    // a fraction is parenthesized before a power, as people write it: \left(\frac{a}{b}\right)^{2}
    const base = b.k === 'div' ? `\\left(${this.print(b, 0, true)}\\right)` : this.print(b, Prec.Atom, true);
    return [`${base}${this.script(e)}`, Prec.Power];
  }

  private parenthesized(args: Node[]): string {
    const inner = args.map((a) => this.print(a, 0, true)).join(', ');
    return this.r.chance(0.5) ? `\\left(${inner}\\right)` : `(${inner})`;
  }

  private functionName(fn: Fn, allowInverse: boolean): string | undefined {
    if (allowInverse && LATEX_INVERSE[fn] && this.r.chance(0.15)) return `${LATEX_INVERSE[fn]}^{-1}`;
    if (LATEX_COMMANDS[fn]) return LATEX_COMMANDS[fn];
    const names = LATEX_OPERATORS[fn];
    if (names) return `\\operatorname{${this.r.pick(names)}}`;
    if (fn === 'log') return this.r.chance(0.7) ? '\\ln' : '\\log';
    return undefined;
  }

  private call(n: Node & { k: 'call' }, tail: boolean): [string, Prec] {
    const [u] = n.args;
    switch (n.fn) {
      case 'sqrt': return [`\\sqrt{${this.print(u, 0, true)}}`, Prec.Atom];
      case 'cbrt': return [`\\sqrt[3]{${this.print(u, 0, true)}}`, Prec.Atom];
      case 'exp': return this.r.chance(0.75) ? [`e^{${this.print(u, 0, true)}}`, Prec.Power] : [`\\exp${this.parenthesized([u])}`, Prec.Atom];
      case 'abs': {
        this.inAbs.depth++;
        const inner = this.print(u, 0, true);
        this.inAbs.depth--;
        if (this.inAbs.depth > 0) {
          // an inner |u|: \lvert u \rvert, or \left| u \right| (which TeX pairs unambiguously)
          if (this.r.chance(0.3)) { this.styles.add('latex-nested-left-bars'); return [`\\left|${inner}\\right|`, Prec.Atom]; }
          return [`\\lvert ${inner} \\rvert`, Prec.Atom];
        }
        if (inner.includes('|')) return [`\\left|${inner}\\right|`, Prec.Atom];
        return [this.r.chance(0.7) ? `\\left|${inner}\\right|` : `|${inner}|`, Prec.Atom];
      }
      case 'log10': return [`\\log_{10}${this.parenthesized([u])}`, Prec.Atom];
      case 'log2': return [`\\log_2${this.parenthesized([u])}`, Prec.Atom];
    }
    const name = this.functionName(n.fn, true)!;
    // \sin x, \ln 2x: a bare argument only where nothing can be juxtaposed after it
    const simple = u.k === 'sym' || (u.k === 'mul' && u.factors.length === 2 && u.factors[0].k === 'int' && u.factors[1].k === 'sym');
    if (tail && simple && this.r.chance(0.5)) {
      const arg = u.k === 'sym' ? this.print(u, 0, true) : `${(u as { factors: Node[] }).factors.map((f) => this.print(f, 0, true)).join('')}`;
      return [`${name} ${arg}`, Prec.Product];
    }
    return [`${name}${this.parenthesized(n.args)}`, Prec.Atom];
  }
}

// ── SymPy ────────────────────────────────────────────────────────────────────

/** Functions the reference names differently: real |u|, sign and cube root (see fuzz_sympy.py). */
const SYMPY_NAMES: Partial<Record<Fn, string>> = { abs: 'rabs', sign: 'rsign', cbrt: 'rcbrt' };

export function toSympy(n: Node): string {
  const p = (x: Node) => `(${toSympy(x)})`;
  switch (n.k) {
    case 'int': return `Integer(${n.v})`;
    case 'frac': return `Rational(${n.p}, ${n.q})`;
    case 'dec': return `Rational('${n.text}')`;
    case 'sym': return n.name;
    case 'const': return n.name === 'pi' ? 'pi' : 'E';
    case 'add': return n.terms.map((t, i) => `${t.minus ? '-' : i ? '+' : ''}${p(t.x)}`).join(' ');
    case 'mul': return n.factors.map(p).join('*');
    case 'div': return `${p(n.n)}/${p(n.d)}`;
    case 'pow': return `${p(n.b)}**${p(n.e)}`;
    case 'neg': return `-${p(n.x)}`;
    case 'call':
      switch (n.fn) {
        case 'log10': return `log(${toSympy(n.args[0])}, 10)`;
        case 'log2': return `log(${toSympy(n.args[0])}, 2)`;
        case 'log1p': return `log(1 + ${p(n.args[0])})`;
        case 'expm1': return `(exp(${toSympy(n.args[0])}) - 1)`;
        case 'hypot': return `sqrt(${p(n.args[0])}**2 + ${p(n.args[1])}**2)`;
        default: return `${SYMPY_NAMES[n.fn] ?? n.fn}(${n.args.map(toSympy).join(', ')})`;
      }
  }
}

// ── Dialects ─────────────────────────────────────────────────────────────────

function infixDialect(dialect: Exclude<Dialect, 'latex'>, r: Rng, styles: Set<string>): InfixDialect {
  const spaced = r.chance(dialect === 'python' || dialect === 'javascript' ? 0.5 : 0.2);
  const op = (o: string) => (spaced ? ` ${o} ` : o);
  const plainPower = (b: string, e: string) => `${b}^${e}`;
  const greek = (name: string) => name;
  switch (dialect) {
    case 'plain': {
      const names: Partial<Record<Fn, () => string>> = { asin: () => r.pick(['asin', 'arcsin']), acos: () => r.pick(['acos', 'arccos']), atan: () => r.pick(['atan', 'arctan']), log: () => r.pick(['log', 'ln']) };
      return {
        power: plainPower, times: op('*'), divide: op('/'), implicitCoefficient: true, bareNegativeExponent: true, noUnaryBeforePower: false, powerIsCall: false,
        constant: (c) => c, symbol: greek,
        call: (fn, args) => {
          if (fn === 'exp' && r.chance(0.3)) return `e^(${args[0]})`;
          if (fn === 'log10') return `log(${args[0]}, 10)`;
          if (fn === 'log2') return `log(${args[0]}, 2)`;
          return `${names[fn]?.() ?? fn}(${args.join(', ')})`;
        },
      };
    }
    case 'python': {
      const module = r.weighted([[8, 'np'], [1, 'numpy']] as [number, string][]);
      styles.add(`python-${module}`);
      const NP: Partial<Record<Fn, string>> = { asin: 'arcsin', acos: 'arccos', atan: 'arctan', asinh: 'arcsinh', acosh: 'arccosh', atanh: 'arctanh' };
      const usePowerCall = r.chance(0.05);
      return {
        power: usePowerCall ? (b, e) => { styles.add('python-np.power'); return `${module}.power(${b}, ${e})`; } : (b, e) => `${b}${spaced ? ' ** ' : '**'}${e}`,
        times: op('*'), divide: op('/'), implicitCoefficient: false, bareNegativeExponent: true, noUnaryBeforePower: false, powerIsCall: usePowerCall,
        constant: (c) => `${module}.${c}`, symbol: greek,
        call: (fn, args) => {
          if (fn === 'abs' && r.chance(0.3)) return `abs(${args[0]})`;
          return `${module}.${NP[fn] ?? fn}(${args.join(', ')})`;
        },
      };
    }
    case 'javascript': {
      const mathPow = r.chance(0.2);
      return {
        power: mathPow ? (b, e) => { styles.add('javascript-Math.pow'); return `Math.pow(${b}, ${e})`; } : (b, e) => `${b} ** ${e}`,
        times: op('*'), divide: op('/'), implicitCoefficient: false, bareNegativeExponent: true, noUnaryBeforePower: true, powerIsCall: mathPow,
        constant: (c) => (c === 'pi' ? 'Math.PI' : 'Math.E'), symbol: greek,
        call: (fn, args) => `Math.${fn}(${args.join(', ')})`,
      };
    }
    case 'matlab': {
      const elementwise = r.chance(0.5);
      styles.add(elementwise ? 'matlab-elementwise' : 'matlab-scalar');
      return {
        power: (b, e) => `${b}${elementwise ? '.^' : '^'}${e}`,
        times: op(elementwise ? '.*' : '*'), divide: op(elementwise ? './' : '/'), implicitCoefficient: false, bareNegativeExponent: false, noUnaryBeforePower: false, powerIsCall: false,
        constant: (c) => (c === 'pi' ? 'pi' : 'exp(1)'), symbol: greek,
        call: (fn, args) => (fn === 'cbrt' ? `nthroot(${args[0]}, 3)` : `${fn}(${args.join(', ')})`),
      };
    }
    case 'c': {
      const std = r.chance(0.3) ? 'std::' : '';
      if (std) styles.add('c-std');
      const C: Partial<Record<Fn, string>> = { abs: 'fabs' };
      return {
        power: (b, e) => `${std}pow(${b}, ${e})`, times: op('*'), divide: op('/'), implicitCoefficient: false, bareNegativeExponent: false, noUnaryBeforePower: false, powerIsCall: true,
        integerDivision: true,
        constant: (c) => (c === 'pi' ? 'M_PI' : 'M_E'), symbol: greek,
        // <math.h> has no sign: the conditionals people write for it
        call: (fn, args) => (fn === 'sign' ? `(${args[0]} > 0 ? 1.0 : ${args[0]} < 0 ? -1.0 : 0.0)` : `${std}${C[fn] ?? fn}(${args.join(', ')})`),
      };
    }
    case 'julia': {
      const unicode = r.chance(0.3);
      const broadcast = r.chance(0.1);
      return {
        power: plainPower, times: op('*'), divide: op('/'), implicitCoefficient: true, bareNegativeExponent: true, noUnaryBeforePower: false, powerIsCall: false,
        constant: (c) => (c === 'pi' ? (unicode ? 'π' : 'pi') : unicode ? 'ℯ' : 'exp(1)'),
        symbol: (name) => (name === 'theta' && unicode ? 'θ' : name),
        call: (fn, args) => {
          if (broadcast && args.length === 1) { styles.add('julia-broadcast'); return `${fn}.(${args.join(', ')})`; }
          return `${fn}(${args.join(', ')})`;
        },
      };
    }
  }
}

/** The tree as the dialect writes it (1/cos(u) for sec(u) in Python), so the reference reads the same function, singularities included. */
export function asWrittenIn(tree: Node, dialect: Dialect): Node {
  if (dialect === 'latex') return latexRewrites(tree);
  return dialect === 'python' || dialect === 'javascript' || dialect === 'c' ? withoutReciprocals(tree) : tree;
}

export function writeIn(tree: Node, dialect: Dialect, r: Rng, styles: Set<string>): string {
  const t = asWrittenIn(tree, dialect);
  if (dialect === 'latex') return new LatexWriter(r, styles).print(t, 0, true);
  return new InfixWriter(infixDialect(dialect, r, styles), r).print(t, 0);
}

// ── Cases ────────────────────────────────────────────────────────────────────

/** The tree of case `index` from `seed`: each case has its own stream, so any case can be regenerated alone. */
export function makeCase(seed: number, index: number, dialect: Dialect): FuzzCase {
  const r = new Rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const nVars = r.weighted([[4, 1], [4, 2], [2, 3]] as [number, number][]);
  const pool = [...VARIABLE_POOL];
  if (dialect !== 'javascript' && r.chance(0.05)) pool.splice(1, 0, 'theta');
  const vars: string[] = ['x'];
  if (r.chance(0.15)) vars[0] = r.pick(['t', 'y', 'theta'].filter((v) => pool.includes(v)));
  while (vars.length < nVars) { const v = r.pick(pool.slice(1)); if (!vars.includes(v)) vars.push(v); }
  const maker = new TreeMaker(r, vars);
  let tree: Node;
  do tree = maker.expr(r.int(1, 4)); while (size(tree) > MAX_NODES || symbolsIn(tree).size === 0);
  const present = [...symbolsIn(tree)];
  const wrt = present.includes(vars[0]) && r.chance(0.7) ? vars[0] : r.pick(present);
  const order = r.weighted([[60, 1], [25, 2], [15, 3]] as [number, number][]);
  const styles = new Set<string>();
  const source = writeIn(tree, dialect, r, styles);
  return { id: index, dialect, source, sympy: toSympy(asWrittenIn(tree, dialect)), wrt, order, styles: [...styles] };
}
