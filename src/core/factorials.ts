// Factorials and binomial coefficients written back as a selection writes them. Every notation reads n!
// and C(n, k) as gamma functions (syntax.ts: factorialSyn, binomialSyn), for real arguments under one rule
// set; a result of a selection that writes them gets Γ(u + c) of a whole number c back as the factorial
// (u + c − 1)!, and Γ(n + 1)/(Γ(k + 1)·Γ(n − k + 1)) as the coefficient C(n, k): calls `factorial` and
// `binomial` that only printers write.
import { add, children, Expr, isNum, mul, neg, num, rawCall, rebuild, splitPower } from './expr';
import { call } from './functions';
import { Rational } from './rational';

/** What a selection writes, by canonical name (its spelling is the printer's business). */
export interface WrittenFactorials { readonly factorial?: unknown; readonly binomial?: unknown }

/** `e` with the factorials and binomial coefficients the selection writes (`written`) written so. */
export function withFactorials(e: Expr, written: WrittenFactorials): Expr {
  if (e.kind === 'mul' && written.binomial) {
    const coefficient = binomialIn(e.factors);
    if (coefficient) return withFactorials(mul(...coefficient), written);
  }
  const kids = children(e);
  if (kids.length === 0) return e;
  const out = kids.map((k) => withFactorials(k, written));
  if (written.factorial && e.kind === 'call' && e.fn === 'gamma' && out[0].kind === 'add') {
    // n! for Γ(n + 1), (n − k)! for Γ(n − k + 1), (n − 2)! for Γ(n − 1)
    const terms = out[0].terms;
    const c = terms.find((t): t is Expr & { kind: 'num' } => t.kind === 'num' && t.value.isInteger);
    if (c) {
      const rest = terms.filter((t) => t !== c);
      const shift = c.value.sub(Rational.ONE);
      return rawCall('factorial', [shift.isZero ? (rest.length === 1 ? rest[0] : add(...rest)) : add(...rest, num(shift))]);
    }
  }
  return out.every((k, i) => k === kids[i]) ? e : rebuild(e, out, call);
}

/**
 * Factors with Γ(n + 1)·Γ(k + 1)⁻¹·Γ(n − k + 1)⁻¹ among them as C(n, k) (k the shorter of the two), or
 * undefined when they hold none.
 */
function binomialIn(factors: readonly Expr[]): Expr[] | undefined {
  const gammas = factors.flatMap((f, i) => {
    const [b, k] = splitPower(f);
    return b.kind === 'call' && b.fn === 'gamma' && k.kind === 'num' && (k.value.isOne || k.value.equals(Rational.MINUS_ONE)) ? [{ i, arg: b.args[0], above: k.value.isOne }] : [];
  });
  const below = gammas.filter((g) => !g.above);
  for (const top of gammas.filter((g) => g.above)) {
    for (const [j, first] of below.entries()) {
      for (const second of below.slice(j + 1)) {
        // (k + 1) + (n − k + 1) = (n + 1) + 1
        const excess = add(first.arg, second.arg, neg(top.arg), num(-1));
        if (!(isNum(excess) && excess.value.isZero)) continue;
        const less = (u: Expr) => add(u, num(-1));
        const [k, rest] = first.arg.size <= second.arg.size ? [first, second] : [second, first];
        const used = new Set([top.i, k.i, rest.i]);
        return [...factors.filter((_, i) => !used.has(i)), rawCall('binomial', [less(top.arg), less(k.arg)])];
      }
    }
  }
  return undefined;
}
