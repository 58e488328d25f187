import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  assignmentAround,
  derivativeName,
  functionParameters,
  displayMathEnd,
  latexOperator,
  latexSymbol,
  lineBelow,
  mergeInsertions,
  parameterVariable,
  plainOperator,
  splitSelection,
  operatorLatex,
  operatorPlain,
  valueAfter,
  type InsertionRequest,
} from '../../../src/extension/insertion';
import type { InsertionStyle } from '../../../src/extension/dialect';

/** Builds a request from a document with the selection marked «like this». */
function request(style: InsertionStyle, marked: string, result: string, extra: Partial<InsertionRequest['derivative']> = {}): InsertionRequest {
  const text = marked.replace('«', '').replace('»', '');
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };
  const startOffset = marked.indexOf('«');
  const endOffset = marked.indexOf('»') - 1;
  const selected = text.slice(startOffset, endOffset);
  const parts = splitSelection(selected, style);
  return {
    style,
    lines: text.split('\n'),
    start: position(startOffset + parts.start),
    end: position(startOffset + parts.end),
    ...(parts.assignment ? { assignment: parts.assignment } : {}),
    derivative: { result, operandLatex: ' x^{2}', wrt: 'x', order: 1, ...extra },
  };
}

describe('derivative names', () => {
  test('first order', () => assert.equal(derivativeName('y', 'x', 1), 'dy_dx'));
  test('higher order', () => assert.equal(derivativeName('y', 'x', 2), 'd2y_dx2'));
  test('other variable', () => assert.equal(derivativeName('y', 'sigma', 1), 'dy_dsigma'));
  test('LaTeX-named variable', () => assert.equal(derivativeName('f', '\\sigma', 3), 'd3f_dsigma3'));
  test('subscripted variable', () => assert.equal(derivativeName('y', 'x_{1}', 1), 'dy_dx_1'));
  test('plain operators', () => {
    assert.equal(plainOperator('x', 1), 'd/dx');
    assert.equal(plainOperator('t', 2), 'd^2/dt^2');
  });
  test('LaTeX symbols and operators', () => {
    assert.equal(latexSymbol('sigma'), '\\sigma');
    assert.equal(latexSymbol('\\theta'), '\\theta');
    assert.equal(latexSymbol('x_12'), 'x_{12}');
    assert.equal(latexSymbol('x_1'), 'x_1');
    assert.equal(latexSymbol('rate'), '\\mathit{rate}');
    assert.equal(latexOperator('x', 1), '\\frac{d}{dx}');
    assert.equal(latexOperator('x', 2), '\\frac{d^{2}}{dx^{2}}');
    assert.equal(latexOperator('sigma', 1), '\\frac{d}{d\\sigma}');
  });
});

describe('splitSelection', () => {
  test('trims whitespace', () => {
    assert.deepEqual(splitSelection('  x**2 ', 'python'), { expression: 'x**2', start: 2, end: 6 });
  });
  test('python assignment', () => {
    assert.deepEqual(splitSelection('y = np.sin(x)', 'python'), { expression: 'np.sin(x)', start: 4, end: 13, assignment: { name: 'y' } });
  });
  test('python annotated assignment', () => {
    assert.equal(splitSelection('y: float = x**2', 'python').assignment?.name, 'y');
  });
  test('python comparison and keyword arguments are not assignments', () => {
    assert.equal(splitSelection('x == 2', 'python').assignment, undefined);
    assert.equal(splitSelection('f(x, a=2)', 'python').assignment, undefined);
  });
  test('JS declaration with semicolon', () => {
    assert.deepEqual(splitSelection('const y = x * x;', 'javascript'), {
      expression: 'x * x',
      start: 10,
      end: 15,
      assignment: { name: 'y', keyword: 'const', semicolon: true },
    });
  });
  test('JS trailing semicolon alone', () => {
    assert.deepEqual(splitSelection('Math.sin(x);', 'javascript'), { expression: 'Math.sin(x)', start: 0, end: 11 });
  });
  test('JS arrow function is not an assignment; its expression is differentiated', () => {
    assert.deepEqual(splitSelection('x => x * x', 'javascript'), { expression: 'x * x', start: 5, end: 10, function: { head: 'x => ' } });
  });
  test('LaTeX delimiters are peeled off', () => {
    assert.deepEqual(splitSelection('$x^2$', 'markdown'), { expression: 'x^2', start: 1, end: 4 });
    assert.deepEqual(splitSelection('$$ x^2 $$', 'markdown'), { expression: 'x^2', start: 3, end: 6 });
    assert.deepEqual(splitSelection('\\[x^2\\]', 'latex'), { expression: 'x^2', start: 2, end: 5 });
    assert.deepEqual(splitSelection('\\(x^2\\)', 'latex'), { expression: 'x^2', start: 2, end: 5 });
  });
  test('two inline formulas are left alone', () => {
    assert.equal(splitSelection('$a$ and $b$', 'markdown').expression, '$a$ and $b$');
  });
  test('math assignment', () => {
    assert.deepEqual(splitSelection('$f(x) = x^2$', 'markdown'), { expression: 'x^2', start: 8, end: 11, assignment: { name: 'f(x)' } });
    assert.equal(splitSelection('x \\leq 2', 'latex').assignment, undefined);
    assert.equal(splitSelection('a = b = c', 'plain').assignment, undefined);
  });
  test('delimiters are not peeled in code', () => {
    assert.equal(splitSelection('$x$', 'python').expression, '$x$');
  });
});

