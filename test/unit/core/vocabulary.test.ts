// The vocabulary corpus: every snippet differentiated, its result printed in the input's module style,
// run by the real library (torch, jax, tensorflow, autograd, sympy; numpy, scipy, math by a central
// difference) and compared with that library's own derivative and SymPy's (bench/vocabulary.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figures, formatFigures, runVocabulary } from '../../../bench/vocabulary';

test('vocabulary corpus: refusals under 3%, no wrong answer, results in the input module style, run by the real libraries', (t) => {
  const { outcomes, missing } = runVocabulary();
  assert.ok(outcomes.length >= 400, `the corpus has ${outcomes.length} cases`);
  for (const line of formatFigures(figures(outcomes)).split("\n")) t.diagnostic(line);
  const skipped = outcomes.filter((o) => o.verdict === 'skipped');
  if (missing.length) t.diagnostic(`NOT CHECKED: ${skipped.length} cases of ${missing.join(', ')}, not installed (scripts/pylibs.mjs)`);
  // only the cases of a missing library are skipped
  for (const o of skipped) assert.ok(/is not installed/.test(o.why ?? ''), `${o.case.id} skipped: ${o.why}`);
  const refused = outcomes.filter((o) => o.refusal !== undefined);
  assert.ok(refused.length < 0.03 * outcomes.length, `refused ${refused.length}: ${refused.slice(0, 5).map((o) => `${o.case.source}: ${o.refusal}`).join('; ')}`);
  const wrong = outcomes.filter((o) => o.verdict === 'wrong');
  assert.deepEqual(wrong.map((o) => `${o.case.id} ${o.case.source} → ${o.result}: ${o.why}`), []);
  const foreign = outcomes.filter((o) => o.foreign.length > 0);
  assert.deepEqual(foreign.map((o) => `${o.case.id} ${o.case.source} → ${o.result}`), []);
  const answered = outcomes.filter((o) => o.result !== undefined);
  assert.equal(answered.filter((o) => o.verdict === undefined).length, 0, 'every answer was judged');
  if (skipped.length) t.skip(`${skipped.length} cases not checked: ${missing.join(', ')} not installed`);
});
