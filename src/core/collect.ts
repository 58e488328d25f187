// A sum as a person writes a high-order derivative: one common factor outside, one denominator,
// and inside the terms grouped by their transcendental factors (sin, log, e^u, …), each with a
// polynomial coefficient — instead of every product expanded or every term over its own denominator.
//   e^(x²)·(P₁·sin(x³)·log(x⁴ + 1) + P₂·cos(x³) + …)/(x⁴ + 1)³
import { add, E, Expr, mul, NodeCache, num, pow, splitCoefficient, treeSize, ZERO } from './expr';
import { checkDeadline } from './budget';
import { Rational, rationalGcd } from './rational';
import { atom, AtomPower, atomPower, atomPowerExpr, atomsHash, constant, Poly, polyExpr, polyPower, polyProduct, polySum, sameAtoms, TOO_LARGE, TooLarge, withExponent } from './poly';

type Sum = Expr & { kind: 'add' };
/**
 * numerator / Π base^k over sums `base`. `decimal`: a decimal number went into the numerator's
 * coefficients (0.134145·x² + 0.402435·x²), which then print as decimals too.
 */
interface RationalForm { readonly numerator: Poly; readonly denominator: ReadonlyMap<string, readonly [Sum, number]>; readonly decimal?: boolean }

/** Past this many monomials a form is not worth building (the expanded numerator would be longer than the input). */
const MAX_MONOMIALS = 300;
const MAX_POWER = 6;
/** Larger trees (10,000-term sums, towers of powers) are not collected: their atoms' keys alone would fill memory. */
const MAX_NODES = 2000;

/**
 * Forms are never changed once built (every operation makes a new polynomial), so nodes share them.
 * A node whose form is too large is remembered too (TOO_LARGE): every sum above it would build it again.
 */
const forms = new NodeCache<RationalForm | null | TooLarge>();
const NO_DENOMINATOR: RationalForm['denominator'] = new Map();

class Converter {
  private readonly bases = new Map<string, Poly>();

  /** `base` (a sum) as a polynomial, or TooLarge/undefined when it has denominators of its own. */
  basePoly(base: Sum): Poly | undefined {
    const cached = this.bases.get(base.key);
    if (cached) return cached;
    const f = this.form(base);
    if (!f || f.denominator.size > 0) return undefined;
    this.bases.set(base.key, f.numerator);
    return f.numerator;
  }

  /** The form of `e`, cached per node: a sum's collected parts are asked for again by the sums above it. */
  form(e: Expr): RationalForm | undefined {
    // a leaf's form costs less to build than to look up
    if (e.size === 1) return this.uncachedForm(e);
    const cached = forms.get(e);
    if (cached === TOO_LARGE) throw TOO_LARGE;
    if (cached !== undefined) return (cached as RationalForm | null) ?? undefined;
    let out: RationalForm | undefined;
    try { out = this.uncachedForm(e); } catch (err) {
      if (err === TOO_LARGE) forms.set(e, TOO_LARGE);
      throw err;
    }
    forms.set(e, out ?? null);
    return out;
  }

  private uncachedForm(e: Expr): RationalForm | undefined {
    checkDeadline();
    switch (e.kind) {
      case 'num': return { numerator: constant(e.value), denominator: NO_DENOMINATOR, decimal: e.decimal };
      case 'sym': case 'const': case 'call': return { numerator: atom(e, Rational.ONE), denominator: NO_DENOMINATOR };
      case 'mul': {
        let numerator = constant(Rational.ONE);
        const denominator = new Map<string, readonly [Sum, number]>();
        let decimal = false;
        for (const f of e.factors) {
          const g = this.form(f);
          if (!g) return undefined;
          numerator = polyProduct(numerator, g.numerator, MAX_MONOMIALS);
          decimal ||= !!g.decimal;
          for (const [k, [b, x]] of g.denominator) denominator.set(k, [b, (denominator.get(k)?.[1] ?? 0) + x]);
        }
        return { numerator, denominator, decimal };
      }
      case 'add': {
        const forms: RationalForm[] = [];
        for (const t of e.terms) {
          const f = this.form(t);
          if (!f) return undefined;
          forms.push(f);
        }
        const lcm = new Map<string, readonly [Sum, number]>();
        let decimal = false;
        for (const f of forms) {
          decimal ||= !!f.decimal;
          for (const [k, [b, x]] of f.denominator) if ((lcm.get(k)?.[1] ?? 0) < x) lcm.set(k, [b, x]);
        }
        const parts = forms.map((f) => {
          let p = f.numerator;
          for (const [k, [b, x]] of lcm) {
            const missing = x - (f.denominator.get(k)?.[1] ?? 0);
            if (missing === 0) continue;
            const bp = this.basePoly(b);
            if (!bp) throw TOO_LARGE;
            decimal ||= !!this.form(b)!.decimal;
            p = polyProduct(p, polyPower(bp, missing, MAX_MONOMIALS), MAX_MONOMIALS);
          }
          return p;
        });
        return { numerator: polySum(parts), denominator: lcm, decimal };
      }
      case 'pow': return this.power(e);
    }
  }

