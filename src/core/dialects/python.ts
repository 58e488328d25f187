// Python and numpy, read once into the surface syntax for both engines: `*` `/` `**` element-wise,
// `@`, `.T`, methods (x.sum(), x.dot(y)), np.linalg, scipy.special, math, the built-ins, and the
// module aliases and names the document imports.
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../api';
import { checkDeadline, checkNesting } from '../budget';
import { add, children, div, E, Expr, HALF, MINUS_ONE, mul, neg, num, ONE, PI, pow, rawCall, rebuild, sub, sym, symbolsOf, TWO, ZERO } from '../expr';
import { call, FUNCTIONS } from '../functions';
import { lowerFor } from '../lower';
import { Rational } from '../rational';
import { ArrayRefusal, BinOp, binomialSyn, factorialSyn, signedNumber, differencesSyn, NormalFunction, normalSyn, ENTRY_AT, ofEveryEntry, overIndex, SLICE_BOUNDS, sliceSyn, Syn, termByTerm, varianceSyn, vectorNormSyn, wholeNumbers } from '../syntax';
import { entrySymbol, ZERO_BASED } from '../entries';
import { fromPythonName, pythonName } from './pythonNames';
import { InfixStyle, printInfix } from './infix';
import { joinedWhere } from './layout';
import { atSourceOffsets, combineChain, namedChildren, prepareForLezer, PreparedSource, readNumber, singleStatement, textOf, unsupported, usesSpacedProducts, withCubeRoots } from './lezer';

/**
 * What a name before a dot is: a module of functions (numpy and its look-alikes jax.numpy and
 * autograd.numpy, math, SymPy, PyTorch, TensorFlow and tf.math, an activation module — F, tf.nn,
 * jax.nn —, a scipy.special-like module, a linalg), or a package only reached through (scipy, jax).
 */
type ModuleKind = 'numpy' | 'math' | 'special' | 'linalg' | 'sympy' | 'torch' | 'nn' | 'tf' | 'tfmath' | 'tflinalg' | 'normal' | 'distributions' | 'package';
/** The library a module belongs to: it decides defaults (jax.nn.gelu's tanh form) and how results print. */
export type Library = 'numpy' | 'jax' | 'autograd' | 'math' | 'sympy' | 'torch' | 'tf' | 'scipy';
interface Module { kind: ModuleKind; lib: Library; path: string }
/** The modules whose prefix results print with. */
type PrintedModule = 'numpy' | 'math' | 'sympy' | 'torch' | 'tf';


export interface PythonStyle {
  /** Prefix for functions and constants (`np`, `math`, `xp`, `torch`, `sp`), or '' when they are imported bare. */
  prefix: string;
  module: PrintedModule;
  spacedProducts: boolean;
  /** How the document reaches scipy.special (`scipy.special`, `sc`, or '' for names it imports bare). */
  special?: string;
  /** numpy's look-alikes print numpy's names with their own prefix (jnp, anp); their extras come from jax.nn and jax.scipy.special, or autograd.scipy.special. */
  library?: 'jax' | 'autograd';
  /** How the document reaches the activation functions: `F` or `torch.nn.functional`, `tf.nn`, `jax.nn`. */
  nn?: string;
  /**
   * How the document calls scipy.special's expit (the sigmoid): its bare name where it imports it so, else through
   * the module it imports; unset when it reaches neither (the sigmoid prints as its formula).
   */
  expit?: string;
  /** The selection writes a conditional expression (a if c else b): a numpy-style result writes its wheres that way too. */
  conditional?: boolean;
  /** Functions the selection calls bare that no imported library gives (its own sigmoid), by canonical name: results call them so. */
  written?: Readonly<Record<string, string>>;
  /** PyTorch or TensorFlow code that calls math.sqrt and the like on its scalars (Python floats): results do too. */
  mathScalars?: boolean;
}

