// The CLI's calculus verbs (tangent, taylor, implicit, critical, integrate) and the batch field "op": one
// request shape for both, the verb's text output, and the batch line's fields (`plain` holds the
// answer in plain syntax: the tangent's right-hand side, the Taylor polynomial WITHOUT its O term —
// `plainWithRemainder` has it —, dy/dx, the antiderivative without + C).
import { criticalPoints, implicit, InputError, integrate, MatrixVar, Notation, routeSelection, tangent, taylor, taylorVector } from './core';

export const CALCULUS_VERBS = ['tangent', 'taylor', 'implicit', 'critical', 'integrate'] as const;
export type CalculusVerb = (typeof CALCULUS_VERBS)[number];
/** What the batch field "op" may say: the derivative (the default) or a calculus operation. */
export const BATCH_OPS: readonly string[] = ['diff', ...CALCULUS_VERBS];

export const CALCULUS_USAGE = `  derivative-assistant tangent --at A [--wrt VAR] [--lang L] [--json] EXPR          (A: a number or a constant such as pi/4)
  derivative-assistant taylor [--at A] [--order N] [--wrt VAR] [--lang L] [--json] EXPR   (default at 0, order 5; a function of a vector: f(x0) + g'(x - x0) + (x - x0)'H(x - x0)/2)
  derivative-assistant implicit [--wrt x] [--of y] [--order 2] [--lang L] [--json] 'F = G'
  derivative-assistant critical [--from A --to B] [--wrt VAR] [--lang L] [--json] EXPR    (default interval -10 to 10)
  derivative-assistant integrate [--from A --to B] [--wrt VAR] [--lang L] [--json] EXPR   (prints the antiderivative without + C, verified, or 'no antiderivative found')
  batch lines may carry "op": "diff" (default), "tangent", "taylor", "implicit", "critical" or "integrate", with "at", "order", "of", "from", "to"`;

/** One calculus request, from flags or from a batch line. */
export interface CalculusRequest {
  lang: Notation;
  wrt?: string;
  at?: number | string;
  order?: number;
  of?: string;
  from?: number | string;
  to?: number | string;
  /** Declared shapes (--var, batch "vars"): a Taylor expansion of a function of a vector is of second order. */
  vars?: Record<string, MatrixVar>;
}

export function isCalculusVerb(name: string | undefined): name is CalculusVerb {
  return (CALCULUS_VERBS as readonly string[]).includes(name ?? '');
}

/** Runs one operation: the core's whole result (JSON-ready). */
export function runOperation(op: CalculusVerb, expr: string, r: CalculusRequest) {
  switch (op) {
    case 'tangent':
      if (r.at === undefined) throw new InputError('tangent needs the point: --at A (batch: "at")');
      return tangent(expr, { notation: r.lang, wrt: r.wrt, at: r.at });
    case 'taylor':
      if (routeSelection(expr, r.lang, { vars: r.vars }).engine === 'matrix') {
        if (typeof r.at === 'number') throw new InputError(`the expansion point of a function of a vector is a name such as x0, not ${r.at}`);
        return taylorVector(expr, { notation: r.lang, wrt: r.wrt, at: r.at, order: r.order, vars: r.vars });
      }
      return taylor(expr, { notation: r.lang, wrt: r.wrt, at: r.at, order: r.order });
    case 'implicit':
      if (r.order !== undefined && r.order !== 1 && r.order !== 2) throw new InputError(`implicit gives order 1 or 2, not ${r.order}`);
      return implicit(expr, { notation: r.lang, wrt: r.wrt, of: r.of, order: r.order as 1 | 2 | undefined });
    case 'critical':
      return criticalPoints(expr, { notation: r.lang, wrt: r.wrt, from: r.from, to: r.to });
    case 'integrate':
      return integrate(expr, { notation: r.lang, wrt: r.wrt, from: r.from, to: r.to });
  }
}

type Outcome = ReturnType<typeof runOperation>;

/** The verb's text output: the answer's lines for stdout, warnings for stderr. */
export function textOutput(op: CalculusVerb, result: Outcome): { lines: string[]; warnings: string[] } {
  const warnings = [...(result.warnings ?? [])];
  // an integral without an antiderivative says so on stdout; nothing unverified is shown
  const unanswered = op === 'integrate' && !(result as ReturnType<typeof integrate>).found;
  if (!result.verified && !unanswered) warnings.push(`not verified numerically: ${'reason' in result.verification ? result.verification.reason : 'the gradient or Hessian was not verified'}`);
  switch (op) {
    case 'tangent': case 'taylor': return { lines: [(result as { result: string }).result], warnings };
    case 'implicit': {
      const r = result as ReturnType<typeof implicit>;
      return { lines: [r.result, ...(r.second ? [r.second.result] : [])], warnings };
    }
    case 'critical': {
      const r = result as ReturnType<typeof criticalPoints>;
      const lines = r.points.map((p) => `${p.kind}${p.differentiable ? '' : ' (not differentiable)'} at ${r.wrt} = ${p.x.result}: f = ${p.y.result}`);
      return { lines: lines.length ? lines : [`no critical points on [${r.interval.from.plain}, ${r.interval.to.plain}]`], warnings };
    }
    case 'integrate': {
      const r = result as ReturnType<typeof integrate>;
      const lines = [r.found ? r.result! : r.message ?? 'no antiderivative found'];
      const d = r.definite;
      if (d) lines.push(d.exact ? `= ${d.exact.result} ≈ ${d.value}` : Number.isNaN(d.value) ? `diverges${divergesWhere(d.divergesAt, r.wrt)}` : `≈ ${d.value} ± ${d.errorEstimate.toPrecision(2)}${d.converged ? '' : ' (did not converge)'}`);
      return { lines, warnings };
    }
  }
}