  private power(e: Expr & { kind: 'pow' }): RationalForm | undefined {
    const none = NO_DENOMINATOR;
    if (e.base === E) {
      // e^(c·u) is the atom e^u to the power c, so e^(2x) and e^(-x) meet as powers of e^x
      const [c, rest] = splitCoefficient(e.exp);
      // a decimal coefficient stays in the exponent as written: e^(-0.5x²), not (e^(x²))^(-1/2)
      if (rest.kind === 'num' || c.value.isOne || c.decimal) return { numerator: atom(e, Rational.ONE), denominator: none };
      return { numerator: atom(pow(E, rest), c.value), denominator: none };
    }
    if (e.exp.kind !== 'num' || e.base.kind === 'num') return { numerator: atom(e, Rational.ONE), denominator: none };
    const k = e.exp.value;
    if (e.base.kind !== 'add' || !k.isInteger) return { numerator: atom(e.base, k), denominator: none };
    const n = Number(k.num);
    if (n > 0) {
      if (n > MAX_POWER) return { numerator: atom(e.base, k), denominator: none };
      const f = this.form(e.base);
      if (!f) return undefined;
      const denominator = new Map([...f.denominator].map(([key, [b, x]]) => [key, [b, x * n] as const]));
      return { numerator: polyPower(f.numerator, n, MAX_MONOMIALS), denominator, decimal: f.decimal };
    }
    if (!this.basePoly(e.base)) return { numerator: atom(e, Rational.ONE), denominator: none };
    return { numerator: constant(Rational.ONE), denominator: new Map([[e.base.key, [e.base, -n] as const]]) };
  }
}

/** A polynomial in one symbol with whole exponents ≥ 0, as coefficients by degree, or undefined. */
function univariate(p: Poly, name: string): Rational[] | undefined {
  const out: Rational[] = [];
  for (const m of p.list()) {
    let degree = 0;
    for (const { base: b, exp: k } of m.atoms) {
      if (b.kind !== 'sym' || b.name !== name || !k.isInteger || k.isNegative) return undefined;
      degree = Number(k.num);
    }
    while (out.length <= degree) out.push(Rational.ZERO);
    out[degree] = out[degree].add(m.coeff);
  }
  return out;
}

function fromUnivariate(c: readonly Rational[], x: Expr): Poly {
  const out = new Poly();
  c.forEach((v, d) => { if (!v.isZero) out.add(v, d === 0 ? [] : [atomPower(x, Rational.of(d))]); });
  return out;
}

/** Exact quotient n / d of univariate polynomials, or undefined when there is a remainder. */
export function divideExactly(n: readonly Rational[], d: readonly Rational[]): Rational[] | undefined {
  const r = [...n];
  const dd = d.length - 1;
  if (dd < 1 || r.length - 1 < dd) return undefined;
  const q = Array.from({ length: r.length - dd }, () => Rational.ZERO);
  for (let k = r.length - 1; k >= dd; k--) {
    if (r[k].isZero) continue;
    const c = r[k].div(d[dd]);
    q[k - dd] = c;
    for (let j = 0; j <= dd; j++) r[k - dd + j] = r[k - dd + j].sub(c.mul(d[j]));
  }
  return r.slice(0, dd).every((c) => c.isZero) ? q : undefined;
}

/** The sum `b` as a univariate polynomial in `x`, remembered in `known` (the same for every group of a collected sum). */
function divisor(converter: Converter, known: Map<string, Rational[] | undefined>, b: Sum, x: Expr & { kind: 'sym' }): Rational[] | undefined {
  const key = `${x.name}\u0000${b.key}`;
  if (known.has(key)) return known.get(key);
  const bp = converter.basePoly(b);
  const d = bp && univariate(bp, x.name);
  known.set(key, d);
  return d;
}

/** The one symbol of a polynomial, when it has exactly one. */
function onlySymbol(p: Poly): Expr | undefined {
  let found: Expr | undefined;
  for (const m of p.list()) {
    for (const { base: b } of m.atoms) {
      if (b.kind !== 'sym') return undefined;
      if (found && found.key !== b.key) return undefined;
      found = b;
    }
  }
  return found;
}

/**
 * `e` over one denominator, the factor common to every term outside, the terms grouped by their
 * transcendental factors with polynomial coefficients (each coefficient divided by the denominator's
 * factors where that is exact). Undefined when `e` is not a rational function of its atoms or the
 * expanded form would be too large.
 */
