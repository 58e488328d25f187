// Sums print in the order the user wrote their terms (src/core/termOrder.ts, layout.ts orderedTerms):
// the derivative of each written term where it was written, in every notation, for the input shown,
// higher orders and derivative operators; the tree itself stays canonical.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, differentiate, type Dialect } from '../../../src/core/index';
import { add, sym } from '../../../src/core/expr';
import { call } from '../../../src/core/functions';
import { toPlain } from '../../../src/core/dialects';
import { read } from '../../../src/core/dialects';
import { writtenOrder } from '../../../src/core/termOrder';
import { withTermOrigins } from '../../../src/core/dialects/layout';

const plain = (source: string, order = 1) => differentiate(source, { dialect: 'plain', order, explain: false });

test('each written term\'s derivative where the term was written (the issue\'s cases)', () => {
  assert.equal(plain('sin(x) + x^3').plain, 'cos(x) + 3*x^2');
  assert.equal(plain('2*x + x^3/3 + tan(x)').plain, '2 + x^2 + sec(x)^2');
  // 3*x*cos(x) collects x*cos(x) of the first term and 2*x*cos(x) of the second: it stays with the first
  assert.equal(plain('x*sin(x) + cos(x)*x^2').plain, 'sin(x) + 3*x*cos(x) - x^2*sin(x)');
  assert.equal(plain('1 + x + x^2').plain, '1 + 2*x');
  assert.equal(plain('exp(x) - x^2 + log(x)').plain, 'exp(x) - 2*x + 1/x');
});

test('the input as shown keeps its written order too', () => {
  const r = plain('sin(x) + x^3');
  assert.equal(r.input.plain, 'sin(x) + x^3');
  assert.equal(r.input.latex, '\\sin(x) + x^{3}');
  assert.equal(analyze('sin(x) + x^3', 'plain').plain, 'sin(x) + x^3');
});

test('a positive term leads as in the reading order, unless the user led with a minus', () => {
  assert.equal(plain('cos(x) + x^2').plain, '2*x - sin(x)');
  assert.equal(plain('x^2*cos(x) + x').plain, '2*x*cos(x) - x^2*sin(x) + 1');
  assert.equal(plain('-x^3 + sin(x)').plain, '-3*x^2 + cos(x)');
  assert.equal(plain('-x^4 + 2*x^2 - 1').plain, '-4*x^3 + 4*x');
});

test('an even power of the written sum held negated prints the sum as written', () => {
  // (2*x - 3)^2 is held as (3 - 2*x)^2 (one orientation of an even power's base): every sign differs
  // from the written one, and the even power allows the written one back
  assert.equal(plain('(2*x - 3)^3').plain, '6*(2*x - 3)^2');
  assert.equal(plain('(x - 1)^3').plain, '3*(x - 1)^2');
  assert.equal(plain('(1 - x)^3').plain, '-3*(1 - x)^2');
  // no sum was written (1 - x): the derivative's -6*x and 3 match x and -1 only by chance, the 3 is not a 1
  assert.equal(plain('x^3 - 3*x^2 + 3*x').plain, '3*(x - 1)^2');
  assert.equal(plain('1/(2*x - 3)').plain, '-2/(2*x - 3)^2');
  assert.equal(differentiate('(2*x - 3)^3', { dialect: 'latex', explain: false }).result, '6 (2 x - 3)^{2}');
});

test('names in products keep the order the user wrote them in', () => {
  const by = (source: string, wrt: string, dialect: 'plain' | 'python' | 'latex' = 'plain') => differentiate(source, { dialect, wrt, explain: false }).result;
  assert.equal(by('m*g*h', 'h'), 'm*g');
  assert.equal(by('0.5*m*v^2 + m*g*h', 'v'), 'm*v');
  assert.equal(by('a * np.exp(-b * t) * np.cos(w * t + phi)', 't', 'python'), '-a * np.exp(-b * t) * (b * np.cos(w * t + phi) + w * np.sin(w * t + phi))');
  assert.equal(by('\\rho g h A', 'h', 'latex'), '\\rho g A');
  // written both ways round, or in no product together: the alphabet
  assert.equal(by('w*t + t*w*x', 'x'), 't*w');
  assert.equal(by('b*x + sin(a*x)', 'x'), 'b + a*cos(a*x)');
  // a divisor's names do not order the numerator's
  assert.equal(by('x*y/(b*a)', 'x'), 'y/(b*a)');
});

