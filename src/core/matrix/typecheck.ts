// From surface syntax to the matrix tree, inferring shapes. Declared symbols keep their shapes; the
// others get one by name (uppercase: matrix, Greek: scalar, other lowercase: vector) unless the
// operations need another (the fewest changes win); dimensions are unified across the expression
// (`x'*A*x` makes A square and x as long as A), and a mismatch names the two shapes.
import { InputError } from '../api';
import { bitLength, MAX_EXACT_BITS, Rational } from '../rational';
import {
  add, children, compare, complement, EULER, eye, fn, hadamard, isElementwise, isZero, MCompare, MExpr, MSym, mul, neg, num, ones, op, PI, pow, select, sub, sym, transpose, zero,
} from './expr';
import { cols, Dim, isScalar, rows, Shape, shape2, shortened } from './shape';
import { checkDeadline } from '../budget';
import { entryOf } from '../entries';
import { FUNCTIONS } from '../functions';
import { ARRAY_FUNCTIONS, BinOp, Comparison, indicatorOfConditions, LOGIC, operands, shapeRefusal, sliceAxis, Syn, walkSyn, whereOfConditions } from '../syntax';

export type Kind = 'scalar' | 'vector' | 'matrix';

/** A declared symbol: its shape (dimension names or sizes) and whether it is symmetric. */
export interface Declaration { shape: readonly Dim[]; symmetric?: boolean }

export interface TypecheckOptions {
  /** `^` on a square matrix is the matrix power (MATLAB, Julia, LaTeX); else only scalars take `^`. */
  matrixPower: boolean;
  /**
   * How an element-wise operation repeats a vector along a matrix. 'numpy': a 1-D array is a row, so
   * `X - mu` (n×d and d) subtracts mu from every row and `x * A` scales A's columns, and `v[:, None]` is a
   * column, so `v[:, None] * A` scales A's rows. 'columns' (MATLAB's implicit expansion, Julia's dotted
   * operators, TensorFlow's n×1 tensors): a vector is a column and repeats along the matrix's columns,
   * a row along its rows. Without it a vector and a matrix are refused there.
   */
  broadcast?: 'numpy' | 'columns';
  /**
   * TensorFlow's `@` and tf.matmul multiply matrices only: with vectors as 1-D tensors ('vectors') a vector
   * there is refused (VectorInMatmul), as TensorFlow refuses it; with vectors as n×1 tensors ('columns') it
   * is a column, and `@` the matrix product.
   */
  tensorflow?: 'vectors' | 'columns';
  /**
   * Names that are (or may be) the variable of differentiation: a reading that makes the expression a
   * scalar changes any name's shape but theirs (see typecheck).
   */
  variable?: (name: string) => boolean;
  /** Undeclared names the notation states are symmetric where they are matrices (a normal density's covariance Σ). */
  symmetric?: ReadonlySet<string>;
}

export interface Typed {
  expr: MExpr;
  /** Every symbol with its final shape, in order of appearance. */
  symbols: Map<string, MSym>;
  /** Symbols whose shape came from inference rather than a declaration. */
  inferred: string[];
}

const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'eps', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'lam', 'lmbda', 'mu', 'nu', 'xi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega']);

/** The shape a name suggests: an entry (x[0]) → scalar, uppercase first letter → matrix, a Greek name → scalar, else vector. */
export function kindByName(name: string): Kind {
  if (entryOf(name)) return 'scalar';
  if (/^[A-Z]/.test(name)) return 'matrix';
  if (GREEK.has(name.split('_')[0])) return 'scalar';
  return 'vector';
}

/**
 * What it costs to read a name against its default: a lowercase name may be a scalar (c*x), a Greek
 * one a vector or a matrix (mu, sigma); an uppercase name a scalar (the N of a mean, the C of an SVM),
 * never a vector. Past MAX_COST: never.
 */
const COST: Readonly<Record<Kind, Readonly<Record<Kind, number>>>> = {
  matrix: { matrix: 0, vector: 9, scalar: 1 },
  vector: { vector: 0, scalar: 1, matrix: 9 },
  scalar: { scalar: 0, vector: 1, matrix: 2 },
};
const MAX_COST = 4;

const NO_COLUMNS = { l: false, r: false };
/** The element-wise operations that broadcast a vector along a matrix (see TypecheckOptions.broadcast). */
const BROADCASTING: ReadonlySet<BinOp> = new Set(['badd', 'bsub', 'emul', 'ediv']);

/** The vector (1-D) or row side of a vector and a matrix. */
const isVectorSide = (e: MExpr) => e.shape.length === 1 || e.shape[0] === 1;

/** What makes or takes TensorFlow's 1-D tensors: a diagonal, matvec, tensordot's products. */
const ONE_DIMENSIONAL_IN_TENSORFLOW: ReadonlySet<string> = new Set(['diag', 'matvec', 'npdot', 'outer']);

/** A 1-D tensor in TensorFlow's matmul: the selection is valid TensorFlow only with its vectors n×1. */
export class VectorInMatmul extends InputError {}

/** Union-find over dimensions: sizes (numbers), declared names and unknowns (`?3`). */
class Dims {
  private readonly parent = new Map<string, string>();
  private counter = 0;

  fresh(): string { return `?${this.counter++}`; }

  private keyOf(d: Dim): string { return typeof d === 'number' ? `#${d}` : d; }

  private find(k: string): string {
    let r = k;
    while (this.parent.has(r)) r = this.parent.get(r)!;
    // every name on the path points at the root: thousands of unifications stay linear
    for (let x = k; x !== r;) { const up = this.parent.get(x)!; this.parent.set(x, r); x = up; }
    return r;
  }

  /** The class's representative: a size, else a declared name, else the unknown. */
  resolve(d: Dim): Dim {
    const r = this.find(this.keyOf(d));
    return r.startsWith('#') ? Number(r.slice(1)) : r;
  }

  unify(a: Dim, b: Dim): boolean {
    const ra = this.find(this.keyOf(a)), rb = this.find(this.keyOf(b));
    if (ra === rb) return true;
    const unknownA = ra.startsWith('?'), unknownB = rb.startsWith('?');
    // an unknown dimension is never 1: a vector is not a scalar in disguise
    if (unknownA && rb !== '#1') { this.parent.set(ra, rb); return true; }
    if (unknownB && ra !== '#1') { this.parent.set(rb, ra); return true; }
    return false;
  }
}

/** Operators folded in a constant (an exponent), by the Rational method that folds them. */
const isMatrixShape = (e: MExpr) => e.shape.length === 2 && e.shape[0] !== 1;
/** MATLAB's sum: of a matrix, its columns' sums (a row); of a vector, its entries'. */
const columnSum = (a: MExpr) => (isMatrixShape(a) ? mul(transpose(ones([a.shape[0]])), a) : op('sum', a));
/** How many entries columnSum adds in each sum. */
const columnCount = (a: MExpr) => op('sum', ones(isMatrixShape(a) ? [a.shape[0]] : a.shape));

const FOLD: Readonly<Partial<Record<BinOp, 'add' | 'sub' | 'mul' | 'div'>>> = {
  add: 'add', badd: 'add', sub: 'sub', bsub: 'sub', mul: 'mul', emul: 'mul', div: 'div', ediv: 'div',
};

/** Operators that chain left to right (all but the powers). */
type ChainOp = Exclude<BinOp, 'pow' | 'epow'>;

