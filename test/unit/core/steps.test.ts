// The explanation's textbook steps (src/core/steps.ts): rule name, identity with the actual parts
// substituted, the result; trivial steps folded; one simplification step per order saying what it did.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import katex from 'katex';
import { differentiate, type Step } from '../../../src/core/index';
import { parse } from '../../../src/core/dialects';
import { simplify } from '../../../src/core/simplify';
import { whatSimplified } from '../../../src/core/steps';

const steps = (source: string, options: { order?: number; wrt?: string } = {}) => differentiate(source, { dialect: 'plain', ...options }).steps;
const rules = (list: Step[]) => list.filter((s) => s.kind === 'rule');

test('product rule on x^2*sin(x): one step with u = x^2, v = sin(x) substituted; x\' = 1 folded into the steps that use it', () => {
  const list = steps('x^2*sin(x)');
  assert.deepEqual(list.map((s) => [s.kind, s.rule, s.depth]), [['rule', 'product', 0], ['rule', 'power', 1], ['rule', 'sin', 1], ['simplification', 'simplify', 0]]);
  const [product, power, sine] = list;
  assert.equal(product.identity, "(u*v)' = u'*v + u*v'");
  assert.equal(product.identityLatex, "(u \\cdot v)' = u' \\cdot v + u \\cdot v'");
  assert.equal(product.substitutions, 'u = x^2, v = sin(x)');
  assert.equal(product.substitutionsLatex, 'u = x^{2},\\; v = \\sin(x)');
  assert.equal(product.substituted, 'd/dx[x^2*sin(x)] = 2*x*sin(x) + x^2*cos(x)');
  assert.equal(product.substitutedLatex, '\\frac{d}{dx}[x^{2} \\sin(x)] = 2 x \\cdot \\sin(x) + x^{2} \\cdot \\cos(x)');
  // the derivative of x is no step of its own: its value, 1, stands in the power and sine steps
  assert.equal(power.substitutions, 'u = x, n = 2');
  assert.equal(power.substituted, 'd/dx[x^2] = 2*x^1*1 = 2*x');
  assert.equal(sine.substituted, 'd/dx[sin(x)] = cos(x)*1 = cos(x)');
  assert.ok(!list.some((s) => ['variable', 'constant', 'constantMultiple'].includes(s.rule)));
});

test('the exponential rule writes e^u generically and as the printer does once substituted: exp(-x^2) in plain, e^{-x^{2}} in LaTeX', () => {
  const [rule] = rules(steps('exp(-x^2)'));
  assert.equal(rule.identity, "(e^u)' = e^u*u'");
  assert.equal(rule.substituted, 'd/dx[exp(-x^2)] = exp(-x^2)*(-2*x) = -2*x*exp(-x^2)');
  assert.equal(rule.substitutedLatex, '\\frac{d}{dx} e^{-x^{2}} = e^{-x^{2}} \\cdot (-2 x) = -2 x e^{-x^{2}}');
});

test('chain rule on sin(x^2): cos(u)*u\' with u = x^2, then the inner power rule one level deeper', () => {
  const list = steps('sin(x^2)');
  assert.deepEqual(list.map((s) => [s.rule, s.depth]), [['chain:sin', 0], ['power', 1]]);
  assert.equal(list[0].identity, "(sin(u))' = cos(u)*u'");
  assert.equal(list[0].substitutions, 'u = x^2');
  assert.equal(list[0].substituted, 'd/dx[sin(x^2)] = cos(x^2)*2*x = 2*x*cos(x^2)');
  assert.equal(list[0].after, '2*x*cos(x^2)');
  // the raw derivative is already simplest: no simplification step
  assert.ok(!list.some((s) => s.kind === 'simplification'));
});

test('quotient rule on sin(x)/x with u = sin(x), v = x', () => {
  const [quotient] = steps('sin(x)/x');
  assert.equal(quotient.rule, 'quotient');
  assert.equal(quotient.identity, "(u/v)' = (u'*v - u*v')/v^2");
  assert.equal(quotient.substitutions, 'u = sin(x), v = x');
  assert.equal(quotient.substituted, 'd/dx[sin(x)/x] = (cos(x)*x - sin(x)*1)/x^2 = (x*cos(x) - sin(x))/x^2');
  assert.match(quotient.substitutedLatex, /^\\frac\{d\}\{dx\}\\left\[\\frac\{\\sin\(x\)\}\{x\}\\right\] = \\frac\{\\cos\(x\) \\cdot x - \\sin\(x\) \\cdot 1\}\{x\^\{2\}\}/);
});

test('a constant multiple whose inner step is shown is folded into it: (c*sin(u))\' = c*cos(u)*u\' with c = 3', () => {
  const list = steps('3*sin(x^2) + 2*x^3');
  assert.ok(!list.some((s) => s.rule === 'constantMultiple'));
  const chain = list.find((s) => s.rule === 'chain:sin')!;
  assert.deepEqual(chain.constantFactor, { plain: '3', latex: '3' });
  assert.equal(chain.identity, "(c*sin(u))' = c*cos(u)*u'");
  assert.equal(chain.substitutions, 'c = 3, u = x^2');
  assert.equal(chain.substituted, 'd/dx[3*sin(x^2)] = 3*cos(x^2)*2*x = 6*x*cos(x^2)');
  const power = list.find((s) => s.rule === 'power' && s.before === '2*x^3')!;
  assert.equal(power.substituted, 'd/dx[2*x^3] = 2*3*x^2*1 = 6*x^2');
  // a constant times x has no inner step to fold into: it stays a step
  const alone = steps('3*x + x^2').find((s) => s.rule === 'constantMultiple')!;
  assert.equal(alone.substituted, 'd/dx[3*x] = 3*1 = 3');
});

