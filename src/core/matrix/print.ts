// Printers: the matrix tree in each dialect's notation (MatrixCalculus.org syntax, numpy, MATLAB,
// Julia) and in LaTeX. One algorithm for the code dialects, a style per dialect.
import { checkDeadline } from '../budget';
import { Rational } from '../rational';
import { NUMPY_FUNCTIONS, NUMPY_NAMES, SCIPY_SPECIAL, tensorflowCall, TF_SPELLED } from '../dialects/python';
import { euclideanNormTex, exponentialTex, latexSymbol, parenthesized } from '../dialects/latex';
import { nameToGreek } from '../dialects/greek';
import { GAMMA_OUT, MATLAB_FUNCTIONS } from '../dialects/matlab';
import { JULIA_FIRST_ARGUMENTS, JULIA_FUNCTIONS, JULIA_OUT } from '../dialects/julia';
import { lowerElementwise } from './elementwise';
import { withWritten } from '../lower';
import { add, children, compare, complement, fn, hadamard, isElementwise, isSymmetric, isVectorOfOnes, isZero, logPowerParts, Masked, maskedFactors, maskedTerm, MAdd, MatFn, MCompare, MExpr, MOp, MPow, MSelect, mul, neg, num, ones, pow, repeatedOrientation, repeatedVector, splitCoeff, splitPow, sym, transpose } from './expr';
import { cols, Dim, isScalar, rows, SCALAR, Shape, shape2, splitShortened, transposeShape } from './shape';
import { conditionForms, holds, Literal, MAX_ATOMS } from '../truthTable';
import { pythonName } from '../dialects/pythonNames';

export type MatrixDialect = 'matrix' | 'python' | 'matlab' | 'julia' | 'latex';
export const MATRIX_DIALECTS: readonly MatrixDialect[] = ['matrix', 'python', 'matlab', 'julia', 'latex'];

const enum P { Compare = 0.5, Sum = 1, Product = 2, Unary = 3, Power = 4, Postfix = 5, Atom = 6 }
const TWO = Rational.of(2);

export interface CodeStyle {
  dialect: 'matrix' | 'python' | 'matlab' | 'julia';
  /** numpy module prefix (`np`), for python. */
  prefix?: string;
  /** How a dimension is written (numpy: `x.shape[0]`); the name itself by default. */
  dim?: (d: Dim) => string;
  /** A symbol of exactly this shape, for np.ones_like(X), MATLAB's ones(size(X)) and numel(X). */
  like?: (shape: readonly Dim[]) => string | undefined;
  /**
   * python: PyTorch, whose names are numpy's (with its prefix) but for sigmoid, relu and heaviside; or
   * TensorFlow, whose vectors are 1-D tensors that @ does not take (tf.linalg.matvec, tf.tensordot).
   */
  library?: 'torch' | 'tf';
  /** PyTorch and TensorFlow: a tensor of the selection, whose dtype new tensors take (tf.eye(n, dtype=x.dtype)). */
  tensor?: string;
  /** TensorFlow: vectors are n×1 tensors (the selection applies @ to them), products all @ with transposes written. */
  columns?: boolean;
  /** The selection writes decimals (0.5 * x): halves print as 0.5 too, not as a division by 2. */
  decimals?: boolean;
  /** Functions the notation lacks that the document has (MATLAB's sigmoid the selection calls, scipy.special's expit), by canonical name, as spelled there. */
  written?: Readonly<Record<string, string>>;
  /**
   * matlab: the selection writes sum(X, 'all'), so results may; otherwise a reduction of every entry is
   * written as Octave and every MATLAB run it: sum(X(:)) of a name, sum(sum(…)) of an expression.
   */
  allOption?: boolean;
  /** julia: the selection calls Statistics' mean, std or var, so results may (Base has none of them). */
  statistics?: boolean;
  /** python, PyTorch or TensorFlow: the selection calls math on its scalars (PythonStyle.mathScalars), so results do. */
  mathScalars?: boolean;
  /** python: the prefix of the special functions (scipy.special, jax.scipy.special, an alias), scipy.special unless said. */
  special?: string;
  /** Julia: the selection writes Unicode (θ, λ), so Greek names print as letters, as the scalar printer writes them. */
  unicode?: boolean;
  /** How the selection calls a vector's differences (np.diff, diff): x[1:] - x[:-1] prints so. */
  differences?: string;
  /** Keys of the vectors v whose squares the selection sums (np.sum(v**2)): v'v prints that way, not v @ v. */
  squaredSums?: ReadonlySet<string>;
}

const SQUARE = Rational.of(2n);

/** Keys of the vectors whose squares `e` sums (sum(v.^2)), for CodeStyle.squaredSums. */
export function squaredSumsIn(e: MExpr, out = new Set<string>()): Set<string> {
  if (e.kind === 'op' && e.name === 'sum' && e.arg.kind === 'pow' && e.arg.exp.equals(SQUARE) && e.arg.base.shape.length === 1) out.add(e.arg.base.key);
  for (const c of children(e)) squaredSumsIn(c, out);
  return out;
}

/** Prints `e` in a code dialect. */
export function printCode(e: MExpr, style: CodeStyle): string {
  return new CodePrinter(style).print(e, 0);
}

function exponentText(r: Rational): string {
  if (r.isInteger) return r.toString();
  return r.toDecimalString() ?? `(${r.toString()})`;
}

/**
 * A row v'·S₁·…·Sₖ of symmetric matrices as the column Sₖ·…·S₁·v, the same 1-D vector in numpy: the outer
 * product of inv(S) @ d with itself prints both sides alike (not inv(S) @ d beside d @ inv(S)).
 */
function asColumn(row: readonly MExpr[]): readonly MExpr[] {
  const [first, ...rest] = row;
  if (first.kind !== 'transpose' || first.arg.shape.length !== 1 || rest.length === 0 || !rest.every(isSymmetric)) return row;
  return [...rest].reverse().concat(first.arg);
}

class CodePrinter {
  private readonly py: boolean;
  private readonly jl: boolean;
  private readonly ml: boolean;
  private readonly np: string;
  private readonly tf: boolean;
  constructor(private readonly s: CodeStyle) {
    this.py = s.dialect === 'python';
    this.tf = s.library === 'tf';
    this.jl = s.dialect === 'julia';
    this.ml = s.dialect === 'matlab';
    this.np = s.prefix ?? 'np';
  }

  private get times() { return this.py ? ' * ' : '*'; }
  private get over() { return this.py ? ' / ' : '/'; }
  /** Element-wise product and quotient: spaced in Julia, where 1./x is a syntax error. */
  private get etimes() { return this.py ? ' * ' : this.jl ? ' .* ' : '.*'; }
  private get eover() { return this.py ? ' / ' : this.jl ? ' ./ ' : './'; }
  private dim(d: Dim): string { return this.s.dim ? this.s.dim(d) : String(d); }
  /** MatrixCalculus.org syntax and PyTorch have sigmoid; numpy, MATLAB and Julia write it as 1/(1 + exp(−u)). */
  private get writesSigmoid() { return this.s.dialect === 'matrix' || this.s.library === 'torch' || this.tf || this.s.written?.sigmoid !== undefined; }

  /**
   * A factor's base and exponent for a quotient: where sigmoid is written as a formula, sigmoid(u)^k
   * (and (1 − sigmoid(u))^k) is (1 + exp(−u))^−k, so y.*sigmoid(u) prints y./(1 + exp(-u)).
   */
  private quotientPart(f: MExpr): [MExpr, Rational] {
    const [base, exp] = powerOf(f);
    if (this.writesSigmoid) return [base, exp];
    const u = base.kind === 'fn' && base.name === 'sigmoid' ? base.arg : base.kind === 'add' ? sigmoidComplement(base) : undefined;
    return u ? [add(ones(u.shape), fn('exp', neg(u))), exp.neg()] : [base, exp];
  }

  print(e: MExpr, outer: P | 0): string {
    checkDeadline();
    const [text, prec] = this.render(e);
    return prec < outer ? `(${text})` : text;
  }

  private render(e: MExpr): [string, P] {
    // a clip's derivative, a difference of steps, is the mask it is: np.where((x > 0) & (x < 1), 2 * …, 0)
    const banded = this.s.dialect !== 'matrix' && (e.kind === 'add' || e.kind === 'scale' || e.kind === 'hadamard') ? withStepBands(e) : e;
    if (banded !== e) return this.render(banded);
    switch (e.kind) {
      case 'num': return this.number(e.value);
      case 'sym': return [this.jl && this.s.unicode ? nameToGreek(e.name) : this.py ? pythonName(e.name) : e.name, P.Atom];
      case 'const': return [this.constant(e.name), P.Atom];
      case 'zero': return [this.zeros(e.shape), P.Atom];
      // Julia: I(n) of LinearAlgebra, a Diagonal (a bare I has no size when it stands alone)
      case 'eye': return [this.py ? `${this.np}.eye(${this.dim(e.shape[0])}${this.dtype})` : this.jl ? `I(${this.dim(e.shape[0])})` : `eye(${this.dim(e.shape[0])})`, P.Atom];
      case 'ones': return [this.onesText(e.shape), P.Atom];
      case 'select': return [this.selection(e), P.Atom];
      case 'add': {
        // a sum of transposed matrices as the transpose of their sum, where that prints fewer: (X - c).T, not X.T - c[:, None]
        const transposes = this.s.dialect !== 'matrix' && e.shape.length === 2 && e.shape[0] !== 1 ? this.transposesIn(e) : 0;
        const flipped = transposes > 0 ? transpose(e) : undefined;
        if (flipped && this.transposesIn(flipped) + 1 <= transposes) return this.transpose(flipped);
        const clip = this.s.dialect !== 'matrix' ? clipOf(e) : undefined;
        if (clip) return [this.clipText(clip), P.Atom];
        const deviations = this.py ? columnSumsOfDeviations(e) : undefined;
        if (deviations) return this.scale(deviations.coeff, [], deviations.sums);
        const differenced = this.s.differences ? differencesOf(e) : undefined;
        // of a matrix, the differences of its rows: numpy's and Julia's diff take the last axis by default, MATLAB's the first
        const rows = differenced && differenced.shape.length === 2 && differenced.shape[1] !== 1 ? (this.py ? ', axis=0' : this.jl ? ', dims=1' : '') : '';
        if (differenced) return [`${this.s.differences}(${this.print(differenced, 0)}${rows})`, P.Atom];
        // 1 − sigmoid(u) is sigmoid(−u): one quotient where sigmoid is written as one
        const complement = this.writesSigmoid ? undefined : sigmoidComplement(e);
        return complement ? this.fn('sigmoid', complement) : this.sum(e.terms);
      }
      case 'scale': case 'hadamard': case 'compare': {
        const masked = this.writesWhere ? maskedFactors(e) : undefined;
        if (masked?.masks.length === 1) return this.where([{ mask: masked.masks[0], rest: masked.rest }]);
        if (masked) return this.jointWhereText({ terms: [], condition: [masked.masks], values: [masked.rest, num(0)] });
        const joined = this.writesWhere ? underJointMask(e) : undefined;
        if (joined) return this.jointWhereText({ terms: [], condition: joined.condition, values: [joined.rest, num(0)] });
        if (e.kind === 'compare') return [this.comparison(e), P.Compare];
        return e.kind === 'scale' ? this.scale(e.coeff, e.factors, e.body) : this.hadamard(e.factors);
      }
      case 'matmul': {
        const squares = this.squaredSum(e);
        return squares ? this.op('sum', squares) : this.repeatedLike(e) ?? this.matmul(e.factors);
      }
      case 'pow': return this.power(e.base, e.exp);
      case 'transpose': return this.transpose(e.arg);
      case 'fn': return this.fn(e.name, e.arg);
      case 'op': return e.name === 'sum' && e.arg.kind === 'ones' && this.s.dim ? this.count(e.arg.shape) : this.op(e.name, e.arg);
    }
  }

  /**
   * sum(u)/count(u) among a product's factors as the mean the code writes: np.mean(u) (torch.mean),
   * MATLAB's mean(u) of a vector (of a matrix it is the column means); the factors with it in their
   * place, or undefined. (Julia's mean needs the Statistics package: it keeps sum(u)/length(u) unless
   * the selection calls mean, std or var.)
   */
  private meanIn(factors: readonly MExpr[]): MExpr[] | undefined {
    if (!this.py && !this.ml && !this.s.statistics) return undefined;
    // sum(u)^m over the count's power k ≥ m: sum(x)²/n³ is mean(x)²/n
    const summed = (f: MExpr) => { const [b, m] = splitPow(f); return b.kind === 'op' && b.name === 'sum' && b.arg.kind !== 'ones' && m.isInteger && !m.isNegative ? { u: b.arg, m } : undefined; };
    const isCount = (f: MExpr, u: MExpr, m: Rational) => f.kind === 'pow' && f.exp.isInteger && f.exp.add(m).compare(Rational.ZERO) <= 0 && f.base.kind === 'op' && f.base.name === 'sum'
      && f.base.arg.kind === 'ones' && f.base.arg.shape.length === u.shape.length && f.base.arg.shape.every((d, i) => d === u.shape[i]);
    const i = factors.findIndex((f) => { const s = summed(f); return s && (!this.ml || s.u.shape.length === 1) && factors.some((g) => isCount(g, s.u, s.m)); });
    if (i < 0) return undefined;
    const { u, m } = summed(factors[i])!;
    const j = factors.findIndex((g) => isCount(g, u, m));
    const mean: MExpr = { kind: 'sym', name: `${this.py ? `${this.np}.${this.tf ? 'reduce_' : ''}` : ''}mean(${this.print(u, 0)})`, shape: [], key: '', symmetric: false };
    const count = factors[j] as MPow;
    const left = count.exp.add(m).isZero ? [] : [pow(count.base, count.exp.add(m))];
    return factors.flatMap((f, k) => (k === i ? [pow(mean, m)] : k === j ? left : [f]));
  }

  /** clip(u, lo, hi) as each notation writes it: np.clip, torch.clamp, tf.clip_by_value, MATLAB's min(max(…)), Julia's clamp. */
  private clipText(c: { u: MExpr; lo: Rational; hi: Rational }): string {
    // bounds as thresholds are written: -1.5, not -3 / 2
    const [u, lo, hi] = [this.print(c.u, 0), this.numberOrPrint(num(c.lo)), this.numberOrPrint(num(c.hi))];
    if (this.ml) return `min(max(${u}, ${lo}), ${hi})`;
    if (this.jl) return `clamp.(${u}, ${lo}, ${hi})`;
    if (this.s.library === 'torch') return `${this.np}.clamp(${u}, ${lo}, ${hi})`;
    if (this.tf) return `${this.np}.clip_by_value(${u}, ${lo}, ${hi})`;
    return `${this.np}.clip(${u}, ${lo}, ${hi})`;
  }

  /** π and e as each notation names them: np.pi, pi, ℯ (Julia), exp(1) (MATLAB). */
  private constant(name: 'pi' | 'e'): string {
    // TensorFlow has no constants of its own: Python's, as PyTorch code that calls math writes them
    if (this.py) return `${this.tf || this.s.mathScalars ? 'math' : this.np}.${name}`;
    if (name === 'pi') return 'pi';
    return this.ml ? 'exp(1)' : this.jl ? 'ℯ' : 'e';
  }

  /** The number of entries of a shape (np.mean's divisor, len(x)): its dimensions as the code writes them. */
  private count(shape: readonly Dim[]): [string, P] {
    const like = shape.length === 2 && shape[0] !== 1 ? this.s.like?.(shape) : undefined;
    // numpy's X.size is a number; PyTorch's is a method (its count is X.numel()); TensorFlow's tf.size an int32 tensor, which a float tensor is not divided by
    if (like && this.py) return [this.s.library === 'torch' ? `${like}.numel()` : this.tf ? `${like}.shape.num_elements()` : `${like}.size`, P.Postfix];
    if (like && (this.ml || this.jl)) return [`${this.ml ? 'numel' : 'length'}(${like})`, P.Atom];
    // a slice's length is a difference (x.shape[0] - 2): bracketed in a product
    const dims = shape.filter((d) => d !== 1).map((d): [string, P] => [this.dim(d), splitShortened(d)[1] > 0 ? P.Sum : P.Postfix]);
    return dims.length === 1 ? dims[0] : [dims.map(([t, p]) => (p === P.Sum ? `(${t})` : t)).join(this.times), P.Product];
  }

