// Differentiation by the rule table. Every rule application is recorded as a step, so the same
// derivation drives both the result and the explanation.
import { add, dependsOn, E, Expr, isNum, MINUS_ONE, mul, neg, num, ONE, pow, sub, ZERO } from './expr';
import { call, FUNCTIONS } from './functions';
import { InputError } from './api';
import { checkDeadline } from './budget';

/** A part of the differentiated expression a rule names (u, v, n, c…), with its derivative when the rule uses it. */
export interface StepPart {
  expr: Expr;
  derivative?: Expr;
}

export interface RawStep {
  rule: string;
  identity: string;
  before: Expr;
  after: Expr;
  depth: number;
  /** The rule's parts in its identity's order (src/core/steps.ts names them), so the identity can be shown substituted. */
  parts: readonly StepPart[];
}

/** Identities of the structural rules (function identities live in the function table). */
export const RULE_IDENTITIES: Readonly<Record<string, string>> = {
  constant: "c' = 0",
  variable: "x' = 1",
  sum: "(u + v)' = u' + v'",
  constantMultiple: "(c*u)' = c*u'",
  product: "(u*v)' = u'*v + u*v'",
  quotient: "(u/v)' = (u'*v - u*v')/v^2",
  reciprocal: "(1/v)' = -v'/v^2",
  power: "(u^n)' = n*u^(n-1)*u'",
  exp: "(e^u)' = e^u*u'",
  exponential: "(a^u)' = a^u*log(a)*u'",
  generalPower: "(u^v)' = u^v*(v'*log(u) + v*u'/u)",
  chain: "f(u)' = f'(u)*u'",
};

export class Differentiator {
  /** Steps in the order a textbook shows them: each rule before the rules of its parts. */
  private readonly slots: (RawStep | undefined)[] = [];
  private readonly open: number[] = [];
  private readonly memo = new Map<string, Expr>();
  private depth = 0;

  get steps(): RawStep[] { return this.slots.filter((s): s is RawStep => s !== undefined); }

  constructor(private readonly wrt: string, private readonly record: boolean) {}

  diff(e: Expr): Expr {
    if (!dependsOn(e, this.wrt)) return ZERO;
    checkDeadline();
    const cached = this.memo.get(e.key);
    if (cached) return cached;
    this.depth++;
    if (this.record) this.open.push(this.slots.push(undefined) - 1);
    const out = this.rule(e);
    if (this.record) this.open.pop();
    this.depth--;
    this.memo.set(e.key, out);
    return out;
  }

  private note(rule: string, before: Expr, after: Expr, parts: readonly StepPart[], identity = RULE_IDENTITIES[rule]): Expr {
    if (this.record) this.slots[this.open[this.open.length - 1]] = { rule, identity, before, after, depth: this.depth - 1, parts };
    return after;
  }

  /** A part with its derivative. */
  private withDerivative(expr: Expr): StepPart {
    return { expr, derivative: this.diff(expr) };
  }

  private rule(e: Expr): Expr {
    switch (e.kind) {
      case 'sym': return this.note('variable', e, ONE, []);
      case 'add': {
        const parts = e.terms.map((t) => this.withDerivative(t));
        return this.note('sum', e, add(...parts.map((p) => p.derivative!)), parts);
      }
      case 'mul': return this.product(e.factors, e);
      case 'pow': return this.power(e);
      case 'call': return this.function(e.fn, e.args, e);
      default: return ZERO;
    }
  }

