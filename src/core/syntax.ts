// The surface syntax: what every notation's one reader produces (src/core/dialects), operators with the
// meaning they have in their notation (a `*` that is a matrix product or a scaling, numpy's `@` on 1-D
// arrays, element-wise `.*`). A selection is read once; route.ts then decides, from this tree, whether
// it is scalar calculus (lowered to the expression tree by toScalar in scalar.ts) or matrix calculus
// (resolved into the matrix tree once the shapes are known, matrix/typecheck.ts).
import { InputError } from './api';
import { Rational } from './rational';

export type BinOp =
  /** + and − of equal shapes. */
  | 'add' | 'sub'
  /** + and − where a scalar broadcasts (numpy, MATLAB, Julia's .+). */
  | 'badd' | 'bsub'
  /** `*` in matrix notation: scaling when either side is a scalar, else the matrix product. */
  | 'mul'
  /** numpy's `@`: 1-D arrays are rows on the left and columns on the right; vector @ vector is the inner product. */
  | 'npmatmul'
  /** element-wise product and quotient; a scalar broadcasts. */
  | 'emul' | 'ediv'
  /** `/` in matrix notation: division by a scalar (or A/B = A*inv(B)). */
  | 'div'
  /** `^`: power of a scalar, or matrix power of a square matrix (MATLAB, Julia). */
  | 'pow'
  /** element-wise power by a constant. */
  | 'epow'
  /** A\b = inv(A)*b. */
  | 'solve'
  /** LaTeX's \cdot: the inner product of two vectors, else a product. */
  | 'cdot';

/** The constants every notation names (π and Euler's e). */
export type ConstantName = 'pi' | 'e';

export type Syn =
  /** `decimal`: written as a decimal (0.5, 1e-3), so results print it that way. */
  | { readonly t: 'num'; readonly value: Rational; readonly at: number; readonly decimal?: boolean }
  | { readonly t: 'const'; readonly name: ConstantName; readonly at: number }
  | { readonly t: 'sym'; readonly name: string; readonly at: number }
  | { readonly t: 'str'; readonly value: string; readonly at: number }
  | { readonly t: 'bin'; readonly op: BinOp; readonly l: Syn; readonly r: Syn; readonly at: number; readonly text: string }
  | { readonly t: 'neg'; readonly arg: Syn; readonly at: number }
  /** Transpose; `numpy` marks `.T`, which leaves a 1-D array as it is. */
  | { readonly t: 'transpose'; readonly arg: Syn; readonly at: number; readonly numpy?: boolean }
  | { readonly t: 'call'; readonly fn: string; readonly args: readonly Syn[]; readonly at: number; readonly text: string; readonly refuse?: ArrayRefusal; readonly writes?: WrittenAs }
  /**
   * A derivative operator written in the selection (LaTeX's \frac{d}{dx}(…), SymPy's diff(…, x)), which
   * the engine evaluates: `wrt` lists the variable once per order (d²/dx² → ['x', 'x'], ∂²/∂x∂y → ['x', 'y']).
   */
  | { readonly t: 'derivative'; readonly arg: Syn; readonly wrt: readonly string[]; readonly at: number };

/**
 * What the notation means by a call on an array that the engine cannot differentiate (MATLAB's
 * norm(M) is the spectral norm, Julia's exp(X) the matrix exponential): the refusal, per argument kind.
 */
export interface ArrayRefusal {
  /** When the argument is a matrix. */
  readonly matrix: string;
  /** When the argument is a vector (absent: a vector is fine). */
  readonly vector?: string;
}