test('the final simplification is one step naming what it did: the common factor of x*exp(x) + exp(x)', () => {
  const list = steps('x*exp(x) + exp(x)');
  const last = list[list.length - 1];
  assert.equal(last.kind, 'simplification');
  assert.equal(last.rule, 'simplify');
  assert.ok(last.simplification!.actions.includes('commonFactor'), JSON.stringify(last.simplification));
  assert.deepEqual(last.simplification!.factor, { plain: 'exp(x)', latex: 'e^{x}' });
  assert.equal(last.substituted, `${last.before} = ${last.after}`);
  assert.equal(last.after, differentiate('x*exp(x) + exp(x)', { dialect: 'plain' }).plain);
  assert.equal(steps('x^2*sin(x)').at(-1)!.simplification!.factor!.plain, 'x');
});

test('identities the simplifier used are named: sin^2 + cos^2 = 1, the double angles, sec^2 - tan^2 = 1', () => {
  const identities = (source: string) => steps(source).at(-1)!.simplification!.identities.map((i) => i.plain);
  assert.deepEqual(identities('sin(x)*cos(x)'), ['cos(u)^2 - sin(u)^2 = cos(2*u)']);
  assert.deepEqual(identities('x - x*cos(x)^2'), ['sin(u)^2 + cos(u)^2 = 1', '2*sin(u)*cos(u) = sin(2*u)']);
  assert.deepEqual(identities('tan(x) - x'), ['sec(u)^2 - tan(u)^2 = 1']);
  assert.deepEqual(identities('sinh(x)^2'), ['2*sinh(u)*cosh(u) = sinh(2*u)']);
  // a raw form with sin^2 + cos^2 in it, simplified by the engine's own simplifier
  const raw = parse('x*cos(x)^2 + x*sin(x)^2 + 1', 'plain').expr;
  const simplified = simplify(raw, { deadline: performance.now() + 2000 });
  const found = whatSimplified(raw, simplified);
  assert.deepEqual(found.identities.map((i) => i.plain), ['sin(u)^2 + cos(u)^2 = 1']);
  assert.ok(found.actions.includes('identity'));
  // cosh(u)^2 cancelled by cosh(u)^4 beside sinh(u) uses no identity
  const cancelled = parse('(cosh(x^3 + x)^2*(3*x^2 + 1) - 2*x*cosh(x^3 + x)*sinh(x^3 + x))/cosh(x^3 + x)^4', 'plain').expr;
  assert.deepEqual(whatSimplified(cancelled, simplify(cancelled, { deadline: performance.now() + 2000 })).identities, []);
});

test('like terms, cancellation and a common denominator are told apart', () => {
  const actions = (rawSource: string) => {
    const raw = parse(rawSource, 'plain').expr;
    return whatSimplified(raw, simplify(raw, { deadline: performance.now() + 2000 })).actions;
  };
  assert.deepEqual(actions('(x*(2*x + 1) - x^2 - x)/x^2'), ['collectedLikeTerms', 'cancelled']);
  assert.ok(actions('x/(x^2 + 1) - 2*x/(x^2 + 1)^2').includes('commonDenominator'));
  assert.ok(steps('(x^2+x)/(x+2)').at(-1)!.simplification!.actions.includes('collectedLikeTerms'));
});

test('second order: each order its rules, then its simplification; order 2 starts from the simplified first derivative', () => {
  const list = steps('x^2*sin(x)', { order: 2 });
  assert.deepEqual([...new Set(list.map((s) => s.order))], [1, 2]);
  const first = list.filter((s) => s.order === 1), second = list.filter((s) => s.order === 2);
  assert.equal(first.at(-1)!.kind, 'simplification');
  assert.equal(second.at(-1)!.kind, 'simplification');
  assert.equal(second[0].rule, 'product');
  assert.equal(second[0].before, first.at(-1)!.after);
  assert.equal(second.at(-1)!.after, differentiate('x^2*sin(x)', { dialect: 'plain', order: 2 }).plain);
  assert.ok(rules(list).every((s) => !['variable', 'constant'].includes(s.rule)));
});

test('the derivative of x alone is its one step; a partial derivative writes ∂', () => {
  assert.deepEqual(steps('x').map((s) => s.substituted), ['d/dx[x] = 1']);
  const [partial] = steps('x*y^2', { wrt: 'y' });
  assert.equal(partial.substitutedLatex, '\\frac{\\partial}{\\partial y}[x y^{2}] = x \\cdot 2 \\cdot y^{1} \\cdot 1 = 2 x y');
  assert.deepEqual(partial.constantFactor, { plain: 'x', latex: 'x' });
});

test('every step of a mixed set of expressions renders with KaTeX', () => {
  const sources = ['x^2*sin(x)', 'sin(x^2)', 'sin(x)/x', 'x^x', '2^x', 'exp(-x^2)*cos(3*x)', 'sqrt(1 - sin(x)^2)', 'atan(x)/(1 + x^2)', 'log(x)^3/x', '1/(x + 1)', 'max(x, 3)', 'abs(x)*x', 'sigmoid(2*x)'];
  for (const source of sources) {
    for (const step of steps(source, { order: 2 })) {
      for (const latex of [step.identityLatex, step.substitutionsLatex, step.substitutedLatex]) {
        assert.doesNotThrow(() => katex.renderToString(latex, { throwOnError: true }), `${source}: ${latex}`);
      }
    }
  }
});
