// Samples a single-variable function and its derivatives for the explanation panel's plot.
// Runs in the core worker (dist/worker.js), never on the extension host's thread.
import { parse } from './dialects';
import { compile, type Compiled } from './evaluate';
import { symbolsOf } from './expr';

/** Samples of f, its derivative of the chosen order, and f' (for the tangent), on one x grid. */
export interface PlotData {
  variable: string;
  x: number[];
  /** null where the function is undefined or the curve is broken at a singularity. */
  f: (number | null)[];
  /** The derivative of the panel's order. */
  derivative: (number | null)[];
  /** The first derivative (the tangent's slope); equal to `derivative` when the order is 1. */
  slope: (number | null)[];
  /** Visible y range, chosen so poles do not flatten the curves. */
  yRange: [number, number];
  /** Index into x of the initial tangent point (f and f' finite there). */
  tangentIndex: number;
  /** Where the function is defined, when only on part of the x range (an end left out is open). */
  domain?: { from?: number; to?: number };
  /** x values where the curves are broken (poles, jumps). */
  breaks: number[];
}

export interface SampleRequest {
  /** The function, its derivative of the panel's order, and its first derivative, in plain notation. */
  function: string;
  derivative: string;
  slope: string;
  variable: string;
}

/** Points on the x grid. */
export const SAMPLES = 601;

