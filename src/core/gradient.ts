// The derivative by a vector whose entries the selection writes (x[0], x[1] in Python; x(1) in MATLAB):
// the vector of partial derivatives by each entry, from the first index to the last written (the
// gradient, as scipy.optimize's jac= returns it), or for the second order the matrix of second partial
// derivatives (the Hessian, hess=). Each entry is derived, simplified, checked and explained as any
// derivative, and the whole is printed as the notation writes an array.
import { DerivativeResult, Dialect, InputError } from './api';
import type { Parsed } from './dialects';
import { DialectStyle, print, toLatex, toPlain } from './dialects';
import { withTermOrigins } from './dialects/layout';
import { entriesOf, entryName, EntryNotation, entryVectors, JULIA_ENTRIES, MATLAB_ENTRIES, soleVector, ZERO_BASED } from './entries';
import { Expr, ZERO } from './expr';
import { answerEnd, derivativeLevels, inputAsRead, Level, verifyLevels } from './levels';
import { describedInTime } from './operators';
import { CUT_SHORT_WARNING } from './simplify';
import type { ExplainedLevel } from './steps';
import type { Syn } from './syntax';
import { writtenOrder, WrittenOrder } from './termOrder';
import { writtenRoots } from './writtenRoots';
import { verifiedInTime } from './verify';

/** How a dialect writes entries: MATLAB x(1) and Julia x[1] from 1, the others x[0] from 0. */
export function entryNotationOf(dialect: Dialect): EntryNotation {
  return dialect === 'matlab' ? MATLAB_ENTRIES : dialect === 'julia' ? JULIA_ENTRIES : ZERO_BASED;
}

/**
 * The vector to differentiate by entry by entry: the one asked for when the expression has its entries
 * and not the name itself; without a request, the one vector every free symbol is an entry of.
 */
export function gradientVector(symbols: readonly string[], wanted: string | undefined): string | undefined {
  if (wanted === undefined) return soleVector(symbols);
  const name = wanted.trim();
  return !symbols.includes(name) && entriesOf(name, symbols).length > 0 ? name : undefined;
}

/** Each vector whose entries the symbols are, with its length as a shape (x[0], x[1] → x: 2), for choosing a variable. */
export function entryVectorShapes(symbols: readonly string[], dialect: Dialect): Record<string, string> {
  const first = entryNotationOf(dialect).first;
  // each vector's length runs to its last entry written
  return Object.fromEntries([...entryVectors(symbols)].map((v) => [v, String(entriesOf(v, symbols).at(-1)!.index - first + 1)]));
}

/** An entry of the gradient or Hessian: its derivative by `variables` in turn, and the selection's term order for it. */
interface Entry { result: Expr; variables: readonly string[]; written?: WrittenOrder }

