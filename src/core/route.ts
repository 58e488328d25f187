// The one place that decides whether a selection is scalar calculus or vector/matrix calculus. The
// CLI, the commands, hovers, code actions and the explanation panel all ask here (through the core's
// public entry), so a selection gets the same engine wherever it is differentiated. The decision is
// made on the selection's one reading (its surface syntax): nothing is parsed twice.
import { InputError, SourceContext } from './api';
import { TimeoutError, withDeadline } from './budget';
import { asScalar, Notation, read, Reading } from './dialects';
import { MatrixDialect, MatrixLayout, MatrixVar } from './matrix/api';
import { annotationsIn, declarationsFrom } from './matrix/annotations';
import { Declaration, kindByName, symbolNames, typecheck } from './matrix/typecheck';
import { ARRAY_FUNCTIONS, Syn, walkSyn } from './syntax';

export type Route = { engine: 'scalar' } | { engine: 'matrix'; dialect: MatrixDialect };

export interface RouteContext extends SourceContext {
  /** Declared shapes (the CLI's --var): asking with shapes is asking for matrix calculus. */
  vars?: Readonly<Record<string, MatrixVar>>;
  /** A Jacobian layout was asked for: only the matrix engine has layouts. */
  layout?: MatrixLayout;
  /** Matrix calculus asked for whatever the selection looks like alone (a statement of array code). */
  matrix?: boolean;
}

const SCALAR: Route = { engine: 'scalar' };
/** Plain math's fallback asks whether the shapes check: cheap, and bounded. */
const FALLBACK_BUDGET_MS = 500;

/** Which engine differentiates `source`, and in which matrix notation; reads the selection to decide. */
export function routeSelection(source: string, dialect: Notation, context: RouteContext = {}): Route {
  return routeReading(read(source, dialect, context.documentText), context);
}

/**
 * Which engine differentiates a reading. A selection is matrix calculus when it uses array operations
 * (`@`, `'` on a matrix, `.T`, tr, det, inv, norms…) or a symbol declared a vector or matrix (shape
 * annotations near the selection, `vars`). Plain math is MatrixCalculus.org's notation when it is
 * matrix calculus, and is matrix calculus too when it has no scalar meaning but its shapes check
 * (tr(X'*X)). JavaScript has no matrix notation.
 */
export function routeReading(reading: Reading, context: RouteContext = {}): Route {
  const notation = reading.notation;
  switch (notation) {
    case 'matrix':
      return { engine: 'matrix', dialect: notation };
    case 'python': case 'latex': case 'matlab': case 'julia':
      return asksForMatrix(context) || isArrayReading(reading.syn, context) ? { engine: 'matrix', dialect: notation } : SCALAR;
    case 'plain':
      return asksForMatrix(context) || isArrayReading(reading.syn, context) || onlyShapesRead(reading, context) ? { engine: 'matrix', dialect: 'matrix' } : SCALAR;
    default:
      return SCALAR;
  }
}

function asksForMatrix(context: RouteContext): boolean {
  return context.vars !== undefined || context.layout !== undefined || context.matrix === true;
}

/** The declared shapes near the selection and in `vars`; undefined when a declaration is malformed. */
function declarations(context: RouteContext): Map<string, Declaration> | undefined {
  try {
    return new Map([...annotationsIn(context.documentText, context.selectionOffset), ...declarationsFrom(context.vars)]);
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** An array operation, or a symbol declared a vector or matrix (a malformed declaration: the matrix engine says what is wrong). */
function isArrayReading(syn: Syn, context: RouteContext): boolean {
  if (usesArrayOperations(syn)) return true;
  const decls = declarations(context);
  if (!decls) return true;
  return symbolNames(syn, decls).some((n) => (decls.get(n)?.shape.length ?? 0) > 0);
}

/** Operators that multiply (or divide) their operands, in a chain read as one: 2*x'*y. */
const PRODUCTS: ReadonlySet<string> = new Set(['mul', 'div', 'solve', 'cdot']);

/**
 * Operations that only make sense on arrays (a walk without recursion: it runs on every hover): `@`,
 * array functions (tr, det, norms…), a transpose multiplied by something other than a number (x'*A,
 * 2*x'*y), a transpose or a left division of a matrix by its name (X', A\b). A transpose of scalars
 * (x', 2*x', x.^2') and a left division of them (x\1) are ordinary MATLAB and Julia: scalar calculus.
 */
function usesArrayOperations(syn: Syn): boolean {
  const inChain = new Set<Syn>();
  const namesMatrix = (s: Syn) => { for (const n of walkSyn(s)) if (n.t === 'sym' && kindByName(n.name) === 'matrix') return true; return false; };
  for (const s of walkSyn(syn)) {
    if (s.t === 'bin' && s.op === 'npmatmul') return true;
    if (s.t === 'call' && ARRAY_FUNCTIONS.has(s.fn)) return true;
    if (s.t === 'transpose' && namesMatrix(s.arg)) return true;
    if (s.t === 'bin' && s.op === 'solve' && namesMatrix(s.l)) return true;
    if (s.t === 'bin' && PRODUCTS.has(s.op) && !inChain.has(s)) {
      // the operands of the whole chain, each chain once (linear on long products)
      const operands: Syn[] = [];
      for (const stack: Syn[] = [s]; stack.length > 0;) {
        const n = stack.pop()!;
        if (n.t === 'bin' && PRODUCTS.has(n.op)) { inChain.add(n); stack.push(n.r, n.l); continue; }
        operands.push(n.t === 'neg' ? n.arg : n);
      }
      if (operands.some((o) => o.t === 'transpose') && operands.filter((o) => o.t !== 'num').length > 1) return true;
    }
  }
  return false;
}

/** Plain input without a scalar meaning whose shapes check (tr(X'*X) with X a matrix by its name). */
function onlyShapesRead(reading: Reading, context: RouteContext): boolean {
  try {
    asScalar(reading);
    return false;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
  try {
    withDeadline(performance.now() + FALLBACK_BUDGET_MS, () => typecheck(reading.syn, declarations(context) ?? new Map(), { matrixPower: true }));
    return true;
  } catch (error) {
    // too slow to shape-check: the scalar engine reports on the input
    if (error instanceof InputError || error instanceof TimeoutError) return false;
    throw error;
  }
}
