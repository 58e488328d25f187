// The public contract of the core: what the CLI, the extension, the worker and the panel call.
// Pure TypeScript, no editor imports.
import type { MatrixDerivativeResult, MatrixVar } from './matrix/api';
import { greekToName } from './dialects/greek';
import { fromPythonName } from './dialects/pythonNames';

/** The notations a selection can be written in. */
export type Dialect = 'plain' | 'python' | 'javascript' | 'latex' | 'matlab' | 'julia' | 'c';

export const DIALECTS: readonly Dialect[] = ['plain', 'python', 'javascript', 'latex', 'matlab', 'julia', 'c'];

/** The notations read: the dialects and MatrixCalculus.org's notation (`matrix`, always matrix calculus). */
export type Notation = Dialect | 'matrix';

/** Where the selection comes from: the whole document helps resolve module aliases (`import numpy as xp`). */
export interface SourceContext {
  /** Full text of the document the selection is in (optional). */
  documentText?: string;
  /** Offset of the selection in the document: the nearest shape annotation (`# x: (n,)`) wins. */
  selectionOffset?: number;
}

export interface DifferentiateOptions extends SourceContext {
  dialect: Notation;
  /** Variable to differentiate with respect to; defaults to the only free symbol (error when ambiguous). */
  wrt?: string;
  /** Order of the derivative, 1 or more. */
  order?: number;
  /** Simplification budget in milliseconds; past it the plainer correct form is returned. */
  timeBudgetMs?: number;
  /** Record the explanation steps (default true); batch tools turn it off for speed. */
  explain?: boolean;
  /** Layout of a Jacobian (matrix calculus only; default numerator). */
  layout?: 'numerator' | 'denominator';
  /** Declared shapes, e.g. {"x": {"shape": ["n"]}} (the CLI's --var). Declaring shapes asks for matrix calculus. */
  vars?: Readonly<Record<string, MatrixVar>>;
  /**
   * Matrix calculus whatever the selection looks like alone (a statement of a numpy function whose
   * other statements are array code). JavaScript has no matrix notation: it stays scalar.
   */
  matrix?: boolean;
}

/** A formula in plain notation and in LaTeX. */
export interface StepMath {
  plain: string;
  latex: string;
}

/** What the final simplification did, as read from the raw and the simplified derivative. */
export type SimplificationAction = 'collectedLikeTerms' | 'cancelled' | 'commonDenominator' | 'commonFactor' | 'identity' | 'rewritten';

/**
 * One step of the explanation as a textbook writes it: a rule applied (its identity, the parts it names,
 * the identity with those substituted, the result), or the simplification that ends each order.
 * Trivial rules (x' = 1, c' = 0) are not steps of their own: their values show in the step that uses them.
 */
export interface Step {
  kind: 'rule' | 'simplification';
  /** Rule id, e.g. 'sum', 'product', 'quotient', 'power', 'sin', 'chain:sin'; 'simplify' for the simplification. */
  rule: string;
  /** The rule's identity with generic parts, e.g. "(u*v)' = u'*v + u*v'"; for the simplification, the identities it used. */
  identity: string;
  identityLatex: string;
  /** The parts the identity names, e.g. "u = x^2, v = sin(x)" (empty for the simplification). */
  substitutions: string;
  substitutionsLatex: string;
  /**
   * The identity with the actual parts and their derivatives substituted, then the result when it reads
   * differently: "d/dx[x^2] = 2*x^1*1 = 2*x"; for the simplification, "raw = simplified".
   */
  substituted: string;
  substitutedLatex: string;
  /** Sub-expression differentiated (the raw derivative for the simplification), plain and LaTeX. */
  before: string;
  beforeLatex: string;
  /** Its derivative before the final simplification (the simplified derivative for the simplification). */
  after: string;
  afterLatex: string;
  /** Nesting depth in the derivation (0 = the whole expression). */
  depth: number;
  /** Which derivative order this step belongs to (1-based). */
  order: number;
  /** A constant factor kept in front, (c·f)' = c·f', folded into this rule's step. */
  constantFactor?: StepMath;
  /** The simplification step: what it did, the factor it pulled out, the identities it used. */
  simplification?: { actions: SimplificationAction[]; factor?: StepMath; identities: StepMath[] };
}

/** How a result was checked numerically. A result is verified only with this evidence. */
export interface Verification {
  verified: boolean;
  method: string;
  /** The points used, one record of variable values each. */
  points: Record<string, number>[];
  /** Largest relative error between the symbolic result and the numeric derivative over the points. */
  maxRelError: number;
  /** Why it is not verified (when verified is false). */
  reason?: string;
}