/** sin(…), cos(…), … but not asin or sinh. */
const PERIODIC = /\b(sin|cos|tan|sec|csc|cot)\(/;

/**
 * Samples f, the derivative and the slope over a range that shows the function: ±2π when it is
 * periodic, ±5 otherwise, narrowed to the part where the function is defined (log, sqrt, asin…).
 * Curves are broken at poles and jumps; the y range ignores the far tails so a pole does not
 * flatten everything else. Undefined when the input has other symbols or is nowhere defined.
 */
export function samplePlot(request: SampleRequest): PlotData | undefined {
  const compiled = [request.function, request.derivative, request.slope].map((source) => compileOne(source, request.variable));
  if (compiled.some((c) => c === undefined)) return undefined;
  const [f, derivative, slope] = compiled as [Compiled, Compiled, Compiled];
  const at = (fn: Compiled, x: number) => finite(fn(Float64Array.of(x)));

  const range = chooseRange(request.function, (x) => at(f, x));
  if (!range) return undefined;
  const [from, to] = range.view;

  const xs: number[] = [];
  for (let i = 0; i < SAMPLES; i++) xs.push(round(from + ((to - from) * i) / (SAMPLES - 1)));
  let fs = xs.map((x) => at(f, x));
  let ds = xs.map((x) => at(derivative, x));
  let ss = xs.map((x) => at(slope, x));

  const yRange = chooseYRange(fs, ds);
  // Break the curves between two samples that straddle the visible band from far outside it
  // (a pole such as tan at π/2, 1/x at 0) or jump by more than the band's height in one step.
  const height = yRange[1] - yRange[0];
  const breaks: number[] = [];
  const x2: number[] = [];
  const f2: (number | null)[] = [];
  const d2: (number | null)[] = [];
  const s2: (number | null)[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (i > 0 && (jumps(fs[i - 1]!, fs[i]!, yRange, height) || jumps(ds[i - 1]!, ds[i]!, yRange, height))) {
      const mid = (xs[i - 1]! + xs[i]!) / 2;
      breaks.push(round(mid));
      x2.push(round(mid));
      f2.push(null);
      d2.push(null);
      s2.push(null);
    }
    x2.push(xs[i]!);
    f2.push(fs[i]!);
    d2.push(ds[i]!);
    s2.push(ss[i]!);
  }
  fs = f2;
  ds = d2;
  ss = s2;

  return {
    variable: request.variable,
    x: x2,
    f: fs,
    derivative: ds,
    slope: ss,
    yRange,
    tangentIndex: tangentIndex(x2, fs, ss, yRange),
    ...(range.domain ? { domain: range.domain } : {}),
    breaks,
  };
}

function compileOne(source: string, variable: string): Compiled | undefined {
  try {
    const { expr } = parse(source, 'plain');
    const symbols = [...symbolsOf(expr)];
    if (symbols.some((name) => name !== variable)) return undefined;
    return compile(expr, [variable]);
  } catch {
    return undefined;
  }
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Rounds a grid coordinate so 0.1 steps print as 0.1, not 0.30000000000000004. */
function round(x: number): number {
  return Math.abs(x) < 1e-12 ? 0 : Number(x.toPrecision(12));
}

/**
 * The x range to show: the first usual window (±2π, ±π, ±2, ±1 for periodic functions, ±5, ±2, ±1
 * for others) in which the function is not dominated by its tails (exponential growth hides the
 * rest of the curve), or the part of a window where f is defined (log, sqrt, asin…), with a margin
 * so the domain's edge shows.
 */
export function chooseRange(source: string, f: (x: number) => number | null): { view: [number, number]; domain?: { from?: number; to?: number } } | undefined {
  const usual: [number, number][] = (PERIODIC.test(source) ? [2 * Math.PI, Math.PI, 2, 1] : [5, 2, 1]).map((r) => [-r, r]);
  const probe = 400;
  let best: { view: [number, number]; spread: number } | undefined;
  for (const [a, b] of usual) {
    const values: number[] = [];
    let defined = 0;
    for (let i = 0; i <= probe; i++) {
      const y = f(a + ((b - a) * i) / probe);
      if (y === null) continue;
      values.push(y);
      defined++;
    }
    if (defined < probe * 0.98) break; // defined on part of the window only: see below
    const spread = tailSpread(values);
    if (spread < 10) return { view: [a, b] };
    if (!best || spread < best.spread) best = { view: [a, b], spread };
  }
  if (best) return { view: best.view };

  for (const [a, b] of [usual[0]!, [-50, 50], [0.001, 1000], [-1000, -0.001]] as [number, number][]) {
    const at = (i: number) => a + ((b - a) * i) / probe;
    let first = -1;
    let last = -1;
    let count = 0;
    for (let i = 0; i <= probe; i++) {
      if (f(at(i)) === null) continue;
      if (first < 0) first = i;
      last = i;
      count++;
    }
    if (count < 8) continue;
    // Defined from edge to edge (with holes such as 1/x at 0): the whole window.
    if (first === 0 && last === probe) return { view: [a, b] };
    // Defined on part of the window: show that part with a margin, and say where it is.
    const lo = first === 0 ? a : refineEdge(f, at(first - 1), at(first));
    const hi = last === probe ? b : refineEdge(f, at(last + 1), at(last));
    const margin = 0.1 * Math.max(hi - lo, (b - a) / probe);
    const view: [number, number] = [Math.max(a, lo - margin), Math.min(b, hi + margin)];
    if (view[1] - view[0] < 1e-9) continue;
    return { view, domain: { ...(first > 0 ? { from: round(lo) } : {}), ...(last < probe ? { to: round(hi) } : {}) } };
  }
  return undefined;
}

/** How far the tails reach compared with the middle half: (p95 − p5) / (p75 − p25). */
function tailSpread(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const q = (t: number) => sorted[Math.round(t * (sorted.length - 1))]!;
  const middle = q(0.75) - q(0.25);
  const outer = q(0.95) - q(0.05);
  if (outer < 1e-12) return 1;
  return middle < 1e-12 ? Infinity : outer / middle;
}

/** Bisects between a point where f is undefined (`outside`, may be past the window) and one where it is defined. */
function refineEdge(f: (x: number) => number | null, outside: number, inside: number): number {
  let o = outside;
  let i = inside;
  for (let k = 0; k < 40; k++) {
    const m = (o + i) / 2;
    if (f(m) === null) o = m;
    else i = m;
  }
  return i;
}

/**
 * The y range: the function's values (without far tails, so a pole does not flatten the curve),
 * widened for the derivative by at most about the function's own height; padded, never empty.
 */
export function chooseYRange(f: readonly (number | null)[], derivative: readonly (number | null)[]): [number, number] {
  const fb = band(f);
  const db = band(derivative);
  if (!fb && !db) return [-1, 1];
  let lo: number;
  let hi: number;
  if (!fb || !db) [lo, hi] = (fb ?? db)!;
  else {
    const reach = Math.max(fb[1] - fb[0], Math.abs(fb[0] + fb[1]) / 2, 1);
    lo = Math.min(fb[0], Math.max(db[0], fb[0] - reach));
    hi = Math.max(fb[1], Math.min(db[1], fb[1] + reach));
  }
  if (hi - lo < 1e-9) {
    const half = Math.max(1, Math.abs(lo) * 0.5);
    return [round(lo - half), round(hi + half)];
  }
  const pad = (hi - lo) * 0.08;
  return [round(lo - pad), round(hi + pad)];
}

/** All the values when none is far out, else the 5th to 95th percentile. */
function band(values: readonly (number | null)[]): [number, number] | undefined {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const pick = (q: number) => sorted[Math.round(q * (sorted.length - 1))]!;
  const lo = pick(0.05);
  const hi = pick(0.95);
  const spread = Math.max(hi - lo, 1e-9);
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return [min >= lo - spread ? min : lo, max <= hi + spread ? max : hi];
}

function jumps(a: number | null, b: number | null, [lo, hi]: [number, number], height: number): boolean {
  if (a === null || b === null) return false;
  const outside = (v: number) => v > hi + height || v < lo - height;
  if ((outside(a) || outside(b)) && Math.sign(a) !== Math.sign(b)) return true;
  return Math.abs(b - a) > 4 * height && Math.sign(a) !== Math.sign(b);
}

/** The grid point nearest x = 1 (else the middle) where f and f' are finite and on screen. */
function tangentIndex(xs: readonly number[], fs: readonly (number | null)[], ss: readonly (number | null)[], [lo, hi]: [number, number]): number {
  const good = (i: number) => fs[i] !== null && ss[i] !== null && fs[i]! >= lo && fs[i]! <= hi;
  const preferred = xs[0]! <= 1 && xs[xs.length - 1]! >= 1 ? 1 : (xs[0]! + xs[xs.length - 1]!) / 2;
  let best = -1;
  for (let i = 0; i < xs.length; i++) {
    if (!good(i)) continue;
    if (best < 0 || Math.abs(xs[i]! - preferred) < Math.abs(xs[best]! - preferred)) best = i;
  }
  return Math.max(0, best);
}
