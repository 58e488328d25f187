// The matrix-calculus engine's public contract: gradients, Jacobians and Hessians of vector and matrix
// expressions, in matrix notation, with the working (index form) and numeric evidence.
//
//   differentiateMatrix("x'*A*x", { dialect: 'matrix', wrt: 'x' }).result === "(A + A')*x"
//
// Pipeline: a front-end per dialect → surface syntax → typecheck (shapes, declared or inferred) →
// the matrix tree → index form (Laue, Mitterreiter, Giesen) → differentiation in index form →
// Kronecker deltas removed, like terms collected → back to matrix notation by index patterns →
// printed per dialect, verified by central differences at random inputs.
//
// Conventions:
// - Vectors are columns. A gradient has the shape of the variable. A Jacobian of f (m) by x (n) is
//   m×n in numerator layout (the default, as MatrixCalculus.org prints it) and n×m in denominator
//   layout; the layout only changes Jacobians and is stated in every result.
// - Derivative with respect to a matrix declared symmetric: the gradient in the space of symmetric
//   matrices, sym(G) = (G + G')/2 with G the unstructured gradient (Srinivasan & Panda, 2020). It is
//   the only definition that does not depend on how the expression is written (X or X'), and the
//   one the numeric check can test (perturbations along E_ij + E_ji). Results with other symmetric
//   matrices use X' = X to simplify (x'*A*x with A symmetric: 2*A*x).
// - Undeclared names: uppercase → matrix, Greek (alpha, lambda, sigma, …) → scalar, other lowercase
//   → vector, unless the operations need otherwise (fewest changes win); dimensions are unified.
import { InputError, variableName } from '../api';
import { TimeoutError, withDeadline } from '../budget';
import { Rational } from '../rational';
import { annotationsIn, declarationsFrom, MatrixVar } from './annotations';
import { read, Reading } from '../dialects';
import { MatrixDifferentiator, variableLabels } from './differentiate';
import { nameRepeated, printNamedForm, PrintedNamedForm } from './named';
import { DerivationLine, deriveInIndexForm } from './derivation';
import { asElementwiseFunction, COMPOSITE_VARIABLE } from './elementwise';
import { broadcastTensorCode, einsumCode, Letters, sumLatex, sumText, termText } from './explain';
import { add, children, dependsOn, MExpr, MSym, mul, num, subexpressions, sym, transpose, zero } from './expr';
import { kinkedAtZero, kinksOf, kinkText, vanishesAtKink } from '../kinks';
import { gradientCheckScript } from './gradcheck';
import { Indexer, Label, renameTerm, Term } from './index-form';
import { IndexNotation, MATRIX_DIALECTS, MatrixDialect, printCode, printEntry, printIn, printIndexed, printLatex, squaredSumsIn } from './print';
import { afterOperator, latexSymbol, withLatexWriting } from '../dialects/latex';
import { Dim, isRow, isScalar, Shape, shapeText, splitShortened } from './shape';
import { collectSum, NoMatrixForm, PatternStep, termToMatrix } from './to-matrix';
import { Declaration, kindByName, Typed, typecheck, TypecheckOptions, VectorInMatmul } from './typecheck';
import { dimNamesOf, einsumLevel, LevelEvaluator, matrixLevel, MatrixVerification, randomEnv, verifyMatrix } from './verify';
import { hashText, mulberry32 } from '../random';
import { Syn, walkSyn } from '../syntax';
import { Env, evaluate, transposeValue } from './numeric';

export { MATRIX_DIALECTS };
export type { MatrixDialect, MatrixVar, MatrixVerification };

export type MatrixLayout = 'numerator' | 'denominator';
export type MatrixKind = 'derivative' | 'gradient' | 'jacobian' | 'hessian' | 'tensor';

export interface MatrixOptions {
  dialect: MatrixDialect;
  /** Variable to differentiate with respect to; by default x, w, X, W, theta, beta… whichever occurs, or the only symbol. */
  wrt?: string;
  /** Order of the derivative, 1 to 4 (2 for a Hessian). */
  order?: number;
  /** Declared shapes: {"x": {"shape": ["n"]}, "A": {"shape": ["n", "n"], "props": ["symmetric"]}, "c": {"shape": []}}. */
  vars?: Readonly<Record<string, MatrixVar>>;
  /** The document the selection is in: shape annotations (`# x: (n,), A: (n, n)`) and numpy imports. */
  documentText?: string;
  /** Offset of the selection in documentText: the annotation nearest to it wins. */
  selectionOffset?: number;
  /** Layout of Jacobians (default numerator: m×n for f (m) by x (n)). */
  layout?: MatrixLayout;
  /**
   * Time budget in milliseconds (default 2000): past it a TimeoutError is thrown, except in the numeric
   * check, which may use up to a second more and then reports the result unverified.
   */
  timeBudgetMs?: number;
  /** Record the explanation data (default true). */
  explain?: boolean;
}

/** The working, for the explanation panel. Index expressions use the Einstein convention. */
export interface MatrixExplanation {
  /** Index form of the expression, e.g. `x_a A_ab x_b`, and in LaTeX (`x_{a} A_{ab} x_{b}`). */
  expression: string;
  expressionLatex: string;
  /** The variable with its indices, e.g. `x_k`. */
  variable: string;
  /** The layout used, in words. */
  layout: string;
  /** Per order: the derivative in index form after delta elimination and collection (text, LaTeX), and as einsum. */
  levels: { order: number; derivative: string; derivativeLatex: string; einsum: string }[];
  /** Rule applications: the identity used on each atom and its derivative in index form. */
  steps: { order: number; rule: string; identity: string; atom: string; derivative: string }[];
  /** Kronecker deltas removed by renaming a summed index. */
  deltas: { order: number; rename: string; before: string; after: string }[];
  /** Patterns used to return to matrix notation, per term of the result. */
  patterns: { term: string; pattern: string; rule: string; result: string }[];
  /**
   * The derivation as a textbook writes it, one equation per line with every index on both sides:
   * the expression in index form, the rules applied, the deltas removed, back to matrix notation.
   */
  derivation: DerivationLine[];
}

