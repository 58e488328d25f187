// An expression in e^u (with cosh, sinh, tanh … of multiples of u) read as a rational function of
// t = e^(g·u), whose coefficients are polynomials in the other atoms (x, y, log(x), …): the
// denominator's polynomial factors in t cancel where they divide the numerator, and the numerator
// is written grouped by powers of t, or per atom monomial in powers of the denominator's base
// (t + 1)^j, or with (t ± 1)^n = 2^n·e^(n·g·u/2)·cosh or sinh(g·u/2)^n. Every step is an identity
// (t > 0 only keeps t^k defined), so the forms returned equal the input wherever it is defined.
//   (exp(2z)(y − 1) + exp(z)(2y − 1) + y)/(exp(z) + 1)² = ((y − 1)·exp(z) + y)/(exp(z) + 1)
//   exp(x)·(cosh(x) + sinh(x)) = exp(2x)
import { add, children, E, Expr, mul, NodeCache, num, pow, splitCoefficient } from './expr';
import { call } from './functions';
import { Rational, rationalGcd } from './rational';
import { checkDeadline } from './budget';
import { TOO_LARGE, TooLarge } from './poly';

/** A product of atoms with whole exponents, times t^t, times a number. */
interface Monomial { readonly coeff: Rational; readonly t: number; readonly atoms: ReadonlyMap<string, readonly [Expr, number]> }
type Poly = Map<string, Monomial>;
/** A polynomial in t with rational coefficients, index = degree, constant term ≠ 0. */
type Base = readonly Rational[];
/** numerator / Π base^k. */
interface Form { readonly numerator: Poly; readonly denominator: ReadonlyMap<string, readonly [Base, number]> }

/** Past this many monomials a form is not worth building. */
const MAX_MONOMIALS = 200;
const MAX_POWER = 6;
/** Largest |k| of t^k built, and largest degree of a denominator base. */
const MAX_DEGREE = 24;
const MAX_NODES = 1500;

const HYPERBOLIC = new Set(['cosh', 'sinh', 'tanh', 'coth', 'sech', 'csch']);

function atomsKey(atoms: ReadonlyMap<string, readonly [Expr, number]>): string {
  return [...atoms.keys()].sort().map((k) => `${k}^${atoms.get(k)![1]}`).join('·');
}

function addInto(out: Poly, m: Monomial): void {
  if (m.coeff.isZero) return;
  const key = `${m.t}|${atomsKey(m.atoms)}`;
  const prev = out.get(key);
  if (!prev) { out.set(key, m); return; }
  const coeff = prev.coeff.add(m.coeff);
  if (coeff.isZero) out.delete(key);
  else out.set(key, { coeff, t: prev.t, atoms: prev.atoms });
}

function constant(c: Rational): Poly {
  const out: Poly = new Map();
  addInto(out, { coeff: c, t: 0, atoms: new Map() });
  return out;
}

function monomialPoly(coeff: Rational, t: number, atoms: ReadonlyMap<string, readonly [Expr, number]> = new Map()): Poly {
  if (Math.abs(t) > MAX_DEGREE) throw TOO_LARGE;
  const out: Poly = new Map();
  addInto(out, { coeff, t, atoms });
  return out;
}

function polySum(polys: readonly Poly[]): Poly {
  const out: Poly = new Map();
  for (const p of polys) for (const m of p.values()) addInto(out, m);
  return out;
}

function polyProduct(a: Poly, b: Poly): Poly {
  if (a.size * b.size > MAX_MONOMIALS * 4) throw TOO_LARGE;
  const out: Poly = new Map();
  for (const m of a.values()) {
    checkDeadline();
    for (const n of b.values()) {
      const atoms = new Map(m.atoms);
      for (const [k, [base, x]] of n.atoms) {
        const sum = (atoms.get(k)?.[1] ?? 0) + x;
        if (sum === 0) atoms.delete(k);
        else atoms.set(k, [base, sum]);
      }
      const t = m.t + n.t;
      if (Math.abs(t) > MAX_DEGREE) throw TOO_LARGE;
      addInto(out, { coeff: m.coeff.mul(n.coeff), t, atoms });
    }
  }
  if (out.size > MAX_MONOMIALS) throw TOO_LARGE;
  return out;
}

function polyPower(p: Poly, k: number): Poly {
  let out = constant(Rational.ONE);
  for (let i = 0; i < k; i++) out = polyProduct(out, p);
  return out;
}

