// Element-wise functions on arrays come from the scalar function table (src/core/functions.ts): a
// function of one argument there applies entry by entry here, with its derivative written there once
// and its rewrites for notations that lack it (sec u = 1/cos u in numpy) shared with the scalar printers.
import { InputError } from '../api';
import { derivative, RULE_IDENTITIES } from '../diff';
import * as scalar from '../expr';
import { call, FUNCTIONS } from '../functions';
import { lowerFor } from '../lower';
import { Rational } from '../rational';
import { simplify } from '../simplify';
import { printPlain } from '../dialects/plain';
import { add, children, ElemFn, EULER, fn, hadamard, MExpr, mul, num, ones, PI, pow, splitCoeff } from './expr';
import { isScalar } from './shape';

/** The argument's name in the scalar derivatives (a name no reader produces). */
const ARG = '#u';

/**
 * f'(u) of an element-wise function, taken once by the scalar engine from the function table (its
 * partials, and the power rules for exp and sqrt), so that a function added there works on arrays.
 */
const scalarDerivatives = new Map<string, scalar.Expr>();
function scalarDerivative(name: ElemFn): scalar.Expr {
  let d = scalarDerivatives.get(name);
  if (!d) {
    d = derivative(call(name, [scalar.sym(ARG)]), ARG).result;
    scalarDerivatives.set(name, d);
  }
  return d;
}

/** A scalar expression in `variable` applied entry by entry to `u`: + and · element-wise, numbers broadcast. */
function elementwise(e: scalar.Expr, u: MExpr, variable = ARG): MExpr {
  const term = (t: MExpr) => (isScalar(t.shape) && !isScalar(u.shape) ? mul(t, ones(u.shape)) : t);
  switch (e.kind) {
    case 'num': return num(e.value);
    case 'sym': if (e.name === variable) return u; break;
    case 'add': return add(...e.terms.map((t) => term(elementwise(t, u, variable))));
    case 'mul': return hadamard(...e.factors.map((f) => elementwise(f, u, variable)));
    case 'pow': {
      if (e.base === scalar.E) return fn('exp', elementwise(e.exp, u, variable));
      if (e.exp.kind !== 'num') break;
      const base = elementwise(e.base, u, variable);
      // u^(±1/2) reads as sqrt(u) and 1/sqrt(u)
      if (e.exp.value.den === 2n && e.exp.value.abs().num === 1n) return pow(fn('sqrt', base), e.exp.value.isNegative ? Rational.MINUS_ONE : Rational.ONE);
      return pow(base, e.exp.value);
    }
    case 'call': if (e.args.length === 1) return fn(e.fn, elementwise(e.args[0], u, variable)); break;
    case 'const': return e.name === 'pi' ? PI : EULER;
    default: break;
  }
  throw new InputError(`the derivative ${scalarName(e)} cannot be applied element-wise`);
}

/** exp and sqrt are powers in the scalar table: their identities, as written on arrays. */
const POWER_IDENTITIES: Readonly<Record<string, string>> = { exp: "exp(u)' = exp(u)*u'", sqrt: "sqrt(u)' = u'/(2*sqrt(u))" };

/** What a scalar expression is, for messages: polygamma(1, u). */
function scalarName(e: scalar.Expr): string { return e.kind === 'call' ? `${e.fn}(…)` : 'here'; }

/** ∂f(u)/∂u of an element-wise function, applied element-wise to u; and its identity. */
export function elementRule(name: ElemFn, u: MExpr): { d: MExpr; identity: string } {
  const identity = FUNCTIONS.get(name)?.identity ?? POWER_IDENTITIES[name] ?? RULE_IDENTITIES.chain;
  return { d: elementwise(scalarDerivative(name), u), identity: `${identity}, element-wise` };
}

/** Time for simplifying one composite's scalar derivative: a function of one variable, done in microseconds. */
const COMPOSITE_SIMPLIFY_MS = 50;

/** Element-wise functions applied in turn to one array, F(v), taken as one function (compositeRule). */
export interface CompositeRule {
  /** The array the functions apply to. */
  readonly leaf: MExpr;
  /** F'(leaf), element-wise. */
  readonly d: MExpr;
  /** F(u)' = F'(u)*u', as the explanation's steps write identities. */
  readonly identity: string;
  /** F and F' applied to another argument (the derivation writes its identity in u). */
  readonly at: (u: MExpr) => { f: MExpr; d: MExpr };
}