/**
 * Canonical function names the readers map to: every function of the function table
 * (src/core/functions.ts: FUNCTIONS and SHORTHANDS, exp, sqrt; `log` with two arguments is log(u, base)),
 * element-wise on arrays when it has one argument, and sigmoid; on arrays only:
 * sum and prod (all entries), colsum and colprod (MATLAB's sum and prod of a matrix: each column's), tr det logdet inv diag norm1 norm2 (entry-wise:
 * Euclidean, or Frobenius for a matrix), ones_like zeros_like, shapeof (X.shape[i] as a dimension),
 * colmean (MATLAB's mean: of a matrix, its column means), bars (|X|: det of a matrix, abs otherwise),
 * eye ones zeros (dimensions as arguments; no argument: sized by the context), outer, dot (the Frobenius
 * inner product), inner (numpy's: sums over the last axes, W V' for matrices), npdot (numpy's dot: the
 * matrix product, or scaling by a scalar), matvec (TensorFlow's: a matrix times a vector), column (numpy's
 * v[:, None]: a vector broadcast along a matrix's columns), slice (x[1:], theta(2:end): the vector and, as
 * numbers, how many entries are dropped at its start and at its end), differences (np.diff, MATLAB's and Julia's
 * diff of a vector: x[1:] - x[:-1]), amax and amin (np.max, MATLAB's max of a vector, Julia's maximum: the largest and smallest entry),
 * size (the number of entries), shape (MATLAB's and Julia's size(A), read inside ones and zeros only: shapeRefusal).
 */
export const ARRAY_FUNCTIONS: ReadonlySet<string> = new Set([
  'sum', 'prod', 'colsum', 'colprod', 'colmean', 'tr', 'det', 'logdet', 'inv', 'diag', 'norm1', 'norm2', 'eye', 'ones', 'zeros', 'outer', 'dot', 'inner', 'npdot', 'matvec', 'column', 'slice', 'differences', 'amax', 'amin',
]);

/** What a selection held: the expression, the name it was assigned to, and the numpy prefix if any. */
export interface ParsedMatrix {
  syn: Syn;
  assignedTo?: string;
  /** numpy module prefix used in the selection or the document (`np`). */
  prefix?: string;
}

/** A decimal literal read exactly; one too large to hold is refused with its column. */
export function numberAt(text: string, at: number): Rational {
  try {
    return Rational.parseDecimal(text);
  } catch (e) {
    if (e instanceof InputError && e.offset < 0) throw new InputError(e.detail, at);
    if (e instanceof SyntaxError) throw new InputError(`'${text.length > 20 ? text.slice(0, 17) + '…' : text}' is not a number`, at);
    throw e;
  }
}

/** The operands of a node, in reading order. */
export function operands(s: Syn): readonly Syn[] {
  switch (s.t) {
    case 'neg': case 'transpose': case 'derivative': return [s.arg];
    case 'bin': return [s.l, s.r];
    case 'call': return s.args;
    default: return [];
  }
}

/** What a gamma call of the syntax stands for where the selection wrote it (results write it back so: factorials.ts). */
export type WrittenAs = 'factorial' | 'binomial';

/** The factorial n! as the gamma function Γ(n + 1), how every notation's factorial is read (LaTeX's and plain n!, factorial(n)). */
export function factorialSyn(n: Syn, at: number, text: string, writes: WrittenAs = 'factorial'): Syn {
  return { t: 'call', fn: 'gamma', args: [{ t: 'bin', op: 'add', l: n, r: { t: 'num', value: Rational.ONE, at }, at, text: '+' }], at, text, writes };
}

/** The binomial coefficient C(n, k) = n!/(k!·(n − k)!) (DLMF 26.3.1), for real n and k by Γ: the binomial likelihood's. */
export function binomialSyn(n: Syn, k: Syn, at: number, text: string): Syn {
  // entry by entry where n or k is an array (scipy.special.comb(n, y) of a vector of counts)
  const factorial = (u: Syn) => factorialSyn(u, at, text, 'binomial');
  const lower: Syn = { t: 'bin', op: 'emul', l: factorial(k), r: factorial({ t: 'bin', op: 'bsub', l: n, r: k, at, text }), at, text };
  return { t: 'bin', op: 'ediv', l: factorial(n), r: lower, at, text };
}

/** How a selection writes factorials and binomial coefficients (read as Γ), by canonical name: results call them so. */
export function writtenFactorials(syn: Syn): Readonly<Record<string, string>> | undefined {
  let out: Record<string, string> | undefined;
  for (const s of walkSyn(syn)) if (s.t === 'call' && s.writes) (out ??= {})[s.writes] = s.text;
  return out;
}

