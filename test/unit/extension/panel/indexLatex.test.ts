// Index notation from the matrix engine as LaTeX for the panel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexToLatex } from '../../../../src/extension/panel/indexLatex';

test('subscripts are grouped, deltas and partials become commands', () => {
  assert.equal(indexToLatex('x_a A_ab x_b'), 'x_{a} A_{ab} x_{b}');
  assert.equal(indexToLatex('A_ab x_b δ_ak'), 'A_{ab} x_{b} \\delta_{ak}');
  assert.equal(indexToLatex('∂X_ab/∂X_kl = δ_ak δ_bl'), '\\partial X_{ab}/\\partial X_{kl} = \\delta_{ak} \\delta_{bl}');
});

test('functions upright, Greek by name, products implicit, powers', () => {
  assert.equal(indexToLatex('2*W_ik (1 - tanh(W_ij x_j)**2)'), '2 W_{ik} (1 - \\operatorname{tanh}(W_{ij} x_{j})^2)');
  assert.equal(indexToLatex('sigma_i'), '\\sigma_{i}');
});

test('LaTeX special characters cannot act', () => {
  assert.equal(indexToLatex('\\href{javascript:alert(1)}{x}'), '\\mathrm{hrefjavascript}:\\mathrm{alert}(1)x');
});
