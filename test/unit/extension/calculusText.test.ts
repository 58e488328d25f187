// What the calculus commands read from their prompts and write below a selection, per notation.
// The results are the core's own (computed here by the core), the lines asserted as literal text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { criticalPoints, implicit, integrate, tangent, taylor } from '../../../src/core/index';
import {
  answerBelow, calculusAnswer, criticalAnswer, equationAsDifference, equationSpan, implicitAnswer, integralAnswer, isEquation, pointProblem, readInterval, readOrder, selectsWrittenIntegral, tangentAnswer, taylorAnswer,
} from '../../../src/extension/calculusText';
import { ENGLISH_WORDS } from '../../support/answerWords';

const WORDS = ENGLISH_WORDS;

/** The line below `line`'s `selected` text. */
function below(answer: Parameters<typeof answerBelow>[0], style: Parameters<typeof answerBelow>[1]['style'], line: string, selected: string) {
  const start = line.indexOf(selected);
  return answerBelow(answer, { style, lines: [line], start: { line: 0, character: start }, end: { line: 0, character: start + selected.length } }).text;
}

test('points: numbers and exact constants pass as typed; names, stray characters and open brackets are named', () => {
  for (const ok of ['0', '-2', '1/3', 'pi/4', 'π/6', '2e-3', 'sqrt(2)/2', 'e', '-pi']) assert.equal(pointProblem(ok), undefined, ok);
  assert.deepEqual(pointProblem(''), { kind: 'empty' });
  assert.deepEqual(pointProblem('x + 1'), { kind: 'name', name: 'x' });
  assert.deepEqual(pointProblem('2 # 3'), { kind: 'character', character: '#' });
  assert.deepEqual(pointProblem('sqrt(2'), { kind: 'brackets' });
  assert.deepEqual(pointProblem('pi/'), { kind: 'incomplete' });
  assert.deepEqual(readInterval('[0, pi]'), { from: '0', to: 'pi' });
  assert.deepEqual(readInterval('-π, π'), { from: '-pi', to: 'pi' });
  assert.deepEqual(readInterval('0 1'), { problem: { kind: 'ends' } });
  // an integral's bounds may be infinite; a search interval may not
  assert.deepEqual(readInterval('0, inf', true), { from: '0', to: 'inf' });
  assert.deepEqual(readInterval('-∞, ∞', true), { from: '-∞', to: '∞' });
  assert.deepEqual(readInterval('0, inf'), { problem: { kind: 'name', name: 'inf' } });
  assert.equal(readOrder(' 7 ', 20), 7);
  assert.equal(readOrder('21', 20), undefined);
  assert.equal(readOrder('2.5', 20), undefined);
});

test('equations: what is one, where it is in the selection, and F − (G) for its symbols', () => {
  for (const yes of ['x^2 + y^2 = 1', 'x**2 + y**2 == 1', 'Eq(x**2 + y**2, 1)', 'x^3 + y^3 = 6*x*y', 'sin(x*y) = x']) assert.equal(isEquation(yes), true, yes);
  for (const no of ['y = x^2', 'f(x) = x^2', 'x^2 + 1', 'const y = x * x', 'x <= 1', 'a = b = c']) assert.equal(isEquation(no), false, no);
  assert.deepEqual(equationSpan('  $x^2 + y^2 = 1$ ', 'latex'), { start: 3, end: 16 });
  assert.deepEqual(equationSpan('x*x + y*y === 1;', 'javascript'), { start: 0, end: 15 });
  assert.equal(equationAsDifference('t^2 + s^2 = 1'), 't^2 + s^2 - (1)');
});

test('tangent line: y = … in plain and LaTeX, an assignment under one in code, a comment otherwise', () => {
  const plain = tangentAnswer(tangent('x^3 - 3*x', { notation: 'plain', at: 2 }), 'plain', WORDS);
  assert.equal(below(plain, 'plain', 'x^3 - 3*x', 'x^3 - 3*x'), 'y = 9*x - 16');
  assert.equal(plain.replacement, '9*x - 16');
  const latex = tangentAnswer(tangent('x^3 - 3x', { notation: 'latex', at: 2 }), 'latex', WORDS);
  assert.equal(below(latex, 'latex', 'The curve $x^3 - 3x$.', 'x^3 - 3x'), '\\[ y = 9 x - 16 \\]');
  const py = tangentAnswer(tangent('x**3 - 3*x', { notation: 'python', at: 2 }), 'python', WORDS);
  assert.equal(below(py, 'python', '    f = x**3 - 3*x', 'x**3 - 3*x'), '    f_tangent = 9*x - 16');
  assert.equal(below(py, 'python', 'print(x**3 - 3*x)', 'x**3 - 3*x'), '# tangent at x = 2: y = 9*x - 16');
  const js = tangentAnswer(tangent('x ** 3 - 3 * x', { notation: 'javascript', at: 2 }), 'javascript', WORDS);
  assert.equal(below(js, 'javascript', 'const f = x ** 3 - 3 * x;', 'x ** 3 - 3 * x'), `const f_tangent = ${js.value};`);
});

