// The dialect registry: each notation's one reader (into the surface syntax, src/core/syntax.ts) and
// its printer. A selection is read once; route.ts decides from the syntax which engine takes it.
import { Dialect, InputError, Notation } from '../api';
export type { Notation } from '../api';
import { Expr } from '../expr';
import { lowerFor } from '../lower';
import { toScalar } from '../scalar';
import { Syn, walkSyn } from '../syntax';
import { entryOf } from '../entries';
import { PLAIN_FUNCTIONS, PlainWriting, plainWriting, printPlain, readMatrixNotation, readPlain } from './plain';
import { printPython, PythonStyle, readPython } from './python';
import { JavaScriptStyle, printJavaScript, readJavaScript } from './javascript';
import { exponentLatex, LATEX_FUNCTIONS, LatexStyle, printLatex, readLatex, withLatexWriting } from './latex';
import { withFactorials } from '../factorials';
import { MatlabStyle, printMatlab, readMatlab } from './matlab';
import { JuliaStyle, printJulia, readJulia } from './julia';
import { CStyle, printC, readC } from './c';
import { collectWarnings } from './warnings';
export { warn } from './warnings';

/** A selection as its notation's reader read it, and the conventions it was written with, so results print the same way. */
export interface Reading {
  syn: Syn;
  notation: Notation;
  /** The name assigned to, when the selection was `y = …`. */
  assignedTo?: string;
  style: DialectStyle;
  /** numpy's module prefix in the selection or the document (`np`), for array results in Python. */
  numpyPrefix?: string;
  /** Readings the user may not have meant, in short sentences (e.g. "read `xy` as x*y ..."). */
  warnings?: string[];
  /** Shapes the notation itself states, as `vars` declares them: \sum_{i=1}^{n} x_i makes x a vector of n entries. */
  declares?: Record<string, { shape: string[] }>;
  /** An index sum's index and number of entries (LaTeX's \\sum_{i=1}^{n}): scalar results are written with sums over entries too. */
  summedOver?: { index: string; count: string; from: 0 | 1; rows: Record<string, string> };
  /** Names the notation states are symmetric where they are matrices: a normal density's covariance Σ. */
  symmetric?: readonly string[];
}

/** A selection as scalar calculus reads it: the expression tree. */
export interface Parsed {
  expr: Expr;
  dialect: Dialect;
  assignedTo?: string;
  style: DialectStyle;
  warnings?: string[];
  /** The selection is a derivative operator applied to `expr` (src/core/operators.ts): its variables, once per order. */
  operator?: readonly string[];
}

export type DialectStyle =
  | ({ dialect: 'plain' } & PlainWriting)
  | ({ dialect: 'latex' } & LatexStyle)
  | ({ dialect: 'python' } & PythonStyle)
  | ({ dialect: 'javascript' } & JavaScriptStyle)
  | ({ dialect: 'matlab' } & MatlabStyle)
  | ({ dialect: 'julia' } & JuliaStyle)
  | ({ dialect: 'c' } & CStyle);

/** Reads a selection once, with its notation's one reader. Throws InputError on what the notation does not allow. */
export function read(source: string, notation: Notation, documentText = ''): Reading {
  const { value, warnings } = collectWarnings(() => readSilently(source, notation, documentText));
  return warnings.length ? { ...value, warnings } : value;
}

function readSilently(source: string, notation: Notation, documentText: string): Reading {
  const reading = readNotation(source, notation, documentText);
  refuseEntriesBesideTheirArray(reading.syn);
  return reading;
}

/**
 * x[0] beside x: an entry is read as a symbol of its own, so a derivative by x would miss that x[0] moves
 * with it (and the numeric check would check that misreading). Refused, pointing at the entry.
 */
function refuseEntriesBesideTheirArray(syn: Syn): void {
  const names = new Set<string>();
  const entries: (Syn & { t: 'sym' })[] = [];
  for (const s of walkSyn(syn)) {
    if (s.t !== 'sym') continue;
    names.add(s.name);
    if (entryOf(s.name)) entries.push(s);
  }
  const clash = entries.find((s) => names.has(entryOf(s.name)!.vector));
  if (clash) throw new InputError(`${clash.name} beside ${entryOf(clash.name)!.vector} itself is not supported: write the expression in the entries alone, or in the whole array alone`, clash.at);
}

