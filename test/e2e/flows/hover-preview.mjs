// Shared by the hover flows (one per colour theme): a person selects an expression and shows the
// hover with the keyboard (Ctrl+K Ctrl+I), then moves into math in Markdown and does the same.
// Screenshots: test-artifacts/hover-selection-<theme>.png, hover-math-<theme>.png, hover-matrix-<theme>.png.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The visible hover that holds our derivative, once its math image has loaded. */
async function derivativeHover(wb, { image = true } = {}) {
  const hover = wb.page.locator('.monaco-hover:visible', { hasText: 'Insert below' }).first();
  await hover.waitFor({ timeout: 20_000 });
  if (image) {
    const img = hover.locator('img[src^="data:image/svg+xml;base64,"]').first();
    await img.waitFor({ timeout: 20_000 });
    await wb.page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 10_000 });
  }
  return hover;
}

/**
 * Ctrl+K Ctrl+I until our hover shows (the first one may arrive before MathJax has loaded). `place`
 * selects the text or puts the cursor before each try: the Escape that closes a failed try also
 * clears the editor's selection.
 */
async function showHover(wb, place) {
  for (let attempt = 0; ; attempt++) {
    await place();
    await wb.page.keyboard.press('Control+K');
    await wb.page.keyboard.press('Control+I');
    try {
      return await derivativeHover(wb);
    } catch (error) {
      if (attempt >= 3) throw error;
      await wb.page.keyboard.press('Escape');
      await sleep(500);
    }
  }
}

/**
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 */
export async function hoverSelection(wb, { assert }, theme) {
  await wb.openFile('calculus.py');
  const hover = await showHover(wb, () => wb.selectText('np.sin(x)**2 * np.exp(-x)'));
  const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
  assert.match(text, /np\.exp\(-x\)/, 'the derivative as numpy code');
  assert.match(text, /Verified numerically/);
  assert.match(text, /Insert below/);
  assert.match(text, /Replace/);
  const box = await hover.locator('img').first().boundingBox();
  assert.ok(box && box.width > 100 && box.height > 15, `the math is drawn at a readable size (${box?.width}×${box?.height})`);
  await sleep(300);
  const shot = await wb.screenshot(`hover-selection-${theme}`);
  await wb.page.keyboard.press('Escape');
  return shot;
}

/**
 * Math in examples/notes.md, hovered without selecting it.
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 */
export async function hoverMath(wb, { assert }, theme) {
  await wb.openFile('notes.md');
  const hover = await showHover(wb, async () => {
    await wb.selectText('t^{3} \\ln(t)');
    await wb.page.keyboard.press('ArrowLeft'); // a cursor inside the math, no selection
  });
  const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
  assert.match(text, /\\ln/, 'the derivative as LaTeX code');
  await sleep(300);
  const shot = await wb.screenshot(`hover-math-${theme}`);
  await wb.page.keyboard.press('Escape');
  return shot;
}

/**
 * Vector and matrix input in examples/matrix.py (the matrix engine).
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 */
export async function hoverMatrix(wb, { assert }, theme) {
  await wb.openFile('matrix.py');
  const hover = await showHover(wb, () => wb.selectText('x.T @ A @ x'));
  const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
  assert.match(text, /\(A \+ A\.T\) @ x/, 'the gradient in numpy');
  assert.match(text, /Gradient with respect to x/);
  await sleep(300);
  const shot = await wb.screenshot(`hover-matrix-${theme}`);
  await wb.page.keyboard.press('Escape');
  return shot;
}