export interface MatrixDerivativeResult {
  /** The input as read (matrix notation and LaTeX): shows how the selection was parsed; `latexOperand` as after a derivative operator. */
  input: { matrix: string; latex: string; latexOperand: string };
  /** The derivative in the input's dialect (the einsum form when there is no matrix form). */
  result: string;
  /** In MatrixCalculus.org notation. */
  matrix: string;
  numpy: string;
  latex: string;
  /** numpy einsum code from the index form. */
  einsum: string;
  kind: MatrixKind;
  layout: MatrixLayout;
  wrt: string;
  order: number;
  /** Shape of the result, e.g. `n×n`. */
  shape: string;
  /** True only with the evidence in `verification`. */
  verified: boolean;
  verification: MatrixVerification;
  /** Every symbol and intermediate of the input (printed in its dialect) → its shape; and the result. */
  shapes: Record<string, string>;
  /** The same keys → the name or expression typeset as everywhere else (`lam` → `\lambda`). */
  shapesLatex: Record<string, string>;
  /** The variable typeset (`\lambda` for lam), as the result and the derivation write it. */
  wrtLatex: string;
  index: MatrixExplanation;
  /** A numpy script that checks the formula by central differences; paste and run. */
  gradientCheck: string;
  /** Why there is no matrix form (kind 'tensor'). */
  note?: string;
  /**
   * When subexpressions repeat in the result: names for them and the result in terms of the names
   * (`s = sigmoid(X*w)` once). `result` stays complete code on its own; `named.code` is the definitions
   * as assignments, then the result, and runs as written.
   */
  named?: PrintedNamedForm;
  /** Where the result does not hold: an element-wise abs, sign or ReLU at 0 ("not differentiable where an entry of X*w is 0"). */
  warnings?: string[];
  assignedTo?: string;
  ms: number;
}

const DEFAULT_BUDGET_MS = 2000;
/** The numeric check gets the rest of the budget and at least this much, never more past the budget. */
const CHECK_GRACE_MS = 1000;
const MAX_ORDER = 4;
const PREFERRED_WRT = ['x', 'w', 'X', 'W', 'theta', 'beta', 'z', 'Z', 'y', 'b', 'u', 'v', 'p', 'q', 'S', 'A', 'B', 'M'];

/**
 * The selection typed in its notation. TensorFlow code is read with its vectors 1-D (tf.linalg.matvec,
 * tf.tensordot) unless it applies @ or tf.matmul to one, which TensorFlow does only to a column (n×1):
 * then every vector is a column. `columns` says which.
 */
function typedIn(parsed: Reading, decls: ReadonlyMap<string, Declaration>, dialect: MatrixDialect, wrt: string | undefined): Typed & { columns?: true } {
  const options = { ...typecheckOptions(dialect, wrt), ...(parsed.symmetric ? { symmetric: new Set(parsed.symmetric) } : {}) };
  if (parsed.style.dialect !== 'python' || parsed.style.module !== 'tf') return typecheck(parsed.syn, decls, options);
  try {
    return typecheck(parsed.syn, decls, { ...options, tensorflow: 'vectors' });
  } catch (e) {
    if (!(e instanceof VectorInMatmul)) throw e;
  }
  try {
    // an n×1 tensor repeats along a matrix's columns, as a MATLAB column does
    return { ...typecheck(parsed.syn, decls, { ...options, broadcast: 'columns', tensorflow: 'columns' }), columns: true };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new InputError(`TensorFlow's @ (tf.matmul) multiplies matrices, a vector only as an n×1 tensor, and read so: ${e.detail}. For 1-D vectors write tf.linalg.matvec(A, x) for a matrix times a vector and tf.tensordot(x, y, 1) for a dot product`, e.offset);
  }
}

/** How a dialect reads shapes; `wrt`, the variable when the request names it (else any name it may be). */
export function typecheckOptions(dialect: MatrixDialect, wrt: string | undefined): TypecheckOptions {
  return {
    matrixPower: dialect === 'matlab' || dialect === 'julia' || dialect === 'latex',
    broadcast: dialect === 'python' ? 'numpy' : dialect === 'matlab' || dialect === 'julia' ? 'columns' : undefined,
    variable: wrt !== undefined ? (n) => n === wrt : (n) => PREFERRED_WRT.includes(n),
  };
}

/** A selection in a matrix notation, read by that notation's one reader (or as already read). */
function readingOf(source: string | Reading, dialect: MatrixDialect, documentText: string | undefined): Reading {
  if (typeof source !== 'string') return source;
  if (!MATRIX_DIALECTS.includes(dialect)) throw new InputError(`unknown matrix dialect '${dialect as string}' (expected ${MATRIX_DIALECTS.join(', ')})`);
  return read(source, dialect, documentText);
}

/** What a matrix selection is, without differentiating it: its symbols (likely variable first) and shapes. */
export interface MatrixAnalysis {
  /** Symbols, the likeliest variable of differentiation first. */
  symbols: string[];
  /** Each symbol → its shape (declared, annotated or inferred), e.g. `n`, `m×n`, `scalar`. */
  shapes: Record<string, string>;
  /** The input as read, in matrix notation and LaTeX. */
  matrix: string;
  latex: string;
  assignedTo?: string;
}

/** Parses and shape-checks a matrix selection. Throws InputError on bad input or mismatched shapes. */
export function analyzeMatrix(source: string | Reading, dialect: MatrixDialect, context: { vars?: Readonly<Record<string, MatrixVar>>; documentText?: string; selectionOffset?: number; timeBudgetMs?: number } = {}): MatrixAnalysis {
  return withDeadline(performance.now() + budgetOf(context.timeBudgetMs), () => analyzeWithin(source, dialect, context));
}

