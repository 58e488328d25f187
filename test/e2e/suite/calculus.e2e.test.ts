// End to end: the calculus commands (Tangent Line at Point…, Taylor Expansion…, Integrate Selection
// and Between…, Implicit Derivative, Critical Points…) in a real VS Code: their prompts answered
// through the API's ui, the text they write asserted exactly as the core prints it, bad input leaving
// the document as it was, and the lightbulb and hover entries that lead to them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CalculusOutcome } from '../../../src/extension/commands/calculus';
import type { DerivativeAssistantApi } from '../../../src/extension/extension';
import type { InputOptions, PickItem, PickOptions } from '../../../src/extension/ui';
import { activateExtension, closeAll, metric, openMarked, setSetting, sleep } from './previewSupport';

const CALCULUS_KIND = 'refactor.rewrite.calculus';
let api: DerivativeAssistantApi;

interface Recorded {
  inputs: { title: string; value: string; validate: InputOptions['validate'] }[];
  picks: { title: string; labels: string[] }[];
  errors: string[];
  warnings: string[];
  infos: string[];
  clipboard: string[];
}

/** Answers the prompts in turn: input boxes with `inputs`, quick picks by label with `picks`. */
function answer(inputs: string[] = [], picks: string[] = []): Recorded {
  const recorded: Recorded = { inputs: [], picks: [], errors: [], warnings: [], infos: [], clipboard: [] };
  api.ui.input = async (options) => {
    recorded.inputs.push({ title: options.title, value: options.value, validate: options.validate });
    const text = inputs.shift();
    assert.ok(text !== undefined, `unexpected input box "${options.title}"`);
    assert.equal(options.validate(text), undefined, `"${text}" passes the live check of "${options.title}"`);
    return text;
  };
  api.ui.pick = async <T>(items: readonly PickItem<T>[], options: PickOptions<T>) => {
    recorded.picks.push({ title: options.title, labels: items.map((item) => item.label) });
    const label = picks.shift();
    const item = items.find((i) => i.label === label);
    assert.ok(item, `"${label}" is not offered in "${options.title}": ${items.map((i) => i.label).join(', ')}`);
    return item.value;
  };
  api.ui.error = async (message) => (recorded.errors.push(message), undefined);
  api.ui.warning = async (message) => (recorded.warnings.push(message), undefined);
  api.ui.info = async (message) => (recorded.infos.push(message), undefined);
  api.ui.writeClipboard = async (text) => void recorded.clipboard.push(text);
  return recorded;
}

async function run(command: string, args?: unknown): Promise<CalculusOutcome> {
  return (await vscode.commands.executeCommand<CalculusOutcome>(command, ...(args === undefined ? [] : [args])))!;
}

/** Our calculus entries in the lightbulb (the provider answers once the worker parsed the selection). */
async function calculusActions(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let i = 0; ; i++) {
    let all: (vscode.CodeAction | vscode.Command)[] = [];
    try {
      all = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', document.uri, range, CALCULUS_KIND)) ?? [];
    } catch (error) {
      if (!(error instanceof Error && error.message === 'Canceled')) throw error;
    }
    const ours = all.filter((a): a is vscode.CodeAction => 'kind' in a && a.kind?.value === CALCULUS_KIND);
    if (ours.length > 0 || i >= 50) return ours;
    await sleep(100);
  }
}

