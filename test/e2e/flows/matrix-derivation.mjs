// Shared by the matrix-derivation flows (one per colour theme): a student explains a ridge-regression
// loss and reads the derivation; an ML engineer turns a Jacobian to denominator layout and reads a
// logistic gradient with its sigmoid named. Screenshots go to test-artifacts/derivation-<theme>.png,
// layout-toggle-<theme>-{before,after}.png and named-form-<theme>.png.
import { panelFrame } from './explain-panel.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 * @param {string} theme
 */
export async function ridgeDerivation(wb, { assert }, theme) {
  await wb.page.setViewportSize({ width: 1500, height: 1050 });
  // the first Quick Open of a fresh workspace may list nothing while the file search starts
  await wb.openFile('ridge.py').catch(async () => {
    await wb.page.keyboard.press('Escape');
    await sleep(2000);
    await wb.openFile('ridge.py');
  });
  await wb.page.keyboard.press('Control+B'); // hide the side bar: room for the editor and the panel
  await wb.selectText('np.sum((X @ w - y)**2) + lam * w @ w');
  await wb.runCommand('Derivative: Explain Derivative');
  const frame = await panelFrame(wb.page, '.section-matrix ol.derivation li.step');
  await sleep(600); // fonts settle
  const lines = frame.locator('#root ol.derivation > li.step');
  assert.ok((await lines.count()) >= 6, 'index form, rules, identity, deltas, collection, matrix notation');
  assert.equal(await frame.locator('#root .katex-error').count(), 0, 'every formula rendered');
  const derivation = await frame.locator('#root ol.derivation').innerText();
  assert.match(derivation, /product rule/);
  assert.match(derivation, /vector identity/);
  assert.match(derivation, /Kronecker delta/);
  assert.match(derivation, /λ/, 'lam typeset as λ in the derivation');
  assert.doesNotMatch(derivation, /\blam\b/, 'never as "lam"');
  const convention = await frame.locator('#root .convention').innerText();
  assert.match(convention, /not on the left is summed/, 'the summation convention, stated once');
  // the shape table typesets the name as the result does, with the source's spelling beside it
  assert.match(await frame.locator('#root table.shape-table').innerText(), /λ\s*lam/);
  // the heading just below the panel's sticky toolbar
  await frame.locator('#root .section-matrix h3', { hasText: 'Derivation in index notation' }).evaluate((el) => { el.scrollIntoView(); window.scrollBy(0, -90); });
  await sleep(300);
  await wb.screenshot(`derivation-${theme}`);
}

/**
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 * @param {string} theme
 */
export async function layoutToggle(wb, { assert }, theme) {
  // keys pressed while the webview has focus may never reach the workbench: click the code editor
  await wb.page.locator('.editor-group-container .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
  await wb.page.keyboard.press('Control+1');
  await wb.page.keyboard.press('Control+Home');
  await wb.selectText('np.tanh(W @ x)');
  await wb.runCommand('Derivative: Explain Derivative');
  const frame = await panelFrame(wb.page, '[data-control="layout"]');
  await frame.locator('#root .section-result', { hasText: 'W / (np.cosh(W @ x)**2)[:, None]' }).waitFor();
  await sleep(400);
  assert.equal(await frame.locator('#root .katex-error').count(), 0, 'every formula rendered');
  await frame.locator('#root [data-control="layout"]').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await sleep(300);
  await wb.screenshot(`layout-toggle-${theme}-before`);
  await frame.locator('#root [data-control="layout"]').click();
  await frame.locator('#root .section-result', { hasText: 'W.T / np.cosh(W @ x)**2' }).waitFor({ timeout: 30_000 });
  await sleep(400);
  const text = await frame.locator('#root').innerText();
  assert.match(text, /Switch to Numerator layout/, 'the toggle now offers the other layout');
  assert.doesNotMatch(text, /W \/ \(np\.cosh\(W @ x\)\*\*2\)\[:, None\]/, 'no numerator-layout formula is left');
  const last = await frame.locator('#root ol.derivation > li.step').last().innerText();
  assert.match(last, /Denominator layout/, 'the derivation ends in the layout chosen');
  await frame.locator('#root [data-control="layout"]').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await sleep(300);
  await wb.screenshot(`layout-toggle-${theme}-after`);
  // the choice is remembered in the user settings, which later flows share: switch back
  await frame.locator('#root [data-control="layout"]').click();
  await frame.locator('#root .section-result', { hasText: 'W / (np.cosh(W @ x)**2)[:, None]' }).waitFor({ timeout: 30_000 });
}

/**
 * A gradient whose sigmoid repeats: the Result shows it named ("where s = σ(Xw)", its lines with Copy
 * and Insert named form) above the one expression. Screenshot named-form-<theme>.png.
 * @param {import('../ui.mjs').Workbench} wb
 * @param {{ assert: typeof import('node:assert/strict') }} t
 * @param {string} theme
 */
export async function namedForm(wb, { assert }, theme) {
  await wb.page.locator('.editor-group-container .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
  await wb.page.keyboard.press('Control+1');
  await wb.page.keyboard.press('Control+Home');
  await wb.selectText('np.sum((1 / (1 + np.exp(-X @ w)) - y)**2)');
  await wb.runCommand('Derivative: Explain Derivative');
  const frame = await panelFrame(wb.page, '[data-control="insert-named"]');
  await sleep(600); // fonts settle
  assert.equal(await frame.locator('#root .katex-error').count(), 0, 'every formula rendered');
  const result = await frame.locator('#root .section-result').innerText();
  assert.match(result, /where\s*s\s*=\s*σ/, 'the rendered form: where s = σ(Xw)');
  assert.ok(result.includes('s = 1 / (1 + np.exp(-X @ w))\n2 * X.T @ (s * (1 - s) * (s - y))'), `the named lines: ${result}`);
  assert.match(result, /As one expression/);
  assert.match(result, /Insert named form/);
  await frame.locator('#root .section-result').evaluate((el) => { el.scrollIntoView(); window.scrollBy(0, -90); });
  await sleep(300);
  await wb.screenshot(`named-form-${theme}`);
}