  private number(r: Rational): [string, P] {
    if (r.isInteger) return [r.toString(), r.isNegative ? P.Unary : P.Atom];
    const t = `${r.abs().num}${this.over}${r.den}`;
    return r.isNegative ? [`-${t}`, P.Unary] : [t, P.Product];
  }

  private zeros(shape: readonly Dim[]): string {
    const [r, c] = [shape[0], shape[1]];
    const like = this.s.like?.(shape);
    if (like && this.py) return `${this.np}.zeros_like(${like})`;
    // MATLAB's and Julia's zeros(size(X)) of a matrix
    if (like && (this.ml || this.jl) && shape.length === 2 && r !== 1) return `zeros(size(${like}))`;
    if (this.py) return shape.length === 1 ? `${this.np}.zeros(${this.vectorShape(r)}${this.dtype})` : `${this.np}.zeros((${this.dim(r)}, ${this.dim(c)})${this.dtype})`;
    if (this.ml) return shape.length === 1 ? `zeros(${this.dim(r)}, 1)` : `zeros(${this.dim(r)}, ${this.dim(c)})`;
    return shape.length === 1 ? `zeros(${this.dim(r)})` : `zeros(${this.dim(r)}, ${this.dim(c)})`;
  }

  private onesText(shape: readonly Dim[]): string {
    const [r, c] = [shape[0], shape[1]];
    const like = this.s.like?.(shape);
    if (like && this.py) return `${this.np}.ones_like(${like})`;
    if (like && (this.ml || this.jl) && shape.length === 2 && r !== 1) return `ones(size(${like}))`;
    if (this.py) return shape.length === 1 ? `${this.np}.ones(${this.vectorShape(r)}${this.dtype})` : r === 1 ? `${this.np}.ones(${this.s.columns ? `(1, ${this.dim(c)})` : this.dim(c)}${this.dtype})` : `${this.np}.ones((${this.dim(r)}, ${this.dim(c)})${this.dtype})`;
    if (this.ml) return shape.length === 1 ? `ones(${this.dim(r)}, 1)` : `ones(${this.dim(r)}, ${this.dim(c)})`;
    if (this.s.dialect === 'matrix' && shape.length === 2) return r === 1 ? `ones(${this.dim(c)})'` : `ones(${this.dim(r)})*ones(${this.dim(c)})'`;
    return shape.length === 1 ? `ones(${this.dim(r)})` : r === 1 ? `ones(${this.dim(c)})'` : `ones(${this.dim(r)}, ${this.dim(c)})`;
  }

  /** A vector's shape for np.ones: its length, or (n, 1) where vectors are TensorFlow columns. */
  private vectorShape(n: Dim): string { return this.s.columns ? `(${this.dim(n)}, 1)` : this.dim(n); }

  /** PyTorch and TensorFlow make new tensors float32 unless told (and multiply no float32 by a float64): the selection's dtype. */
  private get dtype(): string { return this.s.library && this.s.tensor ? `, dtype=${this.s.tensor}.dtype` : ''; }

  /** numpy, PyTorch and Julia write a masked array as where(c, a, b) (Julia: ifelse.), MATLAB as (c).*a. */
  private get writesWhere() { return this.py || this.jl; }

  /** `l > r`, element-wise (Julia: .>). */
  private comparison(e: MCompare): string {
    const dot = this.jl && !isScalar(e.shape) ? '.' : '';
    const repeated = this.broadcastOperands([e.left, e.right], (t) => isScalar(t.shape));
    const side = (t: MExpr) => this.numberOrPrint((repeated ? this.broadcastOperand(t) : undefined) ?? t);
    return `${side(e.left)} ${dot}${COMPARISON_TEXT[e.op]} ${side(e.right)}`;
  }

  /**
   * Terms under one comparison or its complement as one where(c, a, b): a from the terms under c, b
   * from those under its complement (0 when there are none). c is the comparison the user wrote.
   */
  private where(parts: readonly Masked[]): [string, P] {
    const first = parts[0].mask;
    const written = parts.find((p) => p.mask.written)?.mask;
    // a complement alone prints under the comparison the user wrote: where(z > 0, 0, b)
    const condition = written ?? (parts.every((p) => p.mask.key === first.key) ? complement(first) : first);
    const values = [condition, complement(condition)].map((m) => {
      const rests = parts.filter((p) => p.mask.key === m.key).map((p) => p.rest);
      return rests.length === 0 ? num(0) : add(...rests);
    });
    return this.whereText(this.comparison(condition), values, condition);
  }

  private whereText(condition: string, values: readonly MExpr[], comparison: MCompare): [string, P] {
    const torch = this.s.library === 'torch';
    // a whole number alone is an integer tensor in PyTorch, which a product with floats refuses
    const branch = (value: MExpr) => (torch ? this.floatText(value) : this.numberOrPrint(value));
    const name = this.jl ? 'ifelse.' : `${this.np}.where`;
    // TensorFlow makes a where of two numbers int32 or float32: the mask cast to the tensor's dtype
    const like = this.tf && values.every((v) => v.kind === 'num') ? tensorNamedIn(comparison) : undefined;
    if (like) {
      const mask = values[0].kind === 'num' && values[0].value.isOne && isZero(values[1]) ? condition : `${name}(${condition}, ${values.map((v) => this.floatText(v)).join(', ')})`;
      return [`${this.np}.cast(${mask}, ${like}.dtype)`, P.Atom];
    }
    const text = `${name}(${condition}, ${values.map(branch).join(', ')})`;
    // PyTorch makes a where of two numbers in its default dtype (float32), which a product with doubles refuses
    const dtype = torch && values.every((v) => v.kind === 'num') ? tensorNamedIn(comparison) : undefined;
    return dtype ? [`${text}.to(${dtype}.dtype)`, P.Postfix] : [text, P.Atom];
  }

  /** A number as a float literal (1.0, 0.5), anything else as numberOrPrint. */
  private floatText(e: MExpr): string {
    return e.kind === 'num' && e.value.isInteger ? `${e.value}.0` : this.numberOrPrint(e);
  }

  /** A number as a decimal where it terminates (0.01, 2.5, as thresholds and slopes are written); anything else printed. */
  private numberOrPrint(e: MExpr): string {
    const decimal = e.kind === 'num' && !e.value.isInteger ? e.value.abs().toDecimalString() : undefined;
    return decimal ? `${e.kind === 'num' && e.value.isNegative ? '-' : ''}${decimal}` : this.print(e, P.Sum);
  }

  private sum(input: readonly MExpr[]): [string, P] {
    const joint = this.writesWhere || this.ml ? jointWhere(input) : undefined;
    if (joint) return this.ml ? this.jointMaskText(joint) : this.jointWhereText(joint);
    const { terms, wheres } = this.writesWhere ? groupedByMask(input) : { terms: input, wheres: [] };
    if (terms.length === 0 && wheres.length === 1) return this.where(wheres[0]);
    return this.sumWith(terms, wheres.map((w) => this.where(w)[0]));
  }

  /** Under comparisons joined as people write them: where((x > 0) & (x < 3), a, b), where((x < 0) | (x > 3), …) (Julia: .& .|). */
  private jointWhereText(joint: JointWhere): [string, P] {
    const condition = joint.condition.map((all) => all.map((m) => `(${this.comparison(m)})`).join(this.jl ? ' .& ' : ' & '));
    const text = joint.condition.length === 1 ? condition[0] : condition.join(this.jl ? ' .| ' : ' | ');
    const where = this.whereText(text, joint.values, joint.condition[0][0]);
    return joint.terms.length ? this.sumWith(joint.terms, [where[0]]) : where;
  }

  /**
   * MATLAB writes joined comparisons as one mask: (x < 0 | x > 3) for c₁ + c₂ − c₁.*c₂, (c).*a for a
   * value under it, (c).*a + ~(c).*b with another beside.
   */
  private jointMaskText(joint: JointWhere): [string, P] {
    const mask = `(${joint.condition.map((all) => all.map((m) => this.comparison(m)).join(' & ')).join(' | ')})`;
    const [inside, outside] = joint.values;
    const under = (m: string, v: MExpr) => (v.kind === 'num' && v.value.isOne ? m : `${m}${this.etimes}${this.print(v, P.Power)}`);
    const parts = [under(mask, inside), ...(isZero(outside) ? [] : [under(`~${mask}`, outside)])];
    return joint.terms.length || parts.length > 1 ? this.sumWith(joint.terms, parts) : [parts[0], inside.kind === 'num' && inside.value.isOne ? P.Atom : P.Product];
  }

  /** Terms after the where(…) texts that stand first. */
  private sumWith(terms: readonly MExpr[], wheres: readonly string[]): [string, P] {
    const ordered = readingOrder(terms);
    const first = ordered.findIndex((t) => !isNegativeTerm(t));
    if (first > 0) ordered.unshift(...ordered.splice(first, 1));
    // in numpy, MATLAB and Julia a scalar 1 broadcasts in a sum with arrays (Julia: with .+ and .-)
    const broadcast = (t: MExpr): MExpr | undefined => {
      if (!(this.py || this.ml || this.jl)) return undefined;
      // ones(n) or a row of them, ones(n)'
      const ones = (e: MExpr | null) => e?.kind === 'ones' || (e?.kind === 'transpose' && e.arg.kind === 'ones');
      if (ones(t)) return { kind: 'num', value: Rational.ONE, shape: [], key: '' };
      if (t.kind === 'scale' && ones(t.body)) return { ...t, body: null, shape: [], key: '' };
      return undefined;
    };
    // numbers alone would lose the array's shape: (1 - c) * np.ones(n), not 1 - c
    if (!wheres.length && ordered.length && ordered.every((t) => broadcast(t) !== undefined)) {
      const scalars = add(...ordered.map((t) => (t.kind === 'scale' ? mul(num(t.coeff), ...t.factors) : num(1))));
      return [`${this.print(scalars, P.Product)}${this.times}${this.onesText(ordered[0].shape)}`, P.Product];
    }
    const repeated = this.broadcastOperands(ordered, (t) => broadcast(t) !== undefined);
    const operand = (t: MExpr) => broadcast(t) ?? (repeated ? this.broadcastOperand(t) : undefined);
    const part = (t: MExpr) => this.print(operand(t) ?? t, P.Sum);
    const dot = this.jl && ordered.some((t) => operand(t) !== undefined || operand(negate(t)) !== undefined) ? '.' : '';
    const texts = [...wheres, ...(ordered.length ? [part(ordered[0])] : [])];
    let out = texts.join(` ${dot}+ `);
    for (const t of ordered.slice(1)) {
      if (isNegativeTerm(t)) out += ` ${dot}- ${this.print(operand(negate(t)) ?? negate(t), P.Product)}`;
      else out += ` ${dot}+ ${part(t)}`;
    }
    return [out, P.Sum];
  }

  /** coeff · scalars · body, with negative powers of scalars as a denominator. */
  private scale(coeff: Rational, factors: readonly MExpr[], body: MExpr | null): [string, P] {
    const deviations = this.py && body ? columnSumsOfDeviations(body) : undefined;
    if (deviations) return this.scale(coeff.mul(deviations.coeff), factors, deviations.sums);
    const wholeVariance = this.varianceIn(factors);
    if (wholeVariance) return this.scale(coeff, [printed(this.varianceText(wholeVariance, false), SCALAR), ...wholeVariance.others], body);
    const mean = this.meanIn(factors);
    if (mean) return this.scale(coeff, mean, body);
    const axisMean = body ? this.axisMean(body, factors, false) : undefined;
    const variance = axisMean && this.axisVarianceIn(axisMean.summed, factors);
    if (variance) return this.scale(coeff, variance.others, printed(this.varianceText(variance, false), body!.shape));
    if (axisMean?.isMean) return this.scale(coeff, axisMean.others, printed(this.axisSumText(axisMean.summed, true, false), body!.shape));
    const num: string[] = [];
    const den: string[] = [];
    const c = coeff.abs();
    // exp(x)./(2*sqrt(1 + exp(x))) rather than exp(x)./sqrt(1 + exp(x))/2: the number joins the quotient
    if (body?.kind === 'hadamard' && factors.length === 0 && c.den !== 1n && !decimalCoefficient(c, this.s.decimals) && body.factors.some((f) => this.quotientPart(f)[1].isNegative)) {
      const [text] = this.hadamard(body.factors, c);
      return coeff.isNegative ? [`-${text}`, P.Unary] : [text, P.Product];
    }
    const reciprocal = body ? reciprocalOf(body) : undefined;
    if (reciprocal) {
      // c/(2*sqrt(x)) rather than 1./sqrt(x)/2: one element-wise quotient
      const top: string[] = c.num !== 1n ? [c.num.toString()] : [];
      const bottom: string[] = c.den !== 1n ? [c.den.toString()] : [];
      for (const f of factors) {
        const [base, exp] = splitPow(f);
        if (exp.isNegative) bottom.push(this.print(exp.equals(Rational.MINUS_ONE) ? base : { kind: 'pow', base, exp: exp.neg(), shape: f.shape, key: '' } as MExpr, P.Power));
        else top.push(this.print(f, P.Product));
      }
      for (const d of reciprocal) bottom.push(this.print(d, P.Power));
      // the denominator holds arrays: an element-wise product
      const text = `${top.length ? top.join(this.times) : '1'}${this.eover}${bottom.length === 1 ? bottom[0] : `(${bottom.join(this.etimes)})`}`;
      return coeff.isNegative ? [`-${text}`, P.Unary] : [text, P.Product];
    }
    const decimal = decimalCoefficient(c, this.s.decimals);
    if (decimal) num.push(decimal);
    else {
      if (c.num !== 1n) num.push(c.num.toString());
      if (c.den !== 1n) den.push(c.den.toString());
    }
    for (const f of countsFirst(factors)) {
      const [base, exp] = this.quotientPart(f);
      if (exp.isNegative) den.push(this.print(exp.equals(Rational.MINUS_ONE) ? base : { kind: 'pow', base, exp: exp.neg(), shape: f.shape, key: '' } as MExpr, P.Power));
      // a scalar product of arrays among other factors reads better in parentheses: 2*(x'*A*y)*A*y
      else num.push(f.kind === 'matmul' && !this.squaredSum(f) && (!this.tf || this.s.columns) && (body || factors.length > 1) ? `(${this.print(f, 0)})` : this.print(f, P.Product));
    }
    if (body) num.push(this.print(body, P.Product));
    let text = num.length ? num.join(this.times) : '1';
    if (den.length) text += this.over + (den.length === 1 ? den[0] : `(${den.join(this.times)})`);
    if (coeff.isNegative) return [`-${text}`, P.Unary];
    return [text, P.Product];
  }

  /**
   * A repeated vector standing alone, shaped like a symbol, as numpy broadcasts it: np.ones_like(A) / w,
   * v[:, None] * np.ones_like(A) (not np.outer(np.ones(A.shape[0]), 1 / w)).
   */
  private repeatedLike(e: MExpr): [string, P] | undefined {
    if (!this.py || this.s.columns || !repeatedOrientation(e) || !this.s.like?.(e.shape)) return undefined;
    return this.hadamard([printed(this.onesText(e.shape), e.shape), e]);
  }

  /** v'v where the selection sums v's squares: v.^2, to print as its sum (see CodeStyle.squaredSums). */
  private squaredSum(e: MExpr & { kind: 'matmul' }): MExpr | undefined {
    const [a, b] = e.factors;
    return e.factors.length === 2 && a.kind === 'transpose' && a.arg.key === b.key && this.s.squaredSums?.has(b.key) ? pow(b, SQUARE) : undefined;
  }

  private matmul(factors: readonly MExpr[]): [string, P] {
    const sliced = this.slicedChain(factors);
    if (sliced) return sliced;
    const summed = this.axisSumCode(factors);
    if (summed) return [summed, P.Atom];
    const scaled = this.s.dialect === 'matrix' ? undefined : this.diagonalScaling(factors);
    if (scaled) return [scaled, P.Product];
    if (this.tf && this.s.columns) return [this.numpySolveChain(factors), P.Product];
    if (this.tf) return this.tensorflowChain(factors);
    if (this.py) return this.numpyChain(factors);
    return this.solveChain(factors);
  }

