// End to end: the explanation panel's calculus sections (issue 14) in a real VS Code. Each section
// computes in the core worker when the webview asks; the webview reports every answer it shows
// (api.explain.calculus fills in a section's controls as a person would and waits for that report),
// so the text asserted here is what the page shows.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DerivativeAssistantApi } from '../../../src/extension/extension';
import type { ExplainOutcome } from '../../../src/extension/panel/explainPanel';
import type { CalculusShown } from '../../../src/shared/calculusMessages';
import { activateExtension, closeAll, metric, openMarked, sleep } from './previewSupport';

let api: DerivativeAssistantApi;

async function explain(args?: unknown): Promise<ExplainOutcome> {
  const outcome = (await vscode.commands.executeCommand<ExplainOutcome>('derivative.explain', args))!;
  assert.equal(outcome.status, 'rendered', JSON.stringify(outcome));
  return outcome;
}

/** KaTeX's visible text without its spacing: `y = 9 x - 16` shows as `y=9x−16`. */
function squeezed(shown: CalculusShown): string {
  return shown.text.replace(/\s+/g, '');
}

async function untilText(document: vscode.TextDocument, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(document.getText())) {
    if (Date.now() > deadline) throw new Error(`the document never matched ${pattern}: ${JSON.stringify(document.getText())}`);
    await sleep(50);
  }
  return document.getText();
}