/** A Laurent polynomial in t with rational coefficients, by degree, as a Poly. */
function laurent(p: ReadonlyMap<number, Rational>): Poly {
  return polySum([...p].map(([d, v]) => monomialPoly(v, d)));
}

function baseKey(b: Base): string { return b.map((c) => c.toString()).join(','); }

function basePoly(b: Base): Poly {
  const out: Poly = new Map();
  b.forEach((c, k) => addInto(out, { coeff: c, t: k, atoms: new Map() }));
  return out;
}

/** The value of b at t = r. */
function evaluate(b: Base, r: Rational): Rational {
  let v = Rational.ZERO;
  for (let k = b.length - 1; k >= 0; k--) v = v.mul(r).add(b[k]);
  return v;
}

/** b / (t − r) for a root r of b. */
function divideByRoot(b: Base, r: Rational): Base {
  const q: Rational[] = Array.from({ length: b.length - 1 }, () => Rational.ZERO);
  let carry = Rational.ZERO;
  for (let k = b.length - 1; k >= 1; k--) { carry = carry.mul(r).add(b[k]); q[k - 1] = carry; }
  return q;
}

/**
 * p (a Laurent polynomial in t with rational coefficients) as c·t^m·Π factors, each factor primitive
 * with a positive leading coefficient and constant term ≠ 0, the factors t ± 1 split off.
 */
function normalize(p: ReadonlyMap<number, Rational>): { content: Rational; shift: number; factors: Base[] } | undefined {
  const degrees = [...p.keys()].filter((k) => !p.get(k)!.isZero);
  if (degrees.length === 0) return undefined;
  const lo = Math.min(...degrees), hi = Math.max(...degrees);
  if (hi - lo > MAX_DEGREE) throw TOO_LARGE;
  let b: Rational[] = Array.from({ length: hi - lo + 1 }, (_, i) => p.get(i + lo) ?? Rational.ZERO);
  let content = b[0].abs();
  for (const c of b) content = rationalGcd(content, c);
  if (b[b.length - 1].isNegative) content = content.neg();
  b = b.map((c) => c.div(content));
  const factors: Base[] = [];
  for (const r of [Rational.ONE, Rational.MINUS_ONE]) {
    while (b.length > 2 && evaluate(b, r).isZero) {
      factors.push([r.neg(), Rational.ONE]);
      b = [...divideByRoot(b, r)];
    }
  }
  if (b.length > 1) factors.push(b);
  return { content, shift: lo, factors };
}

/** Terms of the exponent of e^(…), or the argument of a hyperbolic function: [coefficient, rest]. */
function linearTerms(u: Expr): readonly (readonly [Rational, Expr])[] | undefined {
  // remembered per node: an exponent is shared by the many trees a search builds around it
  const cached = linearTermsCache.get(u);
  if (cached !== undefined) return cached ?? undefined;
  let out: [Rational, Expr][] | undefined = [];
  for (const t of u.kind === 'add' ? u.terms : [u]) {
    const [c, rest] = splitCoefficient(t);
    if (c.decimal) { out = undefined; break; }
    out.push([c.value, rest]);
  }
  linearTermsCache.set(u, out ?? null);
  return out;
}

const linearTermsCache = new NodeCache<readonly (readonly [Rational, Expr])[] | null>();

/**
 * Per exponent unit u: its multiples c (in e^(c·u), cosh(c·u), …), how many in e^(c·u), in
 * hyperbolic functions, in a sum, and in a sum under a negative power.
 */
interface UnitUse { readonly unit: Expr; readonly multiples: Rational[]; exponentials: number; hyperbolics: number; inSums: number; denominators: number }

/**
 * Tallies the exponent units of the parts of `e` the converter reads. A walk, not remembered per
 * node: most sums hold no exponential, and for them a walk costs less than a cache entry.
 */
function tallyUnits(e: Expr, tally: Map<string, UnitUse>, inSum: boolean, inDenominator: boolean): void {
  switch (e.kind) {
    case 'add': for (const t of e.terms) tallyUnits(t, tally, true, inDenominator); return;
    case 'mul': for (const f of e.factors) tallyUnits(f, tally, inSum, inDenominator); return;
    case 'pow':
      if (e.base === E) noteUnits(e.exp, tally, true, inSum, inDenominator);
      else if (e.exp.kind === 'num' && e.exp.value.isInteger) tallyUnits(e.base, tally, inSum, inDenominator || (e.exp.value.isNegative && e.base.kind === 'add'));
      return;
    case 'call':
      if (HYPERBOLIC.has(e.fn) && e.args[0].kind !== 'add') noteUnits(e.args[0], tally, false, inSum, inDenominator);
      return;
    default: return;
  }
}

