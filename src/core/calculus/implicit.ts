// Implicit differentiation: a curve F(x, y) = G(x, y) gives dy/dx = −Fₓ/F_y (F − G in place of F),
// and on request d²y/dx² (d/dx of dy/dx with y' substituted), simplified and printed in the
// selection's notation; checked at points of the curve found numerically, against finite
// differences of the branch y(x) through each point.
import { InputError, Notation, variableName, Verification } from '../api';
import { derivative } from '../diff';
import { DialectStyle, print, toLatex, toPlain } from '../dialects';
import { compile } from '../evaluate';
import { add, div, Expr, isNum, mul, neg, sub, symbolsOf, ZERO } from '../expr';
import { CUT_SHORT_WARNING, simplifyReport } from '../simplify';
import { checkDeadline, ifInTime } from '../budget';
import { OUT_OF_TIME } from '../verify';
import { CalculusOptions, readScalar, substitute, underBudget, unverified } from './common';
import { brent, parameterValues, richardson } from './numeric';

export interface ImplicitOptions extends CalculusOptions {
  /** The independent variable (default x). */
  wrt?: string;
  /** The dependent variable, a function of wrt along the curve (default y). */
  of?: string;
  /** 1 (dy/dx, the default) or 2 (also d²y/dx²). */
  order?: 1 | 2;
}

/** One derivative along the curve, printed three ways. */
export interface ImplicitDerivative {
  /** In the selection's notation. */
  result: string;
  plain: string;
  latex: string;
  /** `dy/dx = …` (plain) and `\frac{dy}{dx} = …` (LaTeX). */
  equation: { plain: string; latex: string };
}

export interface ImplicitResult {
  /** The equation as read, F = G (plain and LaTeX); an expression alone is read as F = 0. */
  input: { plain: string; latex: string };
  /** dy/dx = −Fₓ/F_y, simplified, in the selection's notation. */
  result: string;
  plain: string;
  latex: string;
  equation: { plain: string; latex: string };
  /** d²y/dx², when order 2 was asked for. */
  second?: ImplicitDerivative;
  wrt: string;
  of: string;
  /** The partial derivatives of F − G, plain. */
  partials: { wrt: string; of: string };
  /** Checked at points of the curve: each derivative against finite differences of the branch through the point. */
  verified: boolean;
  verification: Verification;
  warnings?: string[];
  ms: number;
}

export const IMPLICIT_METHOD = 'points of the curve found by Brent\'s method; dy/dx (and d²y/dx²) compared with Richardson-extrapolated differences of the branch y(x) through each point';

/** The comparison of two sides: `=` in every notation, `==` in every notation (code's equality), `===` in JavaScript. */
const RELATION = /===|==|=/g;

/**
 * The two sides of an equation as written in `notation`: `F = G` or `F == G` (also SymPy's `Eq(F, G)`);
 * an expression alone is `F = 0`. A trailing `;` is dropped. Refuses `<=`, `!=`, several relations.
 */
export function splitEquation(source: string, notation: Notation): { lhs: string; rhs: string; offset: number } {
  let text = source.trim().replace(/;\s*$/, '');
  const eq = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)?Eq\s*\(([\s\S]*)\)$/.exec(text);
  if (eq && notation === 'python') {
    const comma = topLevel(eq[1], /,/g);
    if (comma.length !== 1) throw new InputError('Eq(…) takes the two sides of the equation');
    return { lhs: eq[1].slice(0, comma[0].index), rhs: eq[1].slice(comma[0].index + 1), offset: source.indexOf(eq[1]) };
  }
  const inequality = topLevel(text, /<=|>=|!=|~=|≤|≥|≠|<|>/g)[0];
  if (inequality) throw new InputError(`'${inequality[0]}' makes an inequality; implicit differentiation takes an equation F = G`, inequality.index);
  const relations = topLevel(text, RELATION).filter((m) => !/[<>!:]/.test(text[m.index - 1] ?? ''));
  if (relations.length === 0) return { lhs: text, rhs: '0', offset: 0 };
  if (relations.length > 1) throw new InputError('select one equation F = G (several relations found)', relations[1].index);
  const [m] = relations;
  text = text.slice(0, m.index).trim() === '' ? '' : text;
  if (text === '') throw new InputError('the equation has no left-hand side', m.index);
  const rhs = source.trim().replace(/;\s*$/, '').slice(m.index + m[0].length);
  if (rhs.trim() === '') throw new InputError('the equation has no right-hand side', m.index);
  return { lhs: text.slice(0, m.index), rhs, offset: m.index + m[0].length };
}

/** Matches of `pattern` outside brackets. */
function topLevel(text: string, pattern: RegExp): RegExpExecArray[] {
  const depthAt: number[] = [];
  let depth = 0;
  for (const ch of text) {
    if ('([{'.includes(ch)) depth++;
    depthAt.push(depth);
    if (')]}'.includes(ch)) depth--;
  }
  return [...text.matchAll(pattern)].filter((m) => depthAt[m.index] === 0);
}

