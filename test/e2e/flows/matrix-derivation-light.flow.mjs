// The matrix derivation and the layout toggle in a light theme (screenshots derivation-light,
// layout-toggle-light-before and -after, named-form-light).
import { layoutToggle, namedForm, ridgeDerivation } from './matrix-derivation.mjs';

export const name = 'Matrix derivation and layout toggle, light theme';
export const folder = 'test/e2e/fixtures/derivation';
export const settings = { 'workbench.colorTheme': 'Default Light Modern' };

/** @param {import('../ui.mjs').Workbench} wb */
export async function run(wb, t) {
  await ridgeDerivation(wb, t, 'light');
  await layoutToggle(wb, t, 'light');
  await namedForm(wb, t, 'light');
}