class Checker {
  readonly dims: Dims;
  readonly table = new Map<string, MSym>();
  /**
   * Names for which a vector seems meant where this reading has a scalar, so a reading that makes them
   * arrays is preferred: those of a scalar expression transposed or normed, (x − μ)' with x and μ scalars, and a
   * scalar name an array is shifted by in a matrix product, a transpose or a norm, (x − μ)'Σ⁻¹(x − μ) with μ a
   * scalar (see shiftedByName), and a Greek name right of a matrix in a matrix product (X*theta).
   */
  readonly vectorsMeant = new Set<string>();
  /** The slices read (x[1:]): each length is its vector's, shortened by the entries dropped. */
  readonly slices: { length: Dim; of: Dim; dropped: number; text: string; at: number }[] = [];
  /** Arrays plus or minus an undeclared scalar name (x − μ, broadcast), with the name: a vector μ may be meant. */
  private readonly shiftedByName = new WeakMap<MExpr, string>();
  constructor(
    private readonly options: TypecheckOptions,
    private readonly decls: ReadonlyMap<string, Declaration>,
    private readonly kinds: ReadonlyMap<string, Kind>,
    private readonly fixedDims: Set<string>,
  ) {
    this.dims = new Dims();
  }

  private fail(at: number, message: string): never { throw new InputError(message, at); }

  private readonly provisional = new Map<string, string>();

  /** Shape text with unknown dimensions named n, m, p… as they come, for messages. */
  describe(s: Shape): string {
    if (s.length === 0) return 'scalar';
    return s.map((d) => {
      const r = this.dims.resolve(d);
      if (typeof r !== 'string' || !r.startsWith('?')) return String(r);
      let name = this.provisional.get(r);
      if (!name) {
        const used = new Set([...this.fixedDims, ...this.provisional.values()]);
        name = DIM_NAMES.find((x) => !used.has(x)) ?? `d${this.provisional.size}`;
        this.provisional.set(r, name);
      }
      return name;
    }).join('×');
  }

  private symbol(name: string, at: number): MSym {
    const known = this.table.get(name);
    if (known) return known;
    const d = this.decls.get(name);
    let s: MSym;
    if (d) s = sym(name, normalizeShape(d.shape), d.symmetric);
    else {
      const kind = this.kinds.get(name);
      if (!kind) this.fail(at, `unknown name '${name}'`);
      const symmetric = kind === 'matrix' && this.options.symmetric?.has(name);
      const side = this.dims.fresh();
      s = sym(name, kind === 'scalar' ? [] : kind === 'vector' ? [side] : symmetric ? [side, side] : [side, this.dims.fresh()], symmetric);
    }
    this.table.set(name, s);
    return s;
  }

  /** The selection of `of` entries but `from` at the start and `to` at the end: its length is tied to `of` by finish(). */
  private selection(of: Dim, from: number, to: number, text: string, at: number): MExpr {
    const length = this.dims.fresh();
    this.slices.push({ length, of, dropped: from + to, text, at });
    return select(from, to, of, length);
  }

  private unifyOr(a: Dim, b: Dim, at: number, message: () => string): void {
    if (!this.dims.unify(a, b)) this.fail(at, message());
  }

  private sameShapes(l: MExpr, r: MExpr, at: number, what: string): void {
    const msg = () => `${what} needs equal shapes, got ${this.describe(l.shape)} and ${this.describe(r.shape)}`;
    if (l.shape.length !== r.shape.length) this.fail(at, msg());
    if (l.shape.length === 2 && (l.shape[0] === 1) !== (r.shape[0] === 1)) this.fail(at, msg());
    l.shape.forEach((d, i) => this.unifyOr(d, r.shape[i], at, msg));
  }

  private square(e: MExpr, at: number, what: string): void {
    if (e.shape.length !== 2 || e.shape[0] === 1) this.fail(at, `${what} needs a square matrix, got ${this.describe(e.shape)}`);
    this.unifyOr(e.shape[0], e.shape[1], at, () => `${what} needs a square matrix, got ${this.describe(e.shape)}`);
  }

  private product(l: MExpr, r: MExpr, at: number, text: string): MExpr {
    if (isScalar(l.shape) || isScalar(r.shape)) return mul(l, r);
    this.linearAlgebraOf(l, r);
    this.unifyOr(cols(l.shape), rows(r.shape), at, () => `'${text}' needs matching inner dimensions: ${this.describe(l.shape)} times ${this.describe(r.shape)}`);
    return mul(l, r);
  }

  /** Marks the reading when an array shifted by a scalar name (x − μ) is multiplied as a matrix or transposed. */
  private linearAlgebraOf(...operands: MExpr[]): void {
    for (const e of operands) {
      const name = this.shiftedByName.get(e);
      if (name) this.vectorsMeant.add(name);
    }
  }

  /** Marks the reading when a scalar expression is used as a vector (transposed, or its norm taken): its names seem meant as vectors. */
  private vectorsIn(a: MExpr): void {
    if (isScalar(a.shape)) for (const name of namesIn(a)) if (!this.decls.has(name)) this.vectorsMeant.add(name);
  }

  /** Marks the reading when a matrix multiplies a Greek name read as a scalar: X*theta, np.dot(X, beta) are a model's parameter vector, a scaling is written theta*X. */
  private parameterVectorOf(l: MExpr, r: MExpr): void {
    if (isMatrixShape(l) && r.kind === 'sym' && isScalar(r.shape) && !this.decls.has(r.name) && kindByName(r.name) === 'scalar' && !entryOf(r.name)) this.vectorsMeant.add(r.name);
  }

  /** A constant (an exponent): numbers with + - * / folded exactly, within the exact size bound. */
  private constant(s: Syn, what: string): Rational {
    if (s.t === 'num') return s.value;
    if (s.t === 'neg') return this.constant(s.arg, what).neg();
    // a number is its own transpose: x.^2'
    if (s.t === 'transpose') return this.constant(s.arg, what);
    // a whole power of a number: x**2**2 is x**4 in Python
    if (s.t === 'bin' && (s.op === 'pow' || s.op === 'epow')) {
      const [base, exp] = [this.constant(s.l, what), this.constant(s.r, what)];
      if (!exp.isInteger) return this.fail(s.r.at, `${what} must be a number (a power of numbers must be a whole power)`);
      if (base.isZero && exp.isNegative) return this.fail(s.at, `${what} divides by zero`);
      return base.powIntWithin(exp.num) ?? this.fail(s.at, `${what} is too large to compute with exactly`);
    }
    // a chain is folded from its first operand on, without recursing down its left side
    const links: (Syn & { t: 'bin' })[] = [];
    let first: Syn = s;
    while (first.t === 'bin' && first.op in FOLD) { links.push(first); first = first.l; }
    if (links.length === 0) return this.fail(s.at, `${what} must be a number`);
    let acc = this.constant(first, what);
    for (let k = links.length - 1; k >= 0; k--) {
      checkDeadline();
      const { op: o, r, at } = links[k];
      const right = this.constant(r, what);
      const fold = FOLD[o]!;
      if (fold === 'div' && right.isZero) this.fail(at, `${what} divides by zero`);
      acc = acc[fold](right);
      if (bitLength(acc.num) > MAX_EXACT_BITS || bitLength(acc.den) > MAX_EXACT_BITS) this.fail(at, `${what} is too large to compute with exactly`);
    }
    return acc;
  }