function analyzeWithin(source: string | Reading, dialect: MatrixDialect, context: { vars?: Readonly<Record<string, MatrixVar>>; documentText?: string; selectionOffset?: number }): MatrixAnalysis {
  const parsed = readingOf(source, dialect, context.documentText);
  const decls = new Map([...declarationsFrom(parsed.declares), ...annotationsIn(context.documentText, context.selectionOffset), ...declarationsFrom(context.vars)]);
  const typed = typedIn(parsed, decls, dialect, undefined);
  const rank = (n: string) => { const i = PREFERRED_WRT.indexOf(n); return i < 0 ? PREFERRED_WRT.length : i; };
  const symbols = [...typed.symbols.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const shapes = Object.fromEntries(symbols.map((n) => [n, typed.symbols.get(n)!.shape.length === 0 ? 'scalar' : shapeText(typed.symbols.get(n)!.shape)]));
  return {
    symbols, shapes,
    matrix: printCode(typed.expr, { dialect: 'matrix' }),
    latex: latexAsWritten(parsed)(typed.expr),
    ...(parsed.assignedTo ? { assignedTo: parsed.assignedTo } : {}),
  };
}

/** LaTeX as the selection writes it: a selection written with index sums gets its scalars back as sums over entries. */
function latexAsWritten(reading: Reading): (e: MExpr) => string {
  return (e) => (reading.summedOver && printIndexed(e, reading.summedOver)) || printLatex(e);
}

function chooseWrt(symbols: Map<string, MSym>, decls: ReadonlyMap<string, Declaration>, asked: string | undefined): MSym {
  if (asked !== undefined) {
    const wanted = variableName(asked, (name) => symbols.has(name));
    const s = symbols.get(wanted);
    if (s) return s;
    const d = decls.get(wanted);
    if (d) return sym(wanted, d.shape.length === 2 && d.shape[1] === 1 ? [d.shape[0]] : d.shape, d.symmetric);
    throw new InputError(`'${wanted}' does not occur in the expression (it has ${[...symbols.keys()].join(', ') || 'no variables'}): declare its shape to differentiate by it anyway`);
  }
  const names = [...symbols.keys()];
  const preferred = PREFERRED_WRT.find((n) => symbols.has(n));
  if (preferred) return symbols.get(preferred)!;
  if (names.length === 1) return symbols.get(names[0])!;
  if (names.length === 0) throw new InputError('the expression has no variable to differentiate by');
  throw new InputError(`the expression has several variables (${names.join(', ')}): say which one to differentiate by`);
}

const VAR_LETTERS = ['k', 'l', 'm', 'n', 'p', 'q', 'r', 's'];
const FUN_LETTERS = ['i', 'j'];

/** Differentiates a matrix expression. Throws InputError on bad input, TimeoutError past the budget. */
export function differentiateMatrix(source: string | Reading, options: MatrixOptions): MatrixDerivativeResult {
  const started = performance.now();
  const dialect = options.dialect;
  if (!MATRIX_DIALECTS.includes(dialect)) throw new InputError(`unknown matrix dialect '${dialect as string}' (expected ${MATRIX_DIALECTS.join(', ')})`);
  const order = options.order ?? 1;
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) throw new InputError(`the order must be a whole number from 1 to ${MAX_ORDER}${Number.isNaN(order) ? '' : `, not ${order}`}`);
  const layout = options.layout ?? 'numerator';
  if (layout !== 'numerator' && layout !== 'denominator') throw new InputError(`the layout must be 'numerator' or 'denominator', not '${layout as string}'`);
  const explain = options.explain ?? true;
  const deadline = started + budgetOf(options.timeBudgetMs);
  // every stage stops at the deadline; the numeric check, run last, may take a second more
  const { result, check, other } = withDeadline(deadline, () => derive(source, options, explain));
  const verification = withDeadline(deadline + CHECK_GRACE_MS, () => withDeadline(Math.max(deadline, performance.now() + CHECK_GRACE_MS), check));
  const otherNote = other && verification.verified ? otherReading(source, options, result, other, deadline) : undefined;
  const warnings = otherNote ? [...result.warnings ?? [], otherNote] : result.warnings;
  return { ...result, ...(warnings ? { warnings } : {}), verified: verification.verified, verification, ms: performance.now() - started };
}

/**
 * The derivative by the variable read with the other shape its notation reads it with just as well (see
 * OtherShape), said beside the result with the annotation that makes it the reading; undefined when that
 * reading fails or is not verified.
 */
function otherReading(source: string | Reading, options: MatrixOptions, read: Derived, other: OtherShape, deadline: number): string | undefined {
  const name = read.wrt;
  try {
    const alternative = withDeadline(deadline, () => derive(source, { ...options, wrt: name, vars: { ...options.vars, [name]: { shape: other.shape } } }, false));
    if (!withDeadline(deadline + CHECK_GRACE_MS, alternative.check).verified) return undefined;
    const comment = `${options.dialect === 'matlab' ? '%' : '#'} ${name}: ${other.shape.length ? `(${other.shape[0]},)` : '()'}`;
    const derivative = `the derivative is ${alternative.result.result} (a comment ${comment} by the selection says so)`;
    if (!other.shape.length) return `${name} is read as a vector of length ${read.shapes[name] ?? read.shape}; if ${name} is one number added to every entry, ${derivative}`;
    return `${name} is read as one number, the same for every entry of ${other.of}; if ${name} is a vector with one entry per column of ${other.of} (broadcast along its rows), ${derivative}`;
  } catch (e) {
    // the answer stands without the note when the other reading fails or runs out of time
    if (e instanceof InputError || e instanceof TimeoutError) return undefined;
    throw e;
  }
}

/**
 * Another shape the notation reads the variable with just as well: a bias read as a vector (`X @ w + b`,
 * one entry per entry, as a lowercase name is) may be one number, as a linear model's bias usually is; a
 * name read as one number subtracted from a matrix (`X - mu`, a Greek name) may be a vector with one entry
 * per column, as centring data by its mean is written. `of`: the matrix as printed.
 */
interface OtherShape { shape: readonly Dim[]; of?: string }