  private product(factors: readonly Expr[], whole: Expr): Expr {
    const constant = factors.filter((f) => !dependsOn(f, this.wrt));
    const varying = factors.filter((f) => dependsOn(f, this.wrt));
    if (constant.length > 0) {
      // (c·u)' = c·u'
      const c = mul(...constant), u = this.withDerivative(mul(...varying));
      return this.note('constantMultiple', whole, mul(c, u.derivative!), [{ expr: c }, u]);
    }
    const denominator = varying.filter((f) => f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.isNegative);
    const numerator = varying.filter((f) => !denominator.includes(f));
    if (denominator.length > 0 && numerator.length > 0) {
      // (u/v)' = (u'v − uv')/v²
      const u = mul(...numerator);
      const v = mul(...denominator.map((f) => pow(f, MINUS_ONE)));
      const du = this.diff(u), dv = this.diff(v);
      return this.note('quotient', whole, mul(sub(mul(du, v), mul(u, dv)), pow(v, num(-2))), [{ expr: u, derivative: du }, { expr: v, derivative: dv }]);
    }
    // (u·v·w)' = u'vw + uv'w + uvw'
    const parts = varying.map((f) => this.withDerivative(f));
    const terms = parts.map((p, i) => mul(p.derivative!, ...varying.filter((_, j) => j !== i)));
    return this.note('product', whole, add(...terms), parts);
  }

  private power(e: Expr & { kind: 'pow' }): Expr {
    const { base, exp } = e;
    const baseVaries = dependsOn(base, this.wrt);
    const expVaries = dependsOn(exp, this.wrt);
    if (baseVaries && !expVaries) {
      if (exp.kind === 'num' && exp.value.isNegative && isNum(exp, -1)) {
        // (1/v)' = −v'/v²
        const v = this.withDerivative(base);
        return this.note('reciprocal', e, neg(mul(v.derivative!, pow(base, num(-2)))), [v]);
      }
      // (uⁿ)' = n·uⁿ⁻¹·u'
      const u = this.withDerivative(base);
      return this.note('power', e, mul(exp, pow(base, sub(exp, ONE)), u.derivative!), [u, { expr: exp }]);
    }
    if (!baseVaries) {
      // (eᵘ)' = eᵘ·u',  (aᵘ)' = aᵘ·log(a)·u'
      const u = this.withDerivative(exp);
      if (base === E) return this.note('exp', e, mul(e, u.derivative!), [u]);
      return this.note('exponential', e, mul(e, call('log', [base]), u.derivative!), [{ expr: base }, u]);
    }
    // (uᵛ)' = uᵛ·(v'·log(u) + v·u'/u)
    const dv = this.diff(exp), du = this.diff(base);
    const parts = [{ expr: base, derivative: du }, { expr: exp, derivative: dv }];
    return this.note('generalPower', e, mul(e, add(mul(dv, call('log', [base])), mul(exp, du, pow(base, MINUS_ONE)))), parts);
  }

  private function(fn: string, args: readonly Expr[], e: Expr): Expr {
    const def = FUNCTIONS.get(fn);
    if (!def) throw new InputError(`cannot differentiate the function '${fn}'`);
    // where(c, a, b)' = where(c, a', b'): each branch's derivative where it holds (c is piecewise constant)
    if (fn === 'where') {
      const [a, b] = [this.withDerivative(args[1]), this.withDerivative(args[2])];
      return this.note(fn, e, call('where', [args[0], a.derivative!, b.derivative!]), [{ expr: args[0] }, a, b], def.identity);
    }
    // f(u, v)' = ∂f/∂u·u' + ∂f/∂v·v'; a constant argument is a part without a derivative
    const parts = args.map((a): StepPart => (dependsOn(a, this.wrt) ? this.withDerivative(a) : { expr: a }));
    const out = add(...parts.map((p, i) => (p.derivative ? mul(def.partial(args, i), p.derivative) : ZERO)));
    const isChain = args.length === 1 && args[0].kind !== 'sym';
    return this.note(isChain ? `chain:${fn}` : fn, e, out, parts, def.identity);
  }
}

export { TimeoutError } from './budget';

/** d/d(wrt) of e, once. Steps are recorded when `record` is true; throws TimeoutError past the deadline in force. */
export function derivative(e: Expr, wrt: string, record = false): { result: Expr; steps: RawStep[] } {
  const d = new Differentiator(wrt, record);
  const result = d.diff(e);
  return { result, steps: d.steps };
}