  private dimArg(s: Syn): Dim {
    if (s.t === 'num' && s.value.isInteger && s.value.num > 0n) {
      if (s.value.num > BigInt(MAX_SIZE)) this.fail(s.at, `a dimension must be at most ${MAX_SIZE}`);
      return Number(s.value.num);
    }
    if (s.t === 'sym') return s.name;
    if (s.t === 'call' && s.fn === 'shapeof' && s.args[1]?.t === 'num') {
      // X.shape[i], len(x)
      const x = this.check(s.args[0]);
      // MATLAB's length(X) of a matrix is its largest dimension
      if (s.refuse?.matrix && x.shape.length === 2 && x.shape[0] !== 1 && x.shape[1] !== 1) this.fail(s.at, s.refuse.matrix);
      const i = Number((s.args[1] as Syn & { t: 'num' }).value.num);
      const dims = x.shape.length === 2 && x.shape[0] === 1 ? [x.shape[1]] : x.shape;
      if (i >= dims.length) this.fail(s.at, `${s.text}: the shape of ${this.describe(x.shape)} has no axis ${i}`);
      return dims[i];
    }
    // numel(x) of a vector (MATLAB; Julia's length): its number of entries
    if (s.t === 'call' && s.fn === 'size' && s.args.length === 1) {
      const x = this.check(s.args[0]);
      if (x.shape.length === 1 || (x.shape.length === 2 && (x.shape[0] === 1 || x.shape[1] === 1))) return x.shape.length === 1 || x.shape[0] !== 1 ? x.shape[0] : x.shape[1];
    }
    return this.fail(s.at, 'a dimension must be a name or a whole number');
  }

  check(s: Syn): MExpr {
    checkDeadline();
    switch (s.t) {
      case 'num': return num(s.value);
      case 'sym': return this.symbol(s.name, s.at);
      case 'str': return this.fail(s.at, `unexpected string '${s.value}'`);
      case 'const':
        // LaTeX reads e as Euler's number; a declared e is the user's vector or matrix
        if (this.decls.has(s.name)) return this.symbol(s.name, s.at);
        return s.name === 'pi' ? PI : EULER;
      case 'neg': return neg(this.check(s.arg));
      case 'transpose': {
        const a = this.check(s.arg);
        this.vectorsIn(a);
        this.linearAlgebraOf(a);
        // numpy's (and TensorFlow's) transpose of a 1-D array is the array; of a TensorFlow column, a row
        return s.numpy && a.shape.length === 1 && this.options.tensorflow !== 'columns' ? a : transpose(a);
      }
      case 'bin': return s.op === 'pow' || s.op === 'epow' ? this.power(s.op, s.l, s.r, s.at) : this.chain(s);
      case 'call': return this.call(s);
      case 'derivative': return this.fail(s.at, 'a derivative operator (d/dx …) in a vector or matrix expression is not supported: select the expression it applies to and differentiate that');
    }
  }

  /**
   * A left-associative chain (a + b - c, A*B*C) from its first operand on, without recursing down
   * its left side; a run of sums is added up once at its end (adding term by term is quadratic).
   */
  private chain(s: Syn & { t: 'bin' }): MExpr {
    const links: (Syn & { t: 'bin' })[] = [];
    let first: Syn = s;
    while (first.t === 'bin' && first.op !== 'pow' && first.op !== 'epow') { links.push(first); first = first.l; }
    let acc = this.check(first);
    let terms: MExpr[] | undefined;
    const total = () => { if (terms) { acc = add(...terms); terms = undefined; } return acc; };
    for (let k = links.length - 1; k >= 0; k--) {
      const { op: o, r: rs, at, text } = links[k];
      const r = this.check(rs);
      // numpy's v[:, None]: a column, where it meets a matrix
      const columns = { l: this.isColumn(links[k].l), r: this.isColumn(rs) };
      const sum = o === 'add' || o === 'sub' || o === 'badd' || o === 'bsub';
      const head = terms ? terms[0] : acc;
      const sumOfSameShapes = sum && isScalar(acc.shape) === isScalar(r.shape) && !this.broadcasts(o, head, r, columns) && !this.pairing(o, head, r, columns);
      if (!sumOfSameShapes) {
        if (o === 'npmatmul' && ((columns.l && total().shape.length === 1) || (columns.r && r.shape.length === 1))) this.fail(at, `'@' of an n×1 array (v[:, None]) is not supported: it broadcasts in element-wise operations here; write np.outer(u, v) or u[:, None] * v for an outer product`);
        if (o === 'npmatmul' && this.options.tensorflow === 'vectors') this.matricesOnly(total(), r, at);
        acc = o === 'npmatmul' && this.options.tensorflow === 'columns' ? this.columnProduct(total(), r, at) : this.binary(o as ChainOp, total(), r, at, text, columns);
        continue;
      }
      // the running sum has the shape of its first term
      this.sameShapes(head, r, at, `'${text}'`);
      terms ??= [acc];
      terms.push(o === 'add' || o === 'badd' ? r : neg(r));
    }
    return total();
  }

  /** Sums kept as a column (keepdims=True) that were a number: a vector's. */
  private readonly numberColumns = new Set<Syn>();

  /**
   * Whether `s` (checked already) is numpy's n×1 array of a vector: v[:, None] or row sums kept, and element-wise
   * functions and operations of it with numbers (np.log(s[:, None]), 1 / s[:, None]); see TypecheckOptions.broadcast.
   */
  private isColumn(s: Syn): boolean {
    if (this.options.broadcast !== 'numpy') return false;
    // remembered: a chain asks of each link's left side, which holds the links before it
    let known = this.columnSyn.get(s);
    if (known !== undefined) return known;
    switch (s.t) {
      case 'call': known = (s.fn === 'column' && !this.numberColumns.has(s)) || (s.args.length === 1 && !ARRAY_FUNCTIONS.has(s.fn) && this.isColumn(s.args[0])); break;
      case 'neg': known = this.isColumn(s.arg); break;
      case 'bin': known = (BROADCASTING.has(s.op) || s.op === 'epow') && (this.isColumn(s.l) || this.isColumn(s.r)); break;
      default: known = false;
    }
    this.columnSyn.set(s, known);
    return known;
  }

  private readonly columnSyn = new Map<Syn, boolean>();

  /** TensorFlow's matmul where vectors are n×1 tensors: the matrix product, of arrays only. */
  private columnProduct(l: MExpr, r: MExpr, at: number): MExpr {
    if (isScalar(l.shape) || isScalar(r.shape)) this.fail(at, `'@' multiplies arrays, got ${this.describe(l.shape)} and ${this.describe(r.shape)}: use * for a scalar`);
    return this.product(l, r, at, '@');
  }

  /** TensorFlow's matmul of a 1-D tensor: refused (the selection is then read with its vectors n×1). */
  private matricesOnly(l: MExpr, r: MExpr, at: number): void {
    if (l.shape.length !== 1 && r.shape.length !== 1) return;
    throw new VectorInMatmul(`TensorFlow's @ (tf.matmul) multiplies matrices, not 1-D tensors`, at);
  }

  /**
   * How a vector meets a matrix in element-wise `o` here (see TypecheckOptions.broadcast): repeated as
   * the matrix's rows, as its columns, or not at all. `columns`: which side the code marks a column.
   */
  private broadcasts(o: ChainOp, l: MExpr, r: MExpr, columns = NO_COLUMNS): 'rows' | 'columns' | undefined {
    const how = this.options.broadcast;
    if (!how || !BROADCASTING.has(o)) return undefined;
    const matrix = (e: MExpr) => e.shape.length === 2 && e.shape[0] !== 1;
    const row = (e: MExpr) => e.shape.length === 2 && e.shape[0] === 1;
    if ((l.shape.length === 1 && matrix(r)) || (r.shape.length === 1 && matrix(l))) {
      return how === 'columns' || (l.shape.length === 1 ? columns.l : columns.r) ? 'columns' : 'rows';
    }
    return how === 'columns' && ((row(l) && matrix(r)) || (row(r) && matrix(l))) ? 'rows' : undefined;
  }