/**
 * The column shape of the matrix `wrt` is added to or subtracted from, when `wrt` is an undeclared name
 * read as one number where a 1-D array broadcasts along the rows (numpy's `X - mu`); undefined otherwise.
 */
function shiftedMatrixColumns(expr: MExpr, wrt: MSym, decls: ReadonlyMap<string, Declaration>, alongRows: boolean): OtherShape | undefined {
  if (!alongRows || decls.has(wrt.name) || !isScalar(wrt.shape)) return undefined;
  for (const e of subexpressions(expr).values()) {
    if (e.kind !== 'add' || e.shape.length !== 2 || e.shape[0] === 1 || e.shape[1] === 1) continue;
    const shift = e.terms.some((t) => t.kind === 'scale' && t.factors.length === 1 && t.factors[0].kind === 'sym' && t.factors[0].name === wrt.name && t.body?.kind === 'ones');
    const matrix = e.terms.find((t) => t.kind === 'sym' && t.shape.length === 2);
    if (shift && matrix) return { shape: [e.shape[1]], of: (matrix as MSym).name };
  }
  return undefined;
}

/**
 * Whether `wrt`, a name read as a vector by its look alone, stands as a term beside a matrix product in a
 * sum that broadcasts (numpy's, MATLAB's, Julia's `X*w .+ b`): a bias, which the notation reads as one
 * number just as well.
 */
function isBias(expr: MExpr, wrt: MSym, decls: ReadonlyMap<string, Declaration>, broadcasts: boolean): boolean {
  if (!broadcasts || decls.has(wrt.name) || wrt.shape.length !== 1 || kindByName(wrt.name) !== 'vector') return false;
  const hasProduct = (e: MExpr): boolean => (e.kind === 'matmul' && !isScalar(e.shape)) || children(e).some(hasProduct);
  return [...subexpressions(expr).values()].some((e) => e.kind === 'add' && e.terms.some((t) => t.kind === 'sym' && t.name === wrt.name) && e.terms.some((t) => hasProduct(t)));
}

function budgetOf(ms: number | undefined): number {
  return ms === undefined || Number.isNaN(ms) ? DEFAULT_BUDGET_MS : Math.max(0, ms);
}

type Derived = Omit<MatrixDerivativeResult, 'verified' | 'verification' | 'ms'>;

/**
 * Everything but the numeric check, which comes back as a function to run last (it may stop early);
 * `other`: another shape the notation reads the variable with (OtherShape).
 */
type Derivation = { result: Derived; check: () => MatrixVerification; other?: OtherShape };

function derive(source: string | Reading, options: MatrixOptions, explain: boolean): Derivation {
  const parsed = readingOf(source, options.dialect, options.documentText);
  // every LaTeX of the answer (result, shapes, derivation) writes names and norms as the selection does
  return withLatexWriting(parsed.style.dialect === 'latex' ? parsed.style : undefined, () => deriveReading(parsed, options, explain));
}