  /**
   * A chain with selections in it, as code slices and pads: a factor sliced where it stands (S·v is v[1:],
   * S·M is M[1:, :], M·S' is M[:, 1:]; MATLAB indexes names only), S'·g padded with zeros (np.pad(g, (1, 0)),
   * MATLAB and Julia [0; g]), G·S among zero columns, a Hessian's Sa'·diag(v)·Sb on a diagonal. Undefined
   * for chains without selections, and where none of these applies (the selection prints as a matrix).
   */
  private slicedChain(factors: readonly MExpr[]): [string, P] | undefined {
    // (S1 - S0)'·v is S1'·v - S0'·v, a difference of padded vectors, not of selection matrices
    const distributed = distributedSelections(factors);
    if (distributed) return this.render(distributed);
    const diagonal = this.selectedDiagonal(factors);
    if (diagonal) return [diagonal, P.Atom];
    if (!factors.some((f) => selectionOf(f))) return undefined;
    // the chain's operand as code: S·v → v[1:], S'·g → the padded g
    const text = (sel: { s: MSelect; padded: boolean }, v: MExpr) => (sel.padded ? this.paddedText(sel.s, v) : this.sliceText(sel.s, v)?.[0]);
    const operand = (code: string, shape: Shape): MExpr => ({ kind: 'sym', name: code, shape, symmetric: false, key: `~${code}` });
    const isMatrix = (f: MExpr) => f.shape.length === 2 && f.shape[0] !== 1;
    const last = factors.length - 1;
    const isRow = (f: MExpr) => f.shape.length === 2 && f.shape[0] === 1;
    // a factor sliced where it stands: S·M is M[1:, :], M·S' is M[:, 1:], S·M·S' both, and S·M' is M[:, 1:]';
    // a row's entries: r'·S' is (S·r)', r'·S is (S'·r)'
    for (let k = 0; k <= last; k++) {
      const m = factors[k];
      if (selectionOf(m)) continue;
      const left = k > 0 ? selectionOf(factors[k - 1]) : undefined;
      const right = k < last ? selectionOf(factors[k + 1]) : undefined;
      let code: string | undefined;
      // a slice is an atom (x[1:], X(2:end, :)); its transpose a postfix (X[:, 1:].T)
      let prec = P.Atom;
      let [from, to] = [k, k];
      if (m.shape.length === 1 && left && !left.padded) {
        // a vector's entries: S·x is x[1:]
        code = this.sliceText(left.s, m)?.[0];
        from = k - 1;
      } else if (isRow(m) && right) {
        const entries = right.padded ? this.sliceText(right.s, transpose(m))?.[0] : this.paddedText(right.s, transpose(m));
        if (entries !== undefined) { [code, prec] = this.render(transpose(operand(entries, [cols(factors[k + 1].shape)]))); to = k + 1; }
      } else if (isMatrix(m)) {
        const [rowSel, colSel] = [left && !left.padded ? left.s : undefined, right?.padded ? right.s : undefined];
        if (!rowSel && !colSel) continue;
        // rows of a transpose are columns of the matrix: X[:, 1:].T, not X.T[1:, :]
        const flipped = m.kind === 'transpose' ? this.matrixSliceText(colSel, m.arg, rowSel) : undefined;
        const shape = shape2(rowSel ? rowSel.shape[0] : rows(m.shape), colSel ? colSel.shape[0] : cols(m.shape));
        if (flipped !== undefined) [code, prec] = this.render(transpose(operand(flipped, transposeShape(shape))));
        else code = this.matrixSliceText(rowSel, m, colSel);
        [from, to] = [rowSel ? k - 1 : k, colSel ? k + 1 : k];
      }
      if (code === undefined) continue;
      const shape = shape2(rows(factors[from].shape), cols(factors[to].shape));
      return from === 0 && to === last ? [code, prec] : this.matmul([...factors.slice(0, from), operand(code, shape), ...factors.slice(to + 1)]);
    }
    // S'·M·S: a matrix among zero rows and columns
    const [head, tail] = [selectionOf(factors[0]), selectionOf(factors[last])];
    if (factors.length > 2 && head?.padded && tail && !tail.padded) {
      const m = mul(...factors.slice(1, -1));
      if (isMatrix(m)) return [this.paddedText(head.s, m, tail.s), P.Atom];
    }
    for (let k = 0; k <= last; k++) {
      const sel = selectionOf(factors[k]);
      if (!sel) continue;
      if (k < last) {
        // a selection times what follows it: W·S·x is W @ x[1:]
        const v = mul(...factors.slice(k + 1));
        const code = v.shape.length > 0 && rows(v.shape) !== 1 ? text(sel, v) : undefined;
        if (code === undefined) continue;
        return k === 0 ? [code, P.Atom] : this.matmul([...factors.slice(0, k), operand(code, shape2(rows(factors[k].shape), cols(v.shape)))]);
      }
      // ending a chain that is a matrix: G·S puts G's columns among zero columns
      const before = mul(...factors.slice(0, k));
      if (k > 0 && !sel.padded && isMatrix(before)) return [this.paddedText(undefined, before, sel.s), P.Atom];
    }
    return undefined;
  }

  /**
   * Sa'·diag(v)·Sb, and Sa'·Sb with v ones: v on the diagonal at Sb's offset from Sa's, among zeros, as a
   * Hessian of slices is written (scipy's rosen_hess): np.diag(v, 1), MATLAB diag(v, 1), Julia diagm(1 => v).
   * Undefined for other chains and in TensorFlow.
   */
  private selectedDiagonal(factors: readonly MExpr[]): string | undefined {
    if (this.tf || this.s.dialect === 'matrix' || factors.length < 2 || factors.length > 3) return undefined;
    const [first, last] = [factors[0], factors[factors.length - 1]];
    if (first.kind !== 'transpose' || first.arg.kind !== 'select' || last.kind !== 'select') return undefined;
    const middle = factors.length === 3 ? factors[1] : undefined;
    if (middle && !(middle.kind === 'op' && middle.name === 'diag' && middle.arg.shape.length === 1)) return undefined;
    const [a, b] = [first.arg, last];
    const v = middle ? (middle as MExpr & { kind: 'op' }).arg : ones([a.shape[0]]);
    // v's entries sit at (r + a.from, r + b.from): on diagonal k, after `before` zeros and before `after`
    const k = b.from - a.from;
    const [before, after] = k >= 0 ? [a.from, a.to - k] : [b.from, b.to + k];
    if (before < 0 || after < 0) return undefined;
    const padded = before || after ? this.padded(v, [before, after]) : this.print(v, 0);
    if (this.py) return `${this.np}.diag(${padded}${k ? `, ${k}` : ''})`;
    return this.jl ? `diagm(${k} => ${padded})` : `diag(${padded}${k ? `, ${k}` : ''})`;
  }

  /**
   * M[1:, :], M[:, 1:], M[1:, :-1] (MATLAB M(2:end, :), Julia M[2:end, :]): the rows `rowSel` keeps and the
   * columns `colSel` keeps; undefined where MATLAB cannot index (an expression).
   */
  private matrixSliceText(rowSel: MSelect | undefined, m: MExpr, colSel: MSelect | undefined): string | undefined {
    if (!this.indexable(m)) return undefined;
    const range = (s: MSelect | undefined) => (s ? this.range(s) : ':');
    const [open, close] = this.py || this.jl ? ['[', ']'] : ['(', ')'];
    return `${this.print(m, P.Postfix)}${open}${range(rowSel)}, ${range(colSel)}${close}`;
  }

  /** The indices a selection keeps, as the notation writes a range: numpy's 1:-1, MATLAB's and Julia's 2:end-1. */
  private range(s: MSelect): string {
    return this.py ? `${s.from || ''}:${s.to ? -s.to : ''}` : `${s.from + 1}:end${s.to ? `-${s.to}` : ''}`;
  }

  /** Whether the notation can index `v` as written: MATLAB indexes names only ((X*w)(2:end) is Octave's). */
  private indexable(v: MExpr): boolean {
    return this.py || this.jl || (v.kind === 'sym' && !v.key.startsWith('~'));
  }

  /** v[1:], v(2:end): entries `from` to `to` before the end; undefined where MATLAB cannot index (an expression). */
  private sliceText(s: MSelect, v: MExpr): [string, P] | undefined {
    if (v.shape.length === 2 || this.s.columns) {
      const rows = this.matrixSliceText(s, v, undefined);
      return rows === undefined ? undefined : [rows, P.Atom];
    }
    if (!this.indexable(v)) return undefined;
    return [this.py || this.jl ? `${this.print(v, P.Postfix)}[${this.range(s)}]` : `${this.print(v, P.Postfix)}(${this.range(s)})`, P.Atom];
  }

  /** g among zeros: `rowPad` rows before and after it (a slice's gradient), and `colPad` columns (a column slice's). */
  private paddedText(rowPad: MSelect | undefined, g: MExpr, colPad?: MSelect): string {
    return this.padded(g, [rowPad?.from ?? 0, rowPad?.to ?? 0], [colPad?.from ?? 0, colPad?.to ?? 0], colPad?.shape[1]);
  }

  /** g with r0 zero rows before it and r1 after (c0 and c1 zero columns; `width`, its columns padded). */
  private padded(g: MExpr, [r0, r1]: readonly [number, number], [c0, c1]: readonly [number, number] = [0, 0], width?: Dim): string {
    const matrix = g.shape.length === 2 || this.s.columns === true;
    const body = this.print(g, 0);
    if (this.py) {
      // torch pads the last axis first
      if (this.s.library === 'torch') return `${this.np}.nn.functional.pad(${body}, (${matrix ? `${c0}, ${c1}, ${r0}, ${r1}` : `${r0}, ${r1}`}))`;
      if (this.tf) return `${this.np}.pad(${body}, [[${r0}, ${r1}]${matrix ? `, [${c0}, ${c1}]` : ''}])`;
      return `${this.np}.pad(${body}, ${matrix ? `((${r0}, ${r1}), (${c0}, ${c1}))` : `(${r0}, ${r1})`})`;
    }
    // MATLAB and Julia concatenate: columns beside [zeros(r, 1), G], rows below [0; g]
    const zeros = (r: Dim | number, c: Dim | number | undefined) => (c === undefined ? (r === 1 ? '0' : this.jl ? `zeros(${r})` : `zeros(${r}, 1)`) : `zeros(${r}, ${c})`);
    const [rs, cs] = [rows(g.shape), matrix ? cols(g.shape) : undefined];
    const dim = (d: Dim) => this.dim(d);
    let out = body;
    if (c0 || c1) out = `[${[...(c0 ? [zeros(dim(rs), c0)] : []), out, ...(c1 ? [zeros(dim(rs), c1)] : [])].join(this.jl ? ' ' : ', ')}]`;
    const columns = cs === undefined ? undefined : dim(width ?? cs);
    if (r0 || r1) out = `[${[...(r0 ? [zeros(r0, columns)] : []), out, ...(r1 ? [zeros(r1, columns)] : [])].join('; ')}]`;
    return out;
  }

  /** The selection as a matrix, where no slice of a vector prints it: np.eye(n)[1:], [zeros(k, 1), eye(k)]. */
  private selection(s: MSelect): string {
    const [k, n] = [this.dim(s.shape[0]), this.dim(s.shape[1])];
    if (this.py) return `${this.np}.eye(${n}${this.dtype})[${this.range(s)}]`;
    const eye = this.jl ? `I(${k})` : `eye(${k})`;
    return `[${[...(s.from ? [`zeros(${k}, ${s.from})`] : []), eye, ...(s.to ? [`zeros(${k}, ${s.to})`] : [])].join(this.jl ? ' ' : ', ')}]`;
  }

  /**
   * A chain in MATLAB-style notation, with the user's solves kept: inv(P)*r (P marked as written P\r)
   * prints as P\r. `\` binds like `*` and from the left, so a solve is parenthesized after a factor
   * (X*(P\r)) and reports the precedence of a sum (2*(P\r), never 2*P\r).
   */
  private solveChain(factors: readonly MExpr[]): [string, P] {
    const k = factors.findIndex((f, i) => i + 1 < factors.length && solvedMatrix(f) !== undefined);
    if (k < 0) return [factors.map((f) => this.chainFactor(f)).join(this.times), P.Product];
    const rest = factors.slice(k + 1);
    const rhs = rest.length === 1 ? this.chainFactor(rest[0]) : `(${this.solveChain(rest)[0]})`;
    const solve = `${this.print(solvedMatrix(factors[k])!, P.Unary)}\\${rhs}`;
    if (k === 0) return [solve, P.Sum];
    return [`${factors.slice(0, k).map((f) => this.chainFactor(f)).join(this.times)}${this.times}(${solve})`, P.Product];
  }

  /**
   * diag(v) in a product scales the rows after it or the columns before it, as code does it without an
   * n×n matrix (n may be the number of samples): v[:, None] * M and M * v (MATLAB and Julia v.*M and
   * M.*v', a TensorFlow column v * M); A'·diag(d)·A is A.T @ (d[:, None] * A). Undefined without such a factor.
   */
  private diagonalScaling(factors: readonly MExpr[]): string | undefined {
    const i = factors.findIndex((f) => f.kind === 'op' && f.name === 'diag' && f.arg.shape.length === 1);
    if (i < 0) return undefined;
    const d = (factors[i] as MExpr & { kind: 'op' }).arg;
    const [left, right] = [factors.slice(0, i), factors.slice(i + 1)];
    // TensorFlow's @ takes no 1-D vector: a scaled vector between factors is left to its chain (matvec, tensordot)
    if (this.tf && !this.s.columns && left.length && right.length && (right[right.length - 1].shape.length === 1 || rows(left[0].shape) === 1)) return undefined;
    const part = (fs: readonly MExpr[]) => (fs.length === 1 ? this.print(fs[0], P.Power) : `(${this.matmul(fs)[0]})`);
    // diag(1/u) divides by u: M / u[:, None]
    const [base, exp] = powerOf(d);
    const divides = exp.isNegative;
    const v = divides ? pow(base, exp.neg()) : d;
    const op = divides ? this.eover : this.etimes;
    const columns = !this.py || this.s.columns;
    // Julia's kept sums are n×1 matrices: only where the product is a matrix anyway
    const matrixResult = rows(factors[0].shape) !== 1 && cols(factors[factors.length - 1].shape) !== 1;
    const vector = this.print(this.jl && matrixResult ? this.keptSums(v) : v, P.Power);
    // scaling the columns by a row: MATLAB and Julia M.*v' (a transposed row is the row itself: M.*w)
    const row = () => (v.kind === 'transpose' ? this.print(v.arg, P.Postfix) : `${this.print(v, P.Postfix)}'`);
    if (right.length === 0) return `${part(left)}${op}${columns ? (!this.py ? row() : `${this.np}.transpose(${this.print(v, 0)})`) : vector}`;
    // of a vector after it, the entries' product; numpy's v[:, None] takes v as a postfix operand
    const scale = right[right.length - 1].shape.length === 1 || columns ? vector : this.columnText(v);
    const scaledRows = divides ? `${part(right)}${op}${scale}` : `${scale}${op}${part(right)}`;
    return left.length === 0 ? scaledRows : `${left.length === 1 ? this.print(left[0], P.Power) : this.matmul(left)[0]}${this.py ? ' @ ' : '*'}(${scaledRows})`;
  }