  /**
   * A column and a row in an element-wise operation broadcast to the matrix of every pair: numpy's
   * u[:, None] - v, MATLAB's u - v', Julia's u .- v' (pairwise differences, outer products). The column
   * repeats along the row's length, the row along the column's; undefined for other operands.
   */
  private everyPair(o: ChainOp, l: MExpr, r: MExpr, columns = NO_COLUMNS): MExpr | undefined {
    const pairing = this.pairing(o, l, r, columns);
    if (!pairing) return undefined;
    const [left, right] = repeatedPair(l, o === 'ediv' ? pow(r, Rational.MINUS_ONE) : r, pairing);
    return o === 'badd' ? add(left, right) : o === 'bsub' ? add(left, neg(right)) : hadamard(left, right);
  }

  /** Whether a column meets a row in element-wise `o` (everyPair), and on which side the column is. */
  private pairing(o: BinOp, l: MExpr, r: MExpr, columns = NO_COLUMNS): 'column-left' | 'column-right' | undefined {
    const how = this.options.broadcast;
    if (!how || !BROADCASTING.has(o)) return undefined;
    const column = (e: MExpr, marked: boolean) => e.shape.length === 1 && (how === 'columns' || marked);
    const row = (e: MExpr, marked: boolean) => (e.shape.length === 1 && how === 'numpy' && !marked) || (e.shape.length === 2 && e.shape[0] === 1 && e.shape[1] !== 1);
    if (column(l, columns.l) && row(r, columns.r)) return 'column-left';
    return row(l, columns.l) && column(r, columns.r) ? 'column-right' : undefined;
  }

  /** A vector (1-D) or a row as the rows of a matrix shaped like `like`: ones(m)*v', the 1-D array numpy broadcasts. */
  private asRows(v: MExpr, like: MExpr, at: number, text: string): MExpr {
    this.unifyOr(cols(v.shape) === 1 ? v.shape[0] : cols(v.shape), like.shape[1], at, () => `'${text}' broadcasts a vector along a matrix's rows (matching its last dimension): ${this.describe(like.shape)} and ${this.describe(v.shape)} do not match`);
    return mul(ones([like.shape[0]]), v.shape.length === 1 ? transpose(v) : v);
  }

  /** A column as the columns of a matrix shaped like `like`: v*ones(n)'. */
  private asColumns(v: MExpr, like: MExpr, at: number, text: string): MExpr {
    this.unifyOr(v.shape[0], like.shape[0], at, () => `'${text}' broadcasts a column along a matrix's columns (matching its first dimension): ${this.describe(like.shape)} and ${this.describe(v.shape)} do not match`);
    return mul(v, transpose(ones([like.shape[1]])));
  }

  /** `l cmp r` entry by entry: a number compares with every entry, a vector with each row of a matrix as numpy broadcasts it. */
  private comparison(cmp: Comparison, l: MExpr, r: MExpr, at: number, text: string, columns = NO_COLUMNS): MExpr {
    if (isScalar(l.shape) || isScalar(r.shape)) return compare(cmp, l, r, true);
    const pairing = this.pairing('bsub', l, r, columns);
    if (pairing) return compare(cmp, ...repeatedPair(l, r, pairing), true);
    const how = this.broadcasts('bsub', l, r, columns);
    if (how) {
      const expand = (v: MExpr, m: MExpr) => (how === 'rows' ? this.asRows(v, m, at, text) : this.asColumns(v, m, at, text));
      return isVectorSide(l) ? compare(cmp, expand(l, r), r, true) : compare(cmp, l, expand(r, l), true);
    }
    this.sameShapes(l, r, at, `'${text}'`);
    return compare(cmp, l, r, true);
  }

  /** A condition (np.where's first argument): a comparison, or not of one (where splits `and` and `or` first). */
  private mask(s: Syn, text: string): MCompare {
    if (s.t === 'call' && (s.fn === 'and' || s.fn === 'or')) {
      this.fail(s.at, `the condition of '${text}' negates comparisons joined with ${s.fn}, which vector and matrix expressions do not support: negate each comparison instead`);
    }
    const c = this.check(s);
    if (c.kind !== 'compare') this.fail(s.at, `the condition of '${text}' must be a comparison such as z > 0 in vector and matrix expressions`);
    return c;
  }

  private binary(o: ChainOp, l: MExpr, r: MExpr, at: number, text: string, columns = NO_COLUMNS): MExpr {
    const pairs = this.everyPair(o, l, r, columns);
    if (pairs) return pairs;
    const how = this.broadcasts(o, l, r, columns);
    if (how) {
      // the vector's entries repeat along the matrix's rows or columns; 1/v is taken before it is repeated
      const vectorLeft = isVectorSide(l);
      const v = vectorLeft ? l : r, m = vectorLeft ? r : l;
      const repeated = (x: MExpr) => (how === 'rows' ? this.asRows(x, m, at, text) : this.asColumns(x, m, at, text));
      switch (o) {
        case 'badd': return add(repeated(v), m);
        case 'bsub': return vectorLeft ? add(repeated(v), neg(m)) : add(m, neg(repeated(v)));
        case 'emul': return hadamard(m, repeated(v));
        default: return vectorLeft ? hadamard(repeated(v), pow(m, Rational.MINUS_ONE)) : hadamard(m, repeated(pow(v, Rational.MINUS_ONE)));
      }
    }
    switch (o) {
      case 'add': case 'sub': case 'badd': case 'bsub': {
        const broadcast = o === 'badd' || o === 'bsub';
        let a = l, b = r;
        const shift = broadcast && isScalar(a.shape) !== isScalar(b.shape) ? (isScalar(a.shape) ? a : b) : undefined;
        if (shift) {
          if (isScalar(a.shape)) a = mul(a, ones(b.shape)); else b = mul(b, ones(a.shape));
        }
        if (isScalar(a.shape) !== isScalar(b.shape)) {
          this.fail(at, `'${text}' needs equal shapes, got ${this.describe(l.shape)} and ${this.describe(r.shape)} (no implicit broadcasting: write ones(n) for a vector of ones)`);
        }
        this.sameShapes(a, b, at, `'${text}'`);
        const sum = o === 'add' || o === 'badd' ? add(a, b) : add(a, neg(b));
        if (shift?.kind === 'sym' && !this.decls.has(shift.name)) this.shiftedByName.set(sum, shift.name);
        return sum;
      }
      case 'mul':
        this.parameterVectorOf(l, r);
        return this.product(l, r, at, text);
      case 'cdot':
        if (l.shape.length === 1 && r.shape.length === 1) {
          this.unifyOr(l.shape[0], r.shape[0], at, () => `'${text}' of two vectors needs equal lengths, got ${this.describe(l.shape)} and ${this.describe(r.shape)}`);
          return mul(transpose(l), r);
        }
        return this.product(l, r, at, text);
      case 'npmatmul': {
        if (isScalar(l.shape) || isScalar(r.shape)) this.fail(at, `'@' multiplies arrays, got ${this.describe(l.shape)} and ${this.describe(r.shape)}: use * for a scalar`);
        if (l.shape.length === 1) {
          this.unifyOr(l.shape[0], rows(r.shape), at, () => `'@' needs matching inner dimensions: ${this.describe(l.shape)} @ ${this.describe(r.shape)}`);
          // a 1-D array on the left is a row; the result is 1-D again
          this.linearAlgebraOf(l, r);
          const p = mul(transpose(l), r);
          return isScalar(p.shape) ? p : transpose(p);
        }
        return this.product(l, r, at, '@');
      }
      case 'emul': case 'ediv': {
        const right = o === 'emul' ? r : pow(r, Rational.MINUS_ONE);
        if (isScalar(l.shape) || isScalar(r.shape)) return mul(l, right);
        this.sameShapes(l, r, at, `'${text}'`);
        return hadamard(l, right);
      }
      case 'div': {
        if (isScalar(r.shape)) return mul(l, pow(r, Rational.MINUS_ONE));
        this.square(r, at, `'${text}' by a matrix`);
        return this.product(l, op('inv', r), at, text);
      }
      case 'solve': {
        // a\b = b/a for a scalar a
        if (isScalar(l.shape)) return mul(pow(l, Rational.MINUS_ONE), r);
        this.square(l, at, `'${text}'`);
        // marked, so that the result keeps the user's solve (A\b) rather than inv(A)*b
        return this.product(op('inv', l, 'solve'), r, at, text);
      }
    }
  }