/** The gradient (order 1) or the Hessian (order 2) of the selection by the entries of `vector`. */
export function differentiateByEntries(
  parsed: Parsed, syn: Syn, vector: string, symbols: readonly string[], options: { order?: number; explain?: boolean }, started: number, softDeadline: number,
): DerivativeResult {
  const notation = entryNotationOf(parsed.dialect);
  const written = entriesOf(vector, symbols);
  const last = written[written.length - 1].index;
  const names = Array.from({ length: last - notation.first + 1 }, (_, i) => entryName(vector, notation.first + i, notation));
  const order = options.order ?? 1;
  if (order > 2) throw new InputError(`the derivative by the vector ${vector} is its gradient (order 1) or its Hessian (order 2); for order ${order}, differentiate by one entry, such as ${written[0].name}`);
  const explain = options.explain ?? true;
  const occurs = new Set(written.map((w) => w.name));
  const levels: Level[] = [];
  const explained: ExplainedLevel[] = [];
  let complete = true;
  const derive = (variables: readonly string[]): Entry => {
    if (variables.some((v) => !occurs.has(v))) return { result: ZERO, variables };
    const written = writtenOrder(syn, variables);
    const d = derivativeLevels(parsed.expr, variables, explain, softDeadline, written, writtenRoots(syn));
    levels.push(...d.levels);
    explained.push(...d.explained);
    complete &&= d.complete;
    return { result: d.result, variables, written };
  };
  let entries: Entry[][];
  if (order === 1) entries = [names.map((n) => derive([n]))];
  else {
    // ∂²f/∂xi∂xj = ∂²f/∂xj∂xi: each pair derived once (and checked once)
    const upper = names.map((a, i) => names.map((b, j) => (j >= i ? derive([a, b]) : undefined)));
    entries = upper.map((row, i) => row.map((e, j) => e ?? upper[j][i]!));
  }
  const printedEntry = new Map<Entry, { result: string; plain: string; latex: string }>();
  const printEntry = (e: Entry) => {
    let p = printedEntry.get(e);
    if (!p) {
      p = withTermOrigins(e.written?.at(e.variables.length), () => ({ result: print(e.result, parsed.style), plain: toPlain(e.result), latex: toLatex(e.result, parsed.style) }));
      printedEntry.set(e, p);
    }
    return p;
  };
  const cells = entries.map((row) => row.map(printEntry));
  const shape = order === 1 ? 'vector' : 'matrix';
  const warnings = [...(parsed.warnings ?? [])];
  const missing = names.filter((n) => !occurs.has(n));
  if (missing.length) warnings.push(`${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not occur, so the derivative${missing.length === 1 ? '' : 's'} by ${missing.length === 1 ? 'it is' : 'them are'} 0`);
  if (!complete) warnings.push(CUT_SHORT_WARNING);
  const input = inputAsRead(parsed, writtenOrder(syn, [])?.at(0));
  const verification = verifiedInTime(() => verifyLevels(levels));
  const steps = describedInTime(explained, parsed.style);
  return {
    get input() { return input(); },
    result: arrayLiteral(cells.map((row) => row.map((c) => c.result)), shape, parsed.style),
    plain: arrayLiteral(cells.map((row) => row.map((c) => c.plain)), shape, { dialect: 'plain' }),
    latex: arrayLiteral(cells.map((row) => row.map((c) => c.latex)), shape, { dialect: 'latex' }),
    wrt: vector,
    order,
    maxOrder: 2,
    freeSymbols: [vector, ...written.map((w) => w.name)],
    ...answerEnd(parsed, verification, steps, warnings, started),
  };
}

/**
 * A vector (one row of entries) or a matrix (rows) as the notation writes an array: numpy's
 * np.array([…]), MATLAB's column [a; b], Julia's [a, b] and [a b; c d], C's initializer {a, b}, LaTeX's
 * pmatrix (a column for a vector).
 */
export function arrayLiteral(rows: readonly (readonly string[])[], shape: 'vector' | 'matrix', style: DialectStyle): string {
  const list = (items: readonly string[], open = '[', close = ']') => `${open}${items.join(', ')}${close}`;
  const vector = shape === 'vector';
  switch (style.dialect) {
    case 'latex': {
      const body = vector ? rows[0].join(' \\\\ ') : rows.map((r) => r.join(' & ')).join(' \\\\ ');
      return `\\begin{pmatrix} ${body} \\end{pmatrix}`;
    }
    case 'matlab': return vector ? `[${rows[0].join('; ')}]` : `[${rows.map((r) => r.join(', ')).join('; ')}]`;
    case 'julia': return vector ? list(rows[0]) : `[${rows.map((r) => r.join(' ')).join('; ')}]`;
    case 'c': return vector ? list(rows[0], '{', '}') : list(rows.map((r) => list(r, '{', '}')), '{', '}');
    case 'python': {
      const nested = vector ? list(rows[0]) : list(rows.map((r) => list(r)));
      const prefix = style.prefix ? `${style.prefix}.` : '';
      switch (style.module) {
        case 'math': return nested;
        case 'sympy': return `${prefix}Matrix(${nested})`;
        case 'torch': return `${prefix}tensor(${nested})`;
        case 'tf': return `${prefix}stack(${vector ? nested : list(rows.map((r) => `${prefix}stack(${list(r)})`))})`;
        default: return `${prefix}array(${nested})`;
      }
    }
    default: return vector ? list(rows[0]) : list(rows.map((r) => list(r)));
  }
}
