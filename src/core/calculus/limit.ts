// Limits as x → ±∞, for the exact value of an integral with an infinite bound: F(∞) − F(a). Exact
// where each part's limit is known (e^u → 0 as u → −∞, atan → ±π/2, erf → ±1, x^k → 0 for k < 0); a
// part tending to 0 times one that grows or oscillates is decided by evaluating it far out. Anything
// else is undefined, never a guess, and the caller still checks the value against the quadrature.
import { add, dependsOn, E, Expr, HALF, isNum, mul, MINUS_ONE, neg, num, ONE, PI, pow, sym, TWO, ZERO } from '../expr';
import { compile } from '../evaluate';
import { call } from '../functions';
import { Rational } from '../rational';
import { foldSpecialValue, numericValue, substitute } from './common';

/** A limit: a finite value, ±∞, or bounded without a limit (sin x as x → ∞). */
export type Limit = { finite: Expr } | { infinite: 1 | -1 } | { bounded: true };

/** Limits of f(u) as u → +∞ and u → −∞, for the functions that have one (log and acosh are not real towards −∞). */
const AT_INFINITY: Record<string, [Limit | undefined, Limit | undefined]> = {
  atan: [{ finite: mul(HALF, PI) }, { finite: mul(MINUS_ONE, HALF, PI) }],
  acot: [{ finite: ZERO }, { finite: ZERO }],
  tanh: [{ finite: ONE }, { finite: MINUS_ONE }],
  coth: [{ finite: ONE }, { finite: MINUS_ONE }],
  erf: [{ finite: ONE }, { finite: MINUS_ONE }],
  erfc: [{ finite: ZERO }, { finite: TWO }],
  sigmoid: [{ finite: ONE }, { finite: ZERO }],
  sech: [{ finite: ZERO }, { finite: ZERO }],
  csch: [{ finite: ZERO }, { finite: ZERO }],
  sinh: [{ infinite: 1 }, { infinite: -1 }],
  cosh: [{ infinite: 1 }, { infinite: 1 }],
  asinh: [{ infinite: 1 }, { infinite: -1 }],
  log: [{ infinite: 1 }, undefined],
  acosh: [{ infinite: 1 }, undefined],
  softplus: [{ infinite: 1 }, { finite: ZERO }],
  abs: [{ infinite: 1 }, { infinite: 1 }],
  sin: [{ bounded: true }, { bounded: true }],
  cos: [{ bounded: true }, { bounded: true }],
};

