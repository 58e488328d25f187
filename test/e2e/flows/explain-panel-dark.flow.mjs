// The explanation panel in a dark theme: screenshots of a scalar and a matrix example.
import { explainMatrix, explainScalar } from './explain-panel.mjs';

export const name = 'Explain Derivative panel, dark theme';
export const folder = 'examples';
export const settings = { 'workbench.colorTheme': 'Default Dark Modern' };

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, t) {
  await explainScalar(wb, t, 'dark');
  await explainMatrix(wb, t, 'dark');
}
