// Julia: `^`, `*` (the matrix product), numeric-literal coefficients (`2x`, `2^3x`), `//`, `√`, `π`, `ℯ`,
// `log(b, x)`, `atan(y, x)`, broadcasting (`sin.(x)`, `.+`), `x'A*x`, `⋅`, norms, comments. Scalar results
// of a selection that broadcasts print with dotted operators and calls, so they run when the variables
// are vectors or ranges; scalar code (Julia broadcasts at the call, f.(x)) gets scalar results.
import { JULIA_ENTRIES } from '../entries';
import { InputError } from '../api';
import { Expr } from '../expr';
import { FUNCTIONS } from '../functions';
import { Rational } from '../rational';
import { lowerFor, withWritten } from '../lower';
import { ArrayRefusal, differencesSyn, NormalFunction, normalSyn, softmaxFamilySyn, Syn, walkSyn, writtenFactorials, writtenFunctions } from '../syntax';
import { InfixStyle, printInfix } from './infix';
import { axisOfDimension, callNode, CallSite, Grammar, MATRIX_FUNCTION_NAMES, Reading, readMean, readNorm, readVariance, readWith } from './reader';
import { usesSpacedProducts } from './lezer';
import { nameToGreek } from './greek';

const SHORTHAND_NAMES = [
  'exp', 'sqrt', 'cbrt', 'exp2', 'exp10', 'log2', 'log10', 'abs2', 'sinpi', 'cospi', 'tanpi',
  'sind', 'cosd', 'tand', 'secd', 'cscd', 'cotd', 'asind', 'acosd', 'atand', 'deg2rad', 'rad2deg',
];
/** Julia's function names → canonical names (src/core/syntax.ts). */
const NAMES: Record<string, string> = {
  // SpecialFunctions.jl: loggamma (lgamma before 0.8), digamma, trigamma, polygamma(n, x); gamma is called only
  loggamma: 'lgamma', trigamma: 'trigamma',
  // arrays (LinearAlgebra): inv of a scalar is its reciprocal; norm, opnorm, log(b, x) and atan(y, x) are read in `special`
  sum: 'sum', prod: 'prod', tr: 'tr', det: 'det', logdet: 'logdet', inv: 'inv', diag: 'diag', Diagonal: 'diag', diagm: 'diag', dot: 'dot',
  ones: 'ones', zeros: 'zeros', transpose: 'transpose', adjoint: 'transpose', sigmoid: 'sigmoid', logistic: 'sigmoid',
  length: 'numel', size: 'size', I: 'eye', factorial: 'factorial', binomial: 'binomial',
  // Base's clamp(x, lo, hi) and ifelse(c, a, b)
  clamp: 'clip', ifelse: 'where',
};
for (const name of [...[...FUNCTIONS.values()].filter((d) => !d.alsoVariable).map((d) => d.name), ...SHORTHAND_NAMES]) NAMES[name] = name;
delete NAMES.atan2; // Julia writes atan(y, x)

/** Functions that Julia applies to a matrix as a whole when called without a dot (exp(X) is the matrix exponential). */
function isMatrixFunction(canonical: string): boolean {
  return canonical === 'exp' || canonical === 'sqrt' || canonical === 'sigmoid' || FUNCTIONS.get(canonical)?.arity === 1;
}

/** Julia's f(X) on an array: a matrix function of a square matrix, an error on a vector; f.(X) is element-wise. */
function arrayRefusal(canonical: string, site: CallSite): ArrayRefusal | undefined {
  if (!isMatrixFunction(canonical)) return undefined;
  const name = canonical === 'sqrt' ? 'sqrt' : site.name;
  const [what, elementwise] = MATRIX_FUNCTION_NAMES[name] ?? [`the matrix function ${name}`, `${name} element-wise`];
  const dotted = `${name}.(${site.inside})`;
  return {
    matrix: `in Julia ${site.shown} of a matrix is ${what}, which is not supported; write ${dotted} for ${elementwise}`,
    vector: `in Julia ${site.shown} of a vector is an error; write ${dotted} for ${elementwise}`,
  };
}

/** Distributions.jl's Normal(μ, σ), which only its functions take (pdf, logpdf, …): see DISTRIBUTION_FUNCTIONS. */
const NORMAL = 'Normal';
/** Distributions.jl's functions of a normal distribution, by scipy.stats' names (ccdf is the survival function). */
const DISTRIBUTION_FUNCTIONS: Readonly<Record<string, NormalFunction>> = { pdf: 'pdf', logpdf: 'logpdf', cdf: 'cdf', logcdf: 'logcdf', ccdf: 'sf', logccdf: 'logsf' };

