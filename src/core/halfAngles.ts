// A double angle next to functions of its half: sinh(18x)·tanh(9x)/cosh(9x)⁴. sin(u)·cos(u) = sin(2u)/2
// is shorter on its own, but beside other functions of u the double angle hides what they share:
// written as 2·sinh(9x)·cosh(9x), the product is 2·tanh(9x)²/cosh(9x)².
import { add, Expr, mul, num, pow, splitPower } from './expr';
import { call } from './functions';

const FAMILIES: readonly (readonly string[])[] = [
  ['sin', 'cos', 'tan', 'cot', 'sec', 'csc'],
  ['sinh', 'cosh', 'tanh', 'coth', 'sech', 'csch'],
];
const FAMILY_OF = new Map(FAMILIES.flatMap((f) => f.map((fn) => [fn, f] as const)));

/** Whether `e` divides by a power of a circular or hyperbolic function (1/cosh(u)^4), which a halved double angle may cancel. */
export function dividesByCircularOrHyperbolic(e: Expr & { kind: 'mul' }): boolean {
  return e.factors.some((f) => {
    const [b, k] = splitPower(f);
    return b.kind === 'call' && FAMILY_OF.has(b.fn) && k.kind === 'num' && k.value.isNegative;
  });
}

/** sin(2u) = 2·sin(u)·cos(u), sinh(2u) = 2·sinh(u)·cosh(u): a double angle as a product of its half's functions. */
const AS_HALVES: ReadonlyMap<string, (u: Expr) => Expr> = new Map([
  ['sin', (u: Expr) => mul(num(2), call('sin', [u]), call('cos', [u]))],
  ['sinh', (u: Expr) => mul(num(2), call('sinh', [u]), call('cosh', [u]))],
]);

type Call = Expr & { kind: 'call' };

/** A factor sin(…)^k or sinh(…)^k, which AS_HALVES may rewrite. */
function isDoubled(f: Expr): boolean {
  const b = splitPower(f)[0];
  return b.kind === 'call' && AS_HALVES.has(b.fn);
}

/** Calls of the circular and hyperbolic functions in a product's factors (through powers), or in each term of a sum. */
function familyCalls(e: Expr, into: Call[]): void {
  for (const t of e.kind === 'add' ? e.terms : [e]) {
    for (const f of t.kind === 'mul' ? t.factors : [t]) {
      const b = splitPower(f)[0];
      if (b.kind === 'call' && FAMILY_OF.has(b.fn)) into.push(b);
    }
  }
}

/**
 * The double angles of `e` (a product, or the terms of a sum) that meet a function of their half in
 * the same family, by key → their half angle; empty when there are none.
 */
function doublesMeetingHalves(e: Expr): Map<string, Expr> {
  const calls: Call[] = [];
  familyCalls(e, calls);
  const out = new Map<string, Expr>();
  // family and doubled argument of each call → its argument (the half)
  const halves = new Map<string, Expr>();
  for (const h of calls) halves.set(`${FAMILY_OF.get(h.fn)![0]}:${mul(num(2), h.args[0]).key}`, h.args[0]);
  for (const d of calls) {
    const half = AS_HALVES.has(d.fn) ? halves.get(`${FAMILY_OF.get(d.fn)![0]}:${d.args[0].key}`) : undefined;
    if (half) out.set(d.key, half);
  }
  return out;
}

/** A term with each listed double angle written by its half's functions; `tidy` then merges what meets. */
function halvedTerm(t: Expr, doubles: ReadonlyMap<string, Expr>, tidy: (product: Expr & { kind: 'mul' }) => Expr): Expr {
  let changed = false;
  const factors = (t.kind === 'mul' ? t.factors : [t]).map((f) => {
    const [b, k] = splitPower(f);
    const half = doubles.get(b.key);
    if (!half) return f;
    changed = true;
    return pow(AS_HALVES.get((b as Call).fn)!(half), k);
  });
  if (!changed) return t;
  const product = mul(...factors);
  return product.kind === 'mul' ? tidy(product) : product;
}

/**
 * A product (or each term of a sum) with sin(2u) and sinh(2u) written as 2·sin(u)·cos(u) and
 * 2·sinh(u)·cosh(u) where a function of u is beside them, each changed product passed through `tidy`
 * (named quotients: sinh/cosh = tanh); undefined when no double angle meets its half.
 */
export function doubleAnglesHalved(e: Expr, tidy: (product: Expr & { kind: 'mul' }) => Expr): Expr | undefined {
  if (e.kind !== 'mul' && e.kind !== 'add') return undefined;
  // most nodes have no sine at all: tell that before gathering calls
  if (!(e.kind === 'add' ? e.terms : [e]).some((t) => (t.kind === 'mul' ? t.factors : [t]).some(isDoubled))) return undefined;
  const doubles = doublesMeetingHalves(e);
  if (doubles.size === 0) return undefined;
  if (e.kind === 'mul') return halvedTerm(e, doubles, tidy);
  return add(...e.terms.map((t) => halvedTerm(t, doubles, tidy)));
}
