// The lightbulb as a person uses it: select an expression, Ctrl+. shows the derivative actions
// (screenshot), Enter on "Insert derivative … below" writes it; then on a function's `def` line,
// Ctrl+. offers "Generate gradient function" (screenshot), which writes loss_grad below.
// Screenshots: test-artifacts/lightbulb-selection.png, lightbulb-gradient.png.
export const name = 'Lightbulb: derivative actions and Generate gradient function (examples/calculus.py, losses.py)';
export const folder = 'examples';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Opens the code action menu (Ctrl+.) and waits for an entry containing `title`; returns the entries.
 * `place` puts the selection or cursor where the menu is wanted; it runs before every attempt, since
 * the Escape that closes an empty menu also collapses the selection (a cold worker can miss the
 * first attempt: the lightbulb does not wait for it).
 */
async function openMenu(wb, title, place) {
  const menu = wb.page.locator('.action-widget');
  for (let attempt = 0; ; attempt++) {
    await place();
    await wb.page.keyboard.press('Control+Period');
    try {
      await menu.locator('.monaco-list-row', { hasText: title }).first().waitFor({ timeout: 5000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      await wb.page.keyboard.press('Escape');
      await sleep(500);
    }
  }
  return (await menu.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ').trim());
}

/** Moves the menu's focus to the entry `title` and presses Enter. */
async function choose(wb, entries, title) {
  const actions = entries.filter((e) => e !== '' && !/^(Rewrite|More Actions|Quick Fix|Extract|Inline|Move|Surround With)/i.test(e));
  const focused = async () => ((await wb.page.locator('.action-widget .monaco-list-row.focused').first().innerText().catch(() => '')) ?? '').replace(/\u00a0/g, ' ');
  for (let i = 0; i < actions.length + 2 && !(await focused()).includes(title); i++) await wb.page.keyboard.press('ArrowDown');
  if (!(await focused()).includes(title)) throw new Error(`could not focus "${title}" (menu: ${entries.join(' | ')})`);
  await wb.page.keyboard.press('Enter');
}

async function waitForText(wb, test, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await wb.editorText();
    if (test(text)) return text;
    if (Date.now() > deadline) throw new Error(`${what} did not appear within ${timeoutMs / 1000} s:\n${text}`);
    await sleep(200);
  }
}

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, { assert }) {
  await wb.openFile('calculus.py');
  let entries = await openMenu(wb, 'Insert derivative d/dx below', () => wb.selectText('np.log(np.cosh(x))'));
  assert.ok(entries.some((e) => e.includes('Replace with derivative d/dx')), `menu: ${entries.join(' | ')}`);
  await sleep(300);
  await wb.screenshot('lightbulb-selection');
  await choose(wb, entries, 'Insert derivative d/dx below');
  const inserted = (t) => /z = np\.log\(np\.cosh\(x\)\)\s*\n\s*dz_dx = np\.tanh\(x\)/.test(t);
  try {
    await waitForText(wb, inserted, 'dz_dx = np.tanh(x)', 10_000);
  } catch (error) {
    // Under load the menu can re-render between focusing the entry and Enter, and the Enter is lost:
    // choose again only when nothing was written (never insert twice).
    if ((await wb.editorText()).includes('dz_dx')) throw error;
    entries = await openMenu(wb, 'Insert derivative d/dx below', () => wb.selectText('np.log(np.cosh(x))'));
    await choose(wb, entries, 'Insert derivative d/dx below');
    await waitForText(wb, inserted, 'dz_dx = np.tanh(x)');
  }

  await wb.openFile('losses.py');
  entries = await openMenu(wb, 'Generate gradient function loss_grad', async () => {
    await wb.focusEditor();
    await wb.selectText('def loss(');
    await wb.page.keyboard.press('ArrowRight'); // the cursor on the def line
  });
  assert.ok(entries.some((e) => e.includes('loss_grad_X')), `one entry per argument: ${entries.join(' | ')}`);
  await sleep(300);
  await wb.screenshot('lightbulb-gradient');
  await choose(wb, entries, 'Generate gradient function loss_grad (');
  const text = await waitForText(wb, (t) => t.includes('def loss_grad(w, X, y):'), 'def loss_grad');
  assert.match(text, /return 2 \* X\.T @ r/);
  await sleep(300);
  await wb.screenshot('lightbulb-gradient-inserted');
}
