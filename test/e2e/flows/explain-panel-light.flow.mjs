// The explanation panel in a light theme: screenshots of a scalar and a matrix example; the panel
// comes back after a window reload.
import { explainMatrix, explainScalar, reloadRestores } from './explain-panel.mjs';

export const name = 'Explain Derivative panel, light theme';
export const folder = 'examples';
export const settings = { 'workbench.colorTheme': 'Default Light Modern' };

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, t) {
  await explainScalar(wb, t, 'light');
  await explainMatrix(wb, t, 'light');
  await reloadRestores(wb, t, /W \/ \(np\.cosh\(W @ x \+ b\)\*\*2\)\[:, None\]/);
}
