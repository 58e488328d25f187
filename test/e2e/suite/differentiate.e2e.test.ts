// End to end: "Derivative: Differentiate Selection" in a real VS Code, on every dialect, with
// multi-cursor, each insert mode, the variable/order/mode picks, bad input and a document that
// changes while computing. The UI (quick picks, messages, clipboard) is answered through the API
// that activate() returns.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DerivativeAssistantApi } from '../../../src/extension/extension';
import type { RunOutcome } from '../../../src/extension/differentiation';
import type { PickItem, PickOptions } from '../../../src/extension/ui';

// ──── Fixtures ──────────────────────────────────────────────
// Documents with the selections marked «like this», and the exact text expected afterwards.
// The printed form of each derivative is the core's choice: adjust the expected text here.
const CASES: { name: string; language: string; before: string; after: string }[] = [
  { name: 'plain text', language: 'plaintext', before: '«x^2»', after: 'x^2\nd/dx: 2*x' },
  { name: 'plain text, whole assignment', language: 'plaintext', before: '«y = t^3»\n', after: 'y = t^3\nd/dt: 3*t^2\n' },
  {
    name: 'python: right-hand side of an assignment',
    language: 'python',
    before: 'import numpy as np\n\ndef f(x):\n    y = «np.sin(x)»\n    return y\n',
    after: 'import numpy as np\n\ndef f(x):\n    y = np.sin(x)\n    dy_dx = np.cos(x)\n    return y\n',
  },
  { name: 'python: power', language: 'python', before: 'y = «x**3»\n', after: 'y = x**3\ndy_dx = 3*x**2\n' },
  {
    name: 'python: entries x[0], x[1] give the gradient by x, an array for scipy\'s jac=',
    language: 'python',
    before: 'import numpy as np\n\ndef rosen(x):\n    f = «100*(x[1] - x[0]**2)**2 + (1 - x[0])**2»\n',
    after: 'import numpy as np\n\ndef rosen(x):\n    f = 100*(x[1] - x[0]**2)**2 + (1 - x[0])**2\n    df_dx = np.array([400*x[0]**3 - 400*x[0]*x[1] + 2*x[0] - 2, 200*(x[1] - x[0]**2)])\n',
  },
  {
    name: 'julia: a function of a vector defined in one line: its gradient defined the same way',
    language: 'julia',
    before: '«f(x) = 100(x[2] - x[1]^2)^2 + (1 - x[1])^2»\n',
    after: 'f(x) = 100(x[2] - x[1]^2)^2 + (1 - x[1])^2\ndf_dx(x) = [400x[1]^3 - 400x[1]*x[2] + 2x[1] - 2, 200(x[2] - x[1]^2)]\n',
  },
  { name: 'python: a lambda, differentiated by its parameter without asking', language: 'python', before: 'g = «lambda t: a * t**3»\n', after: 'g = lambda t: a * t**3\ndg_dt = lambda t: 3 * a * t**2\n' },
  { name: 'julia: assignment', language: 'julia', before: 'y = «2x^2 + sin(x)»\n', after: 'y = 2x^2 + sin(x)\ndy_dx = 4x + cos(x)\n' },
  { name: 'javascript: const declaration', language: 'javascript', before: 'const y = «x * x»;\n', after: 'const y = x * x;\nconst dy_dx = 2 * x;\n' },
  { name: 'c: a declaration, its type repeated', language: 'c', before: 'double y = «x*x + 3*x»;\n', after: 'double y = x*x + 3*x;\ndouble dy_dx = 2*x + 3;\n' },
  {
    name: 'c++: std:: kept',
    language: 'cpp',
    before: '    const double v = «std::exp(-t) * std::sin(t)»;\n',
    after: '    const double v = std::exp(-t) * std::sin(t);\n    const double dv_dt = std::exp(-t) * (std::cos(t) - std::sin(t));\n',
  },
  {
    name: 'typescript: let with a type',
    language: 'typescript',
    before: 'let v: number = «Math.exp(t)»;\n',
    after: 'let v: number = Math.exp(t);\nlet dv_dt = Math.exp(t);\n',
  },
  {
    name: 'latex: inline math in a paragraph',
    language: 'latex',
    before: 'The area is $«x^3»$ here.\n',
    after: 'The area is $x^3$ here.\n\\[ \\frac{d}{dx} x^{3} = 3 x^{2} \\]\n',
  },
  {
    name: 'markdown: selection including the $ delimiters',
    language: 'markdown',
    before: '# Notes\n\nThe curve «$x^2$» grows.\n',
    after: '# Notes\n\nThe curve $x^2$ grows.\n$$ \\frac{d}{dx} x^{2} = 2 x $$\n',
  },
];

