// End to end: "Derivative: Explain Derivative" in a real VS Code. The webview's script really runs
// in the browser: every render is reported back (steps, plot, shape table, markup counts), so a
// report proves the page rendered. Buttons are pressed inside the webview through the API that
// activate() returns (api.explain.click), which clicks the real element.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DerivativeAssistantApi } from '../../../src/extension/extension';
import type { RunOutcome } from '../../../src/extension/differentiation';
import type { ExplainOutcome } from '../../../src/extension/panel/explainPanel';
import type { RenderReport } from '../../../src/shared/panelMessages';

const EXTENSION_ID = 'derivative-assistant.derivative-assistant';
const VIEW_TYPE = 'derivative.explainPanel';
let api: DerivativeAssistantApi;

// ──── Helpers ───────────────────────────────────────────────

const EXTENSIONS: Record<string, string> = { plaintext: 'txt', python: 'py', latex: 'tex', markdown: 'md' };
let documentCount = 0;

/** An untitled document with «selections» marked, selected, in the first column. */
async function open(language: string, marked: string): Promise<vscode.TextEditor> {
  const content = marked.replace(/[«»]/g, '');
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/derivative-panel-${Date.now()}-${++documentCount}.${EXTENSIONS[language] ?? 'txt'}` });
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== language) document = await vscode.languages.setTextDocumentLanguage(document, language);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
  await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content), { undoStopBefore: false, undoStopAfter: true });
  select(editor, marked);
  for (let i = 0; i < 50 && vscode.window.activeTextEditor?.document !== document; i++) await sleep(20);
  return editor;
}

/** Selects the «marked» parts of `marked` (same text as the document). */
function select(editor: vscode.TextEditor, marked: string): void {
  const selections: vscode.Selection[] = [];
  let removed = 0;
  for (const match of marked.matchAll(/«([^»]*)»/g)) {
    const start = match.index - removed;
    removed += 2;
    selections.push(new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + match[1]!.length)));
  }
  editor.selections = selections;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function closeEditors(): Promise<void> {
  const documents = vscode.window.visibleTextEditors.map((editor) => editor.document);
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.window.showTextDocument(vscode.window.visibleTextEditors[0]!.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  for (let i = 0; i < 100 && documents.some((document) => !document.isClosed); i++) await sleep(20);
}

async function explain(args?: unknown): Promise<ExplainOutcome> {
  return (await vscode.commands.executeCommand<ExplainOutcome>('derivative.explain', args))!;
}

function rendered(outcome: ExplainOutcome): RenderReport {
  assert.equal(outcome.status, 'rendered', JSON.stringify(outcome));
  assert.ok(outcome.report, 'the webview reported its render');
  return outcome.report;
}

/** Tabs showing the explanation panel, in every group. */
function panelTabs(): { tab: vscode.Tab; group: vscode.TabGroup }[] {
  return vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs.filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(VIEW_TYPE)).map((tab) => ({ tab, group })),
  );
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function metric(name: string, value: number): void {
  console.log(`metric: ${name}=${value.toFixed(1)}`);
}

// ──── Tests ─────────────────────────────────────────────────

suite('Explain Derivative (panel)', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<DerivativeAssistantApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    api = await extension.activate();
  });

  teardown(async () => {
    api.resetUi();
    await vscode.workspace.getConfiguration('derivative').update('insertMode', undefined, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    api.explain.close();
    await closeEditors();
  });

  test('a scalar expression: input, result, verification, steps and plot rendered beside the editor; time to a rendered panel', async () => {
    const editor = await open('plaintext', '«x^2*sin(x)»');
    let started = performance.now();
    const firstOutcome = await explain();
    const first = rendered(firstOutcome);
    metric('explain_to_rendered_ms_first', performance.now() - started);
    metric('explain_compute_ms_first', firstOutcome.phases.compute ?? 0);
    assert.equal(first.kind, 'scalar');
    assert.equal(first.steps, 4, first.text);
    assert.equal(first.plot, true, 'a plot for a single-variable expression');
    assert.equal(first.shapeTable, false);
    assert.equal(first.mathErrors, 0, first.text);
    assert.ok(first.math >= 6, `math blocks: ${first.math}`);
    assert.match(first.text, /x\*\(x\*cos\(x\) \+ 2\*sin\(x\)\)/, 'the result as code in the source notation');
    assert.match(first.text, /Verified numerically/);
    assert.match(first.text, /Product rule/);
    // textbook steps: each rule named, its identity with the parts it names; x' = 1 folded into them;
    // the simplification last, saying what it did
    assert.match(first.text, /Power rule/);
    assert.match(first.text, /Derivative of sin/);
    assert.match(first.text, /, with /, 'the identity, then the parts it names');
    assert.doesNotMatch(first.text, /Derivative of the variable/, "x' = 1 is no step of its own");
    assert.match(first.text, /Simplification — pulled out a common factor/);
    assert.match(first.text, /Common factor:/);
    assert.match(first.text, /plain math/);

    // Beside the editor, which keeps the focus.
    const tabs = panelTabs();
    assert.equal(tabs.length, 1);
    assert.notEqual(tabs[0]!.group.viewColumn, vscode.ViewColumn.One);
    assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'the editor keeps the focus');

    // Warm: the same panel, reused.
    for (let i = 1; i <= 3; i++) {
      started = performance.now();
      const warm = rendered(await explain());
      metric(`explain_to_rendered_ms_warm_${i}`, performance.now() - started);
      metric(`explain_webview_render_ms_warm_${i}`, warm.ms);
    }
    assert.equal(panelTabs().length, 1, 'one panel, reused');

    // Closed and opened again: a new webview, warm worker.
    api.explain.close();
    await until('the panel to close', () => panelTabs().length === 0);
    await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });
    started = performance.now();
    const reopened = await explain();
    rendered(reopened);
    metric('explain_to_rendered_ms_reopened', performance.now() - started);
    metric('explain_compute_ms_reopened', reopened.phases.compute ?? 0);
    metric('explain_webview_load_and_render_ms_reopened', reopened.phases.render ?? 0);
    // of which: the page's own clock, from its start to our script's start and to the rendered panel
    metric('explain_webview_page_to_script_ms_reopened', reopened.report!.scriptStartMs);
    metric('explain_webview_page_to_rendered_ms_reopened', reopened.report!.pageMs);
    assert.equal(panelTabs().length, 1);
  });

  test('a matrix expression: shapes, index form with delta eliminations, layout, numpy/einsum/gradient-check code; Copy and Insert', async () => {
    const copied: string[] = [];
    api.ui.writeClipboard = async (text) => void copied.push(text);
    const editor = await open('python', 'import numpy as np\nf = «x.T @ A @ x»\n');
    const started = performance.now();
    const report = rendered(await explain());
    metric('explain_to_rendered_ms_matrix', performance.now() - started);
    assert.equal(report.kind, 'matrix');
    assert.equal(report.shapeTable, true, 'the shape table');
    assert.equal(report.plot, false);
    assert.ok(report.steps >= 4, `index-form steps: ${report.steps}`);
    assert.equal(report.mathErrors, 0, report.text);
    assert.match(report.text, /\(A \+ A\.T\) @ x/, 'the result in numpy');
    assert.match(report.text, /gradient/);
    assert.match(report.text, /Kronecker/);
    assert.match(report.text, /np\.einsum\('ka,a->k', A, x\)/);
    assert.match(report.text, /def numeric/, 'the gradient-check script');

    await api.explain.click('copy-numpy');
    await api.explain.click('copy-check');
    await until('the clipboard', () => copied.length === 2);
    assert.equal(copied[0], '(A + A.T) @ x');
    assert.match(copied[1]!, /^import numpy as np/);

    await api.explain.click('insert');
    await until('the inserted line', () => editor.document.getText() === 'import numpy as np\nf = x.T @ A @ x\ndf_dx = (A + A.T) @ x\n');
    await closeEditors();
  });

  test('a slice: its selection named in the working and typeset, the result padded as numpy pads', async () => {
    await open('python', 'import numpy as np\nf = «np.sum(100.0*(x[1:] - x[:-1]**2)**2 + (1 - x[:-1])**2)»\n');
    const report = rendered(await explain());
    assert.equal(report.kind, 'matrix');
    assert.equal(report.mathErrors, 0, report.text);
    assert.ok(report.text.includes('np.pad(x[1:] - x[:-1]**2, (1, 0))'), report.text);
    assert.match(report.text, /x\[1:\]/, 'the shape table lists the slice');
    await closeEditors();
  });

  test('the layout toggle is the whole truth: Result, NumPy, Copy and Insert follow it, and it is remembered', async () => {
    const config = () => vscode.workspace.getConfiguration('derivative');
    await config().update('layout', undefined, vscode.ConfigurationTarget.Global);
    const copied: string[] = [];
    api.ui.writeClipboard = async (text) => void copied.push(text);
    try {
      const editor = await open('python', 'import numpy as np\ny = «np.tanh(W @ x)»\n');
      const numerator = 'W / (np.cosh(W @ x)**2)[:, None]';
  test('a repeated subexpression is named: "where s = …" rendered, its lines copied and inserted; Insert keeps the one expression', async () => {
    const copied: string[] = [];
    api.ui.writeClipboard = async (text) => void copied.push(text);
    const source = 'import numpy as np\n# W: (m, n), x: (n,), y: (m,)\nloss = «np.sum((1 / (1 + np.exp(-W @ x)) - y)**2)»\n';
    const editor = await open('python', source);
    const named = 's = 1 / (1 + np.exp(-W @ x))\n2 * W.T @ (s * (1 - s) * (s - y))';
    const long = '2 * W.T @ ((1 - 1 / (1 + np.exp(-W @ x))) * (1 / (1 + np.exp(-W @ x)) - y) * (1 / (1 + np.exp(-W @ x))))';
    const report = rendered(await explain());
    assert.equal(report.kind, 'matrix');
    assert.equal(report.mathErrors, 0, report.text);
    assert.ok(report.text.includes(named), `the named lines: ${report.text}`);
    assert.match(report.text, /where\s*s\s*=\s*σ/, 'the rendered form says where s = σ(Wx)');
    assert.match(report.text, /As one expression/);
    assert.ok(report.text.includes(long), 'the result as one expression stays');
    assert.match(report.text, /Insert named form/);

    await api.explain.click('copy-named');
    await api.explain.click('copy-result');
    await until('the clipboard', () => copied.length === 2);
    assert.deepEqual(copied, [named, long]);

    const text = source.replace(/[«»]/g, '');
    await api.explain.click('insert-named');
    await until('the inserted lines', () => editor.document.getText() === `${text}s = 1 / (1 + np.exp(-W @ x))\ndloss_dx = 2 * W.T @ (s * (1 - s) * (s - y))\n`);
    // Insert writes the one expression, as Differentiate Selection does
    await api.explain.click('insert');
    await until('the inserted expression', () => editor.document.getText() === `${text}dloss_dx = ${long}\ns = 1 / (1 + np.exp(-W @ x))\ndloss_dx = 2 * W.T @ (s * (1 - s) * (s - y))\n`);
    await closeEditors();
  });

      const denominator = 'W.T / np.cosh(W @ x)**2';
      const report = rendered(await explain());
      assert.equal(report.kind, 'matrix');
      assert.match(report.text, /Jacobian/);
      assert.ok(report.text.includes(numerator), 'numerator layout by default');
      assert.match(report.text, /Switch to Denominator layout/, 'the toggle names the other layout');
      assert.doesNotMatch(report.text, /layout\s*[—:-]\s*(numerator|denominator) layout/i, 'the layout is named once');

      const next = api.explain.nextReport();
      await api.explain.click('layout');
      const toggled = await next;
      assert.equal(config().inspect<string>('layout')?.globalValue, 'denominator', 'the choice is written to the user settings');
      assert.ok(toggled.text.includes(denominator), `the result in denominator layout: ${toggled.text}`);
      assert.match(toggled.text, /transpose \(the order of the result's indices\)/, 'the way back to matrix notation ends with the transpose');
      assert.match(toggled.text, /np\.einsum\('i,ik->ki'/, 'the einsum form too');
      assert.match(toggled.text, /Denominator layout: J_ki/);
      assert.match(toggled.text, /Switch to Numerator layout/);
      assert.doesNotMatch(toggled.text, /Denominator layout\s*[—:-]\s*denominator layout/i, 'no repeated heading');

      await api.explain.click('copy-result');
      await api.explain.click('copy-numpy');
      await until('the clipboard', () => copied.length === 2);
      assert.deepEqual(copied, [denominator, denominator]);

      await api.explain.click('insert');
      await until('the inserted line', () => editor.document.getText() === `import numpy as np\ny = np.tanh(W @ x)\ndy_dx = ${denominator}\n`);

      // explained again, the expression is in the remembered layout
      await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });
      select(editor, 'import numpy as np\ny = «np.tanh(W @ x)»\n');
      const again = rendered(await explain());
      assert.ok(again.text.includes(denominator), 'the setting is used on the next explanation');
    } finally {
      await config().update('layout', undefined, vscode.ConfigurationTarget.Global);
      await closeEditors();
    }
  });

  test('order and variable controls in the panel compute again', async () => {
    const editor = await open('plaintext', '«x^3*y»');
    const report = rendered(await explain());
    assert.equal(report.plot, false, 'no plot with two variables');
    assert.match(report.text, /3\*x\^2\*y/);
    const second = api.explain.nextReport();
    await api.explain.click('order-2');
    assert.match((await second).text, /6\*x\*y/);
    await closeEditors();
    void editor;
  });

  test('entries x[0], x[1]: the gradient by x, then its Hessian; no third order is offered', async () => {
    const editor = await open('python', 'import numpy as np\nf = «100*(x[1] - x[0]**2)**2 + (1 - x[0])**2»\n');
    const report = rendered(await explain());
    assert.match(report.text, /np\.array\(\[400\*x\[0\]\*\*3 - 400\*x\[0\]\*x\[1\] \+ 2\*x\[0\] - 2, 200\*\(x\[1\] - x\[0\]\*\*2\)\]\)/);
    assert.ok(report.text.includes('d²/dx²') && !report.text.includes('d³/dx³'), report.text);
    const second = api.explain.nextReport();
    await api.explain.click('order-2');
    assert.match((await second).text, /np\.array\(\[\[1200\*x\[0\]\*\*2 - 400\*x\[1\] \+ 2, -400\*x\[0\]\], \[-400\*x\[0\], 200\]\]\)/);
    await closeEditors();
    void editor;
  });

  test('Insert from the panel writes into the document it came from, by the insert mode', async () => {
    const editor = await open('python', 'y = «x**3»\n');
    rendered(await explain());
    await api.explain.click('insert');
    await until('the inserted line', () => editor.document.getText() === 'y = x**3\ndy_dx = 3*x**2\n');
    assert.equal(api.explain.lastInsert?.status, 'inserted');

    // A second Insert still targets the same selection (its offsets follow the edit below it).
    await vscode.workspace.getConfiguration('derivative').update('insertMode', 'replace', vscode.ConfigurationTarget.Global);
    await api.explain.click('insert');
    await until('the replaced expression', () => editor.document.getText() === 'y = 3*x**2\ndy_dx = 3*x**2\n');
    await closeEditors();
  });

  test('Copy puts the result in the source notation on the clipboard', async () => {
    const copied: string[] = [];
    api.ui.writeClipboard = async (text) => void copied.push(text);
    await open('python', 'y = «np.exp(2*x)»\n');
    rendered(await explain());
    await api.explain.click('copy-result');
    await until('the clipboard', () => copied.length > 0);
    assert.deepEqual(copied, ['2*np.exp(2*x)']);
    await closeEditors();
  });

  test('an HTML selection renders as text, not markup', async () => {
    const xss = '<img src=x onerror=alert(1)>';
    await open('plaintext', `«${xss}»`);
    const report = rendered(await explain());
    assert.equal(report.kind, 'error');
    assert.equal(report.images, 0, 'no image element');
    assert.equal(report.links, 0);
    assert.ok(report.text.includes(xss), `the selection is shown as text: ${report.text}`);
    await closeEditors();
  });

  test('LaTeX macros that could make links or attributes do not', async () => {
    await open('latex', '$«\\href{javascript:alert(1)}{x} + \\url{https://example.com} + \\htmlData{foo=bar}{x}»$\n');
    const report = rendered(await explain());
    assert.equal(report.links, 0);
    assert.equal(report.dataAttributes, 0);
    assert.equal(report.images, 0);
    // The panel's KaTeX itself, in the real webview under its CSP.
    for (const latex of [
      '\\href{javascript:alert(1)}{x}',
      '\\url{https://example.com}',
      '\\htmlData{foo=bar}{x}',
      '\\htmlClass{evil}{x}',
      '\\htmlId{evil}{x}',
      '\\htmlStyle{background:url(x)}{x}',
      '\\includegraphics{x.png}',
      '\\def\\a{\\a}\\a',
      '\\rule{500em}{500em}',
    ]) {
      const probe = await api.explain.probe(latex);
      assert.equal(probe.links, 0, latex);
      assert.equal(probe.images, 0, latex);
      assert.equal(probe.dataAttributes, 0, latex);
    }
    await closeEditors();
  });

  test('"Explain" on an unverified result opens the panel with a warning', async () => {
    const warnings: string[][] = [];
    api.ui.warning = async (_message, ...actions) => (warnings.push(actions), 'Explain');
    await open('plaintext', '«sqrt(-x^2-1)»');
    const next = api.explain.nextReport();
    const outcome = (await vscode.commands.executeCommand<RunOutcome>('derivative.differentiateSelection'))!;
    assert.equal(outcome.status, 'explained');
    assert.deepEqual(warnings, [['Insert anyway', 'Explain']]);
    const report = await next;
    assert.equal(report.kind, 'scalar');
    assert.match(report.text, /Not verified numerically/);
    await closeEditors();
  });

  test('a result passed in with nothing selected (a hover) is explained from its input, without Insert', async () => {
    const editor = await open('plaintext', 'x^2 + 1');
    editor.selections = [new vscode.Selection(0, 1, 0, 1)];
    const result = { input: { plain: 'x^2 + 1', latex: 'x^{2} + 1' }, wrt: 'x', order: 1, result: '2*x' };
    const report = rendered(await explain({ result, uri: editor.document.uri }));
    assert.equal(report.kind, 'scalar');
    assert.match(report.text, /2\*x/);
    assert.doesNotMatch(report.text, /Insert/);
    await closeEditors();
  });

  test('follow the selection: the panel updates as the selection changes', async () => {
    const editor = await open('plaintext', '«x^2»\nx^3\n');
    rendered(await explain());
    await api.explain.click('follow');
    await sleep(100);
    const next = api.explain.nextReport();
    select(editor, 'x^2\n«x^3»\n');
    const report = await next;
    assert.match(report.text, /3\*x\^2/);
    await api.explain.click('follow'); // off again
    await closeEditors();
  });

  test('beside a lone editor: a new group, the editor keeping the larger share of the width', async () => {
    api.explain.close();
    await until('the panel to close', () => panelTabs().length === 0);
    await closeEditors();
    const editor = await open('plaintext', '«x^3»');
    await until('one editor group', () => vscode.window.tabGroups.all.length === 1);
    rendered(await explain());
    assert.equal(panelTabs()[0]!.group.viewColumn, vscode.ViewColumn.Two);
    let share = 0;
    for (let i = 0; i < 100; i++) {
      const sizes = (await editorGroupSizes()) ?? [];
      share = sizes.length === 2 ? sizes[0]! / (sizes[0]! + sizes[1]!) : 0;
      if (share > 0.55) break;
      await sleep(50);
    }
    assert.ok(share > 0.55 && share < 0.65, `the editor's share of the width: ${share.toFixed(2)} (0.6 wanted)`);
    assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'the editor keeps the focus');
    api.explain.close();
    await closeEditors();
  });

  test('with a second group open: the panel opens there as a tab, no new split', async () => {
    api.explain.close();
    await until('the panel to close', () => panelTabs().length === 0);
    await closeEditors();
    const notes = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'notes' });
    const editor = await open('plaintext', '«x^3»');
    await vscode.window.showTextDocument(notes, { viewColumn: vscode.ViewColumn.Two, preserveFocus: true });
    await until('two editor groups', () => vscode.window.tabGroups.all.length === 2);
    const before = await editorGroupSizes();
    rendered(await explain());
    assert.equal(vscode.window.tabGroups.all.length, 2, 'no third group');
    const [panel] = panelTabs();
    assert.equal(panel!.group.viewColumn, vscode.ViewColumn.Two);
    assert.ok(panel!.group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === notes.uri.toString()), 'beside the other document');
    assert.deepEqual(await editorGroupSizes(), before, 'the groups keep their widths');
    assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'the editor keeps the focus');
    api.explain.close();
    await closeEditors();
  });
});

/** Sizes of the editor groups side by side (`vscode.getEditorLayout`). */
async function editorGroupSizes(): Promise<number[] | undefined> {
  const layout = await vscode.commands.executeCommand<{ groups: { size?: number }[] } | undefined>('vscode.getEditorLayout');
  return layout?.groups.map((group) => group.size ?? 0);
}
