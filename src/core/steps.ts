// The explanation as a textbook writes it: from the rule applications recorded by diff.ts, one step per
// rule with its identity, the parts it names (u = x², v = sin x) and the identity with those parts and
// their derivatives substituted; trivial steps (x' = 1) folded into the step that uses them; and per
// order one last step saying what the simplification did, found by comparing the raw derivative with
// the simplified one (the simplifier itself is not asked).
import type { SimplificationAction, Step, StepMath } from './api';
import type { RawStep } from './diff';
import { toLatex, toLatexExponent, toPlain } from './dialects';
import { orderedFactors, orderedTerms } from './dialects/layout';
import { afterOperator, parenthesized } from './dialects/latex';
import { children, exp, Expr, isNum, mul, ONE, rawCall, splitCoefficient, sub, sym, symbolsOf } from './expr';
import { FUNCTIONS } from './functions';
import { Rational } from './rational';

/** One derivative order as the engine computed it: what was differentiated, the rules, the raw and the simplified result. */
export interface ExplainedLevel {
  order: number;
  wrt: string;
  of: Expr;
  steps: readonly RawStep[];
  raw: Expr;
  simplified: Expr;
}

/** How the steps typeset an expression: as the selection's LaTeX writes it (its n!), else plain LaTeX. */
type Tex = (e: Expr) => string;

/** The textbook steps of every order, each order's rules then its simplification; `exponentTex` typesets an exponent (x^{3/2}). */
export function textbookSteps(levels: readonly ExplainedLevel[], tex: Tex = toLatex, exponentTex: Tex = toLatexExponent): Step[] {
  const latex = latexNotation(tex, exponentTex);
  return levels.flatMap((level) => {
    const op = operatorFor(level.of, level.wrt);
    const rules = fold(level.steps).map((node) => ruleStep(node, op, level.order, latex, tex));
    const simplification = simplificationStep(level.raw, level.simplified, level.order, tex);
    return simplification ? [...rules, simplification] : rules;
  });
}

// ──── Folding ──────────────────────────────────────────────────

/** Rules whose step a textbook does not write out: their value (1, 0) shows in the step that uses it. */
const TRIVIAL_RULES = new Set(['variable', 'constant']);

interface Node {
  step: RawStep;
  children: Node[];
  /** A constant factor c folded in from (c·u)' = c·u' above this step. */
  constant?: Expr;
}

/** The recorded steps (in preorder, with depths) as a tree, trivial steps dropped, constant multiples folded into their inner step. */
function fold(steps: readonly RawStep[]): { step: RawStep; constant?: Expr; depth: number }[] {
  const roots: Node[] = [];
  const open: Node[] = [];
  for (const step of steps) {
    const node: Node = { step, children: [] };
    open.length = Math.min(open.length, step.depth);
    (open.length ? open[open.length - 1].children : roots).push(node);
    open.push(node);
  }
  const out: { step: RawStep; constant?: Expr; depth: number }[] = [];
  const visit = (node: Node, depth: number, root = false): void => {
    // d/dx[x] = 1 alone is still the derivation
    if (TRIVIAL_RULES.has(node.step.rule) && !root) return;
    const inner = node.step.rule === 'constantMultiple' && node.children.length === 1 ? node.children[0] : undefined;
    if (inner && !TRIVIAL_RULES.has(inner.step.rule) && inner.step.before === node.step.parts[1]?.expr) {
      // (c·u)' = c·u' with u's own rule shown: one step, u's rule with the constant in front
      const constant = node.step.parts[0].expr;
      const merged: RawStep = { ...inner.step, before: node.step.before, after: node.step.after };
      visit({ step: merged, children: inner.children, constant }, depth);
      return;
    }
    out.push({ step: node.step, constant: node.constant, depth });
    // the parts' own steps in the order the parts are named (u's before v's)
    const rank = new Map(inPrintedOrder(node.step).parts.map((p, i) => [p.expr.key, i]));
    const children = [...node.children].sort((a, b) => (rank.get(a.step.before.key) ?? Infinity) - (rank.get(b.step.before.key) ?? Infinity));
    for (const child of children) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0, true);
  return out;
}

