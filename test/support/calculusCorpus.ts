// The calculus corpora (test/corpus/tangent.jsonl, taylor.jsonl, implicit.jsonl; SymPy's answers from
// bench/make_calculus_corpus.py) and how an answer is compared with SymPy's: numerically, never as
// text (the tangent line at three x, the Taylor polynomial at order + 2 points, which decides equality
// of polynomials of that degree, dy/dx and d²y/dx² at SymPy's points of the curve). Used by the unit
// test and by bench/calculus.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { implicit, Notation, tangent, taylor } from '../../src/core';
import { asScalar, read } from '../../src/core/dialects';
import { compile } from '../../src/core/evaluate';
import { readJsonLines } from './numeric';

export interface TangentCase { id: string; lang: Notation; expr: string; at: string; fa: string; slope: string; rhs: string }
export interface TaylorCase { id: string; lang: Notation; expr: string; at: string; order: number; polynomial: string }
export interface ImplicitCase { id: string; lang: Notation; expr: string; order: 1 | 2; first: string; second?: string; points: [number, number][] }

export function calculusCorpus<T>(name: 'tangent' | 'taylor' | 'implicit'): T[] {
  return readJsonLines<T>(readFileSync(join(__dirname, '..', 'corpus', `${name}.jsonl`), 'utf8'));
}

/** A plain expression's value at the given variables. */
function valueOf(plain: string, values: Record<string, number>): number {
  const e = asScalar(read(plain, 'plain')).expr;
  const names = Object.keys(values);
  return compile(e, names)(new Float64Array(names.map((n) => values[n])));
}

const close = (a: number, b: number, tolerance = 1e-8) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

export const runTangent = (c: TangentCase) => tangent(c.expr, { notation: c.lang, wrt: 'x', at: c.at });
export const runTaylor = (c: TaylorCase) => taylor(c.expr, { notation: c.lang, wrt: 'x', at: c.at, order: c.order });
export const runImplicit = (c: ImplicitCase) => implicit(c.expr, { notation: c.lang, wrt: 'x', of: 'y', order: c.order });

/** Why our tangent differs from SymPy's (undefined when it is equal and verified). */
export function tangentProblem(c: TangentCase, r: ReturnType<typeof runTangent>): string | undefined {
  if (!r.verified) return `not verified: ${r.verification.reason}`;
  const a = valueOf(c.at, {});
  for (const x of [a - 1.3, a + 0.4, a + 2.1]) {
    const ours = valueOf(r.plain, { x }), theirs = valueOf(c.rhs, { x });
    if (!close(ours, theirs)) return `line at x = ${x}: ${r.plain} = ${ours}, SymPy ${c.rhs} = ${theirs}`;
  }
  if (!close(r.point.y.value, valueOf(c.fa, {}))) return `f(a) ${r.point.y.plain} vs ${c.fa}`;
  if (!close(r.slope.value, valueOf(c.slope, {}))) return `f'(a) ${r.slope.plain} vs ${c.slope}`;
  return undefined;
}

export function taylorProblem(c: TaylorCase, r: ReturnType<typeof runTaylor>): string | undefined {
  if (!r.verified) return `not verified: ${r.verification.reason}`;
  if (r.remainder.order !== c.order + 1) return `remainder O(h^${r.remainder.order})`;
  const a = valueOf(c.at, {});
  for (let k = 0; k <= c.order + 1; k++) {
    const x = a - 0.9 + (1.7 * k) / (c.order + 1);
    const ours = valueOf(r.plain, { x }), theirs = valueOf(c.polynomial, { x });
    if (!close(ours, theirs, 1e-9)) return `at x = ${x}: ${r.plain} = ${ours}, SymPy ${c.polynomial} = ${theirs}`;
  }
  return undefined;
}

export function implicitProblem(c: ImplicitCase, r: ReturnType<typeof runImplicit>): string | undefined {
  if (!r.verified) return `not verified: ${r.verification.reason}`;
  for (const [x, y] of c.points) {
    const ours = valueOf(r.plain, { x, y }), theirs = valueOf(c.first, { x, y });
    if (!close(ours, theirs)) return `dy/dx at (${x}, ${y}): ${r.plain} = ${ours}, SymPy ${c.first} = ${theirs}`;
    if (c.second) {
      if (!r.second) return 'no second derivative';
      const ours2 = valueOf(r.second.plain, { x, y }), theirs2 = valueOf(c.second, { x, y });
      if (!close(ours2, theirs2)) return `d2y/dx2 at (${x}, ${y}): ${r.second.plain} = ${ours2}, SymPy ${c.second} = ${theirs2}`;
    }
  }
  return undefined;
}
