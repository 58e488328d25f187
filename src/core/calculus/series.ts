// Truncated power series in h = x − a with exact coefficients, for the Taylor polynomial of a function
// that is undefined at a but has a removable singularity there: sin(x)/x, (1 − cos x)/x², x/(eˣ − 1)
// at 0. Sums and products are the series' own; a power with a negative exponent divides, its
// leading zeros cancelling against the numerator's; a function of a series u is Σ g⁽ᵏ⁾(u₀)/k!·(u − u₀)ᵏ
// with g's derivatives from the engine. Undefined where the function has a pole or a branch point.
import { derivative } from '../diff';
import { add, dividesByZero, E, Expr, isNum, mul, num, ONE, pow, sym, symbolsOf, ZERO } from '../expr';
import { call } from '../functions';
import { Rational } from '../rational';
import { simplifyReport } from '../simplify';
import { numericValue, valueAt } from './common';

/** Σ c[i]·h^(low + i), known up to h^(low + c.length) exclusive. */
interface Series { low: number; c: Expr[] }

/** Orders kept beyond n, so that a quotient whose leading terms cancel (sin(x)/x) still knows n orders. */
const EXTRA_ORDERS = 6;

/** Coefficients of (x − a)^k for k = 0…n of f's series at a, or undefined where f has no power series at a. */
export function taylorSeries(f: Expr, wrt: string, a: Expr, n: number, deadline: number): Expr[] | undefined {
  const length = n + 1 + EXTRA_ORDERS;
  const clean = (e: Expr) => simplifyReport(e, { deadline }).result;
  const t = freshSymbol(f);
  const visit = (e: Expr): Series | undefined => {
    if (!symbolsOf(e).has(wrt)) return constant(e, length);
    switch (e.kind) {
      case 'sym': return { low: 0, c: [a, ONE, ...Array<Expr>(length - 2).fill(ZERO)] };
      case 'add': return fold(e.terms, (p, q) => sum(p, q, clean));
      case 'mul': return fold(e.factors, (p, q) => product(p, q, clean));
      case 'pow': {
        if (e.base === E) return composed(visit(e.exp), pow(E, t), t, clean);
        if (!isNum(e.exp) || symbolsOf(e.exp).has(wrt)) return composed(visit(e.base), pow(t, e.exp), t, clean);
        const base = visit(e.base);
        if (!base) return undefined;
        const k = e.exp.value;
        if (k.isInteger) return integerPower(base, Number(k.num), clean);
        return composed(base, pow(t, e.exp), t, clean);
      }
      case 'call': return e.args.length === 1 ? composed(visit(e.args[0]), call(e.fn, [t]), t, clean) : undefined;
      default: return undefined;
    }
  };
  const fold = (parts: readonly Expr[], combine: (p: Series, q: Series) => Series | undefined): Series | undefined => {
    let total: Series | undefined;
    for (const part of parts) {
      const s = visit(part);
      if (!s) return undefined;
      total = total ? combine(total, s) : s;
      if (!total) return undefined;
    }
    return total;
  };
  const s = visit(f);
  if (!s) return undefined;
  const known = normalized(s, clean);
  // a pole (a negative power left) or too few known orders: no Taylor polynomial of order n
  if (known.low < 0 || known.low + known.c.length < n + 1) return undefined;
  const coefficients = Array.from({ length: n + 1 }, (_, k) => (k < known.low ? ZERO : known.c[k - known.low]));
  return coefficients.every((c) => !dividesByZero(c)) ? coefficients : undefined;
}

function constant(e: Expr, length: number): Series {
  return { low: 0, c: [e, ...Array<Expr>(length - 1).fill(ZERO)] };
}

function sum(p: Series, q: Series, clean: (e: Expr) => Expr): Series {
  const low = Math.min(p.low, q.low);
  const end = Math.min(p.low + p.c.length, q.low + q.c.length);
  const at = (s: Series, power: number) => (power >= s.low && power - s.low < s.c.length ? s.c[power - s.low] : ZERO);
  return { low, c: Array.from({ length: Math.max(0, end - low) }, (_, i) => clean(add(at(p, low + i), at(q, low + i)))) };
}