test('|u| and sign(u) of a written sum keep the written orientation, unless it has more minus signs', () => {
  // |x − a| is held as |a − x|: one orientation of ±u, chosen without knowing the variable
  const byX = (source: string) => differentiate(source, { dialect: 'plain', wrt: 'x', explain: false }).plain;
  assert.equal(byX('abs(x - a)'), 'sign(x - a)');
  assert.equal(byX('abs(a - x)'), '-sign(a - x)');
  assert.equal(differentiate('abs(y - x)', { dialect: 'plain', wrt: 'y', explain: false }).plain, 'sign(y - x)');
  assert.equal(byX('exp(-abs(x - mu)/b)/(2*b)'), '-sign(x - mu)*exp(-abs(x - mu)/b)/(2*b^2)');
  assert.equal(byX('abs(x - a)^3'), '3*abs(x - a)*(x - a)');
  assert.equal(differentiate('np.abs(x - a)', { dialect: 'python', wrt: 'x', explain: false }).result, 'np.sign(x - a)');
  // −x³ − 7a written: the sum with fewer minus signs stays
  assert.equal(byX('abs(-x^3 - 7*a)'), '3*x^2*sign(x^3 + 7*a)');
});

test('a sum held negated, or matching the input only in part, keeps the reading order', () => {
  assert.equal(differentiate('(y - w*x - b)^2', { dialect: 'plain', wrt: 'w', explain: false }).plain, '2*x*(w*x + b - y)');
  assert.equal(plain('log(1 - x)').plain, '1/(x - 1)');
  // the numerator shares x^2, x and 1 with x^2 + x + 1 but not x^4 and x^3: it is not that sum
  assert.equal(plain('(x^3 + 3)/(x^2 + x + 1)').plain, '(x^4 + 2*x^3 + 3*x^2 - 6*x - 3)/(x^2 + x + 1)^2');
  // (x^3 + 2)/(x^2 + x + 1)'s numerator has the root 1: it comes out as a factor
  assert.equal(plain('(x^3 + 2)/(x^2 + x + 1)').plain, '(x - 1)*(x^3 + 3*x^2 + 6*x + 2)/(x^2 + x + 1)^2');
});

test('every notation prints the same order (numpy\'s 1/cos(x)**2 for sec(x)^2 included)', () => {
  assert.equal(differentiate('2*x + x**3/3 + np.tan(x)', { dialect: 'python', explain: false }).result, '2 + x**2 + 1/np.cos(x)**2');
  assert.equal(differentiate('\\sin(x) + x^3', { dialect: 'latex', explain: false }).result, '\\cos(x) + 3 x^{2}');
  assert.equal(differentiate('sin(x) + x.^3', { dialect: 'matlab', explain: false }).result, 'cos(x) + 3*x.^2');
  assert.equal(differentiate('Math.sin(x) + x**3', { dialect: 'javascript', explain: false }).result, 'Math.cos(x) + 3 * x ** 2');
  assert.equal(differentiate('sin.(x) + x.^3', { dialect: 'julia', explain: false }).result, 'cos.(x) + 3*x.^2');
  assert.equal(differentiate('sin(x) + x^3', { dialect: 'julia', explain: false }).result, 'cos(x) + 3*x^2');
});

test('higher orders and derivative operators follow the input', () => {
  assert.equal(plain('sin(x) + x^3', 2).plain, '6*x - sin(x)');
  assert.equal(plain('x^3 - sin(x)', 2).plain, '6*x + sin(x)');
  const operator = differentiate('\\frac{d}{dx}(\\sin(x) + x^3)', { dialect: 'latex', explain: false });
  assert.equal(operator.plain, 'cos(x) + 3*x^2');
  assert.equal(operator.input.plain, 'sin(x) + x^3');
});

test('a sum inside the result follows the sum it came from', () => {
  // the argument as written, and the chain rule's factor as the derivative of its terms
  assert.equal(plain('sin(x^3 + x)').plain, 'cos(x^3 + x)*(3*x^2 + 1)');
  assert.equal(plain('sin(x + x^3)').plain, 'cos(x + x^3)*(1 + 3*x^2)');
});

test('a single term keeps the reading order (degree first, a positive term first)', () => {
  assert.equal(plain('x*sin(x)').plain, 'x*cos(x) + sin(x)');
  assert.equal(plain('x*log(x)').plain, 'log(x) + 1');
});

