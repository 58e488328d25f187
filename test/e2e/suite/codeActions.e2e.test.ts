// End to end: the lightbulb's derivative actions through `vscode.executeCodeActionProvider` in a real
// VS Code — offered for a selection that parses (none for bad input), each one resolved and applied
// changes the document as its title says, the gradient function of a numpy function runs in Python
// and matches finite differences, and the code-action latency benchmark.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { DerivativeAssistantApi } from '../../../src/extension/extension';
import { activateExtension, closeAll, metric, openMarked, quantile, setSetting, sleep } from './previewSupport';

const KIND = 'refactor.rewrite.derivative';
/** A first line per language for the benchmarks, to warm the core worker's reader. */
const WARM_LINE: Record<string, string> = { python: 'x**7 + 3*x', javascript: 'x ** 7 + 3 * x', plaintext: 'x^7 + 3x', latex: '$x^7 + 3x$', markdown: '$x^7 + 3x$' };
let api: DerivativeAssistantApi;

/** Our actions for `range` (resolving the first `resolve` of them), in the order offered. */
async function derivativeActions(document: vscode.TextDocument, range: vscode.Range, resolve = 0): Promise<vscode.CodeAction[]> {
  // asked for our kind only, so that `resolve` counts our actions (TypeScript offers refactorings too)
  const all = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', document.uri, range, KIND, resolve)) ?? [];
  return all.filter((a): a is vscode.CodeAction => 'kind' in a && a.kind?.value === KIND);
}

/** Resolves the action titled `title` and applies it: its edit, then its command. */
async function apply(document: vscode.TextDocument, range: vscode.Range, title: string): Promise<vscode.CodeAction> {
  const offered = await derivativeActions(document, range);
  const index = offered.findIndex((a) => a.title === title);
  assert.ok(index >= 0, `"${title}" is not offered: ${offered.map((a) => a.title).join(' | ')}`);
  const action = (await derivativeActions(document, range, index + 1))[index]!;
  assert.equal(action.title, title);
  assert.ok(action.edit || action.command, `"${title}" resolved to neither an edit nor a command`);
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit));
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return action;
}

/** A python3 that imports numpy (the harness installs Debian's python3-numpy when none does). */
function pythonWithNumpy(): string {
  const tried: string[] = [];
  for (const candidate of [process.env.DERIVATIVE_E2E_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!candidate) continue;
    const run = spawnSync(candidate, ['-c', 'import numpy'], { encoding: 'utf8' });
    if (run.status === 0) return candidate;
    tried.push(`${candidate}: ${run.error?.message ?? run.stderr.trim().split('\n').at(-1)}`);
  }
  assert.fail(`no python3 with numpy (apt-get install python3-numpy; npm run test:e2e does it):\n${tried.join('\n')}`);
}