describe('functions written as expressions', () => {
  test('their expression is differentiated, the head kept for the derivative', () => {
    assert.deepEqual(splitSelection('f = @(x) (x(1) - 1)^2 + x(2)^2;', 'matlab'), {
      expression: '(x(1) - 1)^2 + x(2)^2', start: 9, end: 30, assignment: { name: 'f', semicolon: true, function: { head: '@(x) ' } }, function: { head: '@(x) ' },
    });
    assert.deepEqual(splitSelection('f = lambda x: a * x**2', 'python').assignment, { name: 'f', function: { head: 'lambda x: ' } });
    assert.deepEqual(splitSelection('const f = (x) => x * x;', 'javascript').assignment, { name: 'f', keyword: 'const', semicolon: true, function: { head: '(x) => ' } });
    assert.deepEqual(splitSelection('f(x, a) = a*x^2', 'julia'), { expression: 'a*x^2', start: 10, end: 15, assignment: { name: 'f', function: { parameters: '(x, a)' } }, function: { parameters: '(x, a)' } });
    // a comparison in Julia is not a definition
    assert.equal(splitSelection('f(x) == 2', 'julia').assignment, undefined);
  });
  test('selected alone, the head is found before the expression', () => {
    assert.deepEqual(assignmentAround('    g = lambda t: ', '', 'python'), { name: 'g', function: { head: 'lambda t: ' } });
    assert.deepEqual(assignmentAround('g = @(t) ', ';', 'matlab'), { name: 'g', semicolon: true, function: { head: '@(t) ' } });
    assert.deepEqual(assignmentAround('g(t) = ', '', 'julia'), { name: 'g', function: { parameters: '(t)' } });
    assert.equal(assignmentAround('print(lambda t: ', ')', 'python'), undefined);
  });
  test('the derivative is a function of the same parameters', () => {
    assert.equal(lineBelow(request('matlab', '«f = @(x) x.^2 + sin(x);»', '2*x + cos(x)')).text, 'df_dx = @(x) 2*x + cos(x);');
    assert.equal(lineBelow(request('python', '«f = lambda x: x**3»', '3*x**2')).text, 'df_dx = lambda x: 3*x**2');
    assert.equal(lineBelow(request('python', 'f = lambda x: «x**3»', '3*x**2')).text, 'df_dx = lambda x: 3*x**2');
    assert.equal(lineBelow(request('python', 'f = «lambda x: x**3»', '3*x**2')).text, 'df_dx = lambda x: 3*x**2');
    assert.equal(lineBelow(request('javascript', '«const f = x => x * x;»', '2 * x')).text, 'const df_dx = x => 2 * x;');
    assert.equal(lineBelow(request('julia', '«f(x) = x^3»', '3x^2')).text, 'df_dx(x) = 3x^2');
    // Julia's anonymous function
    assert.equal(lineBelow(request('julia', '«f = x -> x^3»', '3x^2')).text, 'df_dx = x -> 3x^2');
    assert.deepEqual(splitSelection('(x, a) -> a*x^2', 'julia'), { expression: 'a*x^2', start: 10, end: 15, function: { head: '(x, a) -> ' } });
    // a Python def whose body is one return: written again as a def, on one line or two as selected
    assert.deepEqual(splitSelection('def f(x): return x**3', 'python'), { expression: 'x**3', start: 17, end: 21, assignment: { name: 'f', function: { parameters: '(x)', def: ' ' } }, function: { parameters: '(x)', def: ' ' } });
    assert.equal(lineBelow(request('python', '«def f(x): return x**3»', '3*x**2')).text, 'def df_dx(x): return 3*x**2');
    assert.equal(lineBelow(request('python', '«def f(x):\n    return x**3»', '3*x**2')).text, 'def df_dx(x):\n    return 3*x**2');
    assert.deepEqual(functionParameters(splitSelection('def f(x: float, a: float = 2.0) -> float: return a * x**3', 'python').function), ['x', 'a']);
  });
  test('a function of one parameter is differentiated by it without asking', () => {
    assert.equal(parameterVariable(splitSelection('f = lambda x: a * x**2', 'python').function, ['x', 'a']), 'x');
    assert.equal(parameterVariable(splitSelection('lambda x: a * x**2', 'python').function, ['x', 'a']), 'x');
    assert.equal(parameterVariable(splitSelection('f(x, a) = a*x^2', 'julia').function, ['x', 'a']), undefined);
    assert.equal(parameterVariable(splitSelection('y = a * x**2', 'python').function, ['x', 'a']), undefined);
    // the vector of entries x(1), x(2)
    assert.equal(parameterVariable(splitSelection('f = @(x) x(1)*x(2)', 'matlab').function, ['x', 'x(1)', 'x(2)']), 'x');
  });
});

