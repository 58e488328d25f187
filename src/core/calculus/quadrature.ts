// Numeric definite integrals with an error estimate: adaptive Gauss–Kronrod 7-15 (QUADPACK's QAG
// error heuristic), and tanh-sinh (double exponential) when that does not converge, which copes with
// endpoint singularities such as 1/sqrt(x) or log(x) on [0, 1] that bisection alone reaches slowly.

export interface Quadrature {
  value: number;
  /** Estimated absolute error of `value`. */
  errorEstimate: number;
  /** Whether the estimate met the tolerance; when not, the integral may diverge or be too rough. */
  converged: boolean;
  method: string;
  /** Integrand evaluations spent. */
  evaluations: number;
  /** Set when the integral diverges: the point where the pieces stop shrinking (a non-integrable singularity). */
  divergesAt?: number;
}

export interface QuadratureOptions {
  relTol?: number;
  absTol?: number;
  /** performance.now() time after which no more refinement is done. */
  deadline?: number;
}

export const GAUSS_KRONROD = 'adaptive Gauss–Kronrod 7-15';
export const TANH_SINH = 'tanh-sinh (double exponential)';

const REL_TOL = 1e-10;
const ABS_TOL = 1e-13;
const MAX_INTERVALS = 2000;

// Kronrod nodes (positive half; the 15-point rule is symmetric) and weights; every other node, from
// the second, is a Gauss node of the 7-point rule.
const XK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WK = [
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

interface Piece {
  a: number; b: number; value: number; error: number;
  /** How many bisections in a row kept this piece's value from shrinking (a non-integrable singularity grows it). */
  growth: number;
}

/** Bisections in a row whose half holds as much as the whole: the integral near that point does not converge. */
const DIVERGENT_GROWTH = 12;

/** The 15-point Kronrod estimate on [a, b] and its error (QUADPACK's qk15); a non-finite value makes the error infinite. */
function kronrod(f: (x: number) => number, a: number, b: number): Piece {
  const center = (a + b) / 2, half = (b - a) / 2;
  const fc = f(center);
  let resultK = fc * WK[7], resultG = fc * WG[3], resultAbs = Math.abs(resultK);
  const f1: number[] = [], f2: number[] = [];
  for (let j = 0; j < 7; j++) {
    const dx = half * XK[j];
    const v1 = f(center - dx), v2 = f(center + dx);
    f1.push(v1); f2.push(v2);
    resultK += WK[j] * (v1 + v2);
    resultAbs += WK[j] * (Math.abs(v1) + Math.abs(v2));
    if (j % 2 === 1) resultG += WG[(j - 1) / 2] * (v1 + v2);
  }
  if (!Number.isFinite(resultK)) return { a, b, value: NaN, error: Infinity, growth: 0 };
  const mean = resultK / 2;
  let resultAsc = WK[7] * Math.abs(fc - mean);
  for (let j = 0; j < 7; j++) resultAsc += WK[j] * (Math.abs(f1[j] - mean) + Math.abs(f2[j] - mean));
  const h = Math.abs(half);
  resultK *= half; resultG *= half; resultAbs *= h; resultAsc *= h;
  let error = Math.abs(resultK - resultG);
  if (resultAsc !== 0 && error !== 0) error = resultAsc * Math.min(1, Math.pow((200 * error) / resultAsc, 1.5));
  if (resultAbs > Number.MIN_VALUE / (50 * Number.EPSILON)) error = Math.max(50 * Number.EPSILON * resultAbs, error);
  return { a, b, value: resultK, error, growth: 0 };
}

/** Adaptive Gauss–Kronrod: the piece with the largest error is bisected until the total meets the tolerance. */
function gaussKronrod(f: (x: number) => number, a: number, b: number, relTol: number, absTol: number, deadline: number): Quadrature {
  const pieces: Piece[] = [kronrod(f, a, b)];
  let evaluations = 15;
  const totals = () => {
    let value = 0, error = 0;
    for (const p of pieces) { value += Number.isFinite(p.value) ? p.value : 0; error += p.error; }
    return { value, error };
  };
  let { value, error } = totals();
  while (error > Math.max(absTol, relTol * Math.abs(value)) && pieces.length < MAX_INTERVALS && performance.now() < deadline) {
    let worst = 0;
    for (let i = 1; i < pieces.length; i++) if (pieces[i].error > pieces[worst].error) worst = i;
    const p = pieces[worst];
    const mid = (p.a + p.b) / 2;
    // an interval too narrow to split holds a singularity the rule cannot resolve
    if (mid <= Math.min(p.a, p.b) || mid >= Math.max(p.a, p.b)) break;
    const halves = [kronrod(f, p.a, mid), kronrod(f, mid, p.b)];
    // ∫ over a half is about 2^(α−1) of the whole near |x − p|^−α: not shrinking means α ≥ 1
    for (const h of halves) if (Number.isFinite(p.value) && Math.abs(h.value) >= 0.999 * Math.abs(p.value) && h.value !== 0) h.growth = p.growth + 1;
    const growing = halves.find((h) => h.growth >= DIVERGENT_GROWTH);
    if (growing) {
      const divergesAt = Math.abs(growing.a - p.a) < Math.abs(growing.b - p.b) ? p.a : p.b;
      return { value: NaN, errorEstimate: Infinity, converged: false, method: GAUSS_KRONROD, evaluations: evaluations + 30, divergesAt };
    }
    pieces.splice(worst, 1, ...halves);
    evaluations += 30;
    ({ value, error } = totals());
  }
  return { value, errorEstimate: error, converged: error <= Math.max(absTol, relTol * Math.abs(value)), method: GAUSS_KRONROD, evaluations };
}

/**
 * tanh-sinh on [a, b]: x = c + h·tanh(π/2·sinh t), the step halved until two levels agree. Points are
 * placed by their distance to the nearer end, computed without cancellation, so an integrable
 * singularity at an end is never evaluated.
 */
function tanhSinh(f: (x: number) => number, a: number, b: number, relTol: number, absTol: number, deadline: number): Quadrature {
  const half = (b - a) / 2;
  const T = 4; // |t| ≤ 4 puts points within 1e-300 of the ends
  let step = 0.5, evaluations = 0;
  // a point near an end at x ≠ 0 is rounded to a double: f there can differ from f at the exact node
  // by about |f|·(rounding / distance to the end) where f is singular, which the levels' agreement misses
  let rounding = 0;
  const term = (t: number): number => {
    const u = (Math.PI / 2) * Math.sinh(t);
    const cosh = Math.cosh(u);
    // distance of the point to the nearer end, in units of half the interval: 1 − tanh|u|
    const gap = Math.exp(-Math.abs(u)) / cosh;
    const weight = ((Math.PI / 2) * Math.cosh(t)) / (cosh * cosh);
    if (!(weight > 0) || gap === 0) return 0;
    const x = t < 0 ? a + half * gap : b - half * gap;
    if (x <= Math.min(a, b) || x >= Math.max(a, b)) return 0;
    evaluations++;
    const v = f(x) * weight;
    if (!Number.isFinite(v)) return NaN;
    rounding += Math.abs(v) * ((Math.abs(x) * Number.EPSILON) / Math.abs(half * gap));
    return v;
  };
  let sum = term(0);
  for (let k = 1; k * step <= T; k++) sum += term(k * step) + term(-k * step);
  let value = half * step * sum, error = Infinity;
  for (let level = 0; level < 10 && performance.now() < deadline; level++) {
    step /= 2;
    // the new points are the odd multiples of the halved step
    for (let k = 1; k * step <= T; k += 2) sum += term(k * step) + term(-k * step);
    const next = half * step * sum;
    error = Math.abs(next - value);
    value = next;
    if (!Number.isFinite(value)) break;
    if (error <= Math.max(absTol, relTol * Math.abs(value))) break;
  }
  error += Math.abs(half * step) * rounding;
  const converged = Number.isFinite(value) && error <= Math.max(absTol, relTol * Math.abs(value));
  return { value, errorEstimate: Number.isFinite(value) ? error : Infinity, converged, method: TANH_SINH, evaluations };
}

/**
 * A range of integration as a finite one: x = φ(t) over [lo, hi], with dx = φ′(t)·dt. A finite range
 * is itself; [a, ∞) is x = a + t/(1 − t) on [0, 1), (−∞, b] is x = b + t/(1 + t) on (−1, 0], and
 * (−∞, ∞) is x = t/(1 − t²) on (−1, 1): the infinite end becomes an end the rules never evaluate.
 */
export interface FiniteRange {
  lo: number;
  hi: number;
  x: (t: number) => number;
  dx: (t: number) => number;
}

export function finiteRange(a: number, b: number): FiniteRange {
  if (Number.isFinite(a) && Number.isFinite(b)) return { lo: a, hi: b, x: (t) => t, dx: () => 1 };
  if (Number.isFinite(a) && b === Infinity) return { lo: 0, hi: 1, x: (t) => a + t / (1 - t), dx: (t) => 1 / ((1 - t) * (1 - t)) };
  if (a === -Infinity && Number.isFinite(b)) return { lo: -1, hi: 0, x: (t) => b + t / (1 + t), dx: (t) => 1 / ((1 + t) * (1 + t)) };
  if (a === -Infinity && b === Infinity) return { lo: -1, hi: 1, x: (t) => t / (1 - t * t), dx: (t) => (1 + t * t) / ((1 - t * t) * (1 - t * t)) };
  throw new RangeError(`no range of integration from ${a} to ${b}`);
}

/** ∫ₐᵇ f(x) dx with an error estimate; b < a gives the negative of ∫_b^a. Either end may be infinite. */
export function integrateNumerically(f: (x: number) => number, a: number, b: number, options: QuadratureOptions = {}): Quadrature {
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError('the bounds must be numbers');
  if (a === b) return { value: 0, errorEstimate: 0, converged: true, method: GAUSS_KRONROD, evaluations: 0 };
  if (a > b) {
    const q = integrateNumerically(f, b, a, options);
    return { ...q, value: -q.value };
  }
  const range = finiteRange(a, b);
  if (range.lo === a && range.hi === b) return onFiniteRange(f, a, b, options);
  // far out x overflows before the rules reach the end; there f·dx is below what they can resolve
  const g = (t: number) => {
    const x = range.x(t);
    return Number.isFinite(x) ? f(x) * range.dx(t) : 0;
  };
  const q = onFiniteRange(g, range.lo, range.hi, options);
  if (q.divergesAt === undefined) return q;
  const at = q.divergesAt === range.lo ? a : q.divergesAt === range.hi ? b : range.x(q.divergesAt);
  return { ...q, divergesAt: at };
}

function onFiniteRange(f: (x: number) => number, a: number, b: number, options: QuadratureOptions): Quadrature {
  const relTol = options.relTol ?? REL_TOL, absTol = options.absTol ?? ABS_TOL, deadline = options.deadline ?? Infinity;
  const gk = gaussKronrod(f, a, b, relTol, absTol, deadline);
  if (gk.converged || gk.divergesAt !== undefined) return gk;
  const ts = tanhSinh(f, a, b, relTol, absTol, deadline);
  const evaluations = gk.evaluations + ts.evaluations;
  if (ts.converged || (Number.isFinite(ts.errorEstimate) && ts.errorEstimate < gk.errorEstimate)) return { ...ts, evaluations };
  return { ...gk, evaluations };
}
