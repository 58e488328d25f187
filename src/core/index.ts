// Entry point of the core: differentiate and analyze a selection in any dialect.
export * from './api';
export { TimeoutError } from './budget';
export * from './matrix/api';
export * from './calculus';
import { Analysis, DerivativeResult, DifferentiateOptions, InputError, Notation, SourceContext, variableName } from './api';
import { analyzeMatrix, differentiateMatrix, MatrixDialect } from './matrix/api';
import { matrixAsDerivative } from './matrixResult';
import { routeReading } from './route';
export { routeReading, routeSelection, type Route, type RouteContext } from './route';
export { samplePlot, type PlotData, type SampleRequest } from './plot';
import { hardDeadline, withDeadline } from './budget';
import { asScalar, Parsed, print, read, Reading, toLatex, toPlain } from './dialects';
import { printedWhenRead, withTermOrigins } from './dialects/layout';
import { writesCanonically } from './dialects/plain';
import { Syn } from './syntax';
import { writtenOrder } from './termOrder';
import { writtenRoots } from './writtenRoots';
import { children, dividesByZero, E, Expr, sym, symbolsOf } from './expr';
import { nameToGreek } from './dialects/greek';
import { CUT_SHORT_WARNING } from './simplify';
import { answerEnd, derivativeLevels, inputAsRead } from './levels';
import { nonDifferentiableWhere } from './kinks';
import { describedInTime, evaluateOperator } from './operators';
import { verifiedInTime, verifyDerivatives } from './verify';
import { differentiateByEntries, entryVectorShapes, gradientVector } from './gradient';
import { entryOf, entryVectors } from './entries';

const DEFAULT_BUDGET_MS = 250;
/** The matrix engine's default budget: index forms and numeric checks on arrays take longer. */
const DEFAULT_MATRIX_BUDGET_MS = 2000;
const MAX_ORDER = 10;
/** Reading and printing a selection without differentiating it stops here (the host waits 5 s). */
const ANALYZE_LIMIT_MS = 2000;

/** Names people usually differentiate by, most likely first; parameters such as a, k, sigma come last. */
const LIKELY = ['x', 't', 'y', 'z', 'u', 'v', 'w', 's', 'r', 'theta', 'phi'];
const PARAMETERS = new Set(['a', 'b', 'c', 'd', 'k', 'm', 'n', 'p', 'q', 'alpha', 'beta', 'gamma', 'lambda', 'mu', 'sigma', 'tau', 'omega']);

/** Free symbols ordered by how likely each is the variable of differentiation. */
export function rankSymbols(names: Iterable<string>): string[] {
  const score = (n: string) => {
    const i = LIKELY.indexOf(n);
    if (i >= 0) return i;
    if (PARAMETERS.has(n)) return 200;
    return 100;
  };
  // a vector whose entries are written (x[0], x[1]) is a variable too, ranked by its name, its entries after it in order
  const all = [...names];
  const vectors = entryVectors(all);
  const key = (n: string) => {
    const entry = entryOf(n);
    return entry ? { name: entry.vector, index: entry.index } : { name: n, index: -1 };
  };
  return [...all, ...vectors].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return score(x.name) - score(y.name) || x.name.localeCompare(y.name) || x.index - y.index;
  });
}

/**
 * What a selection is, without differentiating it: the engine that takes it, its free symbols (the
 * likely variable first), how it was read, and for vector and matrix input each symbol's shape.
 * Reads the selection once. Throws InputError on bad input.
 */
export function analyze(source: string, dialect: Notation, context: SourceContext = {}): Analysis {
  return withDeadline(performance.now() + ANALYZE_LIMIT_MS, () => {
    const reading = read(source, dialect, context.documentText);
    const route = routeReading(reading, context);
    if (route.engine === 'scalar') return analyzeParsed(asScalar(reading), reading.syn);
    const { operator, operand } = arrayOperator(reading);
    const a = analyzeMatrix(operand, route.dialect, context);
    return {
      engine: 'matrix',
      freeSymbols: operator ? [operator[0]] : a.symbols, plain: a.matrix, latex: a.latex, shapes: a.shapes,
      // array code keeps its names; LaTeX's Greek commands are shown as their letters
      ...(route.dialect === 'latex' ? labelsOf(a.symbols, nameToGreek) : {}),
      ...(operator ? { operator } : {}),
      ...(a.assignedTo ? { assignedTo: a.assignedTo } : {}),
      ...(reading.warnings ? { warnings: reading.warnings } : {}),
    };
  });
}

