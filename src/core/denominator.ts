// A product's denominator multiplied out when that is shorter, as SymPy writes it:
//   2/((1 − x)·(1 + x)) = 2/(1 − x²),   1/(2·√x·(1 + √x)) = 1/(2·(√x + x)).
import { children, E, Expr, mul, num, pow, splitPower } from './expr';
import { multipliedOut } from './shift';

/**
 * For each power −m of a sum in the denominator of `e`: the sums with that power multiplied together,
 * once alone and once with the denominator's other factors whose power m divides, written out.
 */
export function denominatorsMultipliedOut(e: Expr & { kind: 'mul' }): Expr[] {
  const pieces = e.factors.map((f) => {
    const [b, k] = splitPower(f);
    return { f, b, k: k.kind === 'num' && k.value.isNegative && b !== E && b.kind !== 'num' ? k.value.neg() : undefined };
  });
  const sums = pieces.filter((p) => p.k && p.b.kind === 'add' && p.k.isInteger);
  const out: Expr[] = [];
  for (const m of new Set(sums.map((p) => p.k!.toString()))) {
    const power = sums.find((p) => p.k!.toString() === m)!.k!;
    const together = sums.filter((p) => p.k!.equals(power));
    // √x·(1 + √x) = √x + x: a factor joins when its base is in one of the sums (so their terms merge)
    // and the power divides its own (b²·(x + 1)² is not (b + b·x)², nor √b·(x + 1)² a product of roots)
    const others = pieces.filter((p) => p.k && p.b.kind !== 'add' && (power.isOne || p.k.div(power).isInteger) && together.some((s) => contains(s.b, p.b)));
    for (const withOthers of others.length > 0 ? [false, true] : [false]) {
      const chosen = withOthers ? [...together, ...others] : together;
      if (chosen.length < 2) continue;
      const product = multipliedOut(mul(...chosen.map((p) => pow(p.b, num(p.k!.div(power))))));
      if (!product || product.kind !== 'add') continue;
      const rest = e.factors.filter((f) => !chosen.some((p) => p.f === f));
      out.push(mul(...rest, pow(product, num(power.neg()))));
    }
  }
  return out;
}

function contains(e: Expr, part: Expr): boolean {
  return e.key === part.key || children(e).some((c) => contains(c, part));
}