/**
 * Which axis a slice takes: the first (a vector's entries, a matrix's rows: numpy's x[1:] and X[1:, :], MATLAB's
 * X(2:end, :)), the columns (X[:, 1:], X(:, 2:end)), or the entries alone (MATLAB's and Julia's x(2:end), which of a
 * matrix would index its entries in column order).
 */
export type SliceAxis = 'first' | 'columns' | 'entries';
const SLICE_AXES: readonly SliceAxis[] = ['first', 'columns', 'entries'];

/** A slice of an array (x[1:], theta(2:end), X[:, 1:]), read as how many entries it drops at the start and at the end of `axis`. */
export function sliceSyn(array: Syn, from: number, to: number, at: number, text: string, axis: SliceAxis = 'first'): Syn {
  const n = (v: number): Syn => ({ t: 'num', value: Rational.of(v), at });
  return { t: 'call', fn: 'slice', args: [array, n(from), n(to), n(SLICE_AXES.indexOf(axis))], at, text };
}

/** The axis of a slice sliceSyn made. */
export function sliceAxis(s: Syn & { t: 'call' }): SliceAxis { return SLICE_AXES[(s.args[3] as Syn & { t: 'num' }).value.toNumber()]; }

/** diff of a vector taken `times` times (np.diff(x, n=2), MATLAB's diff(x, 2)): each the next entry less the one before. */
export function differencesSyn(x: Syn, times: Syn | undefined, at: number, text: string): Syn {
  const k = times === undefined ? 1 : times.t === 'num' && times.value.isInteger && !times.value.isNegative ? Number(times.value.num) : NaN;
  if (!(k >= 1 && k <= 8)) throw new InputError(`'${text}' takes how many times to difference as a whole number from 1 to 8`, times?.at ?? at);
  let out = x;
  for (let i = 0; i < k; i++) out = { t: 'call', fn: 'differences', args: [out], at, text };
  return out;
}

/** Why a slice is not read: its length is a number of entries at a place the selection does not give. */
export const SLICE_BOUNDS = 'slices are read with the start counted from the front and the end from the back (x[1:], x[:-1], theta(2:end), x[2:end-1])';

/** n!! is the double factorial, not (n!)!. */
export const DOUBLE_FACTORIAL = "n!! is the double factorial, which is not supported (write (n!)! for the factorial of a factorial)";

/**
 * softmax(z) = e^z / Σ e^z, log_softmax(z) = z − log Σ e^z and logsumexp(z) = log Σ e^z of a vector, as the
 * notations that name them are read (NNlib's, LaTeX's \operatorname{softmax}); `total` sums the exponentials
 * (a notation may attach its refusal for matrices).
 */
export function softmaxFamilySyn(name: 'softmax' | 'log_softmax' | 'logsumexp', z: Syn, at: number, text: string, total: (exp: Syn) => Syn): Syn {
  const exp: Syn = { t: 'call', fn: 'exp', args: [z], at, text: 'exp' };
  const sum = total(exp);
  if (name === 'softmax') return { t: 'bin', op: 'ediv', l: exp, r: sum, at, text };
  const lse: Syn = { t: 'call', fn: 'log', args: [sum], at, text };
  return name === 'logsumexp' ? lse : { t: 'bin', op: 'bsub', l: z, r: lse, at, text };
}

/** f^{-1} as the inverse function where notations write it so (\sin^{-1} x, sin^-1(x) in plain math is arcsin). */
export const INVERSE_FUNCTIONS: Readonly<Record<string, string>> = { sin: 'asin', cos: 'acos', tan: 'atan', sinh: 'asinh', cosh: 'acosh', tanh: 'atanh', cot: 'acot', sec: 'asec', csc: 'acsc' };

/** Whether an exponent as read is −1 (f^{-1}): {-1} or -1. */
export function isMinusOne(s: Syn): boolean {
  if (s.t === 'num') return s.value.equals(Rational.MINUS_ONE);
  return s.t === 'neg' && s.arg.t === 'num' && s.arg.value.equals(Rational.ONE);
}

/**
 * size(A) with no dimension (MATLAB, Julia) is A's shape, read as the argument of ones and zeros alone
 * (ones(size(A)) is ones_like(A)); elsewhere refused with this message.
 */