suite('Explain Derivative: calculus sections', () => {
  suiteSetup(async () => {
    api = await activateExtension();
  });

  teardown(() => api.resetUi());

  suiteTeardown(async () => {
    api.explain.close();
    await closeAll();
  });

  test('calculus tangent line: x^3 - 3*x at 2 is y = 9x − 16, exact, and Insert writes it below the selection', async () => {
    const { document } = await openMarked('plaintext', '«x^3 - 3*x»\n');
    const started = performance.now();
    const outcome = await explain();
    metric('explain_calculus_expression_to_rendered_ms', performance.now() - started);
    assert.equal(outcome.kind, 'scalar');
    const report = outcome.report!;
    assert.equal(report.plot, true);
    for (const heading of ['Tangent line', 'Taylor polynomial', 'Antiderivative', 'Critical points']) assert.match(report.text, new RegExp(heading), `the ${heading} section is offered`);
    assert.doesNotMatch(report.text, /Implicit derivative/, 'an expression is no equation');

    const shown = await api.explain.calculus({ section: 'tangent', at: '2' });
    assert.equal(shown.ok, true, shown.text);
    assert.match(shown.text, /y = 9\*x - 16/, 'the equation as plain code');
    assert.match(squeezed(shown), /y=9x−16/, 'the equation rendered');
    assert.match(shown.text, /Verified numerically/);

    // exact where exact: at pi/4 the values keep π
    const atQuarter = await api.explain.calculus({ section: 'tangent', at: 'pi/4' });
    assert.equal(atQuarter.ok, true, atQuarter.text);
    assert.match(atQuarter.text, /pi/);

    await api.explain.calculus({ section: 'tangent', at: '2' });
    await api.explain.pressCalculus('tangent', 'insert');
    const text = await untilText(document, /\ny = 9\*x - 16/);
    assert.equal(text.split('\n')[1], 'y = 9*x - 16', 'a new line below the selection');
  });

  test('calculus Insert writes what the command writes: y_taylor = … under y = np.sin(x) in Python, the remainder as a comment', async () => {
    const { document } = await openMarked('python', 'import numpy as np\ny = «np.sin(x)»\n');
    const answer = api.explain.nextCalculus('taylor', 20_000);
    await explain({ operation: 'taylor', at: 0, order: 5 });
    assert.equal((await answer).ok, true);
    await api.explain.pressCalculus('taylor', 'insert');
    // the same text as Taylor Expansion… writes (calculus.e2e.test.ts)
    assert.equal(await untilText(document, /y_taylor/), 'import numpy as np\ny = np.sin(x)\ny_taylor = x - x**3/6 + x**5/120  # + O(x**6)\n');
  });

  test('calculus tangent line: a point where f is undefined shows the reason in the section', async () => {
    await openMarked('plaintext', '«1/x»');
    await explain();
    const shown = await api.explain.calculus({ section: 'tangent', at: '0' });
    assert.equal(shown.ok, false);
    assert.match(shown.text, /not defined at x = 0/);
  });

  test('calculus Taylor polynomial: opened by the command on sin(x), order 5, with its O term', async () => {
    await openMarked('plaintext', '«sin(x)»');
    const answer = api.explain.nextCalculus('taylor', 20_000);
    const outcome = await explain({ operation: 'taylor', at: 0, order: 5 });
    assert.equal(outcome.kind, 'scalar');
    const shown = await answer;
    assert.equal(shown.ok, true, shown.text);
    assert.match(shown.text, /x - x\^3\/6 \+ x\^5\/120 \+ O\(x\^6\)/);
    assert.match(shown.text, /Verified numerically/);
    // another order from the section's controls
    const seventh = await api.explain.calculus({ section: 'taylor', at: '0', order: 7 });
    assert.match(seventh.text, /x\^7\/5040 \+ O\(x\^8\)/);
  });

  test('calculus antiderivative: x^2*sin(x) verified, + C in the rendering only; bounds give the definite value; none found is said', async () => {
    await openMarked('plaintext', '«x^2*sin(x)»');
    await explain();
    const indefinite = await api.explain.calculus({ section: 'integral' }, 20_000);
    assert.equal(indefinite.ok, true, indefinite.text);
    assert.match(indefinite.text, /cos\(x\)\*\(2 - x\^2\) \+ 2\*x\*sin\(x\)/, 'the antiderivative as code, without + C');
    assert.match(squeezed(indefinite), /\+C/, 'the rendering shows + C');
    assert.match(indefinite.text, /Verified numerically/);

    const definite = await api.explain.calculus({ section: 'integral', from: '0', to: 'pi' }, 20_000);
    assert.equal(definite.ok, true, definite.text);
    assert.match(squeezed(definite), /π2−4/, 'the exact value');
    assert.match(definite.text, /5\.86960440109/, 'the value');

    await openMarked('plaintext', '«sin(x)/x»');
    await explain();
    const none = await api.explain.calculus({ section: 'integral' }, 20_000);
    assert.match(none.text, /no antiderivative found/);
    assert.doesNotMatch(none.text, /Verified numerically/, 'nothing unverified is shown as checked');
  });

  test('calculus critical points: x^3 - 3x has a maximum at −1 and a minimum at 1', async () => {
    await openMarked('plaintext', '«x^3 - 3*x»');
    await explain();
    const shown = await api.explain.calculus({ section: 'critical' });
    assert.equal(shown.ok, true, shown.text);
    // KaTeX writes each value twice (MathML, then HTML): the order of the rows is what is asserted
    assert.match(squeezed(shown), /Point\s*Value\s*Kind.*−1.*2.*localmaximum.*1.*−2.*localminimum/, shown.text);
    const narrow = await api.explain.calculus({ section: 'critical', from: '0', to: '5' });
    assert.match(narrow.text, /local minimum/, narrow.text);
    assert.doesNotMatch(narrow.text, /local maximum/, 'the maximum at −1 is outside [0, 5]');
  });

  test('calculus implicit derivative: the equation x^2 + y^2 = 1 shows dy/dx and d²y/dx²', async () => {
    const { document } = await openMarked('plaintext', '«x^2 + y^2 = 1»\n');
    const outcome = await explain();
    assert.equal(outcome.kind, 'equation', outcome.report?.text);
    const text = outcome.report!.text;
    assert.match(text, /Implicit derivative/);
    assert.match(text, /-x\/y/);
    assert.match(text, /Second derivative/);
    assert.match(text, /-x\^2\/y\^3 - 1\/y/);
    assert.equal(outcome.report!.mathErrors, 0, text);
    await api.explain.pressCalculus('implicit', 'insert');
    await untilText(document, /\ndy\/dx = -x\/y/);
  });
});
