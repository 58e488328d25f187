import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, differentiate } from '../../../src/core/index';
import { hasTopLevelSum, scalarGradient, type Deriver } from '../../../src/extension/codeActions/gradient';
import { functionAt } from '../../../src/extension/codeActions/pythonFunction';
import { linesOf } from '../../../src/extension/hover/mathSpans';

/** The real core, as the extension's worker would answer. */
const core: Deriver = {
  freeSymbols: async (expression) => analyze(expression, 'python', { documentText: 'import numpy as np' }).freeSymbols,
  derivative: async (expression, wrt) => {
    const r = differentiate(expression, { dialect: 'python', wrt, documentText: 'import numpy as np' });
    return { text: r.result, verified: r.verified };
  },
};

test('intermediates are kept and their derivatives reused (chain rule, as a person writes it)', async () => {
  const fn = functionAt(linesOf('def loss(x, a):\n    r = a*x - 1\n    s = np.sin(r)\n    return s**2 + a\n'), 0)!;
  const g = await scalarGradient(fn, 'x', core);
  assert.equal(g.name, 'loss_grad');
  assert.equal(g.verified, true);
  const lines = g.text.split('\n');
  assert.equal(lines[0], 'def loss_grad(x, a):');
  assert.ok(lines.includes('    r = a*x - 1'));
  assert.ok(lines.includes('    dr_dx = a'), g.text);
  assert.ok(lines.includes('    s = np.sin(r)'));
  assert.ok(lines.some((l) => /^ {4}ds_dx = np\.cos\(r\)\*dr_dx$/.test(l)), g.text);
  assert.match(lines.at(-1)!, /^ {4}return 2\*s\*ds_dx$/);
  assert.match(g.text, /"""Derivative of loss with respect to x\./);
});

test('with respect to another parameter; intermediates that do not depend on it get no derivative', async () => {
  const fn = functionAt(linesOf('def f(x, k):\n    u = x**2\n    return k*u'), 0)!;
  const g = await scalarGradient(fn, 'k', core);
  assert.equal(g.name, 'f_grad_k');
  assert.doesNotMatch(g.text, /du_dk/);
  assert.match(g.text.split('\n').at(-1)!, /return u$/);
});

test('a function that does not depend on the parameter returns 0', async () => {
  const fn = functionAt(linesOf('def f(x, k): return x**2'), 0)!;
  assert.match((await scalarGradient(fn, 'k', core)).text.split('\n').at(-1)!, /return 0$/);
});

test('sums are parenthesized before a product', () => {
  assert.equal(hasTopLevelSum('x + 1'), true);
  assert.equal(hasTopLevelSum('-x*y'), false);
  assert.equal(hasTopLevelSum('x*(y - 1)'), false);
  assert.equal(hasTopLevelSum('1e-3*x'), false);
  assert.equal(hasTopLevelSum('x**-2'), false);
});