export function shapeRefusal(s: Syn & { t: 'call' }): InputError {
  return new InputError(`write ${s.text}(A, 1) or ${s.text}(A, 2) for a size, or ones(${s.text}(A)) for an array of A's shape`, s.at);
}

/** An equation where an expression was expected: what to select instead, and where equations are differentiated. */
export const UNEXPECTED_EQUALS = "unexpected '=': select an expression, or y = expression; an equation such as x^2 + y^2 = 25 is differentiated implicitly by Implicit Derivative";

/** The normal distribution's functions (scipy.stats.norm's names): density, cumulative, survival, and their logs. */
export type NormalFunction = 'pdf' | 'logpdf' | 'cdf' | 'logcdf' | 'sf' | 'logsf';

/**
 * A normal distribution's function at x, with mean `loc` and standard deviation `scale` (0 and 1 when
 * absent), as scipy.stats.norm and MATLAB's normpdf define it, at z = (x − loc)/scale: the density
 * φ(z)/scale and its log −z²/2 − log(scale·√(2π)), the cdf Φ(z), the sf Φ(−z), and their logs; entry by
 * entry on arrays. `names`: how the notation calls Φ and φ (norm.cdf, normcdf), which results call too.
 */
export function normalSyn(fn: NormalFunction, x: Syn, loc: Syn | undefined, scale: Syn | undefined, at: number, text: string, names = { cdf: text, pdf: text }): Syn {
  const num = (v: Rational): Syn => ({ t: 'num', value: v, at });
  const bin = (op: BinOp, symbol: string, l: Syn, r: Syn): Syn => ({ t: 'bin', op, l, r, at, text: symbol });
  const call = (f: string, a: Syn): Syn => ({ t: 'call', fn: f, args: [a], at, text });
  const centred = loc ? bin('bsub', '-', x, loc) : x;
  const z = scale ? bin('ediv', '/', centred, scale) : centred;
  const sqrt2pi = call('sqrt', bin('emul', '*', num(Rational.of(2)), { t: 'const', name: 'pi', at }));
  const halfSquare = bin('ediv', '/', bin('epow', '^', z, num(Rational.of(2))), num(Rational.of(2)));
  const density: Syn = { t: 'call', fn: 'normpdf', args: [z], at, text: names.pdf };
  const below = (u: Syn): Syn => ({ t: 'call', fn: 'normcdf', args: [u], at, text: names.cdf });
  const above = below({ t: 'neg', arg: z, at });
  switch (fn) {
    case 'pdf': return scale ? bin('ediv', '/', density, scale) : density;
    case 'logpdf': return bin('bsub', '-', { t: 'neg', arg: halfSquare, at }, scale ? bin('badd', '+', call('log', scale), call('log', sqrt2pi)) : call('log', sqrt2pi));
    case 'cdf': return below(z);
    case 'logcdf': return call('log', below(z));
    case 'sf': return above;
    case 'logsf': return call('log', above);
  }
}

/**
 * The activations code defines for itself, read by name where C or JavaScript calls them (neither standard
 * library has them), by canonical name: results call them as the selection does (writtenFunctions).
 */
export const OWN_ACTIVATIONS: Readonly<Record<string, string>> = {
  sigmoid: 'sigmoid', logistic: 'sigmoid', log_sigmoid: 'log_sigmoid', softplus: 'softplus', relu: 'relu', silu: 'silu', swish: 'silu', gelu: 'gelu',
};
export const OWN_ACTIVATION_NAMES: ReadonlySet<string> = new Set(Object.values(OWN_ACTIVATIONS));

/**
 * The functions among `names` a selection calls, by canonical name, as it spells them (Julia's logistic
 * for sigmoid): a function the selection calls is one its code has, so results may call it too.
 */
export function writtenFunctions(syn: Syn, names: ReadonlySet<string>): Readonly<Record<string, string>> | undefined {
  let out: Record<string, string> | undefined;
  for (const s of walkSyn(syn)) if (s.t === 'call' && names.has(s.fn)) (out ??= {})[s.fn] = s.text;
  return out;
}

/**
 * Every node of a tree, parents before children and left before right, without recursion: a
 * left-associative chain (a sum of ten thousand terms) is as deep as it is long. `into` decides
 * which operands of a node to visit (all by default).
 */
