// The calculus corpora (SymPy's answers from bench/make_calculus_corpus.py): every case is answered,
// verified, and equal to SymPy's answer, compared numerically (test/support/calculusCorpus.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  calculusCorpus, ImplicitCase, implicitProblem, runImplicit, runTangent, runTaylor, TangentCase, tangentProblem, TaylorCase, taylorProblem,
} from '../../../support/calculusCorpus';

/** Runs every case, collecting failures, and reports the pass rate; the test asserts none failed. */
function runCorpus<T extends { id: string }, R>(name: 'tangent' | 'taylor' | 'implicit', run: (c: T) => R, problem: (c: T, r: R) => string | undefined): void {
  const cases = calculusCorpus<T>(name);
  assert.ok(cases.length >= 60, `${name} has ${cases.length} cases, at least 60 wanted`);
  const failures: string[] = [];
  for (const c of cases) {
    let found: string | undefined;
    try { found = problem(c, run(c)); } catch (e) { found = `refused: ${(e as Error).message}`; }
    if (found) failures.push(`${c.id}: ${found}`);
  }
  console.log(`${name}: ${cases.length - failures.length}/${cases.length} equal to SymPy and verified`);
  assert.deepEqual(failures, []);
}

test('tangent corpus: the line, f(a) and f\'(a) equal SymPy\'s', () => {
  runCorpus<TangentCase, ReturnType<typeof runTangent>>('tangent', runTangent, tangentProblem);
});

test('Taylor corpus: the polynomial equals SymPy\'s series without its O term', () => {
  runCorpus<TaylorCase, ReturnType<typeof runTaylor>>('taylor', runTaylor, taylorProblem);
});

test('implicit corpus: dy/dx and d²y/dx² equal SymPy\'s idiff at points of the curve', () => {
  runCorpus<ImplicitCase, ReturnType<typeof runImplicit>>('implicit', runImplicit, implicitProblem);
});