  /**
   * A chain that sums a matrix along one axis, as code writes it: M·1 is np.sum(M, axis=1) (MATLAB
   * sum(M, 2)), 1'·M is np.sum(M, axis=0) (sum(M, 1)). Undefined for other chains, where vectors are
   * TensorFlow columns, and in Julia for column sums unless the summed axis is kept (`keepdims`: its
   * sum(M, dims=1) is a matrix; a row sum not kept is vec(sum(M, dims=2))).
   */
  private axisSum(factors: readonly MExpr[], keepdims = false): AxisSum | undefined {
    if (!(this.py || this.ml || this.jl) || this.s.columns || factors.length < 2) return undefined;
    const [first, last] = [factors[0], factors[factors.length - 1]];
    const sum: AxisSum | undefined = isVectorOfOnes(last) && rows(first.shape) !== 1 ? { arg: mul(...factors.slice(0, -1)), axis: 1, dim: last.shape[0] }
      // Julia's column sums are a 1×n matrix, not the adjoint row 1'·M: only where kept
      : first.kind === 'transpose' && isVectorOfOnes(first.arg) && cols(last.shape) !== 1 && (!this.jl || keepdims) ? { arg: mul(...factors.slice(1)), axis: 0, dim: first.arg.shape[0] }
      : undefined;
    // numpy's sums are 1-D: A'·1 is np.sum(A, axis=0) (with its axis kept the orientation matters: np.sum(A.T, axis=1, keepdims=True))
    if (sum && this.py && !keepdims && sum.arg.kind === 'transpose') return { arg: sum.arg.arg, axis: sum.axis === 1 ? 0 : 1, dim: sum.dim };
    // so is a sum of transposes: np.sum(X @ W + b - Y, axis=0), not np.sum(b[:, None] + W.T @ X.T - Y.T, axis=1)
    if (sum && this.py && !keepdims && sum.arg.kind === 'add') {
      const flipped = transpose(sum.arg);
      if (this.transposesIn(flipped) < this.transposesIn(sum.arg)) return { arg: flipped, axis: sum.axis === 1 ? 0 : 1, dim: sum.dim };
    }
    return sum;
  }

  /** A chain that sums along an axis as its code (axisSum), or undefined. */
  private axisSumCode(factors: readonly MExpr[]): string | undefined {
    const summed = this.axisSum(factors);
    return summed && this.axisSumText(summed, false, false);
  }

  /**
   * `chain` (a product) summing along an axis, among `scalars` its count or not: a sum over its count is
   * the mean along that axis, the other scalars those left. Undefined when `chain` sums along no axis.
   */
  private axisMean(chain: MExpr, scalars: readonly MExpr[], keepdims: boolean): { summed: AxisSum; isMean: boolean; others: readonly MExpr[] } | undefined {
    const summed = chain.kind === 'matmul' ? this.axisSum(chain.factors, keepdims) : undefined;
    if (!summed) return undefined;
    // Julia's mean needs Statistics: its sums stay sums
    const count = this.jl ? -1 : scalars.findIndex((f) => isCountOf(f, summed.dim));
    return { summed, isMean: count >= 0, others: scalars.filter((_, i) => i !== count) };
  }

  /** np.sum(M, axis=1) or its mean (torch.sum(M, dim=1), tf.reduce_mean, MATLAB mean(M, 2)); keepdims keeps numpy's summed axis (Julia's always is). */
  private axisSumText(s: AxisSum, mean: boolean, keepdims: boolean): string {
    const name = mean ? 'mean' : 'sum';
    const a = this.print(s.arg, 0);
    if (this.ml) return `${name}(${a}, ${s.axis + 1})`;
    // Julia keeps the summed dimension: a row sum that is no column, vec(sum(A, dims=2)), is a vector again
    if (this.jl) return keepdims ? `sum(${a}, dims=${s.axis + 1})` : `vec(sum(${a}, dims=${s.axis + 1}))`;
    const torch = this.s.library === 'torch';
    return `${this.np}.${this.tf ? 'reduce_' : ''}${name}(${a}, ${torch ? 'dim' : 'axis'}=${s.axis}${keepdims ? `, ${torch ? 'keepdim' : 'keepdims'}=True` : ''})`;
  }

  /**
   * A variance along an axis, an axis sum among a product's scalars, as the code writes it (np.var(M, axis=0),
   * MATLAB var(M, 1, 1)): the squares of M's deviations from its mean along that axis, summed along it, over
   * the count (ddof 0) or the count less one (ddof 1; TensorFlow's has no ddof). Julia's needs Statistics.
   */
  private axisVarianceIn(summed: AxisSum, scalars: readonly MExpr[]): { summed: AxisSum; of: MExpr; ddof: 0 | 1; others: readonly MExpr[] } | undefined {
    const of = !this.jl ? this.deviationsSquared(summed) : undefined;
    if (!of) return undefined;
    const i = scalars.findIndex((f) => isCountOf(f, summed.dim) || (!this.tf && isCountOf(f, summed.dim, 1)));
    if (i < 0) return undefined;
    return { summed, of, ddof: isCountOf(scalars[i], summed.dim) ? 0 : 1, others: scalars.filter((_, k) => k !== i) };
  }

  /**
   * np.var(x) (`root`: np.std), along an axis np.var(M, axis=0); torch.var(M, dim=0, correction=0),
   * tf.math.reduce_variance, MATLAB var(M, 1, 1).
   */
  private varianceText(v: { of: MExpr; ddof: 0 | 1; summed?: AxisSum }, root: boolean): string {
    const name = root ? 'std' : 'var';
    const a = this.print(v.of, 0);
    const axis = v.summed?.axis;
    // MATLAB's second argument and PyTorch's correction are numpy's ddof, with defaults of 1
    if (this.ml) return axis === undefined ? `${name}(${a}${v.ddof ? '' : ', 1'})` : `${name}(${a}, ${1 - v.ddof}, ${axis + 1})`;
    if (this.jl) return `${name}(${a}${v.ddof ? '' : '; corrected=false'})`;
    const along = (keyword: string) => (axis === undefined ? '' : `, ${keyword}=${axis}`);
    if (this.tf) return `${this.np}.math.reduce_${root ? 'std' : 'variance'}(${a}${along('axis')})`;
    if (this.s.library === 'torch') return `${this.np}.${name}(${a}${along('dim')}${v.ddof ? '' : ', correction=0'})`;
    return `${this.np}.${name}(${a}${along('axis')}${v.ddof ? ', ddof=1' : ''})`;
  }

  /**
   * A vector's variance among a product's scalars, as the code writes it (np.var(x), MATLAB var(x, 1)): the
   * sum of the squares of its deviations from its mean over the count (ddof 0) or the count less one (ddof 1;
   * TensorFlow's has no ddof). Julia's needs Statistics (see CodeStyle.statistics).
   */
  private varianceIn(factors: readonly MExpr[]): { of: MExpr; ddof: 0 | 1; others: readonly MExpr[] } | undefined {
    if (!this.py && !this.ml && !this.s.statistics) return undefined;
    const i = factors.findIndex((f) => f.kind === 'op' && f.name === 'sum' && f.arg.kind === 'pow' && f.arg.exp.equals(TWO) && deviationsFromMean(f.arg.base));
    if (i < 0) return undefined;
    const of = deviationsFromMean(((factors[i] as MOp).arg as MPow).base)!;
    const dim = of.shape[0];
    // the count's power −k leaves −(k − 1): a variance squared is over n² (np.var(x)**2's derivative)
    const j = factors.findIndex((f) => countPower(f, dim) || (!this.tf && countPower(f, dim, 1)));
    if (j < 0) return undefined;
    const count = factors[j] as MPow;
    const left = count.exp.equals(Rational.MINUS_ONE) ? [] : [pow(count.base, count.exp.add(Rational.ONE))];
    return { of, ddof: countPower(count, dim) ? 0 : 1, others: [...factors.filter((_, k) => k !== i && k !== j), ...left] };
  }

  /** The variance `e` is, nothing else beside it (under a root, the standard deviation); else undefined. */
  private wholeVariance(e: MExpr): { of: MExpr; ddof: 0 | 1 } | undefined {
    const v = e.kind === 'scale' && e.coeff.isOne && !e.body ? this.varianceIn(e.factors) : undefined;
    return v && !v.others.length ? v : undefined;
  }

  private transposesIn(e: MExpr): number { return visibleTransposes(e, this.py && !this.s.columns); }

  /** The root of an axis sum of squares as each row's or column's norm: np.linalg.norm(M, axis=1), MATLAB vecnorm(M, 2, 2). */
  private axisNorms(factors: readonly MExpr[]): string | undefined {
    const s = !this.jl ? this.axisSum(factors) : undefined;
    const squared = s && squaresSummed(s);
    if (!squared) return undefined;
    const m = this.print(squared, 0);
    if (this.ml) return `vecnorm(${m}, 2, ${s.axis + 1})`;
    if (this.tf) return `${this.np}.norm(${m}, axis=${s.axis})`;
    return `${this.np}.linalg.norm(${m}, ${this.s.library === 'torch' ? 'dim' : 'axis'}=${s.axis})`;
  }

  /** M, when an axis sum adds the squares of M's deviations from its mean along the same axis. */
  private deviationsSquared(s: AxisSum): MExpr | undefined {
    const deviations = squaresSummed(s);
    if (deviations?.kind !== 'add' || deviations.terms.length !== 2) return undefined;
    const [a, b] = deviations.terms;
    for (const [m, t] of [[a, b], [b, a]]) {
      const r = t.kind === 'scale' && t.coeff.equals(Rational.MINUS_ONE) ? this.repeatedVector(t) : undefined;
      const mean = r && this.axisMean(r.vector, r.factors, true);
      if (mean?.isMean && mean.others.length === 0 && mean.summed.axis === s.axis && mean.summed.arg.key === m.key) return m;
    }
    return undefined;
  }

  /**
   * Whether the terms of a sum (or factors of an element-wise product) may be written as broadcasting
   * repeats them: some operand repeats a vector (see broadcastOperand) and either another has the full
   * shape or both a column and a row are repeated, so the result keeps its shape.
   */
  private broadcastOperands(operands: readonly MExpr[], scalar: (t: MExpr) => boolean): boolean {
    if (this.s.dialect === 'matrix' || this.s.columns) return false;
    const kinds = operands.map((t) => (scalar(t) ? 'scalar' : repeatedOrientation(t.kind === 'scale' && t.body ? t.body : t) ?? 'full'));
    return kinds.some((k) => k === 'column' || k === 'row') && (kinds.includes('full') || (kinds.includes('column') && kinds.includes('row')));
  }

  /** A repeated vector (expr.ts's repeatedVector) times scalars, as its parts. */
  private repeatedVector(t: MExpr): { orientation: 'column' | 'row'; vector: MExpr; coeff: Rational; factors: readonly MExpr[] } | undefined {
    const [coeff, factors, body] = t.kind === 'scale' ? [t.coeff, t.factors, t.body] : [Rational.ONE, [], t];
    const r = body ? repeatedVector(body) : undefined;
    return r && { orientation: r.orientation, vector: r.vector, coeff, factors };
  }

  /**
   * A repeated vector as broadcasting writes it: a column v[:, None] (a row sum or mean kept as one:
   * np.mean(A, axis=1, keepdims=True)), in MATLAB and Julia v itself (Julia's sums sum(A, dims=2)); a
   * row w (a 1-D array is one), in MATLAB and Julia w'.
   */
  private broadcastOperand(t: MExpr): MExpr | undefined {
    const r = this.repeatedVector(t);
    if (!r) return undefined;
    if (this.jl) return mul(num(r.coeff), ...r.factors, this.keptSums(r.vector));
    if (this.ml || r.orientation === 'row') return mul(num(r.coeff), ...r.factors, r.vector);
    const mean = this.axisMean(r.vector, r.factors, true);
    // a column of reciprocals divides: A / w[:, None]
    const [base, exp] = splitPow(r.vector);
    if (!mean && exp.isNegative) return mul(num(r.coeff), ...r.factors, pow(printed(this.columnText(base), t.shape), exp));
    return mul(num(r.coeff), ...(mean?.others ?? r.factors), printed(this.columnText(r.vector, mean?.isMean), t.shape));
  }

  /**
   * Julia: a vector that broadcasts along a matrix with its row sums as sum(A, dims=2) (a column kept as a
   * matrix, which broadcasts the same), in powers and element-wise products of them too.
   */
  private keptSums(v: MExpr): MExpr {
    if (v.kind === 'pow') return { ...v, base: this.keptSums(v.base) };
    if (v.kind === 'hadamard') return { ...v, factors: v.factors.map((f) => this.keptSums(f)) };
    const summed = v.kind === 'matmul' ? this.axisSum(v.factors, true) : undefined;
    return summed ? printed(this.axisSumText(summed, false, true), v.shape) : v;
  }

  /** A 1-D vector as a numpy column: v[:, None], a row sum (`mean`: mean) np.sum(M, axis=1, keepdims=True). */
  private columnText(v: MExpr, mean = false): string {
    const summed = v.kind === 'matmul' ? this.axisSum(v.factors, true) : undefined;
    return summed?.axis === 1 ? this.axisSumText(summed, mean, true) : `${this.print(v, P.Postfix)}[:, None]`;
  }

  /** A numpy chain (no outer products in it; PyTorch's and TensorFlow's matrices too), with the user's solves kept as np.linalg.solve(P, r). */
  private numpySolveChain(factors: readonly MExpr[]): string {
    if (factors.length === 1) return this.print(factors[0], 0);
    const k = factors.findIndex((f, i) => i + 1 < factors.length && solvedMatrix(f) !== undefined);
    if (k < 0) return factors.map((f) => this.chainFactor(f)).join(' @ ');
    const solve = `${this.np}.linalg.solve(${this.print(solvedMatrix(factors[k])!, 0)}, ${this.numpySolveChain(factors.slice(k + 1))})`;
    return [...factors.slice(0, k).map((f) => this.chainFactor(f)), solve].join(' @ ');
  }

  private chainFactor(f: MExpr): string {
    const [text, prec] = this.render(f);
    if (prec <= P.Product && (f.kind !== 'matmul' || prec < P.Product)) return `(${text})`;
    return text;
  }

  /** numpy: 1-D vectors carry no orientation; a column times a row is np.outer. */
  private numpyChain(factors: readonly MExpr[]): [string, P] {
    const splits: number[] = [];
    for (let k = 0; k + 1 < factors.length; k++) if (cols(factors[k].shape) === 1 && rows(factors[k + 1].shape) === 1) splits.push(k + 1);
    const join = (fs: readonly MExpr[]) => this.axisSumCode(fs) ?? this.numpySolveChain(fs);
    if (splits.length === 0) return [join(factors), P.Product];
    if (splits.length === 1) {
      const left = factors.slice(0, splits[0]), right = asColumn(factors.slice(splits[0]));
      return [`${this.np}.outer(${join(left)}, ${join(right)})`, P.Atom];
    }
    // several outer products in one chain: explicit 2-D column and row vectors
    return [factors.map((f) => {
      if (f.shape.length === 1) return `${this.chainFactor(f)}[:, None]`;
      if (f.kind === 'transpose' && f.arg.shape.length === 1) return `${this.chainFactor(f.arg)}[None, :]`;
      return this.chainFactor(f);
    }).join(' @ '), P.Product];
  }

  /**
   * TensorFlow: @ multiplies matrices only. A chain ending in a vector is tf.linalg.matvec(M, v), one
   * starting with a row x' is matvec(M, x, transpose_a=True), x'…y is tf.tensordot(x, …, 1), and a
   * column times a row tf.tensordot(u, v, 0); several outer products in one chain are numpy's 2-D form.
   */
  private tensorflowChain(factors: readonly MExpr[]): [string, P] {
    const splits: number[] = [];
    for (let k = 0; k + 1 < factors.length; k++) if (cols(factors[k].shape) === 1 && rows(factors[k + 1].shape) === 1) splits.push(k + 1);
    if (splits.length > 1) return this.numpyChain(factors);
    const tf = this.np;
    // A'B'C' = (CBA)': one transpose
    if (factors.length > 1 && factors.every((f) => f.kind === 'transpose' && f.arg.shape.length === 2 && solvedMatrix(f) === undefined)) {
      return [`${tf}.transpose(${this.tensorflowProduct([...factors].reverse().map((f) => (f as MExpr & { kind: 'transpose' }).arg))})`, P.Atom];
    }
    if (splits.length === 1) {
      const [left, right] = [factors.slice(0, splits[0]), factors.slice(splits[0])];
      return [`${tf}.tensordot(${this.tensorflowProduct(left)}, ${this.tensorflowProduct(right)}, 0)`, P.Atom];
    }
    return [this.tensorflowProduct(factors), factors.some((f) => f.shape.length === 1 || rows(f.shape) === 1) ? P.Atom : P.Product];
  }