export function* walkSyn(root: Syn, into: (s: Syn) => readonly Syn[] = operands): Generator<Syn> {
  const stack: Syn[] = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    yield s;
    const kids = into(s);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

/** Sums along one axis: the sum of an expression, how many entries each sums, and the sum kept where it broadcasts back. */
export interface AxisReduction { sum(e: Syn): Syn; readonly count: Syn; kept(e: Syn): Syn }

/**
 * The variance of x's entries (the standard deviation when `std`): the squares of the deviations from
 * their mean, summed, over their number less `ddof` (numpy's name; MATLAB, Julia and PyTorch default
 * to 1). `along`: per row or column (numpy's axis=, MATLAB's columns), each entry's deviation from its
 * own row's or column's mean.
 */
export function varianceSyn(x: Syn, ddof: Syn, std: boolean, at: number, text: string, along?: AxisReduction): Syn {
  const bin = (op: BinOp, l: Syn, r: Syn): Syn => ({ t: 'bin', op, l, r, at, text });
  const call = (fn: string, args: Syn[]): Syn => ({ t: 'call', fn, args, at, text });
  const sum = along ? along.sum : (e: Syn) => call('sum', [e]);
  const count = along ? along.count : call('size', [x]);
  const mean = bin('ediv', along ? along.sum(x) : call('sum', [x]), count);
  const deviations = bin('bsub', x, along ? along.kept(mean) : mean);
  const squares = sum(bin('epow', deviations, { t: 'num', value: Rational.of(2), at }));
  const variance = bin('ediv', squares, ddof.t === 'num' && ddof.value.isZero ? count : bin('sub', count, ddof));
  return std ? call('sqrt', [variance]) : variance;
}

/** The 1- or 2-norm of x's entries, summed by `sum` (all of them, or along an axis): sum(abs(x)), sqrt(sum(x.^2)). */
export function vectorNormSyn(x: Syn, p: 1 | 2, sum: (e: Syn) => Syn, at: number, text: string): Syn {
  const call = (fn: string, arg: Syn): Syn => ({ t: 'call', fn, args: [arg], at, text });
  return p === 1 ? sum(call('abs', x)) : call('sqrt', sum({ t: 'bin', op: 'epow', l: x, r: { t: 'num', value: Rational.of(2), at }, at, text }));
}

/** A number literal with the signs written before it (-2, - -3): its value, and whether it was written as a decimal. */
export function signedNumber(s: Syn): { value: Rational; decimal: boolean } | undefined {
  if (s.t === 'num') return { value: s.value, decimal: !!s.decimal };
  const inner = s.t === 'neg' ? signedNumber(s.arg) : undefined;
  return inner && { value: inner.value.neg(), decimal: inner.decimal };
}

/** The comparisons of the function table (gt: u > v), which arrays apply entry by entry. */
export type Comparison = 'gt' | 'ge' | 'lt' | 'le';
/** Where a comparison fails, this comparison of the same sides holds: not (u > v) is u <= v. */
export const COMPLEMENT: Readonly<Record<string, Comparison>> = { gt: 'le', ge: 'lt', lt: 'ge', le: 'gt' };
/** The functions joining conditions. */
export const LOGIC: ReadonlySet<string> = new Set(['and', 'or', 'not']);
/** The comparisons and the conditions joining them: values 1 or 0 (integers, in C). */
export const PREDICATES: ReadonlySet<string> = new Set([...Object.keys(COMPLEMENT), ...LOGIC]);

/** where(c, a, b) with c joined by and, or, not, as wheres of its parts; undefined when c is not so joined. */
export function whereOfConditions([c, a, b]: readonly Syn[], at: number, text: string): Syn | undefined {
  if (c.t !== 'call' || !LOGIC.has(c.fn)) return undefined;
  const where = (cond: Syn, x: Syn, y: Syn): Syn => ({ t: 'call', fn: 'where', args: [cond, x, y], at, text });
  const [p, q] = conditionsOf(c);
  if (c.fn === 'not') return where(p, b, a);
  return c.fn === 'and' ? where(p, where(q, a, b), b) : where(p, a, where(q, a, b));
}

/** A condition joined by and, or, not, used as a number (entry by entry): a·b, a + b − a·b, 1 − a. */
export function indicatorOfConditions(c: Syn & { t: 'call' }): Syn {
  const [p, q] = conditionsOf(c);
  const bin = (op: BinOp, l: Syn, r: Syn): Syn => ({ t: 'bin', op, l, r, at: c.at, text: c.text });
  if (c.fn === 'not') return bin('bsub', { t: 'num', value: Rational.ONE, at: c.at }, p);
  return c.fn === 'and' ? bin('emul', p, q) : bin('bsub', bin('badd', p, q), bin('emul', p, q));
}

/** The operands of and, or, not: comparisons (or conditions joined again); a number there is refused. */
function conditionsOf(c: Syn & { t: 'call' }): Syn[] {
  for (const a of c.args) {
    if (a.t === 'call' && PREDICATES.has(a.fn)) continue;
    throw new InputError(c.fn === 'not' ? `'${c.text}' negates a condition: write a comparison after it (${c.text}(x > 0))`
      : `'${c.text}' joins conditions: write comparisons on both sides (x > 0 ${c.text} x < 1)`, a.at);
  }
  return [...c.args];
}

/** A copy of a (small) tree with `f` applied to each node after its operands. */
export function mapSyn(s: Syn, f: (s: Syn) => Syn): Syn {
  switch (s.t) {
    case 'neg': case 'transpose': case 'derivative': return f({ ...s, arg: mapSyn(s.arg, f) });
    case 'bin': return f({ ...s, l: mapSyn(s.l, f), r: mapSyn(s.r, f) });
    case 'call': return f({ ...s, args: s.args.map((a) => mapSyn(a, f)) });
    default: return f(s);
  }
}

/** `s` with `value` for the symbol `name`. */
export function substituted(s: Syn, name: string, value: Syn): Syn {
  return mapSyn(s, (n) => (n.t === 'sym' && n.name === name ? value : n));
}

/** The most terms a sum or product over a number is written out to. */
const MAX_WRITTEN_TERMS = 100;

/** The whole numbers from `first` to `last` by `step` (Python's range, Julia's first:step:last), at most one past MAX_WRITTEN_TERMS. */
export function wholeNumbers(first: number, last: number, step = 1): number[] {
  const out: number[] = [];
  if (step === 0) return out;
  for (let k = first; (step > 0 ? k <= last : k >= last) && out.length <= MAX_WRITTEN_TERMS; k += step) out.push(k);
  return out;
}

/**
 * A sum or product whose body uses its index as a number (x^k, sin(n*x)/n, k!), over whole numbers,
 * written out term by term: the sum of x^k/k! for k from 0 to 3 is 1 + x + x^2/2 + x^3/6. `written`
 * names the loop in refusals (\\sum_{k=0}^{n}, range(5)), made at `at`.
 */
export function termByTerm(body: Syn, index: string, values: readonly number[], reduction: string, written: string, at: number): Syn {
  if (reduction !== 'sum' && reduction !== 'prod') throw new InputError(`'${written}' over a number ${index} is not read: sums and products over a number are written out term by term`, at);
  if (values.length === 0) throw new InputError(`'${written}' has no terms: its upper limit is below its lower one`, at);
  if (values.length > MAX_WRITTEN_TERMS) throw new InputError(`'${written}' has more than ${MAX_WRITTEN_TERMS} terms: at most ${MAX_WRITTEN_TERMS} are written out`, at);
  const terms = values.map((k) => substituted(body, index, k < 0 ? { t: 'neg', arg: { t: 'num', value: Rational.of(-k), at }, at } : { t: 'num', value: Rational.of(k), at }));
  return terms.reduce((l, r) => ({ t: 'bin', op: reduction === 'sum' ? 'add' : 'mul', l, r, at, text: written }));
}

/** The marker of x[i] in a sum over its index i (Python's range(len(x)), Julia's 1:length(x)): every entry of x in turn, for ofEveryEntry. */
export const ENTRY_AT = 'entry_at';

/**
 * The body of a sum over an index i (Python's range(len(x)), Julia's 1:length(x)), its entries x[i] and
 * x[i + j] read as ENTRY_AT markers, as a whole-array expression: every entry of `array` in turn
 * (ofEveryEntry). Over the array's length less `short`, x[i + j] is the slice without j entries at its
 * start and short − j at its end (Rosenbrock's x[i + 1] - x[i]^2). `length` writes a length as the
 * notation does (len(x), length(x)) for the refusals, made at `at`.
 */
export function overIndex(body: Syn, index: string, array: string, short: number, length: (name: string) => string, at: number): Syn {
  const nodes = [...walkSyn(body)];
  if (!nodes.some((u) => u.t === 'call' && u.fn === ENTRY_AT && u.text === array)) throw new InputError(`the range runs over ${array}'s entries, which the body does not index: write ${array}[${index}]`, at);
  const loose = nodes.find((u) => u.t === 'sym' && u.name === index);
  if (loose) throw new InputError(`the index ${index} itself is not read, only entries such as ${array}[${index}]`, loose.at);
  const entry = (u: Syn & { t: 'call' }): Syn => {
    const ahead = (u.args[1] as (Syn & { t: 'num' }) | undefined)?.value.toNumber() ?? 0;
    if (ahead > short) throw new InputError(`${u.text}[${index} + ${ahead}] is past the end of ${u.text} at the last ${index} of the range: run it to ${length(u.text)} - ${ahead}`, u.at);
    return short === 0 ? u.args[0] : sliceSyn(u.args[0], ahead, short - ahead, u.at, u.text);
  };
  return ofEveryEntry(body, (u) => (u.t === 'call' && u.fn === ENTRY_AT ? entry(u) : undefined));
}

/** Operations on scalars as the element-wise operations they are on every entry of an array. */
export const ENTRYWISE: Readonly<Partial<Record<BinOp, BinOp>>> = { add: 'badd', sub: 'bsub', mul: 'emul', div: 'ediv', pow: 'epow' };

/**
 * A body written for one entry, applied to every entry: where `arrayOf` finds an entry (Julia's lambda
 * parameter in sum(v -> v^2 + c, x), Python's `xi` of `for xi in x` or `x[i]` of `for i in range(len(x))`),
 * the array; operations and calls on it element-wise. A reduction of an entry (sum(v) in the body) would
 * reduce the array instead, so it is refused.
 */
export function ofEveryEntry(body: Syn, arrayOf: (s: Syn) => Syn | undefined): Syn {
  // asked at every level of the body: remembered, so a long body is walked once
  const known = new Map<Syn, boolean>();
  const uses = (s: Syn): boolean => {
    let u = known.get(s);
    if (u === undefined) known.set(s, (u = arrayOf(s) !== undefined || operands(s).some(uses)));
    return u;
  };
  const map = (s: Syn): Syn => {
    const array = arrayOf(s);
    if (array) return array;
    switch (s.t) {
      case 'neg': return { ...s, arg: map(s.arg) };
      // an entry is a number, its own transpose
      case 'transpose': return uses(s.arg) ? map(s.arg) : s;
      case 'bin': {
        const [l, r] = [uses(s.l), uses(s.r)];
        if (!l && !r) return s;
        // c*v, v/c and c/v stay products by a scalar, so the captured c is read as one (c .* x would make it a vector)
        if (s.op === 'div' && r && !l) return { ...s, op: 'mul', r: { ...s, op: 'ediv', l: { t: 'num', value: Rational.ONE, at: s.at }, r: map(s.r) } };
        const byScalar = (s.op === 'mul' && !(l && r)) || (s.op === 'div' && !r);
        return { ...s, op: byScalar ? s.op : ENTRYWISE[s.op] ?? s.op, l: map(s.l), r: map(s.r) };
      }
      case 'call': {
        if (!s.args.some(uses)) return s;
        if (ARRAY_FUNCTIONS.has(s.fn)) throw new InputError(`'${s.text}' of one entry is not supported (it would reduce the whole array)`, s.at);
        const { refuse: _, ...call } = s;
        return { ...call, args: s.args.map(map) };
      }
      default: return s;
    }
  };
  return map(body);
}
