// Numeric verification: every symbolic derivative is compared with a numeric derivative of the
// expression it came from (Ridders' extrapolation of central differences) at random real points.
import { Verification } from './api';
import { Expr, symbolsOf } from './expr';
import { compile, Compiled } from './evaluate';
import { ifInTime, pastDeadline } from './budget';
import { hashText, mulberry32 } from './random';

export const VERIFICATION_METHOD = "Ridders' extrapolated central differences";
export const OUT_OF_TIME = 'the numeric check did not finish within the time budget';

/** `check`'s verification, or an unverified one saying the time ran out. */
export function verifiedInTime(check: () => Verification): Verification {
  return ifInTime(check, () => ({ verified: false, method: VERIFICATION_METHOD, points: [], maxRelError: 0, reason: OUT_OF_TIME }));
}
const POINTS_WANTED = 6;
const ATTEMPTS = 80;
/** Draws after the first ATTEMPTS, when those found too few points: near the points that were defined, or from wider ranges. */
const MORE_ATTEMPTS = 120;
const REL_TOL = 1e-7;
/**
 * |x·f'(x)/f(x)| (f' the estimate or the claim, whichever is larger) above which a point is too steep to
 * judge: f turns over on a scale far below the smallest step tried (cos(e^(8ax)) at a·x = 2.2 has a
 * period near 1e-7 in x), so the difference quotients alias, and their estimate may agree with itself
 * and still be noise.
 */
const MAX_CONDITION = 1e6;

/** Ridders' method: derivative of f at x with an error estimate (Numerical Recipes §5.7). */
export function ridders(f: (t: number) => number, x: number, h0: number): { value: number; error: number } {
  const CON = 1.4, CON2 = CON * CON, NTAB = 10, SAFE = 2;
  // the tableau a[j][i] flat, at j * NTAB + i: one allocation per call (the check calls this 12 times a level)
  const a = new Float64Array(NTAB * NTAB);
  let h = h0;
  a[0] = (f(x + h) - f(x - h)) / (2 * h);
  let error = Infinity, value = a[0];
  for (let i = 1; i < NTAB; i++) {
    h /= CON;
    a[i] = (f(x + h) - f(x - h)) / (2 * h);
    let fac = CON2;
    for (let j = 1; j <= i; j++) {
      const here = j * NTAB + i, left = here - NTAB;
      a[here] = (a[left] * fac - a[left - 1]) / (fac - 1);
      fac *= CON2;
      const errt = Math.max(Math.abs(a[here] - a[left]), Math.abs(a[here] - a[left - 1]));
      if (errt <= error) { error = errt; value = a[here]; }
    }
    if (Math.abs(a[i * NTAB + i] - a[(i - 1) * NTAB + i - 1]) >= SAFE * error) break;
  }
  return { value, error };
}

/** Random value from a mix of ranges: mostly moderate positive, some negative, some small or large. */
function draw(rand: () => number): number {
  const r = rand();
  const m = rand();
  if (r < 0.45) return 0.2 + 2.3 * m;
  if (r < 0.75) return -(0.2 + 2.3 * m);
  if (r < 0.9) return 2.5 + 3.5 * m;
  return 0.03 + 0.17 * m;
}

/**
 * A further draw for a narrow domain (atanh(8x) is real for |x| < 1/8 only, √log(−x − 1.5) for x < −2.5):
 * mostly a point near one already defined there, else a value of either sign from a wider mix of scales.
 */
function drawMore(rand: () => number, defined: readonly Float64Array[], into: Float64Array): void {
  const near = defined.length > 0 && rand() < 0.75 ? defined[Math.floor(rand() * defined.length)] : undefined;
  for (let i = 0; i < into.length; i++) {
    if (near) into[i] = near[i] + 0.1 * (2 * rand() - 1) * Math.max(Math.abs(near[i]), 0.01);
    else {
      const magnitude = 10 ** (4 * rand() - 3);
      into[i] = rand() < 0.5 ? magnitude : -magnitude;
    }
  }
}

export interface VerificationLevel {
  /** The expression differentiated numerically. */
  of: Expr;
  /** Its claimed derivative. */
  claimed: Expr;
}

/**
 * Checks each claimed derivative against the numeric derivative of the expression it came from,
 * with respect to `wrt`, the other symbols held at random values.
 */