  /** A chain without outer products, as TensorFlow multiplies: matrices by @, vectors by matvec and tensordot. */
  private tensorflowProduct(factors: readonly MExpr[]): string {
    if (factors.length === 1) return this.print(factors[0], 0);
    const summed = this.axisSumCode(factors);
    if (summed) return summed;
    const tf = this.np;
    const first = factors[0], last = factors[factors.length - 1];
    const row = rows(first.shape) === 1 && first.shape.length === 2 ? (first.kind === 'transpose' ? first.arg : first) : undefined;
    const column = last.shape.length === 1 ? last : undefined;
    const middle = factors.slice(row ? 1 : 0, column ? -1 : undefined);
    const vector = (v: MExpr) => this.print(v, 0);
    // M' v is matvec(M, v, transpose_a=True), and x' M is M' x
    const matvec = (v: MExpr, transposed: boolean) => {
      const alone = middle.length === 1 ? middle[0] : undefined;
      const flip = alone?.kind === 'transpose' && solvedMatrix(alone) === undefined;
      const matrix = flip ? this.print(alone.arg, 0) : this.numpySolveChain(middle);
      return `${tf}.linalg.matvec(${matrix}, ${vector(v)}${flip !== transposed ? ', transpose_a=True' : ''})`;
    };
    if (row && column) return `${tf}.tensordot(${vector(row)}, ${middle.length ? matvec(column, false) : vector(column)}, 1)`;
    if (column) return matvec(column, false);
    if (row) return matvec(row, true);
    return this.numpySolveChain(middle);
  }

  /** An element-wise product and quotient; `c`, a number it is scaled by, joins its top and its first denominator. */
  private hadamard(input: readonly MExpr[], c = Rational.ONE): [string, P] {
    const repeated = this.broadcastOperands(input.map((f) => splitPow(f)[0]), () => false);
    const factors = repeated ? input.map((f) => {
      const [base, exp] = splitPow(f);
      const operand = this.broadcastOperand(base);
      return !operand ? f : exp.isOne ? operand : { kind: 'pow', base: operand, exp, shape: f.shape, key: '' } as MExpr;
    }) : input;
    const mulOp = this.etimes;
    const divOp = this.eover;
    const num: MExpr[] = [], den: MExpr[] = [];
    const ordered = [...factors].sort((a, b) => hadamardPlace(a) - hadamardPlace(b));
    for (const f of ordered) {
      const [base, exp] = this.quotientPart(f);
      if (exp.isNegative) den.push(exp.equals(Rational.MINUS_ONE) ? base : { kind: 'pow', base, exp: exp.neg(), shape: f.shape, key: '' } as MExpr);
      else num.push(f);
    }
    const part = (f: MExpr) => this.print(f, P.Power);
    const top = num.map(part);
    if (c.num !== 1n) top.unshift(c.num.toString());
    let text = top.length ? top.join(mulOp) : '1';
    // one quotient: a / (b * c), as a person writes it, not a / b / c
    const below = [...(c.den !== 1n ? [c.den.toString()] : []), ...den.map(part)];
    if (below.length) text += divOp + (below.length === 1 ? below[0] : `(${c.den !== 1n ? `${below[0]}${this.times}${below.slice(1).join(mulOp)}` : below.join(mulOp)})`);
    return [text, P.Product];
  }

  private power(base: MExpr, exp: Rational): [string, P] {
    if (exp.isNegative && !isScalar(base.shape)) return this.hadamard([{ kind: 'pow', base, exp, shape: base.shape, key: '' }]);
    if (exp.isNegative) return this.scale(Rational.ONE, [{ kind: 'pow', base, exp, shape: base.shape, key: '' }], null);
    // a standard deviation squared is the variance: np.var(x), not np.std(x)**2
    const variance = exp.equals(TWO) && base.kind === 'fn' && base.name === 'sqrt' ? this.wholeVariance(base.arg) : undefined;
    if (variance) return [this.varianceText(variance, false), P.Atom];
    // a postfix base binds tighter than the power in every notation: x.shape[0]**2, A'^2
    const b = this.print(base, P.Postfix);
    const op = this.py ? '**' : isScalar(base.shape) ? '^' : '.^';
    return [`${b}${op}${exponentText(exp)}`, P.Power];
  }

  private transpose(arg: MExpr): [string, P] {
    if (this.py) {
      if (arg.shape.length === 1 && !this.s.columns) return this.render(arg);
      return this.tf ? [`${this.np}.transpose(${this.print(arg, 0)})`, P.Atom] : [`${this.print(arg, P.Postfix)}.T`, P.Postfix];
    }
    // MATLAB makes a row of ones directly: ones(1, n)
    if (this.ml && isVectorOfOnes(arg)) return [`ones(1, ${this.dim(arg.shape[0])})`, P.Atom];
    return [`${this.print(arg, P.Postfix)}'`, P.Postfix];
  }

  private fn(name: string, arg: MExpr): [string, P] {
    // exp(v·log u), how a power of names is read (p**y): written back as the power
    const power = logPower(name, arg);
    if (power) {
      const base = this.print(power.base, P.Atom);
      const op = this.py ? '**' : isScalar(power.base.shape) && isScalar(power.exp.shape) ? '^' : '.^';
      // Julia reads 2.^x as the float 2. then ^: a number before a dotted operator takes a space
      return [`${base}${this.jl && op === '.^' && /\d$/.test(base) ? ' .^ ' : op}${this.print(power.exp, P.Atom)}`, P.Power];
    }
    if (name === 'sqrt' && arg.kind === 'scale' && arg.coeff.isOne && arg.body) {
      const mean = this.axisMean(arg.body, arg.factors, false);
      const variance = mean && this.axisVarianceIn(mean.summed, arg.factors);
      if (variance && !variance.others.length) return [this.varianceText(variance, true), P.Atom];
    }
    const wholeVariance = name === 'sqrt' ? this.wholeVariance(arg) : undefined;
    if (wholeVariance) return [this.varianceText(wholeVariance, true), P.Atom];
    const norms = name === 'sqrt' && arg.kind === 'matmul' ? this.axisNorms(arg.factors) : undefined;
    if (norms) return [norms, P.Atom];
    const a = this.print(arg, 0);
    const scalar = isScalar(arg.shape);
    // PyTorch's and TensorFlow's functions take tensors: a number's (√π) is Python's math, and so is a scalar's
    // where the selection calls math on its scalars (floats: torch.sqrt(sigma) would be a TypeError)
    if (this.s.library && scalar && (!hasSymbol(arg) || this.s.mathScalars) && PYTHON_MATH.has(name)) return [`math.${name}(${a})`, P.Atom];
    if (this.s.library === 'torch' && (name === 'sigmoid' || name === 'relu')) return [`${this.np}.${name}(${a})`, P.Atom];
    // Φ is torch.special.ndtr
    if (this.s.library === 'torch' && name === 'normcdf') return [`${this.np}.special.ndtr(${a})`, P.Atom];
    if (this.tf) {
      const lowered = lowerElementwise(name, arg, TF_FUNCTIONS);
      if (lowered) return this.render(lowered);
      const spelled = TF_FUNCTIONS.has(name) ? tensorflowCall(name, a, this.np) : undefined;
      if (spelled) return [spelled, P.Atom];
    }
    if (this.s.library === 'torch' && name === 'heaviside') {
      // torch.heaviside needs its values in the input's dtype
      const like = tensorNamedIn(arg);
      return [`${this.np}.heaviside(${a}, ${this.np}.tensor(0.5${like ? `, dtype=${like}.dtype` : ''}))`, P.Atom];
    }
    const spelled = this.s.written?.[name];
    const first = this.jl && spelled ? JULIA_FIRST_ARGUMENTS[name] : undefined;
    if (spelled) return [`${spelled}${this.jl && !scalar ? '.' : ''}(${first ? `${first}, ` : ''}${a})`, P.Atom];
    if (name === 'sigmoid' && !this.writesSigmoid) {
      // exp(y - X*w), not exp(-(X*w - y))
      const negText = this.print(arg.kind === 'add' ? add(...arg.terms.map(neg)) : neg(arg), 0);
      if (this.py) return [`1 / (1 + ${this.np}.exp(${negText}))`, P.Product];
      if (this.jl) return scalar ? [`1/(1 + exp(${negText}))`, P.Product] : [`1 ./ (1 .+ exp.(${negText}))`, P.Product];
      return [`1./(1 + exp(${negText}))`, P.Product];
    }
    // ReLU as the notations write it; numpy's heaviside takes its value at 0 (½, the mean of the one-sided slopes)
    if (name === 'relu' && this.s.dialect !== 'matrix') return [this.py ? `${this.np}.maximum(${a}, 0)` : this.jl && !scalar ? `max.(${a}, 0)` : `max(${a}, 0)`, P.Atom];
    if (name === 'heaviside' && this.py) return [`${this.np}.heaviside(${a}, 0.5)`, P.Atom];
    // numpy lacks the special functions: scipy.special's (or JAX's, autograd's copy), as the selection imports it
    const special = this.py && !this.s.library ? SCIPY_SPECIAL[name] : undefined;
    if (special) return [`${this.s.special ?? 'scipy.special'}.${special}(${a})`, P.Atom];
    if (this.py) {
      const lowered = lowerElementwise(name, arg, NUMPY_FUNCTIONS);
      if (lowered) return this.render(lowered);
      return [`${this.np}.${NUMPY_NAMES[name] ?? name}(${a})`, P.Atom];
    }
    // functions the notation lacks (MATLAB's heaviside) in ones it has, as numpy does above
    const lowered = this.s.dialect === 'matrix' ? undefined : lowerElementwise(name, arg, withWritten(this.jl ? JULIA_FUNCTIONS : MATLAB_FUNCTIONS, this.s.written));
    if (lowered) return this.render(lowered);
    const spelledOut = (this.ml ? GAMMA_OUT[name] : this.jl ? JULIA_OUT[name] : undefined) ?? name;
    if (this.jl && !scalar) return [`${spelledOut}.(${a})`, P.Atom];
    return [`${spelledOut}(${a})`, P.Atom];
  }

  /** The reductions and matrix functions as TensorFlow names them. */
  private tensorflowOp(name: MatFn, arg: MExpr, a: string): string {
    const tf = this.np;
    switch (name) {
      case 'sum': return `${tf}.reduce_sum(${a})`;
      case 'prod': return `${tf}.reduce_prod(${a})`;
      case 'tr': return `${tf}.linalg.trace(${a})`;
      case 'det': return `${tf}.linalg.det(${a})`;
      // tf.linalg.logdet is for positive-definite matrices only
      case 'logdet': return `${tf}.math.log(${tf}.linalg.det(${a}))`;
      case 'inv': return `${tf}.linalg.inv(${a})`;
      // a vector's diagonal matrix (of a column, of its entries: tf.linalg.diag of an n×1 tensor is n 1×1
      // matrices), or a matrix's diagonal (as a column where vectors are)
      case 'diag': {
        if (arg.shape.length === 1) return `${tf}.linalg.diag(${this.s.columns ? `${this.print(arg, P.Postfix)}[:, 0]` : a})`;
        return `${tf}.linalg.diag_part(${a})${this.s.columns ? '[:, None]' : ''}`;
      }
      // tf.norm of a matrix is the norm of all its entries, as of a vector
      case 'norm1': return `${tf}.norm(${a}, ord=1)`;
      case 'norm2': return `${tf}.norm(${a})`;
      case 'amax': return `${tf}.reduce_max(${a})`;
      case 'amin': return `${tf}.reduce_min(${a})`;
    }
  }

  private op(name: MatFn, arg: MExpr): [string, P] {
    const a = this.print(arg, 0);
    const matrix = arg.shape.length === 2 && arg.shape[0] !== 1;
    const np = this.np;
    switch (this.s.dialect) {
      case 'matrix': return [`${name}(${a})`, P.Atom];
      case 'python': {
        if (this.tf) return [this.tensorflowOp(name, arg, a), P.Atom];
        const t: Record<string, string> = {
          sum: `${np}.sum(${a})`, prod: `${np}.prod(${a})`, tr: `${np}.trace(${a})`, det: `${np}.linalg.det(${a})`, logdet: `${np}.log(${np}.linalg.det(${a}))`,
          inv: `${np}.linalg.inv(${a})`, diag: `${np}.diag(${a})`, norm1: matrix ? `${np}.sum(${np}.abs(${a}))` : `${np}.linalg.norm(${a}, 1)`, norm2: `${np}.linalg.norm(${a})`,
          amax: `${np}.max(${a})`, amin: `${np}.min(${a})`,
        };
        return [t[name], P.Atom];
      }
      case 'matlab': {
        // every entry's sum, product, largest or smallest (of `inner`, else of the argument): sum(X, 'all') where the
        // selection writes it, else as Octave and every MATLAB run it, sum(X(:)) of a name and sum(sum(A*B)) of an expression
        const all = (f: string, inner?: string) => {
          if (this.s.allOption) return `${f}(${inner ?? a}${f === 'max' || f === 'min' ? ', []' : ''}, 'all')`;
          return inner === undefined && arg.kind === 'sym' ? `${f}(${a}(:))` : `${f}(${f}(${inner ?? a}))`;
        };
        const t: Record<string, string> = {
          sum: matrix ? all('sum') : `sum(${a})`, prod: matrix ? all('prod') : `prod(${a})`, tr: `trace(${a})`, det: `det(${a})`, logdet: `log(det(${a}))`,
          inv: `inv(${a})`, diag: `diag(${a})`, norm1: matrix ? all('sum', `abs(${a})`) : `norm(${a}, 1)`, norm2: matrix ? `norm(${a}, 'fro')` : `norm(${a})`,
          amax: matrix ? all('max') : `max(${a})`, amin: matrix ? all('min') : `min(${a})`,
        };
        return [t[name], P.Atom];
      }
      case 'julia': {
        const t: Record<string, string> = {
          sum: `sum(${a})`, prod: `prod(${a})`, tr: `tr(${a})`, det: `det(${a})`, logdet: `logdet(${a})`, inv: `inv(${a})`,
          diag: arg.shape.length === 1 ? `Diagonal(${a})` : `diag(${a})`, norm1: `norm(${a}, 1)`, norm2: `norm(${a})`,
          amax: `maximum(${a})`, amin: `minimum(${a})`,
        };
        return [t[name], P.Atom];
      }
    }
  }
}

/** A matrix summed along one axis (0: its columns' sums, a row; 1: its rows' sums, a column) of length `dim`. */
interface AxisSum { readonly arg: MExpr; readonly axis: 0 | 1; readonly dim: Dim }

/** Whether `e` is a count: n, the sum of a vector of ones. */
function isCount(e: MExpr): e is MOp {
  return e.kind === 'op' && e.name === 'sum' && isVectorOfOnes(e.arg);
}

/** Whether `f` is a count or a power of one. */
const isCountFactor = (f: MExpr): boolean => isCount(splitPow(f)[0]);

/** A product's scalar factors with its counts first, as people write them: x.shape[0] * sigma**2, n \sigma^{2}. */
function countsFirst(factors: readonly MExpr[]): MExpr[] {
  return [...factors.filter(isCountFactor), ...factors.filter((f) => !isCountFactor(f))];
}

/** Whether `f` is 1/n (`less`: 1/(n − less)), n the count of a vector of `dim` entries (sum of its ones). */
function isCountOf(f: MExpr, dim: Dim, less = 0): boolean { return countPower(f, dim, less)?.equals(Rational.MINUS_ONE) ?? false; }

/** k when `f` is n^k for a negative whole k (`less`: (n − less)^k), n the count of a vector of `dim` entries; else undefined. */
function countPower(f: MExpr, dim: Dim, less = 0): Rational | undefined {
  if (f.kind !== 'pow' || !f.exp.isInteger || !f.exp.isNegative) return undefined;
  const terms = f.base.kind === 'add' ? f.base.terms : [f.base];
  const count = terms.find((t) => isCount(t) && t.arg.shape[0] === dim);
  const rest = terms.filter((t) => t !== count);
  const counts = !!count && (less === 0 ? rest.length === 0 : rest.length === 1 && rest[0].kind === 'num' && rest[0].value.equals(Rational.of(-less)));
  return counts ? f.exp : undefined;
}

