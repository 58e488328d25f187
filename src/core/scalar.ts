// Scalar calculus's reading of the surface syntax: a selection route.ts found free of arrays becomes
// the expression tree here, every operator with its scalar meaning (element-wise or not, a product is
// a product) and every call through the function table.
import { InputError } from './api';
import { checkDeadline } from './budget';
import { add, E, Expr, MINUS_ONE, mul, neg, num, PI, pow, sym } from './expr';
import { call, FUNCTIONS, logBase, SHORTHANDS } from './functions';
import { evaluatedInPlace } from './operators';
import { ARRAY_FUNCTIONS, BinOp, indicatorOfConditions, LOGIC, Syn, shapeRefusal, whereOfConditions } from './syntax';

const SUMS: ReadonlySet<BinOp> = new Set(['add', 'sub', 'badd', 'bsub']);
const PRODUCTS: ReadonlySet<BinOp> = new Set(['mul', 'emul', 'div', 'ediv', 'cdot', 'solve']);
const INVERTS: ReadonlySet<BinOp> = new Set(['div', 'ediv']);

/** The scalar expression a selection's syntax means. Throws InputError (with the column) on what has no scalar meaning. */
export function toScalar(s: Syn): Expr {
  checkDeadline();
  try {
    return lower(s);
  } catch (error) {
    // a constructor's refusal (divides by zero, a huge power) is reported where its node was written
    if (error instanceof InputError && error.offset < 0) throw new InputError(error.detail, s.at);
    throw error;
  }
}

function lower(s: Syn): Expr {
  switch (s.t) {
    case 'num': return num(s.value, s.decimal ?? false);
    case 'const': return s.name === 'pi' ? PI : E;
    case 'sym': return sym(s.name);
    case 'str': throw new InputError(`unexpected string '${s.value}'`, s.at);
    case 'neg': return neg(toScalar(s.arg));
    // the transpose of a scalar is the scalar (MATLAB x', Julia x')
    case 'transpose': return toScalar(s.arg);
    case 'call': {
      // a condition joined by and, or, not: where(a and b, u, v) = where(a, where(b, u, v), v); as a
      // value, its indicator (a and b is a·b)
      const logic = s.fn === 'where' && s.args.length === 3 ? whereOfConditions(s.args, s.at, s.text) : LOGIC.has(s.fn) ? indicatorOfConditions(s) : undefined;
      if (logic) return toScalar(logic);
      // MATLAB's x(:) of a scalar is the scalar
      if (s.fn === 'vec' && s.args.length === 1) return toScalar(s.args[0]);
      if (s.fn === 'shape') throw shapeRefusal(s);
      // |x| of a scalar is its absolute value (of a matrix, its determinant)
      return applyFunction(s.fn === 'bars' ? 'abs' : s.fn, s.args.map(toScalar), s.at, s.text);
    }
    // an operator inside the expression (x + d/dx x²) is evaluated where it stands
    case 'derivative': return evaluatedInPlace(toScalar(s.arg), s.wrt, s.at);
    case 'bin':
      if (SUMS.has(s.op)) return add(...chain(s, SUMS).map(([op, e]) => (op === 'sub' || op === 'bsub' ? neg(e) : e)));
      if (PRODUCTS.has(s.op)) return mul(...chain(s, PRODUCTS).map(([op, e]) => (op && INVERTS.has(op) ? pow(e, MINUS_ONE) : e)));
      if (s.op === 'pow' || s.op === 'epow') return pow(toScalar(s.l), toScalar(s.r));
      throw new InputError(`'${s.text}' works on arrays: select a vector or matrix expression`, s.at);
  }
}

/**
 * The operands of a left-associative chain of one precedence (a + b - c, a*b/c\d), each with the
 * operator before it, read along the left side without recursion: a sum of 10,000 terms is
 * canonicalised once. A left division a\b is b/a: its left operand joins as a divisor.
 */
function chain(s: Syn, level: ReadonlySet<BinOp>): [BinOp | undefined, Expr][] {
  const rights: [BinOp, Syn][] = [];
  let first: Syn = s;
  while (first.t === 'bin' && level.has(first.op)) {
    rights.push([first.op, first.r]);
    first = first.l;
  }
  const out: [BinOp | undefined, Expr][] = [[undefined, toScalar(first)]];
  for (let i = rights.length - 1; i >= 0; i--) {
    const [op, r] = rights[i];
    if (op === 'solve') {
      // everything so far divides what comes after: (a*b)\c = c/(a*b)
      const divisor = mul(...out.map(([o, e]) => (o && INVERTS.has(o) ? pow(e, MINUS_ONE) : e)));
      out.splice(0, out.length, [undefined, toScalar(r)], ['div', divisor]);
    } else out.push([op, toScalar(r)]);
  }
  return out;
}

/**
 * A call of a function of the table (or a shorthand such as sinpi) with its arity checked; log with two
 * arguments is log(u, base). `written` is the name as the selection spelled it, for the message.
 */
export function applyFunction(fn: string, args: Expr[], at: number, written = fn): Expr {
  if (fn === 'log' && args.length === 2) return logBase(args[0], args[1]);
  if (ARRAY_FUNCTIONS.has(fn)) throw new InputError(`'${written}' works on arrays: select a vector or matrix expression`, at);
  const shorthand = SHORTHANDS.get(fn);
  const known = shorthand ?? FUNCTIONS.get(fn);
  if (!known && fn !== 'exp' && fn !== 'sqrt') throw new InputError(`unknown function '${written}'`, at);
  const arity = known?.arity ?? 1;
  if (args.length !== arity) throw new InputError(`'${written}' takes ${arity === 1 ? 'one argument' : `${arity} arguments`}, got ${args.length}`, at);
  return shorthand ? shorthand.expand(args) : call(fn, args);
}