function product(p: Series, q: Series, clean: (e: Expr) => Expr): Series {
  const length = Math.min(p.c.length, q.c.length);
  const c = Array.from({ length }, (_, k) => {
    const terms: Expr[] = [];
    for (let i = 0; i <= k; i++) terms.push(mul(p.c[i], q.c[k - i]));
    return clean(add(...terms));
  });
  return { low: p.low + q.low, c };
}

/** The series without its leading zero coefficients (they raise the lowest power). */
function normalized(s: Series, clean: (e: Expr) => Expr): Series {
  let i = 0;
  while (i < s.c.length && isZero(clean(s.c[i]))) i++;
  return { low: s.low + i, c: s.c.slice(i) };
}

function isZero(e: Expr): boolean {
  if (isNum(e)) return e.value.isZero;
  return symbolsOf(e).size === 0 && numericValue(e) === 0;
}

/** 1/s, its leading coefficient nonzero: b₀ = 1/c₀, bₖ = −(Σ cⱼ·bₖ₋ⱼ)/c₀. */
function reciprocal(s: Series, clean: (e: Expr) => Expr): Series | undefined {
  const n = normalized(s, clean);
  if (n.c.length === 0) return undefined;
  const inverse = pow(n.c[0], num(-1));
  const b: Expr[] = [clean(inverse)];
  for (let k = 1; k < n.c.length; k++) {
    const terms: Expr[] = [];
    for (let j = 1; j <= k; j++) terms.push(mul(n.c[j], b[k - j]));
    b.push(clean(mul(num(-1), inverse, add(...terms))));
  }
  return { low: -n.low, c: b };
}

function integerPower(s: Series, k: number, clean: (e: Expr) => Expr): Series | undefined {
  const base = k < 0 ? reciprocal(s, clean) : normalized(s, clean);
  if (!base) return undefined;
  let result: Series = { low: 0, c: [ONE, ...Array<Expr>(base.c.length - 1).fill(ZERO)] };
  for (let i = 0; i < Math.abs(k); i++) result = product(result, base, clean);
  return result;
}

/** g(u) for a series u with no negative powers: Σ g⁽ᵏ⁾(u₀)/k!·(u − u₀)ᵏ, each g⁽ᵏ⁾(u₀) finite. */
function composed(u: Series | undefined, g: Expr, t: Expr & { kind: 'sym' }, clean: (e: Expr) => Expr): Series | undefined {
  if (!u) return undefined;
  const n = normalized(u, clean);
  if (n.low < 0) return undefined;
  // u as c₀ + U, U without a constant term
  const all = n.low === 0 ? n.c : [...Array<Expr>(n.low).fill(ZERO), ...n.c];
  const length = all.length;
  if (length === 0) return undefined;
  const u0 = all[0];
  const U: Series = { low: 0, c: [ZERO, ...all.slice(1)] };
  const coefficients: Expr[] = [];
  let gk = g;
  let factorial = Rational.ONE;
  for (let k = 0; k < length; k++) {
    if (k > 0) {
      gk = clean(derivative(gk, t.name).result);
      factorial = factorial.mul(Rational.of(BigInt(k)));
    }
    const value = clean(valueAt(gk, t.name, u0));
    if (dividesByZero(value) || (symbolsOf(value).size === 0 && !Number.isFinite(numericValue(value)))) return undefined;
    coefficients.push(clean(mul(value, num(factorial.powInt(-1n)))));
  }
  // Horner: ((d_K·U + d_{K−1})·U + …)·U + d₀
  let result = constant(coefficients[length - 1], length);
  for (let k = length - 2; k >= 0; k--) result = sum(product(result, U, clean), constant(coefficients[k], length), clean);
  return result;
}

function freshSymbol(f: Expr): Expr & { kind: 'sym' } {
  const used = symbolsOf(f);
  let name = 't';
  while (used.has(name)) name += '_';
  return sym(name);
}