function deriveReading(parsed: Reading, options: MatrixOptions, explain: boolean): Derivation {
  const { dialect, layout = 'numerator' } = options;
  const order = options.order ?? 1;
  const decls = new Map([...declarationsFrom(parsed.declares), ...annotationsIn(options.documentText, options.selectionOffset), ...declarationsFrom(options.vars)]);
  const typed = typedIn(parsed, decls, dialect, options.wrt);
  const expr = typed.expr;
  const wrt = chooseWrt(typed.symbols, decls, options.wrt);
  const symbols = [...typed.symbols.values()];
  if (!typed.symbols.has(wrt.name)) symbols.push(wrt);
  const np = parsed.numpyPrefix ?? 'np';
  const dim = dimensionsIn(symbols, 'python', parsed.syn);
  const like = (shape: readonly Dim[]) => symbols.find((s) => s.shape.length === shape.length && s.shape.every((d, i) => d === shape[i]))?.name;
  // the result in the selection's library: PyTorch (its prefix, torch.sigmoid), TensorFlow (tf.linalg.matvec,
  // new tensors in the selection's dtype), numpy's look-alikes with theirs (jnp., anp.); the numpy fields and
  // the gradient check stay numpy
  const style = parsed.style.dialect === 'python' ? parsed.style : undefined;
  const library = style?.module === 'torch' || style?.module === 'tf' ? style.module : undefined;
  const codePrefix = library ? style!.prefix || library : style?.module === 'numpy' && style.library && style.prefix ? style.prefix : np;
  const tensor = library ? symbols.find((s) => s.shape.length > 0)?.name : undefined;
  const pythonStyle = { prefix: codePrefix, dim, like, ...(style?.special ? { special: style.special } : {}), ...(library ? { library } : {}), ...(library && style?.mathScalars ? { mathScalars: true } : {}), ...(tensor ? { tensor } : {}), ...(typed.columns ? { columns: true } : {}) };
  const latex = latexAsWritten(parsed);
  const decimals = [...walkSyn(parsed.syn)].some((s) => s.t === 'num' && s.decimal === true);
  const squaredSums = squaredSumsIn(expr);
  const unicode = parsed.style.dialect === 'julia' && parsed.style.unicode;
  const statistics = parsed.style.dialect === 'julia' && parsed.style.statistics;
  const allOption = parsed.style.dialect === 'matlab' && parsed.style.allOption;
  // functions numpy, MATLAB and Julia lack, which the document has (scipy.special's expit, the user's sigmoid.m, a Python def)
  const expit = style?.expit && !library && style.library !== 'jax' ? { sigmoid: style.expit } : undefined;
  const written = parsed.style.dialect === 'matlab' || parsed.style.dialect === 'julia' ? parsed.style.written
    : expit || style?.written ? { ...expit, ...style?.written } : undefined;
  // np.diff as the selection calls it: x[1:] - x[:-1] prints as np.diff(x)
  const differences = [...walkSyn(parsed.syn)].find((s): s is Syn & { t: 'call' } => s.t === 'call' && s.fn === 'differences')?.text;
  const print = (e: MExpr) => (dialect === 'latex' ? latex(e)
    : printIn(e, dialect, { ...(dialect === 'python' ? pythonStyle : dialect === 'matlab' || dialect === 'julia' ? { dim: dimensionsIn(symbols, dialect, parsed.syn), like, ...(unicode ? { unicode } : {}), ...(statistics ? { statistics } : {}), ...(allOption ? { allOption } : {}) } : {}), ...(written ? { written } : {}), ...(differences ? { differences } : {}), decimals, squaredSums }));

  const ix = new Indexer(wrt.name);
  const fIdx = ix.labelsFor(expr.shape);
  const fixed = new Map<Label, string>(fIdx.map((l, i) => [l, FUN_LETTERS[i]]));
  let current: Term[] = ix.collect(ix.expand(expr, fIdx), fIdx);
  const exprTerms = current;
  let free: Label[] = [...fIdx];
  const allVarIdx: Label[] = [];
  const levels: { terms: Term[]; free: Label[] }[] = [];
  const varIdxByOrder: Label[][] = [];
  const steps: MatrixExplanation['steps'] = [];
  const deltas: MatrixExplanation['deltas'] = [];
  for (let k = 1; k <= order; k++) {
    const vIdx = variableLabels(ix, wrt);
    vIdx.forEach((l) => fixed.set(l, VAR_LETTERS[allVarIdx.length + vIdx.indexOf(l)] ?? `k${allVarIdx.length}`));
    allVarIdx.push(...vIdx);
    varIdxByOrder.push(vIdx);
    const d = new MatrixDifferentiator(ix, wrt, vIdx, explain);
    const raw = d.terms(current);
    const nextFree = [...free, ...vIdx];
    const letters = new Letters(fixed);
    const onDelta = explain
      ? (from: Label, to: Label, before: Term, after: Term) => {
        if (deltas.length >= 40) return;
        const l = letters.fork(nextFree);
        const text = termText(before, l.of);
        deltas.push({ order: k, rename: `${l.of(from)} → ${l.of(to)}`, before: text, after: termText(after, l.of) });
      }
      : undefined;
    let terms = ix.collect(raw, nextFree, onDelta);
    if (wrt.symmetric && vIdx.length === 2) {
      // symmetric convention: (G + G')/2
      const swap = new Map([[vIdx[0], vIdx[1]], [vIdx[1], vIdx[0]]]);
      const half = (t: Term): Term => ({ ...t, coeff: t.coeff.mul(Rational.HALF) });
      terms = ix.collect([...terms.map(half), ...terms.map((t) => renameTerm(half(t), swap))], nextFree);
    }
    if (explain) {
      for (const s of d.steps) {
        const step = {
          order: k, rule: s.rule, identity: s.identity, atom: printCode(s.atom, { dialect: 'matrix' }),
          derivative: sumText(s.result, [...s.idx, ...vIdx], new Letters(fixed)),
        };
        // a factor met in several terms (a mask, the variable) is one step, shown once
        if (!steps.some((t) => t.order === k && t.rule === step.rule && t.atom === step.atom && t.derivative === step.derivative)) steps.push(step);
      }
    }
    levels.push({ terms, free: nextFree });
    current = terms;
    free = nextFree;
  }

  // layout: numerator keeps the function's indices first; denominator puts the variable's first
  const fRank = fIdx.length, vRank = allVarIdx.length;
  let kind: MatrixKind;
  if (fRank + vRank > 2) kind = 'tensor';
  else if (order === 1) kind = vRank === 0 ? 'derivative' : fRank === 0 ? 'gradient' : 'jacobian';
  else kind = fRank === 0 && vRank === 2 && order === 2 ? 'hessian' : 'derivative';
  const out = layout === 'denominator' && kind === 'jacobian' ? [...allVarIdx, ...fIdx] : free;
  const letters = new Letters(fixed);
  const targetOf = (lvl: number, labels: readonly Label[]): Shape => {
    if (lvl === 1 && fRank === 0) return wrt.shape;
    if (wrt.shape.length === 0) return expr.shape;
    const dims = labels.map((l) => ix.dims.get(l)!);
    return dims.length === 0 ? [] : dims.length === 1 ? [dims[0]] : [dims[0], dims[1]];
  };

  // every level back to matrix notation (numerator order) for the numeric check; the last one as presented
  const patterns: MatrixExplanation['patterns'] = [];
  const toMatrix = (terms: Term[], labels: readonly Label[], target: Shape, record: boolean): MExpr | undefined => {
    if (labels.length > 2) return undefined;
    try {
      const parts = terms.map((t) => {
        const ps: PatternStep[] = [];
        const m = termToMatrix(ix, t, labels, target, letters.fork(labels).of, record && explain ? ps : undefined);
        if (record && explain) for (const p of ps) if (patterns.length < 60) patterns.push({ term: termText(t, letters.fork(labels).of), pattern: p.pattern, rule: p.rule, result: print(p.result) });
        return m;
      });
      const sum = collectSum(parts);
      return sum.kind === 'num' && sum.value.isZero ? zero(target) : sum;
    } catch (e) {
      if (e instanceof NoMatrixForm) return undefined;
      throw e;
    }
  };
  const levelForms = levels.map((l, i) => (i === levels.length - 1 && out !== free ? undefined : toMatrix(l.terms, l.free, targetOf(i + 1, l.free), i === levels.length - 1)));
  const final = out !== free ? toMatrix(levels[levels.length - 1].terms, out, targetOf(order, out), true) : levelForms[levelForms.length - 1];
  if (out !== free) levelForms[levelForms.length - 1] = toMatrix(levels[levels.length - 1].terms, free, targetOf(order, free), false);
  if (!final && kind !== 'tensor') kind = 'tensor';

  // numeric verification of every level
  const dimNames = dimNamesOf(symbols, [expr]);
  for (const l of ix.dims.values()) if (typeof l === 'string' && !dimNames.includes(l)) dimNames.push(l);
  const evaluators: LevelEvaluator[] = [matrixLevel(expr), ...levels.map((l, i) => {
    // the presented formula itself is what is checked; a denominator-layout Jacobian is transposed back
    if (i === levels.length - 1 && final && out !== free) return (env: Env) => transposeValue(evaluate(final, env)).d;
    const m = levelForms[i];
    return m ? matrixLevel(m) : einsumLevel(l.terms, l.free, ix.dims);
  })];
  const check = () => verifyMatrix({
    levels: evaluators, wrt, symbols, dimNames, seed: hashText(`${expr.key}|${wrt.name}|${order}`), symmetric: wrt.symmetric,
  });

  const lastTerms = levels[levels.length - 1].terms;
  const einsum = einsumCode(lastTerms, out, letters, ix.dims, { prefix: np, dim });
  // the result in the selection's library: torch.einsum, tf.einsum, jnp.einsum
  const libraryEinsum = dialect === 'python' && codePrefix !== np ? einsumCode(lastTerms, out, letters, ix.dims, pythonStyle) : einsum;
  const resultShape = final ? final.shape : out.map((l) => ix.dims.get(l)!);
  const shapeOut = final ? shapeText(final.shape) : resultShape.join('×');
  const indexText = sumText(lastTerms, out, letters);
  const levelNumpy = levels.map((l, i) => {
    const m = i === levels.length - 1 && final && out !== free ? final : levelForms[i];
    return { numpy: m ? printCode(m, { dialect: 'python', prefix: np }) : einsumCode(l.terms, l.free, letters, ix.dims, { prefix: np }), shape: m ? m.shape : [] };
  });
  const gradientCheck = gradientCheckScript({
    expr, levels: levelNumpy, symbols, wrt, dimNames, denominator: out !== free, symmetric: wrt.symmetric, np,
  });
  const shapes: Record<string, string> = {};
  const shapesLatex: Record<string, string> = {};
  for (const e of subexpressions(expr).values()) {
    // a slice's selection matrix is the engine's, not the user's: x[1:] is listed, not np.eye(n)[1:]
    if (e.kind === 'num' || e.kind === 'select' || Object.keys(shapes).length >= 60) continue;
    const text = print(e);
    if (!(text in shapes)) { shapes[text] = shapeText(e.shape); shapesLatex[text] = printLatex(e); }
  }
  if (wrt.name && !(wrt.name in shapes)) { shapes[wrt.name] = shapeText(wrt.shape); shapesLatex[wrt.name] = latexSymbol(wrt.name); }
  const derivativeKey = `d${order > 1 ? `^${order}` : ''}/d${wrt.name}${order > 1 ? `^${order}` : ''}`;
  shapes[derivativeKey] = shapeOut;
  shapesLatex[derivativeKey] = derivativeLatex(kind, wrt.name, order);
  const derivation = explain ? checkedDerivation(deriveInIndexForm({
    ix, expr, wrt, order, fIdx, varIdx: varIdxByOrder, letters: fixed, out, target: targetOf(order, out),
    ...(final ? { final } : {}), finalLhs: derivativeLatex(kind, wrt.name, order),
  }), final, symbols, dimNames, wrt) : [];

  const printNumpy = (e: MExpr) => printCode(e, { dialect: 'python', prefix: np, dim, like });
  const kinks = nonDifferentiableWhere(expr, wrt.name, print, dialect === 'latex' ? parsed.summedOver : undefined, final);
  const products = productsDividedWhere(expr, wrt.name, print, dialect === 'latex' ? parsed.summedOver : undefined);
  // a result written back in the selection's index sums names nothing: its sums are its subexpressions
  const indexed = final && dialect === 'latex' && parsed.summedOver ? printIndexed(final, parsed.summedOver) : undefined;
  // the result's LaTeX, printed once (a LaTeX selection's result is it)
  const finalLatex = final && (indexed ?? latex(final));
  const repeated = final && !indexed && nameRepeated(final, print, new Set([...symbols.map((s) => s.name), ...dimNames, np]));
  // no matrix form: einsum in Python, the same product by broadcasting in MATLAB and Julia, index notation in LaTeX
  const tensorForm = final ? undefined
    : dialect === 'matlab' || dialect === 'julia' ? { code: broadcastTensorCode(lastTerms, out, ix.dims, { dialect, dim: dimensionsIn(symbols, dialect, parsed.syn) }), how: 'built by broadcasting' }
    : dialect === 'latex' ? { code: `\\left[${sumLatex(lastTerms, out, letters)}\\right]_{${out.map(letters.of).join('')}}`, how: 'written entry by entry in index notation' }
    : { code: libraryEinsum, how: `its ${dialect === 'python' ? codePrefix : 'np'}.einsum form is given` };
  const tensorNote = tensorForm && `no matrix form: the ${kind === 'tensor' && fRank + vRank > 2 ? `result is a tensor of order ${fRank + vRank}` : 'index pattern has no matrix equivalent'}; ${tensorForm.how}`;
  const inputLatex = latex(expr);
  const result: Derived = {
    input: { matrix: printCode(expr, { dialect: 'matrix' }), latex: inputLatex, latexOperand: afterOperator(inputLatex) },
    result: final ? (dialect === 'latex' ? finalLatex! : print(final)) : tensorForm!.code,
    matrix: final ? printCode(final, { dialect: 'matrix' }) : indexText,
    numpy: final ? printCode(final, { dialect: 'python', prefix: np, dim, like }) : einsum,
    latex: final ? finalLatex! : sumLatex(lastTerms, out, letters),
    einsum,
    kind,
    layout,
    wrt: wrt.name,
    order,
    shape: shapeOut,
    shapes,
    shapesLatex,
    wrtLatex: latexSymbol(wrt.name),
    index: {
      expression: sumText(exprTerms, fIdx, letters),
      expressionLatex: sumLatex(exprTerms, fIdx, letters),
      variable: `${wrt.name}${allVarIdx.length ? `_${allVarIdx.slice(0, wrt.shape.length === 0 ? 0 : allVarIdx.length / order).map((l) => fixed.get(l)).join('')}` : ''}`,
      layout: layoutText(kind, layout, wrt),
      levels: levels.map((l, i) => ({ order: i + 1, derivative: sumText(l.terms, l.free, letters), derivativeLatex: sumLatex(l.terms, l.free, letters), einsum: einsumCode(l.terms, i === levels.length - 1 ? out : l.free, letters, ix.dims, { prefix: np, dim }) })),
      steps, deltas, patterns, derivation,
    },
    gradientCheck,
    note: tensorNote,
    ...(repeated ? { named: printNamedForm(repeated, dialect, print, printNumpy) } : {}),
    ...(kinks || products ? { warnings: [kinks, products].filter((w): w is string => w !== undefined) } : {}),
    assignedTo: parsed.assignedTo,
  };
  const broadcast = typecheckOptions(dialect, options.wrt).broadcast;
  const other = order !== 1 ? undefined : isBias(expr, wrt, decls, broadcast !== undefined) ? { shape: [] } : shiftedMatrixColumns(expr, wrt, decls, broadcast === 'numpy');
  return { result, check, ...(other ? { other } : {}) };
}

