// A person opens examples/calculus.py, selects the right-hand side of `y = ...`, runs
// "Derivative: Differentiate Selection" from the command palette and sees the derivative below.
export const name = 'Differentiate Selection from the command palette (examples/calculus.py)';
export const folder = 'examples';
export const settings = { 'derivative.insertMode': 'belowSelection' };

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, { assert }) {
  await wb.openFile('calculus.py');
  await wb.selectText('np.sin(x)**2 * np.exp(-x)');
  const before = await wb.editorText();
  await wb.runCommand('Derivative: Differentiate Selection');
  const after = await wb.waitForEditorChange(before);
  await wb.screenshot('differentiate-selection');

  const lines = after.split('\n');
  const at = lines.findIndex((l) => l.trim() === 'y = np.sin(x)**2 * np.exp(-x)');
  assert.ok(at >= 0, `the original line is gone:\n${after}`);
  const inserted = lines[at + 1] ?? '';
  // d/dx sin²(x)·e^(−x) = 2 sin(x) cos(x) e^(−x) − sin²(x) e^(−x), in numpy notation
  // d/dx sin²(x)·e^(-x) = e^(-x)·(sin(2x) − sin²(x)), in numpy as the file writes it
  assert.match(inserted, /^dy_dx = .*np\.exp\(-x\)/, `unexpected line below the selection: "${inserted}"`);
  assert.match(inserted, /np\.sin\(2 \* x\)|np\.cos\(x\)/, `unexpected line below the selection: "${inserted}"`);
  assert.equal(lines.length, before.split('\n').length + 1, 'exactly one line is inserted');
}
