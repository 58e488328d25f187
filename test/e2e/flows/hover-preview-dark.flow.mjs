// Hover previews in a dark theme: a selection in Python, math in Markdown.
import { hoverMath, hoverMatrix, hoverSelection } from './hover-preview.mjs';

export const name = 'Hover preview of a derivative, dark theme';
export const folder = 'examples';
export const settings = { 'workbench.colorTheme': 'Default Dark Modern' };

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, t) {
  await hoverSelection(wb, t, 'dark');
  await hoverMath(wb, t, 'dark');
  await hoverMatrix(wb, t, 'dark');
}