/** u and c of u + c·1 (c a number, 0 when there is none): an argument shifted by a constant. */
function shifted(e: MExpr): { u: MExpr; c: Rational } {
  if (e.kind !== 'add') return { u: e, c: Rational.ZERO };
  const constant = e.terms.find((t) => t.kind === 'ones' || (t.kind === 'scale' && t.factors.length === 0 && t.body?.kind === 'ones'));
  if (!constant) return { u: e, c: Rational.ZERO };
  return { u: add(...e.terms.filter((t) => t !== constant)), c: splitCoeff(constant)[0] };
}

/** u, lo and hi of lo + relu(u − lo) − relu(u − hi) (lo < hi), how clip(u, lo, hi) is read; undefined for any other sum. */
function clipOf(e: MExpr): { u: MExpr; lo: Rational; hi: Rational } | undefined {
  if (e.kind !== 'add' || e.terms.length < 2 || e.terms.length > 3) return undefined;
  const parts = e.terms.map(splitCoeff);
  const isRamp = ([, r]: [Rational, MExpr]) => r.kind === 'fn' && r.name === 'relu';
  const up = parts.find((p) => isRamp(p) && p[0].isOne);
  const down = parts.find((p) => isRamp(p) && p[0].equals(Rational.MINUS_ONE));
  const rest = parts.filter((p) => !isRamp(p));
  if (!up || !down || rest.length > 1) return undefined;
  // the floor beside the ramps is lo itself, a number (times ones)
  const floor = rest.length === 0 ? Rational.ZERO : rest[0][1].kind === 'ones' || rest[0][1].kind === 'num' ? rest[0][0] : undefined;
  const [a, b] = [shifted((up[1] as MExpr & { kind: 'fn' }).arg), shifted((down[1] as MExpr & { kind: 'fn' }).arg)];
  const [lo, hi] = [a.c.neg(), b.c.neg()];
  if (a.u.key !== b.u.key || lo.compare(hi) >= 0 || !floor?.equals(lo)) return undefined;
  return { u: a.u, lo, hi };
}

/** heaviside(u − a) − heaviside(u − b) (a < b), a clip's derivative, as the mask of a < u < b it is (but at u = a, b); undefined otherwise. */
function stepBand(e: MExpr): MExpr | undefined {
  if (e.kind !== 'add' || e.terms.length !== 2) return undefined;
  const steps = e.terms.map(splitCoeff);
  const up = steps.find(([c, r]) => c.isOne && r.kind === 'fn' && r.name === 'heaviside');
  const down = steps.find(([c, r]) => c.equals(Rational.MINUS_ONE) && r.kind === 'fn' && r.name === 'heaviside');
  if (!up || !down) return undefined;
  const [a, b] = [shifted((up[1] as MExpr & { kind: 'fn' }).arg), shifted((down[1] as MExpr & { kind: 'fn' }).arg)];
  if (a.u.key !== b.u.key || a.c.neg().compare(b.c.neg()) >= 0) return undefined;
  return hadamard(compare('gt', a.u, num(a.c.neg())), compare('lt', a.u, num(b.c.neg())));
}

/** `e` with a difference of steps standing as a factor or alone written as its mask (see stepBand). */
function withStepBands(e: MExpr): MExpr {
  const band = (f: MExpr) => stepBand(f) ?? f;
  if (e.kind === 'add') return band(e);
  if (e.kind === 'hadamard' && e.factors.some((f) => stepBand(f))) return hadamard(...e.factors.map(band));
  if (e.kind === 'scale' && e.body && (stepBand(e.body) || (e.body.kind === 'hadamard' && e.body.factors.some((f) => stepBand(f))))) {
    return mul(num(e.coeff), ...e.factors, withStepBands(e.body));
  }
  return e;
}

/**
 * M'·1 − n·v as the column sums of M − 1·v' (np.sum(X - mu, axis=0)): the deviations a selection writes,
 * which the product multiplies out, with its coefficient; undefined for any other sum. The product is built
 * as it stands (mul would multiply it out again).
 */
function columnSumsOfDeviations(e: MExpr): { coeff: Rational; sums: MExpr } | undefined {
  if (e.kind !== 'add' || e.terms.length !== 2 || e.shape.length !== 1) return undefined;
  const [a, b] = e.terms.map(splitCoeff);
  for (const [[c, sums], [d, shift]] of [[a, b], [b, a]]) {
    if (sums.kind !== 'matmul' || sums.factors.length !== 2 || sums.factors[0].kind !== 'transpose' || !isVectorOfOnes(sums.factors[1])) continue;
    const m = sums.factors[0].arg;
    const n = sums.factors[1].shape[0];
    const count = shift.kind === 'scale' && shift.factors.length === 1 && shift.body?.shape.length === 1 ? shift.factors[0] : undefined;
    if (!count || !d.equals(c.neg()) || count.kind !== 'op' || count.name !== 'sum' || !isVectorOfOnes(count.arg) || count.arg.shape[0] !== n) continue;
    const deviations = add(m, neg(mul(ones([n]), transpose((shift as MExpr & { kind: 'scale' }).body!))));
    const factors = [transpose(deviations), ones([n])];
    return { coeff: c, sums: { kind: 'matmul', factors, shape: e.shape, key: `@(${factors.map((f) => f.key).join(',')})` } };
  }
  return undefined;
}

/** m, when `e` is m − mean(m)·1: a vector's deviations from its mean. */
function deviationsFromMean(e: MExpr): MExpr | undefined {
  if (e.kind !== 'add') return undefined;
  for (const t of e.terms) {
    if (t.kind !== 'scale' || !t.coeff.equals(Rational.MINUS_ONE) || !t.body || !isVectorOfOnes(t.body) || t.factors.length !== 2) continue;
    const m = add(...e.terms.filter((u) => u !== t));
    const dim = t.body.shape[0];
    if (t.factors.some((f) => f.kind === 'op' && f.name === 'sum' && f.arg.key === m.key) && t.factors.some((f) => isCountOf(f, dim))) return m;
  }
  return undefined;
}

/** M, when an axis sum adds the squares of M's entries. */
function squaresSummed(s: AxisSum): MExpr | undefined {
  return s.arg.kind === 'pow' && s.arg.exp.equals(TWO) ? s.arg.base : undefined;
}

/** How many transposes `e` prints: a transposed vector of ones is broadcasting's and prints none, nor (`rowsAre1D`: numpy's) a vector's. */
function visibleTransposes(e: MExpr, rowsAre1D: boolean): number {
  let n = 0;
  for (const stack = [e]; stack.length;) {
    const x = stack.pop()!;
    if (x.kind === 'transpose' && x.arg.kind !== 'ones' && !(rowsAre1D && x.arg.shape.length === 1)) n++;
    stack.push(...children(x));
  }
  return n;
}

/** A power's base and exponent; a transposed power's as the power of the transpose, so a row of reciprocals divides: A / w**2. */
function powerOf(e: MExpr): [MExpr, Rational] {
  const [base, exp] = splitPow(e);
  return base.kind === 'transpose' && base.arg.kind === 'pow' ? [transpose(base.arg.base), base.arg.exp.mul(exp)] : [base, exp];
}

/** Text already printed, standing in the tree as an atom of `shape` (its key its own). */
function printed(text: string, shape: MExpr['shape']): MExpr {
  return { kind: 'sym', name: text, shape, key: `⟪${text}⟫`, symmetric: false };
}

/** The matrix a solve the user wrote solves with: inv(P) marked as written P\\b → P, its transpose → P'. */
export function solvedMatrix(f: MExpr): MExpr | undefined {
  if (f.kind === 'op' && f.name === 'inv' && f.written === 'solve') return f.arg;
  if (f.kind === 'transpose' && f.arg.kind === 'op' && f.arg.name === 'inv' && f.arg.written === 'solve') return transpose(f.arg.arg);
  return undefined;
}

/** The element-wise functions TensorFlow has (the printer rewrites the others with these: sec u = 1/cos u). */
const TF_FUNCTIONS: ReadonlySet<string> = new Set(TF_SPELLED.filter(isElementwise));

/** The functions of Python's math module the function table shares. */
const PYTHON_MATH: ReadonlySet<string> = new Set(['exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh', 'erf', 'erfc', 'gamma', 'lgamma', 'log1p', 'expm1']);

function hasSymbol(e: MExpr): boolean {
  return e.kind === 'sym' || children(e).some(hasSymbol);
}

/** The name of an array in `e`, whose dtype a PyTorch tensor made from numbers takes. */
function tensorNamedIn(e: MExpr): string | undefined {
  return e.kind === 'sym' && !isScalar(e.shape) ? e.name : children(e).map(tensorNamedIn).find((n) => n !== undefined);
}

/** Where a factor goes in an element-wise product: masks, then symbols first, as people write them: (r > 0).*r, y.*exp(u). */
function hadamardPlace(f: MExpr): number { return f.kind === 'compare' ? 0 : f.kind === 'sym' ? 1 : 2; }

const COMPARISON_TEXT: Readonly<Record<MCompare['op'], string>> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

/** A sum's terms under masks, grouped by comparison with its complement (one where(c, a, b) each), and the other terms. */
function groupedByMask(input: readonly MExpr[]): { terms: MExpr[]; wheres: Masked[][] } {
  const terms: MExpr[] = [];
  const groups = new Map<string, Masked[]>();
  for (const t of input) {
    const m = maskedTerm(t);
    if (!m) { terms.push(t); continue; }
    const group = groups.get(m.mask.key) ?? groups.get(complement(m.mask).key);
    if (group) group.push(m);
    else groups.set(m.mask.key, [m]);
  }
  return { terms, wheres: [...groups.values()] };
}

interface JointWhere { readonly terms: readonly MExpr[]; readonly condition: readonly (readonly MCompare[])[]; readonly values: readonly [MExpr, MExpr] }

/** A product with a factor that is a joined mask (c₁ + ¬c₁·c₂ is c₁ | c₂), as that mask's condition and the rest: where(c, rest, 0). */
function underJointMask(e: MExpr): { condition: JointWhere['condition']; rest: MExpr } | undefined {
  const isOne = (v: MExpr) => v.kind === 'num' && v.value.isOne;
  const mask = (f: MExpr) => {
    const j = f.kind === 'add' ? jointWhere(f.terms) : undefined;
    return j && j.terms.length === 0 && isOne(j.values[0]) && isZero(j.values[1]) ? j.condition : undefined;
  };
  if (e.kind === 'hadamard') {
    for (const [i, f] of e.factors.entries()) {
      const condition = mask(f);
      const others = e.factors.filter((_, j) => j !== i);
      if (condition) return { condition, rest: others.length ? hadamard(...others) : num(1) };
    }
    return undefined;
  }
  if (e.kind !== 'scale' || !e.body) return undefined;
  const condition = mask(e.body);
  if (condition) return { condition, rest: mul(num(e.coeff), ...e.factors) };
  const inner = underJointMask(e.body);
  return inner && { condition: inner.condition, rest: mul(num(e.coeff), ...e.factors, inner.rest) };
}

/**
 * A sum of terms under joined comparisons as one where(c, a, b), c a conjunction of comparisons or a
 * disjunction of them, as people write np.where((x > 0) & (x < 3), f, g) — whose derivative is
 * c₁·c₂·f' + c₁·¬c₂·g' + ¬c₁·g'. Read from the sum's value on each row of the comparisons' truth
 * table: it must take two values, one on the rows where c holds. `condition`: a disjunction of
 * conjunctions (one of them, or several of one comparison each). Undefined where no term has two
 * masks (groupedByMask prints those) or the sum is not such a where.
 */
function jointWhere(input: readonly MExpr[]): JointWhere | undefined {
  const terms: MExpr[] = [];
  const masked: { masks: MCompare[]; rest: MExpr }[] = [];
  for (const t of input) {
    const m = maskedFactors(t);
    if (m) masked.push(m);
    else terms.push(t);
  }
  if (!masked.some((m) => m.masks.length > 1)) return undefined;
  // the comparisons up to complement, each as the user wrote it where one was written
  const atoms: MCompare[] = [];
  const atomOf = (m: MCompare): Literal => {
    const c = complement(m);
    let i = atoms.findIndex((a) => a.key === m.key || a.key === c.key);
    if (i < 0) i = atoms.push(m.written || !c.written ? m : c) - 1;
    else if (m.written && !atoms[i].written) atoms[i] = m;
    return [i, atoms[i].key === m.key];
  };
  const literals = masked.map((m) => m.masks.map(atomOf));
  if (atoms.length > MAX_ATOMS) return undefined;
  const value = (row: number) => {
    const rests = masked.filter((_, j) => literals[j].every((l) => holds(row, l))).map((m) => m.rest);
    return rests.length ? add(...rests) : num(0);
  };
  const values = Array.from({ length: 1 << atoms.length }, (_, row) => value(row));
  const distinct = [...new Map(values.map((v) => [v.key, v])).values()];
  if (distinct.length !== 2) return undefined;
  // of the forms found, the one nearest the input: 0 as the other value, comparisons as written, and rather than or
  let best: { condition: Literal[][]; values: [MExpr, MExpr]; cost: number } | undefined;
  for (const [inside, outside] of [[distinct[0], distinct[1]], [distinct[1], distinct[0]]]) {
    for (const condition of conditionForms(values.map((v) => v.key === inside.key), atoms.length)) {
      const cost = (isZero(inside) ? 100 : 0) + condition.flat().filter(([, positive]) => !positive).length * 2 + (condition.length > 1 ? 1 : 0);
      if (!best || cost < best.cost) best = { condition, values: [inside, outside], cost };
    }
  }
  if (!best) return undefined;
  const literal = ([i, positive]: Literal) => (positive ? atoms[i] : complement(atoms[i]));
  return { terms, condition: best.condition.map((all) => all.map(literal)), values: best.values };
}

/** 0.2*w rather than w/5: a terminating fraction is written as a decimal, a half as /2 unless the selection writes decimals. */
function decimalCoefficient(c: Rational, decimals = false): string | undefined {
  if (c.isInteger || (c.den === 2n && !decimals) || !c.isTerminating) return undefined;
  return c.toDecimalString();
}

/** u when `e` is 1 − sigmoid(v) (ones of its shape for an array), written sigmoid(u) with u = −v. */
function sigmoidComplement(e: MExpr & { kind: 'add' }): MExpr | undefined {
  if (e.terms.length !== 2) return undefined;
  const one = e.terms.find((t) => t.kind === 'ones' || (t.kind === 'num' && t.value.isOne));
  const other = e.terms.find((t) => t !== one);
  if (!one || !other || other.kind !== 'scale' || !other.coeff.equals(Rational.MINUS_ONE)) return undefined;
  const s = other.body ?? (other.factors.length === 1 ? other.factors[0] : undefined);
  if (!s || s.kind !== 'fn' || s.name !== 'sigmoid' || (other.body && other.factors.length > 0)) return undefined;
  return neg(s.arg);
}

/** The denominators of an array that is all denominator (x.^-1, 1./(u.*v)), else undefined. */
function reciprocalOf(e: MExpr): MExpr[] | undefined {
  const parts = e.kind === 'hadamard' ? e.factors : [e];
  const out: MExpr[] = [];
  for (const f of parts) {
    if (f.kind !== 'pow' || !f.exp.isNegative) return undefined;
    out.push(f.exp.equals(Rational.MINUS_ONE) ? f.base : { kind: 'pow', base: f.base, exp: f.exp.neg(), shape: f.shape, key: '' } as MExpr);
  }
  return out;
}

/** Terms as people write them: of terms equal but for transposes, the one with fewer first (A + A'). */
function readingOrder(terms: readonly MExpr[]): MExpr[] {
  const transposes = (e: MExpr): number => (e.kind === 'transpose' ? 1 : 0) + children(e).reduce((n, c) => n + transposes(c), 0);
  const bare = (e: MExpr): string => (e.kind === 'transpose' ? bare(e.arg) : `${e.kind === 'sym' ? e.name : e.kind}(${children(e).map(bare).join(',')})`);
  const groups = new Map<string, MExpr[]>();
  for (const t of terms) {
    const k = bare(t);
    const g = groups.get(k);
    if (g) g.push(t); else groups.set(k, [t]);
  }
  return [...groups.values()].flatMap((g) => g.map((t, i) => ({ t, i, n: transposes(t) })).sort((a, b) => a.n - b.n || a.i - b.i).map((x) => x.t));
}