function analyzeParsed(parsed: Parsed, syn: Syn): Analysis {
  const written = writtenOrder(syn, []);
  // a vector whose entries are written is a variable too (its gradient), shown with its length
  const symbols = [...symbolsOf(parsed.expr)];
  const vectors = entryVectorShapes(symbols, parsed.dialect);
  const variable = parsed.operator ? undefined : gradientVector(symbols, undefined);
  return {
    engine: 'scalar',
    freeSymbols: parsed.operator ? [parsed.operator[0]] : rankSymbols(symbols),
    ...labelsOf(symbols, (name) => writtenName(name, parsed)),
    ...(Object.keys(vectors).length && !parsed.operator ? { shapes: vectors } : {}),
    ...(variable ? { variable } : {}),
    ...(parsed.operator ? { operator: parsed.operator } : {}),
    ...withTermOrigins(written?.at(0), () => ({ plain: toPlain(parsed.expr), latex: toLatex(parsed.expr, parsed.style) })),
    assignedTo: parsed.assignedTo,
    ...(parsed.warnings ? { warnings: parsed.warnings } : {}),
  };
}

/**
 * Differentiates a selection written in `options.dialect`: read once, then by the engine route.ts
 * chooses (scalar calculus, or vector and matrix calculus, whose result carries `matrix`). Throws
 * InputError on bad input, and TimeoutError when reading, differentiating or printing does not finish
 * by the hard deadline.
 */
export function differentiate(source: string, options: DifferentiateOptions): DerivativeResult {
  const started = performance.now();
  // a layout alone does not ask for matrix calculus here: hosts send their layout setting with every request
  const context = { documentText: options.documentText, selectionOffset: options.selectionOffset, vars: options.vars, matrix: options.matrix };
  const { reading, route } = withDeadline(hardDeadline(started, options.timeBudgetMs ?? DEFAULT_MATRIX_BUDGET_MS), () => {
    const reading = read(source, options.dialect, options.documentText);
    return { reading, route: routeReading(reading, context) };
  });
  // the matrix engine keeps its own deadlines (its numeric check may run a second past the budget)
  if (route.engine === 'matrix') return differentiateArrays(reading, route.dialect, options);
  const budget = options.timeBudgetMs ?? DEFAULT_BUDGET_MS;
  return withDeadline(hardDeadline(started, budget), () => differentiateWithin(asScalar(reading), reading.syn, options, started, started + budget));
}

/** A derivative operator written around array input (\frac{\partial}{\partial w} \sum_i …): its variables, and the reading of what it applies to. */
function arrayOperator(reading: Reading): { operator?: readonly string[]; operand: Reading } {
  return reading.syn.t === 'derivative' ? { operator: reading.syn.wrt, operand: { ...reading, syn: reading.syn.arg } } : { operand: reading };
}

/** Vector and matrix calculus: the matrix engine's answer (and the other layout, when explained) in the one result shape. */
function differentiateArrays(reading: Reading, dialect: MatrixDialect, options: DifferentiateOptions): DerivativeResult {
  const explain = options.explain ?? true;
  const { operator, operand } = arrayOperator(reading);
  if (operator && new Set(operator).size > 1) throw new InputError(`mixed partial derivatives (by ${[...new Set(operator)].join(' and ')}) of vector and matrix expressions are not supported`);
  const matrixOptions = {
    dialect, documentText: options.documentText, selectionOffset: options.selectionOffset, vars: options.vars,
    wrt: operator?.[0] ?? options.wrt, order: operator?.length ?? options.order,
    timeBudgetMs: options.timeBudgetMs ?? DEFAULT_MATRIX_BUDGET_MS, layout: options.layout, explain,
  };
  const detail = differentiateMatrix(operand, matrixOptions);
  const other = explain && detail.kind === 'jacobian'
    ? differentiateMatrix(operand, { ...matrixOptions, layout: detail.layout === 'numerator' ? 'denominator' : 'numerator', explain: false })
    : undefined;
  const result = { ...matrixAsDerivative(detail, other), ...(operator ? { operator } : {}) };
  return reading.warnings ? { ...result, warnings: [...reading.warnings, ...(result.warnings ?? [])] } : result;
}