describe('assignmentAround', () => {
  test('python right-hand side', () => {
    assert.deepEqual(assignmentAround('    y = ', '  # comment', 'python'), { name: 'y' });
    assert.equal(assignmentAround('print(', ')', 'python'), undefined);
    assert.equal(assignmentAround('y += ', '', 'python'), undefined);
    assert.equal(assignmentAround('y = ', ' + 1', 'python'), undefined);
  });
  test('JS right-hand side', () => {
    assert.deepEqual(assignmentAround('let y = ', ';', 'javascript'), { name: 'y', keyword: 'let', semicolon: true });
    assert.deepEqual(assignmentAround('y = ', '', 'javascript'), { name: 'y', semicolon: false });
    assert.deepEqual(assignmentAround('const y: number = ', '; // note', 'javascript'), { name: 'y', keyword: 'const', semicolon: true });
    assert.equal(assignmentAround('if (y === ', ')', 'javascript'), undefined);
  });
  test('MATLAB right-hand side, with or without ;', () => {
    assert.deepEqual(assignmentAround('y = ', '; % note', 'matlab'), { name: 'y', semicolon: true });
    assert.deepEqual(assignmentAround('y = ', '', 'matlab'), { name: 'y', semicolon: false });
    assert.equal(assignmentAround('y = ', ' + 1', 'matlab'), undefined);
  });
  test('not in math styles', () => assert.equal(assignmentAround('y = ', '', 'latex'), undefined));
});