function isNegativeTerm(e: MExpr): boolean {
  return (e.kind === 'num' && e.value.isNegative) || (e.kind === 'scale' && e.coeff.isNegative);
}

function negate(e: MExpr): MExpr {
  if (e.kind === 'num') return { ...e, value: e.value.neg() };
  if (e.kind === 'scale') {
    const c = e.coeff.neg();
    if (c.isOne && e.factors.length === 0 && e.body) return e.body;
    if (c.isOne && e.factors.length === 1 && !e.body) return e.factors[0];
    return { ...e, coeff: c };
  }
  return e;
}

// ── LaTeX ────────────────────────────────────────────────────────────────────

/** LaTeX's function commands; other functions print as \operatorname{name}. */
const LATEX_FN: Readonly<Record<string, string>> = {
  exp: '\\exp', log: '\\log', sin: '\\sin', cos: '\\cos', tan: '\\tan', sec: '\\sec', csc: '\\csc', cot: '\\cot',
  asin: '\\arcsin', acos: '\\arccos', atan: '\\arctan', tanh: '\\tanh', sinh: '\\sinh', cosh: '\\cosh', coth: '\\coth',
  sigmoid: '\\sigma', relu: '\\operatorname{ReLU}', gamma: '\\Gamma', digamma: '\\psi', normcdf: '\\Phi', normpdf: '\\phi', sign: '\\operatorname{sgn}',
};

/** The name n of Γ(n + 1), its factorial n! (entry by entry: x_i!), for a selection that writes factorials; undefined for any other function. */
function factorialBase(e: MExpr & { kind: 'fn' }): MExpr | undefined {
  if (e.name !== 'gamma' || e.arg.kind !== 'add' || e.arg.terms.length !== 2) return undefined;
  const name = e.arg.terms.find((t) => t.kind === 'sym');
  const one = e.arg.terms.some((t) => isVectorOfOnes(t) || (t.kind === 'num' && t.value.isOne));
  return name && one ? name : undefined;
}

const LATEX_COMPARISON: Readonly<Record<MCompare['op'], string>> = { gt: '>', ge: '\\ge', lt: '<', le: '\\le' };

/** e^{u} of a number, or \\exp(u) where the selection writes that (exponentialTex). */
function exponential(u: string): [string, P] {
  const { text, power } = exponentialTex(u);
  return [text, power ? P.Power : P.Atom];
}

/** f(u) with u's LaTeX given: \sqrt{u}, \left|u\right|, \tanh(u), \operatorname{f}(u), brackets grown around tall content only. */
function functionTex(name: string, arg: string): string {
  if (name === 'sqrt') return `\\sqrt{${arg}}`;
  if (name === 'abs') return `\\left|${arg}\\right|`;
  // the step as papers write masks, the indicator of u > 0
  if (name === 'heaviside') return `\\mathbb{1}${parenthesized(`${arg} > 0`, '[', ']')}`;
  return `${LATEX_FN[name] ?? `\\operatorname{${name}}`}${parenthesized(arg)}`;
}

/** The indicator of a comparison, as papers write masks: \mathbb{1}[z > 0]. */
function indicatorTex(e: MCompare, part: (x: MExpr, outer: P) => string): string {
  return `\\mathbb{1}${parenthesized(`${part(e.left, P.Sum)} ${LATEX_COMPARISON[e.op]} ${part(e.right, P.Sum)}`, '[', ']')}`;
}

/** A power of a scalar: \sqrt{u}, \frac{1}{u^{2}}, u^{3}. */
function scalarPowerTex(base: MExpr, exp: Rational, part: (x: MExpr, outer: P | 0) => string): [string, P] {
  if (exp.equals(Rational.HALF)) return [`\\sqrt{${part(base, 0)}}`, P.Atom];
  if (exp.isNegative) return [`\\frac{1}{${exp.equals(Rational.MINUS_ONE) ? part(base, 0) : `${part(base, P.Atom)}^{${exp.neg()}}`}}`, P.Atom];
  return [`${part(base, P.Atom)}^{${exp}}`, P.Power];
}

/** exp(v·log(u)) as the power u^v (see logPowerParts); undefined for any other function. */
function logPower(name: string, arg: MExpr): { base: MExpr; exp: MExpr } | undefined {
  return name === 'exp' ? logPowerParts(arg) : undefined;
}

/** Prints `e` in LaTeX: x^\top A x, X^{-1}, \operatorname{tr}, \odot, \|x\|_2. */
export function printLatex(e: MExpr): string { return tex(e, 0); }

/** A selection named in index notation by the entries it keeps: S^{(2:n)}. */
export function selectionLatex(e: MSelect): string { return `S^{(${keptLatex(e)})}`; }

/** The indices a selection keeps, as LaTeX writes a range: 2:n, 1:n-1. */
function keptLatex(s: MSelect): string {
  const n = s.shape[1];
  return `${s.from + 1}:${s.to ? `${n}-${s.to}` : n}`;
}

/** A chain's selection factor: S (a slice) or S' (padding with zeros). */
function selectionOf(f: MExpr | undefined): { s: MSelect; padded: boolean } | undefined {
  if (f?.kind === 'select') return { s: f, padded: false };
  return f?.kind === 'transpose' && f.arg.kind === 'select' ? { s: f.arg, padded: true } : undefined;
}

/** A chain with a sum of selections in it multiplied out: (S1 - S0)'·v is S1'·v - S0'·v. */
function distributedSelections(factors: readonly MExpr[]): MExpr | undefined {
  const i = factors.findIndex(isSumOfSelections);
  return i < 0 ? undefined : add(...(factors[i] as MAdd).terms.map((t) => mul(...factors.slice(0, i), t, ...factors.slice(i + 1))));
}

/** What a selection is, for the derivation: S^{(2:n)} = [0 I], so u_{2:n} = S^{(2:n)} u. */
export function selectionIdentityLatex(e: MSelect): string {
  const s = selectionLatex(e);
  return `${s} = ${printLatex(e)}, \\quad ${texSlice([e, sym('u', [e.shape[1]])])![0]} = ${s}\\, u`;
}

function tex(e: MExpr, outer: P | 0): string {
  checkDeadline();
  const [text, prec] = renderTex(e);
  return prec < outer ? parenthesized(text) : text;
}

/** v of v[1:] - v[:-1], the differences of v; undefined for other sums. */
function differencesOf(e: MAdd): MExpr | undefined {
  if (e.terms.length !== 2) return undefined;
  const sliced = (t: MExpr, from: number, to: number, coeff: number) => {
    const [c, body] = splitCoeff(t);
    if (!c.equals(Rational.of(coeff)) || body.kind !== 'matmul') return undefined;
    const [s, ...rest] = body.factors;
    return s.kind === 'select' && s.from === from && s.to === to ? mul(...rest) : undefined;
  };
  for (const [a, b] of [[e.terms[0], e.terms[1]], [e.terms[1], e.terms[0]]]) {
    const later = sliced(a, 1, 0, 1), earlier = sliced(b, 0, 1, -1);
    if (later && earlier && later.key === earlier.key) return later;
  }
  return undefined;
}

/** A matrix that is a sum of selections or of products with them: (S1 - S0)' multiplies out into padded vectors. */
function isSumOfSelections(f: MExpr): boolean {
  return f.kind === 'add' && f.shape.length === 2 && f.shape[0] !== 1 && f.terms.every(headedBySelection);
}

/** A term that is a selection, transposed or not, or a chain that starts or ends with one (times numbers). */
function headedBySelection(t: MExpr): boolean {
  const body = t.kind === 'scale' && t.body ? t.body : t;
  return selectionOf(body) !== undefined || (body.kind === 'matmul' && (selectionOf(body.factors[0]) !== undefined || selectionOf(body.factors[body.factors.length - 1]) !== undefined));
}

/** A selection heading a chain: x_{2:n}, and a gradient among zeros as a column, \\begin{bmatrix} 0 \\\\ g \\end{bmatrix}. */
function texSlice(factors: readonly MExpr[]): [string, P] | undefined {
  const distributed = distributedSelections(factors);
  if (distributed) return renderTex(distributed);
  const first = factors[0];
  const rest = mul(...factors.slice(1));
  // a matrix among zero rows and columns: S_a'·M·S_b
  const last = factors[factors.length - 1];
  const middle = factors.length > 2 ? mul(...factors.slice(1, -1)) : undefined;
  if (first.kind === 'transpose' && first.arg.kind === 'select' && last.kind === 'select' && middle && middle.shape.length === 2 && middle.shape[0] !== 1) {
    const [r, c] = [first.arg, last];
    const row = (cells: string[]) => [...(c.from ? ['\\mathbf{0}'] : []), ...cells, ...(c.to ? ['\\mathbf{0}'] : [])].join(' & ');
    const zeroRow = row(['\\mathbf{0}']);
    const lines = [...(r.from ? [zeroRow] : []), row([tex(middle, 0)]), ...(r.to ? [zeroRow] : [])];
    return [`\\begin{bmatrix} ${lines.join(' \\\\ ')} \\end{bmatrix}`, P.Atom];
  }
  // a matrix's columns among zero columns: \begin{bmatrix} \mathbf{0} & G \end{bmatrix}
  const before = mul(...factors.slice(0, -1));
  if (last.kind === 'select' && factors.length > 1 && before.shape.length === 2 && before.shape[0] !== 1) {
    const zeros = (k: number) => `\\mathbf{0}_{${k === 1 ? '' : `${k}`}}`.replace('_{}', '');
    return [`\\begin{bmatrix} ${[...(last.from ? [zeros(last.from)] : []), tex(before, 0), ...(last.to ? [zeros(last.to)] : [])].join(' & ')} \\end{bmatrix}`, P.Atom];
  }
  // a matrix among zero rows: \begin{bmatrix} \mathbf{0} \\ G \end{bmatrix}
  if (first.kind === 'transpose' && first.arg.kind === 'select' && rest.shape.length === 2 && rest.shape[0] !== 1) {
    const s = first.arg;
    return [`\\begin{bmatrix} ${[...(s.from ? ['\\mathbf{0}'] : []), tex(rest, 0), ...(s.to ? ['\\mathbf{0}'] : [])].join(' \\\\ ')} \\end{bmatrix}`, P.Atom];
  }
  if (rest.shape.length !== 1) return undefined;
  // a matrix after the selection keeps its rows where it stands (texFactors): X_{2:n,:}^\top r, not (X^\top r)_{2:n}
  const second = factors[1];
  if (first.kind === 'select' && factors.length > 2 && second.shape.length === 2 && second.shape[0] !== 1) return undefined;
  if (first.kind === 'select') return [`${tex(rest, P.Atom)}_{${keptLatex(first)}}`, P.Atom];
  if (first.kind !== 'transpose' || first.arg.kind !== 'select') return undefined;
  const s = first.arg;
  const zeros = (k: number) => (k === 1 ? '0' : `\\mathbf{0}_{${k}}`);
  return [`\\begin{bmatrix} ${[...(s.from ? [zeros(s.from)] : []), tex(rest, 0), ...(s.to ? [zeros(s.to)] : [])].join(' \\\\ ')} \\end{bmatrix}`, P.Atom];
}

/** A chain's factors in LaTeX, a matrix's kept rows and columns subscripted where it stands: X_{2:m,:}, X_{:,2:n}. */
function texFactors(factors: readonly MExpr[]): string[] {
  const isMatrix = (f: MExpr) => f.shape.length === 2 && f.shape[0] !== 1 && !selectionOf(f);
  const kept = (s: MSelect | undefined) => (s ? keptLatex(s) : ':');
  const columnsOf = (f: MExpr | undefined) => { const sel = selectionOf(f); return sel?.padded ? sel.s : undefined; };
  // a subscript on what has one already is braced: {X_{0}}_{2:n,:}
  const base = (m: MExpr) => { const t = tex(m, P.Atom); return t.includes('_') ? `{${t}}` : t; };
  const out: string[] = [];
  for (let k = 0; k < factors.length; k++) {
    const f = factors[k];
    // a vector's kept entries: W x_{2:n}
    const next = factors[k + 1];
    if (f.kind === 'select' && next?.shape.length === 1) { out.push(`${base(next)}_{${kept(f)}}`); k++; continue; }
    // and transposed: x^\top S' is x_{2:n}^\top
    const transposedEntries = f.kind === 'transpose' && f.arg.shape.length === 1 ? columnsOf(next) : undefined;
    if (transposedEntries && f.kind === 'transpose') { out.push(`${base(f.arg)}_{${kept(transposedEntries)}}^\\top`); k++; continue; }
    const rowSel = f.kind === 'select' && isMatrix(next ?? f) ? f : undefined;
    const m = rowSel ? factors[k + 1] : f;
    const colSel = isMatrix(m) ? columnsOf(factors[rowSel ? k + 2 : k + 1]) : undefined;
    if (!rowSel && !colSel) { out.push(tex(f, P.Power)); continue; }
    // rows of a transpose are columns of the matrix: X_{:,2:n}^\top
    out.push(m.kind === 'transpose' ? `${base(m.arg)}_{${kept(colSel)},${kept(rowSel)}}^\\top` : `${base(m)}_{${kept(rowSel)},${kept(colSel)}}`);
    k += (rowSel ? 1 : 0) + (colSel ? 1 : 0);
  }
  return out;
}