test('Taylor polynomial: the remainder as O(…) in math, as a trailing comment in code', () => {
  const py = taylorAnswer(taylor('np.sin(x)', { notation: 'python', order: 5 }), 'python', WORDS);
  assert.equal(below(py, 'python', 'y = np.sin(x)', 'np.sin(x)'), 'y_taylor = x - x**3/6 + x**5/120  # + O(x**6)');
  assert.equal(below(py, 'python', 'plot(np.sin(x))', 'np.sin(x)'), '# Taylor polynomial of order 5 at x = 0: x - x**3/6 + x**5/120 + O(x**6)');
  assert.equal(py.replacement, 'x - x**3/6 + x**5/120');
  const plain = taylorAnswer(taylor('exp(x)', { notation: 'plain', order: 3 }), 'plain', WORDS);
  assert.equal(below(plain, 'plain', 'exp(x)', 'exp(x)'), 'exp(x) = 1 + x + x^2/2 + x^3/6 + O(x^4)');
});

test('implicit derivative: dy/dx = … in math, dy_dx = … in code', () => {
  const plain = implicitAnswer(implicit('x^2 + y^2 = 1', { notation: 'plain' }), 'plain');
  assert.equal(below(plain, 'plain', 'x^2 + y^2 = 1', 'x^2 + y^2 = 1'), 'dy/dx = -x/y');
  const md = implicitAnswer(implicit('x^2 + y^2 = 1', { notation: 'latex' }), 'markdown');
  assert.equal(below(md, 'markdown', '$x^2 + y^2 = 1$', 'x^2 + y^2 = 1'), '$$ \\frac{dy}{dx} = -\\frac{x}{y} $$');
  const py = implicitAnswer(implicit('x**2 + y**2 == 1', { notation: 'python' }), 'python');
  assert.equal(below(py, 'python', 'x**2 + y**2 == 1', 'x**2 + y**2 == 1'), 'dy_dx = -x/y');
});

test('integrals: the antiderivative without + C in code, the equation in math; none found writes nothing', { timeout: 30_000 }, () => {
  const py = integralAnswer(integrate('x*np.cos(x)', { notation: 'python' }), 'python', WORDS)!;
  assert.equal(below(py, 'python', 'g = x*np.cos(x)', 'x*np.cos(x)'), 'g_integral = x*np.sin(x) + np.cos(x)');
  assert.equal(below(py, 'python', 'x*np.cos(x)', 'x*np.cos(x)'), '# antiderivative: x*np.sin(x) + np.cos(x) + C');
  const latex = integralAnswer(integrate('x^2', { notation: 'latex', from: 0, to: 1 }), 'latex', WORDS)!;
  assert.equal(below(latex, 'latex', '$x^2$', 'x^2'), '\\[ \\int_{0}^{1} x^{2} \\, dx = \\frac{1}{3} \\]');
  assert.equal(latex.replacement, '\\frac{1}{3}');
  const none = integrate('exp(x)/x', { notation: 'plain' });
  assert.equal(none.found, false);
  assert.equal(integralAnswer(none, 'plain', WORDS), undefined);
});