function noteUnits(u: Expr, tally: Map<string, UnitUse>, exponential: boolean, inSum: boolean, inDenominator: boolean): void {
  for (const [c, rest] of linearTerms(u) ?? []) {
    if (rest.kind === 'num') continue;
    let use = tally.get(rest.key);
    if (!use) tally.set(rest.key, use = { unit: rest, multiples: [], exponentials: 0, hyperbolics: 0, inSums: 0, denominators: 0 });
    use.multiples.push(c);
    if (exponential) use.exponentials++; else use.hyperbolics++;
    if (inSum) use.inSums++;
    if (inDenominator) use.denominators++;
  }
}

/** Forms by node, then by `unit|step`: the sums above a node read it in the same t. */
const formCache = new NodeCache<Map<string, Form | null | TooLarge>>();

class Converter {
  /** t = e^(step·unit). */
  private readonly key: string;
  constructor(private readonly unit: Expr, private readonly step: Rational) { this.key = `${unit.key}|${step.toString()}`; }

  form(e: Expr): Form | undefined {
    let byT = formCache.get(e);
    const cached = byT?.get(this.key);
    if (cached === TOO_LARGE) throw TOO_LARGE;
    if (cached !== undefined) return (cached as Form | null) ?? undefined;
    if (!byT) formCache.set(e, byT = new Map());
    let out: Form | undefined;
    try { out = this.uncachedForm(e); } catch (err) {
      if (err === TOO_LARGE) byT.set(this.key, TOO_LARGE);
      throw err;
    }
    byT.set(this.key, out ?? null);
    return out;
  }

  private atom(e: Expr, k = 1): Form {
    return { numerator: monomialPoly(Rational.ONE, 0, new Map([[e.key, [e, k] as const]])), denominator: new Map() };
  }

  /** The multiple of the unit in `c·rest`, in steps, or undefined when rest is not the unit. */
  private steps(c: Rational, rest: Expr): number | undefined {
    if (rest.key !== this.unit.key) return undefined;
    const k = c.div(this.step);
    if (!k.isInteger || (k.num < 0n ? -k.num : k.num) > BigInt(MAX_DEGREE)) throw TOO_LARGE;
    return Number(k.num);
  }

  private uncachedForm(e: Expr): Form | undefined {
    checkDeadline();
    switch (e.kind) {
      case 'num': return e.decimal ? undefined : { numerator: constant(e.value), denominator: new Map() };
      case 'sym': case 'const': return this.atom(e);
      case 'call': return this.hyperbolic(e) ?? this.atom(e);
      case 'mul': {
        let numerator = constant(Rational.ONE);
        const denominator = new Map<string, readonly [Base, number]>();
        for (const f of e.factors) {
          const g = this.form(f);
          if (!g) return undefined;
          numerator = polyProduct(numerator, g.numerator);
          for (const [k, [b, x]] of g.denominator) denominator.set(k, [b, (denominator.get(k)?.[1] ?? 0) + x]);
        }
        return { numerator, denominator };
      }
      case 'add': {
        const forms: Form[] = [];
        for (const t of e.terms) {
          const f = this.form(t);
          if (!f) return undefined;
          forms.push(f);
        }
        const lcm = new Map<string, readonly [Base, number]>();
        for (const f of forms) for (const [k, [b, x]] of f.denominator) if ((lcm.get(k)?.[1] ?? 0) < x) lcm.set(k, [b, x]);
        const parts = forms.map((f) => {
          let p = f.numerator;
          for (const [k, [b, x]] of lcm) {
            const missing = x - (f.denominator.get(k)?.[1] ?? 0);
            if (missing > 0) p = polyProduct(p, polyPower(basePoly(b), missing));
          }
          return p;
        });
        return { numerator: polySum(parts), denominator: lcm };
      }
      case 'pow': return this.power(e);
    }
  }

