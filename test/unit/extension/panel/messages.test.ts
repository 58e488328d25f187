// Messages between the extension and the panel's webview are validated on arrival.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPanelModel, parseFromWebview, parsePanelState, parseToWebview } from '../../../../src/shared/panelMessages';

test('well-formed webview messages pass, with only their own fields', () => {
  assert.deepEqual(parseFromWebview({ type: 'insert', extra: '<script>' }), { type: 'insert' });
  assert.deepEqual(parseFromWebview({ type: 'setOrder', order: 2 }), { type: 'setOrder', order: 2 });
  assert.deepEqual(parseFromWebview({ type: 'copy', field: 'result' }), { type: 'copy', field: 'result' });
  assert.deepEqual(parseFromWebview({ type: 'setVariable', wrt: 'sigma' }), { type: 'setVariable', wrt: 'sigma' });
  assert.deepEqual(parseFromWebview({ type: 'setLayout', layout: 'denominator' }), { type: 'setLayout', layout: 'denominator' });
});

test('malformed webview messages are refused', () => {
  for (const bad of [
    null,
    'insert',
    [],
    { type: 'unknown' },
    { type: 'setOrder', order: 7 },
    { type: 'setOrder', order: '2' },
    { type: 'setVariable', wrt: 'x); alert(1' },
    { type: 'copy', field: 'document' },
    { type: 'setFollow', follow: 'yes' },
    { type: 'setLayout', layout: 'transposed' },
    { type: 'rendered', renderId: 1, report: { kind: 'scalar' } },
  ]) {
    assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
  }
});

const scalar = {
  kind: 'scalar',
  source: 'x^2',
  dialectLabel: 'plain',
  documentName: 'a.txt',
  input: { plain: 'x^2', latex: 'x^{2}', latexOperand: ' x^{2}' },
  variables: ['x'],
  wrt: 'x',
  order: 1,
  result: { code: '2*x', plain: '2*x', latex: '2 x', operatorLatex: '\\frac{d}{dx}' },
  verification: { verified: true, method: 'm', points: 6, maxRelError: 1e-15 },
  steps: [
    { kind: 'rule', rule: 'power', name: 'Power rule', identityLatex: "(u^{n})' = n \\cdot u^{n - 1} \\cdot u'", substitutionsLatex: 'u = x,\\; n = 2', substitutedLatex: '\\frac{d}{dx} x^{2} = 2 \\cdot x^{1} \\cdot 1 = 2 x', depth: 0, order: 1 },
    { kind: 'simplification', rule: 'simplify', name: 'Simplification', note: 'pulled out a common factor', identityLatex: '', substitutionsLatex: '', substitutedLatex: 'x + x = 2 x', factorLatex: 'x', depth: 0, order: 1 },
  ],
  canInsert: true,
};

test('models are checked before the webview renders them', () => {
  assert.equal(isPanelModel(scalar), true);
  assert.equal(isPanelModel({ ...scalar, steps: [{ rule: 1 }] }), false);
  assert.equal(isPanelModel({ ...scalar, steps: [{ ...scalar.steps[0], kind: 'lemma' }] }), false, 'a step is a rule or the simplification');
  assert.equal(isPanelModel({ ...scalar, steps: [{ ...scalar.steps[0], substitutedLatex: undefined }] }), false);
  assert.equal(isPanelModel({ ...scalar, kind: 'other' }), false);
  assert.equal(isPanelModel({ ...scalar, warnings: ['read `xy` as one name'] }), true, 'notes on the reading');
  assert.equal(isPanelModel({ ...scalar, warnings: [1] }), false);
  assert.equal(isPanelModel({ kind: 'error', source: '<img>', dialectLabel: 'plain', documentName: 'a', message: 'm', column: 1 }), true);
  assert.ok(parseToWebview({ type: 'render', renderId: 3, follow: false, model: scalar }));
  assert.equal(parseToWebview({ type: 'render', renderId: 3, follow: false, model: { ...scalar, result: {} } }), undefined);
  assert.equal(parseToWebview({ type: 'click', control: 'delete-everything' }), undefined);
});

test('saved state keeps what is well-formed', () => {
  const state = parsePanelState({ follow: true, model: scalar, origin: { uri: 'file:///a.txt', start: 0, end: 3, order: 1 } });
  assert.equal(state?.follow, true);
  assert.equal(state?.model?.kind, 'scalar');
  assert.equal(state?.origin?.end, 3);
  assert.equal(parsePanelState({ follow: false, model: { kind: 'bad' } })?.model, undefined);
  assert.equal(parsePanelState(undefined), undefined);
});

const matrix = {
  kind: 'matrix',
  source: 'lam * w @ w',
  dialectLabel: 'Python',
  documentName: 'a.py',
  input: { plain: "lam*w'*w", latex: '\\lambda w^\\top w', latexOperand: '(\\lambda w^\\top w)' },
  variables: ['w', 'lam'],
  wrt: 'w',
  order: 1,
  resultKind: 'gradient',
  shape: 'n',
  result: { code: '2 * lam * w', latex: '2 \\lambda w', operatorLatex: '\\frac{\\partial}{\\partial w}' },
  layout: { current: 'numerator', note: 'gradient, shaped like w (n).' },
  shapes: [{ name: 'lam', latex: '\\lambda', shape: 'scalar', role: 'symbol' }],
  convention: 'an index on the right that is not on the left is summed',
  derivation: [{ text: 'The expression in index form:', latex: 'f = \\lambda\\, w_{a}\\, w_{a}', identities: [] }],
  numpy: '2 * lam * w',
  einsum: '2 * lam * w',
  gradientCheck: 'import numpy as np',
  verification: { verified: true, method: 'central differences', points: 4, maxRelError: 1e-9 },
  canInsert: true,
};

test('a matrix model carries its derivation lines and typeset names, each checked', () => {
  assert.equal(isPanelModel(matrix), true);
  assert.equal(isPanelModel({ ...matrix, derivation: [{ text: 'x', latex: 'f' }] }), false, 'a line without its identities');
  assert.equal(isPanelModel({ ...matrix, derivation: [{ text: 'x', latex: 'f', identities: [1] }] }), false, 'identities are LaTeX strings');
  assert.equal(isPanelModel({ ...matrix, shapes: [{ name: 'lam', shape: 'scalar', role: 'symbol' }] }), false, 'a shape row without its typeset name');
  assert.equal(isPanelModel({ ...matrix, convention: undefined }), false);
});