function readNotation(source: string, notation: Notation, documentText: string): Reading {
  switch (notation) {
    case 'plain': { const reading = readPlain(source); return { ...reading, notation, style: { dialect: notation, ...plainWriting(reading.syn, source) } }; }
    case 'matrix': return { ...readMatrixNotation(source), notation, style: { dialect: 'plain' } };
    case 'latex': {
      const { syn, assignedTo, declares, summedOver, symmetric, style } = readLatex(source, documentText);
      return { syn, assignedTo, notation, style: { dialect: notation, ...style }, ...(declares ? { declares } : {}), ...(summedOver ? { summedOver } : {}), ...(symmetric ? { symmetric } : {}) };
    }
    case 'python': {
      const { syn, assignedTo, style, prefix } = readPython(source, documentText);
      return { syn, assignedTo, notation, style: { dialect: notation, ...style }, numpyPrefix: prefix };
    }
    case 'javascript': {
      const { syn, assignedTo, style } = readJavaScript(source);
      return { syn, assignedTo, notation, style: { dialect: notation, ...style } };
    }
    case 'matlab': {
      const { syn, assignedTo, style } = readMatlab(source);
      return { syn, assignedTo, notation, style: { dialect: notation, ...style } };
    }
    case 'julia': {
      const { syn, assignedTo, style } = readJulia(source);
      return { syn, assignedTo, notation, style: { dialect: notation, ...style } };
    }
    case 'c': {
      const { syn, assignedTo, style } = readC(source);
      return { syn, assignedTo, notation, style: { dialect: notation, ...style } };
    }
    default: throw new InputError(`unknown dialect '${notation as string}'`);
  }
}

/** Each reading lowered once: routing plain math asks whether it has a scalar meaning, then the scalar engine uses it. */
const lowered = new WeakMap<Reading, Parsed>();

/** A reading as scalar calculus: its expression tree. Throws InputError on what has no scalar meaning. */
export function asScalar(reading: Reading): Parsed {
  let parsed = lowered.get(reading);
  if (!parsed) lowered.set(reading, (parsed = lower(reading)));
  return parsed;
}

function lower(reading: Reading): Parsed {
  const dialect = reading.notation === 'matrix' ? 'plain' : reading.notation;
  // a derivative operator around the whole selection is evaluated, not differentiated again: `expr` is its operand
  const operator = reading.syn.t === 'derivative' ? reading.syn : undefined;
  return {
    expr: toScalar(operator ? operator.arg : reading.syn), dialect, style: reading.style,
    ...(operator ? { operator: operator.wrt } : {}),
    ...(reading.assignedTo !== undefined ? { assignedTo: reading.assignedTo } : {}),
    ...(reading.warnings ? { warnings: reading.warnings } : {}),
  };
}

/** Reads a selection as scalar calculus. */
export function parse(source: string, dialect: Dialect, documentText = ''): Parsed {
  return asScalar(read(source, dialect, documentText));
}

/** Prints `e` in the dialect and style of a parsed selection. */
export function print(e: Expr, style: DialectStyle): string {
  switch (style.dialect) {
    case 'plain': return printPlain(lowerFor(e, PLAIN_FUNCTIONS), style);
    case 'latex': return withLatexWriting(style, () => printLatex(lowerFor(style.factorials ? withFactorials(e, { factorial: true, binomial: style.binomials }) : e, LATEX_FUNCTIONS)));
    case 'python': return printPython(asWritten(e, style.written), style);
    case 'javascript': return printJavaScript(e, style);
    case 'matlab': return printMatlab(asWritten(e, style.written), style);
    case 'julia': return printJulia(asWritten(e, style.written), style);
    case 'c': return printC(e, style);
  }
}

/** `e` with the factorials and binomial coefficients a code selection calls (`written`) called so. */
function asWritten(e: Expr, written: Readonly<Record<string, string>> | undefined): Expr {
  return written && (written.factorial || written.binomial) ? withFactorials(e, written) : e;
}

export const toPlain = (e: Expr) => print(e, { dialect: 'plain' });
/** LaTeX of `e`; with a LaTeX selection's style, as that selection writes it (its factorials). */
export const toLatex = (e: Expr, style?: DialectStyle) => print(e, style?.dialect === 'latex' ? style : { dialect: 'latex' });
/** LaTeX of `e` as an exponent (x^{3/2}), as a LaTeX selection writes its exponents. */
export const toLatexExponent = (e: Expr, style?: DialectStyle) => withLatexWriting(style?.dialect === 'latex' ? style : undefined, () => exponentLatex(lowerFor(e, LATEX_FUNCTIONS)));