  private power(e: Expr & { kind: 'pow' }): Form | undefined {
    if (e.base === E) {
      const terms = linearTerms(e.exp);
      if (!terms) return this.atom(e);
      let k = 0;
      const others: Expr[] = [];
      for (const [c, rest] of terms) {
        const s = this.steps(c, rest);
        if (s === undefined) others.push(mul(num(c), rest));
        else k += s;
      }
      const atoms = new Map<string, readonly [Expr, number]>();
      if (others.length) { const a = pow(E, add(...others)); atoms.set(a.key, [a, 1]); }
      return { numerator: monomialPoly(Rational.ONE, k, atoms), denominator: new Map() };
    }
    if (e.exp.kind !== 'num' || !e.exp.value.isInteger || e.base.kind === 'num') return this.atom(e);
    const n = Number(e.exp.value.num);
    // a sum, or cosh, sinh, … of the unit, is a form in t of its own; anything else is an atom
    const inT = e.base.kind === 'add' || (e.base.kind === 'call' && this.hyperbolic(e.base));
    if (!inT) return this.atom(e.base, n);
    // a power is expanded, a reciprocal only named (its base is a factor of the denominator)
    if (n > MAX_POWER || -n > MAX_DEGREE) return this.atom(e);
    const f = this.form(e.base);
    if (!f) return undefined;
    if (n > 0) {
      const denominator = new Map([...f.denominator].map(([key, [b, x]]) => [key, [b, x * n] as const]));
      return { numerator: polyPower(f.numerator, n), denominator };
    }
    // 1/p^n needs p a polynomial in t alone, with rational coefficients
    const p = new Map<number, Rational>();
    for (const m of f.numerator.values()) {
      if (m.atoms.size > 0) return this.atom(e);
      p.set(m.t, m.coeff);
    }
    // 1/(p/Π b^x)^n = Π b^(x·n) / p^n
    let numerator = constant(Rational.ONE);
    for (const [b, x] of f.denominator.values()) numerator = polyProduct(numerator, polyPower(basePoly(b), x * -n));
    return this.reciprocal(p, -n, numerator);
  }

  /** numerator / p^n for a Laurent polynomial p in t. */
  private reciprocal(p: ReadonlyMap<number, Rational>, n: number, numerator: Poly = constant(Rational.ONE)): Form | undefined {
    const parts = normalize(p);
    if (!parts) return undefined;
    const denominator = new Map<string, readonly [Base, number]>();
    for (const b of parts.factors) {
      const key = baseKey(b);
      denominator.set(key, [b, (denominator.get(key)?.[1] ?? 0) + n]);
    }
    const scale = monomialPoly(parts.content.powInt(BigInt(-n)), -parts.shift * n);
    return { numerator: polyProduct(numerator, scale), denominator };
  }

  /** cosh(k·s) = (t^k + t^−k)/2, sinh, tanh, … likewise, for an argument k·s in steps s of the unit. */
  private hyperbolic(e: Expr & { kind: 'call' }): Form | undefined {
    if (!HYPERBOLIC.has(e.fn) || e.args[0].kind === 'add') return undefined;
    const [[c, rest]] = linearTerms(e.args[0]) ?? [[Rational.ZERO, e]];
    const k = this.steps(c, rest);
    if (k === undefined) return undefined;
    const half = Rational.HALF;
    const plus = new Map([[k, half], [-k, half]]), minus = new Map([[k, half], [-k, half.neg()]]);
    switch (e.fn) {
      case 'cosh': return { numerator: laurent(plus), denominator: new Map() };
      case 'sinh': return { numerator: laurent(minus), denominator: new Map() };
      case 'sech': return this.reciprocal(plus, 1);
      case 'csch': return this.reciprocal(minus, 1);
      case 'tanh': return this.reciprocal(plus, 1, laurent(minus));
      default: return this.reciprocal(minus, 1, laurent(plus));
    }
  }
}

/** n divided by b as often as that is exact (at most `times`): [quotient, times divided]. */
function divideRepeatedly(n: Poly, b: Base, times: number): [Poly, number] {
  let done = 0;
  while (done < times) {
    const q = divideExactly(n, b);
    if (!q) break;
    n = q;
    done++;
  }
  return [n, done];
}