export function collectByTranscendentals(e: Expr): Expr | undefined {
  const cached = collected.get(e);
  if (cached !== undefined) return cached ?? undefined;
  const out = uncachedCollect(e);
  collected.set(e, out ?? null);
  return out;
}

const collected = new NodeCache<Expr | null>();

/** The monomials of a collected sum with one product of transcendental atoms; `next` has another of the same hash. */
interface Group { readonly transcendental: readonly AtomPower[]; readonly poly: Poly; readonly next: Group | undefined }

function uncachedCollect(e: Expr): Expr | undefined {
  if (treeSize(e) > MAX_NODES) return undefined;
  let form: RationalForm | undefined;
  const converter = new Converter();
  try { form = converter.form(e); } catch (err) {
    if (err instanceof TooLarge) return undefined;
    throw err;
  }
  if (!form) return undefined;
  const monomials = form.numerator.list();
  if (monomials.length === 0) return ZERO;

  // the common factor: the gcd of the coefficients (none among decimals, as SymPy
  // does with floats: gcd(0.5, 0.3) = 1/10 pulled out reads worse), each atom to its least exponent
  const decimal = !!form.decimal;
  let g = decimal ? Rational.ONE : monomials[0].coeff.abs();
  // gcd(1, n) is 1 for whole n: most sums reach 1 soon
  if (!decimal) for (const m of monomials) if (!g.isOne || !m.coeff.isInteger) g = rationalGcd(g, m.coeff);
  if (monomials.filter((m) => m.coeff.isNegative).length * 2 > monomials.length) g = g.neg();
  const common = new Map(monomials[0].atoms.map((a) => [a.key, a]));
  for (let i = 1; i < monomials.length && common.size > 0; i++) {
    const atoms = monomials[i].atoms;
    for (const [k, a] of common) {
      const other = atoms.find((b) => b.keyHash === a.keyHash && b.key === k);
      if (!other) common.delete(k);
      else if (other.exp.compare(a.exp) < 0) common.set(k, withExponent(a, other.exp));
    }
  }

  // groups by the non-symbol atoms, each a polynomial in the symbols
  // found by a hash of their atoms, a chain per hash
  const byHash = new Map<number, Group>();
  const groups: Group[] = [];
  for (const m of monomials) {
    const symbols: AtomPower[] = [];
    const transcendental: AtomPower[] = [];
    for (let a of m.atoms) {
      const least = common.size > 0 ? common.get(a.key) : undefined;
      if (least) {
        if (least.exp.equals(a.exp)) continue;
        a = withExponent(a, a.exp.sub(least.exp));
      }
      if (a.base.kind === 'sym') symbols.push(a);
      else transcendental.push(a);
    }
    const hash = atomsHash(transcendental);
    let group = byHash.get(hash);
    while (group && !sameAtoms(group.transcendental, transcendental)) group = group.next;
    if (!group) {
      group = { transcendental, poly: new Poly(), next: byHash.get(hash) };
      byHash.set(hash, group);
      groups.push(group);
    }
    group.poly.add(m.coeff.div(g), symbols);
  }

  // each group's coefficient divided by the denominator's factors where exact
  const denominators = [...form.denominator.values()];
  const terms: { expr: Expr; over: Map<string, number> }[] = [];
  // each denominator factor as a univariate polynomial, by factor and symbol (the same for every group)
  const divisors = new Map<string, Rational[] | undefined>();
  for (const { transcendental, poly } of groups) {
    const over = new Map(denominators.map(([b, x]) => [b.key, x]));
    const x = denominators.length > 0 ? onlySymbol(poly) as (Expr & { kind: 'sym' }) | undefined : undefined;
    // the coefficient as a univariate polynomial, once, then its quotients
    let n: Rational[] | undefined;
    let divided = false;
    for (const [b, k] of denominators) {
      const d = x && divisor(converter, divisors, b, x);
      if (!d) continue;
      n ??= univariate(poly, x.name);
      if (!n) break;
      let left = k;
      while (left > 0) {
        const q = divideExactly(n, d);
        if (!q) break;
        n = q;
        left--;
        divided = true;
      }
      over.set(b.key, left);
    }
    const p = divided ? fromUnivariate(n!, x!) : poly;
    terms.push({ expr: mul(polyExpr(p, decimal), ...transcendental.map(atomPowerExpr)), over });
  }
  // the denominator every group keeps goes outside; the rest stays with its group
  const outside = denominators.map(([b]) => [b, Math.min(...terms.map((t) => t.over.get(b.key)!))] as const);
  const sum = add(...terms.map((t) => mul(t.expr, ...outside.map(([b, k]) => pow(b, num(k - t.over.get(b.key)!))))));
  return mul(num(g), ...[...common.values()].map(atomPowerExpr), sum, ...outside.map(([b, k]) => pow(b, num(-k))));
}
