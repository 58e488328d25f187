import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routeSelection } from '../../../src/core/index';
import { functionAt, type PythonFunction } from '../../../src/extension/codeActions/pythonFunction';
import { linesOf } from '../../../src/extension/hover/mathSpans';

const read = (text: string, line = 0) => functionAt(linesOf(text), line);
/** How Generate gradient function chooses the engine: the core's route of any statement. */
const matrixFunction = (fn: PythonFunction) => fn.statements.some((s) => routeSelection(s.expression, 'python').engine === 'matrix');

test('a one-line function with statements separated by semicolons', () => {
  const fn = read('def loss(w, X, y): r = X @ w - y; return r @ r');
  assert.ok(fn);
  assert.equal(fn.name, 'loss');
  assert.deepEqual(fn.params, ['w', 'X', 'y']);
  assert.deepEqual(fn.statements, [
    { kind: 'assign', name: 'r', expression: 'X @ w - y' },
    { kind: 'return', expression: 'r @ r' },
  ]);
  assert.equal(fn.lastLine, 0);
  assert.equal(matrixFunction(fn), true);
});

test('an indented body with a docstring, comments, annotations, augmented assignment and a continued line', () => {
  const text = [
    'class Model:',
    '    def energy(self, x: float, k: float = 2.0) -> float:',
    '        """Spring energy.',
    '',
    '        With a comment # not a comment',
    '        """',
    '        # stretch',
    '        s: float = x - 1  # offset',
    '        s **= 2',
    '        return (k * s +',
    '                np.sin(x))',
    '',
    '    def other(self): pass',
  ].join('\n');
  const fn = read(text, 1);
  assert.ok(fn);
  assert.deepEqual(fn.params, ['self', 'x', 'k']);
  assert.equal(fn.indent, '    ');
  assert.equal(fn.bodyIndent, '        ');
  assert.equal(fn.lastLine, 10);
  assert.deepEqual(fn.statements, [
    { kind: 'assign', name: 's', expression: 'x - 1' },
    { kind: 'assign', name: 's', expression: 's ** (2)' },
    { kind: 'return', expression: '(k * s + np.sin(x))' },
  ]);
  assert.equal(matrixFunction(fn), false);
});

test('only on the signature', () => {
  const text = 'def f(x):\n    y = x**2\n    return y\n';
  assert.ok(read(text, 0));
  assert.equal(read(text, 1), undefined, 'in the body');
  assert.ok(read('def f(x,\n      a):\n    return a*x', 1), 'a signature over two lines');
});

test('bodies that are not only assignments and a return are refused', () => {
  assert.equal(read('def f(x):\n    if x > 0:\n        return x\n    return -x'), undefined);
  assert.equal(read('def f(x):\n    print(x)\n    return x'), undefined);
  assert.equal(read('def f(x):\n    y = x\n'), undefined, 'no return');
  assert.equal(read('def f(*args):\n    return args[0]'), undefined, '*args');
  assert.equal(read('def f(x):\n    return x\n    y = 2'), undefined, 'code after return');
});
