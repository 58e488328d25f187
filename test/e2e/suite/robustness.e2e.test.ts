// End to end: the extension host stays responsive under hostile input (issue 9). Hovers over a
// Markdown line built to make a span finder backtrack (`$f(` + 4000 spaces + `x = y$`), and hovers
// whose derivatives keep the core busy for seconds, must not delay a command the user runs next:
// Differentiate Selection still answers within a second.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DerivativeAssistantApi } from '../../../src/extension/extension';
import type { RunOutcome } from '../../../src/extension/differentiation';
import { activateExtension, closeAll, metric, openMarked, sleep } from './previewSupport';

/** The line that froze the host for 10 s in a span finder's regex. */
const HOSTILE_LINE = `$f(${' '.repeat(4000)}x = y$`;
/** Columns hovered on it, in a row: the opening, the spaces, the end. */
const HOSTILE_COLUMNS = [1, 3, 1000, 2500, 4003, 4007];
/** Math whose hover asks for seven partial derivatives of ~140 factors (about a second each). */
function heavyLine(shift: number): string {
  const variables = ['a', 'b', 'c', 'p', 'q', 'r', 's'];
  return `$${Array.from({ length: 140 }, (_, i) => `\\sin(${i + shift + 1}${variables[i % variables.length]})`).join('')}$`;
}
const HEAVY_LINES = [heavyLine(0), heavyLine(200), heavyLine(400)];
/** What a command must beat, from running it to its text in the document. */
const COMMAND_LIMIT_MS = 1000;

let api: DerivativeAssistantApi;

function hover(document: vscode.TextDocument, position: vscode.Position): Thenable<vscode.Hover[] | undefined> {
  return vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
}

async function differentiate(): Promise<RunOutcome> {
  return (await vscode.commands.executeCommand<RunOutcome>('derivative.differentiateSelection'))!;
}

suite('Robustness: the host under hostile input', () => {
  suiteSetup(async () => {
    api = await activateExtension();
  });

  teardown(async () => {
    api.resetUi();
    await closeAll();
  });

  test('after hovers over a hostile Markdown line and heavy math, Differentiate Selection answers within a second', async () => {
    const hostileLine = 2;
    // the command's own worker is loaded (a first command pays for that, not for the hovers)
    const warm = await openMarked('plaintext', '«x^3»');
    assert.equal((await differentiate()).status, 'inserted');
    assert.equal(warm.document.getText(), 'x^3\nd/dx: 3*x^2');
    await closeAll();
    // an untitled document with a .md name and its language set, as the other preview tests open them
    // (openTextDocument({ language: 'markdown' }) can arrive as plaintext in code-server)
    const { document: markdown } = await openMarked('markdown', ['# Notes', '', HOSTILE_LINE, '', ...HEAVY_LINES.flatMap((line) => [line, ''])].join('\n'));
    assert.equal(markdown.languageId, 'markdown');
    const { editor } = await openMarked('plaintext', '«x^2»');

    // speculative work first: each heavy hover queues its main derivative and its partials
    const hoverStarted = performance.now();
    const heavy = HEAVY_LINES.map((line, i) => hover(markdown, new vscode.Position(hostileLine + 2 + 2 * i, Math.floor(line.length / 2))));
    const pending: Thenable<unknown>[] = [...heavy];
    await sleep(500);
    // then several hovers in a row over the hostile line, not awaited, right before the command
    for (const column of HOSTILE_COLUMNS) pending.push(hover(markdown, new vscode.Position(hostileLine, column)));
    const started = performance.now();
    const outcome = await differentiate();
    const ms = performance.now() - started;
    metric('command_after_hostile_hovers_ms', ms);
    assert.equal(outcome.status, 'inserted');
    assert.equal(editor.document.getText(), 'x^2\nd/dx: 2*x');
    assert.ok(ms < COMMAND_LIMIT_MS, `Differentiate Selection took ${ms.toFixed(0)} ms behind the hovers' work`);

    // the hovers themselves end (answered or empty) instead of hanging the host; the heavy ones
    // answer (so they did keep the core busy while the command ran)
    const settled = await Promise.race([Promise.allSettled(pending).then(() => true), sleep(60_000).then(() => false)]);
    metric('hovers_settled_ms', performance.now() - hoverStarted);
    assert.ok(settled, 'the hovers ended within 60 s');
    const answered = (await Promise.all(heavy)).filter((hovers) => (hovers ?? []).some((h) => h.contents.some((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '').includes('command:derivative.applyDerivative'))));
    assert.equal(answered.length, HEAVY_LINES.length, 'every heavy line has its derivative hover');
  });
});