export interface DerivativeResult {
  /**
   * The input as read, in plain notation and LaTeX (shows how the selection was parsed); `latexOperand`
   * is its LaTeX to write right after a derivative operator (` x^{3}`, `(x^{2} + 1)`, `\left(\frac{1}{x}\right)`).
   */
  input: { plain: string; latex: string; latexOperand: string };
  /** The derivative printed in the input's dialect, with the document's conventions. */
  result: string;
  plain: string;
  latex: string;
  wrt: string;
  order: number;
  freeSymbols: string[];
  verified: boolean;
  verification: Verification;
  steps: Step[];
  /** The name assigned to when the selection was an assignment such as `y = x**2`. */
  assignedTo?: string;
  /**
   * Set when the selection was a derivative operator (\frac{d}{dx}(…), sp.diff(…, x)), evaluated: its
   * variables once per order; the result is the derivative it asks for, `input` its operand.
   */
  operator?: readonly string[];
  /** Set when the selection was vector or matrix calculus (the matrix engine computed it). */
  matrix?: MatrixDetail;
  /** The highest order the derivative by `wrt` is given in, when below the engine's: 2 for a vector's entries (the Hessian). */
  maxOrder?: number;
  /** Readings of the input the user may not have meant (short sentences); absent when there are none. */
  warnings?: string[];
  /** Wall time spent, milliseconds. */
  ms: number;
}

/** What kind of matrix derivative a result is, for messages: `gradient`, `n×n`, numerator layout. */
export interface MatrixSummary {
  kind: 'derivative' | 'gradient' | 'jacobian' | 'hessian' | 'tensor';
  layout: 'numerator' | 'denominator';
  /** Shape of the result, e.g. `n×n`. */
  shape: string;
  /** The result as numpy code. */
  numpy: string;
}

/** A matrix-calculus result: the summary, the engine's whole answer, and the other layout. */
export interface MatrixDetail extends MatrixSummary {
  /** Shapes, the working (index form, derivation; with `explain`), einsum and numpy forms, evidence. */
  detail: MatrixDerivativeResult;
  /** The same derivative in the other layout, when the layout changes it (Jacobians; with `explain`). */
  other?: MatrixDerivativeResult;
}

/** Refusal of bad input: says what and where. */
export class InputError extends Error {
  /** 0-based offset into the source text where the problem is; -1 when not tied to a place. */
  readonly offset: number;
  /** 1-based column for messages (offset + 1), or 0. */
  readonly column: number;
  /** The message without the column. */
  readonly detail: string;
  constructor(message: string, offset = -1) {
    super(offset >= 0 ? `${message} (column ${offset + 1})` : message);
    this.name = 'InputError';
    this.detail = message;
    this.offset = offset;
    this.column = offset + 1;
  }
}

/** A name: letters (any script, as Python's θ), digits and underscores, not starting with a digit. */
export const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * The engine's name for a variable as a person may type it: the name as the expression has it (`known`),
 * else as the readers name \sigma, σ and \theta_{1} in LaTeX and Julia (sigma, theta_1), and Python's lambda_ (lambda). Throws
 * InputError when it is not a name.
 */
export function variableName(text: string, known: (name: string) => boolean = () => false): string {
  const given = text.trim();
  if (known(given)) return given;
  const name = fromPythonName(greekToName(given).replace(/^\\(?=[A-Za-z])/, '').replace(/_\{([A-Za-z0-9]+)\}$/, '_$1'));
  if (!VARIABLE_NAME.test(name)) throw new InputError(`'${text}' is not a variable name`);
  return name;
}

/** What a selection is, without differentiating it: cheap, for hovers and the lightbulb. */
export interface Analysis {
  /** Which engine differentiates the selection: scalar calculus, or vector and matrix calculus. */
  engine: 'scalar' | 'matrix';
  /** Free symbols, most likely differentiation variable first. */
  freeSymbols: string[];
  plain: string;
  latex: string;
  /** The name assigned to when the selection was an assignment such as `y = x**2`. */
  assignedTo?: string;
  /** A derivative operator's variables (see DerivativeResult.operator); freeSymbols is then its first variable alone. */
  operator?: readonly string[];
  /**
   * The variable a request without one differentiates by although there are several free symbols: the
   * vector every free symbol is an entry of (x for x[0], x[1]), whose derivative is the gradient.
   */
  variable?: string;
  /** Vector and matrix input: each symbol's shape (`n`, `m×n`, `scalar`); scalar input that writes entries (x[0], x[1]): each such vector's length. */
  shapes?: Record<string, string>;
  /** Each free symbol as the selection writes it, where that is not its name (σ for Julia's σ and LaTeX's \\sigma, Python's lambda_): what a picker shows. */
  labels?: Record<string, string>;
  /** Readings of the input the user may not have meant (short sentences); absent when there are none. */
  warnings?: string[];
}
