// Sums that are each other's negatives, u and −u, as factors of one product or of the terms of one
// sum: (sinh(y)² − 1)·(1 − sinh(y)²)⁻⁴. Written in one orientation they are one base, so the product
// merges them and a sum's common factor shows: (−u)^k = (−1)^k·u^k for an integer k.
import { add, Expr, mul, negateTerms, num, pow, splitPower, TWO } from './expr';

type Add = Expr & { kind: 'add' };

/** The orientation of u and −u that an even power of either is written in (pow's own choice). */
function evenOrientation(u: Add): Expr {
  const square = pow(u, TWO);
  return square.kind === 'pow' ? square.base : u;
}

const factorsOf = (t: Expr): readonly Expr[] => (t.kind === 'mul' ? t.factors : [t]);

/** Sum bases of `factors` raised to an integer power, by key. */
function integerPowerSums(factors: readonly Expr[], into: Map<string, Add>): void {
  for (const f of factors) {
    const [b, k] = splitPower(f);
    if (b.kind === 'add' && k.kind === 'num' && k.value.isInteger) into.set(b.key, b);
  }
}

/**
 * For each pair of sums u and −u among the integer-power factors of a product (or of a sum's terms),
 * their keys → the orientation both are to be written in; empty when there is no such pair.
 */
function orientations(sums: ReadonlyMap<string, Add>): Map<string, Expr> {
  const out = new Map<string, Expr>();
  // u and −u have as many terms: a sum whose length no other has is not negated (cheap to tell)
  const lengths = new Map<number, number>();
  for (const u of sums.values()) lengths.set(u.terms.length, (lengths.get(u.terms.length) ?? 0) + 1);
  for (const [key, u] of sums) {
    if (lengths.get(u.terms.length)! < 2) continue;
    const negated = negateTerms(u);
    if (negated.key === key || !sums.has(negated.key)) continue;
    out.set(key, evenOrientation(u));
  }
  return out;
}

/** A factor u^k written as (−1)^k·(−u)^k when −u is the chosen orientation. */
function oriented(f: Expr, chosen: ReadonlyMap<string, Expr>): Expr {
  const [b, k] = splitPower(f);
  const target = chosen.get(b.key);
  if (!target || target.key === b.key || k.kind !== 'num' || !k.value.isInteger) return f;
  return mul(num(k.value.num % 2n === 0n ? 1 : -1), pow(target, k));
}

/**
 * `e` with every pair of opposed sum factors in one orientation (in a sum, across its terms), or
 * undefined when it has no such pair. A product's opposed factors merge; a sum's terms then share them.
 */
export function opposedSumsOriented(e: Expr): Expr | undefined {
  if (e.kind !== 'mul' && e.kind !== 'add') return undefined;
  const terms = e.kind === 'add' ? e.terms : [e];
  // most nodes have fewer than two sum factors: tell that before gathering them
  let sumFactors = 0;
  for (const t of terms) for (const f of factorsOf(t)) if (splitPower(f)[0].kind === 'add') sumFactors++;
  if (sumFactors < 2) return undefined;
  const sums = new Map<string, Add>();
  for (const t of terms) integerPowerSums(factorsOf(t), sums);
  if (sums.size < 2) return undefined;
  const chosen = orientations(sums);
  if (chosen.size === 0) return undefined;
  const rewritten = terms.map((t) => mul(...factorsOf(t).map((f) => oriented(f, chosen))));
  return e.kind === 'add' ? add(...rewritten) : rewritten[0];
}