/** dy/dx (and d²y/dx²) of the curve the selection defines. Throws InputError on what is not such a curve. */
export function implicit(source: string, options: ImplicitOptions): ImplicitResult {
  return underBudget(options.budgetMs, ({ started, soft }) => {
    const wrt = variableName(options.wrt ?? 'x'), of = variableName(options.of ?? 'y');
    if (wrt === of) throw new InputError(`the variables must differ (both are ${wrt})`);
    const order = options.order ?? 1;
    if (order !== 1 && order !== 2) throw new InputError(`implicit differentiation gives the first or second derivative, not order ${order as number}`);
    const sides = splitEquation(source, options.notation);
    const { left, right, style, readWarnings } = readSides(sides, options);
    const F = sub(left, right);
    const free = symbolsOf(F);
    if (!free.has(of)) throw new InputError(`the equation does not contain ${of}, so it does not define ${of} as a function of ${wrt}`);
    const warnings = [...readWarnings];
    if (!free.has(wrt)) warnings.push(`the equation does not contain ${wrt}: ${of} is constant along it, so d${of}/d${wrt} = 0`);

    const Fx = simplifyReport(derivative(F, wrt).result, { deadline: soft });
    const Fy = simplifyReport(derivative(F, of).result, { deadline: soft });
    if (isNum(Fy.result, 0)) throw new InputError(`∂F/∂${of} is 0: the equation does not determine ${of} as a function of ${wrt}`);
    const first = simplifyReport(neg(div(Fx.result, Fy.result)), { deadline: soft });
    let complete = Fx.complete && Fy.complete && first.complete;
    let second: Expr | undefined;
    if (order === 2) {
      const dx = derivative(first.result, wrt).result;
      const dy = derivative(first.result, of).result;
      const s = simplifyReport(add(dx, mul(dy, first.result)), { deadline: soft });
      complete &&= s.complete;
      second = s.result;
    }
    if (!complete) warnings.push(CUT_SHORT_WARNING);

    const verification = verifyOnCurve(F, first.result, second, wrt, of);
    const printed = printed1(first.result, style, `d${of}/d${wrt}`, `\\frac{d${of}}{d${wrt}}`);
    return {
      input: { plain: `${toPlain(left)} = ${toPlain(right)}`, latex: `${toLatex(left)} = ${toLatex(right)}` },
      ...printed,
      ...(second ? { second: printed1(second, style, `d^2${of}/d${wrt}^2`, `\\frac{d^{2}${of}}{d${wrt}^{2}}`) } : {}),
      wrt,
      of,
      partials: { wrt: toPlain(Fx.result), of: toPlain(Fy.result) },
      verified: verification.verified,
      verification,
      ...(warnings.length ? { warnings } : {}),
      ms: performance.now() - started,
    };
  });
}

/** Stands for the right-hand side while both sides are read as one expression. */
const RHS_MARKER = 'rhs_side_';

/**
 * Both sides read. Code and plain math are read as one expression, lhs + m·(rhs), so the reader sees
 * every variable at once (plain's 6xy is 6·x·y when x and y are variables of the equation), then
 * split: lhs at m = 0, rhs as the coefficient of m. LaTeX reads letters one by one: each side alone.
 */
function readSides(sides: { lhs: string; rhs: string; offset: number }, options: ImplicitOptions) {
  const what = 'implicit differentiation';
  const relocated = (error: unknown, map: (offset: number) => number) =>
    error instanceof InputError && error.offset >= 0 ? new InputError(error.detail, Math.max(0, map(error.offset))) : error;
  if (options.notation === 'latex') {
    const readSide = (side: string, offset: number) => {
      try { return readScalar(side, options.notation, options.documentText, what); } catch (error) { throw relocated(error, (o) => o + offset); }
    };
    const l = readSide(sides.lhs, 0), r = readSide(sides.rhs, sides.offset);
    return { left: l.expr, right: r.expr, style: l.style, readWarnings: [...(l.warnings ?? []), ...(r.warnings ?? [])] };
  }
  const prefix = `(${sides.lhs}) + ${RHS_MARKER}*(`;
  let parsed;
  try {
    parsed = readScalar(`${prefix}${sides.rhs})`, options.notation, options.documentText, what);
  } catch (error) {
    throw relocated(error, (o) => (o < prefix.length ? o - 1 : o - prefix.length + sides.offset));
  }
  const left = substitute(parsed.expr, RHS_MARKER, ZERO);
  const right = derivative(parsed.expr, RHS_MARKER).result;
  return { left, right, style: parsed.style, readWarnings: parsed.warnings ?? [] };
}

function printed1(e: Expr, style: DialectStyle, plainName: string, latexName: string): ImplicitDerivative {
  const plain = toPlain(e), latex = toLatex(e);
  return { result: print(e, style), plain, latex, equation: { plain: `${plainName} = ${plain}`, latex: `${latexName} = ${latex}` } };
}

