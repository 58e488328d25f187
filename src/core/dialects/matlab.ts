// MATLAB and Octave: `^` and `.^` (left to right), `*` (the matrix product), `.*`, `./`, `\`, transposes,
// `exp(1)`, `log10`, `nthroot`, norms, comments and `...` continuations. Scalar results print
// element-wise, so they run when the variables are vectors (x = linspace(…)).
import { MATLAB_ENTRIES } from '../entries';
import { InputError } from '../api';
import { Expr } from '../expr';
import { FUNCTIONS } from '../functions';
import { Rational } from '../rational';
import { lowerFor, withWritten } from '../lower';
import { ArrayRefusal, differencesSyn, normalSyn, Syn, vectorNormSyn, walkSyn, writtenFactorials, writtenFunctions } from '../syntax';
import { InfixStyle, printInfix } from './infix';
import { axisOfDimension, broadcasts, callNode, CallSite, Grammar, isEmptyArgument, MATRIX_FUNCTION_NAMES, Reading, readMean, readNorm, readVariance, readWith } from './reader';
import { usesSpacedProducts } from './lezer';

/** MATLAB's function names → canonical names (src/core/syntax.ts). */
const NAMES: Record<string, string> = {
  exp: 'exp', sqrt: 'sqrt', realsqrt: 'sqrt', reallog: 'log', log2: 'log2', log10: 'log10',
  sind: 'sind', cosd: 'cosd', tand: 'tand', secd: 'secd', cscd: 'cscd', cotd: 'cotd', asind: 'asind', acosd: 'acosd', atand: 'atand',
  deg2rad: 'deg2rad', rad2deg: 'rad2deg',
  // arrays: sum and mean of a matrix sum and average its columns; expm, logm, sqrtm and norm are read in `special`
  sum: 'colsum', prod: 'colprod', mean: 'colmean', trace: 'tr', det: 'det', logdet: 'logdet', inv: 'inv', diag: 'diag', eye: 'eye', ones: 'ones', zeros: 'zeros', dot: 'dot',
  transpose: 'transpose', ctranspose: 'transpose', sigmoid: 'sigmoid', length: 'length', numel: 'numel', size: 'size', factorial: 'factorial', nchoosek: 'binomial',
};
for (const def of FUNCTIONS.values()) if (!def.alsoVariable) NAMES[def.name] = def.name;
// MATLAB's names for the gamma family: gammaln is ln|Γ|, psi(x) is ψ and psi(k, x) is ψ⁽ᵏ⁾ (special below)
delete NAMES.lgamma; delete NAMES.digamma; delete NAMES.polygamma;
NAMES.gammaln = 'lgamma';
export const GAMMA_OUT: Readonly<Record<string, string>> = { lgamma: 'gammaln', digamma: 'psi', polygamma: 'psi' };

/**
 * Blanks comments and continuations, keeping columns: `%` or `#` (Octave) to the end of the line, `...`
 * and the rest of its line, and `%{ … %}` blocks, whose markers stand alone on their lines (nested).
 */
