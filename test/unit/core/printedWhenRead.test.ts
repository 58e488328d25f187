// A derivative's input and LaTeX are printed when first read (index.ts, operators.ts): every way a
// result leaves the core (the worker's structured clone, JSON, a spread copy) still carries them, in
// the order the user wrote the terms.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { differentiate, DerivativeResult } from '../../../src/core/index';

const INPUT = { plain: 'sin(x) + x^3', latex: '\\sin(x) + x^{3}', latexOperand: '(\\sin(x) + x^{3})' };

/** `value` as the other end of a worker's port receives it (structured clone). */
function throughPort<T>(value: T): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (received: T) => { port1.close(); port2.close(); resolve(received); });
    port1.postMessage(value);
  });
}

test('a derivative carries its input and LaTeX through the worker port, JSON and a spread copy', async () => {
  const fresh = () => differentiate('sin(x) + x^3', { dialect: 'plain', explain: false });
  const copies: DerivativeResult[] = [
    await throughPort(fresh()),
    JSON.parse(JSON.stringify(fresh())) as DerivativeResult,
    { ...fresh() },
    structuredClone(fresh()),
  ];
  for (const r of copies) {
    assert.deepEqual(r.input, INPUT);
    assert.equal(r.latex, '\\cos(x) + 3 x^{2}');
    assert.equal(r.plain, 'cos(x) + 3*x^2');
    assert.deepEqual(Object.keys(r).slice(0, 5), ['input', 'result', 'plain', 'latex', 'wrt']);
  }
});

test('a derivative read twice prints once and gives the same input', () => {
  const r = differentiate('sin(x) + x^3', { dialect: 'plain', explain: false });
  assert.equal(r.input, r.input);
  assert.deepEqual(r.input, INPUT);
});

test('a derivative operator carries its operand and LaTeX through the worker port', async () => {
  const r = await throughPort(differentiate('sp.diff(sin(x) + x**3, x, 2)', { dialect: 'python', explain: false }));
  assert.deepEqual(r.input, INPUT);
  assert.equal(r.latex, '6 x - \\sin(x)');
  assert.equal(r.result, '6 * x - sp.sin(x)');
});