  private power(o: 'pow' | 'epow', ls: Syn, rs: Syn, at: number): MExpr {
    const base = this.check(ls);
    if (namesAnything(rs)) {
      // an exponent of names, entry by entry (p**y, 2**x, x**a): u^v = e^(v·log u) where u > 0, which the
      // printers write back as the power; a tower of them grows its derivative past any budget
      if (towerHeight(rs) >= MAX_TOWER) this.fail(rs.at, `a tower of powers with names in the exponents (x^(x^x)) more than ${MAX_TOWER} high is not supported`);
      const exponent = this.check(rs);
      if (o === 'pow' && !isScalar(base.shape)) this.fail(rs.at, 'a matrix power must be a whole number');
      // '^' of a scalar by an array is no power in MATLAB or Julia (2^x needs 2.^x)
      if (o === 'pow' && !isScalar(exponent.shape)) this.fail(rs.at, "an exponent must be a number or a scalar for '^' (an array exponent needs '.^', a power per entry)");
      return fn('exp', this.binary('emul', exponent, fn('log', base), at, '**'));
    }
    const p = this.constant(rs, 'an exponent');
    if (o === 'epow' || isScalar(base.shape)) return pow(base, p);
    if (!this.options.matrixPower) this.fail(at, `'^' raises a scalar to a power; ${this.describe(base.shape)} needs '.^' for an element-wise power`);
    this.square(base, at, 'a matrix power');
    if (!p.isInteger) this.fail(rs.at, 'a matrix power must be a whole number');
    const k = Number(p.num);
    if (k === 0) return eye(base.shape[0]);
    const m = k > 0 ? base : op('inv', base);
    if (Math.abs(k) > 8) this.fail(rs.at, 'matrix powers above 8 are not supported');
    return mul(...Array.from({ length: Math.abs(k) }, () => m));
  }

  /** A matrix's two dimensions, a vector's one (a row 1×n is one-dimensional too). */
  private dims2(x: MExpr): readonly Dim[] {
    return x.shape.length === 2 && x.shape[0] === 1 ? [x.shape[1]] : x.shape;
  }

  /** numpy's axis (0, 1, or negative from the last) of `x`, checked against its dimensions. */
  private axisOf(x: MExpr, axis: Syn, text: string): number {
    const n = this.dims2(x).length;
    const k = axis.t === 'num' && axis.value.isInteger ? Number(axis.value.num) : NaN;
    if (n === 0) this.fail(axis.at, `'${text}' with an axis needs an array, got a scalar`);
    if (!(k >= -n && k < n)) this.fail(axis.at, `'${text}': axis ${Number.isNaN(k) ? '?' : k} is out of range for ${this.describe(x.shape)} (${n} dimension${n === 1 ? '' : 's'})`);
    return k < 0 ? k + n : k;
  }

  /** numpy's sum along an axis: of a matrix, axis 0 sums each column (1'X), axis 1 each row (X 1); of a vector, all. */
  private axisSum(x: MExpr, axis: Syn, text: string): MExpr {
    const k = this.axisOf(x, axis, text);
    if (this.dims2(x).length === 1) return op('sum', x);
    if (k === 1) return mul(x, ones([x.shape[1]]));
    // column sums: numpy's are a 1-D array; MATLAB's and Julia's a row, which broadcasts along the rows
    return this.options.broadcast === 'columns' ? mul(transpose(ones([x.shape[0]])), x) : mul(transpose(x), ones([x.shape[0]]));
  }