/** Calls that are not one canonical function of their arguments. */
function special(site: CallSite): Syn | undefined {
  const { name, args, at } = site;
  const [a, b] = args;
  // Normal(μ, σ), Normal(μ), Normal(): a distribution, held until pdf(Normal(μ, σ), x) reads it
  if (name === NORMAL) {
    if (args.length > 2) throw new InputError('Normal takes a mean and a standard deviation', at);
    return { t: 'call', fn: NORMAL, args, at, text: name };
  }
  const distribution = DISTRIBUTION_FUNCTIONS[name];
  if (distribution && a?.t === 'call' && a.fn === NORMAL) {
    if (args.length !== 2) throw new InputError(`${name} takes a distribution and a point: ${name}(Normal(μ, σ), x)`, at);
    return normalSyn(distribution, b, a.args[0], a.args[1], at, name);
  }
  switch (name) {
    case 'log': return args.length === 2 ? callNode('log', site, [b, a]) : undefined; // Julia: log(b, x)
    case 'atan': return args.length === 2 ? callNode('atan2', site) : undefined; // Julia: atan(y, x)
    case 'exp': return !site.dotted && args.length === 1 && a.t === 'num' && a.value.isOne ? { t: 'const', name: 'e', at } : undefined;
    // diff(x) of a vector: x[2:end] - x[1:end-1]
    case 'diff':
      if (args.length !== 1) throw new InputError('diff takes one vector here', at);
      return differencesSyn(a, undefined, at, name);
    // norm of a matrix is entry-wise (Frobenius); opnorm is the operator norm
    case 'norm': return readNorm(site);
    // sum(A, dims=1): a row of column sums; dims=2: a column of row sums (Julia keeps the summed dimension)
    case 'sum': {
      const dims = site.keywords?.get('dims');
      if (!dims) return undefined;
      return callNode('sum', site, [a, axisOfDimension(dims, `sum's dims= is 1 or 2`, at)]);
    }
    case 'prod':
      if (site.keywords?.get('dims')) throw new InputError(`prod along dims= is not supported: prod(A) multiplies every entry`, at);
      return undefined;
    // the largest or smallest entry of an array
    case 'maximum': case 'minimum':
      if (site.keywords?.get('dims') || args.length !== 1) throw new InputError(`${name} takes one array here (along dims= is not supported)`, at);
      return callNode(name === 'maximum' ? 'amax' : 'amin', site, [a]);
    // Statistics' mean: of every entry, or along dims= (a row of column means, a column of row means)
    case 'mean': {
      if (args.length !== 1) throw new InputError(`'mean' takes one array (and dims=)`, at);
      const dims = site.keywords?.get('dims');
      return readMean(site, dims && axisOfDimension(dims, `mean's dims= is 1 or 2`, at));
    }
    // Statistics' var and std: corrected (over n − 1) unless corrected=false; of every entry, or along dims=
    case 'var': case 'std': {
      if (args.length !== 1) throw new InputError(`'${name}' takes one array (and dims=, corrected=)`, at);
      const dims = site.keywords?.get('dims');
      const corrected = site.keywords?.get('corrected');
      const flag = corrected?.t === 'sym' && (corrected.name === 'true' || corrected.name === 'false') ? corrected.name === 'true' : undefined;
      if (corrected && flag === undefined) throw new InputError(`${name}'s corrected= is true or false`, corrected.at);
      return readVariance(site, flag ?? true, dims ? axisOfDimension(dims, `${name}'s dims= is 1 or 2`, at) : 'entries');
    }
    // LogExpFunctions' (and NNlib's) logsumexp of every entry; NNlib's softmax and logsoftmax of a vector
    // (of a matrix they normalise each column, dims=1, which is not read)
    case 'logsumexp': case 'softmax': case 'logsoftmax': {
      if (args.length !== 1 || site.keywords?.size) throw new InputError(`'${name}' takes one array here (dims= is not supported)`, at);
      const columns = `NNlib's ${name} of a matrix normalises each column, which is not supported: write it for a vector`;
      const total = (exp: Syn) => (name === 'logsumexp' ? callNode('sum', site, [exp]) : callNode('sum', site, [exp], { matrix: columns }));
      return softmaxFamilySyn(name === 'logsoftmax' ? 'log_softmax' : name, a, at, name, total);
    }
    case 'opnorm': {
      const why = `${site.shown} is an operator norm (the largest singular value, or the largest column or row sum), which is not supported`;
      return callNode('norm2', site, [a], { matrix: why, vector: why });
    }
    default: return undefined;
  }
}

/** √x, ∛x, ∜x: Julia's sqrt (of a matrix, its square root), cbrt and fourth root. */
const ROOTS: Grammar['prefix'] = {
  '√': (arg, at, inside) => {
    const site: CallSite = { name: '√', args: [arg], at, shown: `√${inside}`, inside, dotted: false };
    return callNode('sqrt', site, [arg], arrayRefusal('sqrt', site));
  },
  '∛': (arg, at) => ({ t: 'call', fn: 'cbrt', args: [arg], at, text: '∛' }),
  '∜': (arg, at) => ({ t: 'bin', op: 'epow', l: arg, r: { t: 'num', value: Rational.of(1n, 4n), at }, at, text: '∜' }),
};

