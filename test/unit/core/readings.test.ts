// Readings judged by the languages themselves (issue 10): every case of test/corpus/readings/ is run
// by python3 + numpy, node or GNU Octave (installed on demand, like chromium for the e2e tests) and
// compared with the engine's reading and its printed derivative. See bench/check_readings.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReadings, findRuntimes, formatReport, loadCorpus, Report } from '../../../bench/check_readings';
import { DIALECTS } from '../../../src/core';

test('the corpus has at least 300 readings, in every notation', () => {
  const cases = loadCorpus();
  assert.ok(cases.length >= 300, `${cases.length} cases`);
  for (const lang of DIALECTS) assert.ok(cases.filter((c) => c.lang === lang).length >= 30, `${lang}: fewer than 30 cases`);
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length, 'ids are unique');
});

test('the languages themselves are installed (python3 + numpy, node, octave)', async () => {
  // throws with what is missing and how to install it: never skipped
  await findRuntimes();
});

test('readings and printed code agree with the languages', async (t) => {
  const report: Report = await checkReadings();
  for (const line of formatReport(report).split('\n').slice(0, report.languages.length + 2)) t.diagnostic(line);
  const corpusErrors = report.outcomes.filter((o) => o.corpus);
  assert.deepEqual(corpusErrors.map((o) => `${o.case.id}: ${o.corpus}`), [], 'the corpus itself is right');
  for (const o of report.outcomes) {
    await t.test(`${o.case.id} ${o.case.lang} ${JSON.stringify(o.case.expr)}`, () => {
      assert.ok(o.reading.pass, `reading: ${o.reading.detail}`);
      if (o.printed) assert.ok(o.printed.pass, `printed code: ${o.printed.detail}`);
    });
  }
});