/** lim e as `x` → direction·∞, or undefined when it is not known. */
export function limitAtInfinity(e: Expr, x: string, direction: 1 | -1): Limit | undefined {
  // towards −∞, the limit of e(−x) towards +∞
  if (direction === -1) return limitAtInfinity(substitute(e, x, neg(sym(x))), x, 1);
  const farOut = (part: Expr): Limit | undefined => numericLimit(part, x);
  const visit = (e: Expr): Limit | undefined => {
    if (!dependsOn(e, x)) return { finite: e };
    switch (e.kind) {
      case 'sym': return { infinite: 1 };
      case 'add': {
        const finite: Expr[] = [];
        let infinite: 0 | 1 | -1 = 0, bounded = false;
        for (const t of e.terms) {
          const l = visit(t);
          if (!l) return undefined;
          if ('finite' in l) finite.push(l.finite);
          else if ('bounded' in l) bounded = true;
          else if (infinite === 0 || infinite === l.infinite) infinite = l.infinite;
          else return gatheredLogs(e) ?? farOut(e);
        }
        if (infinite) return { infinite };
        return bounded ? { bounded: true } : { finite: add(...finite) };
      }
      case 'mul': {
        const finite: Expr[] = [];
        let infinite = false, bounded = false, zero = false;
        for (const f of e.factors) {
          const l = visit(f);
          if (!l) return undefined;
          if ('finite' in l) {
            if (isZero(l.finite)) zero = true;
            else finite.push(l.finite);
          } else if ('bounded' in l) bounded = true;
          else infinite = true;
        }
        // 0·∞: x/(x² + 1), x/(x + 1) and log(x)/x² by their leading powers of x and log x;
        // x·e^(−x) → 0 and e^(−x)·sin(x) → 0 far out
        if (zero && infinite) {
          const g = growth(e, x);
          if (g && g.power === 0 && g.logPower === 0) return { finite: g.coefficient };
          if (g) return g.power < 0 || (g.power === 0 && g.logPower < 0) ? { finite: ZERO } : signedInfinity(e, x);
        }
        if (zero) return infinite || bounded ? farOut(e) : { finite: ZERO };
        if (bounded) return infinite ? undefined : { bounded: true };
        if (!infinite) return { finite: mul(...finite) };
        return signedInfinity(e, x);
      }
      case 'pow': return powerLimit(e, visit, farOut);
      case 'call': {
        if (e.args.length !== 1) return undefined;
        const l = visit(e.args[0]);
        if (!l || 'bounded' in l) return undefined;
        if ('infinite' in l) return AT_INFINITY[e.fn]?.[l.infinite === 1 ? 0 : 1];
        const value = foldSpecialValue(call(e.fn, [l.finite]));
        return Number.isFinite(numericValue(value)) ? { finite: value } : undefined;
      }
      default: return undefined;
    }
  };
  // log(x) − log(x + 1) → log(x/(x + 1)) → log(1): ∞ − ∞ between logs, as the log of one quotient
  const gatheredLogs = (e: Expr & { kind: 'add' }): Limit | undefined => {
    const logs: Expr[] = [], rest: Expr[] = [];
    for (const t of e.terms) {
      const [c, f] = t.kind === 'mul' && isNum(t.factors[0]) && t.factors.length === 2 ? [t.factors[0], t.factors[1]] : [ONE, t];
      if (f.kind === 'call' && f.fn === 'log' && f.args.length === 1 && dependsOn(f, x)) logs.push(pow(f.args[0], c));
      else rest.push(t);
    }
    if (logs.length < 2) return undefined;
    const l = visit(add(...rest, call('log', [mul(...logs)])));
    return l && !('bounded' in l) ? l : undefined;
  };
  return visit(e);
}

function powerLimit(e: Expr & { kind: 'pow' }, visit: (e: Expr) => Limit | undefined, farOut: (e: Expr) => Limit | undefined): Limit | undefined {
  if (e.base === E) {
    const l = visit(e.exp);
    if (!l || 'bounded' in l) return l && { bounded: true };
    if ('infinite' in l) return l.infinite === 1 ? { infinite: 1 } : { finite: ZERO };
    return { finite: pow(E, l.finite) };
  }
  if (!isNum(e.exp)) return farOut(e);
  const k = e.exp.value;
  const l = visit(e.base);
  if (!l || 'bounded' in l) return undefined;
  if ('infinite' in l) {
    if (k.isNegative) return { finite: ZERO };
    if (l.infinite === 1) return { infinite: 1 };
    // (−∞)^k: real only for a whole k, whose parity gives the sign
    if (!k.isInteger) return undefined;
    return { infinite: k.num % 2n === 0n ? 1 : -1 };
  }
  if (isZero(l.finite)) return k.isNegative ? farOut(e) : { finite: ZERO };
  const value = pow(l.finite, e.exp);
  return Number.isFinite(numericValue(value)) ? { finite: value } : undefined;
}

/** e ≈ c·x^p·(log x)^q far out (x → +∞), when e is built from x by sums, products, powers and logs. */
interface Growth { power: number; logPower: number; coefficient: Expr }

