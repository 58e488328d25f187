// Exact values as a textbook writes them: the logs of rational numbers in a sum gathered into one
// (log(1/2) − log(3/2) = −log(3), log(2/√2) = log(2)/2, log(4) stays), and no root left in a
// denominator (1/√2 = √2/2; whole powers already come out of roots as the tree is built, 2^(3/2) = 2·√2,
// expr.ts numberPower). Only for constants: F(b) − F(a), f(a), coefficients.
import { add, children, Expr, isNum, mul, num, pow, rebuild, symbolsOf } from '../expr';
import { call } from '../functions';
import { Rational, rationalGcd } from '../rational';

/** The constant e in its tidiest form: no root in a denominator, then its logs gathered where that is not larger. */
export function tidyConstant(e: Expr): Expr {
  if (symbolsOf(e).size > 0) return e;
  const rooted = rootsOutOfDenominators(e);
  const gathered = gatherLogs(rooted);
  return gathered.size <= rooted.size ? gathered : rooted;
}

/** n^(−r) = n^(1 − r)/n for a whole n and 0 < r < 1: 1/√2 = √2/2 (a larger −r has had its whole power taken out already). */
function rootsOutOfDenominators(e: Expr): Expr {
  const kids = children(e);
  const rebuilt = kids.length ? rebuild(e, kids.map(rootsOutOfDenominators), call) : e;
  if (rebuilt.kind !== 'pow' || !isNum(rebuilt.base) || !isNum(rebuilt.exp)) return rebuilt;
  const n = rebuilt.base.value, k = rebuilt.exp.value;
  if (!n.isInteger || n.isNegative || n.isZero || k.isInteger || !k.isNegative || k.compare(Rational.of(-1n)) < 0) return rebuilt;
  return mul(num(Rational.ONE.div(n)), pow(rebuilt.base, num(k.add(Rational.ONE))));
}

/** Prime (or unfactored) bases and their rational exponents of a positive constant built from rationals; undefined otherwise. */
function primePowers(e: Expr, into: Map<bigint, Rational>, times: Rational): boolean {
  if (isNum(e)) {
    if (e.value.isNegative || e.value.isZero) return false;
    addFactors(e.value.num, times, into);
    addFactors(e.value.den, times.neg(), into);
    return true;
  }
  if (e.kind === 'pow' && isNum(e.exp)) return primePowers(e.base, into, times.mul(e.exp.value));
  if (e.kind === 'mul') return e.factors.every((f) => primePowers(f, into, times));
  return false;
}

/** Trial division by small primes; what is left over counts as one base. */
function addFactors(n: bigint, times: Rational, into: Map<bigint, Rational>): void {
  const put = (p: bigint) => into.set(p, (into.get(p) ?? Rational.ZERO).add(times));
  for (let p = 2n; p * p <= n && p < 1000n; p++) {
    while (n % p === 0n) { put(p); n /= p; }
  }
  if (n > 1n) put(n);
}

/** c·log(r) terms of a sum (or a lone term) whose arguments are positive rational powers, as one. */
function gatherLogs(e: Expr): Expr {
  const terms = e.kind === 'add' ? e.terms : [e];
  const exponents = new Map<bigint, Rational>();
  const others: Expr[] = [];
  let logs = 0;
  for (const t of terms) {
    const [c, rest] = t.kind === 'mul' && isNum(t.factors[0]) && t.factors.length === 2 ? [t.factors[0].value, t.factors[1]] : [Rational.ONE, t];
    const snapshot = new Map(exponents);
    if (rest.kind === 'call' && rest.fn === 'log' && rest.args.length === 1 && primePowers(rest.args[0], exponents, c)) { logs++; continue; }
    exponents.clear();
    for (const [p, k] of snapshot) exponents.set(p, k);
    others.push(t);
  }
  if (logs === 0) return e;
  const bases = [...exponents].filter(([, k]) => !k.isZero);
  if (bases.length === 0) return add(...others);
  // log(r) when every exponent is whole, else m·log(Π p^kₚ) with whole kₚ; −m·log(1/r) when r < 1
  const m = bases.every(([, k]) => k.isInteger) ? Rational.ONE : bases.map(([, k]) => k).reduce(rationalGcd);
  let r = Rational.ONE;
  for (const [p, k] of bases) r = r.mul(Rational.of(p).powInt(k.div(m).num));
  const [sign, argument] = r.compare(Rational.ONE) < 0 ? [m.neg(), r.powInt(-1n)] : [m, r];
  return add(...others, mul(num(sign), call('log', [num(argument)])));
}
