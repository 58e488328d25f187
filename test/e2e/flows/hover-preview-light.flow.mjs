// Hover previews in a light theme (the math is drawn in the theme's hover colour).
import { hoverMath, hoverMatrix, hoverSelection } from './hover-preview.mjs';

export const name = 'Hover preview of a derivative, light theme';
export const folder = 'examples';
export const settings = { 'workbench.colorTheme': 'Default Light Modern' };

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, t) {
  await hoverSelection(wb, t, 'light');
  await hoverMath(wb, t, 'light');
  await hoverMatrix(wb, t, 'light');
}