/** Replace mode and clipboard mode on `x^2` in plain text. */
const PLAIN_SQUARE_DERIVATIVE = '2*x';
/** Two selections in one plain-text document. */
const MULTI = { before: '«x^2»\n«x^3»\n', after: 'x^2\nd/dx: 2*x\nx^3\nd/dx: 3*x^2\n' };
/** Matrix calculus from a numpy file whose comment declares the shapes. */
const MATRIX = {
  before: 'import numpy as np\n# x: (n,), A: (n, n)\nq = «x.T @ A @ x»\n',
  after: 'import numpy as np\n# x: (n,), A: (n, n)\nq = x.T @ A @ x\ndq_dx = (A + A.T) @ x\n',
};
/** Several variables: the picks answer y, below the selection, order 2. */
const WRT = { before: '«x^2*y^3»', symbols: ['x', 'y'], after: 'x^2*y^3\nd^2/dy^2: 6*x^2*y' };
/** With Respect To… with one variable: its orders, then the placements. */
const WRT_ONE = { before: '«x^3»', labels: ['d/dx', 'd^2/dx^2', 'd^3/dx^3', 'd^4/dx^4', 'd^5/dx^5', 'Below the selection', 'Replace the selection', 'Copy to the clipboard'], replacedSecond: '6*x' };
/** Differentiate Selection on two variables: the pick answers x. */
const AMBIGUOUS = { before: '«x*y»', after: 'x*y\nd/dx: y' };
/** Input the core refuses. */
const BAD_INPUT = 'z = «2*(x+»';
/** A derivative the core cannot check numerically (no real point where it is defined). */
const UNVERIFIABLE = { before: '«sqrt(-x^2-1)»', after: 'sqrt(-x^2-1)\nd/dx: -x/sqrt(-x^2 - 1)' };
/** A Jupyter notebook code cell (a document with languageId python). */
const NOTEBOOK_CELL = { before: 'y = x**3', select: 'x**3', after: 'y = x**3\ndy_dx = 3*x**2' };

// ──── Helpers ───────────────────────────────────────────────
const EXTENSION_ID = 'derivative-assistant.derivative-assistant';
let api: DerivativeAssistantApi;

interface Recorded {
  picks: { title: string; labels: string[]; descriptions: (string | undefined)[]; active?: unknown }[];
  errors: string[];
  warnings: string[];
  /** The buttons of each warning. */
  warningActions: string[][];
  infos: string[];
  clipboard: string[];
}

/** Answers the picks in turn (by label) and records every message; warnings are dismissed
 *  unless `warningChoice` names one of their buttons. */
function answer(...labels: string[]): Recorded & { warningChoice?: string } {
  const recorded: Recorded & { warningChoice?: string } = { picks: [], errors: [], warnings: [], warningActions: [], infos: [], clipboard: [] };
  const queue = [...labels];
  api.ui.pick = async <T>(items: readonly PickItem<T>[], options: PickOptions<T>) => {
    recorded.picks.push({ title: options.title, labels: items.map((item) => item.label), descriptions: items.map((item) => item.description), active: options.active });
    const label = queue.shift();
    assert.ok(label !== undefined, `unexpected quick pick "${options.title}"`);
    const item = items.find((i) => i.label === label);
    assert.ok(item, `"${label}" is not offered in "${options.title}": ${items.map((i) => i.label).join(', ')}`);
    return item.value;
  };
  api.ui.error = async (message) => (recorded.errors.push(message), undefined);
  api.ui.warning = async (message, ...actions) => {
    recorded.warnings.push(message);
    recorded.warningActions.push(actions);
    return actions.find((action) => action === recorded.warningChoice);
  };
  api.ui.info = async (message) => (recorded.infos.push(message), undefined);
  api.ui.writeClipboard = async (text) => void recorded.clipboard.push(text);
  return recorded;
}