describe('lineBelow', () => {
  test('python: right-hand side of an assignment', () => {
    assert.deepEqual(lineBelow(request('python', 'import numpy as np\ndef f(x):\n    y = «np.sin(x)**2»\n    return y', '2*np.sin(x)*np.cos(x)')), {
      afterLine: 2,
      text: '    dy_dx = 2*np.sin(x)*np.cos(x)',
    });
  });
  test('python: whole assignment selected, second order, other variable', () => {
    assert.deepEqual(lineBelow(request('python', '«y = sigma**3»', '6*sigma', { wrt: 'sigma', order: 2 })), { afterLine: 0, text: 'd2y_dsigma2 = 6*sigma' });
  });
  test('python: not an assignment gives a comment', () => {
    assert.deepEqual(lineBelow(request('python', '  print(«x**2»)', '2*x')), { afterLine: 0, text: '  # d/dx: 2*x' });
  });
  test('JS: same declaration keyword and semicolon', () => {
    assert.deepEqual(lineBelow(request('javascript', '  const y = «x * x»;', '2 * x')), { afterLine: 0, text: '  const dy_dx = 2 * x;' });
    assert.deepEqual(lineBelow(request('javascript', 'let y = «x * x»', '2 * x')), { afterLine: 0, text: 'let dy_dx = 2 * x' });
    assert.deepEqual(lineBelow(request('javascript', 'y = «x * x»;', '2 * x')), { afterLine: 0, text: 'dy_dx = 2 * x;' });
    assert.deepEqual(lineBelow(request('javascript', '«var y = Math.exp(t);»', 'Math.exp(t)', { wrt: 't' })), { afterLine: 0, text: 'var dy_dt = Math.exp(t);' });
  });
  test('C: the declaration repeated with its type (double where it has none), always with ;', () => {
    assert.deepEqual(lineBelow(request('c', '  const double y = «x * x»;', '2 * x')), { afterLine: 0, text: '  const double dy_dx = 2 * x;' });
    assert.deepEqual(lineBelow(request('c', 'y = «x*x»;', '2*x')), { afterLine: 0, text: 'double dy_dx = 2*x;' });
    assert.deepEqual(lineBelow(request('c', '«float y = sinf(t);»', 'cos(t)', { wrt: 't' })), { afterLine: 0, text: 'float dy_dt = cos(t);' });
    assert.deepEqual(lineBelow(request('c', 'f(«x*x»);', '2*x')), { afterLine: 0, text: '// d/dx: 2*x' });
    assert.deepEqual(splitSelection('static const double y = pow(x, 2);', 'c'), {
      expression: 'pow(x, 2)', start: 24, end: 33, assignment: { name: 'y', keyword: 'static const double', semicolon: true },
    });
    assert.equal(splitSelection('y == x', 'c').assignment, undefined);
  });
  test('JS: not an assignment gives a comment', () => {
    assert.deepEqual(lineBelow(request('javascript', 'f(«x * x»);', '2 * x')), { afterLine: 0, text: '// d/dx: 2 * x' });
  });
  test('JS: multi-line right-hand side', () => {
    assert.deepEqual(lineBelow(request('javascript', '  const y = «x *\n    x»;\nfoo();', '2 * x')), { afterLine: 1, text: '  const dy_dx = 2 * x;' });
  });
  test('LaTeX: display equation after the line', () => {
    assert.deepEqual(lineBelow(request('latex', 'We have $«x^2»$ here.\nNext.', '2 x')), {
      afterLine: 0,
      text: '\\[ \\frac{d}{dx} x^{2} = 2 x \\]',
    });
  });
  test('LaTeX: after the equation environment the selection is in', () => {
    const doc = '\\begin{equation}\n  «x^2»\n\\end{equation}\nText.';
    assert.deepEqual(lineBelow(request('latex', doc, '2 x')), { afterLine: 2, text: '  \\[ \\frac{d}{dx} x^{2} = 2 x \\]' });
  });
  test('LaTeX: second order', () => {
    assert.equal(lineBelow(request('latex', '«x^3»', '6 x', { order: 2 })).text, '\\[ \\frac{d^{2}}{dx^{2}} x^{2} = 6 x \\]');
  });
  test('Markdown: $$ equation, after the $$ block', () => {
    assert.deepEqual(lineBelow(request('markdown', 'Text $«x^2»$.', '2 x')), { afterLine: 0, text: '$$ \\frac{d}{dx} x^{2} = 2 x $$' });
    assert.deepEqual(lineBelow(request('markdown', '$$\n«x^2»\n$$\n', '2 x')), { afterLine: 2, text: '$$ \\frac{d}{dx} x^{2} = 2 x $$' });
  });
  test('MATLAB: assignment keeps its semicolon; otherwise a % comment', () => {
    assert.deepEqual(lineBelow(request('matlab', '  y = «x.^2»;', '2*x')), { afterLine: 0, text: '  dy_dx = 2*x;' });
    assert.deepEqual(lineBelow(request('matlab', '«y = sin(t)»', 'cos(t)', { wrt: 't' })), { afterLine: 0, text: 'dy_dt = cos(t)' });
    assert.deepEqual(lineBelow(request('matlab', 'plot(«x.^2»)', '2*x')), { afterLine: 0, text: '% d/dx: 2*x' });
  });
  test('Julia: assignment, otherwise a # comment', () => {
    assert.deepEqual(lineBelow(request('julia', 'y = «2x^2»', '4x')), { afterLine: 0, text: 'dy_dx = 4x' });
    assert.deepEqual(lineBelow(request('julia', 'f(«x^2»)', '2x')), { afterLine: 0, text: '# d/dx: 2x' });
  });
  test('plain', () => {
    assert.deepEqual(lineBelow(request('plain', '«x^2»', '2*x')), { afterLine: 0, text: 'd/dx: 2*x' });
    assert.deepEqual(lineBelow(request('plain', '  «y = t^3»', '6*t', { wrt: 't', order: 2 })), { afterLine: 0, text: '  d^2/dt^2: 6*t' });
  });
});

