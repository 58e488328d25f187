// End to end: derivative previews in hovers, through `vscode.executeHoverProvider` in a real VS Code —
// a selection (math image + code + links), math in LaTeX and Markdown, assignments (behind a setting),
// nothing on prose or bad input, the links change the document as promised, cancellation, and the
// hover latency benchmark.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DerivativeAssistantApi } from '../../../src/extension/extension';
import { activateExtension, closeAll, metric, openMarked, quantile, setSetting, sleep } from './previewSupport';

let api: DerivativeAssistantApi;

/** Our hover's Markdown among all hovers at `position` (other extensions may add theirs), or undefined. */
async function derivativeHover(document: vscode.TextDocument, position: vscode.Position): Promise<string | undefined> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
  const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')));
  return texts.find((t) => t.includes('command:derivative.applyDerivative'));
}

/** Hovers until the math image is there (the first render may still be loading MathJax). */
async function hoverWithImage(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  let last: string | undefined;
  for (let i = 0; i < 40; i++) {
    last = await derivativeHover(document, position);
    if (last?.includes('data:image/svg+xml;base64,')) return last;
    await sleep(150);
  }
  assert.fail(`no rendered math in the hover:\n${last}`);
}

/** The code block of a hover: [language, code]. */
function codeBlock(markdown: string): [string, string] {
  const m = /```(\w*)\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(m, `no code block in:\n${markdown}`);
  return [m[1]!, m[2]!];
}

/** The SVG inside the hover's image. */
function svgOf(markdown: string): string {
  const m = /!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
  assert.ok(m, 'an image as a data: URI');
  return Buffer.from(m[1]!, 'base64').toString('utf8');
}

/** The links of a hover: label → [command, args]. */
function links(markdown: string): Map<string, [string, unknown[]]> {
  const found = new Map<string, [string, unknown[]]>();
  for (const m of markdown.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^ )]+)/g)) {
    const label = m[1]!.replace(/\$\([\w-]+\)\s*/g, '');
    const key = found.has(label) ? `${label} ${found.size}` : label;
    found.set(key, [m[2]!, JSON.parse(decodeURIComponent(m[3]!)) as unknown[]]);
  }
  return found;
}

suite('Hover previews', () => {
  suiteSetup(async () => {
    api = await activateExtension();
  });

  teardown(async () => {
    api.resetUi();
    for (const key of ['hover.assignments', 'hover.renderMath', 'hover.mathSpans', 'hover.enabled']) await setSetting(`derivative.${key}`, undefined);
    await closeAll();
  });

  test('a selection: the derivative as math (SVG in the theme colour) and as code, verified, with links', async () => {
    const { document, selections } = await openMarked('python', 'import numpy as np\ny = «x**2 * np.sin(x)»\n');
    const version = document.version;
    const markdown = await hoverWithImage(document, selections[0]!.start.translate(0, 3));
    const svg = svgOf(markdown);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="[\d.]+px"/);
    const color = vscode.window.activeColorTheme.kind === vscode.ColorThemeKind.Light ? '#3b3b3b' : '#cccccc';
    assert.match(svg, new RegExp(`fill="${color}"`), 'drawn in the theme colour');
    assert.deepEqual(codeBlock(markdown), ['python', 'x * (x * np.cos(x) + 2 * np.sin(x))'], 'spaced like the selection');
    assert.match(markdown, /\$\(pass\) Verified numerically at \d+ points/);
    const found = links(markdown);
    assert.deepEqual([...found.keys()].slice(0, 2), ['Insert below', 'Replace']);
    const canExplain = (await vscode.commands.getCommands(true)).includes('derivative.explain');
    assert.equal(found.has('Explain'), canExplain, 'Explain only when derivative.explain exists');
    assert.equal(document.version, version, 'hovering changes nothing');
    assert.equal(document.isDirty, true);
  });

  test('the links insert below and replace, as the commands do', async () => {
    const { document, selections } = await openMarked('python', 'y = «x**3»\n');
    const markdown = await hoverWithImage(document, selections[0]!.start);
    const [command, args] = links(markdown).get('Insert below')!;
    await vscode.commands.executeCommand(command, ...args);
    assert.equal(document.getText(), 'y = x**3\ndy_dx = 3*x**2\n');

    const second = await openMarked('python', 'y = «x**3»\n');
    const markdown2 = await hoverWithImage(second.document, second.selections[0]!.start);
    const [replace, replaceArgs] = links(markdown2).get('Replace')!;
    await vscode.commands.executeCommand(replace, ...replaceArgs);
    assert.equal(second.document.getText(), 'y = 3*x**2\n');
  });

  test('a link on a document that changed since the hover writes nothing', async () => {
    const warnings: string[] = [];
    api.ui.warning = async (message) => (warnings.push(message), undefined);
    const { document, editor, selections } = await openMarked('plaintext', '«x^2 + 1»\n');
    const markdown = await hoverWithImage(document, selections[0]!.start);
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'more\n'));
    const [command, args] = links(markdown).get('Insert below')!;
    await vscode.commands.executeCommand(command, ...args);
    assert.equal(document.getText(), 'x^2 + 1\nmore\n');
    assert.equal(warnings.length, 1);
  });

  test('several variables: partial derivatives by the others, each with its links', async () => {
    const { document, selections } = await openMarked('plaintext', '«x^2*y^3»');
    const markdown = await hoverWithImage(document, selections[0]!.start);
    assert.deepEqual(codeBlock(markdown), ['text', '2*x*y^3'], 'x first: the likeliest variable');
    assert.match(markdown, /^!\[∂\/∂x = /);
    assert.match(markdown, /\*\*∂\/∂y\*\* `3\*x\^2\*y\^2`/);
    const partialLinks = [...links(markdown).entries()].filter(([label]) => label.startsWith('Insert below'));
    assert.equal(partialLinks.length, 2, 'Insert below for the main derivative and for the other variable');
    const [command, args] = partialLinks[1]![1];
    await vscode.commands.executeCommand(command, ...args);
    assert.equal(document.getText(), 'x^2*y^3\nd/dy: 3*x^2*y^2');
  });

  test('vector and matrix input: the matrix engine, its shapes, and links that insert its result', async () => {
    const { document, selections } = await openMarked('python', 'import numpy as np\n\n# x: (n,), A: (n, n)\nq = «x.T @ A @ x»\n');
    const markdown = await hoverWithImage(document, selections[0]!.start);
    assert.deepEqual(codeBlock(markdown), ['python', '(A + A.T) @ x']);
    assert.match(markdown, /Gradient with respect to x, shape n/);
    assert.match(markdown, /A: n×n/);
    assert.match(markdown, /\$\(pass\) Verified numerically/);
    assert.match(svgOf(markdown), /<svg/);
    const [command, args] = links(markdown).get('Insert below')!;
    await vscode.commands.executeCommand(command, ...args);
    assert.equal(document.getText(), 'import numpy as np\n\n# x: (n,), A: (n, n)\nq = x.T @ A @ x\ndq_dx = (A + A.T) @ x\n');
  });

  test('a repeated subexpression is named: the code is its definitions then the result, and a link inserts those lines', async () => {
    const source = 'import numpy as np\n# W: (m, n), x: (n,), y: (m,)\nloss = «np.sum((1 / (1 + np.exp(-W @ x)) - y)**2)»\n';
    const { document, selections } = await openMarked('python', source);
    const markdown = await hoverWithImage(document, selections[0]!.start);
    assert.deepEqual(codeBlock(markdown), ['python', 's = 1 / (1 + np.exp(-W @ x))\n2 * W.T @ (s * (1 - s) * (s - y))']);
    assert.match(svgOf(markdown), /<svg/);
    assert.ok(markdown.includes('![∂/∂x = 2 * W.T @ (s * (1 - s) * (s - y)), where s = 1 / (1 + np.exp(-W @ x))]('), 'the image alt text: the named form');
    const found = links(markdown);
    assert.ok(found.has('Insert below') && found.has('Replace'), 'the one-expression links stay');
    const [command, args] = found.get('Insert named form')!;
    assert.equal((args[0] as { form?: string }).form, 'named');
    await vscode.commands.executeCommand(command, ...args);
    assert.equal(document.getText(), `${source.replace(/[«»]/g, '')}s = 1 / (1 + np.exp(-W @ x))\ndloss_dx = 2 * W.T @ (s * (1 - s) * (s - y))\n`);
  });

  test('LaTeX: hovering inside $…$ and an align row previews that expression (no selection needed)', async () => {
    const { document, cursor } = await openMarked('latex', 'The area is $x|^3$ here.\n');
    const markdown = await hoverWithImage(document, cursor!);
    assert.deepEqual(codeBlock(markdown), ['latex', '3 x^{2}']);
    const align = await openMarked('latex', '\\begin{align}\n  f(x) &= \\sin(x) \\label{f} \\\\\n  g(t) &= e^{-t|^2}\n\\end{align}\n');
    const rowHover = await hoverWithImage(align.document, align.cursor!);
    assert.deepEqual(codeBlock(rowHover), ['latex', '-2 t e^{-t^{2}}']);
    assert.match(svgOf(rowHover), /<svg/);
  });

  test('Markdown: hovering inside $$…$$ previews it; plain prose gives no hover', async () => {
    const { document, cursor } = await openMarked('markdown', '# Notes\n\nThe curve is\n\n$$\ny = \\frac{1}{1+x|^2}\n$$\n\nand plain prose here.\n');
    const markdown = await hoverWithImage(document, cursor!);
    assert.deepEqual(codeBlock(markdown)[0], 'latex');
    assert.match(codeBlock(markdown)[1], /\\frac\{-?2 x\}|-\\frac\{2 x\}/);
    assert.match(markdown, /^!\[d\/dx = /, 'the image comes first');
    assert.equal(await derivativeHover(document, new vscode.Position(8, 6)), undefined, 'prose');
    assert.equal(await derivativeHover(document, new vscode.Position(0, 3)), undefined, 'a heading');
  });

  test('math-span hovers follow derivative.hover.mathSpans', async () => {
    await setSetting('derivative.hover.mathSpans', false);
    const { document, cursor } = await openMarked('markdown', 'Curve $x|^2$.\n');
    assert.equal(await derivativeHover(document, cursor!), undefined);
  });

  test('assignments in Python and JavaScript: off by default, on with derivative.hover.assignments', async () => {
    const py = await openMarked('python', 'import numpy as np\ny = np.exp(|-x)\n');
    assert.equal(await derivativeHover(py.document, py.cursor!), undefined, 'off by default');
    await setSetting('derivative.hover.assignments', true);
    await sleep(100);
    const markdown = await hoverWithImage(py.document, py.cursor!);
    assert.deepEqual(codeBlock(markdown), ['python', '-np.exp(-x)']);
    assert.match(markdown, /^!\[d\/dx = /);
    const js = await openMarked('javascript', 'const v = Math.sin(t|) * t; // wave\n');
    const jsHover = await hoverWithImage(js.document, js.cursor!);
    assert.deepEqual(codeBlock(jsHover), ['javascript', 't * Math.cos(t) + Math.sin(t)']);
    const [command, args] = links(jsHover).get('Insert below')!;
    await vscode.commands.executeCommand(command, ...args);
    assert.equal(js.document.getText(), 'const v = Math.sin(t) * t; // wave\nconst dv_dt = t * Math.cos(t) + Math.sin(t);\n');
  });

  test('no hover for unparsable selections, lone names and numbers, or with hovers off', async () => {
    const bad = await openMarked('python', 'z = «2*(x+»\n');
    assert.equal(await derivativeHover(bad.document, bad.selections[0]!.start), undefined, 'unparsable');
    const name = await openMarked('python', '«x» = 3\n');
    assert.equal(await derivativeHover(name.document, name.selections[0]!.start), undefined, 'a lone name');
    const constant = await openMarked('plaintext', '«2*3 + 1»');
    assert.equal(await derivativeHover(constant.document, constant.selections[0]!.start), undefined, 'a constant');
    await setSetting('derivative.hover.enabled', false);
    const off = await openMarked('plaintext', '«x^2 + 1»');
    assert.equal(await derivativeHover(off.document, off.selections[0]!.start), undefined, 'hovers off');
  });

  test('code only when rendering is off (the same fallback as a slow or failed render)', async () => {
    await setSetting('derivative.hover.renderMath', false);
    const { document, selections } = await openMarked('plaintext', '«x^4»');
    const markdown = await derivativeHover(document, selections[0]!.start);
    assert.ok(markdown);
    assert.doesNotMatch(markdown, /data:image/);
    assert.match(markdown, /^\*\*d\/dx\*\*/);
    assert.deepEqual(codeBlock(markdown), ['text', '4*x^3']);
  });

  test('a cancelled hover returns nothing', async () => {
    const { document, selections } = await openMarked('plaintext', '«x^5 + sin(x)»');
    const source = new vscode.CancellationTokenSource();
    source.cancel();
    assert.equal(await api.previews.hover.provideHover(document, selections[0]!.start, source.token), undefined);
    const live = new vscode.CancellationTokenSource();
    const pending = api.previews.hover.provideHover(document, selections[0]!.start, live.token);
    live.cancel();
    assert.equal(await pending, undefined, 'cancelled while computing');
  });

  test('benchmark: hover latency, request to response, warm', async function () {
    this.timeout(180_000);
    const expressions: [string, string][] = [
      ['python', 'np.sin(x)**2 * np.exp(-x)'], ['python', 'x**3 - 2*x + 1'], ['python', 'np.log(1 + x**2)'], ['python', 'np.sqrt(x) / (1 + x)'],
      ['python', 'np.tanh(a*x + b)'], ['javascript', 'Math.exp(-t * t) * Math.cos(t)'], ['javascript', 'x ** 4 / (x + 1)'], ['javascript', 'Math.atan(x / 2)'],
      ['plaintext', 'x^2 sin(x)'], ['plaintext', '1/(1 + e^(-x))'], ['plaintext', 'sec(x) tan(x)'], ['plaintext', 'x^x'],
      ['latex', '$\\frac{1}{\\sigma}e^{-x^2/\\sigma}$'], ['latex', '$\\sin^2(\\theta) \\cos(\\theta)$'], ['markdown', '$\\sqrt{1 - x^2}$'], ['markdown', '$\\ln(x) / x$'],
      ['python', 'np.arcsin(x) * x'], ['plaintext', 'cosh(x)^3'], ['javascript', 'Math.log(x) * Math.pow(x, 2)'], ['plaintext', '(x^2 + 1)^5'],
      ['python', 'np.exp(-x**2 / 2) / np.sqrt(2 * np.pi)'], ['plaintext', 'ln(x)^2 / x'], ['latex', '$\\arctan(x^2)$'], ['markdown', '$x^3 e^{2x}$'],
    ];
    // one document per language, an expression a line, all opened before the timing starts: the other
    // extensions' work on a new document (TypeScript's above all) shares the extension host's thread.
    // The first line warms the workers (the core's reader for that language, MathJax).
    const warmLine: Record<string, string> = { python: 'x**7 + 3*x', javascript: 'x ** 7 + 3 * x', plaintext: 'x^7 + 3x', latex: '$x^7 + 3x$', markdown: '$x^7 + 3x$' };
    const documents = new Map<string, vscode.TextDocument>();
    for (const language of new Set(expressions.map(([l]) => l))) {
      const lines = expressions.filter(([l]) => l === language).map(([, e]) => e);
      const { document, editor } = await openMarked(language, `${warmLine[language]}\n${lines.join('\n')}\n`);
      documents.set(language, document);
      editor.selection = new vscode.Selection(0, 0, 0, warmLine[language]!.length);
      await hoverWithImage(document, new vscode.Position(0, 2));
    }
    await sleep(3000);
    const roundTrip: number[] = [];
    const inProvider: number[] = [];
    const cached: number[] = [];
    let rendered = 0;
    for (const [language, expression] of expressions) {
      const document = documents.get(language)!;
      const editor = await vscode.window.showTextDocument(document);
      const line = document.getText().split('\n').indexOf(expression);
      // select the expression as a person would, then move the mouse onto it
      editor.selection = new vscode.Selection(line, 0, line, expression.length);
      await sleep(250);
      const position = new vscode.Position(line, 2);
      for (const [phase, into] of [['first', roundTrip], ['again', cached], ['again', cached]] as const) {
        const started = performance.now();
        const markdown = await derivativeHover(document, position);
        into.push(performance.now() - started);
        assert.ok(markdown, `a hover for ${expression}`);
        if (phase === 'first' && markdown.includes('data:image/svg+xml')) rendered++;
      }
      const timing = api.previews.hover.timings.at(-3)!;
      inProvider.push(timing.ms);
      console.log(`    ${expression}: ${roundTrip.at(-1)!.toFixed(1)} ms (in the provider ${timing.ms.toFixed(1)}: ${Object.entries(timing.phases).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')})`);
    }
    // math in Markdown, hovered without selecting it: nothing was computed ahead
    const spans = [
      '$\\tan(x)^3$', '$\\frac{x}{1+x^2}$', '$e^{\\sin x}$', '$\\sqrt{x} \\ln x$', '$x^{5} - 4x^{2}$', '$\\cos(3t)^2$', '$\\frac{1}{\\sqrt{2\\pi}} e^{-z^2/2}$', '$\\sinh(x) x^2$',
      '$\\arcsin(2x)$', '$\\frac{e^x}{x}$', '$\\log(\\cos x)$', '$x \\tanh(x)$', '$(1 + x)^{-3}$', '$\\sqrt[3]{x^2 + 1}$', '$\\sec(x)^2$', '$t e^{-t} \\sin t$',
    ];
    const spanDocument = (await openMarked('markdown', `${spans.map((m, i) => `Formula ${i}: ${m} here.`).join('\n\n')}\n`)).document;
    await sleep(1000);
    const spanTimes: number[] = [];
    const spanProvider: number[] = [];
    for (const [i] of spans.entries()) {
      const started = performance.now();
      const markdown = await derivativeHover(spanDocument, new vscode.Position(2 * i, 14));
      spanTimes.push(performance.now() - started);
      assert.ok(markdown?.includes('data:image/svg+xml'), `math for ${spans[i]}`);
      spanProvider.push(api.previews.hover.timings.at(-1)!.ms);
    }
    metric('hover_math_span_ms_median', quantile(spanTimes, 0.5));
    metric('hover_math_span_ms_p95', quantile(spanTimes, 0.95));
    metric('hover_math_span_provider_ms_p95', quantile(spanProvider, 0.95));

    metric('hover_ms_median', quantile(roundTrip, 0.5));
    metric('hover_ms_p95', quantile(roundTrip, 0.95));
    metric('hover_provider_ms_median', quantile(inProvider, 0.5));
    metric('hover_provider_ms_p95', quantile(inProvider, 0.95));
    metric('hover_again_ms_median', quantile(cached, 0.5));
    metric('hover_again_ms_p95', quantile(cached, 0.95));
    metric('hover_rendered_first_time_percent', (100 * rendered) / expressions.length);
    assert.equal(rendered, expressions.length, 'every first hover has its math');
    // The target (p95 under 50 ms) is printed as met or not; the assertions only catch a regression by
    // an order of magnitude, since the timings follow the machine's load (CI shares it with other work).
    metric('hover_p95_under_50ms', quantile(roundTrip, 0.95) < 50 && quantile(spanTimes, 0.95) < 50 ? 1 : 0);
    assert.ok(quantile(inProvider, 0.95) < 500, `p95 ${quantile(inProvider, 0.95).toFixed(0)} ms in the provider for a selected expression`);
    assert.ok(quantile(spanProvider, 0.95) < 500, `p95 ${quantile(spanProvider, 0.95).toFixed(0)} ms in the provider for math hovered without selecting`);
    assert.ok(quantile(roundTrip, 0.95) < 1000 && quantile(spanTimes, 0.95) < 1000, 'round trips under a second');
  });
});
