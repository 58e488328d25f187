// Plain math: `x^2 sin(x)`, implicit multiplication, `ln`, `log(x, b)`, `e`, `pi`. It is also
// MatrixCalculus.org's notation (the `matrix` dialect): `x'*A*x`, `.*`, `./`, `.^`, `A\b`, `tr(X)`.
import { Expr } from '../expr';
import { FUNCTIONS } from '../functions';
import { toScalar } from '../scalar';
import { Syn, walkSyn } from '../syntax';
import { InfixStyle, printInfix } from './infix';
import { Grammar, Reading, readWith, Token, UNICODE_ROOTS } from './reader';
import { GREEK_LETTERS, nameToGreek } from './greek';
import { warn } from './warnings';

/** Plain math's function names → canonical names (src/core/syntax.ts). */
const NAMES: Record<string, string> = {
  exp: 'exp', sqrt: 'sqrt', cbrt: 'cbrt', ln: 'log', arcsin: 'asin', arccos: 'acos', arctan: 'atan', arcsinh: 'asinh', arccosh: 'acosh', arctanh: 'atanh', trigamma: 'trigamma',
  factorial: 'factorial', sigmoid: 'sigmoid',
};
/** MatrixCalculus.org's array functions, and the largest and smallest entry as the matrix notation prints them. */
const ARRAY_NAMES: ReadonlySet<string> = new Set(['sum', 'prod', 'tr', 'trace', 'det', 'logdet', 'inv', 'diag', 'norm1', 'norm2', 'eye', 'ones', 'zeros', 'amax', 'amin']);
for (const name of ARRAY_NAMES) NAMES[name] = name === 'trace' ? 'tr' : name;
for (const def of FUNCTIONS.values()) if (!def.alsoVariable) NAMES[def.name] = def.name;
/** Functions whose names are also variables (gamma is γ): functions only when called. */
const CALLED_ONLY: Readonly<Record<string, string>> = Object.fromEntries([...FUNCTIONS.values()].filter((d) => d.alsoVariable).map((d) => [d.name, d.name]));

/**
 * Names such as `xe` in `xe^x` or `ax` in `ax^2 + bx + c`: a person writing plain math usually means a
 * product of letters, but `ab` may be one name. A name of letters that are each a variable of the
 * selection on their own (or `e`) is read as their product (`xe^x` = x*e^x, since x is a variable
 * there), and so is a short name ending in a letter that ends another short name too (`ax` and `bx`:
 * x is the variable, a and b its coefficients); any other short name of two or three letters stays
 * one name. Every such reading comes with a warning.
 */
function splitNames(tokens: Token[]): Token[] {
  const singles = new Set(tokens.filter((t, i) => t.kind === 'name' && t.text.length === 1 && tokens[i + 1].text !== '(').map((t) => t.text));
  const shortWords = new Set(tokens.filter((t, i) => t.kind === 'name' && /^[A-Za-z]{2,3}$/.test(t.text) && !(t.text in NAMES) && !(t.text in GREEK_LETTERS) && tokens[i + 1].text !== '(').map((t) => t.text));
  const endings = [...shortWords].map((w) => w[w.length - 1]);
  const shared = new Set(endings.filter((l, k) => endings.indexOf(l) !== k));
  const out: Token[] = [];
  tokens.forEach((t, i) => {
    const word = t.kind === 'name' && /^[A-Za-z]{2,}$/.test(t.text) && !(t.text in NAMES) && !(t.text in PLAIN_CONSTANTS) && !(t.text in GREEK_LETTERS) && tokens[i + 1].text !== '(';
    if (!word) { out.push(t); return; }
    // sinx, lnx, cosh2x... as sin x: a function's name run into its variable, as people type it
    const fn = functionPrefix(t.text);
    const rest = fn ? t.text.slice(fn.length) : '';
    if (fn && (rest.length === 1 || [...rest].every((l) => singles.has(l)))) {
      warn(`read '${t.text}' as ${fn}(${rest}); write ${fn}(${rest}) to say so, or rename it if it is one name`);
      out.push({ ...t, text: fn }, { kind: 'name', text: rest, at: t.at + fn.length, spaced: false });
      return;
    }
    const letters = [...t.text];
    const product = letters.join('*');
    const last = letters[letters.length - 1];
    const ofVariables = letters.every((l) => singles.has(l) || l === 'e') && letters.some((l) => singles.has(l));
    if (ofVariables || (letters.length <= 3 && shared.has(last))) {
      warn(`read '${t.text}' as ${product}, since ${ofVariables ? 'its letters are variables here' : `${last} ends other names here too`}; rename it if it is one name`);
      letters.forEach((l, k) => out.push({ kind: 'name', text: l, at: t.at + k, spaced: k === 0 && t.spaced }));
      return;
    }
    if (letters.length <= 3) warn(`read '${t.text}' as one name; write ${product} for a product`);
    out.push(t);
  });
  return out;
}

/** The longest name of a scalar function that `word` starts with, leaving letters after it (sinhx → sinh). */
function functionPrefix(word: string): string | undefined {
  for (let k = word.length - 1; k >= 2; k--) {
    const head = word.slice(0, k);
    if (Object.hasOwn(NAMES, head) && !ARRAY_NAMES.has(head)) return head;
  }
  return undefined;
}

const PLAIN_CONSTANTS = { pi: 'pi', e: 'e' } as const;