/**
 * F'(v) of element-wise functions applied in turn to one array v (log(cosh(v)), sqrt(1 + exp(2v)),
 * log(exp(v) + exp(-v))): F is differentiated and simplified once as a scalar function, so the result
 * reads tanh(v) rather than the chain rule's sinh(v)./cosh(v). Undefined when `e` is not a composition
 * of element-wise functions of one array (then each function's own rule applies), or when F' needs
 * what arrays lack (π).
 */
export function compositeRule(e: MExpr & { kind: 'fn' }): CompositeRule | undefined {
  const leaf = innermostArgument(e);
  if (!leaf) return undefined;
  const f = asScalarFunction(e, leaf);
  if (!f) return undefined;
  const d = compositeDerivative(f);
  try {
    return {
      leaf,
      d: elementwise(d, leaf, COMPOSITE_VARIABLE),
      identity: `${printPlain(f)}' = ${printPlain(d)}*u', element-wise`,
      at: (u) => ({ f: elementwise(f, u, COMPOSITE_VARIABLE), d: elementwise(d, u, COMPOSITE_VARIABLE) }),
    };
  } catch (err) {
    if (err instanceof InputError) return undefined;
    throw err;
  }
}
const compositeDerivatives = new Map<string, scalar.Expr>();
const MAX_COMPOSITES = 1000;

/** F' simplified, once per F. */
function compositeDerivative(f: scalar.Expr): scalar.Expr {
  const known = compositeDerivatives.get(f.key);
  if (known) return known;
  const d = simplify(derivative(f, COMPOSITE_VARIABLE).result, { deadline: performance.now() + COMPOSITE_SIMPLIFY_MS, source: f });
  // a long session meets few distinct composites; the bound only keeps a pathological one from growing
  if (compositeDerivatives.size >= MAX_COMPOSITES) compositeDerivatives.clear();
  compositeDerivatives.set(f.key, d);
  return d;
}

/**
 * The one array the innermost functions of a composition apply to (v in log(1 + exp(2v))), when
 * some function applies to another; multiples of v count as v.
 */
function innermostArgument(e: MExpr & { kind: 'fn' }): MExpr | undefined {
  let leaf: MExpr | undefined;
  let nested = false;
  const visit = (x: MExpr, insideFunction: boolean): boolean => {
    if (x.kind === 'fn') {
      nested ||= insideFunction;
      if (containsFunction(x.arg)) return visit(x.arg, true);
      const [, v] = splitCoeff(x.arg);
      if (leaf && leaf.key !== v.key) return false;
      leaf = v;
      return true;
    }
    return childrenOfStructure(x).every((c) => visit(c, insideFunction));
  };
  return visit(e, false) && nested && leaf && leaf.shape.join() === e.shape.join() ? leaf : undefined;
}

/** A number, or an array of one number (ones, c*ones). */
const isConstant = (x: MExpr): boolean => x.kind === 'num' || x.kind === 'ones' || (x.kind === 'scale' && x.factors.length === 0 && x.body?.kind === 'ones');
/** Whether a function or a comparison is anywhere in `x`: a sum or product without one is an array of its own. */
const hasFunction = (x: MExpr): boolean => x.kind === 'fn' || x.kind === 'compare' || children(x).some(hasFunction);
const containsFunction = (x: MExpr): boolean => x.kind === 'fn' || childrenOfStructure(x).some(containsFunction);

/** The parts of an element-wise sum, product, power or multiple; none for anything else. */
function childrenOfStructure(x: MExpr): readonly MExpr[] {
  switch (x.kind) {
    case 'add': return x.terms;
    case 'hadamard': return x.factors;
    case 'pow': return [x.base];
    case 'scale': return x.factors.length === 0 && x.body ? [x.body] : [];
    default: return [];
  }
}

/** A composite's variable: F has no other symbol, so the name the identity shows is safe. */
export const COMPOSITE_VARIABLE = 'u';

/** A scalar function F of COMPOSITE_VARIABLE applied entry by entry to one array, `leaf`. */
export interface ElementwiseFunction { readonly leaf: MExpr; readonly f: scalar.Expr; readonly at: (s: scalar.Expr) => MExpr }

