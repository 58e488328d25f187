// Shared by the explain-panel flows (one per colour theme): a person selects an expression, runs
// "Derivative: Explain Derivative" from the command palette, and looks at the panel beside the
// editor. Screenshots go to test-artifacts/explain-<example>-<theme>.png (and explain-scalar-<theme>-steps.png).

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The frame that holds the panel's page (webviews are nested iframes), once it shows `selector`. */
export async function panelFrame(page, selector, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const found = await frame.$(`#root ${selector}`).catch(() => null);
      if (found) return frame;
    }
    if (Date.now() > deadline) throw new Error(`the explanation panel did not show ${selector} within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

/**
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 */
export async function explainScalar(wb, { assert }, theme) {
  await wb.page.setViewportSize({ width: 1500, height: 1050 });
  await wb.openFile('calculus.py');
  await wb.page.keyboard.press('Control+B'); // hide the side bar: room for the editor and the panel
  await wb.selectText('np.sin(x)**2 * np.exp(-x)');
  await wb.runCommand('Derivative: Explain Derivative');
  const frame = await panelFrame(wb.page, '.section-plot canvas');
  await frame.locator('#root .section-steps li.step').first().waitFor();
  await sleep(600); // fonts and the plot settle
  const text = await frame.locator('#root').innerText();
  assert.match(text, /np\.exp\(-x\)/, 'the result in numpy notation');
  assert.match(text, /Verified numerically/);
  assert.equal(await frame.locator('#root .katex-error').count(), 0, 'every formula rendered');
  // The tangent point moves with the keyboard.
  const slider = frame.locator('#root input[type=range]');
  const before = await frame.locator('#root .plot-readout').innerText();
  await slider.focus();
  for (let i = 0; i < 40; i++) await slider.press('ArrowRight');
  const after = await frame.locator('#root .plot-readout').innerText();
  assert.notEqual(after, before, 'the values at the tangent point follow the slider');
  // The steps as a textbook writes them: rule names, identities with their parts, the simplification last.
  const steps = await frame.locator('#root .section-steps').innerText();
  assert.match(steps, /Product rule/);
  assert.match(steps, /, with /);
  assert.match(steps, /Simplification — /);
  await frame.locator('#root .section-steps').evaluate((el) => el.scrollIntoView());
  await sleep(200);
  await wb.screenshot(`explain-scalar-${theme}-steps`);
  await frame.evaluate(() => window.scrollTo(0, 0));
  await sleep(200);
  return wb.screenshot(`explain-scalar-${theme}`);
}

/**
 * The Jacobian of a layer in examples/matrix.py: the shape table, the index form and the layouts.
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 */
export async function explainMatrix(wb, { assert }, theme) {
  // keys pressed while the panel's webview has focus may never reach the workbench: click the
  // code editor first, as a person would, then go back to its group
  await wb.page.locator('.editor-group-container .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
  await wb.page.keyboard.press('Control+1'); // back to the editor group (the panel stays beside it)
  await wb.openFile('matrix.py');
  await wb.selectText('np.tanh(W @ x + b)');
  await wb.runCommand('Derivative: Explain Derivative');
  const frame = await panelFrame(wb.page, '.section-matrix table.shape-table');
  await sleep(600);
  const text = await frame.locator('#root').innerText();
  assert.match(text, /Jacobian/);
  assert.match(text, /W \/ \(np\.cosh\(W @ x \+ b\)\*\*2\)\[:, None\]/);
  assert.equal(await frame.locator('#root .katex-error').count(), 0, 'every formula rendered');
  await frame.evaluate(() => window.scrollTo(0, 0));
  await sleep(200);
  const top = await wb.screenshot(`explain-matrix-${theme}`);
  await frame.locator('#root .section-matrix').evaluate((el) => el.scrollIntoView());
  await sleep(200);
  await wb.screenshot(`explain-matrix-${theme}-working`);
  return top;
}

/**
 * After a window reload the panel comes back with what it showed (the serializer restores it).
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 */
export async function reloadRestores(wb, { assert }, expected) {
  const before = await wb.page.evaluate(() => performance.timeOrigin);
  await wb.runCommand('Developer: Reload Window');
  await sleep(3000); // the old page goes away first
  await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  assert.notEqual(await wb.page.evaluate(() => performance.timeOrigin), before, 'the window reloaded');
  const frame = await panelFrame(wb.page, '.section-result', 60_000);
  const text = await frame.locator('#root').innerText();
  assert.match(text, expected, 'the restored panel shows the same explanation');
}
