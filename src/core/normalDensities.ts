// Two normal densities in one sum, written with one: φ(b) = φ(a)·e^((a² − b²)/2). Where that exponent
// is short, terms cancel: Black–Scholes' delta Φ(d₁) + φ(d₁)/(σ√T) − K·e^(−rT)·φ(d₂)/(S·σ√T) is Φ(d₁),
// since S·φ(d₁) = K·e^(−rT)·φ(d₂) (d₁² − d₂² = 2·(log(S/K) + rT)).
import { children, E, Expr, HALF, mul, pow, rebuild, sub, TWO } from './expr';
import { call } from './functions';

type Call = Expr & { kind: 'call' };
/** An exponent no larger than this many nodes: a longer one would not cancel anything. */
const SHORT_EXPONENT = 24;

/**
 * `e` with one of its two normal densities φ(u) written as the other times e^((a² − b²)/2), for each way
 * round whose exponent, expanded, is short; none unless `e` has exactly two.
 */
export function normalDensitiesTogether(e: Expr & { kind: 'add' }, expand: (e: Expr) => Expr | undefined): Expr[] {
  const densities = new Map<string, Call>();
  const visit = (x: Expr): void => {
    if (x.kind === 'call' && x.fn === 'normpdf') densities.set(x.key, x);
    else children(x).forEach(visit);
  };
  visit(e);
  if (densities.size !== 2) return [];
  const [p, q] = [...densities.values()];
  const out: Expr[] = [];
  for (const [kept, dropped] of [[p, q], [q, p]]) {
    const half = mul(HALF, sub(pow(kept.args[0], TWO), pow(dropped.args[0], TWO)));
    const exponent = expand(half) ?? half;
    if (exponent.size <= SHORT_EXPONENT) out.push(replaced(e, dropped.key, mul(kept, pow(E, exponent))));
  }
  return out;
}

/** `e` with the subexpression of key `key` replaced by `by`. */
function replaced(e: Expr, key: string, by: Expr): Expr {
  if (e.key === key) return by;
  const kids = children(e);
  if (kids.length === 0) return e;
  const out = kids.map((k) => replaced(k, key, by));
  return out.every((k, i) => k === kids[i]) ? e : rebuild(e, out, call);
}