/** Scalar calculus on a selection read as an expression tree. */
function differentiateWithin(parsed: Parsed, syn: Syn, options: DifferentiateOptions, started: number, softDeadline: number): DerivativeResult {
  if (parsed.operator) return evaluateOperator({ ...parsed, operator: parsed.operator }, syn, options, started, softDeadline);
  if (dividesByZero(parsed.expr)) throw new InputError('the expression divides by zero');
  const order = options.order ?? 1;
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) throw new InputError(`the order must be a whole number from 1 to ${MAX_ORDER}, not ${order}`);
  const symbols = [...symbolsOf(parsed.expr)];
  // x[0], x[1] written: the derivative by x is the gradient (or the Hessian)
  const vector = gradientVector(symbols, options.wrt);
  if (vector) return differentiateByEntries(parsed, syn, vector, symbols, options, started, softDeadline);
  const free = rankSymbols(symbols);
  const wrt = chooseVariable(free, options.wrt, (name) => writtenName(name, parsed));
  const warnings = [...(parsed.warnings ?? []), ...variableWarnings(parsed.expr, free, wrt, options.wrt?.trim() || wrt)];
  // piecewise input (abs, max, relu, where, floor…): the result holds away from the points stated here
  const kinks = nonDifferentiableWhere(parsed.expr, wrt, toPlain);
  if (kinks) warnings.push(kinks);
  const explain = options.explain ?? true;

  const variables = Array<string>(order).fill(wrt);
  // sums print in the order the user wrote their terms
  const written = writtenOrder(syn, variables);
  const { result, levels, explained, complete } = derivativeLevels(parsed.expr, variables, explain, softDeadline, written, writtenRoots(syn));
  if (!complete) warnings.push(CUT_SHORT_WARNING);
  const input = inputAsRead(parsed, written?.at(0));
  const printed = withTermOrigins(written?.at(order), () => {
    const plain = toPlain(result);
    // plain math is printed once (its plain result is its result) unless it writes |u|, ln or e^u, which the result keeps
    return { result: parsed.style.dialect === 'plain' && writesCanonically(parsed.style) ? plain : print(result, parsed.style), plain };
  });
  const latex = printedWhenRead(written?.at(order), () => toLatex(result, parsed.style));
  // past the hard deadline the answer stands, unverified or unexplained, rather than being lost
  const verification = verifiedInTime(() => verifyDerivatives(levels, wrt));
  const steps = describedInTime(explained, parsed.style);
  return {
    get input() { return input(); },
    ...printed,
    get latex() { return latex(); },
    wrt,
    order,
    freeSymbols: free,
    ...answerEnd(parsed, verification, steps, warnings, started),
  };
}

/** A variable the expression does not contain: say so (named as the request wrote it: σ), and why when it is `e` (read as Euler's number). */
function variableWarnings(e: Expr, free: string[], wrt: string, written: string): string[] {
  if (free.includes(wrt) || free.length === 0) return [];
  if (wrt === 'e' && containsEuler(e)) return ["`e` is read as Euler's number, a constant, so the derivative by e is 0; name the variable otherwise"];
  return [`the expression does not contain ${written}, so its derivative by ${written} is 0`];
}

function containsEuler(e: Expr): boolean {
  return e === E || children(e).some(containsEuler);
}

function chooseVariable(free: string[], wanted: string | undefined, written: (name: string) => string): string {
  if (wanted !== undefined) {
    return variableName(wanted, (name) => free.includes(name));
  }
  if (free.length === 1) return free[0];
  if (free.length === 0) return 'x';
  throw new InputError(`the expression has several variables (${free.map(written).join(', ')}): say which one to differentiate by`);
}

/** A symbol as the selection writes it: its dialect's spelling (Julia's σ, Python's lambda_), a LaTeX Greek command as its letter. */
function writtenName(name: string, parsed: Parsed): string {
  return parsed.style.dialect === 'latex' ? nameToGreek(name) : print(sym(name), parsed.style);
}

/** The symbols written otherwise than named, each with how it is written; nothing when all are written as named. */
function labelsOf(names: Iterable<string>, written: (name: string) => string): Pick<Analysis, 'labels'> {
  const labels = Object.fromEntries([...names].map((name) => [name, written(name)]).filter(([name, label]) => label !== name));
  return Object.keys(labels).length ? { labels } : {};
}