/** Whether `e` holds a comparison with `extreme` (the mask of where the largest entry is, or its complement). */
function masks(e: MExpr, extreme: MExpr): boolean {
  if (e.kind === 'compare' && (e.left.key === extreme.key || e.right.key === extreme.key)) return true;
  return children(e).some((c) => masks(c, extreme));
}

/**
 * Where an element-wise function with a kink (abs, sign, ReLU, a comparison; the 1-norm) meets its
 * kink, for the warning beside the result. Functions of one array are judged as the scalar function
 * they apply to each entry (kinks.ts): a square of |u| or relu(u) is differentiable at 0, and so is
 * Huber's where(|r| <= 1, r²/2, |r| − 1/2) at |r| = 1. The largest entry (np.max) jumps where two tie,
 * unless the `result` no longer holds where it is (the log-sum-exp shifted by its max is smooth).
 */
function nonDifferentiableWhere(e: MExpr, wrt: string, printAny: (e: MExpr) => string, notation?: IndexNotation, result?: MExpr): string | undefined {
  // thresholds as they are written: 0.5, not 1 / 2
  const print = (x: MExpr) => (x.kind === 'num' && !x.value.isInteger ? x.value.toDecimalString() : undefined) ?? printAny(x);
  // an entry as index sums write it: y_i w^\top x_i
  const entryOf = (x: MExpr) => (notation ? printEntry(x, notation) : undefined);
  const entryEquals = (l: MExpr, r: MExpr) => {
    const [el, er] = [entryOf(l), isScalar(r.shape) ? print(r) : entryOf(r)];
    if (el && er) return `${el} = ${er} for some ${notation!.index}`;
    return isScalar(r.shape) ? `an entry of ${print(l)} is ${print(r)}` : `an entry of ${print(l)} equals that of ${print(r)}`;
  };
  const where = new Set<string>();
  const visit = (x: MExpr): void => {
    const composite = asElementwiseFunction(x);
    if (composite && dependsOn(composite.leaf, wrt)) {
      const kinks = kinksOf(composite.f, COMPOSITE_VARIABLE);
      const indexed = !isScalar(x.shape) && entryOf(composite.leaf) !== undefined;
      try {
        for (const k of kinks) {
          where.add(indexed
            ? `${kinkText(k, COMPOSITE_VARIABLE, (s) => { const a = composite.at(s); return entryOf(a) ?? print(a); })} for some ${notation!.index}`
            : kinkText(k, COMPOSITE_VARIABLE, (s) => print(composite.at(s)), !isScalar(x.shape)));
        }
        return visit(composite.leaf);
      } catch (err) {
        // a kink side arrays cannot hold (a function of two arguments): the functions' own kinks below say where
        if (!(err instanceof InputError)) throw err;
      }
    }
    if (x.kind === 'pow' && x.base.kind === 'fn' && x.exp.compare(Rational.ONE) > 0 && vanishesAtKink(x.base.name, [])) return visit(x.base.arg);
    if (x.kind === 'op' && (x.name === 'amax' || x.name === 'amin') && dependsOn(x.arg, wrt) && (!result || masks(result, x))) {
      where.add(`two entries of ${print(x.arg)} tie for the ${x.name === 'amax' ? 'largest' : 'smallest'}`);
    }
    const arg = (x.kind === 'fn' && kinkedAtZero(x.name)) || (x.kind === 'op' && x.name === 'norm1') ? x.arg : undefined;
    if (arg && dependsOn(arg, wrt)) where.add(isScalar(arg.shape) ? `${print(arg)} = 0` : entryEquals(arg, num(0)));
    // a mask jumps where its sides meet
    if (x.kind === 'compare' && dependsOn(x, wrt)) {
      where.add(isScalar(x.shape) ? `${print(x.left)} = ${print(x.right)}` : isScalar(x.left.shape) ? entryEquals(x.right, x.left) : entryEquals(x.left, x.right));
    }
    children(x).forEach(visit);
  };
  visit(e);
  return where.size ? `not differentiable where ${[...where].join(' or ')}` : undefined;
}

