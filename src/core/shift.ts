// A polynomial sum written in powers of a linear form that occurs elsewhere in the expression, as a
// person writes a Gaussian's derivatives: with x = μ − s,
//   μ⁵ − x⁵ − 10μ²x³ + … + 15μσ⁴ = (μ − x)·(15σ⁴ − 10σ²(μ − x)² + (μ − x)⁴)
// and x·log(x) + x + 2x·(log(x) + 1) = 3x·(log(x) + 1). The sum is expanded over its atoms (symbols,
// calls, powers with a numeric exponent), one atom v of the form L = a·v + r is replaced by (s − r)/a,
// and the terms are gathered by their power of s, which is then written as L again. This is an
// identity of polynomials in the atoms, so it holds wherever the sum is defined.
import { add, children, Expr, mul, NodeCache, num, pow, splitCoefficient, sym } from './expr';
import { Rational, rationalGcd } from './rational';
import { atom, constant, exponentOf, Poly, polyExpr, polyPower, polyProduct, polySum, TooLarge } from './poly';

type Sum = Expr & { kind: 'add' };

/** Past this many monomials the expanded sum is too long to be worth rewriting. */
const MAX_MONOMIALS = 200;
/** Powers of sums above this are not expanded. */
const MAX_DEGREE = 8;
/** Sums larger than this (tree nodes) are not rewritten: their expansion alone costs too much. */
const MAX_NODES = 300;
/** Linear forms taken from an expression (the first found, outermost first). */
const MAX_FORMS = 4;

const expansions = new NodeCache<Poly | null>();

/** `e` multiplied out over its atoms; undefined when it has a decimal or is too long. */
function expanded(e: Expr): Poly | undefined {
  const cached = expansions.get(e);
  if (cached !== undefined) return cached ?? undefined;
  let out: Poly | undefined;
  try { out = uncachedExpanded(e); } catch (err) {
    if (!(err instanceof TooLarge)) throw err;
  }
  expansions.set(e, out ?? null);
  return out;
}

function uncachedExpanded(e: Expr): Poly | undefined {
  switch (e.kind) {
    case 'num': return e.decimal ? undefined : constant(e.value);
    case 'add': {
      const parts = e.terms.map(expanded);
      return parts.every((p) => p) ? polySum(parts as Poly[], MAX_MONOMIALS) : undefined;
    }
    case 'mul': {
      let out = constant(Rational.ONE);
      for (const f of e.factors) {
        const p = expanded(f);
        if (!p) return undefined;
        out = polyProduct(out, p, MAX_MONOMIALS);
      }
      return out;
    }
    case 'pow': {
      if (e.exp.kind !== 'num' || e.base.kind === 'num') return atom(e, Rational.ONE);
      const k = e.exp.value;
      if (e.base.kind !== 'add') return atom(e.base, k);
      if (!k.isInteger || k.isNegative || k.num > BigInt(MAX_DEGREE)) return atom(e, Rational.ONE);
      const base = expanded(e.base);
      return base && polyPower(base, Number(k.num), MAX_MONOMIALS);
    }
    default: return atom(e, Rational.ONE);
  }
}

/** A sum whose terms are each a number or a number times one symbol or call: a·v + b·w + c (exact numbers only). */
function isLinear(e: Sum): boolean {
  return e.terms.every((t) => {
    const [c, rest] = splitCoefficient(t);
    return !c.decimal && (rest.kind === 'num' ? !rest.decimal : rest.kind === 'sym' || rest.kind === 'call');
  });
}

const formsCache = new NodeCache<readonly Sum[]>();
/** The linear sums of `e` with at least one symbol or call, as many as MAX_FORMS, outermost first; −L counts as L. */
export function linearForms(e: Expr): readonly Sum[] {
  if (e.size === 1) return [];
  const cached = formsCache.get(e);
  if (cached) return cached;
  let out: Sum[] = [];
  if (e.kind === 'add' && isLinear(e)) out = [primitive(e)];
  else {
    for (const c of children(e)) {
      for (const f of linearForms(c)) {
        if (out.length >= MAX_FORMS) break;
        if (!out.some((g) => g.key === f.key || g.key === negated(f).key)) out.push(f);
      }
    }
  }
  formsCache.set(e, out);
  return out;
}

/**
 * The linear forms of `e` a result may be written in: those the user wrote in `source`, and those
 * with a function (log(x) + 1, which a derivative brings). A polynomial is not rewritten in a form
 * of x alone that only a derivative brought: x² − 4x + 2 stays, not (x − 2)² − 2 after x·(2 − x).
 */
export function writtenLinearForms(e: Expr, source: Expr | undefined): readonly Sum[] {
  const forms = linearForms(e);
  if (!source || forms.length === 0) return forms;
  const written = linearForms(source);
  return forms.filter((f) => f.terms.some((t) => splitCoefficient(t)[1].kind === 'call')
    || written.some((g) => g.key === f.key || g.key === negated(f).key));
}

/** L with whole coefficients of greatest common divisor 1, its orientation kept: x/2 − 2 → x − 4. */
function primitive(form: Sum): Sum {
  let g = Rational.ZERO;
  for (const t of form.terms) g = rationalGcd(g, splitCoefficient(t)[0].value);
  const out = g.isOne || g.isZero ? form : add(...form.terms.map((t) => mul(num(Rational.ONE.div(g.abs())), t)));
  return out.kind === 'add' ? out : form;
}

const negations = new NodeCache<Expr>();
function negated(f: Sum): Expr {
  let n = negations.get(f);
  if (!n) negations.set(f, (n = add(...f.terms.map((t) => mul(num(-1), t)))));
  return n;
}

/** The placeholder for the linear form while the sum is rewritten; never left in a result. */
const SHIFTED = sym('\u0000shifted');

