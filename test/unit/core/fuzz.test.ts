// CI subset of the differential fuzzer (bench/fuzz.ts): a fixed seed, every dialect, checked against
// SymPy at 50 digits. Needs python3 with sympy and mpmath: without them this test fails, it never skips.
// Goal (issue 9): no wrong answer (verified or not), no internal error, nothing over budget (budget + 1 s),
// no result that reads back differently in its dialect, and no refusal outside the justified set
// (JUSTIFIED_REFUSALS in bench/fuzz/run.ts: only literal division by zero). Inputs that are real nowhere
// (nowhere-real) have nothing to compare and are not failures. The fuzzer's past findings
// (bench/fuzz/findings.ts) are replayed after the random cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingCases, FINDINGS } from '../../../bench/fuzz/findings';
import { CATEGORIES, FAILURES, formatReport, runFuzz } from '../../../bench/fuzz/run';

// 150 per dialect: about 80 s on a busy 2-core machine (the reference's SymPy diff is most of it)
const CASES = 900;
const SEED = 20260901;

test(`differential fuzzer: ${CASES} cases (seed ${SEED}) and ${FINDINGS.length} past findings agree with SymPy`, { timeout: 900_000 }, async () => {
  const report = await runFuzz({ cases: CASES, seed: SEED, budgetMs: 2000, examples: 12, extraCases: findingCases(CASES) });
  const summary = formatReport(report);
  console.log(summary);
  const shown = (category: string) => report.examples.filter((e) => e.category === category)
    .map((e) => `  [${e.dialect}] d^${e.order}/d${e.wrt}^${e.order} ${e.input}\n    ours: ${e.oursPlain ?? e.message} (${e.ms} ms)\n    SymPy: ${e.expected ?? ''} ${e.detail ?? ''}`).join('\n');
  assert.equal(CATEGORIES.reduce((s, c) => s + report.counts[c], 0), CASES + FINDINGS.length);
  const problems: string[] = [];
  for (const category of FAILURES) if (report.counts[category]) problems.push(`${report.counts[category]} ${category}, e.g.\n${shown(category)}`);
  if (report.unjustifiedRefusals) problems.push(`${report.unjustifiedRefusals} refusals of valid input, e.g.\n${shown('refused')}`);
  // the reference must have judged nearly every answer, or the comparison proves little
  const unjudged = report.counts.undecided + report.counts['reference-error'];
  if (unjudged > CASES * 0.02) problems.push(`the reference could not judge ${unjudged} answers, e.g.\n${shown('undecided')}\n${shown('reference-error')}`);
  assert.deepEqual(problems, [], `${problems.join('\n\n')}\n\n${summary}`);
  assert.ok(report.counts.correct >= CASES * 0.9, summary);
});