  private call(s: Syn & { t: 'call' }): MExpr {
    const { fn: name, args, at, text } = s;
    const arity = (n: number | number[]) => {
      const ok = Array.isArray(n) ? n.includes(args.length) : args.length === n;
      if (!ok) this.fail(at, `'${text}' takes ${Array.isArray(n) ? n.join(' or ') : n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
    };
    // beside n×1 columns TensorFlow broadcasts a 1-D tensor into a matrix (or refuses the product)
    if (this.options.tensorflow === 'columns' && (ONE_DIMENSIONAL_IN_TENSORFLOW.has(name) || (name === 'sum' && args.length === 2))) {
      this.fail(at, `'${text}' works with 1-D tensors, and this selection's vectors are n×1 columns (it applies @ to one): write the products with @ and tf.transpose, or every vector 1-D with tf.linalg.matvec`);
    }
    switch (name) {
      case 'eye': case 'ones': case 'zeros': {
        arity([0, 1, 2]);
        const ds = args.map((a) => this.dimArg(a));
        if (name === 'eye') {
          if (ds.length === 2 && ds[0] !== ds[1]) this.fail(at, 'eye(m, n) must be square here');
          return eye(ds[0] ?? this.dims.fresh());
        }
        const shape = ds.length === 0 ? [this.dims.fresh()] : ds.length === 1 ? [ds[0]] : shape2(ds[0], ds[1]);
        return name === 'ones' ? ones(shape) : zero(shape);
      }
      // MATLAB's x(:) of a vector is the vector; of a matrix its columns stacked, read only inside a reduction (everyEntryOf)
      case 'vec': {
        arity(1);
        const x = this.check(args[0]);
        if (x.shape.length < 2 || cols(x.shape) === 1) return x;
        return this.fail(at, `'${text}' stacks the columns of a matrix into one vector, which is read inside sum, prod, mean, max, min and norm (of every entry); elsewhere it is not supported`);
      }
      case 'shape': throw shapeRefusal(s);
      case 'ones_like': case 'zeros_like': {
        arity(1);
        const x = this.check(args[0]);
        return name === 'ones_like' ? ones(x.shape) : zero(x.shape);
      }
      // len(x), X.shape[0] as a number: the count of ones, so its value follows the dimension
      case 'shapeof': return op('sum', ones([this.dimArg(s)]));
      case 'size': {
        // the number of entries a reduction averages over: all of them, or those along one axis
        arity([1, 2]);
        const x = this.check(args[0]);
        const axes = args.length === 1 ? x.shape : [this.axisOf(x, args[1], text)].map((i) => this.dims2(x)[i]);
        return op('sum', ones(axes.length === 2 ? shape2(axes[0], axes[1]) : axes));
      }
      case 'sum':
        if (args.length !== 2) break;
        return this.axisSum(this.check(args[0]), args[1], text);
      case 'max': case 'min': {
        // element-wise, numbers broadcast: max(u, 0) is relu(u) (ReLU as np.maximum(0, z) or max(z, 0));
        // otherwise max(u, v) = v + relu(u − v) and min(u, v) = u − relu(u − v)
        arity(2);
        const [u, v] = args.map((a) => this.check(a));
        if (name === 'max' && isZero(v)) return fn('relu', u);
        if (name === 'max' && isZero(u)) return fn('relu', v);
        // min(max(w, 0), c) for a number c ≥ 0, MATLAB's clip: relu(relu(w) − c) is relu(w − c), as clip is read
        const ramp = name === 'min' && u.kind === 'fn' && u.name === 'relu' && v.kind === 'num' && !v.value.isNegative ? u.arg : undefined;
        const excess = fn('relu', this.binary('bsub', ramp ?? u, v, at, text));
        return name === 'max' ? this.binary('badd', v, excess, at, text) : this.binary('bsub', u, excess, at, text);
      }
      // the other functions of several arguments, entry by entry, in ones of one argument
      case 'hypot': {
        arity(2);
        const [u, v] = args.map((a) => this.check(a));
        return fn('sqrt', this.binary('badd', pow(u, Rational.of(2)), pow(v, Rational.of(2)), at, text));
      }
      case 'logaddexp': {
        // log(e^u + e^v) = v + softplus(u − v); logaddexp(0, z) is softplus(z)
        arity(2);
        const [u, v] = args.map((a) => this.check(a));
        if (isZero(u)) return fn('softplus', v);
        if (isZero(v)) return fn('softplus', u);
        return this.binary('badd', v, fn('softplus', this.binary('bsub', u, v, at, text)), at, text);
      }
      case 'clip': {
        // clip(u, lo, hi) = lo + relu(u − lo) − relu(u − hi) for numbers lo ≤ hi
        arity(3);
        const [u, lo, hi] = args.map((a) => this.check(a));
        if (lo.kind !== 'num' || hi.kind !== 'num' || lo.value.compare(hi.value) > 0) this.fail(at, `'${text}' of an array needs numbers for its bounds, the lower first`);
        const above = (bound: MExpr) => fn('relu', isZero(bound) ? u : this.binary('bsub', u, bound, at, text));
        const floor = isZero(lo) ? above(lo) : this.binary('badd', lo, above(lo), at, text);
        return this.binary('bsub', floor, above(hi), at, text);
      }
      // comparisons are masks, 1 where they hold: where(c, a, b) = c.*a + (not c).*b
      case 'gt': case 'ge': case 'lt': case 'le': {
        arity(2);
        const [l, r] = args.map((a) => this.check(a));
        return this.comparison(name, l, r, at, text, { l: this.isColumn(args[0]), r: this.isColumn(args[1]) });
      }
      case 'not': {
        arity(1);
        return args[0].t === 'call' && LOGIC.has(args[0].fn) ? this.check(indicatorOfConditions(s)) : complement(this.mask(args[0], text));
      }
      // masks joined: a & b is a.*b, a | b is a + b − a.*b
      case 'and': case 'or': return this.check(indicatorOfConditions(s));
      case 'where': {
        arity(3);
        // where(a & b, u, v) = where(a, where(b, u, v), v)
        const nested = whereOfConditions(args, at, text);
        if (nested) return this.check(nested);
        const c = this.mask(args[0], text);
        const [a, b] = args.slice(1).map((x) => this.check(x));
        return this.binary('badd', this.binary('emul', c, a, at, text), this.binary('emul', complement(c), b, at, text), at, text);
      }
      case 'outer': {
        arity(2);
        const [x, y] = args.map((a) => this.check(a));
        if (x.shape.length !== 1 || y.shape.length !== 1) this.fail(at, `'${text}' takes two vectors, got ${this.describe(x.shape)} and ${this.describe(y.shape)}`);
        return mul(x, transpose(y));
      }
      case 'dot': {
        // Julia's dot(x, A, y) is x'*A*y (MATLAB's dot(X, Y, dim) sums along an axis, which is refused)
        if (args.length === 3 && args[2].t !== 'num') {
          const [x, a, y] = args.map((s) => this.check(s));
          return this.product(this.product(transpose(x), a, at, text), y, at, text);
        }
        arity(2);
        const [x, y] = args.map((a) => this.check(a));
        if (isScalar(x.shape) || isScalar(y.shape)) return mul(x, y);
        this.sameShapes(x, y, at, `'${text}'`);
        return x.shape.length === 1 ? mul(transpose(x), y) : op('sum', hadamard(x, y));
      }
      // numpy's v[:, None] and a row sum kept as a column (keepdims=True, marked by a second argument, of which
      // a vector's sum is a number): the vector, which chain() repeats along a matrix's columns
      case 'column': {
        arity([1, 2]);
        const v = this.check(args[0]);
        if (args.length === 2 && isScalar(v.shape)) { this.numberColumns.add(s); return v; }
        if (v.shape.length !== 1) this.fail(at, `'${text}' makes a column of a vector, got ${this.describe(v.shape)}`);
        return v;
      }
      // x[1:], theta(2:end): a selection of the vector's entries; the slice's length is named from the vector's by finish()
      // X[1:, :] keeps rows, S·X; X[:, 1:] columns, X·S'; a row's entries are its columns
      case 'slice': {
        arity(4);
        const x = this.check(args[0]);
        const [from, to] = [args[1], args[2]].map((a) => (a as Syn & { t: 'num' }).value.toNumber());
        const axis = sliceAxis(s);
        const row = x.shape.length === 2 && x.shape[0] === 1;
        if (isScalar(x.shape)) this.fail(at, `'${text}': slices are read of vectors and matrices, and this is a scalar`);
        if (axis === 'entries' && x.shape.length === 2 && !row) this.fail(at, `'${text}' takes a matrix's entries in column order, which is not supported: slice its rows, (2:end, :), or its columns, (:, 2:end)`);
        if (axis === 'columns' && x.shape.length === 1) this.fail(at, `'${text}': a vector has no columns to slice`);
        if (axis === 'first' && row) this.fail(at, `'${text}': a row has one row`);
        const columns = axis === 'columns' || row;
        const selection = this.selection(columns ? cols(x.shape) : x.shape[0], from, to, text, at);
        return columns ? mul(x, transpose(selection)) : mul(selection, x);
      }
      // np.diff(x), diff(x): x[1:] - x[:-1], both slices one entry shorter than x
      case 'differences': {
        arity(1);
        const x = this.check(args[0]);
        if (x.shape.length !== 1) this.fail(at, `'${text}' is read of vectors (the next entry less the one before), and this is ${this.describe(x.shape)}`);
        const later = this.selection(x.shape[0], 1, 0, text, at);
        return sub(mul(later, x), mul(select(0, 1, x.shape[0], later.shape[0]), x));
      }
      case 'matvec': {
        arity(2);
        const [a, x] = args.map((s) => this.check(s));
        if (a.shape.length !== 2 || x.shape.length !== 1) this.fail(at, `'${text}' takes a matrix and a vector, got ${this.describe(a.shape)} and ${this.describe(x.shape)}`);
        return this.product(a, x, at, text);
      }
      case 'npdot': {
        arity(2);
        const [x, y] = args.map((a) => this.check(a));
        this.parameterVectorOf(x, y);
        if (isScalar(x.shape) || isScalar(y.shape)) return mul(x, y);
        return this.binary('npmatmul', x, y, at, text);
      }
      case 'inner': {
        // numpy's inner sums over the last axes: x'y, A x, and W V' for matrices
        arity(2);
        const [x, y] = args.map((a) => this.check(a));
        if (isScalar(x.shape) || isScalar(y.shape)) return mul(x, y);
        const last = (e: MExpr) => e.shape[e.shape.length - 1];
        this.unifyOr(last(x), last(y), at, () => `'${text}' needs equal last dimensions, got ${this.describe(x.shape)} and ${this.describe(y.shape)}`);
        if (x.shape.length === 1 && y.shape.length === 1) return mul(transpose(x), y);
        if (y.shape.length === 1) return mul(x, y);
        if (x.shape.length === 1) return mul(y, x);
        return mul(x, transpose(y));
      }
    }
    if (args.length !== 1 && (FUNCTIONS.get(name)?.arity ?? 1) > 1) {
      this.fail(at, `'${text}' is not supported in vector and matrix expressions: of the functions of several arguments, only where, the comparisons, max, min, hypot, logaddexp and clip apply entry by entry`);
    }
    arity(1);
    const a = this.check(args[0]);
    if (s.refuse && a.shape.length > 0) {
      const matrix = a.shape.length === 2 && a.shape[0] !== 1;
      const why = matrix ? s.refuse.matrix : s.refuse.vector;
      if (why) this.fail(at, why);
    }
    switch (name) {
      case 'sum': return op('sum', a);
      case 'prod': return op('prod', a);
      // MATLAB's prod of a matrix multiplies each column's entries, a row, which has no derivative here
      case 'colprod':
        if (isMatrixShape(a)) this.fail(at, `'${text}' of a matrix multiplies each column's entries, which is not supported: prod(X, 'all') multiplies every entry`);
        return op('prod', a);
      // MATLAB's sum and mean: of a matrix its columns', of a vector its entries'; colcount, how many each sums
      case 'colsum': return columnSum(a);
      case 'colcount': return columnCount(a);
      case 'colmean': return mul(columnSum(a), pow(columnCount(a), Rational.MINUS_ONE));
      case 'tr': case 'det': case 'logdet': case 'inv':
        if (isScalar(a.shape) && name !== 'tr') return op(name, a);
        this.square(a, at, `'${text}'`);
        return op(name, a);
      case 'diag':
        if (a.shape.length === 1) return op('diag', a);
        this.square(a, at, `'${text}'`);
        return op('diag', a);
      // a norm is of vectors: ‖x − μ‖ is a distance, with neither x a number (LaTeX subtracts equal shapes) nor μ one subtracted from every entry
      // the largest or smallest of all the entries
      case 'amax': case 'amin': return op(name, a);
      case 'norm1': case 'norm2':
        this.vectorsIn(a);
        this.linearAlgebraOf(a);
        return op(name, a);
      case 'bars': return a.shape.length === 2 && a.shape[0] !== 1 ? (this.square(a, at, '|X|'), op('det', a)) : fn('abs', a);
      default:
        if (!isElementwise(name)) this.fail(at, `unknown function '${text}'`);
        return fn(name, a);
    }
  }
}

/** Largest dimension written as a number (ones(5), a declared (3, 3)). */
const MAX_SIZE = 2 ** 31 - 1;

/** (n, 1) is a vector (n), (1, 1) a scalar. */
export function normalizeShape(s: readonly Dim[]): Shape {
  for (const d of s) {
    if (typeof d === 'number' && !(Number.isInteger(d) && d >= 1 && d <= MAX_SIZE)) throw new InputError(`a dimension must be a whole number from 1 to ${MAX_SIZE}, not ${d}`);
  }
  if (s.length === 0) return [];
  if (s.length === 1) return s[0] === 1 ? [] : [s[0]];
  if (s.length === 2) return shape2(s[0], s[1]);
  throw new InputError(`shapes of more than two dimensions are not supported (${s.join('×')})`);
}

/** What a symbol's name may be found under: not exponents, dimensions or function arguments that are sizes. */
/** Whether `s` holds a name or a call: an exponent that is no number (p**y). */
function namesAnything(s: Syn): boolean {
  for (const x of walkSyn(s)) if (x.t === 'sym' || x.t === 'call') return true;
  return false;
}

/** How many powers with names in their exponents stand one inside another's exponent, from `s` down. */
function towerHeight(s: Syn): number {
  let height = 0;
  for (let e: Syn | undefined = s; e;) {
    const power: (Syn & { t: 'bin' }) | undefined = [...walkSyn(e)].find((x): x is Syn & { t: 'bin' } => x.t === 'bin' && (x.op === 'pow' || x.op === 'epow') && namesAnything(x.r));
    if (!power) break;
    height++;
    if (height >= MAX_TOWER) break;
    e = power.r;
  }
  return height;
}
/** Powers of names stacked in exponents that are read (x^(x^x) is 2 above the base). */
const MAX_TOWER = 4;

function symbolOperands(s: Syn): readonly Syn[] {
  // a numeric exponent names no symbol; one of names does (p**y: exp(y·log p), see power)
  if (s.t === 'bin' && (s.op === 'pow' || s.op === 'epow')) return namesAnything(s.r) ? [s.l, s.r] : [s.l];
  if (s.t === 'call' && s.fn === 'shapeof') return [s.args[0]];
  if (s.t === 'call' && ['eye', 'ones', 'zeros'].includes(s.fn)) return s.args.filter((a) => a.t === 'call');
  return operands(s);
}

/**
 * Names the syntax uses as symbols (not as functions or dimensions), in order; a constant (LaTeX's e)
 * is one when `declared` has its name.
 */
export function symbolNames(syn: Syn, declared?: ReadonlyMap<string, unknown>): string[] {
  const seen = new Set<string>();
  for (const s of walkSyn(syn, symbolOperands)) if (s.t === 'sym' || (s.t === 'const' && declared?.has(s.name))) seen.add(s.name);
  return [...seen];
}

/** Names used as dimensions: ones(n), eye(n). */
function dimNames(syn: Syn): Set<string> {
  const out = new Set<string>();
  for (const s of walkSyn(syn)) {
    if (s.t === 'call' && ['eye', 'ones', 'zeros'].includes(s.fn)) for (const a of s.args) if (a.t === 'sym') out.add(a.name);
  }
  return out;
}

/**
 * Kind assignments for the undeclared names, fewest changes from the name defaults first; within one
 * cost, in the order scalar, vector, matrix per name. A depth-first search kept in arrays, not on the
 * call stack: an expression may have thousands of names.
 */
function* assignments(names: readonly string[], maxCost = MAX_COST): Generator<{ kinds: Map<string, Kind>; cost: number }> {
  const KINDS: readonly Kind[] = ['scalar', 'vector', 'matrix'];
  // an entry of a vector (x[0]) is a scalar in every reading
  const costs = names.map((n) => KINDS.map((k) => (entryOf(n) ? (k === 'scalar' ? 0 : Infinity) : COST[kindByName(n)][k])));
  const n = names.length;
  for (let budget = 0; budget <= maxCost; budget++) {
    const choice = new Array<number>(n).fill(-1);
    const spent = new Array<number>(n + 1).fill(0);
    for (let i = 0; i >= 0;) {
      if (i === n) {
        if (spent[n] === budget) yield { kinds: new Map(names.map((name, j) => [name, KINDS[choice[j]]])), cost: budget };
        i--;
        continue;
      }
      let o = choice[i] + 1;
      while (o < KINDS.length && spent[i] + costs[i][o] > budget) o++;
      if (o === KINDS.length) { choice[i] = -1; i--; continue; }
      choice[i] = o;
      spent[i + 1] = spent[i] + costs[i][o];
      i++;
    }
  }
}

const DIM_NAMES = ['n', 'm', 'p', 'q', 'r', 'k', 'l', 's', 't'];

/** Types a parsed selection. Throws InputError (naming the two shapes) when no assignment fits. */
export function typecheck(syn: Syn, decls: ReadonlyMap<string, Declaration>, options: TypecheckOptions): Typed {
  const names = symbolNames(syn, decls);
  const declaredDims = new Set<string>();
  for (const d of decls.values()) for (const x of d.shape) if (typeof x === 'string') declaredDims.add(x);
  for (const n of dimNames(syn)) declaredDims.add(n);
  const undeclared = names.filter((n) => !decls.has(n));
  let firstError: InputError | undefined;
  let attempts = 0;
  // a reading that makes arrays of the names a vector seems meant for (Checker.vectorsMeant), with up to two
  // changes more: (x − μ)'Σ⁻¹(x − μ) makes μ a vector, not a scalar subtracted from every entry (nor x a
  // scalar); sum((X - mu').^2 ./ sigma'.^2) makes mu and sigma vectors (each name transposed is one)
  let vectorMeantReading: { raw: MExpr; c: Checker; cost: number } | undefined;
  // a reading with an array value, kept while one a change further makes the expression a scalar with
  // the variable's shape kept: np.sum(x**2) / n is a loss over n samples, not a vector of losses
  let arrayValued: { raw: MExpr; c: Checker; cost: number; kinds: ReadonlyMap<string, Kind> } | undefined;
  for (const { kinds, cost } of assignments(undeclared)) {
    if (++attempts > 400) break;
    if (vectorMeantReading && cost > vectorMeantReading.cost + 2) break;
    if (vectorMeantReading && [...vectorMeantReading.c.vectorsMeant].some((n) => kinds.get(n) === 'scalar')) continue;
    if (arrayValued && cost > arrayValued.cost + 1) break;
    // an uppercase name is a number only where reading it as a matrix gave an array value (np.sum(x**2) / N) or
    // made a scalar of a name meant as a vector (x^T A x + C), never to get past a refusal: norm(W, 1) is a
    // matrix's norm, not |W|
    if (!arrayValued && !vectorMeantReading && undeclared.some((n) => kinds.get(n) === 'scalar' && kindByName(n) === 'matrix')) continue;
    // the variable keeps its shape, or takes the one its name suggests (x^T A x + C: x a vector, C a number)
    if (arrayValued && undeclared.some((n) => options.variable?.(n) && kinds.get(n) !== arrayValued!.kinds.get(n) && kinds.get(n) !== kindByName(n))) continue;
    const c = new Checker(options, decls, kinds, declaredDims);
    try {
      const raw = c.check(syn);
      if (c.vectorsMeant.size > 0) { vectorMeantReading ??= { raw, c, cost }; continue; }
      if (arrayValued && raw.shape.length > 0) continue;
      if (!arrayValued && raw.shape.length > 0 && options.variable) { arrayValued = { raw, c, cost, kinds }; continue; }
      return finish(raw, c, names, undeclared, declaredDims);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // a 1-D tensor in TensorFlow's matmul is answered by reading vectors as n×1 (api.ts), whatever failed first
      if (e instanceof VectorInMatmul && !(firstError instanceof VectorInMatmul)) firstError = e;
      firstError ??= e;
    }
  }
  if (arrayValued) return finish(arrayValued.raw, arrayValued.c, names, undeclared, declaredDims);
  if (vectorMeantReading) return finish(vectorMeantReading.raw, vectorMeantReading.c, names, undeclared, declaredDims);
  throw firstError ?? new InputError('the shapes do not fit together');
}

/** The names of the symbols in `e`. */
function namesIn(e: MExpr, out = new Set<string>()): Set<string> {
  if (e.kind === 'sym') out.add(e.name);
  for (const c of children(e)) namesIn(c, out);
  return out;
}

/** A column and a row (see Checker.pairing) each repeated to the matrix of every pair: v·1' and 1·w'. */
function repeatedPair(l: MExpr, r: MExpr, pairing: 'column-left' | 'column-right'): [MExpr, MExpr] {
  const columnLeft = pairing === 'column-left';
  const [c, w] = columnLeft ? [l, r] : [r, l];
  const length = w.shape.length === 1 ? w.shape[0] : w.shape[1];
  const repeated = (x: MExpr, isColumn: boolean) => (isColumn ? mul(x, transpose(ones([length]))) : mul(ones([c.shape[0]]), x.shape.length === 1 ? transpose(x) : x));
  return [repeated(l, columnLeft), repeated(r, !columnLeft)];
}

/** Names the unknown dimensions and rebuilds the tree with final shapes. */
function finish(raw: MExpr, c: Checker, names: string[], undeclared: string[], taken: Set<string>): Typed {
  const naming = new Map<string, string>();
  const used = new Set([...taken, ...names]);
  // a slice's length is its vector's, shortened: x[1:] has n-1 entries (and so has y in x[1:] - y)
  const sliceOf = new Map<string, { of: Dim; dropped: number }>();
  for (const s of c.slices) {
    const r = c.dims.resolve(s.length);
    const other = typeof r === 'string' ? sliceOf.get(r) : undefined;
    const conflict = () => { throw new InputError(`'${s.text}' has ${s.dropped} ${s.dropped === 1 ? 'entry' : 'entries'} fewer than its vector, and here it must be as long as an array of another length`, s.at); };
    // two slices as long as each other drop as many from vectors as long: X[:, 1:] @ w[1:] makes w as long as X is wide
    if (other && (other.dropped !== s.dropped || !c.dims.unify(other.of, s.of))) conflict();
    const of = c.dims.resolve(s.of);
    if (of === r) throw new InputError(`'${s.text}' has ${s.dropped} ${s.dropped === 1 ? 'entry' : 'entries'} fewer than its vector, and here it must be as long as the vector`, s.at);
    if (typeof r === 'number' ? typeof of !== 'number' || of - s.dropped !== r : !r.startsWith('?')) conflict();
    if (typeof r === 'string') sliceOf.set(r, s);
  }
  const final = (d: Dim): Dim => {
    const r = c.dims.resolve(d);
    if (typeof r === 'number' || !r.startsWith('?')) return r;
    const slice = sliceOf.get(r);
    if (slice) return shortened(final(slice.of), slice.dropped);
    let n = naming.get(r);
    if (!n) {
      n = DIM_NAMES.find((x) => !used.has(x)) ?? `d${naming.size}`;
      used.add(n);
      naming.set(r, n);
    }
    return n;
  };
  // name dimensions in order of the symbols' appearance, so x'*A*x reads A: n×n, x: n
  for (const n of names) c.table.get(n)?.shape.forEach(final);
  const symbols = new Map<string, MSym>();
  for (const n of names) {
    const s = c.table.get(n)!;
    symbols.set(n, sym(n, s.shape.map(final), s.symmetric));
  }
  const expr = mapTree(raw, (e) => {
    if (e.kind === 'sym') return symbols.get(e.name)!;
    if (e.kind === 'eye') return eye(final(e.shape[0]));
    if (e.kind === 'ones') return ones(e.shape.map(final));
    if (e.kind === 'zero') return zero(e.shape.map(final));
    if (e.kind === 'select') return select(e.from, e.to, final(e.shape[1]), final(e.shape[0]));
    return undefined;
  });
  return { expr, symbols, inferred: undeclared };
}

/** Rebuilds a tree bottom-up through the constructors, replacing leaves where `leaf` says so. */
export function mapTree(e: MExpr, leaf: (e: MExpr) => MExpr | undefined): MExpr {
  const replaced = leaf(e);
  if (replaced) return replaced;
  const m = (x: MExpr) => mapTree(x, leaf);
  switch (e.kind) {
    case 'add': return add(...e.terms.map(m));
    case 'scale': return mul(num(e.coeff), ...e.factors.map(m), ...(e.body ? [m(e.body)] : []));
    case 'matmul': return mul(...e.factors.map(m));
    case 'hadamard': return hadamard(...e.factors.map(m));
    case 'pow': return pow(m(e.base), e.exp);
    case 'transpose': return transpose(m(e.arg));
    case 'fn': return fn(e.name, m(e.arg));
    case 'op': return op(e.name, m(e.arg), e.written);
    case 'compare': return compare(e.op, m(e.left), m(e.right), e.written);
    default: return e;
  }
}
