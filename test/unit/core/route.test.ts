// The one scalar-or-matrix decision (src/core/route.ts), as the CLI, commands, hovers, code actions
// and the panel all get it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, differentiate, InputError, routeReading, routeSelection } from '../../../src/core/index';
import { read } from '../../../src/core/dialects';

const matrix = (dialect: string) => ({ engine: 'matrix', dialect });
const scalar = { engine: 'scalar' };

test('array operations or declared shapes make matrix calculus, in the notation of the dialect', () => {
  assert.deepEqual(routeSelection('x.T @ A @ x', 'python'), matrix('python'));
  assert.deepEqual(routeSelection('np.sin(x)**2', 'python'), scalar);
  assert.deepEqual(routeSelection('np.exp(w)', 'python', { documentText: '# w: (n,)\ny = np.exp(w)\n', selectionOffset: 10 }), matrix('python'));
  assert.deepEqual(routeSelection("x'*A*x", 'matlab'), matrix('matlab'));
  assert.deepEqual(routeSelection('x.^2', 'matlab'), scalar);
  assert.deepEqual(routeSelection('\\|x\\|^2', 'latex'), matrix('latex'));
  assert.deepEqual(routeSelection('x^{2}', 'latex'), scalar);
  assert.deepEqual(routeSelection('x', 'matrix'), matrix('matrix'));
  assert.deepEqual(routeSelection('x ** 2', 'javascript', { vars: { x: { shape: ['n'] } } }), scalar, 'JavaScript has no matrix notation');
});

test('the CLI asking with shapes or a layout asks for matrix calculus', () => {
  assert.deepEqual(routeSelection('np.sin(x)', 'python', { vars: { x: { shape: ['n'] } } }), matrix('python'));
  assert.deepEqual(routeSelection('x^2', 'plain', { layout: 'denominator' }), matrix('matrix'));
});

test('plain math: array operations, else what has no scalar meaning but checks as shapes, is MatrixCalculus.org notation', () => {
  assert.deepEqual(routeSelection("x'*A*x", 'plain'), matrix('matrix'));
  assert.deepEqual(routeSelection('tr(X)', 'plain'), matrix('matrix'), 'tr has no scalar meaning; the shapes check');
  assert.deepEqual(routeSelection('x^2 + sin(x)', 'plain'), scalar);
});

test('the decision is made on the one reading: unreadable input is refused once, where it is wrong', () => {
  assert.throws(() => routeSelection('2*(x+', 'plain'), (e: Error) => e instanceof InputError && /column/.test(e.message));
  assert.throws(() => routeSelection('x.T @', 'python'), InputError);
  const reading = read('x.T @ A @ x', 'python');
  assert.deepEqual(routeReading(reading), matrix('python'));
  assert.deepEqual(routeReading(read('np.sin(x)**2', 'python')), scalar);
});

test('every entry gives the same answer: analyze says the engine, differentiate carries the matrix working only for matrix input', () => {
  const documentText = 'import numpy as np\n# x: (n,), A: (n, n)\nq = x.T @ A @ x\n';
  const context = { documentText, selectionOffset: documentText.indexOf('x.T') };
  assert.equal(analyze('x.T @ A @ x', 'python', context).engine, 'matrix');
  const answer = differentiate('x.T @ A @ x', { dialect: 'python', ...context });
  assert.equal(answer.matrix?.kind, 'gradient');
  assert.equal(answer.matrix?.detail.kind, 'gradient');
  assert.equal(answer.result, answer.matrix?.detail.result);
  assert.ok(answer.matrix?.detail.index.steps.length, 'explained by default: the working comes along');
  assert.deepEqual(answer.freeSymbols, ['x', 'A']);
  assert.equal(analyze('x**2', 'python').engine, 'scalar');
  assert.equal(differentiate('x**2', { dialect: 'python', layout: 'denominator' }).matrix, undefined, 'a layout alone does not make scalar input matrix calculus');
  assert.ok(differentiate('x**2', { dialect: 'python', matrix: true }).matrix, 'asked for matrix calculus, it is');
});