/**
 * `e` as one scalar function applied entry by entry to one array: Huber's loss where(|r| <= 1, r²/2,
 * |r| − 1/2) with r = X*w − y, its functions, comparisons, sums, products and powers all of r (or its
 * multiples). Undefined when another array or symbol takes part, or when `e` is the array itself.
 */
export function asElementwiseFunction(e: MExpr): ElementwiseFunction | undefined {
  let leaf: MExpr | undefined;
  // through functions, comparisons, products and powers down to the array; a sum or product without
  // functions is the array (X*w − y, y.*(X*w)), or a shift of one (x − 1 in relu(x − 1))
  const visit = (x: MExpr): boolean => {
    if (isConstant(x)) return true;
    if (x.kind === 'fn') return visit(x.arg);
    if (x.kind === 'compare') return visit(x.left) && visit(x.right);
    if (x.kind === 'add' && !hasFunction(x)) {
      const varying = x.terms.filter((t) => !isConstant(t));
      if (varying.length === 1) return visit(varying[0]);
    }
    const parts = (x.kind === 'add' || x.kind === 'hadamard') && !hasFunction(x) ? [] : childrenOfStructure(x);
    if (parts.length > 0) return parts.every(visit);
    const [, v] = splitCoeff(x);
    if (leaf && leaf.key !== v.key) return false;
    leaf = v;
    return true;
  };
  if (!visit(e) || !leaf || leaf.key === e.key || leaf.shape.join() !== e.shape.join()) return undefined;
  const f = asScalarFunction(e, leaf);
  const array = leaf;
  return f && { leaf, f, at: (s) => elementwise(s, array, COMPOSITE_VARIABLE) };
}

/** `e` as a scalar function of COMPOSITE_VARIABLE standing for `leaf`, or undefined when it has other arrays or symbols. */
function asScalarFunction(e: MExpr, leaf: MExpr): scalar.Expr | undefined {
  if (e.key === leaf.key) return scalar.sym(COMPOSITE_VARIABLE);
  const parts = (xs: readonly MExpr[]) => {
    const out = xs.map((x) => asScalarFunction(x, leaf));
    return out.every((x) => x !== undefined) ? out as scalar.Expr[] : undefined;
  };
  switch (e.kind) {
    case 'num': return scalar.num(e.value);
    case 'const': return e.name === 'pi' ? scalar.PI : scalar.E;
    case 'ones': return scalar.ONE;
    case 'fn': {
      const a = asScalarFunction(e.arg, leaf);
      if (!a) return undefined;
      if (e.name === 'exp') return scalar.pow(scalar.E, a);
      if (e.name === 'sqrt') return scalar.pow(a, scalar.num(Rational.HALF));
      return call(e.name, [a]);
    }
    case 'pow': {
      const b = asScalarFunction(e.base, leaf);
      return b && scalar.pow(b, scalar.num(e.exp));
    }
    case 'compare': { const sides = parts([e.left, e.right]); return sides && call(e.op, sides); }
    case 'add': { const ts = parts(e.terms); return ts && scalar.add(...ts); }
    case 'hadamard': { const fs = parts(e.factors); return fs && scalar.mul(...fs); }
    case 'scale': {
      if (e.factors.length > 0 || !e.body) return undefined;
      const b = asScalarFunction(e.body, leaf);
      return b && scalar.mul(scalar.num(e.coeff), b);
    }
    default: return undefined;
  }
}

/** f(u) written with the functions a notation has (`available`), entry by entry: sec(u) → 1./cos(u). */
export function lowerElementwise(name: ElemFn, u: MExpr, available: ReadonlySet<string>): MExpr | undefined {
  if (available.has(name) || name === 'sigmoid' || !FUNCTIONS.has(name)) return undefined;
  const lowered = lowerFor(call(name, [scalar.sym(ARG)]), available);
  if (lowered.kind === 'call' && lowered.fn === name) return undefined;
  try {
    return elementwise(lowered, u);
  } catch (e) {
    // a rewrite through a function of two arguments (relu(u) = max(u, 0)) has no element-wise form: the name stays
    if (e instanceof InputError) return undefined;
    throw e;
  }
}