/**
 * A product of entries differentiated as prod(u) ./ u (numpy's own idiom): undefined where an entry of u
 * is 0, where the derivative is the product of the other entries. Said beside the result.
 */
function productsDividedWhere(e: MExpr, wrt: string, print: (e: MExpr) => string, notation?: IndexNotation): string | undefined {
  const args = new Set<string>();
  const visit = (x: MExpr): void => {
    // the log of a product is the sum of the entries' logs, itself undefined where an entry is 0
    if (x.kind === 'fn' && x.name === 'log' && x.arg.kind === 'op' && x.arg.name === 'prod') return visit(x.arg.arg);
    if (x.kind === 'op' && x.name === 'prod' && dependsOn(x.arg, wrt)) args.add((notation && printEntry(x.arg, notation)) || `each entry of ${print(x.arg)}`);
    children(x).forEach(visit);
  };
  visit(e);
  if (args.size === 0) return undefined;
  const names = [...args].join(', ');
  return `the product's derivative divides by ${names}: where ${args.size > 1 || names.startsWith('each entry') ? 'an entry' : 'one'} is 0 it is the product of the others`;
}

/**
 * The derivation's lines when its way back to matrix notation agrees with the result at random inputs
 * (for a symmetric variable, its symmetric part does); none when it does not: a derivation that
 * arrives elsewhere would teach something false.
 */