test('a written integral in LaTeX or Markdown is answered right after it: = value, = value ± error, = F + C', { timeout: 30_000 }, () => {
  const after = (source: string, style: 'latex' | 'markdown' = 'latex') => integralAnswer(integrate(source, { notation: 'latex' }), style, WORDS)!.after;
  assert.equal(`\\int_0^1 x^2 \\, dx${after('\\int_0^1 x^2 \\, dx')}`, '\\int_0^1 x^2 \\, dx = \\frac{1}{3}');
  assert.equal(after('\\int_{0}^{\\pi} x^2 \\sin x \\,\\mathrm{d}x', 'markdown'), ' = \\pi^{2} - 4');
  assert.equal(`\\int x e^x dx${after('\\int x e^x dx')}`, '\\int x e^x dx = e^{x} (x - 1) + C');
  assert.equal(after('\\int \\frac{1}{1+x^2}\\, dx'), ' = \\arctan(x) + C');
  // no antiderivative (the exponential integral): the quadrature's value and its error
  const numeric = integrate('\\int_1^2 \\frac{e^x}{x} \\, dx', { notation: 'latex' });
  assert.equal(numeric.definite?.exact, undefined);
  const written = /^ = ([\d.]+) \\pm (\d(?:\.\d)?) \\times 10\^\{(-\d+)\}$/.exec(integralAnswer(numeric, 'latex', WORDS)!.after ?? '');
  assert.ok(written, 'value ± error in LaTeX');
  assert.equal(Number(written[1]), numeric.definite!.value);
  assert.ok(Math.abs(numeric.definite!.value - 3.0591165396459) < 1e-9, 'Ei(2) − Ei(1)');
  assert.equal(Number(`${written[2]}e${written[3]}`), Number(numeric.definite!.errorEstimate.toPrecision(2)));
  // the integrand alone, or code, keeps the line below
  assert.equal(integralAnswer(integrate('x^2', { notation: 'latex', from: 0, to: 1 }), 'latex', WORDS)!.after, undefined);
  assert.equal(selectsWrittenIntegral('\\int_0^1 x^2 \\, dx', 'markdown'), true);
  assert.equal(selectsWrittenIntegral('\\int_0^1 x^2 \\, dx', 'python'), false);
  assert.equal(selectsWrittenIntegral('  \\int x \\, dx', 'latex'), true);
  assert.equal(selectsWrittenIntegral('\\frac{d}{dx} x^2', 'latex'), false);
  assert.equal(selectsWrittenIntegral('\\interval', 'latex'), false);
  assert.equal(selectsWrittenIntegral('x^2', 'latex'), false);
});

test('critical points: one line listing each with its kind, never in place of the expression', () => {
  const plain = criticalAnswer(criticalPoints('x^3 - 3*x', { notation: 'plain' }), 'plain', WORDS)!;
  assert.equal(plain.replacement, undefined);
  assert.equal(below(plain, 'plain', 'x^3 - 3*x', 'x^3 - 3*x'), 'critical points on [-10, 10]: x = -1 (maximum), x = 1 (minimum)');
  const js = criticalAnswer(criticalPoints('x ** 2', { notation: 'javascript' }), 'javascript', WORDS)!;
  assert.equal(below(js, 'javascript', 'const f = x ** 2;', 'x ** 2'), '// critical points on [-10, 10]: x = 0 (minimum)');
  assert.equal(criticalAnswer(criticalPoints('x', { notation: 'plain' }), 'plain', WORDS), undefined);
});

test('calculusAnswer: the one entry the commands and the panel\'s sections write through, per operation', () => {
  const line = 'f = x ** 3 - 3 * x;';
  const t = tangent('x ** 3 - 3 * x', { notation: 'javascript', at: 2 });
  assert.equal(below(calculusAnswer('tangent', t, 'javascript', WORDS)!, 'javascript', line, 'x ** 3 - 3 * x'), below(tangentAnswer(t, 'javascript', WORDS), 'javascript', line, 'x ** 3 - 3 * x'));
  const p = taylor('Math.exp(x)', { notation: 'javascript', order: 3 });
  assert.equal(below(calculusAnswer('taylor', p, 'javascript', WORDS)!, 'javascript', 'const f = Math.exp(x);', 'Math.exp(x)'), 'const f_taylor = 1 + x + x ** 2/2 + x ** 3/6;  // + O(x ** 4)');
  assert.equal(below(calculusAnswer('taylor', p, 'javascript', WORDS)!, 'javascript', 'plot(Math.exp(x));', 'Math.exp(x)'), '// Taylor polynomial of order 3 at x = 0: 1 + x + x ** 2/2 + x ** 3/6 + O(x ** 4)');
  const m = implicit('x^2 + y^2 = 1', { notation: 'latex' });
  assert.equal(below(calculusAnswer('implicit', m, 'markdown', WORDS)!, 'markdown', '$x^2 + y^2 = 1$', 'x^2 + y^2 = 1'), '$$ \\frac{dy}{dx} = -\\frac{x}{y} $$');
  assert.equal(calculusAnswer('integrate', integrate('exp(x)/x', { notation: 'plain' }), 'plain', WORDS), undefined, 'nothing to write');
  assert.equal(calculusAnswer('critical', criticalPoints('x', { notation: 'plain' }), 'plain', WORDS), undefined);
});