function growth(e: Expr, x: string): Growth | undefined {
  if (!dependsOn(e, x)) return { power: 0, logPower: 0, coefficient: e };
  switch (e.kind) {
    case 'sym': return { power: 1, logPower: 0, coefficient: ONE };
    case 'pow': {
      if (!isNum(e.exp)) return undefined;
      const g = growth(e.base, x), k = e.exp.value.toNumber();
      return g && { power: g.power * k, logPower: g.logPower * k, coefficient: pow(g.coefficient, e.exp) };
    }
    case 'mul': {
      const total: Growth = { power: 0, logPower: 0, coefficient: ONE };
      const coefficients: Expr[] = [];
      for (const f of e.factors) {
        const g = growth(f, x);
        if (!g) return undefined;
        total.power += g.power; total.logPower += g.logPower;
        coefficients.push(g.coefficient);
      }
      return { ...total, coefficient: mul(...coefficients) };
    }
    case 'add': {
      // the largest term leads only when no other term is as large (x² + 1, not √(x² + 1) − x)
      const gs = e.terms.map((t) => growth(t, x));
      if (gs.some((g) => !g)) return undefined;
      const sorted = (gs as Growth[]).sort((a, b) => b.power - a.power || b.logPower - a.logPower);
      return sorted.length > 1 && sorted[0].power === sorted[1].power && sorted[0].logPower === sorted[1].logPower ? undefined : sorted[0];
    }
    case 'call': {
      if (e.fn === 'abs' && e.args.length === 1) {
        const g = growth(e.args[0], x);
        return g && { ...g, coefficient: call('abs', [g.coefficient]) };
      }
      // log(c·x^p·…) ≈ p·log x
      const g = e.fn === 'log' && e.args.length === 1 ? growth(e.args[0], x) : undefined;
      return g && g.power > 0 && g.logPower === 0 ? { power: 0, logPower: 1, coefficient: num(rationalOf(g.power)) } : undefined;
    }
    default: return undefined;
  }
}

/** A power of x read back as an exact rational (powers are sums and products of the tree's rationals). */
function rationalOf(p: number): Rational {
  for (let den = 1n; den <= 12n; den++) {
    const n = Math.round(p * Number(den));
    if (Math.abs(n / Number(den) - p) < 1e-12) return Rational.of(BigInt(n), den);
  }
  return Rational.parseDecimal(String(p));
}

function isZero(e: Expr): boolean { return isNum(e, 0) || numericValue(e) === 0; }

/** The sign of a product that grows without bound, read far out. */
function signedInfinity(e: Expr, x: string): Limit | undefined {
  const v = farValues(e, x);
  if (!v) return undefined;
  const last = v[v.length - 1];
  return Math.abs(last) > Math.abs(v[0]) ? { infinite: last > 0 ? 1 : -1 } : undefined;
}

/** Points 16, 32, …, 1024: far enough for e^(−x) to beat x^k of a textbook's degree. */
const FAR = [16, 32, 64, 128, 256, 512, 1024];

function farValues(e: Expr, x: string): number[] | undefined {
  const f = compile(e, [x]);
  const at = new Float64Array(1);
  const values = FAR.map((t) => { at[0] = t; return f(at); });
  return values.every(Number.isFinite) ? values : undefined;
}

/** 0 when e shrinks steadily to nothing far out, ±∞ when it grows steadily past every bound; otherwise undefined. */
function numericLimit(e: Expr, x: string): Limit | undefined {
  const v = farValues(e, x);
  if (!v) return undefined;
  const size = v.map(Math.abs);
  const tail = size.slice(-3);
  if (tail[2] <= 1e-14 * Math.max(1, size[0]) && tail[0] >= tail[1] && tail[1] >= tail[2]) return { finite: ZERO };
  const growing = size.every((s, i) => i === 0 || s > size[i - 1]) && tail[2] > 1e12 * Math.max(1, size[0]);
  return growing && v.every((s) => Math.sign(s) === Math.sign(v[0])) ? { infinite: v[0] > 0 ? 1 : -1 } : undefined;
}