export function verifyDerivatives(levels: readonly VerificationLevel[], wrt: string): Verification {
  const method = VERIFICATION_METHOD;
  const named = new Set([wrt]);
  for (const l of levels) for (const e of [l.of, l.claimed]) for (const s of symbolsOf(e)) named.add(s);
  const names = [...named];
  const points: Record<string, number>[] = [];
  let maxRelError = 0;
  const wi = names.indexOf(wrt);
  // a level's expression is the previous level's claimed derivative: compiled once
  const compiled = new Map<Expr, Compiled>();
  const compiledOnce = (e: Expr) => { let c = compiled.get(e); if (!c) compiled.set(e, (c = compile(e, names))); return c; };
  for (const [n, level] of levels.entries()) {
    const f = compiledOnce(level.of);
    const g = compiledOnce(level.claimed);
    const rand = mulberry32(hashText(level.of.key + '|' + wrt + '|' + n));
    let found = 0;
    // points where the expression and the claim are defined, to draw near when the domain is narrow
    const defined: Float64Array[] = [];
    for (let attempt = 0; attempt < ATTEMPTS + MORE_ATTEMPTS && found < POINTS_WANTED; attempt++) {
      if (pastDeadline()) return { verified: false, method, points, maxRelError, reason: OUT_OF_TIME };
      // the first draws decide most checks; more only where they found too few points
      if (attempt === ATTEMPTS && found >= 3) break;
      const vs = new Float64Array(names.length);
      if (attempt < ATTEMPTS) for (let i = 0; i < vs.length; i++) vs[i] = draw(rand);
      else drawMore(rand, defined, vs);
      const x = vs[wi];
      const fx = f(vs);
      const claimed = g(vs);
      if (!Number.isFinite(fx) || !Number.isFinite(claimed)) continue;
      defined.push(vs);
      // one scratch vector for the whole line: Ridders evaluates f some 40 times per point
      const ws = vs.slice();
      const along = (t: number) => { ws[wi] = t; return f(ws); };
      // the derivative's natural scale: its own size, or the function's rate |f|/|x| where it vanishes
      const ref = Math.max(Math.abs(claimed), Math.abs(fx) / Math.max(Math.abs(x), 1));
      let estimate: { value: number; error: number } | undefined;
      let h = 0.1 * Math.max(Math.abs(x), 0.1);
      for (let shrink = 0; shrink < 5 && !estimate; shrink++, h /= 10) {
        if (!Number.isFinite(along(x + h)) || !Number.isFinite(along(x - h))) continue;
        const e = ridders(along, x, h);
        // trust an estimate only when its own error bound is small; else try a smaller step
        if (Number.isFinite(e.value) && e.error <= 1e-6 * Math.max(ref, Math.abs(e.value))) estimate = e;
      }
      if (!estimate) continue;
      // the claim's size counts too: where f is mostly rounding the estimate is noise, often small;
      // an estimate of exactly 0 is f locally constant, never too steep (a wrong claim there is caught)
      const slope = Math.max(Math.abs(estimate.value), Math.abs(claimed));
      if (estimate.value !== 0 && !(Math.abs(x) * slope <= MAX_CONDITION * Math.abs(fx))) continue;
      const scale = Math.max(Math.abs(estimate.value), ref);
      const diff = Math.abs(claimed - estimate.value);
      const agrees = diff <= Math.max(REL_TOL * scale, 10 * estimate.error);
      // a disagreement counts only where a second estimate from a ten times smaller step agrees with the
      // first; else the function varies too fast here for either (an agreement needs no such check)
      if (!agrees) {
        const check = ridders(along, x, h);
        if (!Number.isFinite(check.value) || Math.abs(check.value - estimate.value) > 1e-6 * scale) continue;
      }
      const rel = diff === 0 ? 0 : diff / scale;
      if (n === 0 || points.length < POINTS_WANTED) points.push(Object.fromEntries(names.map((k, i) => [k, vs[i]])));
      found++;
      if (!agrees) {
        return {
          verified: false, method, points, maxRelError: Math.max(maxRelError, rel),
          reason: `differs from the numeric derivative at ${names.map((k, i) => `${k}=${vs[i].toPrecision(6)}`).join(', ')}: ${claimed} vs ${estimate.value}`,
        };
      }
      maxRelError = Math.max(maxRelError, rel);
    }
    if (found < 3) {
      return { verified: false, method, points, maxRelError, reason: 'too few real points where the expression and its derivative are defined and smooth' };
    }
  }
  return { verified: true, method, points, maxRelError };
}
