// The explanation panel's calculus sections in a dark theme: tangent line, critical points, Taylor
// polynomial, antiderivative and implicit derivative, each with a screenshot.
import { calculusSections } from './calculus-sections.mjs';

export const name = 'Calculus sections of the explanation panel, dark theme';
export const folder = 'test/e2e/fixtures/calculus';
export const settings = { 'workbench.colorTheme': 'Default Dark Modern' };

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, t) {
  await calculusSections(wb, t, 'dark');
}