export function blankMatlabComments(src: string): string {
  if (!/[%#]|\.\.\./.test(src)) return src;
  const lines = src.split('\n');
  let block = 0;
  return lines.map((line) => {
    const marker = line.trim();
    if (marker === '%{' || marker === '#{') { block++; return ' '.repeat(line.length); }
    if (block > 0) {
      if (marker === '%}' || marker === '#}') block--;
      return ' '.repeat(line.length);
    }
    const cut = /[%#]|\.\.\./.exec(line);
    return cut ? line.slice(0, cut.index) + ' '.repeat(line.length - cut.index) : line;
  }).join('\n');
}

/** The reductions that take every entry of X(:). */
const REDUCTIONS: ReadonlySet<string> = new Set(['sum', 'prod', 'mean', 'max', 'min', 'norm']);

/** MATLAB's expm, logm, sqrtm: matrix functions (of a scalar, the function itself). */
function matrixFunction(site: CallSite): Syn {
  const name = site.name.slice(0, -1);
  const [what, elementwise] = MATRIX_FUNCTION_NAMES[name];
  const plain = `${name}(${site.inside})`;
  return callNode(name, site, site.args, { matrix: `${what} ${site.shown} is not supported; write ${plain} for ${elementwise}`, vector: `${site.shown} needs a square matrix; write ${plain} for ${elementwise}` });
}

/** norm of a matrix is an induced norm in MATLAB (spectral, or the largest column sum): refused. */
function norm(site: CallSite): Syn {
  const spectral: ArrayRefusal = { matrix: `${site.shown} of a matrix is its spectral norm (the largest singular value), which is not supported; write norm(M, 'fro') for the Frobenius norm` };
  const one: ArrayRefusal = { matrix: `${site.shown} of a matrix is its induced 1-norm (the largest column sum), which is not supported; write sum(abs(M), 'all') for the sum of absolute values` };
  return readNorm(site, { spectral, one });
}

/**
 * `s` with each X(:) (vec) read as X where it is reached through element-wise operations only, so that a
 * reduction of it takes every entry of X: sum(X(:).^2) is sum(X.^2, 'all'). Undefined when `s` holds no X(:)
 * or one under anything else (X(:)'*y: the typecheck refuses a vec of a matrix there).
 */
function everyEntryOf(s: Syn): Syn | undefined {
  let found = false;
  const walk = (x: Syn): Syn | undefined => {
    switch (x.t) {
      case 'num': case 'const': case 'sym': case 'str': return x;
      case 'neg': { const arg = walk(x.arg); return arg && { ...x, arg }; }
      case 'bin': {
        // element-wise operations, and a product or quotient with a number
        const numeric = (y: Syn) => y.t === 'num' || y.t === 'const';
        if (!ELEMENTWISE_OPS.has(x.op) && !((x.op === 'mul' || x.op === 'div') && (numeric(x.l) || numeric(x.r)))) return containsVec(x) ? undefined : x;
        const [l, r] = [walk(x.l), walk(x.r)];
        return l && r && { ...x, l, r };
      }
      case 'call': {
        if (x.fn === 'vec') { found = true; return x.args[0]; }
        if (!broadcasts(x.fn) || x.args.length !== 1) return containsVec(x) ? undefined : x;
        const arg = walk(x.args[0]);
        return arg && { ...x, args: [arg] };
      }
      default: return containsVec(x) ? undefined : x;
    }
  };
  const out = walk(s);
  return found ? out : undefined;
}

const ELEMENTWISE_OPS: ReadonlySet<string> = new Set(['emul', 'ediv', 'epow', 'badd', 'bsub', 'add', 'sub']);
const containsVec = (s: Syn): boolean => [...walkSyn(s)].some((x) => x.t === 'call' && x.fn === 'vec');

/** Calls that are not one canonical function of one argument. */
function special(site: CallSite): Syn | undefined {
  const { name, args, at } = site;
  const [a, b] = args;
  // a reduction of X(:) takes every entry of X: sum(X(:).^2), max(abs(X(:))), norm(X(:)), mean(X(:))
  const entries = args.length === 1 && REDUCTIONS.has(name) ? everyEntryOf(a) : undefined;
  if (entries) {
    if (name === 'mean') return readMean({ ...site, args: [entries] });
    return callNode(name === 'max' ? 'amax' : name === 'min' ? 'amin' : name === 'norm' ? 'norm2' : name, site, [entries]);
  }
  switch (name) {
    case 'exp': return args.length === 1 && a.t === 'num' && a.value.isOne ? { t: 'const', name: 'e', at } : undefined;
    // power(a, b) is a.^b
    case 'power': case 'realpow': return args.length === 2 ? { t: 'bin', op: 'epow', l: a, r: b, at, text: name } : undefined;
    case 'psi': return args.length === 1 ? callNode('digamma', site) : args.length === 2 ? callNode('polygamma', site) : undefined;
    // nthroot(x, n) is the real n-th root, element by element
    case 'nthroot':
      return args.length === 2 && b.t === 'num' && b.value.isInteger ? { t: 'bin', op: 'epow', l: a, r: { t: 'num', value: Rational.of(1n, b.value.num), at: b.at }, at, text: name } : undefined;
    case 'expm': case 'logm': case 'sqrtm': return matrixFunction(site);
    // the Statistics Toolbox's normal distribution: normpdf(x, mu, sigma), normcdf(x, mu, sigma[, 'upper'])
    case 'normpdf': case 'normcdf': {
      const upper = name === 'normcdf' && args.length > 1 && args[args.length - 1].t === 'str';
      const numeric = upper ? args.slice(0, -1) : args;
      const last = args[args.length - 1];
      if (upper && !(last.t === 'str' && last.value === 'upper')) throw new InputError(`${name}'s option is 'upper' here`, last.at);
      if (numeric.length < 1 || numeric.length > 3) throw new InputError(`${name} takes x, mu and sigma`, at);
      return normalSyn(name === 'normpdf' ? 'pdf' : upper ? 'sf' : 'cdf', numeric[0], numeric[1], numeric[2], at, name, { cdf: 'normcdf', pdf: 'normpdf' });
    }
    case 'norm': return norm(site);
    // diff(x) and diff(x, k) of a vector (along a dimension is not supported)
    case 'diff':
      if (args.length < 1 || args.length > 2) throw new InputError('diff takes a vector and how many times to difference', at);
      return differencesSyn(a, b, at, name);
    // vecnorm(A, p, dim): each column's (dim 1, the default for a matrix) or row's vector norm, p 2 (the default) or 1
    case 'vecnorm': {
      if (args.length < 1 || args.length > 3) throw new InputError('vecnorm takes an array, p and a dimension', at);
      if (args.length > 1 && !(b.t === 'num' && (b.value.isOne || b.value.equals(Rational.of(2))))) throw new InputError("vecnorm's p is 1 or 2 here", b.at);
      const sum = (e: Syn) => (args.length === 3 ? callNode('sum', site, [e, axisOfDimension(args[2], DIMENSIONS(name), args[2].at)]) : callNode('colsum', site, [e]));
      return vectorNormSyn(a, args.length > 1 && b.t === 'num' && b.value.isOne ? 1 : 2, sum, at, name);
    }
    // max(x): a vector's largest entry (of a matrix, its columns' maxima, refused); max(a, b) compares
    case 'max': case 'min': {
      const [extreme, largest] = name === 'max' ? ['maxima', 'largest'] : ['minima', 'smallest'];
      const columnwise = { matrix: `${site.shown} of a matrix is its columns' ${extreme}, which is not supported (of a vector, its ${largest} entry; ${name}(X, [], 'all') of a matrix)` };
      // max(X, [], 'all') is the largest entry; max(x, [], 1) a column vector's; along rows, each row's, which the engine does not have
      if (args.length === 3 && isEmptyArgument(b)) {
        const c = args[2];
        if (c.t === 'str' && c.value === 'all') return callNode(name === 'max' ? 'amax' : 'amin', site, [a]);
        if (c.t === 'num' && c.value.isOne) return callNode(name === 'max' ? 'amax' : 'amin', site, [a], columnwise);
        throw new InputError(`${name}(…, [], ${c.t === 'num' ? c.value : 'dim'}) is each row's ${largest} entry, which is not supported (${name}(X, [], 'all') is the ${largest} of all)`, c.at);
      }
      if (args.length !== 1) return undefined;
      // max(max(X)): the largest of the columns' largest, every entry's
      const inner = name === 'max' ? 'amax' : 'amin';
      if (a.t === 'call' && a.fn === inner && a.text === name && a.args.length === 1) return callNode(inner, site, a.args);
      return callNode(inner, site, [a], columnwise);
    }
    case 'prod':
      // prod(X, 'all') and prod(prod(X)) multiply every entry
      if (args.length === 2 && b.t === 'str' && b.value === 'all') return callNode('prod', site, [a]);
      if (args.length === 1 && a.t === 'call' && a.fn === 'colprod') return callNode('prod', site, a.args);
      if (args.length !== 1) throw new InputError("prod takes one argument, or 'all' (along a dimension is not supported)", at);
      return undefined;
    case 'sum':
      if (args.length === 2 && b.t === 'str' && b.value === 'all') return callNode('sum', site, [a]);
      if (args.length === 2) return callNode('sum', site, [a, axisOfDimension(b, DIMENSIONS(name), b.at)]);
      if (args.length !== 1) throw new InputError("sum takes one argument, a dimension (1 or 2) or 'all'", at);
      return undefined;
    // var(x) and var(x, 0) divide by n − 1, var(x, 1) by n (std the same); of a matrix, each column's;
    // var(X, w, 2) each row's
    case 'var': case 'std': {
      if (args.length > 1 && !(b.t === 'num' && (b.value.isZero || b.value.isOne))) throw new InputError(`${name}'s normalization is 0 or 1 (weights are not supported)`, b.at);
      if (args.length < 1 || args.length > 3) throw new InputError(`${name} takes an array, a normalization of 0 or 1 and a dimension`, at);
      const corrected = !(args.length > 1 && b.t === 'num' && b.value.isOne);
      return readVariance(site, corrected, args.length === 3 ? axisOfDimension(args[2], DIMENSIONS(name), args[2].at) : 'columns');
    }
    case 'mean':
      // mean(X, 'all') averages every entry: sum(X, 'all') over their number
      if (args.length === 2 && b.t === 'str' && b.value === 'all') return readMean(site);
      // mean(X, 2): the row means, a column (implicit expansion subtracts it from every column)
      if (args.length === 2) return readMean(site, axisOfDimension(b, DIMENSIONS(name), b.at));
      if (args.length !== 1) throw new InputError("mean takes one argument, a dimension (1 or 2) or 'all'", at);
      return undefined;
    // MATLAB's ones(n) is n×n
    case 'ones': case 'zeros': return args.length === 1 && !(a.t === 'call' && a.fn === 'shape') ? callNode(name, site, [a, a]) : undefined;
    default: return undefined;
  }
}

/** The refusal of a dimension other than 1, 2 or 'all'. */
const DIMENSIONS = (name: string) => `${name}'s dimension is 1 or 2 (or 'all')`;

export const MATLAB_GRAMMAR: Grammar = {
  entries: MATLAB_ENTRIES,
  slices: true,
  colonStacks: true,
  implicit: 'none',
  powerChain: 'left',
  // a scalar broadcasts in + and −
  sums: { '+': 'badd', '-': 'bsub' },
  logic: { '&': 'and', '&&': 'and', '|': 'or', '||': 'or' },
  products: { '*': 'mul', '/': 'div', '.*': 'emul', './': 'ediv', '\\': 'solve', '.\\': 'eldivide' },
  powers: { '^': 'pow', '.^': 'epow' },
  transposes: ["'", ".'"],
  numbers: 'matlab',
  blankComments: blankMatlabComments,
  functions: NAMES,
  // gamma and beta are functions only when called (they are also usual variable names)
  calledOnly: { gamma: 'gamma', beta: 'beta' },
  special,
  constants: { pi: 'pi' },
  forbidden: { '**': "use '^' for powers in MATLAB" },
  unread: { '[': 'array literals [ … ] are not read: name the array (x), or write its entries as x(1), x(2)' },
  assignment: true,
  emptyArgument: true,
};

/**
 * `written`: functions MATLAB lacks that the selection calls (the user's sigmoid.m), which results call as written.
 * `allOption`: the selection writes sum(X, 'all') (MATLAB R2018b on; Octave 7 has no 'all'), so results may.
 */
export interface MatlabStyle { spacedProducts: boolean; written?: Readonly<Record<string, string>>; allOption?: boolean }

/** The one reader of MATLAB/Octave: the surface syntax, with the selection's style. */
export function readMatlab(src: string): Reading & { style: MatlabStyle } {
  const reading = readWith(src, MATLAB_GRAMMAR);
  const calls = writtenFunctions(reading.syn, MISSING);
  const factorials = writtenFactorials(reading.syn);
  // the Statistics Toolbox has both halves of the normal distribution, whichever the selection calls
  const normal = calls && (calls.normcdf || calls.normpdf) ? { normcdf: 'normcdf', normpdf: 'normpdf' } : undefined;
  const written = calls || factorials ? { ...calls, ...normal, ...factorials } : undefined;
  return { ...reading, style: { spacedProducts: usesSpacedProducts(src), ...(written ? { written } : {}), ...(/'all'/.test(blankMatlabComments(src)) ? { allOption: true } : {}) } };
}

/** Functions MATLAB and Octave lack: printed through lower.ts (where(c, a, b) as masks, c.*a + (not c).*b). */
const MISSING: ReadonlySet<string> = new Set(['normcdf', 'normpdf', 'sigmoid', 'log_sigmoid', 'softplus', 'gelu', 'gelu_tanh', 'silu', 'logaddexp', 'sinc', 'relu', 'heaviside', 'leaky_relu', 'elu', 'clip', 'where']);
export const MATLAB_FUNCTIONS: ReadonlySet<string> = new Set([...FUNCTIONS.keys()].filter((f) => !MISSING.has(f)));

export function printMatlab(e: Expr, style: MatlabStyle): string {
  const infix: InfixStyle = {
    power: { op: '^' },
    fn: (name) => style.written?.[name] ?? GAMMA_OUT[name] ?? name,
    constant: (name) => (name === 'pi' ? 'pi' : 'exp(1)'),
    logBase: (arg, base) => (base === 10n || base === 2n ? `log${base}(${arg})` : undefined),
    spacedProducts: style.spacedProducts,
    parenthesizeNegatedPower: false,
    orValue: { or: '|', parenthesized: false },
    elementwise: {
      times: '.*', divide: './', power: '.^',
      // x.^(1/3) is complex for x < 0 in MATLAB; nthroot is the real root
      realRoot: (base, q) => `nthroot(${base}, ${q})`,
    },
  };
  return printInfix(lowerFor(e, withWritten(MATLAB_FUNCTIONS, style.written)), infix);
}