/** Blanks `#` comments to the end of the line and `#= … =#` blocks (which nest), keeping columns. */
export function blankJuliaComments(src: string): string {
  if (!src.includes('#')) return src;
  let out = '';
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const two = src.slice(i, i + 2);
    if (two === '#=') { depth++; out += '  '; i++; continue; }
    if (depth > 0 && two === '=#') { depth--; out += '  '; i++; continue; }
    if (depth === 0 && src[i] === '#') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end;
      out += ' '.repeat(stop - i);
      i = stop - 1;
      continue;
    }
    out += depth > 0 && src[i] !== '\n' ? ' ' : src[i];
  }
  return out;
}

export const JULIA_GRAMMAR: Grammar = {
  entries: JULIA_ENTRIES,
  slices: true,
  implicit: 'julia',
  powerChain: 'right',
  // + and − need equal shapes; .+ and .− broadcast
  sums: { '+': 'add', '-': 'sub', '.+': 'badd', '.-': 'bsub' },
  // & and | bind as tightly as * and + in Julia: only the short-circuit forms join comparisons
  logic: { '&&': 'and', '||': 'or', '.&': 'and', '.|': 'or' },
  conditional: true,
  products: { '*': 'mul', '/': 'div', '.*': 'emul', './': 'ediv', '\\': 'solve', '.\\': 'eldivide', '⋅': 'dot' },
  powers: { '^': 'pow', '.^': 'epow' },
  rational: '//',
  transposes: ["'"],
  prefix: ROOTS,
  // · is ⋅ and − is - to Julia's parser too
  unicode: 'julia',
  numbers: 'julia',
  blankComments: blankJuliaComments,
  functions: NAMES,
  // gamma and beta are functions only when called (they are also usual variable names), and NNlib's σ
  calledOnly: { gamma: 'gamma', beta: 'beta', 'σ': 'sigmoid' },
  calledBare: new Set([NORMAL]),
  special,
  keywords: { sum: ['dims'], prod: ['dims'], mean: ['dims'], var: ['dims', 'corrected'], std: ['dims', 'corrected'] },
  mapsOver: new Set(['sum', 'prod', 'mean', 'map']),
  lambdas: true,
  arrayRefusal,
  constants: { pi: 'pi', 'π': 'pi', 'ℯ': 'e' },
  identity: 'I',
  forbidden: { '**': "use '^' for powers in Julia" },
  dotCall: true,
  assignment: true,
  broadcastMacro: true,
  generators: { sum: 'sum', prod: 'prod', maximum: 'amax', minimum: 'amin' },
};

/**
 * `broadcasts`: the selection broadcasts (x .^ 2, sin.(x)), so results do too; scalar code gets scalar results.
 * `conditional`: it writes c ? a : b, so a scalar result writes its wheres that way too (else ifelse).
 * `juxtaposes`: it writes numbers as coefficients (2x), so results do (6x^2 - 3, not 6*x^2 - 3).
 * `written`: functions of NNlib or LogExpFunctions it calls (sigmoid as σ or logistic, relu, softplus), which results call as written.
 */
export interface JuliaStyle {
  spacedProducts: boolean; unicode: boolean; broadcasts: boolean; conditional?: boolean; juxtaposes?: boolean; written?: Readonly<Record<string, string>>;
  /** The selection calls Statistics' mean, std or var, so results may too. */
  statistics?: boolean;
}

/**
 * A number written against a name or a parenthesis, Julia's coefficient (2x, 3π, 2(x + 1)); not a float's
 * exponent (1e5, 2f0) or a hexadecimal, binary or octal literal (0x1f).
 */