/** n / b when b (in t, rational coefficients) divides n exactly. */
function divideExactly(n: Poly, b: Base): Poly | undefined {
  // n by powers of t, each coefficient a polynomial in the atoms
  const byT = new Map<number, Poly>();
  for (const m of n.values()) {
    const c = byT.get(m.t) ?? new Map();
    addInto(c, { ...m, t: 0 });
    byT.set(m.t, c);
  }
  const degrees = [...byT.keys()];
  const lo = Math.min(...degrees);
  let hi = Math.max(...degrees);
  const d = b.length - 1;
  if (hi - lo < d) return undefined;
  const quotient: Poly = new Map();
  for (; hi >= lo + d; hi--) {
    const top = byT.get(hi);
    if (!top || top.size === 0) continue;
    const lead = b[d];
    for (const m of top.values()) addInto(quotient, { coeff: m.coeff.div(lead), t: hi - d, atoms: m.atoms });
    for (let j = 0; j <= d; j++) {
      const row = byT.get(hi - d + j) ?? new Map();
      const scale = b[j].div(lead);
      for (const m of [...top.values()]) addInto(row, { coeff: m.coeff.mul(scale).neg(), t: 0, atoms: m.atoms });
      byT.set(hi - d + j, row);
    }
  }
  for (const [k, row] of byT) if (k < lo + d && row.size > 0) return undefined;
  return quotient;
}

/**
 * The exponent unit met most often, when some e^(c·u) has it and it meets a denominator or a
 * hyperbolic function and a sum, and the step of t = e^(step·unit): the gcd of its multiples.
 */
function chooseUnit(e: Expr): { unit: Expr; step: Rational } | undefined {
  const tally = new Map<string, UnitUse>();
  tallyUnits(e, tally, false, false);
  let best: UnitUse | undefined;
  for (const u of tally.values()) if (u.exponentials > 0 && (!best || u.multiples.length > best.multiples.length)) best = u;
  // one e^(c·u) alone meets nothing to combine or cancel with; powers of t alone are what
  // collecting by transcendental factors already writes; a product without a sum in t is shorter
  // as it is (sinh(u)·e^u against (e^(2u) − 1)/2), and turning it so hides it from the sums above
  if (!best || best.multiples.length < 2 || best.hyperbolics + best.denominators === 0 || best.inSums === 0) return undefined;
  let step = best.multiples[0].abs();
  for (const c of best.multiples) if (!c.abs().equals(step)) step = rationalGcd(step, c);
  return step.isZero ? undefined : { unit: best.unit, step };
}

/**
 * Shorter equivalents of `e` read as a rational function of t = e^(g·u) (see the file's head), or
 * none when `e` holds no exponential or hyperbolic function of a multiple of one unit u.
 */
export function exponentialRationalForms(e: Expr): readonly Expr[] {
  if (e.kind !== 'add' && e.kind !== 'mul') return [];
  if (e.size > MAX_NODES) return [];
  // remembered with or without a unit: choosing one walks the whole tree, and the search asks again
  const cached = formsCache.get(e);
  if (cached) return cached;
  const chosen = hasExponentials(e) ? chooseUnit(e) : undefined;
  let out: Expr[] = [];
  if (chosen) {
    try { out = uncachedForms(e, chosen); } catch (err) {
      if (!(err instanceof TooLarge)) throw err;
    }
  }
  formsCache.set(e, out);
  return out;
}

const formsCache = new NodeCache<Expr[]>();
const exponentialsIn = new NodeCache<boolean>();

/** Whether `e` holds an exponential or a hyperbolic function anywhere (remembered per node: the search asks of every subtree). */
function hasExponentials(e: Expr): boolean {
  const known = exponentialsIn.get(e);
  if (known !== undefined) return known;
  const found = (e.kind === 'pow' && e.base === E) || (e.kind === 'call' && HYPERBOLIC.has(e.fn)) || children(e).some(hasExponentials);
  exponentialsIn.set(e, found);
  return found;
}

function uncachedForms(e: Expr, chosen: { unit: Expr; step: Rational }): Expr[] {
  const form = new Converter(chosen.unit, chosen.step).form(e);
  if (!form || form.numerator.size === 0) return [];
  // the denominator's factors that divide the numerator cancel
  let numerator = form.numerator;
  const denominator: [Base, number][] = [];
  for (const [b, k] of form.denominator.values()) {
    const [q, done] = divideRepeatedly(numerator, b, k);
    numerator = q;
    if (k > done) denominator.push([b, k - done]);
  }
  return new Writer(chosen.unit, chosen.step, numerator, denominator).forms();
}

