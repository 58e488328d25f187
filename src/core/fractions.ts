// A result written as one fraction, the way people write it: no fraction inside its numerator where
// combining costs no more than a node (the search counts nodes, and the nested form is often the shorter),
// and its sums' coefficients without a common factor: integers over its bar, 2·(x + 1) not (2x + 2).
// Applied to what is shown, after simplification; the shown form is what is verified.
import { isDenominator } from './dialects/infix';
import { add, Add, children, Expr, mul, num, ONE, pow, rebuild, splitCoefficient, treeSize } from './expr';
import { call } from './functions';
import { Rational, rationalGcd } from './rational';
import { together } from './simplify';

/** Nodes combining a numerator's fractions may add: (y/p − 1)/(p − 1) is 13, (y − p)/(p·(p − 1)) 14. */
const TOGETHER_ALLOWANCE = 1;

/**
 * `e` with its numerator's fractions combined, then its sums' fractional content out to its number;
 * `writtenSums`, the keys of the user's own sums, which stay as written (2·((4/3)·k + x), not 2·(4k + 3x)/3).
 */
export function asOneFraction(e: Expr, writtenSums: ReadonlySet<string> = NO_SUMS): Expr {
  return withContentOut(withNumeratorTogether(e), writtenSums);
}

const NO_SUMS: ReadonlySet<string> = new Set();

/** A product over a denominator whose numerator sum holds fractions itself, as one fraction: (y/p − 1)/(p − 1) = (y − p)/(p·(p − 1)). */
function withNumeratorTogether(e: Expr): Expr {
  if (e.kind !== 'mul' || !e.factors.some(divides)) return e;
  const factors = e.factors.map((f) => (f.kind === 'add' && f.terms.some(hasSymbolicDenominator) ? together(f) ?? f : f));
  if (factors.every((f, i) => f === e.factors[i])) return e;
  const combined = mul(...factors);
  return treeSize(combined) <= treeSize(e) + TOGETHER_ALLOWANCE ? combined : e;
}

/** A factor printed under the fraction bar (a negative power; e^(−u) is not). */
const divides = (f: Expr): boolean => f.kind === 'pow' && isDenominator(f);

function hasSymbolicDenominator(t: Expr): boolean {
  return t.kind === 'mul' ? t.factors.some(divides) : divides(t);
}

/**
 * A sum factor's content taken out to the product: (1/2 − x/2)/√x is (1 − x)/(2·√x) (the search counts it
 * a node longer), 36·x·(6x² + 3) is 108·x·(2x² + 1), 2·e^(−x²)·(2x³ − 3x) is 2x·e^(−x²)·(2x² − 3) (as long
 * or shorter), in every product of `e`. Decimal coefficients stay as written.
 */
function withContentOut(e: Expr, writtenSums: ReadonlySet<string>): Expr {
  const kids = children(e);
  if (kids.length === 0) return e;
  // inside first: 2x·e^(−x)·(x·cos(x)·(3 − x) + 3·sin(x)·(1 − x)), not …·sin(x)·(3 − 3x)
  const inside = kids.map((k) => withContentOut(k, writtenSums));
  const rebuilt = inside.every((k, i) => k === kids[i]) ? e : rebuild(e, inside, call);
  return rebuilt.kind === 'mul' ? productWithContentOut(rebuilt, writtenSums) : rebuilt;
}

function productWithContentOut(e: Expr & { kind: 'mul' }, writtenSums: ReadonlySet<string>): Expr {
  const out: Expr[] = [];
  const factors = e.factors.map((f) => {
    const content = f.kind === 'add' && !writtenSums.has(f.key) ? contentOf(f) : undefined;
    if (!content) return f;
    out.push(content);
    const inverse = pow(content, num(-1));
    return add(...(f as Add).terms.map((t) => mul(inverse, t)));
  });
  return out.length ? mul(...out, ...factors) : e;
}

/**
 * The content of a sum: the positive gcd of its coefficients (1/2 for 1/2 − 3x/2, 3 for 6x² + 3; none with a
 * decimal coefficient) times each symbol every term holds to a whole power, at its lowest (x for 2x³ − 3x).
 */
function contentOf(s: Add): Expr | undefined {
  const split = s.terms.map((t) => splitCoefficient(t));
  const coefficients = split.map(([c]) => c);
  const gcd = coefficients.some((c) => c.decimal) ? Rational.ONE : coefficients.map((c) => c.value.abs()).reduce(rationalGcd);
  const powers = split.map(([, rest]) => symbolPowers(rest)).reduce((common, next) => {
    const kept = new Map<string, [Expr, bigint]>();
    for (const [key, [base, k]] of common) {
      const other = next.get(key);
      if (other) kept.set(key, [base, k < other[1] ? k : other[1]]);
    }
    return kept;
  });
  const content = mul(num(gcd), ...[...powers.values()].map(([base, k]) => pow(base, num(k))));
  return content.kind === 'num' && content.value.isOne ? undefined : content;
}

/** The symbols a product holds to positive whole powers: x³ in 2x³·y, keyed by name. */
function symbolPowers(e: Expr): Map<string, [Expr, bigint]> {
  const powers = new Map<string, [Expr, bigint]>();
  for (const f of e.kind === 'mul' ? e.factors : [e]) {
    const [base, k] = f.kind === 'pow' ? [f.base, f.exp] : [f, ONE];
    if (base.kind === 'sym' && k.kind === 'num' && k.value.isInteger && !k.value.isNegative) powers.set(base.key, [base, k.value.num]);
  }
  return powers;
}
