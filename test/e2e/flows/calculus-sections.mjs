// Shared by the calculus-sections flows (one per colour theme): a person opens the explanation panel
// on an expression, opens its calculus sections one by one, types a point, an order or bounds, and
// looks at the answer and the plot. Screenshots go to test-artifacts/calculus-<section>-<theme>.png.
import { panelFrame } from './explain-panel.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Explains the selection `text` of curves.py and returns the panel's frame once `selector` shows. */
async function explainSelection(wb, text, selector) {
  // keys pressed while the webview has focus may never reach the workbench: click the editor first
  const editor = wb.page.locator('.editor-group-container .monaco-editor .view-lines').first();
  if (await editor.count()) {
    await editor.click({ position: { x: 5, y: 5 } });
    await wb.page.keyboard.press('Control+1');
  }
  await wb.openFile('curves.py');
  await wb.selectText(text);
  // what the panel shows now is marked, so that the previous expression's sections are not taken for
  // the new one's (a click on them would be lost when the panel re-renders)
  for (const frame of wb.page.frames()) {
    await frame.evaluate(() => document.querySelectorAll('#root > *').forEach((el) => el.setAttribute('data-shown-before', ''))).catch(() => {});
  }
  await wb.runCommand('Derivative: Explain Derivative');
  const frame = await panelFrame(wb.page, selector);
  await frame.locator('#root > [data-shown-before]').first().waitFor({ state: 'detached', timeout: 30_000 });
  await frame.locator(`#root ${selector}`).first().waitFor({ timeout: 30_000 });
  return frame;
}

/** Opens a section by its heading and waits for its answer (or its message). */
async function openSection(frame, section) {
  const details = frame.locator(`#root .section-calc-${section} details`);
  if (!(await details.evaluate((el) => el.open))) await frame.locator(`#root .section-calc-${section} summary`).click();
  await frame.locator(`#root .section-calc-${section} .calc-answer .badge, #root .section-calc-${section} .calc-answer .calc-error`).first().waitFor({ timeout: 30_000 });
}

/** Types into a section's field and presses Enter; waits until the answer shows `expected`. */
async function typeInto(frame, section, field, value, expected) {
  const input = frame.locator(`#root .section-calc-${section} input[name="${field}"]`);
  await input.fill(value);
  await input.press('Enter');
  await frame.locator(`#root .section-calc-${section} .calc-answer`).filter({ hasText: expected }).waitFor({ timeout: 30_000 });
}

/** Scrolls the panel so `selector` starts just below its sticky toolbar. */
async function scrollTo(frame, selector) {
  await frame.locator(`#root ${selector}`).evaluate((el) => {
    const toolbar = document.querySelector('.toolbar');
    window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - (toolbar ? toolbar.getBoundingClientRect().height : 0) - 4);
  });
  await sleep(400);
}

async function shoot(wb, frame, section, name, { assert }) {
  assert.equal(await frame.locator('#root .katex-error').count(), 0, 'every formula rendered');
  await scrollTo(frame, `.section-calc-${section}`);
  return wb.screenshot(name);
}

/**
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 */
export async function calculusSections(wb, t, theme) {
  const { assert } = t;
  await wb.page.setViewportSize({ width: 1500, height: 1050 });
  await wb.openFile('curves.py');
  await wb.page.keyboard.press('Control+B'); // hide the side bar: room for the editor and the panel

  // The tangent line of x³ − 3x at 2, typed: exact, drawn on the plot.
  let frame = await explainSelection(wb, 'x**3 - 3*x', '.section-plot canvas');
  await openSection(frame, 'tangent');
  await typeInto(frame, 'tangent', 'at', '2', /y = 9\*x - 16/);
  const readout = await frame.locator('#root .plot-readout').innerText();
  assert.match(readout, /x = 2\b/, 'the plot shows the tangent at the typed point');
  // the plot's section above the tangent's: both in view
  await scrollTo(frame, '.section-plot');
  await wb.screenshot(`calculus-tangent-${theme}`);

  // Its critical points, marked on the plot.
  await openSection(frame, 'critical');
  const critical = await frame.locator('#root .section-calc-critical .calc-answer').innerText();
  assert.match(critical, /local maximum/);
  assert.match(critical, /local minimum/);
  await scrollTo(frame, '.section-plot');
  await wb.screenshot(`calculus-critical-plot-${theme}`);
  await shoot(wb, frame, 'critical', `calculus-critical-${theme}`, t);

  // The Taylor polynomial of sin(x), order 7, drawn near 0.
  frame = await explainSelection(wb, 'np.sin(x)', '.section-plot canvas');
  await openSection(frame, 'taylor');
  await typeInto(frame, 'taylor', 'order', '7', /x\*\*7 ?\/ ?5040/);
  assert.match(await frame.locator('#root .section-plot .u-legend').innerText(), /Taylor polynomial \(7\)/, 'the plot draws the order shown');
  await scrollTo(frame, '.section-plot');
  await wb.screenshot(`calculus-taylor-${theme}`);

  // The antiderivative of x² sin(x), and its integral from 0 to π.
  frame = await explainSelection(wb, 'x**2 * np.sin(x)', '.section-plot canvas');
  await openSection(frame, 'integral');
  await frame.locator('#root .section-calc-integral input[name="from"]').fill('0');
  await typeInto(frame, 'integral', 'to', 'pi', /5\.8696/);
  await shoot(wb, frame, 'integral', `calculus-integral-${theme}`, t);

  // An equation: its implicit derivatives.
  frame = await explainSelection(wb, 'x**2 + y**2 == 1', '.section-calc-implicit .badge');
  const implicit = await frame.locator('#root').innerText();
  assert.match(implicit, /-x ?\/ ?y/);
  await frame.evaluate(() => window.scrollTo(0, 0));
  await sleep(400);
  return wb.screenshot(`calculus-implicit-${theme}`);
}