function checkedDerivation(d: { lines: DerivationLine[]; matrix?: MExpr }, final: MExpr | undefined, symbols: readonly MSym[], dimNames: readonly string[], wrt: MSym): DerivationLine[] {
  if (!d.matrix || !final) return d.lines;
  const shown = wrt.symmetric && wrt.shape.length === 2 ? mul(num(Rational.HALF), add(d.matrix, transpose(d.matrix))) : d.matrix;
  const rand = mulberry32(hashText(final.key));
  let compared = 0;
  for (let attempt = 0; attempt < 6 && compared < 2; attempt++) {
    const env = randomEnv(symbols, dimNames, rand, attempt % 2 === 1 ? 'positive' : 'signed');
    const a = evaluate(shown, env).d, b = evaluate(final, env).d;
    if (a.length !== b.length) return [];
    if (![...a, ...b].every(Number.isFinite)) continue;
    const scale = Math.max(1, ...b.map(Math.abs));
    if (a.some((x, i) => Math.abs(x - b[i]) > 1e-8 * scale)) return [];
    compared++;
  }
  return compared > 0 ? d.lines : [];
}

/** The derivative as a whole, in LaTeX: ∂f/∂w, ∂²f/∂w∂wᵀ for a Hessian. */
function derivativeLatex(kind: MatrixKind, wrt: string, order: number): string {
  const w = latexSymbol(wrt);
  if (kind === 'hessian') return `\\frac{\\partial^{2} f}{\\partial ${w}\\, \\partial ${w}^{\\top}}`;
  return order > 1 ? `\\frac{\\partial^{${order}} f}{\\partial ${w}^{${order}}}` : `\\frac{\\partial f}{\\partial ${w}}`;
}

function layoutText(kind: MatrixKind, layout: MatrixLayout, wrt: MSym): string {
  const sym = wrt.symmetric ? ` ${wrt.name} is symmetric: the gradient is taken in the space of symmetric matrices, (G + G')/2.` : '';
  switch (kind) {
    case 'gradient': return `gradient, shaped like ${wrt.name} (${shapeText(wrt.shape)}).${sym}`;
    // the panel and the CLI name the layout themselves: the note says what it means
    case 'jacobian': return layout === 'numerator' ? 'J_ik = ∂f_i/∂x_k (rows follow f, columns the variable).' : 'J_ki = ∂f_i/∂x_k (rows follow the variable, columns f).';
    case 'hessian': return `Hessian: H_kl = ∂²f/∂${wrt.name}_k∂${wrt.name}_l.`;
    case 'tensor': return `tensor: indices of the function first, then the variable's, once per order.${sym}`;
    default: return `derivative with respect to ${isRow(wrt.shape) ? 'a row vector' : wrt.shape.length === 0 ? 'a scalar' : wrt.name}.${sym}`;
  }
}

/**
 * The sizes the selection spells itself, by dimension: len(y), X.shape[1], numel(x), size(A, 2). Results
 * write a size as the user did: np.sum(…) / len(y), not / X.shape[0].
 */
function writtenSizes(syn: Syn, symbols: readonly MSym[], dialect: 'python' | 'matlab' | 'julia'): Map<Dim, string> {
  const out = new Map<Dim, string>();
  for (const s of walkSyn(syn)) {
    // numel(x) (Julia's length(x)) of a vector counts its one dimension
    const entries = s.t === 'call' && s.fn === 'size' && s.args.length === 1 && /^(numel|length)$/.test(s.text);
    if (s.t !== 'call' || !(s.fn === 'shapeof' || entries) || s.args[0]?.t !== 'sym' || !(entries || s.args[1]?.t === 'num')) continue;
    const name = s.args[0].name;
    const shape = symbols.find((x) => x.name === name)?.shape;
    if (entries && !(shape?.length === 1 || (shape?.length === 2 && (shape[0] === 1 || shape[1] === 1)))) continue;
    const axis = entries ? 0 : Number((s.args[1] as Syn & { t: 'num' }).value.num);
    const d = shape?.[shape.length === 2 && shape[0] === 1 ? 1 : axis];
    if (typeof d !== 'string' || out.has(d)) continue;
    const counted = /^(len|length|numel)$/.test(s.text);
    out.set(d, dialect === 'python' ? (counted ? `len(${name})` : `${name}.shape[${axis}]`) : counted ? `${s.text}(${name})` : `size(${name}, ${axis + 1})`);
  }
  return out;
}

/**
 * A dimension as the selection writes it (writtenSizes), else as the code computes it from the first
 * variable that has it, so that printed code runs without names it never defines: `x.shape[0]` (numpy),
 * `length(x)`, `size(A, 2)` (MATLAB, Julia).
 */
function dimensionsIn(symbols: readonly MSym[], dialect: 'python' | 'matlab' | 'julia', syn?: Syn): (d: Dim) => string {
  const where = syn ? writtenSizes(syn, symbols, dialect) : new Map<Dim, string>();
  for (const s of symbols) {
    const row = s.shape.length === 2 && s.shape[0] === 1;
    s.shape.forEach((d, i) => {
      if (typeof d !== 'string' || where.has(d)) return;
      if (dialect === 'python') where.set(d, `${s.name}.shape[${row ? 0 : i}]`);
      else where.set(d, s.shape.length === 1 || row ? `length(${s.name})` : `size(${s.name}, ${i + 1})`);
    });
  }
  // a slice's length: the vector's, less the entries dropped (len(x) - 1)
  const written = (d: Dim): string => {
    const [base, dropped] = splitShortened(d);
    return dropped > 0 ? `${written(base)} - ${dropped}` : where.get(d) ?? String(d);
  };
  return written;
}