suite('Calculus commands', () => {
  suiteSetup(async () => {
    api = await activateExtension();
  });

  teardown(async () => {
    api.resetUi();
    await setSetting('derivative.insertMode', undefined);
    await closeAll();
  });

  test('Tangent Line at Point…: x^3 - 3*x at 2 writes y = 9*x - 16; the point is checked as typed', async () => {
    const recorded = answer(['2']);
    const { document } = await openMarked('plaintext', '«x^3 - 3*x»');
    const started = performance.now();
    const outcome = await run('derivative.tangentLine');
    metric('tangent_command_ms', performance.now() - started);
    assert.equal(outcome.status, 'inserted', recorded.errors.join('; '));
    assert.equal(document.getText(), 'x^3 - 3*x\ny = 9*x - 16');
    assert.equal(recorded.inputs.length, 1, 'one variable: only the point is asked');
    const { validate } = recorded.inputs[0]!;
    for (const ok of ['pi/4', '-1/3', 'sqrt(2)', 'π/6', '2e-3']) assert.equal(validate(ok), undefined, ok);
    for (const bad of ['', 'x + 1', 'sqrt(2', '2 #']) assert.ok(validate(bad), `"${bad}" is refused as typed`);
    assert.deepEqual(recorded.errors, []);
  });

  test('Tangent Line at Point…: an exact point (pi/4) in Python, under an assignment, remembered for the next run', async () => {
    const recorded = answer(['pi/4', '0']);
    const { document } = await openMarked('python', 'import numpy as np\ny = «np.sin(x)»\n');
    assert.equal((await run('derivative.tangentLine')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(document.getText(), 'import numpy as np\ny = np.sin(x)\ny_tangent = np.sqrt(2)*(x - np.pi/4 + 1)/2\n');
    await closeAll();
    const again = await openMarked('plaintext', '«x^2»');
    assert.equal((await run('derivative.tangentLine')).status, 'inserted');
    assert.equal(recorded.inputs[1]!.value, 'pi/4', 'the last point is the default');
    assert.equal(again.document.getText(), 'x^2\ny = 0');
  });

  test('Tangent Line at Point…: several variables ask which one first; replace and clipboard modes', async () => {
    const recorded = answer(['1'], ['y']);
    const { document } = await openMarked('plaintext', '«x^2*y»');
    assert.equal((await run('derivative.tangentLine')).status, 'inserted', recorded.errors.join('; '));
    assert.deepEqual(recorded.picks.map((p) => p.labels), [['x', 'y']]);
    assert.equal(document.getText(), 'x^2*y\nT = x^2*y');
    await closeAll();

    await setSetting('derivative.insertMode', 'replace');
    answer(['2']);
    const replaced = await openMarked('plaintext', 'f = «x^3 - 3*x»');
    assert.equal((await run('derivative.tangentLine')).status, 'replaced');
    assert.equal(replaced.document.getText(), 'f = 9*x - 16');
    await closeAll();

    await setSetting('derivative.insertMode', 'clipboard');
    const copied = answer(['2']);
    const clip = await openMarked('plaintext', '«x^3 - 3*x»');
    assert.equal((await run('derivative.tangentLine')).status, 'copied');
    assert.deepEqual(copied.clipboard, ['y = 9*x - 16']);
    assert.equal(clip.document.getText(), 'x^3 - 3*x', 'the document is left as it is');
  });

  test('Tangent Line at Point…: where f is not defined, a message and the document unchanged; a dismissed prompt changes nothing', async () => {
    const recorded = answer(['-1']);
    const { document } = await openMarked('plaintext', '«log(x)»');
    assert.equal((await run('derivative.tangentLine')).status, 'inputError');
    assert.equal(document.getText(), 'log(x)');
    assert.equal(recorded.errors.length, 1);
    assert.match(recorded.errors[0]!, /^Cannot compute the tangent line of “log\(x\)”: f is not defined at x = -1/);
    api.ui.input = async () => undefined;
    assert.equal((await run('derivative.tangentLine')).status, 'cancelled');
    assert.equal(document.getText(), 'log(x)');
  });

  test('Taylor Expansion…: sin(x) at 0, order 5 in Python with the remainder as a comment; the order is remembered', async () => {
    const recorded = answer(['0', '5', '0', '3']);
    const { document } = await openMarked('python', 'import numpy as np\ny = «np.sin(x)»\n');
    assert.equal((await run('derivative.taylorExpansion')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(document.getText(), 'import numpy as np\ny = np.sin(x)\ny_taylor = x - x**3/6 + x**5/120  # + O(x**6)\n');
    await closeAll();
    const js = await openMarked('javascript', 'const f = «Math.exp(x)»;\n');
    assert.equal((await run('derivative.taylorExpansion')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(recorded.inputs[3]!.value, '5', 'the last order is the default');
    assert.equal(js.document.getText(), 'const f = Math.exp(x);\nconst f_taylor = 1 + x + x ** 2/2 + x ** 3/6;  // + O(x ** 4)\n');
    assert.ok(recorded.inputs[1]!.validate('21'), 'orders past 20 are refused as typed');
  });

  test('Integrate Selection: the verified antiderivative in LaTeX, asking nothing; none found is a message', async () => {
    const recorded = answer();
    const { document } = await openMarked('latex', 'The integrand $«x \\cos(x)»$.\n');
    const started = performance.now();
    assert.equal((await run('derivative.integrateSelection')).status, 'inserted', recorded.errors.join('; '));
    metric('integrate_command_ms', performance.now() - started);
    assert.equal(document.getText(), 'The integrand $x \\cos(x)$.\n\\[ \\int x \\cos(x) \\, dx = x \\sin(x) + \\cos(x) + C \\]\n');
    assert.deepEqual(recorded.inputs, [], 'Integrate asks nothing');
    await closeAll();

    const none = await openMarked('plaintext', '«exp(x)/x»');
    assert.equal((await run('derivative.integrateSelection')).status, 'notFound');
    assert.equal(none.document.getText(), 'exp(x)/x', 'no unchecked result is written');
    assert.equal(recorded.errors.length, 1);
    assert.match(recorded.errors[0]!, /^Integral of “exp\(x\)\/x”: no antiderivative found/);
  });

  test('Integrate Selection on an integral as written: its value right after it in the math, bounds and variable read from it', async () => {
    const recorded = answer();
    const { document } = await openMarked('latex', '\\[ «\\int_{0}^{\\pi} t^2 \\sin t \\,\\mathrm{d}t» \\]\n');
    assert.equal((await run('derivative.integrateSelection')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(document.getText(), '\\[ \\int_{0}^{\\pi} t^2 \\sin t \\,\\mathrm{d}t = \\pi^{2} - 4 \\]\n');
    assert.deepEqual(recorded.inputs, [], 'the bounds are not asked for');
    assert.deepEqual(recorded.picks, [], 'the variable is not asked for');
    await closeAll();
    const indefinite = await openMarked('markdown', 'Check $«\\int x e^x dx»$.\n');
    assert.equal((await run('derivative.integrateSelection')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(indefinite.document.getText(), 'Check $\\int x e^x dx = e^{x} (x - 1) + C$.\n');
    await closeAll();
    const improper = await openMarked('latex', '$«\\int_0^\\infty e^{-x} \\, dx»$');
    assert.equal((await run('derivative.integrateSelection')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(improper.document.getText(), '$\\int_0^\\infty e^{-x} \\, dx = 1$');
  });

  test('Integrate Selection Between…: x^2 from 0 to 1 is exactly 1/3; an infinite bound; a divergent integral writes nothing', async () => {
    const recorded = answer(['0, 1', '1, inf', '-1, 1', '1, inf']);
    const { document } = await openMarked('plaintext', '«x^2»');
    assert.equal((await run('derivative.integrateSelectionBetween')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(document.getText(), 'x^2\nintegrate(x^2, x, 0, 1) = 1/3');
    assert.ok(recorded.inputs[0]!.validate('0 1'), 'two ends are needed');
    assert.equal(recorded.inputs[0]!.validate('0, inf'), undefined, 'an infinite bound is accepted as typed');
    await closeAll();
    const improper = await openMarked('plaintext', '«1/x^2»');
    assert.equal((await run('derivative.integrateSelectionBetween')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(improper.document.getText(), '1/x^2\nintegrate(1/x^2, x, 1, inf) = 1');
    await closeAll();
    const divergent = await openMarked('plaintext', '«1/x»');
    assert.equal((await run('derivative.integrateSelectionBetween')).status, 'notFound');
    assert.equal(divergent.document.getText(), '1/x');
    assert.match(recorded.errors[0]!, /^The integral of “1\/x” (diverges|has no finite value)/);
    assert.equal((await run('derivative.integrateSelectionBetween')).status, 'notFound');
    assert.equal(divergent.document.getText(), '1/x');
    assert.match(recorded.errors[1]!, /^The integral of “1\/x” diverges: the integrand does not decay fast enough towards ∞/);
  });

  test('Implicit Derivative: x^2 + y^2 = 1 gives dy/dx = -x/y in plain text, Markdown and Python, asking nothing', async () => {
    const recorded = answer();
    const plain = await openMarked('plaintext', '«x^2 + y^2 = 1»');
    assert.equal((await run('derivative.implicitDerivative')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(plain.document.getText(), 'x^2 + y^2 = 1\ndy/dx = -x/y');
    await closeAll();
    const md = await openMarked('markdown', 'The circle «$x^2 + y^2 = 1$».\n');
    assert.equal((await run('derivative.implicitDerivative')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(md.document.getText(), 'The circle $x^2 + y^2 = 1$.\n$$ \\frac{dy}{dx} = -\\frac{x}{y} $$\n');
    await closeAll();
    const py = await openMarked('python', '«x**2 + y**2 == 1»\n');
    assert.equal((await run('derivative.implicitDerivative')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(py.document.getText(), 'x**2 + y**2 == 1\ndy_dx = -x/y\n');
    assert.deepEqual(recorded.inputs, []);
    assert.deepEqual(recorded.picks, []);
  });

  test('Implicit Derivative: a curve in s and t asks which is a function of which; a non-equation is refused unchanged', async () => {
    const recorded = answer([], ['dt/ds']);
    const { document } = await openMarked('plaintext', '«s^2 + t^3 = 1»');
    assert.equal((await run('derivative.implicitDerivative')).status, 'inserted', recorded.errors.join('; '));
    assert.deepEqual(recorded.picks[0]!.labels.sort(), ['ds/dt', 'dt/ds']);
    assert.equal(document.getText(), 's^2 + t^3 = 1\ndt/ds = -2*s/(3*t^2)');
    await closeAll();
    const bad = await openMarked('plaintext', '«x^2 = 1»');
    assert.equal((await run('derivative.implicitDerivative')).status, 'inputError');
    assert.equal(bad.document.getText(), 'x^2 = 1');
    assert.match(recorded.errors[0]!, /^Cannot compute the implicit derivative of “x\^2 = 1”: the equation does not contain y/);
  });

  test('Critical Points…: x^3 - 3*x on [-10, 10] lists the maximum and the minimum', async () => {
    const recorded = answer(['-10, 10', '2, 3']);
    const { document } = await openMarked('python', 'f = «x**3 - 3*x»\n');
    assert.equal((await run('derivative.criticalPoints')).status, 'inserted', recorded.errors.join('; '));
    assert.equal(document.getText(), 'f = x**3 - 3*x\n# critical points on [-10, 10]: x = -1 (maximum), x = 1 (minimum)\n');
    assert.equal((await run('derivative.criticalPoints')).status, 'notFound', 'none on [2, 3]');
    assert.equal(document.getText(), 'f = x**3 - 3*x\n# critical points on [-10, 10]: x = -1 (maximum), x = 1 (minimum)\n');
    assert.equal(recorded.infos.length, 1);
  });

  test('the lightbulb offers Implicit derivative on x^2 + y^2 = 1, and the calculus commands on an expression', async () => {
    const recorded = answer(['2']);
    const { document, selections } = await openMarked('plaintext', '«x^2 + y^2 = 1»');
    const offered = await calculusActions(document, selections[0]!);
    assert.deepEqual(offered.map((a) => a.title), ['Implicit derivative dy/dx']);
    const chosen = offered[0]!;
    assert.ok(chosen.command && !chosen.edit, 'a command: computed when chosen');
    await vscode.commands.executeCommand(chosen.command.command, ...(chosen.command.arguments ?? []));
    assert.equal(document.getText(), 'x^2 + y^2 = 1\ndy/dx = -x/y');
    await closeAll();

    const expression = await openMarked('plaintext', '«x^3 - 3*x»');
    const actions = await calculusActions(expression.document, expression.selections[0]!);
    assert.deepEqual(actions.map((a) => a.title), ['Integrate', 'Tangent line at…', 'Taylor expansion…']);
    const tangent = actions[1]!.command!;
    await vscode.commands.executeCommand(tangent.command, ...(tangent.arguments ?? []));
    assert.equal(expression.document.getText(), 'x^3 - 3*x\ny = 9*x - 16', recorded.errors.join('; '));
  });

  test('the hover links to Tangent at…, Taylor… and Integrate, which run on the hovered expression', async () => {
    answer();
    const { document, selections } = await openMarked('plaintext', '«x*cos(x)»');
    let markdown = '';
    for (let i = 0; i < 50 && !markdown.includes('derivative.integrateSelection'); i++) {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, selections[0]!.start)) ?? [];
      markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      if (!markdown.includes('derivative.integrateSelection')) await sleep(100);
    }
    for (const command of ['derivative.tangentLine', 'derivative.taylorExpansion', 'derivative.integrateSelection']) assert.ok(markdown.includes(`command:${command}?`), `links ${command}`);
    const integrate = /\[[^\]]*Integrate\]\(command:derivative\.integrateSelection\?([^ )]+)/.exec(markdown);
    assert.ok(integrate);
    const args = JSON.parse(decodeURIComponent(integrate[1]!)) as unknown[];
    assert.equal((await run('derivative.integrateSelection', args[0])).status, 'inserted');
    assert.equal(document.getText(), 'x*cos(x)\nintegrate(x*cos(x), x) = x*sin(x) + cos(x) + C');
  });
});
