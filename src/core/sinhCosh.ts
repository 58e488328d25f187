// tanh, coth, sech and csch as quotients of sinh and cosh where they meet other functions of the
// same argument: csch(x)·(coth(x)³ + 3·coth(x)/sinh(x)²) mixes names for what is one family, and
// in sinh and cosh alone its terms share a denominator (csch(x)''' is −cosh(x)·(cosh(x)² + 5)/sinh(x)⁴).
import { add, Expr, mul, num, pow, splitPower } from './expr';
import { call } from './functions';

/** Each of the four as powers of sinh and cosh. */
const AS_SINH_COSH: ReadonlyMap<string, (u: Expr) => Expr> = new Map([
  ['tanh', (u: Expr) => mul(call('sinh', [u]), pow(call('cosh', [u]), num(-1)))],
  ['coth', (u: Expr) => mul(call('cosh', [u]), pow(call('sinh', [u]), num(-1)))],
  ['sech', (u: Expr) => pow(call('cosh', [u]), num(-1))],
  ['csch', (u: Expr) => pow(call('sinh', [u]), num(-1))],
]);
const HYPERBOLIC = new Set(['sinh', 'cosh', ...AS_SINH_COSH.keys()]);
const RECIPROCAL_NAMES = new Set(['coth', 'sech', 'csch']);

type Call = Expr & { kind: 'call' };
const factorsOf = (t: Expr): readonly Expr[] => (t.kind === 'mul' ? t.factors : [t]);

function isReciprocal(f: Expr): boolean {
  const b = splitPower(f)[0];
  return b.kind === 'call' && RECIPROCAL_NAMES.has(b.fn);
}

/**
 * Arguments (by key) at which coth, sech or csch meets another hyperbolic function of a different
 * name in `e`'s factors (a product's, or its terms' in a sum).
 */
function meetingArguments(e: Expr): Set<string> {
  const names = new Map<string, Set<string>>();
  for (const t of e.kind === 'add' ? e.terms : [e]) {
    for (const f of factorsOf(t)) {
      const b = splitPower(f)[0];
      if (b.kind !== 'call' || !HYPERBOLIC.has(b.fn)) continue;
      const key = (b as Call).args[0].key;
      const seen = names.get(key) ?? new Set<string>();
      seen.add(b.fn);
      names.set(key, seen);
    }
  }
  const out = new Set<string>();
  // tanh beside cosh is how named quotients write sinh/cosh^k: only coth, sech and csch start a rewrite
  for (const [key, seen] of names) if (seen.size > 1 && [...seen].some((fn) => RECIPROCAL_NAMES.has(fn))) out.add(key);
  return out;
}

function inSinhCoshTerm(t: Expr, at: ReadonlySet<string>): Expr {
  let changed = false;
  const factors = factorsOf(t).map((f) => {
    const [b, k] = splitPower(f);
    const rewrite = b.kind === 'call' && at.has(b.args[0].key) ? AS_SINH_COSH.get(b.fn) : undefined;
    if (!rewrite) return f;
    changed = true;
    return pow(rewrite((b as Call).args[0]), k);
  });
  return changed ? mul(...factors) : t;
}

/**
 * `e` (a product, or a sum term by term) with tanh, coth, sech and csch written by sinh and cosh at
 * each argument where coth, sech or csch meets another hyperbolic function; undefined where none do.
 */
export function inSinhAndCosh(e: Expr): Expr | undefined {
  if (e.kind !== 'mul' && e.kind !== 'add') return undefined;
  // most nodes have no coth, sech or csch: tell that before gathering calls
  if (!(e.kind === 'add' ? e.terms : [e]).some((t) => factorsOf(t).some(isReciprocal))) return undefined;
  const at = meetingArguments(e);
  if (at.size === 0) return undefined;
  return e.kind === 'mul' ? inSinhCoshTerm(e, at) : add(...e.terms.map((t) => inSinhCoshTerm(t, at)));
}