/** Runs `script` with Python and numpy; returns its stdout parsed as JSON. */
function runPython(script: string): unknown {
  const run = spawnSync(pythonWithNumpy(), ['-c', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, `python failed:\n${run.stderr}\n--- script ---\n${script}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

suite('Code actions', () => {
  suiteSetup(async () => {
    api = await activateExtension();
    // the lightbulb waits 500 ms for a parse and offers nothing that time (the next request has it):
    // let the workers start before the first assertion, as they have by a user's first lightbulb
    const warm = await openMarked('plaintext', '«x^2»');
    // a request VS Code cancels while the editor is still settling (the previous suite closing its
    // editors) offered nothing yet: ask again
    const offered = async () => {
      try {
        return (await derivativeActions(warm.document, warm.selections[0]!)).length;
      } catch (error) {
        if (error instanceof Error && error.message === 'Canceled') return 0;
        throw error;
      }
    };
    for (let i = 0; i < 100 && (await offered()) === 0; i++) await sleep(100);
    await closeAll();
  });

  teardown(async () => {
    api.resetUi();
    await setSetting('derivative.codeActions.enabled', undefined);
    await closeAll();
  });

  test('a selection that parses: insert, replace, explain and one entry per other variable, kind refactor.rewrite.derivative', async () => {
    const { document, selections } = await openMarked('python', 'z = «x**2 * np.sin(y)»\n');
    const actions = await derivativeActions(document, selections[0]!);
    const canExplain = (await vscode.commands.getCommands(true)).includes('derivative.explain');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Insert derivative ∂/∂x below', 'Replace with derivative ∂/∂x', ...(canExplain ? ['Explain derivative ∂/∂x'] : []), 'Insert derivative ∂/∂y below'],
    );
    assert.ok(actions.every((a) => !a.edit && !a.command), 'nothing computed before an action is chosen');
    assert.ok(actions.every((a) => !a.isPreferred && a.kind?.value === KIND));
    const only = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, selections[0]!, 'quickfix');
    assert.equal(only.filter((a) => a.kind?.value === KIND).length, 0, 'not a quick fix');
  });

  test('variables are named as the selection writes them: ∂/∂σ for σ (the engine names it sigma)', async () => {
    const { document, selections } = await openMarked('plaintext', '«σ^2*x»');
    const titles = (await derivativeActions(document, selections[0]!)).map((a) => a.title);
    assert.ok(titles.includes('Insert derivative ∂/∂σ below'), titles.join(' | '));
  });

  test('one variable: titles say d/dx', async () => {
    const { document, selections } = await openMarked('plaintext', '«x^3»');
    assert.deepEqual((await derivativeActions(document, selections[0]!)).map((a) => a.title).filter((t) => !t.startsWith('Explain')), ['Insert derivative d/dx below', 'Replace with derivative d/dx']);
  });

  test('none for unparsable text, a lone name, prose, or when turned off', async () => {
    const bad = await openMarked('python', 'z = «2*(x+»\n');
    assert.deepEqual(await derivativeActions(bad.document, bad.selections[0]!), []);
    const name = await openMarked('python', '«x» = 1\n');
    assert.deepEqual(await derivativeActions(name.document, name.selections[0]!), []);
    const prose = await openMarked('markdown', 'A «well-known» result.\n');
    assert.deepEqual(await derivativeActions(prose.document, prose.selections[0]!), []);
    await setSetting('derivative.codeActions.enabled', false);
    const off = await openMarked('plaintext', '«x^2»');
    assert.deepEqual(await derivativeActions(off.document, off.selections[0]!), []);
  });

  test('each action, resolved and applied, changes the document as its title says', async () => {
    const cases: { marked: string; language: string; title: string; after: string }[] = [
      { language: 'python', marked: 'z = «x**2 * np.sin(y)»\n', title: 'Insert derivative ∂/∂x below', after: 'z = x**2 * np.sin(y)\ndz_dx = 2 * x * np.sin(y)\n' },
      { language: 'python', marked: 'z = «x**2 * np.sin(y)»\n', title: 'Replace with derivative ∂/∂x', after: 'z = 2 * x * np.sin(y)\n' },
      { language: 'python', marked: 'z = «x**2 * np.sin(y)»\n', title: 'Insert derivative ∂/∂y below', after: 'z = x**2 * np.sin(y)\ndz_dy = x**2 * np.cos(y)\n' },
      { language: 'latex', marked: 'Area $«x^3»$.\n', title: 'Insert derivative d/dx below', after: 'Area $x^3$.\n\\[ \\frac{d}{dx} x^{3} = 3 x^{2} \\]\n' },
      { language: 'javascript', marked: 'const v = «Math.exp(2 * t)»;\n', title: 'Replace with derivative d/dt', after: 'const v = 2 * Math.exp(2 * t);\n' },
    ];
    for (const { language, marked, title, after } of cases) {
      const { document, selections } = await openMarked(language, marked);
      const action = await apply(document, selections[0]!, title);
      assert.ok(!action.edit, `${title}: written by the command, not a plain edit`);
      assert.equal(action.command?.command, 'derivative.applyDerivative', title);
      assert.equal(document.getText(), after, title);
      await closeAll();
    }
  });

  test('after Insert below, the selection covers the original expression only, as after Ctrl+Alt+D', async () => {
    // at the end of the document (the inserted line starts at the selection's end) and in the middle
    for (const marked of ['z = «x**3»', 'z = «x**3»\nw = 1\n']) {
      const lightbulb = await openMarked('python', marked);
      await apply(lightbulb.document, lightbulb.selections[0]!, 'Insert derivative d/dx below');
      assert.equal(lightbulb.document.getText(), marked.replace(/[«»]/g, '').replace('x**3', 'x**3\ndz_dx = 3*x**2'));
      const kept = lightbulb.editor.selections;
      assert.deepEqual(kept.map((s) => lightbulb.document.getText(s)), ['x**3'], marked);

      const command = await openMarked('python', marked);
      await vscode.commands.executeCommand('derivative.differentiateSelection');
      assert.equal(command.document.getText(), lightbulb.document.getText());
      assert.deepEqual(command.editor.selections, kept, `${marked}: the same selection both ways`);
      await closeAll();
    }
  });

  test('an unverified result goes through the command, which asks first', async () => {
    const warnings: string[] = [];
    api.ui.warning = async (message, ...actions) => (warnings.push(message), actions.find((a) => a === 'Insert anyway'));
    const { document, selections } = await openMarked('plaintext', '«sqrt(-x^2-1)»');
    const action = await apply(document, selections[0]!, 'Insert derivative d/dx below');
    assert.equal(action.command?.command, 'derivative.applyDerivative');
    assert.equal(warnings.length, 1);
    assert.equal(document.getText(), 'sqrt(-x^2-1)\nd/dx: -x/sqrt(-x^2 - 1)');
  });

  test('Explain derivative runs derivative.explain with { result, uri }', async function () {
    if (!(await vscode.commands.getCommands(true)).includes('derivative.explain')) this.skip();
    const { document, selections } = await openMarked('plaintext', '«x^2 sin(x)»');
    const actions = await derivativeActions(document, selections[0]!, 3);
    const explain = actions.find((a) => a.title === 'Explain derivative d/dx')!;
    assert.equal(explain.command?.command, 'derivative.explain');
    const [args] = explain.command!.arguments as [{ result: { result: string; steps: unknown[] }; uri: vscode.Uri }];
    assert.equal(args.result.result, 'x*(x*cos(x) + 2*sin(x))');
    assert.ok(args.result.steps.length > 0);
    assert.equal(args.uri.toString(), document.uri.toString());
    const version = document.version;
    await vscode.commands.executeCommand(explain.command!.command, ...explain.command!.arguments!);
    assert.equal(document.version, version, 'explaining changes nothing');
  });

  test('Generate gradient function (scalar numpy): inserted below, runs, matches finite differences', async () => {
    const source = [
      'import numpy as np',
      '',
      '',
      'def energy(x, k):',
      '    """Energy of the spring."""',
      '    r = k*x - np.sin(x)  # stretch',
      '    s = np.exp(-r**2)',
      '    return s * x + k**2',
      '',
    ].join('\n');
    const { document } = await openMarked('python', source);
    const onDef = new vscode.Range(3, 5, 3, 5);
    const titles = (await derivativeActions(document, onDef)).map((a) => a.title);
    assert.deepEqual(titles, ['Generate gradient function energy_grad (∂energy/∂x)', 'Generate gradient function energy_grad_k (∂energy/∂k)']);
    assert.deepEqual(await derivativeActions(document, new vscode.Range(6, 6, 6, 6)), [], 'not in the body');
    await apply(document, onDef, 'Generate gradient function energy_grad (∂energy/∂x)');
    await apply(document, onDef, 'Generate gradient function energy_grad_k (∂energy/∂k)');
    const text = document.getText();
    assert.match(text, /\n\n\ndef energy_grad_k\(x, k\):\n {4}"""Derivative of energy with respect to k\./);
    assert.match(text, /\n\n\ndef energy_grad\(x, k\):\n {4}"""Derivative of energy with respect to x\./);
    assert.match(text, /\n {4}dr_dx = k - np\.cos\(x\)\n/, 'intermediates reused');
    const check = runPython(`${text}
import json
rng = np.random.default_rng(1)
worst = 0.0
for _ in range(20):
    x, k = rng.uniform(-2, 2, 2)
    h = 1e-6
    fd_x = (energy(x + h, k) - energy(x - h, k)) / (2 * h)
    fd_k = (energy(x, k + h) - energy(x, k - h)) / (2 * h)
    worst = max(worst, abs(energy_grad(x, k) - fd_x) / max(1, abs(fd_x)), abs(energy_grad_k(x, k) - fd_k) / max(1, abs(fd_k)))
print(json.dumps({"worst": worst}))
`) as { worst: number };
    assert.ok(check.worst < 1e-6, `largest relative error against finite differences: ${check.worst}`);
  });

  test('Generate gradient function (numpy, matrix engine): intermediates reused, shapes stated, runs, matches finite differences', async () => {
    const source = [
      'import numpy as np',
      '',
      '',
      'def loss(w, X, y): r = X @ w - y; return r @ r',
      '',
      '',
      'def nll(w, X, y):',
      '    z = X @ w',
      '    p = 1 / (1 + np.exp(-z))',
      '    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))',
      '',
    ].join('\n');
    const { document } = await openMarked('python', source);
    const onLoss = new vscode.Range(3, 6, 3, 6);
    assert.deepEqual(
      (await derivativeActions(document, onLoss)).map((a) => a.title),
      ['Generate gradient function loss_grad (∂loss/∂w)', 'Generate gradient function loss_grad_X (∂loss/∂X)', 'Generate gradient function loss_grad_y (∂loss/∂y)'],
    );
    // bottom first, so the lines above keep their numbers
    await apply(document, new vscode.Range(6, 5, 6, 5), 'Generate gradient function nll_grad (∂nll/∂w)');
    await apply(document, onLoss, 'Generate gradient function loss_grad_X (∂loss/∂X)');
    await apply(document, onLoss, 'Generate gradient function loss_grad (∂loss/∂w)');
    const text = document.getText();
    assert.ok(
      text.includes(
        [
          'def loss_grad(w, X, y):',
          '    """Gradient of loss with respect to w.',
          '',
          '    Shapes assumed: w: (m,), X: (n, m), y: (n,); returns (m,).',
          '    Generated by Derivative Assistant (matrix calculus, checked numerically).',
          '    """',
          '    r = X @ w - y',
          '    return 2 * X.T @ r',
        ].join('\n'),
      ),
      text,
    );
    assert.match(text, /def loss_grad_X\(w, X, y\):[\s\S]*?returns \(n, m\)\.[\s\S]*?return 2 \* np\.outer\(r, w\)/);
    assert.match(text, /def nll_grad\(w, X, y\):[\s\S]*? {4}z = X @ w\n {4}p = 1 \/ \(1 \+ np\.exp\(-z\)\)\n {4}return X\.T @ \(p - y\)/);
    const check = runPython(`${text}
import json
rng = np.random.default_rng(7)
n, m = 6, 3
X = rng.normal(size=(n, m)); w = rng.normal(size=m); y = rng.normal(size=n); t = rng.uniform(0.1, 0.9, size=n)
h = 1e-6
def numeric(f, a):
    g = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        e = np.zeros_like(a); e[i] = h
        g[i] = (f(a + e) - f(a - e)) / (2 * h)
    return g
def err(a, b):
    return float(np.max(np.abs(a - b)) / max(1.0, float(np.max(np.abs(b)))))
print(json.dumps({
    "loss_w": err(loss_grad(w, X, y), numeric(lambda v: loss(v, X, y), w)),
    "loss_X": err(loss_grad_X(w, X, y), numeric(lambda M: loss(w, M, y), X)),
    "nll_w": err(nll_grad(w, X, t), numeric(lambda v: nll(v, X, t), w)),
    "shapes": [list(np.shape(loss_grad(w, X, y))), list(np.shape(loss_grad_X(w, X, y)))],
}))
`) as { loss_w: number; loss_X: number; nll_w: number; shapes: number[][] };
    assert.deepEqual(check.shapes, [[3], [6, 3]], 'the gradient has the shape of its variable');
    for (const key of ['loss_w', 'loss_X', 'nll_w'] as const) assert.ok(check[key] < 1e-6, `${key}: relative error ${check[key]} against finite differences`);
  });

  test('benchmark: code-action latency (lightbulb), warm', async function () {
    this.timeout(180_000);
    const expressions: [string, string][] = [
      ['python', 'np.sin(x)**2 * np.exp(-x)'], ['python', 'x**3 - 2*x*y + 1'], ['python', 'np.log(1 + x**2)'], ['python', 'a*np.tanh(b*x)'],
      ['javascript', 'Math.exp(-t * t) * Math.cos(w * t)'], ['javascript', 'x ** 4 / (x + 1)'], ['plaintext', 'x^2 sin(x)'], ['plaintext', '1/(1 + e^(-k x))'],
      ['latex', '$\\frac{1}{\\sigma}e^{-x^2/\\sigma}$'], ['markdown', '$\\sqrt{1 - x^2}$'], ['plaintext', 'sec(x) tan(y)'], ['python', 'np.sqrt(x**2 + y**2)'],
      ['plaintext', 'x^x'], ['javascript', 'Math.atan(y / x) * r'], ['plaintext', '(x^2 + 1)^5'], ['python', 'np.cosh(x) - np.sinh(y)'],
      ['latex', '$\\sin(\\omega t + \\phi)$'], ['markdown', '$e^{-\\lambda t}$'], ['python', 'np.arctan(x / y)'], ['plaintext', 'sqrt(1 + x^2)'],
    ];
    // one document per language, an expression a line, opened before the timing starts (TypeScript
    // works on every new JS document on the extension host's thread, and offers refactorings too);
    // its first line warms the core worker's reader for that language
    const documents = new Map<string, vscode.TextDocument>();
    for (const language of new Set(expressions.map(([l]) => l))) {
      const lines = expressions.filter(([l]) => l === language).map(([, e]) => e);
      const { document } = await openMarked(language, `${WARM_LINE[language]}\n${lines.join('\n')}\n`);
      documents.set(language, document);
      await derivativeActions(document, document.lineAt(0).range);
    }
    await sleep(3000);
    const rangeOf = (document: vscode.TextDocument, expression: string) => {
      const line = document.getText().split('\n').indexOf(expression);
      return new vscode.Range(line, 0, line, expression.length);
    };
    // the provider alone, called directly: a new selection (nothing cached) and the same one again
    const context: vscode.CodeActionContext = { diagnostics: [], triggerKind: vscode.CodeActionTriggerKind.Automatic, only: undefined };
    const token = new vscode.CancellationTokenSource().token;
    const direct: number[] = [];
    const directAgain: number[] = [];
    for (const [language, expression] of expressions) {
      const document = documents.get(language)!;
      const range = rangeOf(document, expression);
      api.previews.cache.clear();
      for (const into of [direct, directAgain, directAgain]) {
        const started = performance.now();
        const actions = await api.previews.codeActions.provideCodeActions(document, range, context, token);
        into.push(performance.now() - started);
        assert.ok(actions.length >= 2, `actions for ${expression}: ${actions.map((a) => a.title).join(' | ')}`);
      }
    }
    // through VS Code (vscode.executeCodeActionProvider: every provider of the document, the round trip)
    api.previews.cache.clear();
    const roundTrip: number[] = [];
    const again: number[] = [];
    for (const [language, expression] of expressions) {
      const document = documents.get(language)!;
      const range = rangeOf(document, expression);
      for (const into of [roundTrip, again, again]) {
        const started = performance.now();
        const actions = await derivativeActions(document, range);
        into.push(performance.now() - started);
        assert.ok(actions.length >= 2, `actions for ${expression}: ${actions.map((a) => a.title).join(' | ')}`);
      }
      console.log(`    ${expression}: direct ${direct[roundTrip.length - 1]!.toFixed(2)} ms, round trip ${[roundTrip.at(-1)!, ...again.slice(-2)].map((ms) => ms.toFixed(1)).join(', ')} ms`);
    }
    metric('code_action_provider_ms_median', quantile(direct, 0.5));
    metric('code_action_provider_ms_p95', quantile(direct, 0.95));
    metric('code_action_provider_again_ms_p95', quantile(directAgain, 0.95));
    metric('code_action_ms_median', quantile(roundTrip, 0.5));
    metric('code_action_ms_p95', quantile(roundTrip, 0.95));
    metric('code_action_again_ms_median', quantile(again, 0.5));
    metric('code_action_again_ms_p95', quantile(again, 0.95));
    // The target (p95 under 10 ms) is on this extension's own time, printed as met or not; the round
    // trip adds VS Code's and the other providers'. The assertions only catch a regression by an order
    // of magnitude, since the timings follow the machine's load (CI shares it with other work).
    metric('code_action_provider_p95_under_10ms', quantile(direct, 0.95) < 10 ? 1 : 0);
    assert.ok(quantile(direct, 0.95) < 100, `p95 ${quantile(direct, 0.95).toFixed(1)} ms in the provider`);
    assert.ok(quantile(roundTrip, 0.95) < 1000, `p95 ${quantile(roundTrip, 0.95).toFixed(1)} ms for a new selection, round trip`);
  });
});
