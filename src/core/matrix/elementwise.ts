// Element-wise functions on arrays come from the scalar function table (src/core/functions.ts): a
// function of one argument there applies entry by entry here, with its derivative written there once
// and its rewrites for notations that lack it (sec u = 1/cos u in numpy) shared with the scalar printers.
import { InputError } from '../api';
import { derivative, RULE_IDENTITIES } from '../diff';
import * as scalar from '../expr';
import { call, FUNCTIONS } from '../functions';
import { lowerFor } from '../lower';
import { Rational } from '../rational';
import { add, ElemFn, fn, hadamard, MExpr, mul, num, ones, pow } from './expr';
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

/** A scalar expression in ARG applied entry by entry to `u`: + and · element-wise, numbers broadcast. */
function elementwise(e: scalar.Expr, u: MExpr): MExpr {
  const term = (t: MExpr) => (isScalar(t.shape) && !isScalar(u.shape) ? mul(t, ones(u.shape)) : t);
  switch (e.kind) {
    case 'num': return num(e.value);
    case 'sym': if (e.name === ARG) return u; break;
    case 'add': return add(...e.terms.map((t) => term(elementwise(t, u))));
    case 'mul': return hadamard(...e.factors.map((f) => elementwise(f, u)));
    case 'pow': {
      if (e.base === scalar.E) return fn('exp', elementwise(e.exp, u));
      if (e.exp.kind !== 'num') break;
      const base = elementwise(e.base, u);
      // u^(±1/2) reads as sqrt(u) and 1/sqrt(u)
      if (e.exp.value.den === 2n && e.exp.value.abs().num === 1n) return pow(fn('sqrt', base), e.exp.value.isNegative ? Rational.MINUS_ONE : Rational.ONE);
      return pow(base, e.exp.value);
    }
    case 'call': if (e.args.length === 1) return fn(e.fn, elementwise(e.args[0], u)); break;
    // erf' = 2/√π·e^(−u²): arrays have rational coefficients only
    case 'const': throw new InputError(`the derivative needs the constant ${e.name === 'pi' ? 'π' : 'e'}, which matrix expressions do not have`);
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