export const PLAIN_GRAMMAR: Grammar = {
  implicit: 'full',
  powerChain: 'right',
  sums: { '+': 'add', '-': 'sub' },
  // MatrixCalculus.org: `*` is the matrix product (or a scaling), `.*` and `./` element-wise, A\b solves
  products: { '*': 'mul', '/': 'div', '.*': 'emul', './': 'ediv', '\\': 'solve', '⋅': 'dot' },
  powers: { '^': 'pow', '.^': 'epow' },
  transposes: ["'", ".'"],
  factorials: true,
  numbers: 'decimal',
  // √x, x², 2πx, a·b, a×b, a − b
  prefix: UNICODE_ROOTS,
  unicode: 'math',
  splitNames,
  functions: NAMES,
  calledOnly: CALLED_ONLY,
  unknownFunction: (name) => `unknown function '${name}' (write ${name}*(…) for a product)`,
  constants: PLAIN_CONSTANTS,
  forbidden: { '**': "use '^' for powers in plain math" },
  bareFunctions: true,
  absoluteBars: true,
};

/**
 * MatrixCalculus.org's notation (the `matrix` dialect) is plain math where every letter is a name (e is
 * a vector as often as not), pi is π, and a selection may be `y = expression`.
 */
export const MATRIX_GRAMMAR: Grammar = { ...PLAIN_GRAMMAR, constants: { pi: 'pi' }, unknownFunction: undefined, assignment: true, bareFunctions: false, absoluteBars: false,
  unread: { '|': 'bars are not read in this notation: write abs(x) for absolute values, norm2(x) for a norm, det(X) for a determinant' } };

/** The one reader of plain math: the surface syntax. */
export function readPlain(src: string): Reading { return readWith(src, PLAIN_GRAMMAR); }
/** The one reader of MatrixCalculus.org's notation: the surface syntax. */
export function readMatrixNotation(src: string): Reading { return readWith(src, MATRIX_GRAMMAR); }
/** Plain math as the scalar engine's expression tree. */
export function parsePlain(src: string): Expr { return toScalar(readPlain(src).syn); }
/** Functions plain math writes by name (others are lowered before printing). */
export const PLAIN_FUNCTIONS: ReadonlySet<string> = new Set([
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'asec', 'acsc',
  'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth', 'asinh', 'acosh', 'atanh', 'acoth', 'asech', 'acsch',
  'log', 'abs', 'sign', 'gamma', 'lgamma', 'digamma', 'polygamma',
  'erf', 'erfc', 'normcdf', 'normpdf', 'beta', 'sigmoid', 'log_sigmoid', 'softplus', 'gelu', 'gelu_tanh', 'silu', 'logaddexp', 'sinc',
  // piecewise: where(x > 0, a, b), the comparisons as operators
  'relu', 'heaviside', 'leaky_relu', 'elu', 'where', 'gt', 'ge', 'lt', 'le', 'clip', 'floor', 'ceil', 'round', 'max', 'min',
]);

export const PLAIN_STYLE: InfixStyle = {
  power: { op: '^' },
  fn: (name) => name,
  constant: (name) => name,
  logBase: (arg, base) => `log(${arg}, ${base})`,
  spacedProducts: false,
  parenthesizeNegatedPower: false,
};

/**
 * How a plain selection writes what results write too: `bars`, absolute values as |u|; `names`, the
 * names it calls functions by (ln for log, arcsin for asin); `eulerPower`, the exponential as e^u;
 * `letters`, the variables it writes as Greek letters (σ for sigma); `pi`, π for pi.
 */
export interface PlainWriting { bars?: boolean; names?: Readonly<Record<string, string>>; eulerPower?: boolean; letters?: Readonly<Record<string, string>>; pi?: boolean }

/** The selection's writing: e^u only where it writes no exp(u) besides. */
export function plainWriting(syn: Syn, source: string): PlainWriting {
  let names: Record<string, string> | undefined;
  let letters: Record<string, string> | undefined;
  let eulerPower = false, expCalled = false, pi = false;
  // a name that starts with a letter past ASCII is written in Unicode: σ, σ_1
  const unicodeAt = (at: number) => /^[^\x00-\x7f]/.test(source.slice(at, at + 1));
  for (const s of walkSyn(syn)) {
    if (s.t === 'call' && s.text !== s.fn && NAMES[s.text] === s.fn) (names ??= {})[s.fn] = s.text;
    if (s.t === 'call' && s.fn === 'exp') expCalled = true;
    if (s.t === 'bin' && s.op === 'pow' && s.l.t === 'const' && s.l.name === 'e') eulerPower = true;
    if (s.t === 'sym' && unicodeAt(s.at)) (letters ??= {})[s.name] = nameToGreek(s.name);
    if (s.t === 'const' && s.name === 'pi' && unicodeAt(s.at)) pi = true;
  }
  return {
    ...(source.includes('|') ? { bars: true } : {}), ...(names ? { names } : {}), ...(eulerPower && !expCalled ? { eulerPower } : {}),
    ...(letters ? { letters } : {}), ...(pi ? { pi } : {}),
  };
}

/** Whether a selection writes plain math as the engine's canonical plain form does (no |u|, ln, e^u or Greek letters). */
export function writesCanonically(writing: PlainWriting): boolean {
  return !writing.bars && !writing.names && !writing.eulerPower && !writing.letters && !writing.pi;
}

/** Plain math, written as the selection writes (PlainWriting). */
export function printPlain(e: Expr, writing: PlainWriting = {}): string {
  if (writesCanonically(writing)) return printInfix(e, PLAIN_STYLE);
  const { names, letters } = writing;
  return printInfix(e, {
    ...PLAIN_STYLE,
    ...(writing.bars ? { absoluteBars: true } : {}),
    ...(names ? { fn: (name: string) => names[name] ?? name } : {}),
    ...(writing.eulerPower ? { eulerPower: true } : {}),
    ...(letters ? { symbol: (name: string) => letters[name] ?? name } : {}),
    ...(writing.pi ? { constant: (name: string) => (name === 'pi' ? 'π' : name) } : {}),
  });
}
