// Shared by the With Respect To… flows (one per colour theme): a person selects the Gaussian in
// examples/calculus.py (three variables), runs "Derivative: Differentiate Selection With Respect
// To…" from the command palette, picks sigma, looks at the one pick that holds the orders and,
// below them, the placements; picks a placement (the pick comes back with it), then the first order.
// Screenshots: test-artifacts/wrt-variable-<theme>.png, wrt-order-<theme>.png.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const GAUSSIAN = 'np.exp(-(x - mu)**2 / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi))';

/** Labels and descriptions of the open quick pick's rows, once it lists every one of `labels` (the rows are re-rendered as a new list replaces the last). */
async function rowsOnceListed(wb, labels, timeoutMs = 20_000) {
  const rows = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row:not(.monaco-tree-sticky-row)');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entries = await rows.evaluateAll((els) =>
      els.map((el) => ({ label: (el.querySelector('.label-name')?.textContent ?? '').trim(), description: (el.querySelector('.label-description')?.textContent ?? '').trim() })),
    );
    if (labels.every((label) => entries.some((e) => e.label === label))) return entries;
    if (Date.now() > deadline) throw new Error(`the quick pick did not list ${labels.join(', ')} (listed: ${entries.map((e) => e.label).join(' | ') || 'nothing'})`);
    await sleep(100);
  }
}

/**
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 */
export async function withRespectTo(wb, { assert }, theme) {
  await wb.openFile('calculus.py');
  await wb.selectText(GAUSSIAN);
  const before = await wb.editorText();
  await wb.runCommand('Derivative: Differentiate Selection With Respect To…');

  const variables = await rowsOnceListed(wb, ['x', 'mu', 'sigma']);
  assert.deepEqual(variables.map((e) => e.label).sort(), ['mu', 'sigma', 'x'], 'the variables, and only them');
  await sleep(300);
  await wb.screenshot(`wrt-variable-${theme}`);
  await wb.pickQuickInputEntry((row) => row.label === 'sigma', 'the variable sigma');

  const placements = ['Below the selection', 'Replace the selection', 'Copy to the clipboard'];
  let rows = await rowsOnceListed(wb, ['d/dsigma', 'd^2/dsigma^2', ...placements]);
  const labels = rows.map((e) => e.label);
  assert.deepEqual(labels.slice(0, 2), ['d/dsigma', 'd^2/dsigma^2'], `the orders first: ${labels.join(' | ')}`);
  assert.deepEqual(labels.slice(-3), placements, `the placements in the same pick, after the orders: ${labels.join(' | ')}`);
  assert.ok(await wb.page.locator('.quick-input-widget').getByText('Where the derivative goes').first().isVisible(), 'the placements under their heading');
  await sleep(300);
  await wb.screenshot(`wrt-order-${theme}`);

  // a placement shows the pick again, every order saying where it goes
  await wb.pickQuickInputEntry((row) => row.label === 'Below the selection', 'Below the selection');
  await sleep(300);
  rows = await rowsOnceListed(wb, ['d/dsigma', ...placements]);
  assert.equal(rows.find((e) => e.label === 'd/dsigma')?.description, 'Below the selection');
  await wb.pickQuickInputEntry((row) => row.label === 'd/dsigma', 'the first order');

  // the editor's text can change before the insertion (it is read from the rendered lines): wait for it
  const deadline = Date.now() + 20_000;
  let after = before;
  while (!after.includes('dgaussian_dsigma') && Date.now() < deadline) {
    await sleep(200);
    after = await wb.editorText();
  }
  const lines = after.split('\n');
  const at = lines.findIndex((l) => l.startsWith('gaussian = '));
  assert.match(lines[at + 1] ?? '', /^dgaussian_dsigma = /, `the derivative below the selection:\n${after}`);
}
