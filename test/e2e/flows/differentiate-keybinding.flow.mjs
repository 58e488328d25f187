// A person selects `np.log(np.cosh(x))` in examples/calculus.py and presses Ctrl+Alt+D (the
// extension's keybinding); then selects another right-hand side and uses the editor's context menu.
export const name = 'Differentiate Selection by Ctrl+Alt+D and from the editor context menu (examples/calculus.py)';
export const folder = 'examples';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until a line was inserted (the text has `lineCount` lines) and the line after `line` (trimmed)
 * satisfies `test`; returns the editor's text.
 */
async function waitForLineAfter(wb, line, lineCount, test, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await wb.editorText();
    const lines = text.split('\n').map((l) => l.trim());
    const at = lines.indexOf(line);
    if (lines.length === lineCount && at >= 0 && test(lines[at + 1] ?? '')) return text;
    if (Date.now() > deadline) throw new Error(`no derivative below "${line}" within ${timeoutMs / 1000} s:\n${text}`);
    await sleep(200);
  }
}

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, { assert }) {
  await wb.openFile('calculus.py');

  // Keybinding
  await wb.selectText('np.log(np.cosh(x))');
  let before = await wb.editorText();
  await wb.page.keyboard.press('Control+Alt+KeyD');
  let after = await waitForLineAfter(wb, 'z = np.log(np.cosh(x))', before.split('\n').length + 1, (next) => next === 'dz_dx = np.tanh(x)');
  assert.equal(after.split('\n').length, before.split('\n').length + 1, 'exactly one line is inserted');
  await wb.screenshot('differentiate-keybinding');

  // Editor context menu (shown only with a selection)
  await wb.focusEditor();
  await wb.selectText('1 / (1 + np.exp(-x))');
  before = await wb.editorText();
  const box = await wb.editor.locator('.selected-text').first().boundingBox();
  assert.ok(box, 'the selection is visible');
  await wb.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
  const row = wb.page
    .locator('.context-view .monaco-menu .action-item')
    .filter({ has: wb.page.locator('.action-label', { hasText: /^\s*Differentiate Selection\s*$/ }) })
    .first();
  const item = row.locator('.action-label');
  await item.waitFor({ state: 'visible' });
  const keybinding = await row.locator('.keybinding').textContent();
  assert.equal(keybinding?.trim(), 'Ctrl+Alt+D', 'the menu shows the keybinding');
  await wb.screenshot('differentiate-context-menu');
  await item.click();
  // σ' is written as a person would: 1 / (4 * np.cosh(x / 2)**2), as the example's own next line
  after = await waitForLineAfter(wb, 'sigmoid = 1 / (1 + np.exp(-x))', before.split('\n').length + 1, (next) => next === 'dsigmoid_dx = 1 / (4 * np.cosh(x / 2)**2)');
  assert.equal(after.split('\n').length, before.split('\n').length + 1, 'exactly one line is inserted');
}
