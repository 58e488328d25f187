// CI subset of the matrix engine's differential fuzzer (bench/fuzz_matrix.ts): random numpy array
// expressions, each gradient the engine prints run by numpy against central differences of the source,
// and a quarter of the cases by a vector Hessians, against differences of the judged gradient.
// Needs python3 with numpy: without it this test fails, it never skips.
// Goal: no wrong gradient (verified or not), no internal error, no printed result numpy cannot run, and
// no refusal (the generator writes only valid numpy). Known and bounded: a gradient that is 0/0 where the
// source is smooth (not-finite: a step beside a division by a ramp, or a root of the ramp of a product).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMatrixReport, runMatrixFuzz } from '../../../../bench/fuzz/matrix';

const CASES = 1500;
const SEED = 20261201;

test(`matrix fuzzer: ${CASES} numpy expressions (seed ${SEED}) agree with numpy's differences of the source`, { timeout: 300_000 }, () => {
  const report = runMatrixFuzz(CASES, SEED);
  const summary = formatMatrixReport(report, SEED);
  const shown = (category: string) => report.cases.filter((c) => c.category === category).slice(0, 8)
    .map((c) => `  d/d${c.wrt} ${c.source}\n    ours: ${c.result ?? c.message} ${c.detail ?? ''}`).join('\n');
  const problems: string[] = [];
  for (const category of ['wrong', 'wrong-but-verified', 'internal-error', 'misprinted', 'refused'] as const) {
    if (report.counts[category]) problems.push(`${report.counts[category]} ${category}, e.g.\n${shown(category)}`);
  }
  if (report.counts['not-finite'] > CASES * 0.01) problems.push(`${report.counts['not-finite']} not-finite, e.g.\n${shown('not-finite')}`);
  // numpy must have judged nearly every answer, or the comparison proves little
  if (report.counts.undecided > CASES * 0.02) problems.push(`numpy could not judge ${report.counts.undecided} answers, e.g.\n${shown('undecided')}`);
  assert.deepEqual(problems, [], `${problems.join('\n\n')}\n\n${summary}`);
  assert.ok(report.counts.correct >= CASES * 0.97, summary);
  assert.ok(report.cases.filter((c) => c.order === 2 && c.category === 'correct').length >= CASES * 0.1, `too few Hessians judged\n${summary}`);
});

const TF_CASES = 300;

test(`matrix fuzzer: ${TF_CASES} TensorFlow expressions (seed ${SEED}) agree with TensorFlow's differences of the source`, { timeout: 300_000 }, () => {
  const report = runMatrixFuzz(TF_CASES, SEED, 'tf');
  const summary = formatMatrixReport(report, SEED, 'tf');
  const bad = report.cases.filter((c) => ['wrong', 'wrong-but-verified', 'internal-error', 'misprinted', 'refused'].includes(c.category!));
  assert.deepEqual(bad.map((c) => `d/d${c.wrt} ${c.source}: ${c.category} ${c.result ?? c.message} ${c.detail ?? ''}`), [], summary);
  // the known 0/0 of a step beside a division by a ramp, bounded as for numpy
  assert.ok(report.counts['not-finite'] <= TF_CASES * 0.01, summary);
  assert.ok(report.counts.correct >= TF_CASES * 0.97, summary);
  // TensorFlow's products of 1-D tensors, as the generator writes them, were read and printed
  assert.ok(report.cases.filter((c) => c.category === 'correct' && /tf\.linalg\.matvec\(/.test(c.result!)).length >= TF_CASES * 0.1, summary);
});
