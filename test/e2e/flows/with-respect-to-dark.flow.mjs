// With Respect To… in a dark theme: the variable pick, then the one order-and-placement pick.
import { withRespectTo } from './with-respect-to.mjs';

export const name = 'Differentiate Selection With Respect To…: variable, then order and placement in one pick, dark theme (examples/calculus.py)';
export const folder = 'examples';
export const settings = { 'workbench.colorTheme': 'Default Dark Modern', 'derivative.insertMode': 'belowSelection' };

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, t) {
  await withRespectTo(wb, t, 'dark');
}