// ──── Rendering pieces in two notations ────────────────────────

/** How tightly a piece binds: a sum needs brackets as a factor, a product as a base, and so on. */
const enum Prec { Sum = 1, Unary = 2, Product = 3, Power = 4, Atom = 5 }

interface Piece { text: string; prec: Prec }

interface Notation {
  expr(e: Expr): Piece;
  /** `e` as an exponent: x^{3/2} in LaTeX. */
  exponent(e: Expr): Piece;
  symbol(name: string): Piece;
  prime(p: Piece): Piece;
  times(factors: Piece[]): Piece;
  plus(terms: Piece[]): Piece;
  minus(a: Piece, b: Piece): Piece;
  negate(a: Piece): Piece;
  over(a: Piece, b: Piece): Piece;
  power(base: Piece, exp: Piece): Piece;
  cases(value: Piece, when: Piece, otherwise: Piece): Piece;
  /** d/dx[e] (or ∂/∂x[e]). */
  derivative(op: Operator, e: Expr): string;
  /** The identity's left side, (u·v)'. */
  differentiated(p: Piece): string;
  equation(...sides: string[]): string;
  substitutions(pairs: [string, Piece][]): string;
}

interface Operator { latex: string; plain: string }

function operatorFor(of: Expr, wrt: string): Operator {
  const partial = symbolsOf(of).size > 1;
  const x = toLatex(sym(wrt));
  return partial ? { latex: `\\frac{\\partial}{\\partial ${x}}`, plain: `d/d${wrt}` } : { latex: `\\frac{d}{d${x}}`, plain: `d/d${wrt}` };
}

