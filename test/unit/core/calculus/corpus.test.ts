// The calculus corpora (test/corpus/tangent.jsonl, taylor.jsonl, implicit.jsonl; SymPy's answers from
// bench/make_calculus_corpus.py): every case is answered, verified, and equal to SymPy's answer —
// compared numerically (the tangent line at three x, the Taylor polynomial at order + 2 points, which
// decides equality of polynomials of that degree, dy/dx and d²y/dx² at SymPy's points of the curve).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { implicit, Notation, tangent, taylor } from '../../../../src/core';
import { asScalar, read } from '../../../../src/core/dialects';
import { compile } from '../../../../src/core/evaluate';
import { readJsonLines } from '../../../support/numeric';

const corpus = <T>(name: string) => readJsonLines<T>(readFileSync(join(__dirname, '../../../corpus', `${name}.jsonl`), 'utf8'));

/** A plain expression's value at the given variables. */
function valueOf(plain: string, values: Record<string, number>): number {
  const e = asScalar(read(plain, 'plain')).expr;
  const names = Object.keys(values);
  return compile(e, names)(new Float64Array(names.map((n) => values[n])));
}

const close = (a: number, b: number, tolerance = 1e-8) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

/** Runs every case, collecting failures, and reports the pass rate; the test asserts none failed. */
function runCorpus<T extends { id: string }>(name: string, check: (c: T) => string | undefined): void {
  const cases = corpus<T>(name);
  assert.ok(cases.length >= 60, `${name} has ${cases.length} cases, at least 60 wanted`);
  const failures: string[] = [];
  for (const c of cases) {
    let problem: string | undefined;
    try { problem = check(c); } catch (e) { problem = `refused: ${(e as Error).message}`; }
    if (problem) failures.push(`${c.id}: ${problem}`);
  }
  console.log(`${name}: ${cases.length - failures.length}/${cases.length} equal to SymPy and verified`);
  assert.deepEqual(failures, []);
}

interface TangentCase { id: string; lang: Notation; expr: string; at: string; fa: string; slope: string; rhs: string }
test('tangent corpus: the line, f(a) and f\'(a) equal SymPy\'s', () => {
  runCorpus<TangentCase>('tangent', (c) => {
    const r = tangent(c.expr, { notation: c.lang, wrt: 'x', at: c.at });
    if (!r.verified) return `not verified: ${r.verification.reason}`;
    const a = valueOf(c.at, {});
    for (const x of [a - 1.3, a + 0.4, a + 2.1]) {
      const ours = valueOf(r.plain, { x }), theirs = valueOf(c.rhs, { x });
      if (!close(ours, theirs)) return `line at x = ${x}: ${r.plain} = ${ours}, SymPy ${c.rhs} = ${theirs}`;
    }
    if (!close(r.point.y.value, valueOf(c.fa, {}))) return `f(a) ${r.point.y.plain} vs ${c.fa}`;
    if (!close(r.slope.value, valueOf(c.slope, {}))) return `f'(a) ${r.slope.plain} vs ${c.slope}`;
    return undefined;
  });
});

interface TaylorCase { id: string; lang: Notation; expr: string; at: string; order: number; polynomial: string }
test('Taylor corpus: the polynomial equals SymPy\'s series without its O term', () => {
  runCorpus<TaylorCase>('taylor', (c) => {
    const r = taylor(c.expr, { notation: c.lang, wrt: 'x', at: c.at, order: c.order });
    if (!r.verified) return `not verified: ${r.verification.reason}`;
    if (r.remainder.order !== c.order + 1) return `remainder O(h^${r.remainder.order})`;
    const a = valueOf(c.at, {});
    for (let k = 0; k <= c.order + 1; k++) {
      const x = a - 0.9 + (1.7 * k) / (c.order + 1);
      const ours = valueOf(r.plain, { x }), theirs = valueOf(c.polynomial, { x });
      if (!close(ours, theirs, 1e-9)) return `at x = ${x}: ${r.plain} = ${ours}, SymPy ${c.polynomial} = ${theirs}`;
    }
    return undefined;
  });
});

interface ImplicitCase { id: string; lang: Notation; expr: string; order: 1 | 2; first: string; second?: string; points: [number, number][] }
test('implicit corpus: dy/dx and d²y/dx² equal SymPy\'s idiff at points of the curve', () => {
  runCorpus<ImplicitCase>('implicit', (c) => {
    const r = implicit(c.expr, { notation: c.lang, wrt: 'x', of: 'y', order: c.order });
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
  });
});
