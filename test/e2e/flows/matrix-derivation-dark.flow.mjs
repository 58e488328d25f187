// The matrix derivation and the layout toggle in a dark theme (screenshots derivation-dark,
// layout-toggle-dark-before and -after, named-form-dark).
import { layoutToggle, namedForm, ridgeDerivation } from './matrix-derivation.mjs';

export const name = 'Matrix derivation and layout toggle, dark theme';
export const folder = 'test/e2e/fixtures/derivation';
export const settings = { 'workbench.colorTheme': 'Default Dark Modern' };

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, t) {
  await ridgeDerivation(wb, t, 'dark');
  await layoutToggle(wb, t, 'dark');
  await namedForm(wb, t, 'dark');
}