function renderTex(e: MExpr): [string, P] {
  switch (e.kind) {
    case 'num': {
      const v = e.value;
      if (v.isInteger) return [v.toString(), v.isNegative ? P.Unary : P.Atom];
      const f = `\\frac{${v.abs().num}}{${v.den}}`;
      return v.isNegative ? [`-${f}`, P.Unary] : [f, P.Atom];
    }
    case 'sym': return [latexSymbol(e.name), P.Atom];
    case 'const': return [e.name === 'pi' ? '\\pi' : 'e', P.Atom];
    case 'zero': return [e.shape.length === 0 ? '0' : '\\mathbf{0}', P.Atom];
    case 'eye': return [`I_{${e.shape[0]}}`, P.Atom];
    case 'select': {
      const k = e.shape[0];
      const zero = (c: number) => `\\mathbf{0}_{${splitShortened(k)[1] > 0 ? `(${k})` : k} \\times ${c}}`;
      return [`\\begin{bmatrix} ${[...(e.from ? [zero(e.from)] : []), `I_{${k}}`, ...(e.to ? [zero(e.to)] : [])].join(' & ')} \\end{bmatrix}`, P.Atom];
    }
    case 'ones': {
      const one = (d: Dim) => `\\mathbf{1}_{${d}}`;
      const [r, c] = [e.shape[0], e.shape[1]];
      return [e.shape.length === 1 ? one(r) : r === 1 ? `${one(c)}^\\top` : `${one(r)} ${one(c)}^\\top`, e.shape.length === 1 ? P.Atom : P.Product];
    }
    case 'add': return texSum(e.terms, tex);
    case 'scale': {
      const num: string[] = [], den: string[] = [];
      const c = e.coeff.abs();
      const decimal = decimalCoefficient(c);
      if (decimal) num.push(decimal);
      else {
        if (c.num !== 1n) num.push(c.num.toString());
        if (c.den !== 1n) den.push(c.den.toString());
      }
      const ups: MExpr[] = [];
      const downs = e.factors.filter((f) => splitPow(f)[1].isNegative);
      // one part alone under the fraction bar needs no brackets (\frac{2 x}{1 + \|x\|^2})
      const under = den.length + downs.length === 1 ? 0 : P.Product;
      for (const f of countsFirst(e.factors)) {
        const [base, exp] = splitPow(f);
        if (exp.isNegative) den.push(exp.equals(Rational.MINUS_ONE) ? tex(base, under) : `${tex(base, P.Atom)}^{${exp.neg()}}`);
        else ups.push(f);
      }
      // ½ (A + A')x, and \frac{1}{u} (…) before a long sum or one holding fractions; a shorter top over a scalar is the fraction's top (x/‖x‖, (x - y)/‖x - y‖)
      const fraction = (t: MExpr) => t.kind === 'scale' && (t.coeff.den !== 1n || t.factors.some((f) => splitPow(f)[1].isNegative));
      const longSum = e.body?.kind === 'add' && (e.body.terms.length > 2 || e.body.terms.some(fraction));
      const oneOver = den.length > 0 && num.length === 0 && ups.length === 0 && !!e.body && (longSum || e.factors.length === 0);
      // one part alone over the fraction bar needs no brackets (\frac{n - s}{\sigma}); a scalar product beside others does ((x^\top y) z)
      const alone = den.length > 0 && !oneOver && num.length + ups.length + (e.body ? 1 : 0) === 1;
      const crowded = ups.length + (e.body ? 1 : 0) > 1;
      for (const f of ups) num.push(alone ? tex(f, 0) : f.kind !== 'matmul' ? tex(f, P.Power) : crowded ? parenthesized(tex(f, 0)) : tex(f, P.Product));
      if (e.body) num.push(tex(e.body, alone ? 0 : P.Product));
      let text = num.length ? num.join(' ') : '1';
      if (den.length) text = oneOver ? `\\frac{1}{${den.join(' ')}} ${num[0]}` : `\\frac{${text}}{${den.join(' ')}}`;
      return e.coeff.isNegative ? [`-${text}`, P.Unary] : [text, P.Product];
    }
    case 'matmul': return texSlice(e.factors) ?? [texFactors(e.factors).join(' '), P.Product];
    case 'hadamard': {
      const sorted = [...e.factors].sort((a, b) => hadamardPlace(a) - hadamardPlace(b));
      const top = sorted.filter((f) => !splitPow(f)[1].isNegative);
      const bottom = sorted.filter((f) => splitPow(f)[1].isNegative).map((f) => {
        const [base, exp] = splitPow(f);
        return exp.equals(Rational.MINUS_ONE) ? base : { ...f, exp: exp.neg(), key: '' } as MExpr;
      });
      let text = top.length ? top.map((f) => tex(f, P.Power)).join(' \\odot ') : '\\mathbf{1}';
      for (const d of bottom) text += ` \\oslash ${tex(d, P.Power)}`;
      return [text, P.Product];
    }
    case 'pow': {
      if (isScalar(e.base.shape)) return scalarPowerTex(e.base, e.exp, tex);
      if (e.exp.isNegative) return [`\\mathbf{1} \\oslash ${e.exp.equals(Rational.MINUS_ONE) ? tex(e.base, P.Power) : `${tex(e.base, P.Atom)}^{\\circ ${e.exp.neg()}}`}`, P.Product];
      return [`${tex(e.base, P.Atom)}^{\\circ ${e.exp}}`, P.Power];
    }
    case 'transpose': {
      if (e.arg.kind === 'op' && e.arg.name === 'inv') return [`${tex(e.arg.arg, P.Atom)}^{-\\top}`, P.Power];
      return [`${tex(e.arg, P.Atom)}^\\top`, P.Power];
    }
    case 'fn': {
      const power = logPower(e.name, e.arg);
      if (power) return [`${tex(power.base, P.Atom)}^{${tex(power.exp, 0)}}`, P.Power];
      // e^{u} of a number, as the scalar printer and papers write it (\exp of an array, entry by entry)
      if (e.name === 'exp' && isScalar(e.arg.shape)) return exponential(tex(e.arg, 0));
      return [functionTex(e.name, tex(e.arg, 0)), P.Atom];
    }
    case 'compare': return [indicatorTex(e, tex), P.Atom];
    case 'op': {
      const a = tex(e.arg, 0);
      switch (e.name) {
        case 'sum': {
          // the number of entries as a count, n (m n; n-1 for a slice), as the mean's divisor is written
          if (e.arg.kind === 'ones') {
            const dims = e.arg.shape.filter((d) => d !== 1);
            const shorter = (d: Dim) => splitShortened(d)[1] > 0;
            if (dims.length === 1) return [String(dims[0]), shorter(dims[0]) ? P.Sum : P.Atom];
            return [dims.map((d) => (shorter(d) ? parenthesized(String(d)) : String(d))).join(' '), P.Product];
          }
          return [`\\mathbf{1}^\\top ${tex(e.arg, P.Power)}${e.arg.shape.length === 2 && e.arg.shape[0] !== 1 ? ' \\mathbf{1}' : ''}`, P.Product];
        }
        case 'prod': case 'amax': case 'amin': {
          // ∏_i x_i, ∏_{i,j} X_ij, max_i x_i: the entries of the argument, multiplied or compared
          const indices = e.arg.shape.length === 2 && e.arg.shape[0] !== 1 ? ['i', 'j'] : ['i'];
          const entry = e.arg.kind === 'sym' ? `${a}_{${indices.join('')}}` : `${parenthesized(a)}_{${indices.join('')}}`;
          return [`${e.name === 'prod' ? '\\prod' : e.name === 'amax' ? '\\max' : '\\min'}_{${indices.join(',')}} ${entry}`, P.Product];
        }
        case 'tr': return [`\\operatorname{tr}${parenthesized(a)}`, P.Atom];
        case 'det': return [`\\det${parenthesized(a)}`, P.Atom];
        case 'logdet': return [`\\log\\det${parenthesized(a)}`, P.Atom];
        case 'inv': return [`${tex(e.arg, P.Atom)}^{-1}`, P.Power];
        case 'diag': return [`\\operatorname{diag}${parenthesized(a)}`, P.Atom];
        case 'norm1': return [`\\left\\|${a}\\right\\|_1`, P.Atom];
        case 'norm2': return [euclideanNormTex(a, e.arg.shape.length === 2 && e.arg.shape[0] !== 1), P.Atom];
      }
    }
  }
}

/** A sum in LaTeX as people write it: terms in reading order, a positive one first, minus signs between. */
function texSum(terms: readonly MExpr[], part: (e: MExpr, outer: P) => string): [string, P] {
  const ordered = readingOrder(terms);
  const first = ordered.findIndex((t) => !isNegativeTerm(t));
  if (first > 0) ordered.unshift(...ordered.splice(first, 1));
  let out = part(ordered[0], P.Sum);
  for (const t of ordered.slice(1)) out += isNegativeTerm(t) ? ` - ${part(negate(t), P.Product)}` : ` + ${part(t, P.Sum)}`;
  return [out, P.Sum];
}

/** Prints in any matrix dialect. */
export function printIn(e: MExpr, dialect: MatrixDialect, options: Omit<CodeStyle, 'dialect'> = {}): string {
  return dialect === 'latex' ? printLatex(e) : printCode(e, { dialect, ...options });
}

// ── Index sums in LaTeX ──────────────────────────────────────────────────────

/**
 * An index sum's notation as the selection wrote it: its index, its number of entries and where it starts
 * (\sum_{i=1}^{n}, \sum_{i=0}^{n-1}), and the matrices whose rows it names (X → x, of x_i); `samples`: it
 * writes entries as machine-learning notes write samples, x^{(i)} for x_i.
 */
export interface IndexNotation { readonly index: string; readonly count: string; readonly from: 0 | 1; readonly rows: Readonly<Record<string, string>>; readonly factorials?: boolean; readonly samples?: boolean }

/** Entry `index` of a vector (or row of a matrix) named `name`: x_i, or x^{(i)} as samples; transposed, x_i^\top or x^{(i)\top}. */
function entryTex(name: string, notation: IndexNotation, transposed = false): string {
  const t = transposed ? '\\top' : '';
  return notation.samples ? `${latexSymbol(name)}^{(${notation.index})${t}}` : `${latexSymbol(name)}_${notation.index}${t ? `^${t}` : ''}`;
}

/** Thrown inside printIndexed where a part has no form in sums over entries. */
const NO_INDEX_FORM = new Error('no index form');

/**
 * A scalar, or a vector as long as the rows x_i, written as a selection with index sums writes it:
 * \sum_{i=1}^{n} x_i (y_i - w x_i), not x^\top (y - w x); \sum_{i=1}^{n} (y_i - w^\top x_i) x_i, not
 * X^\top (y - X w); undefined for what has no such form here (a matrix, a sum inside a sum).
 */
export function printIndexed(e: MExpr, notation: IndexNotation): string | undefined {
  return e.shape.some((d) => String(d) === notation.count) ? undefined : indexFormOf(e, notation, false);
}

/** Entry i of a vector over the index, as the sums write it (y_i w^\\top x_i); undefined for anything else. */
export function printEntry(e: MExpr, notation: IndexNotation): string | undefined {
  return e.shape.length === 1 && String(e.shape[0]) === notation.count ? indexFormOf(e, notation, true) : undefined;
}

/** indexedTex, or undefined where a part has no form in sums over entries. */
function indexFormOf(e: MExpr, notation: IndexNotation, inside: boolean): string | undefined {
  try {
    return indexedTex(e, notation, inside, 0);
  } catch (err) {
    if (err === NO_INDEX_FORM) return undefined;
    throw err;
  }
}

/** `e` in sums over entries; `inside` a sum, vectors are their entries (x_i). */
function indexedTex(e: MExpr, notation: IndexNotation, inside: boolean, outer: P | 0): string {
  const [text, prec] = renderIndexed(e, notation, inside);
  return prec < outer ? parenthesized(text) : text;
}

function renderIndexed(e: MExpr, notation: IndexNotation, inside: boolean): [string, P] {
  const sub = (x: MExpr, outer: P | 0) => indexedTex(x, notation, inside, outer);
  const limits = notation.from === 0 ? `_{${notation.index}=0}^{${countTex(notation.count)}-1}` : `_{${notation.index}=1}^{${countTex(notation.count)}}`;
  // a sum (or product) over the index runs over vectors of its number of entries (a second sum's \sum_{j=1}^{m} has no form here)
  const sum = (body: MExpr, operator: 'sum' | 'prod' = 'sum'): [string, P] => {
    if (body.shape.length !== 1 || String(body.shape[0]) !== notation.count) throw NO_INDEX_FORM;
    return [`\\${operator}${limits} ${indexedTex(body, notation, true, P.Product)}`, P.Product];
  };
  const entryOnly = () => { if (!inside) throw NO_INDEX_FORM; };
  switch (e.kind) {
    case 'num': case 'const': return renderTex(e);
    case 'sym': {
      if (isScalar(e.shape)) return [latexSymbol(e.name), P.Atom];
      const entries = e.shape.length === 1 && String(e.shape[0]) === notation.count;
      // a vector as long as the rows (w of w^\top x_i) stands whole outside the sums; inside, vectors are their entries
      if (!entries && !inside && e.shape.length === 1) return [latexSymbol(e.name), P.Atom];
      if (!entries) throw NO_INDEX_FORM;
      entryOnly();
      // x^{(i)} is raised in brackets: (x^{(i)})^2
      return [entryTex(e.name, notation), notation.samples ? P.Power : P.Atom];
    }
    case 'ones': entryOnly(); return ['1', P.Atom];
    case 'select': throw NO_INDEX_FORM;
    // the identity beside a Hessian's sum: \sum_i … x_i x_i^\top + 2 \lambda I_d
    case 'eye': if (inside) throw NO_INDEX_FORM; return renderTex(e);
    case 'transpose': entryOnly(); return renderIndexed(e.arg, notation, inside);
    case 'add': return texSum(e.terms, sub);
    case 'scale': case 'hadamard': {
      const c = e.kind === 'scale' ? e.coeff : Rational.ONE;
      const factors = e.kind === 'scale' ? [...e.factors, ...(e.body ? [e.body] : [])] : e.factors;
      if (e.kind === 'hadamard') entryOnly();
      const a = c.abs();
      // a number times ones is the number in each entry: b, not b 1
      const kept = factors.filter((f) => !(inside && f.kind === 'ones'));
      const ups = kept.filter((f) => !splitPow(f)[1].isNegative);
      const downs = kept.filter((f) => splitPow(f)[1].isNegative).map((f) => { const [base, exp] = splitPow(f); return exp.equals(Rational.MINUS_ONE) ? base : pow(base, exp.neg()); });
      // a count goes first (n \sigma^{2}), a sum over entries last, where it needs no brackets: 2 w \sum_i x_i
      const place = (x: MExpr) => (isCountFactor(x) ? -1 : Number(x.kind === 'op' || x.kind === 'matmul'));
      ups.sort((x, y) => place(x) - place(y));
      const top = [...(a.num !== 1n ? [a.num.toString()] : []), ...ups.map((f, k) => sub(f, k === ups.length - 1 ? P.Product : P.Power))];
      const bottom = [...(a.den !== 1n ? [a.den.toString()] : []), ...downs.map((f) => sub(f, P.Product))];
      // one part over or under the fraction bar needs no brackets
      const part = (texts: string[], xs: MExpr[]) => (texts.length === 1 && xs.length === 1 ? sub(xs[0], 0) : texts.join(' ') || '1');
      const numerator = part(top, ups);
      const text = bottom.length ? `\\frac{${numerator}}{${part(bottom, downs)}}` : numerator;
      return c.isNegative ? [`-${text}`, P.Unary] : [text, P.Product];
    }
    case 'pow': return scalarPowerTex(e.base, e.exp, sub);
    case 'fn': {
      const power = logPower(e.name, e.arg);
      if (power) return [`${sub(power.base, P.Atom)}^{${sub(power.exp, 0)}}`, P.Power];
      if (e.name === 'exp') return exponential(sub(e.arg, 0));
      // Γ(x_i + 1) as the factorial x_i! where the selection writes factorials
      const factorial = notation.factorials ? factorialBase(e) : undefined;
      return factorial ? [`${sub(factorial, P.Atom)}!`, P.Power] : [functionTex(e.name, sub(e.arg, 0)), P.Atom];
    }
    case 'compare': return [indicatorTex(e, sub), P.Atom];
    case 'op':
      if ((e.name !== 'sum' && e.name !== 'prod') || inside) throw NO_INDEX_FORM;
      // the number of entries, as the selection named it: 1/n
      if (e.name === 'sum' && e.arg.kind === 'ones') return [countTex(notation.count), P.Atom];
      return sum(e.arg, e.name);
    case 'matmul': {
      const row = (m: MExpr) => (m.kind === 'sym' ? notation.rows[m.name] : undefined);
      const [a, b, c] = e.factors;
      const rowOfTransposed = a.kind === 'transpose' ? row(a.arg) : undefined;
      const entry = (name: string, transposed = false) => entryTex(name, notation, transposed);
      // X' diag(v) X = \sum_i v_i x_i x_i^\top, X' X = \sum_i x_i x_i^\top (a Hessian)
      const last = e.factors[e.factors.length - 1];
      if (!inside && rowOfTransposed && e.factors.length <= 3 && a.kind === 'transpose' && last.key === a.arg.key) {
        const outer = `${entry(rowOfTransposed)} ${entry(rowOfTransposed, true)}`;
        if (e.factors.length === 2) return [`\\sum${limits} ${outer}`, P.Product];
        if (b.kind !== 'op' || b.name !== 'diag' || b.arg.shape.length !== 1) throw NO_INDEX_FORM;
        return [`${sum(b.arg)[0]} ${outer}`, P.Product];
      }
      if (c) throw NO_INDEX_FORM;
      // (X w)_i = w^\top x_i
      if (inside && row(a) && b.kind === 'sym') return [`${latexSymbol(b.name)}^\\top ${entry(row(a)!)}`, P.Product];
      // X^\top u = \sum_i u_i x_i
      if (!inside && rowOfTransposed) {
        const [text] = sum(b);
        return [`${text} ${entry(rowOfTransposed)}`, P.Product];
      }
      // x'y = \sum_i x_i y_i
      if (inside || !e.factors.every((f) => f.shape.length === 1 || (f.kind === 'transpose' && f.arg.shape.length === 1))) throw NO_INDEX_FORM;
      return sum(hadamard(...e.factors.map((f) => (f.kind === 'transpose' ? f.arg : f))));
    }
    default: throw NO_INDEX_FORM;
  }
}

/** The number of entries as written: n, or 5. */
function countTex(count: string): string { return /^\d+$/.test(count) ? count : latexSymbol(count); }