test('the tree stays canonical: only printing follows the written order', () => {
  const written = writtenOrder(read('sin(x) + x', 'plain').syn, ['x']);
  assert.ok(written);
  const sum = add(call('sin', [sym('x')]), sym('x'));
  assert.equal(toPlain(sum), 'x + sin(x)');
  assert.equal(withTermOrigins(written.at(0), () => toPlain(sum)), 'sin(x) + x');
  assert.equal(toPlain(sum), 'x + sin(x)');
});

test('an input without a sum has no written order; a large one is not followed', () => {
  assert.equal(writtenOrder(read('x*sin(x)', 'plain').syn, ['x']), undefined);
  const long = Array.from({ length: 150 }, (_, i) => `sin(${i + 1}*x)`).join(' + ');
  assert.equal(writtenOrder(read(long, 'plain').syn, ['x']), undefined);
});

test('a negative number in front is taken into a sum when that writes one minus sign fewer', () => {
  const d = (source: string) => differentiate(source, { dialect: 'plain', wrt: 'x', explain: false }).plain;
  assert.equal(d('log((1 + x)/(1 - x))'), '2/(1 - x^2)');
  assert.equal(d('exp(-x/2)*log(x^2 + 1)'), 'exp(-x/2)*(4*x/(x^2 + 1) - log(x^2 + 1))/2');
  // turning x + 1 would write two minus signs for the one it saves
  assert.equal(d('log(1/(x + 1))'), '-1/(x + 1)');
  // an even power has no sign to take
  assert.equal(d('(b - x)^4'), '4*(x - b)^3');
});

test('sums give their signs to the product where that writes fewer minus signs: -(x + 4)/x^3, not (-x - 4)/x^3', () => {
  const d = (source: string, dialect: Dialect = 'plain') => differentiate(source, { dialect, wrt: 'x', explain: false }).result;
  assert.equal(d('(x + 2)/x^2'), '-(x + 4)/x^3');
  assert.equal(d('(x+2)/x**2', 'python'), '-(x + 4)/x**3');
  assert.equal(d('\\frac{x+2}{x^2}', 'latex'), '-\\frac{x + 4}{x^{3}}');
  // one negative term of two: the sign stays in the sum (-(x - 1) would write as many minus signs)
  assert.equal(d('x*exp(-x)*2'), '2*exp(-x)*(1 - x)');
  assert.equal(d('1/(x^2 + x + 1)'), '-(2*x + 1)/(x^2 + x + 1)^2');
  // two sums turned together: was 2*(x^2 + 1)^2*(-8*x^2 + 3*x - 2)*(1 - 2*x)
  assert.equal(d('(x^2+1)^3*(2*x-1)^2'), '2*(x^2 + 1)^2*(2*x - 1)*(8*x^2 - 3*x + 2)');
  // as many minus signs either way: in front rather than leading the sum (was 2*exp(-x^2)*(-4*x^4 + 12*x^2 - 3))
  const third = (source: string) => differentiate(source, { dialect: 'plain', wrt: 'x', order: 3, explain: false }).result;
  assert.equal(third('x*exp(-x^2)'), '-2*exp(-x^2)*(4*x^4 - 12*x^2 + 3)');
  assert.equal(third('x^2*exp(-x)'), '-exp(-x)*(x^2 - 6*x + 6)');
  // a product inside a sum too, its sign becoming the sum's subtraction: was -cos(x)*(x^2 - 6) - 6*x*sin(x)
  assert.equal(third('x^2*sin(x)'), 'cos(x)*(6 - x^2) - 6*x*sin(x)');
  // no minus in front of a sum that starts with one: a polynomial's leading coefficient positive
  // (was -3*(-35*x^4 + 140*x^3 + 70*x^2 + 28*x + 5)/…, fewer minus signs but one negating the other)
  const fourth = differentiate('sqrt(x)/(1+x)', { dialect: 'plain', wrt: 'x', order: 4, explain: false }).result;
  assert.equal(fourth, '3*(35*x^4 - 140*x^3 - 70*x^2 - 28*x - 5)/(16*x^(7/2)*(1 + x)^5)');
  // and a sum that turning leaves with as many minus signs gives one to the front (was 4*exp(-x^2)*(-8*x^6 + 60*x^4 - 90*x^2 + 15))
  const fifth = differentiate('x*exp(-x^2)', { dialect: 'plain', wrt: 'x', order: 5, explain: false }).result;
  assert.equal(fifth, '-4*exp(-x^2)*(8*x^6 - 60*x^4 + 90*x^2 - 15)');
});