/** File name extension per language, for the untitled documents' names. */
const EXTENSIONS: Record<string, string> = { plaintext: 'txt', python: 'py', javascript: 'js', typescript: 'ts', latex: 'tex', markdown: 'md', julia: 'jl', c: 'c', cpp: 'cpp' };
let documentCount = 0;

/** Opens an untitled document (a name of its own: VS Code reuses "Untitled-N" names) with
 *  «selections» marked, and selects them. */
async function open(language: string, marked: string): Promise<vscode.TextEditor> {
  const content = marked.replace(/[«»]/g, '');
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/derivative-e2e-${Date.now()}-${++documentCount}.${EXTENSIONS[language] ?? 'txt'}` });
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== language) document = await vscode.languages.setTextDocumentLanguage(document, language);
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content), { undoStopBefore: false, undoStopAfter: true });
  assert.equal(document.getText(), content, 'a fresh document');
  assert.equal(document.languageId, language);
  const selections: vscode.Selection[] = [];
  let removed = 0;
  for (const match of marked.matchAll(/«([^»]*)»/g)) {
    const start = match.index - removed;
    removed += 1;
    const end = start + match[1]!.length;
    removed += 1;
    selections.push(new vscode.Selection(document.positionAt(start), document.positionAt(end)));
  }
  editor.selections = selections;
  await waitForActive(document);
  return editor;
}

async function waitForActive(document: vscode.TextDocument): Promise<void> {
  for (let i = 0; i < 50 && vscode.window.activeTextEditor?.document !== document; i++) await sleep(20);
  assert.equal(vscode.window.activeTextEditor?.document, document, 'the document is in the active editor');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Closes every editor without saving, and waits until their documents are closed: a new
 *  untitled document reuses the name of a closed one, and must not meet the old one. */
async function closeAll(): Promise<void> {
  const documents = vscode.window.visibleTextEditors.map((editor) => editor.document);
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  for (let i = 0; i < 100 && documents.some((document) => !document.isClosed); i++) await sleep(20);
}

async function run(command: 'derivative.differentiateSelection' | 'derivative.differentiateSelectionWrt'): Promise<RunOutcome> {
  return (await vscode.commands.executeCommand<RunOutcome>(command))!;
}

async function setInsertMode(mode: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('derivative').update('insertMode', mode, vscode.ConfigurationTarget.Global);
}

function metric(name: string, value: number): void {
  console.log(`metric: ${name}=${value.toFixed(1)}`);
}

// ──── Tests ─────────────────────────────────────────────────
suite('Differentiate Selection', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<DerivativeAssistantApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const started = performance.now();
    const wasActive = extension.isActive;
    api = await extension.activate();
    if (!wasActive) metric('activation_wall_ms', performance.now() - started);
    metric('activate_ms', api.activation.activateMs);
    metric('bundle_load_ms', api.activation.loadMs);
  });

  teardown(async () => {
    api.resetUi();
    await setInsertMode(undefined);
    await closeAll();
  });

  test('time from command to inserted text', async () => {
    answer();
    for (const phase of ['first', 'warm']) {
      const editor = await open('plaintext', '«x^2»');
      const started = performance.now();
      const outcome = await run('derivative.differentiateSelection');
      metric(`command_to_text_ms_${phase}`, performance.now() - started);
      for (const [name, ms] of Object.entries(outcome.phases)) metric(`${name}_ms_${phase}`, ms);
      assert.equal(outcome.status, 'inserted');
      assert.equal(editor.document.getText(), `x^2\nd/dx: ${PLAIN_SQUARE_DERIVATIVE}`);
      await closeAll();
    }
  });

  for (const { name, language, before, after } of CASES) {
    test(name, async () => {
      const recorded = answer();
      const editor = await open(language, before);
      const outcome = await run('derivative.differentiateSelection');
      assert.deepEqual(recorded.errors, []);
      assert.equal(outcome.status, 'inserted', JSON.stringify(outcome));
      assert.equal(editor.document.getText(), after);
    });
  }

  test('matrix calculus: x.T @ A @ x in numpy, the variable picked with its shape', async () => {
    const recorded = answer('x');
    const editor = await open('python', MATRIX.before);
    const outcome = await run('derivative.differentiateSelection');
    assert.deepEqual(recorded.errors, []);
    assert.equal(outcome.status, 'inserted', JSON.stringify(outcome));
    assert.deepEqual(recorded.picks[0]!.labels, ['x', 'A']);
    assert.equal(editor.document.getText(), MATRIX.after);
  });

  test('matrix calculus in TensorFlow: 1-D vectors multiplied by tf.linalg.matvec, the result too', async () => {
    const recorded = answer('w');
    const editor = await open('python', 'import tensorflow as tf\n# X: (m, n), w: (n,), y: (m,)\nloss = «tf.reduce_sum((tf.linalg.matvec(X, w) - y)**2)»\n');
    const outcome = await run('derivative.differentiateSelection');
    assert.deepEqual(recorded.errors, []);
    assert.equal(outcome.status, 'inserted', JSON.stringify(outcome));
    assert.match(editor.document.getText(), /\ndloss_dw = 2 \* tf\.linalg\.matvec\(X, tf\.linalg\.matvec\(X, w\) - y, transpose_a=True\)\n$/);
  });

  test('matrix calculus in Julia: a regularized cost without the bias, theta[2:end], its gradient padded as Julia writes it', async () => {
    const recorded = answer('theta');
    const editor = await open('julia', 'J = «sum((X*theta - y).^2)/(2*m) + lambda/(2*m)*sum(theta[2:end].^2)»\n');
    const outcome = await run('derivative.differentiateSelection');
    assert.deepEqual(recorded.errors, []);
    assert.equal(outcome.status, 'inserted', JSON.stringify(outcome));
    assert.ok(recorded.picks[0]!.labels.includes('theta'), recorded.picks[0]!.labels.join(', '));
    assert.match(editor.document.getText(), /\ndJ_dtheta = \(X'\*\(X\*theta - y\) \+ lambda\*\[0; theta\[2:end\]\]\)\/m\n$/);
  });

  test('matrix calculus in LaTeX: a least-squares norm', async () => {
    const recorded = answer('x');
    const editor = await open('latex', '$«\\|Ax - b\\|_2^2»$\n');
    const outcome = await run('derivative.differentiateSelection');
    assert.deepEqual(recorded.errors, []);
    assert.equal(outcome.status, 'inserted', JSON.stringify(outcome));
    assert.match(editor.document.getText(), /= 2 A\^\\top \(A x - b\) \\\]\n$/);
  });

  test('two selections: two insertions, one undo step', async () => {
    answer();
    const editor = await open('plaintext', MULTI.before);
    assert.equal(editor.selections.length, 2);
    const outcome = await run('derivative.differentiateSelection');
    assert.equal(outcome.status, 'inserted', JSON.stringify(outcome));
    assert.equal(editor.document.getText(), MULTI.after);
    // the user's selections stay as they were, not widened over the inserted lines
    assert.deepEqual(editor.selections.map((s) => editor.document.getText(s)), ['x^2', 'x^3']);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), MULTI.before.replace(/[«»]/g, ''));
  });

  test('insert mode "replace"', async () => {
    answer();
    await setInsertMode('replace');
    const editor = await open('plaintext', 'f = «x^2» + 1');
    const outcome = await run('derivative.differentiateSelection');
    assert.equal(outcome.status, 'replaced', JSON.stringify(outcome));
    assert.equal(editor.document.getText(), `f = ${PLAIN_SQUARE_DERIVATIVE} + 1`);
  });

  test('insert mode "clipboard" leaves the document alone', async () => {
    const recorded = answer();
    await setInsertMode('clipboard');
    const editor = await open('plaintext', '«x^2»');
    const outcome = await run('derivative.differentiateSelection');
    assert.equal(outcome.status, 'copied', JSON.stringify(outcome));
    assert.deepEqual(recorded.clipboard, [PLAIN_SQUARE_DERIVATIVE]);
    assert.equal(editor.document.getText(), 'x^2');
  });

  test('several variables: a quick pick, the last choice listed first next time', async () => {
    const first = answer('x');
    let editor = await open('plaintext', AMBIGUOUS.before);
    const outcome = await run('derivative.differentiateSelection');
    assert.equal(outcome.status, 'inserted', JSON.stringify(outcome));
    assert.deepEqual(first.picks.map((p) => p.labels), [['x', 'y']]);
    assert.equal(editor.document.getText(), AMBIGUOUS.after);

    // Same document again: the last choice (x) comes first; choose y and it comes first after that.
    await vscode.commands.executeCommand('undo');
    editor.selections = [new vscode.Selection(0, 0, 0, 3)];
    const second = answer('y');
    await run('derivative.differentiateSelection');
    assert.deepEqual(second.picks[0]!.labels, ['x', 'y']);
    await vscode.commands.executeCommand('undo');
    editor = vscode.window.activeTextEditor!;
    editor.selections = [new vscode.Selection(0, 0, 0, 3)];
    const third = answer('y');
    await run('derivative.differentiateSelection');
    assert.deepEqual(third.picks[0]!.labels, ['y', 'x']);
  });

  test('With Respect To…: the variable, then one pick of order and placement', async () => {
    const recorded = answer('y', 'Below the selection', 'd^2/dy^2');
    const editor = await open('plaintext', WRT.before);
    const outcome = await run('derivative.differentiateSelectionWrt');
    assert.equal(outcome.status, 'inserted', JSON.stringify(outcome));
    assert.equal(recorded.picks.length, 3, 'the variable, then the order pick twice (a placement chosen shows it again)');
    assert.deepEqual(recorded.picks[0]!.labels, WRT.symbols);
    assert.equal(recorded.picks[1]!.title, 'Differentiate with respect to y');
    assert.deepEqual(recorded.picks[1]!.labels, ['d/dy', 'd^2/dy^2', 'd^3/dy^3', 'd^4/dy^4', 'd^5/dy^5', 'Below the selection', 'Replace the selection', 'Copy to the clipboard']);
    assert.deepEqual(recorded.picks[2]!.descriptions.slice(0, 5), Array(5).fill('Below the selection'), 'each order says where it goes');
    assert.equal(editor.document.getText(), WRT.after);
    // the selection stays on the expression, as after Differentiate Selection
    assert.equal(editor.document.getText(editor.selection), 'x^2*y^3');
  });

  test('With Respect To… with one variable: no variable question; order and placement remembered', async () => {
    const first = answer('Replace the selection', 'd^2/dx^2');
    let editor = await open('plaintext', WRT_ONE.before);
    let outcome = await run('derivative.differentiateSelectionWrt');
    assert.equal(outcome.status, 'replaced', JSON.stringify(outcome));
    assert.deepEqual(first.picks.map((p) => p.title), ['Differentiate with respect to x', 'Differentiate with respect to x'], 'never "which variable"');
    assert.deepEqual(first.picks[0]!.labels, WRT_ONE.labels);
    assert.equal(editor.document.getText(), WRT_ONE.replacedSecond);
    await closeAll();

    // next time: order 2 is highlighted and every order says "Replace the selection"; one Enter repeats it
    const second = answer('d^2/dx^2');
    editor = await open('plaintext', WRT_ONE.before);
    outcome = await run('derivative.differentiateSelectionWrt');
    assert.equal(second.picks.length, 1);
    assert.equal(second.picks[0]!.active, 2);
    assert.deepEqual(second.picks[0]!.descriptions.slice(0, 5), Array(5).fill('Replace the selection'));
    assert.equal(outcome.status, 'replaced', JSON.stringify(outcome));
    assert.equal(editor.document.getText(), WRT_ONE.replacedSecond);
  });

  test('With Respect To…: insert mode chosen once overrides the setting', async () => {
    const recorded = answer('Copy to the clipboard', 'd/dx');
    const editor = await open('plaintext', '«x^2»');
    const outcome = await run('derivative.differentiateSelectionWrt');
    assert.equal(outcome.status, 'copied');
    assert.deepEqual(recorded.clipboard, [PLAIN_SQUARE_DERIVATIVE]);
    assert.equal(editor.document.getText(), 'x^2');
    // the remembered placement goes back to below the selection for the tests after this one
    answer('Below the selection', 'd/dx');
    await run('derivative.differentiateSelectionWrt');
    assert.equal(editor.document.getText(), `x^2\nd/dx: ${PLAIN_SQUARE_DERIVATIVE}`);
  });

  test('bad input: an error naming what and where, the document untouched', async () => {
    const recorded = answer();
    const editor = await open('python', BAD_INPUT);
    const before = editor.document.getText();
    const version = editor.document.version;
    const outcome = await run('derivative.differentiateSelection');
    assert.equal(outcome.status, 'inputError');
    assert.equal(recorded.errors.length, 1);
    console.log(`    error shown: ${recorded.errors[0]}`);
    assert.match(recorded.errors[0]!, /2\*\(x\+/, 'names the selection');
    assert.match(recorded.errors[0]!, /line 1, column \d+/, 'says where');
    assert.equal(editor.document.getText(), before);
    assert.equal(editor.document.version, version);
  });

  test('the document changed meanwhile: nothing is written', async () => {
    const recorded = answer();
    const editor = await open('plaintext', AMBIGUOUS.before);
    api.ui.pick = async <T>(items: readonly PickItem<T>[]) => {
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# '));
      return items[0]!.value;
    };
    const outcome = await run('derivative.differentiateSelection');
    assert.equal(outcome.status, 'stale');
    assert.equal(editor.document.getText(), '# x*y');
    assert.equal(recorded.warnings.length, 1);
  });

  test('a result that fails the numeric check is not inserted silently', async () => {
    const declined = answer();
    const editor = await open('plaintext', UNVERIFIABLE.before);
    let outcome = await run('derivative.differentiateSelection');
    assert.equal(outcome.status, 'declined');
    assert.equal(declined.warnings.length, 1);
    console.log(`    warning shown: ${declined.warnings[0]}`);
    // Explain opens the explanation panel (test/e2e/suite/panel.e2e.test.ts follows that path).
    assert.deepEqual(declined.warningActions, [['Insert anyway', 'Explain']]);
    assert.equal(editor.document.getText(), UNVERIFIABLE.before.replace(/[«»]/g, ''));

    const accepted = answer();
    accepted.warningChoice = 'Insert anyway';
    outcome = await run('derivative.differentiateSelection');
    assert.equal(outcome.status, 'inserted');
    assert.equal(editor.document.getText(), UNVERIFIABLE.after);
  });

  test('a Jupyter notebook cell reads as Python', async () => {
    answer();
    const data = new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, NOTEBOOK_CELL.before, 'python')]);
    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    const notebookEditor = await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(0).document;
    assert.equal(cell.languageId, 'python');
    // The cell's own text editor: focus it the way a person does (Enter on the cell).
    notebookEditor.selections = [new vscode.NotebookRange(0, 1)];
    await vscode.commands.executeCommand('notebook.cell.edit');
    let editor: vscode.TextEditor | undefined;
    for (let i = 0; i < 100 && !(editor = vscode.window.visibleTextEditors.find((e) => e.document === cell)); i++) await sleep(20);
    assert.ok(editor, 'the cell editor is visible');
    const start = NOTEBOOK_CELL.before.indexOf(NOTEBOOK_CELL.select);
    editor.selection = new vscode.Selection(0, start, 0, start + NOTEBOOK_CELL.select.length);
    await waitForActive(cell);
    const outcome = await run('derivative.differentiateSelection');
    assert.equal(outcome.status, 'inserted', JSON.stringify(outcome));
    assert.equal(cell.getText(), NOTEBOOK_CELL.after);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('no selection: a hint, nothing written', async () => {
    const recorded = answer();
    const editor = await open('plaintext', 'x^2');
    editor.selections = [new vscode.Selection(0, 1, 0, 1)];
    const outcome = await run('derivative.differentiateSelection');
    assert.equal(outcome.status, 'noSelection');
    assert.equal(recorded.infos.length, 1);
    assert.equal(editor.document.getText(), 'x^2');
  });
});

suite('Localization', () => {
  const root = () => vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root(), file), 'utf8')) as Record<string, string>;

  for (const [english, chinese] of [
    ['l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json'],
    ['package.nls.json', 'package.nls.zh-cn.json'],
  ] as const) {
    test(`${chinese} has every key of ${english}`, () => {
      const en = read(english);
      const zh = read(chinese);
      assert.ok(Object.keys(en).length > 0);
      const missing = Object.keys(en).filter((key) => typeof zh[key] !== 'string' || zh[key]!.trim() === '');
      assert.deepEqual(missing, []);
      const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
      for (const key of Object.keys(en)) assert.deepEqual(placeholders(zh[key]!), placeholders(en[key]!), key);
    });
  }

  test('the manifest uses only defined %keys%', () => {
    const manifest = fs.readFileSync(path.join(root(), 'package.json'), 'utf8');
    const nls = read('package.nls.json');
    const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    assert.ok(used.length > 0);
    assert.deepEqual(used.filter((key) => !(key in nls)), []);
  });
});