/** Values of x where points of the curve are looked for, and the range of y searched at each. */
const X_CANDIDATES = [0.31, -0.43, 0.77, -0.91, 1.13, 0.08, -1.37, 1.71, -2.2, 2.6, 0.52, -0.17, 3.3, -3.1, 4.4];
const Y_RANGE = 8;
const Y_SAMPLES = 320;
const POINTS_WANTED = 4;

/**
 * Points (x₀, y₀) with F = 0 and F_y ≠ 0; at each, the branch y(x) through it (a root of F(x, ·) near
 * y₀) differenced numerically and compared with the claimed derivatives.
 */
function verifyOnCurve(F: Expr, first: Expr, second: Expr | undefined, wrt: string, of: string): Verification {
  const method = IMPLICIT_METHOD;
  return ifInTime(() => {
    const params = parameterValues(F, wrt, of);
    const names = [wrt, of, ...params.keys()];
    const fixed = [...params.values()];
    const at = (g: Expr) => { const c = compile(g, names); const vs = new Float64Array([0, 0, ...fixed]); return (x: number, y: number) => { vs[0] = x; vs[1] = y; return c(vs); }; };
    const f = at(F), d1 = at(first), d2 = second ? at(second) : undefined;
    const points: Record<string, number>[] = [];
    let maxRelError = 0, found = 0;
    for (const x0 of X_CANDIDATES) {
      if (found >= POINTS_WANTED) break;
      for (const y0 of rootsIn((y) => f(x0, y), -Y_RANGE, Y_RANGE, Y_SAMPLES)) {
        if (found >= POINTS_WANTED) break;
        const slope = d1(x0, y0);
        if (!Number.isFinite(slope) || Math.abs(slope) > 1e4) continue;
        const h = 1e-3 * Math.max(1, Math.abs(x0));
        const branch = branchThrough(f, x0, y0, slope, 4 * h);
        if (!branch) continue;
        const numeric = richardson(branch, x0, 2 * h);
        if (!Number.isFinite(numeric.first) || !Number.isFinite(numeric.second)) continue;
        const relFirst = Math.abs(slope - numeric.first) / Math.max(1, Math.abs(numeric.first));
        points.push({ [wrt]: x0, [of]: y0, ...Object.fromEntries(params) });
        found++;
        maxRelError = Math.max(maxRelError, relFirst);
        if (relFirst > 1e-6) return { verified: false, method, points, maxRelError, reason: `d${of}/d${wrt} at (${x0}, ${y0.toPrecision(8)}) is ${slope}, the branch's slope is ${numeric.first}` };
        if (d2) {
          const curvature = d2(x0, y0);
          const relSecond = Math.abs(curvature - numeric.second) / Math.max(1, Math.abs(numeric.second));
          maxRelError = Math.max(maxRelError, relSecond);
          if (!(relSecond <= 1e-4)) return { verified: false, method, points, maxRelError, reason: `d²${of}/d${wrt}² at (${x0}, ${y0.toPrecision(8)}) is ${curvature}, the branch's is ${numeric.second}` };
        }
      }
    }
    if (found < 3) return { verified: false, method, points, maxRelError, reason: `too few points of the curve found with |${wrt}|, |${of}| ≤ ${Y_RANGE} where ${of} is a smooth function of ${wrt}` };
    return { verified: true, method, points, maxRelError };
  }, () => unverified(method, OUT_OF_TIME));
}

/** Roots of g on [lo, hi]: sign changes on a grid, refined by Brent's method (poles, where |g| grows, are dropped). */
function rootsIn(g: (t: number) => number, lo: number, hi: number, samples: number): number[] {
  const roots: number[] = [];
  let tPrev = lo, gPrev = g(lo);
  for (let i = 1; i <= samples; i++) {
    checkDeadline();
    const t = lo + ((hi - lo) * i) / samples;
    const gt = g(t);
    if (Number.isFinite(gPrev) && Number.isFinite(gt) && gPrev * gt <= 0 && !(gPrev === 0 && i > 1)) {
      const r = gt === 0 ? t : brent(g, tPrev, t);
      if (r !== undefined && Math.abs(g(r)) <= 1e-8 * Math.max(1, Math.abs(gPrev), Math.abs(gt))) roots.push(r);
    }
    tPrev = t; gPrev = gt;
  }
  return roots;
}

/** y(x) near x₀ on the branch through (x₀, y₀): the root of F(x, ·) in a bracket around the predicted y. */
function branchThrough(f: (x: number, y: number) => number, x0: number, y0: number, slope: number, reach: number): ((x: number) => number) | undefined {
  const at = (x: number): number => {
    if (x === x0) return y0;
    const predicted = y0 + slope * (x - x0);
    for (let width = 1e-6 * Math.max(1, Math.abs(y0)); width < 1; width *= 4) {
      const r = brent((y) => f(x, y), predicted - width, predicted + width);
      if (r !== undefined) return r;
    }
    return NaN;
  };
  return Number.isFinite(at(x0 + reach)) && Number.isFinite(at(x0 - reach)) ? at : undefined;
}
