// CI subset of the differential fuzzer (bench/fuzz.ts): a fixed seed, every dialect, checked against
// SymPy at 50 digits. Needs python3 with sympy and mpmath: without them this test fails, it never skips.
// Goal (issue 9): no wrong answer, no internal error, nothing over budget, no result that reads back
// differently in its dialect, and no refusal outside the justified set (JUSTIFIED_REFUSALS in run.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATEGORIES, FAILURES, formatReport, runFuzz } from '../../../bench/fuzz/run';

const CASES = 1800;
const SEED = 20260901;

test(`differential fuzzer: ${CASES} cases (seed ${SEED}) agree with SymPy`, { timeout: 600_000 }, async () => {
  const report = await runFuzz({ cases: CASES, seed: SEED, budgetMs: 2000, examples: 5 });
  const summary = formatReport(report);
  console.log(summary);
  const shown = (category: string) => report.examples.filter((e) => e.category === category)
    .map((e) => `  [${e.dialect}] d^${e.order}/d${e.wrt}^${e.order} ${e.input}\n    ours: ${e.oursPlain ?? e.message}\n    SymPy: ${e.expected ?? ''} ${e.detail ?? ''}`).join('\n');
  assert.equal(CATEGORIES.reduce((s, c) => s + report.counts[c], 0), CASES);
  for (const category of FAILURES) {
    assert.equal(report.counts[category], 0, `${report.counts[category]} ${category}:\n${shown(category)}\n\n${summary}`);
  }
  assert.equal(report.unjustifiedRefusals, 0, `refusals of valid input:\n${shown('refused')}\n\n${summary}`);
  // the reference must have judged nearly every answer, or the comparison proves little
  const unjudged = report.counts.undecided + report.counts['reference-error'];
  assert.ok(unjudged <= CASES * 0.02, `the reference could not judge ${unjudged} answers:\n${shown('undecided')}\n${shown('reference-error')}`);
  assert.ok(report.counts.correct >= CASES * 0.9, summary);
});
