// A result written as one fraction, the way people write it: no fraction inside its numerator where
// combining costs no more than a node (the search counts nodes, and the nested form is often the shorter),
// and its sums' coefficients without a common factor: integers over its bar, 2·(x + 1) not (2x + 2).
// Applied to what is shown, after simplification; the shown form is what is verified.
import { isDenominator } from './dialects/infix';
import { add, Add, Expr, mul, num, splitCoefficient, treeSize } from './expr';
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
 * A sum factor's content taken out to the product's number: (1/2 − x/2)/√x is (1 − x)/(2·√x) (the search
 * counts it a node longer), 36·x·(6x² + 3) is 108·x·(2x² + 1) (as long). Also in each term of a sum.
 * Decimal coefficients stay as written.
 */
function withContentOut(e: Expr, writtenSums: ReadonlySet<string>): Expr {
  if (e.kind === 'add') return add(...e.terms.map((t) => withContentOut(t, writtenSums)));
  if (e.kind !== 'mul') return e;
  let coefficient = Rational.ONE;
  const factors = e.factors.map((f) => {
    const content = f.kind === 'add' && !writtenSums.has(f.key) ? contentOf(f) : undefined;
    if (!content) return f;
    coefficient = coefficient.mul(content);
    return add(...(f as Add).terms.map((t) => { const [c, rest] = splitCoefficient(t); return mul(num(c.value.div(content)), rest); }));
  });
  return coefficient.isOne ? e : mul(num(coefficient), ...factors);
}

/** The positive content of a sum's coefficients (1/2 for 1/2 − 3x/2, 3 for 6x² + 3); none when it is 1 or a coefficient is a decimal. */
function contentOf(s: Add): Rational | undefined {
  const coefficients = s.terms.map((t) => splitCoefficient(t)[0]);
  if (coefficients.some((c) => c.decimal)) return undefined;
  const content = coefficients.map((c) => c.value.abs()).reduce(rationalGcd);
  return content.isOne ? undefined : content;
}