/** Builds the written forms of numerator / Π base^k in t = e^(step·unit). */
class Writer {
  private readonly coefficient: Rational;
  private readonly lowest: number;
  private readonly commonAtoms: Map<string, readonly [Expr, number]>;
  /** The numerator with the common factor out: monomials with t-degree ≥ 0, some of degree 0. */
  private readonly rest: Monomial[];
  /** t^k = e^(k·step·unit) with the degrees of `rest` and the bases divided by `spacing`. */
  private readonly spacing: number;

  constructor(private readonly unit: Expr, private readonly step: Rational, numerator: Poly, private readonly denominator: readonly [Base, number][]) {
    const monomials = [...numerator.values()];
    let g = monomials[0].coeff.abs();
    for (const m of monomials) g = rationalGcd(g, m.coeff);
    if (monomials.filter((m) => m.coeff.isNegative).length * 2 > monomials.length) g = g.neg();
    this.coefficient = g;
    this.lowest = Math.min(...monomials.map((m) => m.t));
    const common = new Map(monomials[0].atoms);
    for (const m of monomials.slice(1)) {
      for (const [k, [b, x]] of common) {
        const other = m.atoms.get(k);
        if (!other) common.delete(k);
        else if (other[1] < x) common.set(k, [b, other[1]]);
      }
    }
    this.commonAtoms = common;
    this.rest = monomials.map((m) => {
      const atoms = new Map<string, readonly [Expr, number]>();
      for (const [k, [b, x]] of m.atoms) {
        const y = x - (common.get(k)?.[1] ?? 0);
        if (y !== 0) atoms.set(k, [b, y]);
      }
      return { coeff: m.coeff.div(g), t: m.t - this.lowest, atoms };
    });
    let spacing = 0;
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    for (const m of this.rest) spacing = gcd(spacing, m.t);
    for (const [b] of denominator) b.forEach((c, k) => { if (!c.isZero) spacing = gcd(spacing, k); });
    this.spacing = spacing || 1;
  }

  /** e^(k·step·unit) for k in the spaced degrees. */
  private power(k: number, spaced = true): Expr {
    return pow(E, mul(num(this.step.mul(Rational.of(spaced ? k * this.spacing : k))), this.unit));
  }

  private inT(p: ReadonlyMap<number, Rational> | Base): Expr {
    const entries: [number, Rational][] = p instanceof Map ? [...p] : (p as Base).map((c, k) => [k, c]);
    return add(...entries.map(([k, c]) => mul(num(c), this.power(k))));
  }

  private atoms(atoms: ReadonlyMap<string, readonly [Expr, number]>): Expr {
    return mul(...[...atoms.values()].map(([b, x]) => pow(b, num(x))));
  }

  /** The numerator with its common factor out, by powers of t, each with its polynomial coefficient. */
  private byPowers(): Expr {
    const groups = new Map<number, Expr[]>();
    for (const m of this.rest) {
      const g = groups.get(m.t) ?? [];
      g.push(mul(num(m.coeff), this.atoms(m.atoms)));
      groups.set(m.t, g);
    }
    return add(...[...groups].map(([k, terms]) => mul(add(...terms), this.power(k / this.spacing))));
  }

  /**
   * The numerator with its common factor out, grouped by the atoms, each group a polynomial in t:
   * expanded, or (over one linear base t + a) in powers of t + a below the lowest `split`, the rest expanded.
   */
  private byAtoms(): Expr {
    const groups = new Map<string, { atoms: ReadonlyMap<string, readonly [Expr, number]>; p: Map<number, Rational> }>();
    for (const m of this.rest) {
      const key = atomsKey(m.atoms);
      const g = groups.get(key) ?? { atoms: m.atoms, p: new Map() };
      g.p.set(m.t / this.spacing, m.coeff);
      groups.set(key, g);
    }
    const linear = this.denominator.length === 1 && this.spacedBase(this.denominator[0][0]).length === 2 ? this.spacedBase(this.denominator[0][0]) : undefined;
    return add(...[...groups.values()].map(({ atoms, p }) => mul(this.atoms(atoms), linear ? this.smallestShifted(p, linear) : this.inT(p))));
  }