/** numpy's names of the function table's functions it spells differently (read and printed). */
export const NUMPY_NAMES: Readonly<Record<string, string>> = {
  asin: 'arcsin', acos: 'arccos', atan: 'arctan', asinh: 'arcsinh', acosh: 'arccosh', atanh: 'arctanh', atan2: 'arctan2', max: 'maximum', min: 'minimum',
};
/** scipy.special's names of the function table's special functions, which numpy lacks. */
export const SCIPY_SPECIAL: Readonly<Record<string, string>> = { erf: 'erf', erfc: 'erfc', gamma: 'gamma', lgamma: 'gammaln', digamma: 'digamma', polygamma: 'polygamma', beta: 'beta' };
/** The table's one-argument functions numpy has (printing rewrites the others with these: sec u = 1/cos u). */
export const NUMPY_FUNCTIONS: ReadonlySet<string> = new Set(['exp', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'log', 'log1p', 'expm1', 'abs', 'sign', 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh']);

/** numpy's and math's names of the function table's functions → canonical names (numpy 2 also has asin…). */
const FUNCTION_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries([...NUMPY_FUNCTIONS, 'cbrt', 'hypot', 'atan2', 'log10', 'log2', 'exp2', 'floor', 'ceil'].map((n) => [n, n])),
  ...Object.fromEntries(Object.entries(NUMPY_NAMES).map(([canonical, name]) => [name, canonical])),
  absolute: 'abs', fabs: 'abs',
};
/** The trigonometric and hyperbolic names every library spells like the table (torch also has numpy's arc…). */
const CIRCULAR_NAMES: Readonly<Record<string, string>> = Object.fromEntries(['sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh', 'exp', 'log', 'sqrt', 'abs', 'sign'].map((n) => [n, n]));
/** The comparisons and logic of arrays, as functions (np.greater, torch.gt, tf.greater). */
const PREDICATES: Readonly<Record<string, string>> = {
  greater: 'gt', greater_equal: 'ge', less: 'lt', less_equal: 'le', logical_and: 'and', logical_or: 'or', logical_not: 'not',
};
/** The losses of torch.nn.functional and tf.nn, each in its own library only. */
const LOSSES: Readonly<Record<string, Library>> = {
  mse_loss: 'torch', l1_loss: 'torch', binary_cross_entropy: 'torch', binary_cross_entropy_with_logits: 'torch',
  l2_loss: 'tf', sigmoid_cross_entropy_with_logits: 'tf', softmax_cross_entropy_with_logits: 'tf',
};
/** TensorFlow's reductions (tf.reduce_sum and tf.math.reduce_sum). */
const TF_REDUCTIONS: Readonly<Record<string, string>> = { reduce_sum: 'sum', reduce_prod: 'prod', reduce_mean: 'mean', reduce_logsumexp: 'logsumexp', reduce_max: 'amax', reduce_min: 'amin' };
/** TensorFlow 2 keeps log at tf.math.log only (tf.log was TensorFlow 1's). */
const { log: _tfLog, ...TF_CIRCULAR_NAMES } = CIRCULAR_NAMES;
/** The activation functions of F, tf.nn and jax.nn (silu is also called swish). */
const ACTIVATIONS: Readonly<Record<string, string>> = {
  relu: 'relu', leaky_relu: 'leaky_relu', elu: 'elu', gelu: 'gelu', silu: 'silu', swish: 'silu', sigmoid: 'sigmoid', softplus: 'softplus', tanh: 'tanh', log_sigmoid: 'log_sigmoid',
};
/**
 * Each module's own names → canonical names (syntax.ts), or a form the reader builds itself: an operator
 * (matmul, multiply, divide, power, square, reciprocal, rsqrt, transpose), len, norm, slogdet, logsumexp,
 * logit, SymPy's sinc (not normalised), Piecewise, Rational and diff, and amax/amin (numpy's max and min
 * reduce an array, which is refused; the built-ins compare).
 */
const MODULE_NAMES: Readonly<Record<ModuleKind, Readonly<Record<string, string>>>> = {
  numpy: {
    ...FUNCTION_NAMES, ...PREDICATES, max: 'amax', min: 'amin', amax: 'amax', amin: 'amin', pow: 'power', power: 'power', float_power: 'power', square: 'square', reciprocal: 'reciprocal',
    sum: 'sum', prod: 'prod', trace: 'tr', diag: 'diag', outer: 'outer', ones: 'ones', zeros: 'zeros', eye: 'eye', identity: 'eye',
    dot: 'npdot', vdot: 'dot', inner: 'inner', ones_like: 'ones_like', zeros_like: 'zeros_like',
    matmul: 'matmul', multiply: 'multiply', divide: 'divide', transpose: 'transpose',
    fmax: 'max', fmin: 'min', logaddexp: 'logaddexp', sinc: 'sinc', heaviside: 'heaviside', where: 'where', clip: 'clip',
    round: 'round', around: 'round', rint: 'round', deg2rad: 'deg2rad', rad2deg: 'rad2deg', radians: 'deg2rad', degrees: 'rad2deg',
    mean: 'mean', var: 'var', std: 'std', einsum: 'einsum', reshape: 'reshape', expand_dims: 'expand_dims', diff: 'differences', size: 'size',
    // conversions that keep the value: np.float64(2.5) * x
    float64: 'number', float32: 'number', float16: 'number', double: 'number', single: 'number', longdouble: 'number', asarray: 'number',
  },
  linalg: { inv: 'inv', det: 'det', norm: 'norm', slogdet: 'slogdet', solve: 'solve', matrix_power: 'matrix_power' },
  normal: { pdf: 'normal_pdf', logpdf: 'normal_logpdf', cdf: 'normal_cdf', logcdf: 'normal_logcdf', sf: 'normal_sf', logsf: 'normal_logsf' },
  // torch.distributions and TensorFlow Probability's: a distribution object, whose methods (DISTRIBUTION_METHODS) are read
  distributions: { Normal: 'normal_distribution' },
  math: { ...FUNCTION_NAMES, pow: 'power', gamma: 'gamma', lgamma: 'lgamma', erf: 'erf', erfc: 'erfc', radians: 'deg2rad', degrees: 'rad2deg', factorial: 'factorial', comb: 'binomial' },
  special: {
    gamma: 'gamma', gammaln: 'lgamma', loggamma: 'lgamma', digamma: 'digamma', psi: 'digamma', polygamma: 'polygamma', expit: 'sigmoid', logit: 'logit', factorial: 'factorial',
    log_expit: 'log_sigmoid', logsumexp: 'logsumexp', erf: 'erf', erfc: 'erfc', beta: 'beta', exp2: 'exp2', expm1: 'expm1', log1p: 'log1p', cbrt: 'cbrt', sinc: 'sinc',
    softmax: 'softmax', log_softmax: 'log_softmax', comb: 'binomial', binom: 'binomial',
  },
  sympy: {
    ...CIRCULAR_NAMES, sec: 'sec', csc: 'csc', cot: 'cot', acot: 'acot', asec: 'asec', acsc: 'acsc', coth: 'coth', sech: 'sech', csch: 'csch',
    acoth: 'acoth', asech: 'asech', acsch: 'acsch', atan2: 'atan2', cbrt: 'cbrt', Abs: 'abs', Max: 'max', Min: 'min', floor: 'floor', ceiling: 'ceil',
    Heaviside: 'heaviside', erf: 'erf', erfc: 'erfc', gamma: 'gamma', loggamma: 'lgamma', digamma: 'digamma', polygamma: 'polygamma', beta: 'beta',
    sinc: 'sympy_sinc', Piecewise: 'piecewise', Rational: 'rational', Integer: 'number', Float: 'number', S: 'number', root: 'root', diff: 'diff',
  },
  torch: {
    ...CIRCULAR_NAMES, ...FUNCTION_NAMES, ...PREDICATES, gt: 'gt', ge: 'ge', lt: 'lt', le: 'le', erf: 'erf', erfc: 'erfc', lgamma: 'lgamma', digamma: 'digamma',
    polygamma: 'polygamma', sigmoid: 'sigmoid', logaddexp: 'logaddexp', sinc: 'sinc', maximum: 'max', minimum: 'min', max: 'amax', min: 'amin', clamp: 'clip', clip: 'clip', where: 'where',
    round: 'round', relu: 'relu', heaviside: 'heaviside', pow: 'power', square: 'square', reciprocal: 'reciprocal', rsqrt: 'rsqrt', mul: 'multiply', multiply: 'multiply',
    div: 'divide', divide: 'divide', deg2rad: 'deg2rad', rad2deg: 'rad2deg', logit: 'logit', norm: 'norm',
    softmax: 'softmax', log_softmax: 'log_softmax', logsumexp: 'logsumexp',
    // its arrays: reductions, products, the matrix functions (torch.linalg has the others)
    sum: 'sum', prod: 'prod', mean: 'mean', var: 'var', std: 'std', trace: 'tr', diag: 'diag', outer: 'outer', ger: 'outer', dot: 'dot', inner: 'inner', matmul: 'matmul', mm: 'matmul', mv: 'matmul',
    inverse: 'inv', det: 'det', logdet: 'logdet', t: 'transpose', ones: 'ones', zeros: 'zeros', eye: 'eye', ones_like: 'ones_like', zeros_like: 'zeros_like', einsum: 'einsum',
    reshape: 'reshape', unsqueeze: 'expand_dims', diff: 'differences', numel: 'size',
  },
  nn: {
    ...ACTIVATIONS, logsigmoid: 'log_sigmoid', softmax: 'softmax', log_softmax: 'log_softmax', logsumexp: 'logsumexp',
    ...Object.fromEntries(Object.keys(LOSSES).map((n) => [n, n])),
  },
  tf: {
    ...TF_CIRCULAR_NAMES, ...PREDICATES, ...TF_REDUCTIONS, square: 'square', pow: 'power', maximum: 'max', minimum: 'min', sigmoid: 'sigmoid', where: 'where', floor: 'floor', round: 'round',
    clip_by_value: 'clip', atan2: 'atan2', multiply: 'multiply', divide: 'divide',
    // its tensors: products (@ and tf.matmul of matrices, tensordot), transposes, the constructors, norm, einsum
    matmul: 'matmul', tensordot: 'tensordot', transpose: 'transpose', norm: 'norm', ones: 'ones', zeros: 'zeros', eye: 'eye', ones_like: 'ones_like', zeros_like: 'zeros_like', einsum: 'einsum',
    reshape: 'reshape', expand_dims: 'expand_dims',
  },
  tfmath: {
    ...CIRCULAR_NAMES, ...PREDICATES, ...TF_REDUCTIONS, reduce_variance: 'var', reduce_std: 'std', log1p: 'log1p', expm1: 'expm1', erf: 'erf', erfc: 'erfc', lgamma: 'lgamma', digamma: 'digamma', polygamma: 'polygamma',
    softplus: 'softplus', log_sigmoid: 'log_sigmoid', sigmoid: 'sigmoid', ceil: 'ceil', floor: 'floor', round: 'round', reciprocal: 'reciprocal', rsqrt: 'rsqrt', square: 'square',
    pow: 'power', maximum: 'max', minimum: 'min', atan2: 'atan2', multiply: 'multiply', divide: 'divide', sec: 'sec', csc: 'csc', cot: 'cot',
    squared_difference: 'squared_difference',
  },
  tflinalg: {
    inv: 'inv', det: 'det', logdet: 'logdet', trace: 'tr', diag: 'diag', diag_part: 'diag', matvec: 'matvec', matmul: 'matmul', matrix_transpose: 'transpose',
    norm: 'norm', tensordot: 'tensordot', einsum: 'einsum', solve: 'solve',
  },
  package: {},
};
/** The canonical name of a module's function (a loss only in its own library: tf.nn has no mse_loss). */
function nameIn(module: Module, name: string): string | undefined {
  const loss = LOSSES[name];
  return loss && loss !== module.lib ? undefined : MODULE_NAMES[module.kind][name];
}

/** Python's built-in functions, called without a module (the table's names are read bare too). */
const BUILTINS: Readonly<Record<string, string>> = { abs: 'abs', max: 'max', min: 'min', pow: 'power', len: 'len', round: 'round', float: 'number' };
/** Methods of arrays: x.sum(), x.dot(y), X.trace(), X.transpose(), and SymPy's expr.diff(x). */
const METHODS: Readonly<Record<string, string>> = {
  sum: 'sum', prod: 'prod', mean: 'mean', var: 'var', std: 'std', dot: 'npdot', trace: 'tr', transpose: 'transpose', t: 'transpose', diff: 'diff',
  reshape: 'reshape', view: 'reshape', unsqueeze: 'expand_dims', max: 'amax', min: 'amin',
};
/** Their positional arguments besides the array (diff and reshape take any number). */
const METHOD_ARITY: Readonly<Record<string, number>> = { max: 0, min: 0, sum: 0, prod: 0, mean: 0, var: 0, std: 0, dot: 1, trace: 0, transpose: 0, t: 0, diff: -1, reshape: -1, view: -1, unsqueeze: 1 };
/**
 * A PyTorch tensor's methods that numpy's arrays lack (x.exp(), x.pow(2), x.norm(), x.sigmoid()): they
 * make the selection PyTorch code. Their arguments besides the tensor (-1: any number, with keywords).
 */
const TENSOR_METHODS: Readonly<Record<string, number>> = {
  exp: 0, log: 0, log1p: 0, expm1: 0, log2: 0, log10: 0, sin: 0, cos: 0, tan: 0, sinh: 0, cosh: 0, tanh: 0, asin: 0, acos: 0, atan: 0,
  sigmoid: 0, relu: 0, sqrt: 0, rsqrt: 0, abs: 0, square: 0, reciprocal: 0, erf: 0, erfc: 0, sign: 0,
  pow: 1, clamp: -1, softmax: -1, log_softmax: -1, logsumexp: -1, norm: -1, numel: 0,
};

/** Methods that take an axis as their one positional argument: X.sum(0), X.mean(1). */
const AXIS_METHODS: ReadonlySet<string> = new Set(['sum', 'mean', 'var', 'std']);

/** What each library's activations default to: jax.nn.gelu is the tanh form, tf.nn.leaky_relu's slope 0.2. */
const GELU_APPROXIMATE_BY_DEFAULT: ReadonlySet<Library> = new Set(['jax']);
const LEAKY_SLOPE: Readonly<Partial<Record<Library, string>>> = { torch: '0.01', jax: '0.01', tf: '0.2' };

const OPERATORS: Readonly<Record<string, BinOp>> = { '+': 'badd', '-': 'bsub', '*': 'emul', '/': 'ediv', '**': 'epow', '@': 'npmatmul' };
const COMPARISONS: Readonly<Record<string, string>> = { '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' };
const LOGIC: Readonly<Record<string, string>> = { and: 'and', '&': 'and', or: 'or', '|': 'or' };
/** Operators of one precedence, read as one left-associative chain (`**` groups to the right). */
const SUMS: ReadonlySet<string> = new Set(['+', '-']);
const PRODUCTS: ReadonlySet<string> = new Set(['*', '/', '@', '//', '%']);

/** What the document imports: module aliases, names imported bare, a star import. */
interface Imports {
  aliases: Map<string, Module>;
  bare: Map<string, { module: Module; name: string }>;
  starModule?: Module;
  /** The name the document's first `import numpy [as …]` binds. */
  numpy?: string;
  /** The aliases the document's own import lines bind, in order. */
  explicit: string[];
}

/** Modules by their dotted path. */
const MODULES: Readonly<Record<string, Module>> = Object.fromEntries(([
  ['numpy', 'numpy', 'numpy'], ['numpy.linalg', 'linalg', 'numpy'], ['math', 'math', 'math'], ['scipy', 'package', 'scipy'], ['scipy.special', 'special', 'scipy'],
  ['sympy', 'sympy', 'sympy'], ['torch', 'torch', 'torch'], ['torch.linalg', 'linalg', 'torch'], ['torch.nn', 'package', 'torch'], ['torch.nn.functional', 'nn', 'torch'], ['torch.special', 'special', 'torch'],
  ['tensorflow', 'tf', 'tf'], ['tensorflow.math', 'tfmath', 'tf'], ['tensorflow.linalg', 'tflinalg', 'tf'], ['tensorflow.nn', 'nn', 'tf'],
  ['jax', 'package', 'jax'], ['jax.numpy', 'numpy', 'jax'], ['jax.numpy.linalg', 'linalg', 'jax'], ['jax.nn', 'nn', 'jax'], ['jax.scipy', 'package', 'jax'], ['jax.scipy.special', 'special', 'jax'],
  ['autograd', 'package', 'autograd'], ['autograd.numpy', 'numpy', 'autograd'], ['autograd.numpy.linalg', 'linalg', 'autograd'], ['autograd.scipy', 'package', 'autograd'], ['autograd.scipy.special', 'special', 'autograd'],
  // the normal distribution: scipy.stats.norm and JAX's and autograd's copies of it
  ['scipy.stats', 'package', 'scipy'], ['scipy.stats.norm', 'normal', 'scipy'], ['jax.scipy.stats', 'package', 'jax'], ['jax.scipy.stats.norm', 'normal', 'jax'],
  ['autograd.scipy.stats', 'package', 'autograd'], ['autograd.scipy.stats.norm', 'normal', 'autograd'],
  ['torch.distributions', 'distributions', 'torch'], ['torch.distributions.normal', 'distributions', 'torch'],
  ['tensorflow_probability', 'package', 'tf'], ['tensorflow_probability.distributions', 'distributions', 'tf'],
] as const).map(([path, kind, lib]) => [path, { kind, lib, path }]));

/** The aliases code uses by convention, known without an import line (a selection pasted from a notebook). */
const CONVENTIONAL: Readonly<Record<string, string>> = {
  np: 'numpy', numpy: 'numpy', math: 'math', scipy: 'scipy', sp: 'sympy', sympy: 'sympy', torch: 'torch', F: 'torch.nn.functional',
  tf: 'tensorflow', jnp: 'jax.numpy', jax: 'jax', anp: 'autograd.numpy', autograd: 'autograd', tfp: 'tensorflow_probability', tfd: 'tensorflow_probability.distributions',
};

// tensorflow_probability before tensorflow, which would match its start
const MODULE_PATH = /(?:numpy|math|scipy|sympy|torch|tensorflow_probability|tensorflow|jax|autograd)(?:\.\w+)*/.source;

function readImports(text: string): Imports {
  const aliases = new Map<string, Module>(Object.entries(CONVENTIONAL).map(([alias, path]) => [alias, MODULES[path]]));
  const bare = new Map<string, { module: Module; name: string }>();
  let starModule: Module | undefined;
  let numpy: string | undefined;
  const explicit: string[] = [];
  // [ \t]*, not \s*: a run of blank lines must not be rescanned from every line start
  for (const m of text.matchAll(new RegExp(`^[ \\t]*import[ \\t]+(${MODULE_PATH})(?:[ \\t]+as[ \\t]+(\\w+))?`, 'gm'))) {
    // `import numpy.linalg` binds numpy, `import numpy.linalg as la` binds la
    const path = m[2] ? m[1] : m[1].split('.')[0];
    const module = MODULES[path];
    if (!module) continue;
    aliases.set(m[2] ?? path, module);
    explicit.push(m[2] ?? path);
    if (module.kind === 'numpy' && module.lib === 'numpy') numpy ??= m[2] ?? path;
  }
  for (const m of text.matchAll(new RegExp(`^[ \\t]*from[ \\t]+(${MODULE_PATH})[ \\t]+import[ \\t]+([^\\n#]+)`, 'gm'))) {
    const module = MODULES[m[1]];
    if (!module) continue;
    const list = m[2].replace(/[()]/g, '').trim();
    if (list === '*') { starModule = module; continue; }
    for (const item of list.split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (!name) continue;
      const sub = MODULES[`${m[1]}.${name}`];
      if (sub) { aliases.set(alias ?? name, sub); explicit.push(alias ?? name); }
      else bare.set(alias ?? name, { module, name });
    }
  }
  return { aliases, bare, starModule, numpy, explicit };
}

/**
 * A callee resolved: the canonical name (or form), the module it came from, and the name node to blame; `self`, the
 * array of a method; `distribution`, the call that made the distribution whose method this is (Normal(mu, sigma) of .log_prob(x)).
 */
interface Callee { canonical?: string; module?: Module; nameNode: SyntaxNode; self?: SyntaxNode; distribution?: SyntaxNode }

/** The alias style of what a selection used: per module kind, the prefix it was reached by. */
interface Used {
  /** The first library whose function or constant the selection used, and its prefix. */
  main?: { prefix: string; lib: Library; kind: ModuleKind };
  nn?: { prefix: string; lib: Library };
  special?: { prefix: string; lib: Library };
}

/** A comprehension `body for targets in iterable` (a generator or a list's), `extra` a second for or an if. */
interface Comprehension { body: SyntaxNode; targets: SyntaxNode[]; iterable: SyntaxNode; extra?: SyntaxNode }

/** The reductions of a comprehension as written (numpy's np.sum, np.prod, np.max, np.min too): their canonical names. */
const COMPREHENSION_REDUCTIONS: Readonly<Record<string, string>> = { sum: 'sum', 'math.fsum': 'sum', 'math.prod': 'prod', max: 'amax', min: 'amin' };

/** The comprehension that is a call's one argument (sum(x**2 for x in v), sum([…])), or undefined. */
function comprehensionIn(argList: SyntaxNode | undefined): Comprehension | undefined {
  if (!argList) return undefined;
  const inner = namedChildren(argList);
  const holder = inner.length === 1 && /Comprehension/.test(inner[0].name) ? inner[0] : argList;
  const parts: SyntaxNode[] = [];
  for (let c = holder.firstChild; c; c = c.nextSibling) parts.push(c);
  const fors = parts.filter((c) => c.name === 'for');
  if (!fors.length) return undefined;
  const start = parts.indexOf(fors[0]), within = parts.findIndex((c) => c.name === 'in');
  const body = parts.slice(0, start).find((c) => /^[A-Z]/.test(c.name));
  const targets = parts.slice(start + 1, within).filter((c) => /^[A-Z]/.test(c.name));
  const iterable = parts.slice(within + 1).find((c) => /^[A-Z]/.test(c.name));
  if (!body || !iterable || within < 0) return undefined;
  const extra = parts.slice(within + 1).find((c) => c.name === 'if' || c.name === 'for');
  return { body, targets, iterable, ...(extra ? { extra } : {}) };
}

/** The arguments of `node` when it is a call of the bare name `name` (range(…), zip(…)). */
function callNamed(node: SyntaxNode, name: string, source: string): SyntaxNode | undefined {
  const callee = node.name === 'CallExpression' ? namedChildren(node)[0] : undefined;
  return callee?.name === 'VariableName' && textOf(callee, source) === name ? namedChildren(node)[1] : undefined;
}

/**
 * Reads the syntax tree of a selection as prepared for Lezer (long chains grouped, see
 * prepareForLezer); offsets in the syntax and in refusals are the selection's own.
 */
class PythonReader {
  readonly used: Used = {};
  /** First numpy prefix the selection uses (the matrix printer's). */
  usedNumpy?: string;
  /** Module of the first function the selection calls by a bare imported name (`from math import sqrt`). */
  usedBare?: Module;
  /** The selection wrote `a if c else b`. */
  usedConditional = false;
  /** Whether the selection calls a library function by a bare name nothing imports (`sin(x)`, as after `from sympy import *`). */
  usedUnimported = false;
  /** The selection calls Python's math module (math.sqrt(2 * math.pi * sigma**2)): its scalars are Python floats. */
  usedMath = false;
  /**
   * Functions no library of the document gives that the selection calls bare (the user's own `def sigmoid(z)`),
   * by canonical name, as called: results call them the same way.
   */
  written?: Record<string, string>;
  /**
   * Functions the selection calls through a library, by canonical name, as it reaches them (normcdf: norm.cdf,
   * factorial: math.factorial, binomial: scipy.special.comb): results call them the same way.
   */
  spelled?: Record<string, string>;
  private depth = 0;
  private readonly src: string;
  /** The index of the sum being read (reducedOver's `for i in range(len(x))`), whose entries x[i] are read. */
  private loopIndex?: string;

  constructor(private readonly prepared: PreparedSource, private readonly imports: Imports) { this.src = prepared.text; }

  private at(node: SyntaxNode): number { return this.prepared.toSource(node.from); }
  private fail(node: SyntaxNode, what: string): never { throw new InputError(what, this.at(node)); }
  private text(node: SyntaxNode): string { return textOf(node, this.src); }

  /** Reads a part nested in `node` (parentheses, a call, a sign, a power), refusing nesting deeper than MAX_NESTING. */
  private nested<T>(node: SyntaxNode, read: () => T): T {
    checkNesting(++this.depth, this.at(node));
    try { return read(); } finally { this.depth--; }
  }

  read(node: SyntaxNode): Syn {
    checkDeadline();
    switch (node.name) {
      case 'Number': return this.number(node);
      case 'VariableName': return this.variable(node);
      case 'Boolean': return { t: 'num', value: this.text(node) === 'True' ? Rational.ONE : Rational.ZERO, at: this.at(node) };
      case 'String': return { t: 'str', value: this.text(node).slice(1, -1), at: this.at(node) };
      case 'ParenthesizedExpression': return this.nested(node, () => this.read(namedChildren(node)[0]));
      case 'UnaryExpression': return this.unary(node);
      case 'BinaryExpression': return this.chain(node);
      case 'ConditionalExpression': return this.nested(node, () => this.conditional(node));
      case 'MemberExpression': return this.member(node);
      case 'CallExpression': return this.nested(node, () => this.call(node));
      default: return atSourceOffsets(this.prepared, () => unsupported(node, this.src));
    }
  }

  private number(node: SyntaxNode): Syn {
    const text = this.text(node);
    if (/[jJ]$/.test(text)) this.fail(node, 'complex numbers are not supported');
    return readNumber(text, this.at(node));
  }

  private variable(node: SyntaxNode): Syn {
    const name = this.text(node);
    const at = this.at(node);
    const imported = this.imports.bare.get(name)?.name ?? (this.imports.starModule ? name : undefined);
    if (name === 'pi' || imported === 'pi') return { t: 'const', name: 'pi', at };
    if (name === 'e' || imported === 'e' || (imported === 'E' && this.imports.starModule?.kind === 'sympy') || (name === 'E' && this.imports.bare.get(name)?.module.kind === 'sympy')) return { t: 'const', name: 'e', at };
    if (imported === 'tau') return tau(at);
    // `lambda_` is how Python code spells a variable named lambda
    return { t: 'sym', name: fromPythonName(name), at };
  }

  private unary(node: SyntaxNode): Syn {
    const op = this.text(node.firstChild!);
    const arg = this.nested(node, () => this.read(namedChildren(node).at(-1)!));
    if (op === '-') return { t: 'neg', arg, at: this.at(node) };
    if (op === '+') return arg;
    if (op === 'not' || op === '~') return { t: 'call', fn: 'not', args: [arg], at: this.at(node), text: op };
    return this.fail(node, `the operator '${op}' is not supported`);
  }

  private operator(o: SyntaxNode): BinOp {
    const op = this.text(o);
    if (!OPERATORS[op]) this.fail(o, `the operator '${op}' is not supported`);
    return OPERATORS[op];
  }

  /** A chain of one precedence (a + b - c, A @ B / c); `**` groups to the right and nests; comparisons and logic are predicate calls. */
  private chain(node: SyntaxNode): Syn {
    const l = node.firstChild!, o = l.nextSibling!, r = node.lastChild!;
    const op = this.text(o);
    if (COMPARISONS[op] || LOGIC[op]) return this.nested(o, () => this.predicate(node, l, o, r, op));
    if (op === '==' || op === '!=' || op === 'is' || op === 'in') this.fail(o, `the comparison '${op}' is not supported (>, >=, < and <= are)`);
    const level = SUMS.has(op) ? SUMS : PRODUCTS.has(op) ? PRODUCTS : undefined;
    if (!level) return this.nested(o, () => ({ t: 'bin', op: this.operator(o), l: this.read(l), r: this.read(r), at: this.at(o), text: op }));
    return combineChain(node, this.prepared, level, OPERATORS, (n) => this.read(n));
  }

  /** `x > 0` is gt(x, 0); `0 < x < 1` is Python's chain, lt(0, x) and lt(x, 1); `a & b`, `a and b` are and(a, b). */
  private predicate(node: SyntaxNode, l: SyntaxNode, o: SyntaxNode, r: SyntaxNode, op: string): Syn {
    const at = this.at(o);
    const right = this.read(r);
    if (LOGIC[op]) return { t: 'call', fn: LOGIC[op], args: [this.read(l), right], at, text: op };
    const fn = COMPARISONS[op];
    // an unparenthesised comparison on the left continues the chain: its right operand is this one's left
    if (l.name === 'BinaryExpression' && COMPARISONS[this.text(l.firstChild!.nextSibling!)]) {
      const left = this.read(l);
      const middle = this.read(l.lastChild!);
      return { t: 'call', fn: 'and', args: [left, { t: 'call', fn, args: [middle, right], at, text: op }], at, text: op };
    }
    void node;
    return { t: 'call', fn, args: [this.read(l), right], at, text: op };
  }

  /** `a if c else b` is where(c, a, b). */
  private conditional(node: SyntaxNode): Syn {
    const [a, c, b] = namedChildren(node);
    this.usedConditional = true;
    return { t: 'call', fn: 'where', args: [this.read(c), this.read(a), this.read(b)], at: this.at(node), text: 'if' };
  }

  /** `X.T`, `np.pi`, `math.e`, `sp.E`, `np.linalg.slogdet(X)[1]` (log |det X|), `X.shape[0]`. */
  private member(node: SyntaxNode): Syn {
    const [object, property] = namedChildren(node);
    const bracket = node.getChild('[');
    if (bracket) return this.nested(node, () => this.indexed(node, object, property, bracket));
    const name = this.text(property);
    if (name === 'T') {
      // .T.T is the array itself: a run of them is one transpose or none
      let arg = object, odd = true;
      while (arg.name === 'MemberExpression' && !arg.getChild('[') && namedChildren(arg)[1] && this.text(namedChildren(arg)[1]) === 'T') {
        arg = namedChildren(arg)[0];
        odd = !odd;
      }
      const inner = this.read(arg);
      return odd ? { t: 'transpose', arg: inner, at: this.at(property), numpy: true } : inner;
    }
    const constant = name === 'pi' || name === 'e' || name === 'tau' || name === 'E';
    // numpy's X.size, the number of entries (results divide by it: np.mean's derivative)
    if (name === 'size' && !this.resolve(object)) return { t: 'call', fn: 'size', args: [this.read(object)], at: this.at(node), text: this.text(node) };
    const module = this.moduleOf(object, constant);
    if (!module) return this.fail(property, `'.${name}' is not supported here (.T is)`);
    const at = this.at(node);
    if (name === 'pi') return { t: 'const', name, at };
    if (name === 'e' && module.kind !== 'sympy') return { t: 'const', name, at };
    if (name === 'E' && module.kind === 'sympy') return { t: 'const', name: 'e', at };
    if (name === 'tau') return tau(at);
    return this.fail(property, `'${this.text(node)}' is not a ${module.path} constant this extension knows`);
  }

  /**
   * A vector made a column or a row by its shape: x.reshape(-1, 1), np.expand_dims(x, 1), torch's
   * x.unsqueeze(1) and x.view(-1, 1) are x[:, None]; x.reshape(1, -1) and axis 0 are x[None, :], which
   * broadcasts as the 1-D array does. Other shapes are refused.
   */
  private columnOrRow(canonical: 'reshape' | 'expand_dims', args: readonly Syn[], axis: Syn | undefined, callee: SyntaxNode): Syn {
    const text = this.text(callee);
    const [x, ...rest] = args;
    const numbers = (canonical === 'reshape' ? rest : axis ? [axis] : []).flatMap((a) => (a.t === 'call' && a.fn === 'tuple' ? a.args : [a])).map((a) => signedNumber(a)?.value);
    const is = (i: number, n: number) => numbers[i]?.equals(Rational.of(n)) === true;
    const column = canonical === 'reshape' ? numbers.length === 2 && is(0, -1) && is(1, 1) : numbers.length === 1 && (is(0, 1) || is(0, -1));
    const row = canonical === 'reshape' ? numbers.length === 2 && is(0, 1) && is(1, -1) : numbers.length === 1 && is(0, 0);
    if (x && column) return { t: 'call', fn: 'column', args: [x], at: this.at(callee), text };
    if (x && row) return x;
    return this.fail(callee, canonical === 'reshape'
      ? `'${text}' is supported as (-1, 1), a vector as a column, and (1, -1), as a row`
      : `'${text}' is supported with axis 1 (or -1), a vector as a column, and 0, as a row`);
  }

  /**
   * sum(body for xi in x), sum(a * b for a, b in zip(x, y)), sum([x[i]**2 for i in range(len(x))]), and
   * math.fsum or np.sum of one: the body taken on every entry (ofEveryEntry), summed; max, min and the
   * products alike (COMPREHENSION_REDUCTIONS).
   */
  private reducedOver(node: SyntaxNode, { body, targets, iterable, extra }: Comprehension): Syn {
    const text = this.text(namedChildren(node)[0]);
    const at = this.at(node);
    const callee = this.callee(node);
    const numpy = callee.module?.kind === 'numpy' ? callee.canonical : undefined;
    const fn = (Object.hasOwn(COMPREHENSION_REDUCTIONS, text) ? COMPREHENSION_REDUCTIONS[text] : undefined) ?? (numpy && Object.values(COMPREHENSION_REDUCTIONS).includes(numpy) ? numpy : undefined);
    if (!fn) this.fail(node, `'${text}' of a comprehension is not supported (${Object.keys(COMPREHENSION_REDUCTIONS).join(', ')} and numpy's of one are)`);
    if (extra) this.fail(extra, "a comprehension with an 'if' or a second 'for' is not supported: write the sum over one array");
    if (targets.some((t) => t.name !== 'VariableName')) this.fail(targets[0], 'the loop variables must be names');
    const names = targets.map((t) => this.text(t));
    const [range, zip] = [callNamed(iterable, 'range', this.src), callNamed(iterable, 'zip', this.src)];
    const numbers = range && names.length === 1 ? namedChildren(range).map((a) => this.text(a).replace(/\s+/g, '')) : [];
    if (numbers.length >= 1 && numbers.length <= 3 && numbers.every((v) => /^-?\d+$/.test(v))) {
      // for k in range(5), range(1, 4): the index is a number, each term written out (a Taylor polynomial)
      const [first, end, step] = numbers.length === 1 ? [0, Number(numbers[0]), 1] : numbers.map(Number).concat([1]);
      const values = wholeNumbers(first, step > 0 ? end - 1 : end + 1, step);
      return termByTerm(this.read(body), names[0], values, fn, `${text}(… for ${names[0]} in ${this.text(iterable)})`, at);
    }
    if (range) {
      // for i in range(len(x)) (or x.shape[0]): x[i] is an entry of x; the index alone is not read. Over
      // range(len(x) - k), x[i + j] is the entry j further on: the slice x[j:len(x) - k + j] (Rosenbrock's x[i + 1] - x[i]**2)
      const bound = namedChildren(range)[0] && this.text(namedChildren(range)[0]).replace(/\s+/g, '');
      const over = /^(?:len\((\w+)\)|(\w+)\.shape\[0\])(?:-(\d))?$/.exec(bound ?? '');
      if (names.length !== 1 || !over || namedChildren(range).length !== 1) this.fail(iterable, 'a sum over an index runs over range(len(x)) or range(x.shape[0]) (less a few), x one of the arrays it indexes, or over numbers, range(5)');
      const short = Number(over[3] ?? 0);
      const previous = this.loopIndex;
      this.loopIndex = names[0];
      const read = this.read(body);
      this.loopIndex = previous;
      return { t: 'call', fn, args: [overIndex(read, names[0], over[1] ?? over[2], short, (x) => `len(${x})`, this.at(iterable))], at, text };
    }
    // for xi in x, for a, b in zip(x, y): each name is an entry of its array
    const arrays = zip ? namedChildren(zip).map((a) => this.read(a)) : [this.read(iterable)];
    if (arrays.length !== names.length) this.fail(iterable, `${names.length} loop variable${names.length === 1 ? '' : 's'} over ${arrays.length} array${arrays.length === 1 ? '' : 's'}`);
    const read = this.read(body);
    return { t: 'call', fn, args: [ofEveryEntry(read, (u) => (u.t === 'sym' && names.includes(u.name) ? arrays[names.indexOf(u.name)] : undefined))], at, text };
  }

  /** `np.linalg.slogdet(X)[1]` and `X.shape[0]`; other indexing is refused. */
  private indexed(node: SyntaxNode, object: SyntaxNode, property: SyntaxNode | undefined, bracket: SyntaxNode): Syn {
    if (object.name === 'CallExpression' && this.callee(object).canonical === 'slogdet' && property && this.text(property) === '1') {
      const args = this.args(object);
      if (args.length !== 1) this.fail(object, 'slogdet takes one argument');
      return { t: 'call', fn: 'logdet', args, at: this.at(object), text: 'slogdet' };
    }
    if (object.name === 'MemberExpression' && property?.name === 'Number') {
      const [o, p] = namedChildren(object);
      if (p && this.text(p) === 'shape') return { t: 'call', fn: 'shapeof', args: [this.read(o), this.read(property)], at: this.at(node), text: this.text(node) };
    }
    // v[:, None] is v as a column (it scales a matrix's rows); v[None, :] a row, as the 1-D array broadcasts anyway
    const axes = this.text(node).slice(object.to - node.from).replace(/\s+/g, '').replace(/\b\w+\.newaxis\b/g, 'None');
    if (axes === '[:,None]' || axes === '[...,None]') return { t: 'call', fn: 'column', args: [this.read(object)], at: this.at(node), text: this.text(node) };
    if (axes === '[None,:]') return this.read(object);
    // x[1:], x[:-1], X[1:, :], X[:, 1:]: slices, without entries (rows, columns) at their ends
    const parts = axes.slice(1, -1).split(',');
    const bounds = parts.map((p) => /^(-?\d*):(-?\d*)$/.exec(p));
    if (axes.startsWith('[') && parts.length <= 2 && bounds.every((b) => b !== null)) {
      const text = this.text(node);
      let out = this.read(object);
      bounds.forEach((b, i) => {
        const [start, stop] = [b![1] === '' ? 0 : Number(b![1]), b![2] === '' ? 0 : Number(b![2])];
        if (start < 0 || stop > 0) this.fail(bracket, `'${text}' keeps a fixed number of entries: ${SLICE_BOUNDS}`);
        if (start !== 0 || stop !== 0) out = sliceSyn(out, start, -stop, this.at(node), text, i === 0 ? 'first' : 'columns');
      });
      return out;
    }
    // x[i] and x[i + 1] in a sum over i (reducedOver): the entry of x, every one in turn, or the one so far further on
    const loopEntry = this.loopIndex !== undefined && object.name === 'VariableName' ? new RegExp(`^\\[${this.loopIndex}(?:\\+(\\d))?\\]$`).exec(axes) : null;
    if (loopEntry) {
      const ahead: Syn[] = loopEntry[1] ? [{ t: 'num', value: Rational.of(Number(loopEntry[1])), at: this.at(node) }] : [];
      return { t: 'call', fn: ENTRY_AT, args: [this.read(object), ...ahead], at: this.at(node), text: this.text(object) };
    }
    // x[0]: an entry of a vector, a scalar; the derivative by x is the vector of derivatives by its entries
    if (object.name === 'VariableName' && /^\[-?\d+\]$/.test(axes)) {
      return { t: 'sym', name: entrySymbol(this.text(object), axes.slice(1, -1), ZERO_BASED, this.at(node)), at: this.at(node) };
    }
    return this.fail(bracket, 'indexing is not supported in an expression to differentiate (entries x[0], slices x[1:], np.linalg.slogdet(X)[1], v[:, None] and X.shape[0] are)');
  }

  /** The module a dotted name stands for (np, tf.math, torch.nn.functional, scipy.special), or undefined. */
  private resolve(n: SyntaxNode): Module | undefined {
    if (n.name === 'VariableName') return this.imports.aliases.get(this.text(n));
    if (n.name !== 'MemberExpression' || n.getChild('[')) return undefined;
    const [o, p] = namedChildren(n);
    const outer = this.resolve(o);
    return outer && p ? MODULES[`${outer.path}.${this.text(p)}`] : undefined;
  }

  /**
   * The module a name before a dot stands for, noting the prefix for printing; when `required`,
   * anything else is refused. A package (scipy, jax) has no functions of its own.
   */
  private moduleOf(n: SyntaxNode, required = true): Module | undefined {
    const prefix = this.text(n);
    const module = this.resolve(n);
    if (!module || module.kind === 'package') {
      if (required) this.fail(n, `unknown module '${prefix}' (numpy, math, scipy.special, sympy, torch, tensorflow, jax and autograd are supported)`);
      return undefined;
    }
    this.note(module, prefix);
    return module;
  }

  private note(module: Module, prefix: string): void {
    // the normal distribution's functions are read as their formulas: results print in the document's library
    if (module.kind === 'normal') return;
    // torch.distributions' and TensorFlow Probability's: results print in PyTorch or TensorFlow
    if (module.kind === 'distributions') {
      const root = prefix.split('.')[0];
      const main = this.imports.aliases.get(root)?.kind === module.lib ? root : module.lib;
      this.used.main ??= { prefix: main, lib: module.lib, kind: module.lib === 'torch' ? 'torch' : 'tf' };
      return;
    }
    if (module.kind === 'math') this.usedMath = true;
    if (module.kind === 'special') this.used.special ??= { prefix, lib: module.lib };
    else if (module.kind === 'nn') this.used.nn ??= { prefix, lib: module.lib };
    else if (module.kind !== 'linalg') this.used.main ??= { prefix, lib: module.lib, kind: module.kind };
    if (module.kind === 'linalg' && module.lib === 'numpy') this.usedNumpy ??= prefix.replace(/\.linalg$/, '');
    if (module.kind === 'numpy' && module.lib === 'numpy') this.usedNumpy ??= prefix;
  }

  /** What a call names: a module's function, a bare name (imported, built-in or the table's), or a method. */
  private callee(call: SyntaxNode): Callee {
    const callee = namedChildren(call)[0];
    if (callee.name === 'VariableName') {
      const written = this.text(callee);
      const imported = this.imports.bare.get(written);
      if (imported) {
        this.usedBare ??= imported.module;
        return { canonical: nameIn(imported.module, imported.name), module: imported.module, nameNode: callee };
      }
      const star = this.imports.starModule;
      const fromStar = star ? nameIn(star, written) : undefined;
      if (fromStar) {
        this.usedBare ??= star;
        return { canonical: fromStar, module: star, nameNode: callee };
      }
      const canonical = BUILTINS[written] ?? FUNCTION_NAMES[written] ?? BARE_NAMES[written];
      if (canonical && !BUILTINS[written]) {
        if (FUNCTION_NAMES[written]) this.usedUnimported = true;
        else (this.written ??= {})[canonical] = written;
      }
      // SymPy's names (Abs, Piecewise, diff) are read bare as after `from sympy import *`
      if (!canonical && MODULE_NAMES.sympy[written]) {
        this.usedUnimported = true;
        return { canonical: MODULE_NAMES.sympy[written], module: MODULES.sympy, nameNode: callee };
      }
      return { canonical, nameNode: callee };
    }
    if (callee.name !== 'MemberExpression' || callee.getChild('[')) return this.fail(callee, `cannot call '${this.text(callee)}'`);
    const [object, property] = namedChildren(callee);
    const name = this.text(property);
    // Normal(mu, sigma).log_prob(x): a distribution's method (an array's, np.exp(x).sum(), resolves its call once, when read)
    const arrayMethod = Object.prototype.hasOwnProperty.call(METHODS, name) || Object.prototype.hasOwnProperty.call(TENSOR_METHODS, name);
    if (!arrayMethod && object.name === 'CallExpression' && this.callee(object).canonical === 'normal_distribution') {
      const canonical = DISTRIBUTION_METHODS[name];
      if (!canonical) this.fail(property, `'.${name}()' of a normal distribution is not read (${Object.keys(DISTRIBUTION_METHODS).join(', ')} are)`);
      return { canonical, nameNode: property, distribution: object };
    }
    const module = this.moduleOf(object, false);
    if (module) return { canonical: nameIn(module, name), module, nameNode: property };
    // TensorFlow's X.shape.num_elements(), the number of entries (as results print it)
    const [owner, attribute] = object.name === 'MemberExpression' && !object.getChild('[') ? namedChildren(object) : [];
    if (name === 'num_elements' && attribute && this.text(attribute) === 'shape') return { canonical: 'size', nameNode: property, self: owner };
    // x.sum(), x.dot(y), expr.diff(x): a method; cp.sum(x), np.sin(x) with np not imported: a module the document lacks
    const method = METHODS[name];
    const positionalArgs = namedChildren(namedChildren(call)[1]).filter((a) => a.name !== 'AssignOp' && a.nextSibling?.name !== 'AssignOp' && a.prevSibling?.name !== 'AssignOp');
    const positional = positionalArgs.length;
    // X.sum(0), X.mean(-1): a reduction's axis, written as a whole number (cp.sum(x) is a module's function)
    const axisOnly = positional === 1 && AXIS_METHODS.has(name) && /^-?\d+$/.test(this.text(positionalArgs[0]).replace(/\s+/g, ''));
    if (method && (object.name !== 'VariableName' || METHOD_ARITY[name] < 0 || positional === METHOD_ARITY[name] || axisOnly)) return { canonical: method, nameNode: property, self: object };
    const tensorArity = Object.prototype.hasOwnProperty.call(TENSOR_METHODS, name) ? TENSOR_METHODS[name] : undefined;
    if (tensorArity !== undefined && !this.resolve(object) && (tensorArity < 0 || positional === tensorArity)) {
      const torch = MODULES.torch;
      const other = this.used.main && this.used.main.lib !== 'torch' ? this.used.main : undefined;
      if (other) this.fail(property, `'.${name}()' is a PyTorch tensor's method, and this selection is ${other.lib} code, whose arrays have no such method: call ${other.prefix}'s function`);
      this.note(torch, [...this.imports.aliases].find(([alias, m]) => m === torch && this.imports.explicit.includes(alias))?.[0] ?? 'torch');
      return { canonical: MODULE_NAMES.torch[name], module: torch, nameNode: property, self: object };
    }
    if (object.name === 'VariableName' && (method || FUNCTION_NAMES[name] || MODULE_NAMES.numpy[name])) this.moduleOf(object);
    // tf.keras.losses.mse(…): a module path below an imported one that is not known
    if (object.name === 'MemberExpression' && this.imports.aliases.has(this.text(object).split('.')[0])) this.moduleOf(object);
    return this.fail(property, `unknown method '.${name}()'`);
  }

  /**
   * A normal distribution's method at a value: torch.distributions' Normal(loc, scale).log_prob(x) and .cdf(x),
   * TensorFlow Probability's .prob, .log_prob, .cdf, .log_cdf, .survival_function, .log_survival_function; read as
   * scipy's norm functions are.
   */
  private distributionMethod(canonical: string, ctor: SyntaxNode, x: Syn | undefined, at: number, text: string): Syn {
    const name = this.text(namedChildren(ctor)[0]);
    const args = this.args(ctor);
    const kw = this.keywords(ctor);
    for (const [k, value] of kw) if (!DISTRIBUTION_KEYWORDS.includes(k)) this.fail(value, `the keyword argument '${k}' of '${name}' is not supported (loc and scale are)`);
    const loc = args[0] ?? (kw.has('loc') ? this.read(kw.get('loc')!) : undefined);
    const scale = args[1] ?? (kw.has('scale') ? this.read(kw.get('scale')!) : undefined);
    if (!loc || !scale || args.length > 2) this.fail(ctor, `'${name}' takes loc and scale`);
    if (!x) this.fail(ctor, `'${text}' takes a value`);
    return normalSyn(canonical.slice('normal_'.length) as NormalFunction, x, loc, scale, at, text);
  }

  private args(call: SyntaxNode): Syn[] {
    const out: Syn[] = [];
    for (const a of namedChildren(namedChildren(call)[1])) {
      if (a.name === 'AssignOp' || a.nextSibling?.name === 'AssignOp' || a.prevSibling?.name === 'AssignOp') continue;
      out.push(a.name === 'TupleExpression' ? this.tuple(a) : this.read(a));
    }
    return out;
  }

  /**
   * Sums along `axis` (every entry without one) and what keepdims=True keeps of them: a matrix's row sums
   * (axis 1 or −1) as a column, which scales its rows; column sums (axis 0) as the 1-D row they broadcast as.
   */
  private alongAxis(axis: (Syn & { t: 'num' }) | undefined, at: number, text: string): { sum: (e: Syn) => Syn; kept: (e: Syn) => Syn } {
    return {
      sum: (e) => ({ t: 'call', fn: 'sum', args: axis ? [e, axis] : [e], at, text }),
      // the marker's second argument: of a vector, the sum is a number, which stays one
      kept: (e) => (axis && !axis.value.isZero ? { t: 'call', fn: 'column', args: [e, { t: 'num', value: Rational.ONE, at }], at, text } : e),
    };
  }

  /** keepdims=True (PyTorch's keepdim=True). */
  private keepsDims(kw: ReadonlyMap<string, SyntaxNode>): boolean { return this.flag(kw, kw.has('keepdims') ? 'keepdims' : 'keepdim'); }

  /** A reduction's axis: its positional argument, or axis= (PyTorch's dim=); axis=(0, 1) is a tuple, which only the argument list reads. */
  private axisArgument(positional: Syn | undefined, kw: ReadonlyMap<string, SyntaxNode>, callee: SyntaxNode): (Syn & { t: 'num' }) | undefined {
    const named = kw.get('axis') ?? kw.get('dim');
    return this.axis(positional ?? (named ? (named.name === 'TupleExpression' ? this.tuple(named) : this.read(named)) : undefined), callee);
  }

  /** The True/False keyword argument `name` (transpose_a=True) among `kw`; absent is false. */
  private flag(kw: ReadonlyMap<string, SyntaxNode>, name: string): boolean {
    const value = kw.get(name);
    if (!value) return false;
    const text = this.text(value);
    if (text !== 'True' && text !== 'False') this.fail(value, `${name}=${text} must be True or False`);
    return text === 'True';
  }

  /** `(n, m)` as a shape argument: read as a call marker the typecheck never sees. */
  private tuple(n: SyntaxNode): Syn {
    return { t: 'call', fn: 'tuple', args: namedChildren(n).map((x) => this.read(x)), at: this.at(n), text: this.text(n) };
  }

  /**
   * np.polyval([3, 2, 1], x): the polynomial with those coefficients, highest power first, at x, as its
   * terms (3*x**2 + 2*x + 1). The coefficients are read where they are written as a list.
   */
  private polynomialValue(node: SyntaxNode, text: string): Syn {
    const args = namedChildren(namedChildren(node)[1]);
    const [coefficients, x] = args;
    if (args.length !== 2 || coefficients.name !== 'ArrayExpression') this.fail(node, `'${text}' is read with its coefficients written as a list, highest power first: ${text}([3, 2, 1], x)`);
    const cs = namedChildren(coefficients).map((c) => this.read(c));
    if (cs.length === 0) this.fail(coefficients, `'${text}' needs at least one coefficient`);
    const at = this.at(node);
    const variable = this.read(x);
    return cs.map((c, k): Syn => {
      const power = cs.length - 1 - k;
      if (power === 0) return c;
      // numpy's operators: on an array x, entry by entry
      const xk: Syn = power === 1 ? variable : { t: 'bin', op: OPERATORS['**'], l: variable, r: { t: 'num', value: Rational.of(power), at }, at, text: '**' };
      return { t: 'bin', op: OPERATORS['*'], l: c, r: xk, at, text: '*' };
    }).reduce((l, r) => ({ t: 'bin', op: OPERATORS['+'], l, r, at, text }));
  }

  /** Keyword arguments of a call: name → value node. */
  private keywords(call: SyntaxNode): Map<string, SyntaxNode> {
    const out = new Map<string, SyntaxNode>();
    for (let c = namedChildren(call)[1].firstChild; c; c = c.nextSibling) {
      if (c.name === 'AssignOp' && c.prevSibling && c.nextSibling) out.set(this.text(c.prevSibling), c.nextSibling);
    }
    return out;
  }

  private call(node: SyntaxNode): Syn {
    const callee = namedChildren(node)[0];
    const comprehension = comprehensionIn(namedChildren(node)[1]);
    if (comprehension) return this.reducedOver(node, comprehension);
    const { canonical, module, nameNode, self, distribution } = this.callee(node);
    const text = this.text(callee);
    if (!canonical && module?.kind === 'numpy' && this.text(nameNode) === 'polyval') return this.polynomialValue(node, text);
    if (!canonical) {
      // tf.log, tf.reduce_variance: TensorFlow 2 has them in tf.math only
      const inMath = module?.kind === 'tf' && MODULE_NAMES.tfmath[this.text(nameNode)];
      this.fail(nameNode, inMath ? `TensorFlow 2 has no '${text}': write ${text.replace(/\.(\w+)$/, '.math.$1')}` : `unknown function '${text}'`);
    }
    const kw = this.keywords(node);
    const allowed = KEYWORDS_READ[canonical] ?? [];
    // a product along an axis (a keyword or a second argument) is not read
    const prodAlongAxis = (at: SyntaxNode) => this.fail(at, `'${text}' along an axis is not supported: ${text}(x) multiplies every entry`);
    for (const [k, value] of kw) {
      // TensorFlow's `name=` labels the operation in its graph and changes nothing
      if (k === 'name' && module?.lib === 'tf') continue;
      if (canonical === 'prod' && (k === 'axis' || k === 'dim')) prodAlongAxis(value);
      // the largest entry along an axis (each column's maximum) is not read
      if ((canonical === 'amax' || canonical === 'amin') && (k === 'axis' || k === 'dim')) this.fail(value, `'${text}' along an axis is not supported: ${text}(x) is the ${canonical === 'amax' ? 'largest' : 'smallest'} of every entry`);
      if (!allowed.includes(k)) this.fail(value, `the keyword argument '${k}' is not supported${k === 'axis' || k === 'dim' ? ` by '${text}'` : ''}${allowed.length ? ` (${allowed.join(', ')} ${allowed.length === 1 ? 'is' : 'are'})` : ''}`);
    }
    if (canonical === 'norm') this.refuseMaxNorm(node);
    const args = self ? [this.read(self), ...this.args(node)] : this.args(node);
    if (canonical === 'prod' && args.length > 1) prodAlongAxis(node);
    const at = this.at(callee);
    const c = (fn: string, as: Syn[] = args): Syn => ({ t: 'call', fn, args: as, at, text });
    const count = (n: number) => { if (args.length !== n) this.fail(callee, `'${text}' takes ${n === 1 ? 'one argument' : `${n} arguments`}, got ${args.length}`); };
    const bin = (op: BinOp, symbol: string, l = args[0], r = args[1]): Syn => ({ t: 'bin', op, l, r, at, text: symbol });
    const number = (value: string): Syn => readNumber(value, at);
    /** A positional argument, or the keyword that names it, or the default. */
    const option = (i: number, names: readonly string[], fallback?: Syn): Syn | undefined => {
      const key = names.find((k) => kw.has(k));
      return args[i] ?? (key ? this.read(kw.get(key)!) : fallback);
    };
    const lib = module?.lib;
    // a numpy ufunc's second positional argument is `out`, not a base: np.log(x, 2) is a TypeError
    if (module && module.kind !== 'math' && module.kind !== 'sympy' && canonical === 'log' && args.length === 2) {
      this.fail(callee, `'${text}' takes one argument (its second is the output array, not a base): write ${text}(x)/${text}(b), or log2, log10`);
    }
    switch (canonical) {
      // numpy's max/min reduce an array (the second argument is the axis): of all its entries, the largest or smallest
      case 'amax': case 'amin':
        if (args.length === 1 && kw.size === 0) return c(canonical);
        if (args.length === 0) this.fail(callee, `'${text}' takes an array`);
        if (args.length === 1) this.fail(callee, `'${text}' along an axis is not supported: of all the entries, ${text}(x)`);
        return this.fail(callee, `'${text}' reduces an array (its second argument is the axis): for the larger of two values write ${module?.kind === 'torch' ? `${text.replace(/\.\w+$/, '')}.${canonical === 'amax' ? 'maximum' : 'minimum'}` : `np.${canonical === 'amax' ? 'maximum' : 'minimum'}`}`);
      case 'max': case 'min':
        // the built-ins and SymPy's Max compare any number of values: max(a, b, c) is max(max(a, b), c); np.maximum takes two
        if (module && module.kind !== 'sympy') { count(2); return c(canonical); }
        if (args.length < 2) this.fail(callee, `'${text}' needs at least 2 arguments here`);
        return args.slice(1).reduce((a, b) => c(canonical, [a, b]), args[0]);
      case 'hypot':
        // math.hypot is n-ary: hypot(a, b, c) = hypot(hypot(a, b), c)
        if (args.length < 2) this.fail(callee, `'${text}' needs at least 2 arguments`);
        if (module?.kind !== 'math' && module) count(2);
        return args.slice(1).reduce((a, b) => c('hypot', [a, b]), args[0]);
      case 'power': count(2); return bin('epow', '**');
      case 'square': count(1); return bin('epow', '**', args[0], { t: 'num', value: Rational.of(2), at });
      case 'reciprocal': count(1); return bin('epow', '**', args[0], { t: 'num', value: Rational.MINUS_ONE, at });
      case 'rsqrt': count(1); return bin('epow', '**', args[0], { t: 'num', value: Rational.of(-1n, 2n), at });
      case 'root': count(2); return bin('epow', '**', args[0], bin('ediv', '/', { t: 'num', value: Rational.ONE, at }, args[1]));
      case 'matmul': {
        count(2);
        if (lib !== 'tf') for (const k of ['transpose_a', 'transpose_b']) if (kw.has(k)) this.fail(kw.get(k)!, `the keyword argument '${k}' is TensorFlow's: ${text} does not take it`);
        // tf.matmul(a, b, transpose_a=True) multiplies a' by b
        const [a, b] = ['transpose_a', 'transpose_b'].map((k, i) => (this.flag(kw, k) ? { t: 'transpose', arg: args[i], at, numpy: true } as Syn : args[i]));
        return bin('npmatmul', '@', a, b);
      }
      // tf.linalg.matvec(A, x): a matrix times a vector (1-D), A' x with transpose_a=True
      case 'matvec': count(2); return c('matvec', [this.flag(kw, 'transpose_a') ? { t: 'transpose', arg: args[0], at, numpy: true } : args[0], args[1]]);
      case 'tensordot': {
        // tf.tensordot(a, b, axes): axes=1 contracts a's last axis with b's first (x·y, A x, A B), axes=0 is the outer product
        const axes = option(2, ['axes']);
        if (args.length < 2 || args.length > 3 || !axes) this.fail(callee, `'${text}' takes two tensors and the number of axes to contract`);
        if (axes.t === 'num' && axes.value.isZero) return c('outer', args.slice(0, 2));
        if (axes.t === 'num' && axes.value.isOne) return c('npdot', args.slice(0, 2));
        return this.fail(callee, `'${text}' with axes=${axes.t === 'num' ? axes.value.toString() : 'a list'} is not supported (axes=1, a product, and axes=0, the outer product, are)`);
      }
      // np.linalg.solve(A, b) is A\b: the matrix engine keeps it a solve
      case 'solve': count(2); return bin('solve', 'solve');
      case 'multiply': count(2); return bin('emul', '*');
      case 'divide': count(2); return bin('ediv', '/');
      case 'transpose': count(1); return { t: 'transpose', arg: args[0], at, numpy: true };
      case 'len': count(1); return c('shapeof', [args[0], { t: 'num', value: Rational.ZERO, at }]);
      case 'ones': case 'zeros': case 'eye': return c(canonical, args.flatMap((a) => (a.t === 'call' && a.fn === 'tuple' ? a.args : [a])));
      case 'sum': case 'mean': {
        if (args.length < 1 || args.length > 2) count(1);
        // dim= and keepdim= are PyTorch's words; numpy's sum would raise a TypeError (a method, x.sum(dim=0), may be either's)
        const torchWord = ['dim', 'keepdim'].find((k) => kw.has(k));
        if (torchWord && module && lib !== 'torch') this.fail(kw.get(torchWord)!, `'${text}' takes ${torchWord === 'dim' ? 'axis' : 'keepdims'}=, not ${torchWord}= (PyTorch's word)`);
        const kept = this.keepsDims(kw);
        const axis = this.axisArgument(args[1], kw, callee);
        const x = args[0];
        const along = this.alongAxis(axis, at, text);
        // the mean divides by the number of entries reduced (len(x), X.shape[0], X.size)
        const reduced = canonical === 'sum' ? along.sum(x) : bin('ediv', '/', along.sum(x), c('size', axis ? [x, axis] : [x]));
        return kept ? along.kept(reduced) : reduced;
      }
      case 'var': case 'std': {
        if (args.length < 1 || args.length > 2) count(1);
        const axis = this.axisArgument(args[1], kw, callee);
        // numpy divides by n − ddof (0 by default), PyTorch by n − 1 unless correction= or unbiased=False says otherwise
        const unbiased = kw.has('unbiased') ? this.flag(kw, 'unbiased') : undefined;
        const ddofNode = kw.get('ddof') ?? kw.get('correction');
        const ddof = ddofNode ? this.read(ddofNode) : number(unbiased !== undefined ? (unbiased ? '1' : '0') : lib === 'torch' ? '1' : '0');
        // along an axis: each row's or column's, from its own mean (kept as a column for a row's)
        const along = axis ? { ...this.alongAxis(axis, at, text), count: c('size', [args[0], axis]) } : undefined;
        const variance = varianceSyn(args[0], ddof, canonical === 'std', at, text, along);
        return along && this.keepsDims(kw) ? along.kept(variance) : variance;
      }
      case 'logsumexp': case 'softmax': case 'log_softmax': {
        if (args.length < 1 || args.length > 2) count(1);
        const axis = this.axis(option(1, ['axis', 'dim']), callee);
        // scipy's (and jax.scipy's, and a bare name's, as imported from scipy.special) reduce every entry by default;
        // the others normalise along an axis (torch's dim, the last by default): a matrix's rows
        const everyEntry = !axis && (!module || (module.kind === 'special' && lib !== 'torch'));
        const z = args[0];
        const { sum, kept } = this.alongAxis(everyEntry ? undefined : axis ?? { t: 'num', value: Rational.MINUS_ONE, at }, at, text);
        const total = sum(c('exp', [z]));
        if (canonical === 'softmax') return bin('ediv', '/', c('exp', [z]), kept(total));
        const lse = c('log', [total]);
        if (canonical === 'log_softmax') return bin('bsub', '-', z, kept(lse));
        return this.flag(kw, 'keepdims') ? kept(lse) : lse;
      }
      // np.diff(x, n=2): x's differences, taken n times (along another axis is refused)
      case 'differences': {
        count(1);
        if (kw.has('axis') || kw.has('dim')) this.fail(kw.get('axis') ?? kw.get('dim')!, `'${text}' along an axis is not supported: of a vector, its differences`);
        const times = kw.get('n');
        return differencesSyn(args[0], times && this.read(times), at, text);
      }
      case 'reshape': case 'expand_dims': return this.columnOrRow(canonical, args, option(1, ['axis', 'dim']), callee);
      case 'matrix_power': return this.matrixPower(node, args);
      case 'einsum': return this.einsum(node, args);
      case 'slogdet': return this.fail(callee, `use ${text}(X)[1] for log |det X|`);
      case 'norm': return this.norm(node, args, kw);
      case 'factorial': count(1); this.spelled = { ...this.spelled, factorial: text }; return factorialSyn(args[0], at, text);
      // math.comb(n, k), scipy.special.comb and binom: n!/(k!(n − k)!)
      case 'binomial': count(2); this.spelled = { ...this.spelled, binomial: text }; return binomialSyn(args[0], args[1], at, text);
      case 'normal_distribution': return this.fail(callee, `'${text}(…)' is a distribution, not a number: differentiate its ${Object.keys(DISTRIBUTION_METHODS).slice(0, 2).join(' or ')} at a point`);
      case 'normal_pdf': case 'normal_logpdf': case 'normal_cdf': case 'normal_logcdf': case 'normal_sf': case 'normal_logsf': {
        if (distribution) return this.distributionMethod(canonical, distribution, option(0, ['value']), at, text);
        const x = option(0, ['x']);
        if (!x || args.length > 3) this.fail(callee, `'${text}' takes x, loc and scale`);
        // results call Φ and φ as the selection reaches norm (norm.cdf, scipy.stats.norm.pdf)
        const norm = text.slice(0, text.lastIndexOf('.'));
        const names = { cdf: `${norm}.cdf`, pdf: `${norm}.pdf` };
        this.spelled = { ...this.spelled, normcdf: names.cdf, normpdf: names.pdf };
        return normalSyn(canonical.slice('normal_'.length) as NormalFunction, x, option(1, ['loc']), option(2, ['scale']), at, text, names);
      }
      // logit(u) = log(u/(1 − u)), the inverse of the sigmoid
      case 'logit': count(1); return c('log', [bin('ediv', '/', args[0], bin('bsub', '-', { t: 'num', value: Rational.ONE, at }, args[0]))]);
      // the losses of torch.nn.functional, as their documentation defines them (reduction='mean' by default)
      case 'mse_loss': case 'l1_loss': case 'binary_cross_entropy': case 'binary_cross_entropy_with_logits': {
        const x = option(0, ['input']), y = option(1, ['target']);
        if (!x || !y || args.length > 2) this.fail(callee, `'${text}' takes the input and the target`);
        const one: Syn = { t: 'num', value: Rational.ONE, at };
        const entries: Syn = canonical === 'mse_loss' ? bin('epow', '**', bin('bsub', '-', x, y), { t: 'num', value: Rational.of(2), at })
          : canonical === 'l1_loss' ? c('abs', [bin('bsub', '-', x, y)])
          // −(y·log σ(x) + (1 − y)·log(1 − σ(x))) = softplus(x) − y·x
          : canonical === 'binary_cross_entropy_with_logits' ? bin('bsub', '-', c('softplus', [x]), bin('emul', '*', y, x))
          : { t: 'neg', at, arg: bin('badd', '+', bin('emul', '*', y, c('log', [x])), bin('emul', '*', bin('bsub', '-', one, y), c('log', [bin('bsub', '-', one, x)]))) };
        const reduction = kw.get('reduction');
        const how = reduction ? this.text(reduction).slice(1, -1) : 'mean';
        if (how === 'none') return entries;
        if (how === 'sum') return c('sum', [entries]);
        if (how !== 'mean') this.fail(reduction!, `reduction=${this.text(reduction!)} is not one of 'mean', 'sum', 'none'`);
        return bin('ediv', '/', c('sum', [entries]), c('size', [entries]));
      }
      // tf.nn's losses, as TensorFlow documents them: sum(t²)/2, and per entry (no reduction) the logistic loss
      case 'l2_loss': count(1); return bin('ediv', '/', c('sum', [bin('epow', '**', args[0], { t: 'num', value: Rational.of(2), at })]), { t: 'num', value: Rational.of(2), at });
      case 'squared_difference': count(2); return bin('epow', '**', bin('bsub', '-', args[0], args[1]), { t: 'num', value: Rational.of(2), at });
      case 'sigmoid_cross_entropy_with_logits': case 'softmax_cross_entropy_with_logits': {
        const y = option(0, ['labels']), z = option(1, ['logits']);
        if (!y || !z || args.length > 2) this.fail(callee, `'${text}' takes labels= and logits=`);
        // softplus(z) − y·z, entry by entry
        if (canonical === 'sigmoid_cross_entropy_with_logits') return bin('bsub', '-', c('softplus', [z]), bin('emul', '*', y, z));
        // −Σ y·log softmax(z) along the last axis: of a vector one number, of a matrix one per row
        const { sum, kept } = this.alongAxis(this.axis(option(2, ['axis']), callee) ?? { t: 'num', value: Rational.MINUS_ONE, at }, at, text);
        return { t: 'neg', at, arg: sum(bin('emul', '*', y, bin('bsub', '-', z, kept(c('log', [sum(c('exp', [z]))]))))) };
      }
      // SymPy's sinc is sin(u)/u; the table's is numpy's normalised sin(πu)/(πu)
      case 'sympy_sinc': count(1); return c('sinc', [bin('ediv', '/', args[0], { t: 'const', name: 'pi', at })]);
      case 'rational': count(2); return bin('ediv', '/');
      case 'number': count(1); return args[0];
      case 'round':
        if (args.length === 2 && !(args[1].t === 'num' && args[1].value.isZero)) this.fail(callee, `'${text}' with a number of decimals is not supported (its derivative is 0 where it is defined)`);
        if (kw.has('decimals')) this.fail(kw.get('decimals')!, `'${text}' with a number of decimals is not supported`);
        return c('round', [args[0]]);
      case 'piecewise': return this.piecewise(node, args);
      case 'diff': return this.derivative(node, args);
      case 'heaviside': {
        // np.heaviside(x, h0) and torch.heaviside(x, values) name the value at 0; SymPy's second argument is optional
        if (module?.kind === 'sympy' || !module) { if (args.length < 1 || args.length > 2) count(1); }
        else count(2);
        // the table's heaviside is ½ at 0; another value there is written out (the derivative is 0 either way)
        const h0 = option(1, ['H0']);
        if (!h0 || (h0.t === 'num' && h0.value.equals(Rational.HALF))) return c('heaviside', [args[0]]);
        const zero: Syn = { t: 'num', value: Rational.ZERO, at };
        return c('where', [c('gt', [args[0], zero]), { t: 'num', value: Rational.ONE, at }, c('where', [c('lt', [args[0], zero]), zero, h0])]);
      }
      case 'clip': {
        const lo = option(1, ['a_min', 'min', 'clip_value_min']);
        const hi = option(2, ['a_max', 'max', 'clip_value_max']);
        const none = (s?: Syn) => !s || (s.t === 'sym' && s.name === 'None');
        if (args.length < 1 || args.length > 3) this.fail(callee, `'${text}' takes an array and two bounds`);
        if (none(lo) && none(hi)) this.fail(callee, `'${text}' needs a lower or an upper bound`);
        if (none(lo)) return c('min', [args[0], hi!]);
        if (none(hi)) return c('max', [args[0], lo!]);
        return c('clip', [args[0], lo!, hi!]);
      }
      case 'where': count(3); return c('where');
      case 'leaky_relu': {
        const slope = option(1, ['negative_slope', 'alpha'], number(LEAKY_SLOPE[lib!] ?? '0.01'))!;
        return c('leaky_relu', [args[0], slope]);
      }
      case 'elu': {
        if (lib === 'tf' && args.length > 1) count(1);
        return c('elu', [args[0], option(1, ['alpha'], { t: 'num', value: Rational.ONE, at })!]);
      }
      case 'gelu': {
        count(1);
        const approximate = kw.get('approximate');
        let tanh = GELU_APPROXIMATE_BY_DEFAULT.has(lib!);
        if (approximate) {
          const v = this.text(approximate).replace(/^['"]|['"]$/g, '');
          if (v === 'tanh' || v === 'True') tanh = true;
          else if (v === 'none' || v === 'False') tanh = false;
          else this.fail(approximate, `approximate=${this.text(approximate)} is not a gelu form this extension knows ('none', 'tanh', True, False)`);
        }
        return c(tanh ? 'gelu_tanh' : 'gelu');
      }
      case 'softplus': {
        count(1);
        const beta = kw.get('beta');
        const threshold = kw.get('threshold');
        if (threshold) this.fail(threshold, `softplus's threshold= is not supported (its default, 20, switches to x only where the two agree to float precision)`);
        if (!beta) return c('softplus');
        // F.softplus(x, beta=b) is softplus(b·x)/b
        const b = this.read(beta);
        return bin('ediv', '/', c('softplus', [bin('emul', '*', b, args[0])]), b);
      }
      case 'polygamma':
        count(2);
        return c('polygamma');
      default: return c(canonical);
    }
  }

  /** sp.Piecewise((a, c1), (b, c2), (d, True)): nested where(c1, a, where(c2, b, d)). */
  private piecewise(node: SyntaxNode, args: Syn[]): Syn {
    const callee = namedChildren(node)[0];
    const at = this.at(callee);
    const pieces = args.map((a) => {
      if (a.t !== 'call' || a.fn !== 'tuple' || a.args.length !== 2) this.fail(callee, 'each piece of Piecewise is a pair (value, condition)');
      return a.args as [Syn, Syn];
    });
    if (pieces.length === 0) this.fail(callee, 'Piecewise needs at least one piece');
    const last = pieces[pieces.length - 1];
    const otherwise = last[1].t === 'num' && last[1].value.isOne;
    if (!otherwise) this.fail(callee, 'Piecewise needs a last piece (value, True): the function must be defined everywhere');
    let out = last[0];
    for (let i = pieces.length - 2; i >= 0; i--) out = { t: 'call', fn: 'where', args: [pieces[i][1], pieces[i][0], out], at, text: 'Piecewise' };
    return out;
  }

  /** sp.diff(f, x), diff(f, x, 2), diff(f, x, y), f.diff(y), diff(f, (x, 2)): a derivative operator in the selection. */
  private derivative(node: SyntaxNode, args: Syn[]): Syn {
    const callee = namedChildren(node)[0];
    const at = this.at(callee);
    const [arg, ...spec] = args;
    if (!arg || spec.length === 0) this.fail(callee, 'name the variable to differentiate by: diff(f, x)');
    const wrt: string[] = [];
    const order = (s: Syn): number => {
      if (s.t !== 'num' || !s.value.isInteger || s.value.isNegative || s.value.num > 20n) this.fail(callee, 'the order of a derivative is a whole number from 0 to 20');
      return Number(s.value.num);
    };
    for (const s of spec) {
      if (s.t === 'sym') wrt.push(s.name);
      else if (s.t === 'num') {
        const last = wrt.at(-1);
        if (last === undefined) this.fail(callee, 'an order follows the variable it applies to: diff(f, x, 2)');
        for (let k = order(s); k > 1; k--) wrt.push(last);
        if (order(s) === 0) wrt.pop();
      } else if (s.t === 'call' && s.fn === 'tuple' && s.args.length === 2 && s.args[0].t === 'sym') {
        for (let k = order(s.args[1]); k > 0; k--) wrt.push(s.args[0].name);
      } else this.fail(callee, 'differentiate by variables: diff(f, x), diff(f, x, 2), diff(f, x, y)');
    }
    return { t: 'derivative', arg, wrt, at };
  }

  /** numpy's axis argument: a whole number (negative counts from the last axis); None, or every axis of a matrix, reduces all. */
  private axis(s: Syn | undefined, callee: SyntaxNode): (Syn & { t: 'num' }) | undefined {
    if (!s || (s.t === 'sym' && s.name === 'None')) return undefined;
    if (s.t === 'num' && s.value.isInteger) return s;
    if (s.t === 'neg' && s.arg.t === 'num' && s.arg.value.isInteger) return { ...s.arg, value: s.arg.value.neg() };
    if (s.t === 'call' && s.fn === 'tuple') {
      const axes = new Set(s.args.map((a) => this.axis(a, callee)?.value.toString()));
      if (axes.size === 2 && (axes.has('0') || axes.has('-2')) && (axes.has('1') || axes.has('-1'))) return undefined;
    }
    return this.fail(callee, `the axis must be a whole number, None, or (0, 1)`);
  }

  /** np.linalg.norm(x, np.inf): max |xᵢ| has no gradient where the largest entry changes. */
  private refuseMaxNorm(node: SyntaxNode): void {
    for (const a of namedChildren(namedChildren(node)[1])) {
      if (/^-?\s*(?:\w+\.)*(?:inf|Inf|infty|infinity)$|^float\(\s*['"]-?inf/.test(this.text(a))) {
        this.fail(a, `the max-norm (ord=${this.text(a)}) is max |xᵢ| (or min), which is not differentiable where the largest entry changes and is not supported: use ord=1, ord=2 or a smooth surrogate such as logsumexp`);
      }
    }
  }

  /** np.linalg.matrix_power(X, k) for a whole number k: the product of k factors (inv(X) for k < 0, the identity for 0). */
  private matrixPower(node: SyntaxNode, args: Syn[]): Syn {
    const callee = namedChildren(node)[0];
    const at = this.at(callee), text = this.text(callee);
    if (args.length !== 2) this.fail(callee, `'${text}' takes a matrix and a whole number`);
    const [x, ks] = args;
    const exponent = ks.t === 'num' ? ks.value : ks.t === 'neg' && ks.arg.t === 'num' ? ks.arg.value.neg() : undefined;
    if (!exponent || !exponent.isInteger) this.fail(callee, `'${text}' needs a constant whole-number power`);
    const k = Number(exponent.num);
    if (Math.abs(k) > 8) this.fail(callee, 'matrix powers above 8 are not supported');
    const call = (fn: string, as: Syn[]): Syn => ({ t: 'call', fn, args: as, at, text });
    if (k === 0) return call('eye', [call('shapeof', [x, { t: 'num', value: Rational.ZERO, at }])]);
    // inv(inv(X)) is X, checked square as numpy does
    const factor = k < 0 ? call('inv', [x]) : Math.abs(k) === 1 ? call('inv', [call('inv', [x])]) : x;
    let out = factor;
    for (let i = 1; i < Math.abs(k); i++) out = { t: 'bin', op: 'npmatmul', l: out, r: factor, at, text: '@' };
    return out;
  }

  /**
   * np.einsum of operands of at most two axes, taken in pairs left to right: each summed index becomes a
   * sum, a matrix product, a trace or a Frobenius product; kept ones an outer, element-wise or diagonal product.
   */
  private einsum(node: SyntaxNode, args: Syn[]): Syn {
    const callee = namedChildren(node)[0];
    const at = this.at(callee), text = this.text(callee);
    const fail = (why: string): never => this.fail(callee, `${text}: ${why}`);
    const [spec, ...operands] = args;
    if (!spec || spec.t !== 'str') fail(`the first argument is the subscripts string ('ij,j->i')`);
    const subscripts = (spec as Syn & { t: 'str' }).value.replace(/\s+/g, '');
    const m = /^([a-zA-Z]*(?:,[a-zA-Z]*)*)(?:->([a-zA-Z]*))?$/.exec(subscripts);
    if (!m) fail(`'${subscripts}' is not supported (letters, commas and one '->'; no ellipsis)`);
    const inputs = m![1].split(',');
    if (inputs.length !== operands.length) fail(`'${subscripts}' names ${inputs.length} operand${inputs.length === 1 ? '' : 's'}, got ${operands.length}`);
    if (inputs.some((s) => s.length > 2)) fail('arrays of more than two axes are not supported');
    const letters = inputs.join('');
    // implicit output: the letters written once, in alphabetical order
    const out = m![2] ?? [...new Set(letters)].filter((l) => letters.split(l).length === 2).sort().join('');
    if (out.length > 2 || new Set(out).size !== out.length || [...out].some((l) => !letters.includes(l))) fail(`the output '${out}' is not supported`);
    type Term = { syn: Syn; idx: string };
    const num = (k: number): Syn => ({ t: 'num', value: Rational.of(k), at });
    const call = (fn: string, as: Syn[]): Syn => ({ t: 'call', fn, args: as, at, text });
    // np.dot's product, not a written @ (which TensorFlow takes for matrices only)
    const matmul = (l: Syn, r: Syn): Syn => call('npdot', [l, r]);
    const reversed = (s: string) => [...s].reverse().join('');
    const orient = (t: Term, idx: string): Syn => {
      if (t.idx === idx) return t.syn;
      if (t.idx.length === 2 && reversed(t.idx) === idx) return { t: 'transpose', arg: t.syn, at, numpy: true };
      return fail(`'${subscripts}' is not supported`);
    };
    /** Sums `t` over index `l`. */
    const reduce = (t: Term, l: string): Term => {
      if (t.idx === l + l) return { syn: call('tr', [t.syn]), idx: '' };
      if (t.idx.length === 1) return { syn: call('sum', [t.syn]), idx: '' };
      return { syn: call('sum', [t.syn, num(t.idx.indexOf(l))]), idx: t.idx.replace(l, '') };
    };
    const terms: Term[] = operands.map((syn, k) => ({ syn, idx: inputs[k] }));
    for (const [k, t] of terms.entries()) {
      if (t.idx.length !== 2 || t.idx[0] !== t.idx[1]) continue;
      // a repeated index is the diagonal
      if (operands.length > 1) fail('a repeated index within one of several operands is not supported');
      terms[k] = out.includes(t.idx[0]) ? { syn: call('diag', [t.syn]), idx: t.idx[0] } : reduce(t, t.idx[0]);
    }
    /** Sums `t` over the given indices: over all of them at once when they are all it has. */
    const reduceAll = (t: Term, letters: string[]): Term =>
      letters.length === 2 && t.idx.length === 2 ? { syn: call('sum', [t.syn]), idx: '' } : letters.reduce(reduce, t);
    // an index only one operand has, and not kept, is summed there first
    for (const [k, t] of terms.entries()) {
      terms[k] = reduceAll(t, [...t.idx].filter((l) => !out.includes(l) && terms.every((u, j) => j === k || !u.idx.includes(l))));
    }
    /** The product of two operands, summed over the indices they share that `keep` does not hold. */
    const contract = (a: Term, b: Term, keep: string): Term => {
      const shared = [...a.idx].filter((l) => b.idx.includes(l));
      const summed = shared.filter((l) => !keep.includes(l));
      const elementwise = (): Syn => ({ t: 'bin', op: 'emul', l: a.syn, r: orient(b, a.idx), at, text: '*' });
      if (shared.length === 0) {
        // no common index: scaling, or the outer product of two vectors
        if (a.idx === '' || b.idx === '') return { syn: { t: 'bin', op: 'emul', l: a.syn, r: b.syn, at, text: '*' }, idx: a.idx + b.idx };
        if (a.idx.length === 1 && b.idx.length === 1) return { syn: call('outer', [a.syn, b.syn]), idx: a.idx + b.idx };
        return fail(`'${subscripts}' makes an array of more than two axes`);
      }
      if (summed.length === 2) return { syn: call('dot', [a.syn, orient(b, a.idx)]), idx: '' };
      if (summed.length === 1 && shared.length === 1) {
        const s = summed[0];
        const left = a.idx.length === 2 ? orient(a, a.idx.replace(s, '') + s) : a.syn;
        const right = b.idx.length === 2 ? orient(b, s + b.idx.replace(s, '')) : b.syn;
        return { syn: matmul(left, right), idx: a.idx.replace(s, '') + b.idx.replace(s, '') };
      }
      if (summed.length === 0 && a.idx.length === b.idx.length) return { syn: elementwise(), idx: a.idx };
      if (summed.length === 0) {
        // a vector against a matrix along one of its axes: diag(v) @ M or M @ diag(v)
        const [v, mat] = a.idx.length === 1 ? [a, b] : [b, a];
        const l = v.idx;
        const rest = mat.idx.replace(l, '');
        return mat.idx[0] === l ? { syn: matmul(call('diag', [v.syn]), mat.syn), idx: mat.idx } : { syn: matmul(mat.syn, call('diag', [v.syn])), idx: rest + l };
      }
      // a batch index kept and another summed: 'ij,ij->i' is the element-wise product summed along j
      return reduce({ syn: elementwise(), idx: a.idx }, summed[0]);
    };
    // operands in pairs, left to right where that keeps every product within two axes ('ij,kl,jk->il'
    // takes the second and third first); each pair keeps the indices of the output and of the others
    const pending = [...terms];
    while (pending.length > 1) {
      const kept = (i: number, j: number) => out + pending.filter((_, k) => k !== i && k !== j).map((t) => t.idx).join('');
      // the axes the pair's product keeps: the indices not both of them sum away
      const axes = (i: number, j: number) => {
        const [a, b, keep] = [pending[i].idx, pending[j].idx, kept(i, j)];
        return new Set([...a + b].filter((l) => keep.includes(l) || !(a.includes(l) && b.includes(l)))).size;
      };
      const pairs = pending.flatMap((_, i) => pending.map((_, j) => [i, j] as const).filter(([, j]) => j > i));
      const [i, j] = pairs.find(([a, b]) => axes(a, b) <= 2 && [...pending[a].idx].some((l) => pending[b].idx.includes(l))) ?? pairs.find(([a, b]) => axes(a, b) <= 2) ?? [0, 1];
      pending.splice(i, 1, contract(pending[i], pending[j], kept(i, j)));
      pending.splice(j, 1);
    }
    const result = pending[0];
    return orient(reduceAll(result, [...result.idx].filter((l) => !out.includes(l))), out);
  }

  /** Of a vector: the Euclidean and 1-norms; of a matrix: Frobenius by default, induced norms refused for ord 1, 2. */
  private norm(node: SyntaxNode, args: Syn[], kw: Map<string, SyntaxNode>): Syn {
    const callee = namedChildren(node)[0];
    const text = this.text(callee);
    const at = this.at(callee);
    // torch.norm's order is p=
    const ordKey = ['ord', 'p'].find((k) => kw.has(k));
    const ord = args[1] ?? (ordKey ? this.read(kw.get(ordKey)!) : undefined);
    const shown = this.text(node);
    const what = shown.length <= 40 ? shown : `${text}(…)`;
    const np = this.usedNumpy ?? this.imports.numpy ?? 'np';
    const only = (fn: string, refuse?: ArrayRefusal): Syn => ({ t: 'call', fn, args: [args[0]], at, text, ...(refuse ? { refuse } : {}) });
    const byDefault = !ord || (ord.t === 'sym' && ord.name === 'None');
    // along an axis, each row's or column's vector norm (numpy's third argument, torch's dim=, keepdims as sum's)
    const axis = this.axisArgument(args[2], kw, callee);
    if (axis) {
      const x = args[0];
      const along = this.alongAxis(axis, at, text);
      const p = byDefault || (ord.t === 'num' && ord.value.equals(Rational.of(2))) ? 2 : ord.t === 'num' && ord.value.isOne ? 1
        : this.fail(callee, `this norm along an axis is not supported (ord 1, 2 and the default are)`);
      const reduced = vectorNormSyn(x, p, along.sum, at, text);
      return this.keepsDims(kw) ? along.kept(reduced) : reduced;
    }
    if (byDefault) return only('norm2');
    if (ord.t === 'str' && ord.value === 'fro') return only('norm2');
    if (ord.t === 'num' && ord.value.isOne) return only('norm1', { matrix: `${what} of a matrix is its induced 1-norm (the largest column sum), which is not supported; write ${np}.sum(${np}.abs(M)) for the sum of absolute values` });
    if (ord.t === 'num' && ord.value.equals(Rational.of(2))) return only('norm2', { matrix: `${what} of a matrix is its spectral norm (the largest singular value), which is not supported; write ${np}.linalg.norm(M) for the Frobenius norm` });
    return this.fail(callee, `this norm is not supported (ord 1, 2, 'fro' and the default are)`);
  }
}

/** The keyword arguments read, per canonical function (others are refused where written). */
/** The methods of a normal distribution object read (torch.distributions, TensorFlow Probability), as scipy's norm functions. */
const DISTRIBUTION_METHODS: Readonly<Record<string, string>> = {
  log_prob: 'normal_logpdf', prob: 'normal_pdf', cdf: 'normal_cdf', log_cdf: 'normal_logcdf', survival_function: 'normal_sf', log_survival_function: 'normal_logsf',
};
/** Keywords of a Normal's constructor: its parameters, and checks and names that change no value. */
const DISTRIBUTION_KEYWORDS: readonly string[] = ['loc', 'scale', 'validate_args', 'allow_nan_stats', 'name'];

const KEYWORDS_READ: Readonly<Record<string, readonly string[]>> = {
  sum: ['axis', 'keepdims', 'dim', 'keepdim'], mean: ['axis', 'keepdims', 'dim', 'keepdim'], var: ['axis', 'dim', 'ddof', 'correction', 'unbiased', 'keepdims', 'keepdim'], std: ['axis', 'dim', 'ddof', 'correction', 'unbiased', 'keepdims', 'keepdim'], logsumexp: ['axis', 'dim', 'keepdims'], softmax: ['axis', 'dim'], log_softmax: ['axis', 'dim'],
  norm: ['ord', 'p', 'axis', 'dim', 'keepdims', 'keepdim'], tensordot: ['axes'], sigmoid_cross_entropy_with_logits: ['labels', 'logits'], softmax_cross_entropy_with_logits: ['labels', 'logits', 'axis'], matvec: ['transpose_a'], matmul: ['transpose_a', 'transpose_b'], gelu: ['approximate'], leaky_relu: ['negative_slope', 'alpha'], elu: ['alpha'], softplus: ['beta', 'threshold'],
  mse_loss: ['input', 'target', 'reduction'], l1_loss: ['input', 'target', 'reduction'],
  binary_cross_entropy: ['input', 'target', 'reduction'], binary_cross_entropy_with_logits: ['input', 'target', 'reduction'],
  clip: ['a_min', 'a_max', 'min', 'max', 'clip_value_min', 'clip_value_max'], heaviside: ['H0'], round: ['decimals'], expand_dims: ['axis', 'dim'],
  differences: ['n', 'axis', 'dim'],
  ...Object.fromEntries(['pdf', 'logpdf', 'cdf', 'logcdf', 'sf', 'logsf'].map((f) => [`normal_${f}`, ['x', 'loc', 'scale', 'value']])),
};

/** The canonical names of the vocabulary, read bare when nothing imports them (sigmoid(x), relu(x) in notes). */
const BARE_NAMES: Readonly<Record<string, string>> = Object.fromEntries([
  'erf', 'erfc', 'sigmoid', 'log_sigmoid', 'softplus', 'gelu', 'silu', 'logaddexp', 'sinc', 'relu', 'leaky_relu', 'elu', 'heaviside', 'where', 'clip',
  'floor', 'ceil', 'gamma', 'lgamma', 'digamma', 'polygamma', 'beta', 'softmax', 'log_softmax', 'logsumexp',
].map((n) => [n, n]).concat([['expit', 'sigmoid'], ['log_expit', 'log_sigmoid']]));

/** τ = 2π. */
function tau(at: number): Syn {
  return { t: 'bin', op: 'emul', l: { t: 'num', value: Rational.of(2), at }, r: { t: 'const', name: 'pi', at }, at, text: '*' };
}

/**
 * Python's floats may end in a point (`5.`, `5.e3`, `5.j`), which the Lezer grammar does not know:
 * they are rewritten to `5 `, `5e3 `, `5j ` (same value, same length, so columns stay right).
 */
function withoutTrailingPoints(source: string): string {
  return source.replace(/(?<![\w.])(\d[\d_]*)\.((?:[eE][+-]?\d[\d_]*)?[jJ]?)(?![\w.])/g, (_, whole: string, rest: string) => `${whole}${rest} `);
}

/** Strings and comments: their brackets and operators are not the expression's. */
const STRING_OR_COMMENT = /#[^\n]*|[rRbBfFuU]{0,2}(?:"""[^]*?"""|'''[^]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/g;

/**
 * The selection prepared for Lezer by prepareForLezer (long chains grouped, deep nesting refused). It
 * leaves text with strings or comments ('fro', # …) as it is, so they are masked first, keeping every
 * column (a string becomes a name, a comment spaces), and the groups it inserts are put into the
 * selection itself. An unmatched closing bracket is refused at its column (Lezer, past a few hundred
 * terms, reports another place).
 */
function prepare(source: string): PreparedSource {
  const masked = /["'#\\]/.test(source)
    ? source.replace(STRING_OR_COMMENT, (m) => (m[0] === '#' ? ' ' : '_').repeat(m.length)).replace(/\\(?=\r?\n)/g, ' ')
    : source;
  let depth = 0;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && --depth < 0) throw new InputError(`unmatched '${c}'`, i);
  }
  const prepared = prepareForLezer(masked, 'python');
  if (masked === source || prepared.text === masked) return { ...prepared, text: prepared.text === masked ? source : prepared.text };
  // the inserted brackets are the characters of prepared.text beyond the masked text, in order
  let text = '';
  for (let i = 0, j = 0; i < prepared.text.length; i++) {
    if (j < masked.length && prepared.text[i] === masked[j]) text += source[j++];
    else text += prepared.text[i];
  }
  return { ...prepared, text };
}

/** A Python selection read once: its syntax, the name it assigns, how results print, and the numpy prefix for matrix results. */
export interface PythonReading {
  syn: Syn;
  assignedTo?: string;
  style: PythonStyle;
  /** numpy module prefix used in the selection or the document (`np`). */
  prefix: string;
}

export function readPython(source: string, documentText = ''): PythonReading {
  if (source.trim() === '') throw new InputError('the selection is empty');
  const prepared = prepare(withoutTrailingPoints(source));
  const statement = atSourceOffsets(prepared, () => singleStatement(parser, prepared.text));
  const at = (node: SyntaxNode) => prepared.toSource(node.from);
  let target: SyntaxNode | undefined;
  let assignedTo: string | undefined;
  if (statement.name === 'ExpressionStatement' || statement.name === 'ReturnStatement') {
    target = namedChildren(statement).at(-1);
    if (!target) throw new InputError('select an expression', at(statement));
  } else if (statement.name === 'AssignStatement') {
    const parts = namedChildren(statement).filter((n) => n.name !== 'AssignOp' && n.name !== 'TypeDef');
    if (parts.length !== 2 || parts[0].name !== 'VariableName') throw new InputError('select a single assignment such as y = x**2', at(statement));
    assignedTo = textOf(parts[0], prepared.text);
    target = parts[1];
  } else throw new InputError('select an expression, not a statement', at(statement));
  const imports = readImports(documentText + '\n' + source);
  const reader = new PythonReader(prepared, imports);
  const syn = reader.read(target);
  return { syn, assignedTo, style: chooseStyle(reader, imports, source, documentText), prefix: reader.usedNumpy ?? imports.numpy ?? 'np' };
}

/** Results print the way the selection calls functions: the module and alias it used (np., jnp., torch., F., sp.), or bare names. */
function chooseStyle(reader: PythonReader, imports: Imports, source: string, documentText: string): PythonStyle {
  const spacedProducts = usesSpacedProducts(source, true, documentText);
  /** The document's own alias for a module path (its import lines first, then the conventional one). */
  const aliasOf = (path: string): string | undefined =>
    imports.explicit.find((a) => imports.aliases.get(a)?.path === path) ?? Object.entries(CONVENTIONAL).find(([a, p]) => p === path && imports.aliases.get(a)?.path === path)?.[0];
  const explicitAlias = (path: string) => imports.explicit.find((a) => imports.aliases.get(a)?.path === path);
  const { main, nn, special: usedSpecial } = reader.used;
  // the library results are written in: the first module the selection used, else its bare names, else the document's
  let family: { module: PrintedModule; library?: 'jax' | 'autograd'; prefix: string } | undefined;
  const ofLib = (lib: Library, kind: ModuleKind, prefix?: string): typeof family => {
    switch (lib) {
      case 'jax': return { module: 'numpy', library: 'jax', prefix: prefix ?? aliasOf('jax.numpy') ?? 'jnp' };
      case 'autograd': return { module: 'numpy', library: 'autograd', prefix: prefix ?? aliasOf('autograd.numpy') ?? 'anp' };
      case 'torch': return { module: 'torch', prefix: prefix ?? aliasOf('torch') ?? 'torch' };
      case 'tf': return { module: 'tf', prefix: prefix?.replace(/\.(math|linalg)$/, '') ?? aliasOf('tensorflow') ?? 'tf' };
      case 'sympy': return { module: 'sympy', prefix: prefix ?? aliasOf('sympy') ?? 'sp' };
      case 'math': return { module: 'math', prefix: prefix ?? 'math' };
      default: return kind === 'math' ? { module: 'math', prefix: prefix ?? 'math' } : { module: 'numpy', prefix: prefix ?? imports.numpy ?? 'np' };
    }
  };
  if (main) family = ofLib(main.lib, main.kind, main.prefix);
  else if (nn) family = ofLib(nn.lib, 'nn');
  else if (usedSpecial && usedSpecial.lib !== 'scipy') family = ofLib(usedSpecial.lib, 'special');
  else if (reader.usedBare) family = { ...ofLib(reader.usedBare.lib, reader.usedBare.kind)!, prefix: '' };
  else if (imports.starModule) family = { ...ofLib(imports.starModule.lib, imports.starModule.kind)!, prefix: '' };
  else if (reader.usedUnimported) family = { module: 'sympy', prefix: '' };
  else {
    const first = imports.explicit.map((a) => [a, imports.aliases.get(a)!] as const).find(([, m]) => ['numpy', 'math', 'sympy', 'torch', 'tf'].includes(m.kind));
    // the code's own functions called bare (sigmoid(x)) with no library in sight: bare names throughout
    family = first ? ofLib(first[1].lib, first[1].kind, first[0]) : reader.written ? { module: 'sympy', prefix: '' } : { module: 'numpy', prefix: 'np' };
  }
  const f = family!;
  const specialPath = f.library === 'jax' ? 'jax.scipy.special' : f.library === 'autograd' ? 'autograd.scipy.special' : f.module === 'torch' ? 'torch.special' : 'scipy.special';
  const specialAlias = usedSpecial && (usedSpecial.lib === (f.library ?? (f.module === 'torch' ? 'torch' : 'scipy'))) ? usedSpecial.prefix : explicitAlias(specialPath);
  const special = specialAlias ?? (f.module === 'torch' ? `${f.prefix || 'torch'}.special` : specialPath);
  // `from scipy.special import expit` reaches expit by its name only: scipy.special.expit would be a NameError
  const expitImported = [...imports.bare.entries()].find(([, b]) => b.module.path === specialPath && b.name === 'expit')?.[0];
  const moduleImported = specialAlias !== undefined || imports.explicit.some((a) => imports.aliases.get(a)?.path === 'scipy') || f.library === 'autograd';
  const expit = expitImported ?? (moduleImported ? dotted(special, 'expit') : undefined);
  const nnPrefix = nn && nn.lib === (f.library ?? f.module) ? nn.prefix
    : f.module === 'torch' ? explicitAlias('torch.nn.functional') ?? `${f.prefix || 'torch'}.nn.functional`
    : f.module === 'tf' ? `${f.prefix || 'tf'}.nn`
    : f.library === 'jax' ? explicitAlias('jax.nn') ?? `${explicitAlias('jax') ?? 'jax'}.nn` : undefined;
  return {
    prefix: f.prefix, module: f.module, spacedProducts, special,
    ...(f.library ? { library: f.library } : {}),
    ...(nnPrefix ? { nn: nnPrefix } : {}),
    ...(expit ? { expit } : {}),
    ...(reader.usedConditional ? { conditional: true } : {}),
    ...(reader.usedMath && (f.module === 'torch' || f.module === 'tf') ? { mathScalars: true } : {}),
    ...(reader.written || reader.spelled ? { written: { ...reader.written, ...reader.spelled } } : {}),
  };
}

// ── Printing ─────────────────────────────────────────────────────────────────

/** The printed module prefixes of a style: the main module, the activations, the special functions, tf.math. */
interface Prefixes { m: string; n: string; s: string; t: string }
/** How a family writes one canonical function: `slot:name` (slot m, n, s, t, or b for a built-in), or a template over the printed arguments. */
type Spelling = string | ((a: readonly string[], x: readonly Expr[], p: Prefixes) => string);

const dotted = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);
const named = (names: readonly string[], slot = 'm'): Record<string, string> => Object.fromEntries(names.map((n) => [n, `${slot}:${n}`]));
const ELEMENTARY = ['exp', 'sqrt', 'log', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'log1p', 'expm1', 'abs', 'sign'];
const isConstantExpr = (e: Expr) => symbolsOf(e).size === 0;

/** Conditions joined as numpy and PyTorch code joins them, entry by entry: (x > 0) & (x < 3). */
const ELEMENTWISE_LOGIC: Readonly<Record<string, Spelling>> = {
  and: (a, x) => a.map((s, i) => (isCallOf(x[i], 'and') ? s : `(${s})`)).join(' & '),
  or: (a, x) => a.map((s, i) => (isCallOf(x[i], 'or') ? s : `(${s})`)).join(' | '),
};
const isCallOf = (e: Expr, fn: string) => e.kind === 'call' && e.fn === fn;
const NUMPY_SPELLING: Readonly<Record<string, Spelling>> = {
  ...named([...ELEMENTARY, 'hypot', 'logaddexp', 'sinc', 'floor', 'ceil', 'round', 'where', 'clip', 'cbrt', 'exp2', 'log2', 'log10']),
  ...Object.fromEntries(Object.entries(NUMPY_NAMES).map(([c, n]) => [c, `m:${n}`])),
  gt: 'm:greater', ge: 'm:greater_equal', lt: 'm:less', le: 'm:less_equal', ...ELEMENTWISE_LOGIC, not: 'm:logical_not',
  heaviside: (a, _, p) => `${dotted(p.m, 'heaviside')}(${a[0]}, ${a[1] ?? '0.5'})`,
  ...Object.fromEntries(Object.entries(SCIPY_SPECIAL).map(([c, n]) => [c, `s:${n}`])),
};
/** jax.numpy's extras: jax.nn's activations. */
const JAX_NN: Readonly<Record<string, Spelling>> = {
  ...named(['sigmoid', 'softplus', 'log_sigmoid', 'silu', 'relu'], 'n'),
  gelu: (a, _, p) => `${p.n}.gelu(${a[0]}, approximate=False)`,
  gelu_tanh: (a, _, p) => `${p.n}.gelu(${a[0]})`,
  leaky_relu: (a, _, p) => `${p.n}.leaky_relu(${a[0]}, negative_slope=${a[1]})`,
  elu: (a, _, p) => `${p.n}.elu(${a[0]}, alpha=${a[1]})`,
};
const MATH_SPELLING: Readonly<Record<string, Spelling>> = {
  ...named([...ELEMENTARY.filter((n) => n !== 'abs' && n !== 'sign'), 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh', 'atan2', 'hypot', 'erf', 'erfc', 'gamma', 'lgamma', 'floor', 'ceil', 'cbrt', 'exp2', 'log2', 'log10']),
  abs: 'b:abs', max: 'b:max', min: 'b:min', round: 'b:round', digamma: 's:digamma', polygamma: 's:polygamma',
  // math has no sign: numpy's, as before
  sign: (a) => `np.sign(${a[0]})`,
  where: (a) => `(${a[1]} if ${a[0]} else ${a[2]})`,
  and: (a) => `(${a[0]} and ${a[1]})`, or: (a) => `(${a[0]} or ${a[1]})`, not: (a) => `(not ${a[0]})`,
};
const SYMPY_SPELLING: Readonly<Record<string, Spelling>> = {
  ...named([...ELEMENTARY.filter((n) => n !== 'abs'), 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'asec', 'acsc', 'coth', 'sech', 'csch', 'asinh', 'acosh', 'atanh', 'acoth', 'asech', 'acsch', 'atan2', 'erf', 'erfc', 'gamma', 'digamma', 'polygamma', 'beta', 'floor', 'cbrt']),
  // the built-in abs works on SymPy expressions (and reads better bare); Max and Min do not
  abs: (a, _, p) => `${p.m ? `${p.m}.Abs` : 'abs'}(${a[0]})`,
  max: 'm:Max', min: 'm:Min', ceil: 'm:ceiling', lgamma: 'm:loggamma', log1p: (a, _, p) => `${dotted(p.m, 'log')}(1 + ${a[0]})`, expm1: (a, _, p) => `(${dotted(p.m, 'exp')}(${a[0]}) - 1)`,
  heaviside: (a, _, p) => `${dotted(p.m, 'Heaviside')}(${a.join(', ')})`,
  sinc: (a, _, p) => `${dotted(p.m, 'sinc')}(${dotted(p.m, 'pi')}*(${a[0]}))`,
  where: (a, _, p) => `${dotted(p.m, 'Piecewise')}((${a[1]}, ${a[0]}), (${a[2]}, True))`,
  and: (a, _, p) => `${dotted(p.m, 'And')}(${a.join(', ')})`, or: (a, _, p) => `${dotted(p.m, 'Or')}(${a.join(', ')})`, not: (a, _, p) => `${dotted(p.m, 'Not')}(${a[0]})`,
};
/** PyTorch's two-tensor functions take no Python number: a constant operand becomes a tensor. */
const tensor = (p: Prefixes, a: string, x: Expr) => (isConstantExpr(x) ? `${p.m}.tensor(${a})` : a);
const TORCH_SPELLING: Readonly<Record<string, Spelling>> = {
  ...named([...ELEMENTARY, 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh', 'log2', 'log10', 'exp2', 'erf', 'erfc', 'lgamma', 'digamma', 'polygamma', 'sigmoid', 'sinc', 'where', 'floor', 'ceil', 'round', 'relu', 'gt', 'ge', 'lt', 'le']),
  ...ELEMENTWISE_LOGIC, not: 'm:logical_not',
  atan2: (a, x, p) => `${p.m}.atan2(${tensor(p, a[0], x[0])}, ${tensor(p, a[1], x[1])})`,
  hypot: (a, x, p) => `${p.m}.hypot(${tensor(p, a[0], x[0])}, ${tensor(p, a[1], x[1])})`,
  logaddexp: (a, x, p) => `${p.m}.logaddexp(${tensor(p, a[0], x[0])}, ${tensor(p, a[1], x[1])})`,
  max: (a, x, p) => (isConstantExpr(x[1]) ? `${p.m}.clamp(${a[0]}, min=${a[1]})` : isConstantExpr(x[0]) ? `${p.m}.clamp(${a[1]}, min=${a[0]})` : `${p.m}.maximum(${a[0]}, ${a[1]})`),
  min: (a, x, p) => (isConstantExpr(x[1]) ? `${p.m}.clamp(${a[0]}, max=${a[1]})` : isConstantExpr(x[0]) ? `${p.m}.clamp(${a[1]}, max=${a[0]})` : `${p.m}.minimum(${a[0]}, ${a[1]})`),
  clip: (a, _, p) => `${p.m}.clamp(${a[0]}, ${a[1]}, ${a[2]})`,
  cbrt: (a, _, p) => `(${p.m}.sign(${a[0]})*${p.m}.abs(${a[0]})**(1/3))`,
  ...named(['softplus', 'silu', 'gelu'], 'n'),
  log_sigmoid: 'n:logsigmoid', normcdf: 's:ndtr',
  gelu_tanh: (a, _, p) => `${p.n}.gelu(${a[0]}, approximate='tanh')`,
  leaky_relu: (a, _, p) => `${p.n}.leaky_relu(${a[0]}, ${a[1]})`,
  elu: (a, _, p) => `${p.n}.elu(${a[0]}, alpha=${a[1]})`,
};
const TF_SPELLING: Readonly<Record<string, Spelling>> = {
  ...named(['exp', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh', 'abs', 'sign', 'sigmoid', 'floor', 'round', 'atan2']),
  max: 'm:maximum', min: 'm:minimum',
  ...named(['log', 'log1p', 'expm1', 'erf', 'erfc', 'lgamma', 'digamma', 'softplus', 'log_sigmoid', 'ceil'], 't'),
  gt: 't:greater', ge: 't:greater_equal', lt: 't:less', le: 't:less_equal', and: 't:logical_and', or: 't:logical_or', not: 't:logical_not',
  // tf.math.polygamma wants the order as a float tensor like x
  polygamma: (a, _, p) => `${p.t}.polygamma(${/^\d+$/.test(a[0]) ? `${a[0]}.0` : a[0]}, ${a[1]})`,
  clip: (a, _, p) => `${p.m}.clip_by_value(${a[0]}, ${a[1]}, ${a[2]})`,
  // tf.where converts Python numbers on their own: 1 would be an int32 beside a float tensor
  where: (a, _, p) => `${p.m}.where(${a[0]}, ${a.slice(1).map((t) => (/^-?\d+$/.test(t) ? `${t}.0` : t)).join(', ')})`,
  cbrt: (a, _, p) => `(${p.m}.sign(${a[0]})*${p.m}.abs(${a[0]})**(1/3))`,
  ...named(['relu', 'silu'], 'n'),
  gelu: (a, _, p) => `${p.n}.gelu(${a[0]})`,
  gelu_tanh: (a, _, p) => `${p.n}.gelu(${a[0]}, approximate=True)`,
  leaky_relu: (a, _, p) => `${p.n}.leaky_relu(${a[0]}, alpha=${a[1]})`,
};

/** The printed name of a function spelled `slot:name`. */
function spelledName(spelling: string, p: Prefixes): string {
  const [slot, name] = spelling.split(':');
  if (slot === 'b') return name;
  return dotted(slot === 'n' ? p.n : slot === 's' ? p.s : slot === 't' ? p.t : p.m, name);
}

/** The canonical functions TensorFlow has. */
export const TF_SPELLED: readonly string[] = Object.keys(TF_SPELLING);

/** f(u) of one argument as TensorFlow code (tf.math.log(u), tf.nn.relu(u)), for the matrix printer; undefined where TensorFlow lacks f. */
export function tensorflowCall(fn: string, arg: string, prefix: string): string | undefined {
  const spelling = TF_SPELLING[fn];
  if (spelling === undefined) return undefined;
  const p: Prefixes = { m: prefix, n: `${prefix}.nn`, s: '', t: `${prefix}.math` };
  return typeof spelling === 'string' ? `${spelledName(spelling, p)}(${arg})` : spelling([arg], [], p);
}

/** A style's spellings: its library's, and the functions the selection calls bare as it calls them. */
function spellingsOf(style: PythonStyle): Readonly<Record<string, Spelling>> {
  const library = librarySpellingsOf(style);
  if (!style.written) return library;
  return { ...library, ...Object.fromEntries(Object.entries(style.written).map(([canonical, name]) => [canonical, `b:${name}`])) };
}

/** A library's spellings, plus jax.nn for jax.numpy and scipy.special's expit where the document imports it. */
function librarySpellingsOf(style: PythonStyle): Readonly<Record<string, Spelling>> {
  switch (style.module) {
    case 'math': return MATH_SPELLING;
    case 'sympy': return SYMPY_SPELLING;
    case 'torch': return TORCH_SPELLING;
    case 'tf': return TF_SPELLING;
    default: {
      const numpy = style.library === 'jax' ? { ...NUMPY_SPELLING, ...JAX_NN }
        : style.expit ? { ...NUMPY_SPELLING, sigmoid: `b:${style.expit}` } : NUMPY_SPELLING;
      // scalar code written with `a if c else b` gets its wheres back that way, not as np.where
      return style.conditional ? { ...numpy, where: MATH_SPELLING.where, and: MATH_SPELLING.and, or: MATH_SPELLING.or, not: MATH_SPELLING.not } : numpy;
    }
  }
}

const fnCall = (fn: string, ...args: Expr[]): Expr => (fn === 'exp' ? pow(E, args[0]) : FUNCTIONS.has(fn) ? call(fn, args) : rawCall(fn, args));
const expOf = (u: Expr) => pow(E, u);
/**
 * The vocabulary written with other functions, for a library that lacks one (numpy has no sigmoid,
 * TensorFlow no sinc): each is the function's definition, so the value is the same everywhere.
 */
const FORMULAS: Readonly<Record<string, (a: readonly Expr[], has: (fn: string) => boolean) => Expr>> = {
  relu: ([u]) => fnCall('max', u, ZERO),
  leaky_relu: ([u, s]) => fnCall('where', fnCall('gt', u, ZERO), u, mul(s, u)),
  elu: ([u, a]) => fnCall('where', fnCall('gt', u, ZERO), u, mul(a, fnCall('expm1', u))),
  sigmoid: ([u]) => pow(add(ONE, expOf(neg(u))), MINUS_ONE),
  softplus: ([u], has) => (has('logaddexp') ? fnCall('logaddexp', ZERO, u) : fnCall('log1p', expOf(u))),
  log_sigmoid: ([u], has) => neg(has('softplus') ? fnCall('softplus', neg(u)) : has('logaddexp') ? fnCall('logaddexp', ZERO, neg(u)) : fnCall('log1p', expOf(neg(u)))),
  silu: ([u], has) => mul(u, has('sigmoid') ? fnCall('sigmoid', u) : pow(add(ONE, expOf(neg(u))), MINUS_ONE)),
  gelu: ([u]) => mul(HALF, u, add(ONE, fnCall('erf', mul(u, pow(TWO, num(Rational.of(-1n, 2n))))))),
  gelu_tanh: ([u]) => mul(HALF, u, add(ONE, fnCall('tanh', mul(sqrtOf(div(TWO, PI)), add(u, mul(num(Rational.parseDecimal('0.044715'), true), pow(u, num(3)))))))),
  sinc: ([u]) => div(fnCall('sin', mul(PI, u)), mul(PI, u)),
  logaddexp: ([a, b]) => fnCall('log', add(expOf(a), expOf(b))),
  heaviside: ([u, h]) => (h ? fnCall('where', fnCall('gt', u, ZERO), ONE, fnCall('where', fnCall('lt', u, ZERO), ZERO, h)) : mul(HALF, add(ONE, fnCall('sign', u)))),
  clip: ([u, lo, hi]) => fnCall('min', fnCall('max', u, lo), hi),
  erfc: ([u]) => sub(ONE, fnCall('erf', u)),
  gamma: ([u]) => expOf(fnCall('lgamma', u)),
  beta: ([a, b], has) => (has('gamma') ? div(mul(fnCall('gamma', a), fnCall('gamma', b)), fnCall('gamma', add(a, b))) : expOf(sub(add(fnCall('lgamma', a), fnCall('lgamma', b)), fnCall('lgamma', add(a, b))))),
  exp2: ([u]) => pow(TWO, u),
  hypot: ([u, v]) => sqrtOf(add(pow(u, TWO), pow(v, TWO))),
  max: ([u, v]) => div(add(u, v, fnCall('abs', sub(u, v))), TWO),
  min: ([u, v]) => div(sub(add(u, v), fnCall('abs', sub(u, v))), TWO),
};
const sqrtOf = (u: Expr) => pow(u, HALF);

/** Rewrites, bottom-up, the calls a family cannot spell with their formulas. */
function withFormulas(e: Expr, has: (fn: string) => boolean): Expr {
  checkDeadline();
  const kids = children(e);
  if (kids.length === 0) return e;
  const rewritten = kids.map((k) => withFormulas(k, has));
  if (e.kind === 'call' && !has(e.fn) && FORMULAS[e.fn]) return withFormulas(FORMULAS[e.fn](rewritten, has), has);
  return rewritten.every((k, i) => k === kids[i]) ? e : rebuild(e, rewritten, rawCall);
}

/** The comparisons printInfix writes as operators (x > 0). */
const COMPARED: ReadonlySet<string> = new Set(['gt', 'ge', 'lt', 'le']);
/** printInfix writes the comparisons as operators (x > 0); and, or, not are calls of the library. */
const PREDICATE_FUNCTIONS: ReadonlySet<string> = new Set(['gt', 'ge', 'lt', 'le', 'and', 'or', 'not']);

export function printPython(e: Expr, style: PythonStyle): string {
  const spellings = spellingsOf(style);
  const has = (fn: string) => fn in spellings || COMPARED.has(fn) || fn === 'exp' || fn === 'sqrt';
  const lowered = withCubeRoots(lowerFor(withFormulas(e, has), new Set([...Object.keys(spellings), ...COMPARED])));
  return new PythonPrinter(style, spellings).print(lowered);
}

/**
 * Prints through printInfix; what it cannot write as `name(args)` (templates such as F.gelu(u,
 * approximate='tanh'), np.where's conditions, constants for torch and TensorFlow) is printed first and
 * stands in the tree as a placeholder name.
 */
class PythonPrinter {
  private readonly placeholders = new Map<string, string>();
  private readonly p: Prefixes;
  private readonly infix: InfixStyle;

  constructor(private readonly style: PythonStyle, private readonly spellings: Readonly<Record<string, Spelling>>) {
    const m = style.prefix;
    this.p = { m, n: style.nn ?? '', s: style.special ?? 'scipy.special', t: `${m || 'tf'}.math` };
    const q = (name: string) => dotted(m, name);
    this.infix = {
      power: { op: '**' },
      fn: (name) => this.spell(name),
      // TensorFlow has no π: Python's math has it; SymPy's e is E
      constant: (name) => (style.module === 'tf' || style.module === 'torch' ? `math.${name}` : style.module === 'sympy' && name === 'e' ? q('E') : q(name)),
      logBase: (arg, base) => {
        if ((base === 10n || base === 2n) && (style.module !== 'tf' && style.module !== 'sympy')) return `${this.spell(`log${base}`)}(${arg})`;
        return style.module === 'math' || style.module === 'sympy' ? `${q('log')}(${arg}, ${base})` : undefined;
      },
      symbol: (name) => this.placeholders.get(name) ?? pythonName(name),
      spacedProducts: style.spacedProducts,
      parenthesizeNegatedPower: false,
      // numpy and torch compare entry by entry (TensorFlow's, SymPy's and plain Python's comparisons are 1 or 0 by now)
      orValue: { or: '|', parenthesized: true },
    };
  }

  /** The printed name of a function spelled `slot:name`. */
  private spell(fn: string): string {
    const s = this.spellings[fn];
    return typeof s === 'string' ? spelledName(s, this.p) : dotted(this.p.m, fn);
  }

  print(e: Expr): string {
    return printInfix(this.marked(e, false), this.infix);
  }

  private placeholder(text: string): Expr {
    const name = `\u0001${this.placeholders.size}`;
    this.placeholders.set(name, text);
    return sym(name);
  }

  /** The tree with placeholders for what printInfix cannot write; `condition`: a where's condition (comparisons stay booleans). */
  private marked(e: Expr, condition: boolean): Expr {
    checkDeadline();
    const kids = children(e);
    if (kids.length === 0) return e;
    const { module } = this.style;
    const array = module === 'torch' || module === 'tf';
    // a comparison used as a number: numpy and torch multiply booleans; TensorFlow, SymPy and Python write 1 or 0
    if (e.kind === 'call' && PREDICATE_FUNCTIONS.has(e.fn) && !condition && (module === 'tf' || module === 'sympy' || module === 'math')) {
      return this.marked(rawCall('where', [e, ONE, ZERO]), false);
    }
    // torch and TensorFlow functions take tensors: a constant such as √2 is Python's math
    if (array && isConstantExpr(e) && e.kind === 'pow' && e.exp.kind === 'num' && e.exp.value.isNegative) {
      return pow(this.marked(pow(e.base, num(e.exp.value.neg())), false), MINUS_ONE);
    }
    if (array && isConstantExpr(e) && (e.kind === 'call' || (e.kind === 'pow' && (e.base === E || (e.exp.kind === 'num' && !e.exp.value.isInteger))))) {
      return this.placeholder(`${printPython(e, { prefix: 'math', module: 'math', spacedProducts: this.style.spacedProducts })}`);
    }
    // SymPy keeps exact exponents: x**sp.Rational(3, 2), not x**1.5
    if (module === 'sympy' && e.kind === 'pow' && e.exp.kind === 'num' && !e.exp.value.isInteger && e.exp.value.den !== 2n) {
      const r = e.exp.value;
      return pow(this.marked(e.base, false), this.placeholder(`${dotted(this.style.prefix, 'Rational')}(${r.num}, ${r.den})`));
    }
    // where(c, where(d, a, b), b) is a where c and d both hold, where(c, a, where(d, a, b)) one where either
    // does: one where, as the selection wrote it
    if (e.kind === 'call' && e.fn === 'where') {
      const { alternatives, value, otherwise } = joinedWhere(e);
      const joined = alternatives.map((all) => all.reduce((l, r) => rawCall('and', [l, r]))).reduce((l, r) => rawCall('or', [l, r]));
      if (alternatives.length > 1 || alternatives[0].length > 1) return this.marked(rawCall('where', [joined, value, otherwise]), condition);
    }
    if (e.kind === 'call') {
      const spelling = this.spellings[e.fn];
      const inCondition = e.fn === 'where' ? [true, false, false] : PREDICATE_FUNCTIONS.has(e.fn) && (e.fn === 'and' || e.fn === 'or' || e.fn === 'not') ? e.args.map(() => true) : e.args.map(() => false);
      const args = e.args.map((a, i) => this.marked(a, inCondition[i]));
      if (typeof spelling === 'function') {
        return this.placeholder(spelling(args.map((a) => printInfix(a, this.infix)), e.args, this.p));
      }
      return args.every((k, i) => k === e.args[i]) ? e : rawCall(e.fn, args);
    }
    const rewritten = kids.map((k) => this.marked(k, false));
    return rewritten.every((k, i) => k === kids[i]) ? e : rebuild(e, rewritten, rawCall);
  }
}