const JUXTAPOSED = /(?<![\p{L}\d_.])(?!0[xbo])\d+(?:\.\d+)?(?![eEf][-+]?\d)[\p{L}_(]/u;

/** A dotted operator or call: .+ .- .* ./ .\\ .^ .< .== sin.( (a decimal point is followed by a digit), or the @. macro. */
const BROADCAST = /\.[-+*/\\^<>=!(]|@\./;

const STATISTICS = /\b(?:mean|std|var)\s*\(/;

/** The one reader of Julia: the surface syntax, with the selection's style. */
export function readJulia(src: string): Reading & { style: JuliaStyle } {
  const code = blankJuliaComments(src);
  const reading = readWith(src, JULIA_GRAMMAR);
  // a Normal read is one pdf(…) did not take (looked for only where the selection writes one)
  const calls = code.includes(NORMAL) ? [...walkSyn(reading.syn)].filter((s): s is Syn & { t: 'call' } => s.t === 'call') : [];
  const distribution = calls.find((s) => s.fn === NORMAL);
  if (distribution) throw new InputError('Normal(μ, σ) is a distribution: differentiate its pdf, logpdf, cdf, logcdf, ccdf or logccdf at a point, pdf(Normal(μ, σ), x)', distribution.at);
  const own = writtenFunctions(reading.syn, OWN_FUNCTIONS);
  const factorials = writtenFactorials(reading.syn);
  // Distributions' Φ and φ, which results call as cdf(Normal(), z) and pdf(Normal(), z) (JULIA_FIRST_ARGUMENTS)
  const normal = calls.some((s) => s.fn === 'normcdf' || s.fn === 'normpdf') ? { normcdf: 'cdf', normpdf: 'pdf' } : undefined;
  const written = own || factorials || normal ? { ...own, ...factorials, ...normal } : undefined;
  const style = { spacedProducts: usesSpacedProducts(src), unicode: /[^\x00-\x7f]/.test(src), broadcasts: BROADCAST.test(code), ...(code.includes('?') ? { conditional: true } : {}), ...(JUXTAPOSED.test(code) ? { juxtaposes: true } : {}), ...(written ? { written } : {}), ...(STATISTICS.test(code) ? { statistics: true } : {}) };
  return { ...reading, style };
}

/** Functions neither Base nor SpecialFunctions.jl has (NNlib's are not assumed): printed through lower.ts. */
const MISSING: ReadonlySet<string> = new Set(['normcdf', 'normpdf', 'sigmoid', 'log_sigmoid', 'softplus', 'gelu', 'gelu_tanh', 'silu', 'logaddexp', 'relu', 'heaviside', 'leaky_relu', 'elu']);
export const JULIA_FUNCTIONS: ReadonlySet<string> = new Set([...FUNCTIONS.keys()].filter((f) => !MISSING.has(f)));
/** What the selection may call by a name of its own (logistic); Distributions' Φ and φ are written otherwise (readJulia). */
const OWN_FUNCTIONS: ReadonlySet<string> = new Set([...MISSING].filter((f) => f !== 'normcdf' && f !== 'normpdf'));
/** The argument Julia writes before a function's own where the selection calls it (Distributions' cdf(Normal(), z) for Φ). */
export const JULIA_FIRST_ARGUMENTS: Readonly<Record<string, string>> = { normcdf: 'Normal()', normpdf: 'Normal()' };
/** Julia's names of canonical functions it spells differently. */
export const JULIA_OUT: Readonly<Record<string, string>> = { atan2: 'atan', lgamma: 'loggamma', clip: 'clamp', where: 'ifelse' };

export function printJulia(e: Expr, style: JuliaStyle): string {
  const infix: InfixStyle = {
    power: { op: '^' },
    fn: (name) => style.written?.[name] ?? JULIA_OUT[name] ?? name,
    firstArgument: (name) => (style.written?.[name] ? JULIA_FIRST_ARGUMENTS[name] : undefined),
    constant: (name) => (name === 'pi' ? (style.unicode ? 'π' : 'pi') : style.unicode ? 'ℯ' : 'exp(1)'),
    logBase: (arg, base, dot) => (base === 10n || base === 2n ? `log${base}${dot}(${arg})` : `log${dot}(${base}, ${arg})`),
    symbol: (name) => (style.unicode ? nameToGreek(name) : name),
    spacedProducts: style.spacedProducts,
    ...(style.juxtaposes ? { juxtaposedCoefficients: true } : {}),
    parenthesizeNegatedPower: false,
    // | binds as + does in Julia: each comparison in parentheses
    orValue: { or: style.broadcasts ? '.|' : '|', parenthesized: true },
    // scalar code joins conditions with && and ||; a broadcast ifelse. takes them as written, nested
    ...(style.broadcasts ? {} : style.conditional ? { conditional: 'ternary' as const } : { logic: { and: '&&', or: '||' } }),
    // x^(1/3) of a negative x is a DomainError; cbrt is the real root
    elementwise: style.broadcasts ? {
      // spaced as the Julia manual writes them (1 ./ x, a .* b); 1./x and 2.^x are syntax errors
      times: ' .* ', divide: ' ./ ', power: '.^', plus: '.+', minus: '.-', call: '.',
      spaceAfterDigit: true,
      realRoot: (base, q) => (q === 3n ? `cbrt.(${base})` : undefined),
      compare: '.',
    } : { times: '*', divide: '/', power: '^', realRoot: (base, q) => (q === 3n ? `cbrt(${base})` : undefined) },
  };
  return printInfix(lowerFor(e, withWritten(JULIA_FUNCTIONS, style.written)), infix);
}
