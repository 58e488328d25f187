// Numeric tools of the calculus operations: parameter values for checks, one-sided slopes, roots by
// bisection and Brent's method, and the Richardson-extrapolated differences that check results.
import { checkDeadline } from '../budget';
import { ridders } from '../verify';
import { compile } from '../evaluate';
import { Expr, symbolsOf } from '../expr';
import { hashText, mulberry32 } from '../random';
import { numericValue } from './common';

/**
 * Values for the symbols of `e` other than `variables` (parameters such as a, k), fixed per expression
 * so checks are reproducible: moderate positive numbers away from 0 and 1.
 */
export function parameterValues(e: Expr, ...variables: string[]): Map<string, number> {
  const rand = mulberry32(hashText(e.key));
  const out = new Map<string, number>();
  for (const name of [...symbolsOf(e)].sort()) if (!variables.includes(name)) out.set(name, 1.2 + 0.9 * rand());
  return out;
}

/** f as a function of `name` alone, the parameters at their values. */
export function along(e: Expr, name: string, params: ReadonlyMap<string, number>): (t: number) => number {
  const f = compile(e, [name, ...params.keys()]);
  const vs = new Float64Array([0, ...params.values()]);
  return (t) => { vs[0] = t; return f(vs); };
}

/**
 * Slopes of f from the left and from the right of a (second-order one-sided differences), and whether
 * they agree; undefined when f is not defined on both sides near a.
 */
export function oneSidedSlopes(e: Expr, name: string, a: Expr, params: ReadonlyMap<string, number>): { left: number; right: number; agree: boolean } | undefined {
  const f = along(e, name, params);
  const x = numericValue(a);
  const h = 1e-4 * Math.max(1, Math.abs(x));
  const f0 = f(x);
  const right = (-3 * f0 + 4 * f(x + h) - f(x + 2 * h)) / (2 * h);
  const left = (3 * f0 - 4 * f(x - h) + f(x - 2 * h)) / (2 * h);
  if (!Number.isFinite(right) || !Number.isFinite(left)) return undefined;
  // a second-order difference errs by about h²·f''' : well under 1e-3 of the slope where f is smooth
  const scale = Math.max(1, Math.abs(left), Math.abs(right));
  return { left, right, agree: Math.abs(left - right) <= 1e-3 * scale };
}

/** A root of f in [a, b] where f(a), f(b) differ in sign (Brent's method), or undefined. */
export function brent(f: (t: number) => number, a: number, b: number, tolerance = 1e-14): number | undefined {
  let fa = f(a), fb = f(b);
  if (!Number.isFinite(fa) || !Number.isFinite(fb) || fa * fb > 0) return undefined;
  if (fa === 0) return a;
  if (fb === 0) return b;
  let c = a, fc = fa, d = b - a, e = d;
  for (let i = 0; i < 200; i++) {
    checkDeadline();
    if (fb * fc > 0) { c = a; fc = fa; d = b - a; e = d; }
    if (Math.abs(fc) < Math.abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
    const tol = 2 * Number.EPSILON * Math.abs(b) + tolerance / 2;
    const m = (c - b) / 2;
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number, q: number;
      if (a === c) { p = 2 * m * s; q = 1 - s; }
      else {
        const qa = fa / fc, r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q; else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) { e = d; d = p / q; }
      else { d = m; e = d; }
    } else { d = m; e = d; }
    a = b; fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    if (!Number.isFinite(fb)) return undefined;
  }
  return b;
}

/** The minimum of f on [a, b] by golden-section search (f unimodal there). */
export function goldenMinimum(f: (t: number) => number, a: number, b: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = f(c), fd = f(d);
  for (let i = 0; i < 200 && Math.abs(b - a) > 1e-13 * Math.max(1, Math.abs(a)); i++) {
    checkDeadline();
    if (fc < fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f(c); }
    else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f(d); }
  }
  return (a + b) / 2;
}

/** First and second derivative of a smooth branch by central differences with Richardson extrapolation. */
export function richardson(f: (t: number) => number, x: number, h: number): { first: number; second: number } {
  const d1 = (k: number) => (f(x + k) - f(x - k)) / (2 * k);
  const d2 = (k: number) => (f(x + k) - 2 * f(x) + f(x - k)) / (k * k);
  return { first: (4 * d1(h / 2) - d1(h)) / 3, second: (4 * d2(h / 2) - d2(h)) / 3 };
}

/** Offsets from the point where derivatives are checked near it (the Taylor expansion's neighbourhood). */
const NEAR_OFFSETS = [0.05, -0.11, 0.17, -0.23, 0.03];

/**
 * `claimed` = d/dx `of` checked by Ridders' differences at points near `center` (not at random points
 * far away, where a pole of a high derivative makes differences unreliable): the relative error of each
 * comparison, or the first disagreement. Points where either side is undefined are skipped.
 */
export function checkDerivativeNear(of: Expr, claimed: Expr, name: string, center: number, params: ReadonlyMap<string, number>): { ok: boolean; checked: number; maxRelError: number; reason?: string } {
  const f = along(of, name, params), g = along(claimed, name, params);
  let checked = 0, maxRelError = 0;
  for (const offset of NEAR_OFFSETS) {
    checkDeadline();
    const x = center + offset;
    const value = g(x);
    if (!Number.isFinite(value) || !Number.isFinite(f(x))) continue;
    const estimate = ridders(f, x, 0.02);
    if (!Number.isFinite(estimate.value)) continue;
    const scale = Math.max(1, Math.abs(value), Math.abs(estimate.value));
    const rel = Math.abs(value - estimate.value) / scale;
    checked++;
    maxRelError = Math.max(maxRelError, rel);
    if (rel > 1e-7 && Math.abs(value - estimate.value) > 10 * estimate.error) {
      return { ok: false, checked, maxRelError, reason: `differs from the numeric derivative at ${name}=${x.toPrecision(6)}: ${value} vs ${estimate.value}` };
    }
  }
  return { ok: checked >= 3, checked, maxRelError, ...(checked < 3 ? { reason: 'too few points near the expansion point where the derivatives are defined' } : {}) };
}