function exprPrec(e: Expr, text: string): Prec {
  if (e.kind === 'add') return Prec.Sum;
  if (text.startsWith('-')) return Prec.Unary;
  if (e.kind === 'call' && /^(gt|ge|lt|le)$/.test(e.fn)) return Prec.Sum;
  if (e.kind === 'mul') return Prec.Product;
  if (e.kind === 'pow') return /^(\\sqrt|sqrt\()/.test(text) ? Prec.Atom : /^\\frac|\//.test(text) ? Prec.Product : Prec.Power;
  if (e.kind === 'num' && !e.value.isInteger) return Prec.Product;
  return Prec.Atom;
}

const latexNotation = (tex: Tex, exponentTex: Tex): Notation => ({
  expr: (e) => { const text = tex(e); return { text, prec: exprPrec(e, text) }; },
  exponent: (e) => ({ text: exponentTex(e), prec: Prec.Atom }),
  symbol: (name) => ({ text: name, prec: Prec.Atom }),
  prime: (p) => ({ text: `${p.text}'`, prec: Prec.Atom }),
  times: (factors) => ({ text: factors.map((f, i) => (f.prec <= (i === 0 ? Prec.Sum : Prec.Unary) ? parenthesized(f.text) : f.text)).join(' \\cdot '), prec: factors.length > 1 ? Prec.Product : factors[0].prec }),
  plus: (terms) => ({ text: joinTerms(terms.map((t) => t.text)), prec: terms.length > 1 ? Prec.Sum : terms[0].prec }),
  minus: (a, b) => ({ text: `${a.text} - ${b.prec <= Prec.Unary ? parenthesized(b.text) : b.text}`, prec: Prec.Sum }),
  negate: (a) => ({ text: `-${a.prec <= Prec.Unary ? parenthesized(a.text) : a.text}`, prec: Prec.Unary }),
  over: (a, b) => ({ text: `\\frac{${a.text}}{${b.text}}`, prec: Prec.Product }),
  power: (base, exp) => ({ text: `${base.prec < Prec.Atom || base.text.startsWith('\\frac') ? parenthesized(base.text) : base.text}^{${exp.text}}`, prec: Prec.Power }),
  cases: (value, when, otherwise) => ({ text: `\\begin{cases} ${value.text} & ${when.text} \\\\ ${otherwise.text} & \\text{otherwise} \\end{cases}`, prec: Prec.Atom }),
  derivative: (op, e) => `${op.latex}${afterOperator(tex(e), e, '[', ']')}`,
  differentiated: (p) => `${parenthesized(p.text)}'`,
  equation: latexEquation,
  substitutions: (pairs) => pairs.map(([name, p]) => `${name} = ${p.text}`).join(',\\; '),
});

const PLAIN: Notation = {
  expr: (e) => { const text = toPlain(e); return { text, prec: exprPrec(e, text) }; },
  exponent: (e) => PLAIN.expr(e),
  symbol: (name) => ({ text: name, prec: Prec.Atom }),
  prime: (p) => ({ text: `${p.text}'`, prec: Prec.Atom }),
  times: (factors) => ({ text: factors.map((f, i) => (f.prec <= (i === 0 ? Prec.Sum : Prec.Unary) ? `(${f.text})` : f.text)).join('*'), prec: factors.length > 1 ? Prec.Product : factors[0].prec }),
  plus: (terms) => ({ text: joinTerms(terms.map((t) => t.text)), prec: terms.length > 1 ? Prec.Sum : terms[0].prec }),
  minus: (a, b) => ({ text: `${a.text} - ${b.prec <= Prec.Unary ? `(${b.text})` : b.text}`, prec: Prec.Sum }),
  negate: (a) => ({ text: `-${a.prec <= Prec.Unary ? `(${a.text})` : a.text}`, prec: Prec.Unary }),
  over: (a, b) => ({ text: `${a.prec <= Prec.Unary ? `(${a.text})` : a.text}/${b.prec < Prec.Power ? `(${b.text})` : b.text}`, prec: Prec.Product }),
  power: (base, exp) => ({ text: `${base.prec < Prec.Atom ? `(${base.text})` : base.text}^${exp.prec < Prec.Atom ? `(${exp.text})` : exp.text}`, prec: Prec.Power }),
  cases: (value, when, otherwise) => ({ text: `where(${when.text}, ${value.text}, ${otherwise.text})`, prec: Prec.Atom }),
  derivative: (op, e) => `${op.plain}[${toPlain(e)}]`,
  differentiated: (p) => `(${p.text})'`,
  equation: (...sides) => sides.join(' = '),
  substitutions: (pairs) => pairs.map(([name, p]) => `${name} = ${p.text}`).join(', '),
};

/** Roughly how many characters a formula shows: its LaTeX without commands and braces. */
const shownLength = (latex: string) => latex.replace(/\\[a-zA-Z]+|[{}]/g, '').length;
/** A chain of equations longer than this (shown characters) is set one "= …" per line. */
const LONG_EQUATION = 70;

/** a = b = c on one line, or aligned at the equals signs when long (as a derivation is written on paper). */
function latexEquation(...sides: string[]): string {
  if (sides.length < 2 || shownLength(sides.join(' = ')) <= LONG_EQUATION) return sides.join(' = ');
  return `\\begin{aligned} ${sides[0]} ${sides.slice(1).map((side) => `&= ${side}`).join(' \\\\ ')} \\end{aligned}`;
}

/** a + b, with a term that starts with a minus written as a subtraction (a - b). */
function joinTerms(terms: string[]): string {
  return terms.reduce((out, t, i) => (i === 0 ? t : t.startsWith('-') ? `${out} - ${t.slice(1)}` : `${out} + ${t}`), '');
}

// ──── Rule steps ───────────────────────────────────────────────

/** The names a rule gives its parts, in the order diff.ts records them. */
function partNames(step: RawStep): string[] {
  const n = step.parts.length;
  switch (step.rule) {
    case 'quotient': return ['u', 'v'];
    case 'reciprocal': return ['v'];
    case 'power': return ['u', 'n'];
    case 'exp': return ['u'];
    case 'exponential': return ['a', 'u'];
    case 'generalPower': return ['u', 'v'];
    case 'constantMultiple': return ['c', 'u'];
    case 'where': return ['c', 'a', 'b'];
    default: return n <= 3 ? ['u', 'v', 'w'].slice(0, n) : Array.from({ length: n }, (_, i) => `u_{${i + 1}}`);
  }
}

/** Plain names for the parts named in LaTeX as u_{1} …: u1 … */
const plainName = (name: string) => name.replace(/_\{(\d+)\}/, '$1');

/**
 * The right side of a rule's identity in notation `n`. `part(i)` is part i, `d(i)` its derivative: the
 * generic symbols (u, u') for the identity, the actual expressions for the substituted line.
 */
function ruleRight(step: RawStep, n: Notation, part: (i: number) => Piece, d: (i: number) => Piece, generic: boolean): Piece {
  const parts = step.parts;
  const fnName = step.rule.startsWith('chain:') ? step.rule.slice('chain:'.length) : step.rule;
  switch (step.rule) {
    case 'variable': return n.symbol('1');
    case 'sum': return n.plus(parts.map((_, i) => d(i)));
    case 'product': return n.plus(parts.map((_, i) => n.times(parts.map((__, j) => (j === i ? d(j) : part(j))))));
    case 'constantMultiple': return n.times([part(0), d(1)]);
    case 'quotient': return n.over(n.minus(n.times([d(0), part(1)]), n.times([part(0), d(1)])), n.power(part(1), n.symbol('2')));
    case 'reciprocal': return n.negate(n.over(d(0), n.power(part(0), n.symbol('2'))));
    case 'power': {
      // n·u^(n−1)·u', the lowered exponent worked out when n is a number
      const exponent = generic ? n.minus(part(1), n.symbol('1')) : n.exponent(sub(parts[1].expr, ONE));
      return n.times([part(1), n.power(part(0), exponent), d(0)]);
    }
    // the worked line writes e^u as the notation's printer does (exp(x) in plain, e^{x} in LaTeX)
    case 'exp': return n.times([generic ? n.power(n.symbol('e'), part(0)) : n.expr(exp(parts[0].expr)), d(0)]);
    case 'exponential': return n.times([n.power(part(0), part(1)), n.expr(rawCall('log', [generic ? sym('a') : parts[0].expr])), d(1)]);
    case 'generalPower': {
      const log = n.expr(rawCall('log', [generic ? sym('u') : parts[0].expr]));
      return n.times([n.power(part(0), part(1)), n.plus([n.times([d(1), log]), n.times([part(1), n.over(d(0), part(0))])])]);
    }
    case 'where': return n.cases(d(1), part(0), d(2));
  }
  // a function: ∂f/∂u·u' + ∂f/∂v·v' over the arguments that vary
  const def = FUNCTIONS.get(fnName)!;
  const args = generic ? partNames(step).map((name) => sym(plainName(name))) : parts.map((p) => p.expr);
  const terms = parts.flatMap((p, i) => (p.derivative ? [n.times([n.expr(def.partial(args, i)), d(i)])] : []));
  return terms.length ? n.plus(terms) : n.symbol('0');
}

/** The left side of a rule's identity, before the prime: u·v, u/v, sin(u)… */
function ruleLeft(step: RawStep, n: Notation, part: (i: number) => Piece): Piece {
  const fnName = step.rule.startsWith('chain:') ? step.rule.slice('chain:'.length) : step.rule;
  switch (step.rule) {
    case 'variable': return n.expr(step.before);
    case 'sum': return n.plus(step.parts.map((_, i) => part(i)));
    case 'product': return n.times(step.parts.map((_, i) => part(i)));
    case 'constantMultiple': return n.times([part(0), part(1)]);
    case 'quotient': return n.over(part(0), part(1));
    case 'reciprocal': return n.over(n.symbol('1'), part(0));
    case 'power': return n.power(part(0), part(1));
    case 'exp': return n.power(n.symbol('e'), part(0));
    case 'exponential': return n.power(part(0), part(1));
    case 'generalPower': return n.power(part(0), part(1));
  }
  return n.expr(rawCall(fnName, partNames(step).map((name) => sym(plainName(name)))));
}

function ruleStep(folded: { step: RawStep; constant?: Expr; depth: number }, op: Operator, order: number, inLatex: Notation, tex: Tex): Step {
  const { constant, depth } = folded;
  const step = inPrintedOrder(folded.step);
  const names = partNames(step);
  const render = (n: Notation) => {
    const generic = (i: number) => n.symbol(n === PLAIN ? plainName(names[i]) : names[i]);
    let left = ruleLeft(step, n, generic);
    let right = ruleRight(step, n, generic, (i) => n.prime(generic(i)), true);
    let actual = ruleRight(step, n, (i) => n.expr(step.parts[i].expr), (i) => n.expr(step.parts[i].derivative!), false);
    const pairs: [string, Piece][] = step.parts.map((p, i) => [n === PLAIN ? plainName(names[i]) : names[i], n.expr(p.expr)]);
    if (constant) {
      // (c·f)' = c·f': the constant stays in front of the inner rule
      const c = n.symbol('c');
      left = n.times([c, left]);
      right = n.times([c, right]);
      actual = isNum(constant, -1) ? n.negate(actual) : n.times([n.expr(constant), actual]);
      pairs.unshift(['c', n.expr(constant)]);
    }
    const result = n.expr(step.after).text;
    const sides = [n.derivative(op, step.before), actual.text];
    if (!sameWriting(actual.text, result)) sides.push(result);
    return { identity: n.equation(n.differentiated(left), right.text), substitutions: n.substitutions(pairs), substituted: n.equation(...sides) };
  };
  const latex = render(inLatex), plain = render(PLAIN);
  return {
    kind: 'rule',
    rule: step.rule,
    identity: plain.identity,
    identityLatex: latex.identity,
    substitutions: plain.substitutions,
    substitutionsLatex: latex.substitutions,
    substituted: plain.substituted,
    substitutedLatex: latex.substituted,
    before: toPlain(step.before), beforeLatex: tex(step.before),
    after: toPlain(step.after), afterLatex: tex(step.after),
    depth, order,
    ...(constant ? { constantFactor: math(constant, tex) } : {}),
  };
}

/** A sum's terms and a product's factors named in the order they print (u is the first written). */
function inPrintedOrder(step: RawStep): RawStep {
  const { before } = step;
  const order = step.rule === 'sum' && before.kind === 'add' ? orderedTerms(before)
    : step.rule === 'product' && before.kind === 'mul' ? orderedFactors([...before.factors])
    : undefined;
  if (!order || order.length !== step.parts.length) return step;
  const rank = new Map(order.map((e, i) => [e.key, i]));
  return { ...step, parts: [...step.parts].sort((a, b) => (rank.get(a.expr.key) ?? 0) - (rank.get(b.expr.key) ?? 0)) };
}

/** Two LaTeX or plain texts that differ only in spacing, explicit products or the order of the terms of a sum. */
function sameWriting(a: string, b: string): boolean {
  const terms = (s: string) => splitTerms(s.replace(/\\cdot|\\left|\\right|\*|\s/g, '')).sort().join('|');
  return terms(a) === terms(b);
}

/** The top-level terms of a written sum, each with its sign. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if ('({['.includes(ch)) depth++;
    else if (')}]'.includes(ch)) depth--;
    else if (depth === 0 && i > start && (ch === '+' || ch === '-') && !/[\^_{(]$/.test(s.slice(0, i))) {
      out.push(s.slice(start, i));
      start = ch === '+' ? i + 1 : i;
    }
  }
  out.push(s.slice(start));
  return out.map((t) => (t.startsWith('-') ? t : `+${t}`));
}

function math(e: Expr, tex: Tex): StepMath {
  return { plain: toPlain(e), latex: tex(e) };
}

// ──── The simplification step ──────────────────────────────────

/** The most monomials the raw derivative is spread into when looking for like terms. */
const MAX_SPREAD_TERMS = 400;

function simplificationStep(raw: Expr, simplified: Expr, order: number, tex: Tex): Step | undefined {
  if (raw.key === simplified.key) return undefined;
  const found = whatSimplified(raw, simplified);
  const actions: SimplificationAction[] = found.actions.length ? found.actions : ['rewritten'];
  return {
    kind: 'simplification',
    rule: 'simplify',
    identity: found.identities.map((i) => i.plain).join(', '),
    identityLatex: found.identities.map((i) => i.latex).join(',\\quad '),
    substitutions: '',
    substitutionsLatex: '',
    substituted: `${toPlain(raw)} = ${toPlain(simplified)}`,
    substitutedLatex: latexEquation(tex(raw), tex(simplified)),
    before: toPlain(raw), beforeLatex: tex(raw),
    after: toPlain(simplified), afterLatex: tex(simplified),
    depth: 0, order,
    simplification: { actions, ...(found.factor ? { factor: math(found.factor, tex) } : {}), identities: found.identities },
  };
}

interface Findings { actions: SimplificationAction[]; identities: StepMath[]; factor?: Expr }

/** What turned `raw` into `simplified`, read from the two expressions. */
export function whatSimplified(raw: Expr, simplified: Expr): Findings {
  const actions = new Set<SimplificationAction>();
  const identities = identitiesUsed(raw, simplified);
  const likeTerms = likeTermsIn(raw);
  if (likeTerms.collected) actions.add('collectedLikeTerms');
  if (likeTerms.cancelled) actions.add('cancelled');
  if (cancelledFromDenominator(raw, simplified)) actions.add('cancelled');
  if (combinedOverDenominator(raw, simplified)) actions.add('commonDenominator');
  const factor = commonFactor(raw, simplified);
  if (factor) actions.add('commonFactor');
  if (identities.length) actions.add('identity');
  return { actions: ORDERED_ACTIONS.filter((a) => actions.has(a)), identities, ...(factor ? { factor } : {}) };
}

const ORDERED_ACTIONS: SimplificationAction[] = ['collectedLikeTerms', 'cancelled', 'commonDenominator', 'commonFactor', 'identity'];

/** Top-level terms of a sum (a lone expression is one term). */
const termsOf = (e: Expr): readonly Expr[] => (e.kind === 'add' ? e.terms : [e]);
/** Factors of a product (a lone expression is one factor). */
const factorsOf = (e: Expr): readonly Expr[] => (e.kind === 'mul' ? e.factors : [e]);
/** A factor written in the denominator: a power with a negative numeric exponent. */
const inDenominator = (f: Expr) => f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isNegative;

/**
 * Like terms: the raw derivative with its products of sums multiplied out (as far as MAX_SPREAD_TERMS
 * allows), terms with the same non-numeric part combined — to a nonzero multiple (collected) or to 0 (cancelled).
 */
function likeTermsIn(raw: Expr): { collected: boolean; cancelled: boolean } {
  const spread = spreadTerms(raw);
  if (!spread) return { collected: false, cancelled: false };
  const sums = new Map<string, { count: number; total: Rational }>();
  for (const { coefficient, body } of spread) {
    const entry = sums.get(body) ?? { count: 0, total: Rational.ZERO };
    entry.count++;
    entry.total = entry.total.add(coefficient);
    sums.set(body, entry);
  }
  let collected = false, cancelled = false;
  for (const { count, total } of sums.values()) {
    if (count < 2) continue;
    if (total.isZero) cancelled = true;
    else collected = true;
  }
  return { collected, cancelled };
}

/** A term as a number times the rest (its body, by key). */
interface Monomial { coefficient: Rational; body: string }

/** The terms of `e` with every product of sums multiplied out; undefined past MAX_SPREAD_TERMS. */
function spreadTerms(e: Expr): Monomial[] | undefined {
  const products = multipliedOut(e);
  return products?.map(monomial);
}

/** `e` as a sum of products, each a list of factors none of which is a sum. */
function multipliedOut(e: Expr): Expr[][] | undefined {
  if (e.kind === 'add') {
    const out: Expr[][] = [];
    for (const t of e.terms) {
      const part = multipliedOut(t);
      if (!part || out.length + part.length > MAX_SPREAD_TERMS) return undefined;
      out.push(...part);
    }
    return out;
  }
  if (e.kind !== 'mul') return [[e]];
  let products: Expr[][] = [[]];
  for (const f of e.factors) {
    const options = multipliedOut(f);
    if (!options || products.length * options.length > MAX_SPREAD_TERMS) return undefined;
    products = products.flatMap((p) => options.map((o) => [...p, ...o]));
  }
  return products;
}

/** A list of factors as one monomial, through the canonical product (x·x is x², sin x·x is x·sin x). */
function monomial(factors: readonly Expr[]): Monomial {
  const [c, body] = splitCoefficient(mul(...factors));
  return { coefficient: c.value, body: body.key };
}

/** Denominator bases, by key, of a product (or of every term of a sum). */
function denominators(e: Expr): Set<string> {
  const out = new Set<string>();
  for (const term of termsOf(e)) for (const f of factorsOf(term)) if (inDenominator(f) && f.kind === 'pow') out.add(f.base.key);
  return out;
}

/** A fraction whose denominator lost a factor: it cancelled against the numerator. */
function cancelledFromDenominator(raw: Expr, simplified: Expr): boolean {
  if (raw.kind === 'add') return false;
  const before = denominators(raw);
  if (before.size === 0) return false;
  const after = denominators(simplified);
  return [...before].some((base) => !after.has(base));
}

/** Several terms with denominators became fewer: they were put over a common denominator. */
function combinedOverDenominator(raw: Expr, simplified: Expr): boolean {
  const fractions = (e: Expr) => termsOf(e).filter((t) => factorsOf(t).some(inDenominator)).length;
  const before = fractions(raw), after = fractions(simplified);
  return raw.kind === 'add' && before >= 2 && after >= 1 && after < before;
}

/**
 * A factor pulled out of a sum: the simplified result (or one of its new terms) is a product with a sum
 * among its factors, where the raw derivative had a sum. The factor is everything but the sums.
 */
function commonFactor(raw: Expr, simplified: Expr): Expr | undefined {
  if (raw.kind !== 'add' && !factorsOf(raw).some((f) => f.kind === 'add')) return undefined;
  const rawTerms = new Set(termsOf(raw).map((t) => t.key));
  const candidates = simplified.kind === 'add' ? simplified.terms.filter((t) => !rawTerms.has(t.key)) : [simplified];
  for (const term of candidates) {
    const factors = factorsOf(term);
    if (!factors.some((f) => f.kind === 'add')) continue;
    const outside = factors.filter((f) => f.kind !== 'add' && !inDenominator(f));
    if (outside.length === 0 || (outside.length === 1 && isNum(outside[0], -1))) continue;
    // a factor the raw derivative already had in front was not pulled out by the simplifier
    if (raw.kind !== 'add' && outside.every((f) => factorsOf(raw).some((g) => g.key === f.key))) continue;
    return mul(...outside);
  }
  return undefined;
}

// ──── Identities ───────────────────────────────────────────────

interface IdentityRule {
  /** What the identity says, with u for the argument. */
  plain: string;
  latex: string;
  /** Whether the raw and simplified forms show it was used for argument u (by key). */
  used(raw: Occurrences, simplified: Occurrences, u: string): boolean;
}

/** Per function name, the keys of the arguments it is applied to, squared (f(u)²) and plain (f(u)). */
interface Occurrences { squared: Map<string, Set<string>>; called: Map<string, Set<string>>; constantInSums: boolean; doubled: Map<string, Set<string>> }

const has = (o: Map<string, Set<string>>, fn: string, u: string) => o.get(fn)?.has(u) ?? false;
/** Both squares in the raw derivative, not both in the simplified one. */
const pairGone = (a: string, b: string) => (raw: Occurrences, simplified: Occurrences, u: string) =>
  has(raw.squared, a, u) && has(raw.squared, b, u) && !(has(simplified.squared, a, u) && has(simplified.squared, b, u)) && !has(simplified.doubled, 'cos', u) && !has(simplified.doubled, 'cosh', u);
/**
 * One square (with a constant beside it) turned into the other: 1 − cos²u = sin²u. The other function
 * merely called counts only where the first is gone: cosh²u cancelled by a cosh power beside sinh(u) is no identity.
 */
const squareSwapped = (from: string, to: string) => (raw: Occurrences, simplified: Occurrences, u: string) =>
  has(raw.squared, from, u) && raw.constantInSums && !has(raw.squared, to, u) && !has(simplified.squared, from, u)
  && (has(simplified.squared, to, u) || (has(simplified.called, to, u) && !has(simplified.called, from, u)));
/** f(2u) in the simplified form where the raw one had f(u)'s products. */
const doubled = (fn: string, from: string[]) => (raw: Occurrences, simplified: Occurrences, u: string) =>
  has(simplified.doubled, fn, u) && !has(raw.doubled, fn, u) && from.some((g) => has(raw.called, g, u) || has(raw.squared, g, u));

const IDENTITIES: IdentityRule[] = [
  { plain: 'sin(u)^2 + cos(u)^2 = 1', latex: '\\sin^{2}(u) + \\cos^{2}(u) = 1', used: (r, s, u) => pairGone('sin', 'cos')(r, s, u) || squareSwapped('cos', 'sin')(r, s, u) || squareSwapped('sin', 'cos')(r, s, u) },
  { plain: 'cosh(u)^2 - sinh(u)^2 = 1', latex: '\\cosh^{2}(u) - \\sinh^{2}(u) = 1', used: (r, s, u) => pairGone('cosh', 'sinh')(r, s, u) || squareSwapped('cosh', 'sinh')(r, s, u) || squareSwapped('sinh', 'cosh')(r, s, u) },
  { plain: 'sec(u)^2 - tan(u)^2 = 1', latex: '\\sec^{2}(u) - \\tan^{2}(u) = 1', used: (r, s, u) => squareSwapped('sec', 'tan')(r, s, u) || squareSwapped('tan', 'sec')(r, s, u) },
  { plain: '2*sin(u)*cos(u) = sin(2*u)', latex: '2\\sin(u)\\cos(u) = \\sin(2u)', used: doubled('sin', ['sin', 'cos']) },
  { plain: 'cos(u)^2 - sin(u)^2 = cos(2*u)', latex: '\\cos^{2}(u) - \\sin^{2}(u) = \\cos(2u)', used: doubled('cos', ['sin', 'cos']) },
  { plain: '2*sinh(u)*cosh(u) = sinh(2*u)', latex: '2\\sinh(u)\\cosh(u) = \\sinh(2u)', used: doubled('sinh', ['sinh', 'cosh']) },
  { plain: 'cosh(u)^2 + sinh(u)^2 = cosh(2*u)', latex: '\\cosh^{2}(u) + \\sinh^{2}(u) = \\cosh(2u)', used: doubled('cosh', ['sinh', 'cosh']) },
];

const IDENTITY_FUNCTIONS = new Set(['sin', 'cos', 'tan', 'sec', 'sinh', 'cosh']);

function occurrences(e: Expr): Occurrences {
  const o: Occurrences = { squared: new Map(), called: new Map(), constantInSums: false, doubled: new Map() };
  const add = (m: Map<string, Set<string>>, fn: string, u: string) => { const s = m.get(fn) ?? new Set(); s.add(u); m.set(fn, s); };
  const seen = new Set<string>();
  const walk = (x: Expr): void => {
    if (seen.has(x.key)) return;
    seen.add(x.key);
    if (x.kind === 'pow' && x.base.kind === 'call' && IDENTITY_FUNCTIONS.has(x.base.fn) && x.exp.kind === 'num' && x.exp.value.abs().equals(Rational.of(2n))) {
      add(o.squared, x.base.fn, x.base.args[0].key);
    }
    if (x.kind === 'call' && IDENTITY_FUNCTIONS.has(x.fn)) {
      add(o.called, x.fn, x.args[0].key);
      const [c, half] = splitCoefficient(x.args[0]);
      if (c.value.equals(Rational.of(2n))) add(o.doubled, x.fn, half.key);
    }
    if (x.kind === 'add' && x.terms.some((t) => t.kind === 'num')) o.constantInSums = true;
    for (const child of children(x)) walk(child);
  };
  walk(e);
  return o;
}

function identitiesUsed(raw: Expr, simplified: Expr): StepMath[] {
  const r = occurrences(raw), s = occurrences(simplified);
  const args = new Set<string>();
  for (const m of [r.squared, r.called, s.doubled]) for (const set of m.values()) for (const u of set) args.add(u);
  return IDENTITIES.filter((rule) => [...args].some((u) => rule.used(r, s, u))).map((rule) => ({ plain: rule.plain, latex: rule.latex }));
}