/** The whole result for --json, without the timing. */
export function jsonOutput(op: CalculusVerb, result: Outcome): string {
  const { ms: _ms, ...rest } = result;
  return JSON.stringify({ op, ...rest });
}

/** A batch line's fields: result, plain, latex, verified (as diff's lines), the operation's own, ms. */
export function batchFields(op: CalculusVerb, result: Outcome): Record<string, unknown> {
  const common = { verified: result.verified, ...(result.warnings ? { warnings: result.warnings } : {}), ms: Math.round(result.ms * 1000) / 1000 };
  switch (op) {
    case 'tangent': {
      const r = result as ReturnType<typeof tangent>;
      return { op, result: r.result, plain: r.plain, latex: r.latex, equation: r.equation, point: r.point, slope: r.slope, ...common };
    }
    case 'taylor': {
      if ('gradient' in result) {
        const v = result as ReturnType<typeof taylorVector>;
        return { op, result: v.result, plain: v.plain, plainWithRemainder: v.plainWithRemainder, latex: v.latex, point: v.point, order: v.order, gradient: v.gradient.result, hessian: v.hessian.result, ...common };
      }
      const r = result as ReturnType<typeof taylor>;
      return { op, result: r.result, plain: r.plain, plainWithRemainder: r.plainWithRemainder, latex: r.latex, polynomial: r.polynomial, at: r.at.plain, order: r.order, ...common };
    }
    case 'implicit': {
      const r = result as ReturnType<typeof implicit>;
      return { op, result: r.result, plain: r.plain, latex: r.latex, ...(r.second ? { second: r.second } : {}), ...common };
    }
    case 'critical': {
      const r = result as ReturnType<typeof criticalPoints>;
      const points = r.points.map((p) => ({ x: p.x.plain, xValue: p.x.value, y: p.y.plain, yValue: p.y.value, kind: p.kind, exact: p.x.exact, differentiable: p.differentiable }));
      return { op, result: r.derivative.result, plain: r.derivative.plain, latex: r.derivative.latex, points, ...common };
    }
    case 'integrate': {
      const r = result as ReturnType<typeof integrate>;
      const answer = r.found ? { result: r.result, plain: r.plain, latex: r.latex } : { message: r.message };
      return { op, found: r.found, ...answer, ...(r.definite ? { definite: r.definite } : {}), ...common };
    }
  }
}

/** A batch value that is a number or a constant's text ("pi/4"); `name` for the message. */
export function pointValue(value: unknown, name: string): number | string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new InputError(`"${name}" must be a number or a string such as "pi/4"`);
}

/**
 * One batch line: a calculus "op" is answered here; "diff" (or no op) goes to `diffLine`, and an
 * explicit "op": "diff" is echoed in its answer.
 */
export function batchLineWithOp(line: string, diffLine: (line: string) => string, parseLang: (text: unknown) => Notation, defaultLang: Notation): string {
  let c: Record<string, unknown>;
  try { c = JSON.parse(line); } catch { return diffLine(line); }
  if (typeof c !== 'object' || c === null || Array.isArray(c) || c.op === undefined) return diffLine(line);
  const id = c.id ?? null;
  try {
    if (c.op === 'diff') {
      const out = JSON.parse(diffLine(line)) as Record<string, unknown>;
      const { id: outId, ok, ...rest } = out;
      return JSON.stringify({ id: outId, ok, op: 'diff', ...rest });
    }
    if (typeof c.op !== 'string' || !isCalculusVerb(c.op)) throw new InputError(`unknown "op" ${JSON.stringify(c.op)} (expected ${BATCH_OPS.join(', ')})`);
    if (typeof c.expr !== 'string') throw new InputError('"expr" (a string) is required');
    if (c.wrt !== undefined && typeof c.wrt !== 'string') throw new InputError('"wrt" must be a string');
    if (c.of !== undefined && typeof c.of !== 'string') throw new InputError('"of" must be a string');
    if (c.order !== undefined && (typeof c.order !== 'number' || !Number.isInteger(c.order))) throw new InputError('"order" must be a whole number');
    const request: CalculusRequest = {
      lang: c.lang === undefined ? defaultLang : parseLang(c.lang),
      wrt: c.wrt as string | undefined, of: c.of as string | undefined, order: c.order as number | undefined,
      at: pointValue(c.at, 'at'), from: pointValue(c.from, 'from'), to: pointValue(c.to, 'to'),
      ...(c.vars !== undefined ? { vars: c.vars as Record<string, MatrixVar> } : {}),
    };
    const result = runOperation(c.op, c.expr, request);
    return JSON.stringify({ id, ok: true, ...batchFields(c.op, result) });
  } catch (e) {
    return JSON.stringify({ id, ok: false, ...(typeof c.op === 'string' ? { op: c.op } : {}), error: (e as Error).message });
  }
}

/** Where a divergent integral diverges, for the CLI's line: at a point, or towards an infinite bound. */
function divergesWhere(at: number | undefined, wrt: string): string {
  if (at === undefined) return '';
  return Number.isFinite(at) ? ` at ${wrt} = ${at}` : ` as ${wrt} → ${at > 0 ? '∞' : '−∞'}`;
}