  /** Π base^k as one polynomial in the spaced t. */
  private multipliedOut(): Base {
    let product: Rational[] = [Rational.ONE];
    for (const [b, k] of this.denominator) {
      const factor = this.spacedBase(b);
      for (let i = 0; i < k; i++) {
        const next = Array.from({ length: product.length + factor.length - 1 }, () => Rational.ZERO);
        product.forEach((p, a) => factor.forEach((q, c) => { next[a + c] = next[a + c].add(p.mul(q)); }));
        product = next;
      }
    }
    return product;
  }

  private spacedBase(b: Base): Base { return b.filter((_, k) => k % this.spacing === 0); }

  /** p in the powers of the linear base b = t + a at and above each split degree, below it expanded: the smallest. */
  private smallestShifted(p: ReadonlyMap<number, Rational>, b: Base): Expr {
    const degree = Math.max(...p.keys());
    const a = b[0].div(b[1]);
    // digits of p in powers of (t + a), by repeated division by (t + a)
    let rest: Rational[] = Array.from({ length: degree + 1 }, (_, k) => p.get(k) ?? Rational.ZERO);
    const digits: Rational[] = [];
    while (rest.length > 0) {
      const q = rest.length > 1 ? [...divideByRoot(rest, a.neg())] : [];
      digits.push(evaluate(rest, a.neg()));
      rest = q;
    }
    const shifted = (k: number) => pow(this.inT([a, Rational.ONE]), num(k));
    let best = this.inT(p);
    for (let split = 1; split <= degree; split++) {
      // p = Σ_{j ≥ split} digits_j (t + a)^j + (the part below, expanded)
      const high = digits.map((d, j) => (j >= split ? mul(num(d), shifted(j)) : undefined)).filter((x): x is Expr => !!x);
      const lowPoly = new Map<number, Rational>();
      for (let j = 0; j < split; j++) {
        // (t + a)^j expanded into lowPoly
        let coeffs: Rational[] = [Rational.ONE];
        for (let i = 0; i < j; i++) coeffs = [...coeffs.map((c) => c.mul(a)), Rational.ZERO].map((c, k) => (k > 0 ? c.add(coeffs[k - 1]) : c));
        coeffs.forEach((c, k) => lowPoly.set(k, (lowPoly.get(k) ?? Rational.ZERO).add(c.mul(digits[j]))));
      }
      const candidate = add(...high, this.inT(lowPoly));
      if (candidate.size < best.size) best = candidate;
    }
    return best;
  }

  forms(): Expr[] {
    const outside = [num(this.coefficient), this.atoms(this.commonAtoms)];
    const numerators = [this.byPowers(), this.byAtoms()];
    const factored = mul(...this.denominator.map(([b, k]) => pow(this.inT(this.spacedBase(b)), num(-k))));
    const denominators = [factored];
    // several factors may be shorter multiplied out: (e^x − 1)(e^x + 1) = e^(2x) − 1
    if (this.denominator.length > 1) denominators.push(pow(this.inT(this.multipliedOut()), num(-1)));
    const out: Expr[] = [];
    for (const n of numerators) for (const d of denominators) out.push(mul(...outside, this.power(this.lowest, false), n, d));
    // (t ± 1)^n = 2^n·e^(n·s/2)·cosh or sinh(s/2)^n for t = e^s: with the numerator's t^m, e^(s/2) may cancel
    const base = this.denominator.length === 1 ? this.spacedBase(this.denominator[0][0]) : undefined;
    if (base && base.length === 2 && base[1].isOne && base[0].abs().isOne) {
      const n = this.denominator[0][1];
      const s = this.step.mul(Rational.of(this.spacing));
      const fn = base[0].isOne ? 'cosh' : 'sinh';
      const h = call(fn, [mul(num(s.mul(Rational.HALF)), this.unit)]);
      const shift = mul(num(this.step.mul(Rational.of(this.lowest))), this.unit);
      // all n of them, or as many as the numerator's t^m cancels exactly
      const cancelling = (2 * this.lowest) / this.spacing;
      for (const j of new Set([n, Number.isInteger(cancelling) ? Math.min(n, cancelling) : n])) {
        if (j <= 0) continue;
        const kept = pow(this.inT(new Map([[0, base[0]], [1, Rational.ONE]])), num(j - n));
        const exponent = add(shift, mul(num(s.mul(Rational.of(-j, 2))), this.unit));
        for (const numer of numerators) {
          out.push(mul(...outside, pow(E, exponent), numer, num(Rational.of(1n, 2n ** BigInt(j))), pow(h, num(-j)), kept));
        }
      }
    }
    return out;
  }
}