/**
 * `e` written in powers of each linear form (and each of its atoms replaced), distinct from `e`:
 * Σ_j D_j·L^j with D_j free of that atom. Empty when `e` is too large or has no form's atom.
 */
export function inPowersOfLinearForms(e: Sum, forms: readonly Sum[]): Expr[] {
  if (forms.length === 0 || e.size > MAX_NODES || !forms.some((f) => worthShifting(e, f))) return [];
  const p = expanded(e);
  // two monomials in powers of a form are at best one (a·v + b = a·(v + b/a)): factoring finds that
  if (!p || p.size < 3) return [];
  const out = new Map<string, Expr>();
  for (const form of forms) {
    if (!worthShifting(e, form)) continue;
    // the atom of highest degree in e is replaced (the others' results are mostly the same sum)
    let best: [Rational, Expr, number] | undefined;
    for (const t of form.terms) {
      const [a, v] = splitCoefficient(t);
      const d = v.kind === 'num' ? 0 : degreeIn(p, v);
      if (d > 0 && (!best || d > best[2])) best = [a.value, v, d];
    }
    // linear in the atom, a·v + b is (a/c)·L + (b − a·r/c): a common factor, which factoring finds
    if (!best || best[2] < 2) continue;
    let shifted: Expr | undefined;
    try { shifted = inPowersOf(p, form, best[1], best[0]); } catch (err) {
      if (!(err instanceof TooLarge)) throw err;
    }
    if (shifted && shifted.key !== e.key) out.set(shifted.key, shifted);
  }
  return [...out.values()];
}

/** The greatest power of atom v in p (0 when absent, −1 when some power is not a whole number ≥ 0). */
function degreeIn(p: Poly, v: Expr): number {
  let d = 0;
  for (const m of p.list()) {
    const k = exponentOf(m.atoms, v.key);
    if (!k) continue;
    if (!k.isInteger || k.isNegative) return -1;
    d = Math.max(d, Number(k.num));
  }
  return d;
}

/** p with v = (s − r)/a where form = a·v + r, gathered by powers of s and s written as form. */
function inPowersOf(p: Poly, form: Sum, v: Expr, a: Rational): Expr | undefined {
  // p as a polynomial in v: degree → the rest of each monomial
  const byDegree: Poly[] = [];
  for (const m of p.list()) {
    const k = exponentOf(m.atoms, v.key) ?? Rational.ZERO;
    if (!k.isInteger || k.isNegative || k.num > BigInt(MAX_DEGREE)) return undefined;
    const d = Number(k.num);
    while (byDegree.length <= d) byDegree.push(new Poly());
    byDegree[d].add(m.coeff, m.atoms.filter((a) => a.key !== v.key));
  }
  if (byDegree.length < 2) return undefined;
  const rest = expanded(add(form, mul(num(-1), num(a), v)));
  if (!rest) return undefined;
  const inverse = Rational.ONE.div(a);
  // v = (s − r)/a
  const replacement = polySum([atom(SHIFTED, Rational.ONE), polyProduct(rest, constant(Rational.ONE.neg()), MAX_MONOMIALS)], MAX_MONOMIALS);
  const scaled = polyProduct(replacement, constant(inverse), MAX_MONOMIALS);
  const powers = [constant(Rational.ONE)];
  for (let d = 1; d < byDegree.length; d++) powers.push(polyProduct(powers[d - 1], scaled, MAX_MONOMIALS));
  const parts = byDegree.map((coefficient, d) => polyProduct(coefficient, powers[d], MAX_MONOMIALS));
  const total = polySum(parts, MAX_MONOMIALS);
  // gathered by the power of s
  const byShift: Poly[] = [];
  for (const m of total.list()) {
    const k = exponentOf(m.atoms, SHIFTED.key) ?? Rational.ZERO;
    const d = Number(k.num);
    while (byShift.length <= d) byShift.push(new Poly());
    byShift[d].add(m.coeff, m.atoms.filter((a) => a.key !== SHIFTED.key));
  }
  // worth writing out only when it has fewer monomials than p
  if (byShift.reduce((n, c) => n + c.size, 0) >= p.size) return undefined;
  return add(...byShift.map((coefficient, d) => mul(polyExpr(coefficient), pow(form, num(d)))));
}

/** `e` multiplied out over its atoms (√x·(1 + √x) = √x + x), or undefined when too long or inexact. */
export function multipliedOut(e: Expr): Expr | undefined {
  if (e.size > MAX_NODES) return undefined;
  const p = expanded(e);
  return p && polyExpr(p);
}

/**
 * Whether `e` may be shorter in powers of `form`: it holds the form itself (as it is or negated), or
 * every atom of a form of several atoms (μ and x of μ − x). A polynomial in x alone is rarely shorter
 * in powers of x + 1 unless x + 1 is already in it.
 */
function worthShifting(e: Sum, form: Sum): boolean {
  if (holds(e, form) || holds(e, negated(form))) return true;
  const atoms = form.terms.map((t) => splitCoefficient(t)[1]).filter((a) => a.kind !== 'num');
  return atoms.length >= 2 && atoms.every((a) => holds(e, a));
}

const holding = new NodeCache<Map<string, boolean>>();
/** Whether `part` is a subtree of `e`, remembered per node and part (the forms are few, the subtrees shared). */
function holds(e: Expr, part: Expr): boolean {
  if (e.key === part.key) return true;
  if (e.size <= part.size) return false;
  let known = holding.get(e);
  if (!known) holding.set(e, (known = new Map()));
  let out = known.get(part.key);
  if (out === undefined) known.set(part.key, (out = children(e).some((c) => holds(c, part))));
  return out;
}