describe('displayMathEnd', () => {
  const at = (line: number, character: number) => ({ line, character });
  test('outside math', () => assert.equal(displayMathEnd(['$$a$$', 'x^2', '$$b$$'], at(1, 0), at(1, 3), 'markdown'), undefined));
  test('inside $$ on one line', () => assert.equal(displayMathEnd(['$$ x^2 $$'], at(0, 3), at(0, 6), 'markdown'), 0));
  test('inside \\[ … \\]', () => assert.equal(displayMathEnd(['\\[', 'x^2', '\\]'], at(1, 0), at(1, 3), 'latex'), 2));
  test('a \\\\[2pt] line break is not display math', () => assert.equal(displayMathEnd(['a \\\\[2pt]', 'x^2', '\\]'], at(1, 0), at(1, 3), 'latex'), undefined));
  test('commented delimiters are ignored in LaTeX', () => assert.equal(displayMathEnd(['% \\[', 'x^2', '\\]'], at(1, 0), at(1, 3), 'latex'), undefined));
  test('$$ in a code fence is ignored in Markdown', () => assert.equal(displayMathEnd(['```', '$$', '```', 'x^2', '$$'], at(3, 0), at(3, 3), 'markdown'), undefined));
  test('selection containing the whole block', () => assert.equal(displayMathEnd(['$$x^2$$'], at(0, 0), at(0, 7), 'markdown'), undefined));
});

describe('mergeInsertions', () => {
  test('same line combined in order, lines sorted', () => {
    assert.deepEqual(
      mergeInsertions([
        { afterLine: 3, text: 'b' },
        { afterLine: 1, text: 'a' },
        { afterLine: 3, text: 'c' },
      ]),
      [
        { afterLine: 1, texts: ['a'] },
        { afterLine: 3, texts: ['b', 'c'] },
      ],
    );
  });
});

describe('an evaluated derivative operator is answered with its value', () => {
  test('LaTeX and Markdown: ` = result` right after the selection, in the same math', () => {
    const derivative = { result: '3 x^{2} + 2 x', operandLatex: '(x^{3} + x^{2} + 1)', wrt: 'x', order: 1, operator: ['x'] };
    assert.equal(valueAfter('latex', derivative), ' = 3 x^{2} + 2 x');
    assert.equal(valueAfter('markdown', derivative), ' = 3 x^{2} + 2 x');
    assert.equal(valueAfter('latex', { ...derivative, operator: undefined }), undefined, 'a plain selection gets its display equation below');
    assert.equal(valueAfter('python', derivative), undefined, 'code gets a line below');
  });

  test('code: the value in the notation, bound to the assigned name or as a comment', () => {
    const operator = { operator: ['x'] };
    assert.deepEqual(lineBelow(request('python', 'd = «sp.diff(x**3, x)»', '3*x**2', operator)), { afterLine: 0, text: 'd = 3*x**2' });
    assert.deepEqual(lineBelow(request('python', '    print(«sp.diff(x**3, x)»)', '3*x**2', operator)), { afterLine: 0, text: '    # = 3*x**2' });
    assert.deepEqual(lineBelow(request('python', 'd = «sp.diff(x**3, x)»', '3*x**2')), { afterLine: 0, text: 'dd_dx = 3*x**2' }, 'without an operator: the derivative of the selection, named');
  });
});

test('an operator written in the selection is shown as written: its order, and partials when its variables differ', () => {
  assert.equal(operatorLatex(['x']), '\\frac{d}{dx}');
  assert.equal(operatorLatex(['x', 'x']), '\\frac{d^{2}}{dx^{2}}');
  assert.equal(operatorLatex(['x', 'y']), '\\frac{\\partial^{2}}{\\partial x \\partial y}');
  assert.equal(operatorPlain(['t', 't']), 'd^2/dt^2');
  assert.equal(operatorPlain(['x', 'y']), '∂^2/∂x∂y');
});
