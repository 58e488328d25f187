// Limits as x → ±∞, for the exact value of an integral with an infinite bound: F(∞) − F(a). Exact
// where each part's limit is known (e^u → 0 as u → −∞, atan → ±π/2, erf → ±1, x^k → 0 for k < 0); a
// part tending to 0 times one that grows or oscillates is decided by evaluating it far out. Anything
// else is undefined, never a guess, and the caller still checks the value against the quadrature.
import { add, dependsOn, E, Expr, HALF, isNum, mul, MINUS_ONE, ONE, PI, pow, TWO, ZERO } from '../expr';
import { compile } from '../evaluate';
import { call } from '../functions';
import { foldSpecialValue, numericValue } from './common';

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
  sin: [{ bounded: true }, { bounded: true }],
  cos: [{ bounded: true }, { bounded: true }],
};

/** lim e as `x` → direction·∞, or undefined when it is not known. */
export function limitAtInfinity(e: Expr, x: string, direction: 1 | -1): Limit | undefined {
  const farOut = (part: Expr): Limit | undefined => numericLimit(part, x, direction);
  const visit = (e: Expr): Limit | undefined => {
    if (!dependsOn(e, x)) return { finite: e };
    switch (e.kind) {
      case 'sym': return { infinite: direction };
      case 'add': {
        const finite: Expr[] = [];
        let infinite: 0 | 1 | -1 = 0, bounded = false;
        for (const t of e.terms) {
          const l = visit(t);
          if (!l) return undefined;
          if ('finite' in l) finite.push(l.finite);
          else if ('bounded' in l) bounded = true;
          else if (infinite === 0 || infinite === l.infinite) infinite = l.infinite;
          else return farOut(e);
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
        // 0·∞: x/(x² + 1) and log(x)/x² by their powers of x and log x; x·e^(−x) → 0 and
        // e^(−x)·sin(x) → 0 far out
        if (zero && infinite) {
          const g = growth(e, x);
          if (g && (g[0] !== 0 || g[1] !== 0)) return g[0] < 0 || (g[0] === 0 && g[1] < 0) ? { finite: ZERO } : signedInfinity(e, x, direction);
        }
        if (zero) return infinite || bounded ? farOut(e) : { finite: ZERO };
        if (bounded) return infinite ? undefined : { bounded: true };
        if (!infinite) return { finite: mul(...finite) };
        return signedInfinity(e, x, direction);
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

/** x^p·(log x)^q: how fast |e| grows far out, when e is such a power up to a constant factor; undefined otherwise. */
type Growth = [power: number, logPower: number];

function growth(e: Expr, x: string): Growth | undefined {
  if (!dependsOn(e, x)) return [0, 0];
  switch (e.kind) {
    case 'sym': return [1, 0];
    case 'pow': {
      if (!isNum(e.exp)) return undefined;
      const g = growth(e.base, x), k = e.exp.value.toNumber();
      return g && [g[0] * k, g[1] * k];
    }
    case 'mul': {
      const total: Growth = [0, 0];
      for (const f of e.factors) {
        const g = growth(f, x);
        if (!g) return undefined;
        total[0] += g[0]; total[1] += g[1];
      }
      return total;
    }
    case 'add': {
      // the largest term leads only when no other term is as large (x² + 1, not √(x² + 1) − x)
      const gs = e.terms.map((t) => growth(t, x));
      if (gs.some((g) => !g)) return undefined;
      const sorted = (gs as Growth[]).sort((a, b) => b[0] - a[0] || b[1] - a[1]);
      return sorted.length > 1 && sorted[0][0] === sorted[1][0] && sorted[0][1] === sorted[1][1] ? undefined : sorted[0];
    }
    case 'call': {
      const g = e.fn === 'log' && e.args.length === 1 ? growth(e.args[0], x) : undefined;
      return g && g[0] > 0 ? [0, 1] : undefined;
    }
    default: return undefined;
  }
}

function isZero(e: Expr): boolean { return isNum(e, 0) || numericValue(e) === 0; }

/** The sign of a product that grows without bound, read far out. */
function signedInfinity(e: Expr, x: string, direction: 1 | -1): Limit | undefined {
  const v = farValues(e, x, direction);
  if (!v) return undefined;
  const last = v[v.length - 1];
  return Math.abs(last) > Math.abs(v[0]) ? { infinite: last > 0 ? 1 : -1 } : undefined;
}

/** Points 16, 32, …, 1024 (times the direction): far enough for e^(−x) to beat x^k of a textbook's degree. */
const FAR = [16, 32, 64, 128, 256, 512, 1024];

function farValues(e: Expr, x: string, direction: 1 | -1): number[] | undefined {
  const f = compile(e, [x]);
  const at = new Float64Array(1);
  const values = FAR.map((t) => { at[0] = direction * t; return f(at); });
  return values.every(Number.isFinite) ? values : undefined;
}

/** 0 when e shrinks steadily to nothing far out, ±∞ when it grows steadily past every bound; otherwise undefined. */
function numericLimit(e: Expr, x: string, direction: 1 | -1): Limit | undefined {
  const v = farValues(e, x, direction);
  if (!v) return undefined;
  const size = v.map(Math.abs);
  const tail = size.slice(-3);
  if (tail[2] <= 1e-14 * Math.max(1, size[0]) && tail[0] >= tail[1] && tail[1] >= tail[2]) return { finite: ZERO };
  const growing = size.every((s, i) => i === 0 || s > size[i - 1]) && tail[2] > 1e12 * Math.max(1, size[0]);
  return growing && v.every((s) => Math.sign(s) === Math.sign(v[0])) ? { infinite: v[0] > 0 ? 1 : -1 } : undefined;
}
