// Plain math: `x^2 sin(x)`, implicit multiplication, `ln`, `log(x, b)`, `e`, `pi`. It is also
// MatrixCalculus.org's notation (the `matrix` dialect): `x'*A*x`, `.*`, `./`, `.^`, `A\b`, `tr(X)`.
import { Expr } from '../expr';
import { FUNCTIONS } from '../functions';
import { toScalar } from '../scalar';
import { InfixStyle, printInfix } from './infix';
import { Grammar, Reading, readWith, Token, UNICODE_ROOTS } from './reader';
import { GREEK_LETTERS } from './greek';
import { warn } from './warnings';

/** Plain math's function names → canonical names (src/core/syntax.ts). */
const NAMES: Record<string, string> = {
  exp: 'exp', sqrt: 'sqrt', cbrt: 'cbrt', ln: 'log', arcsin: 'asin', arccos: 'acos', arctan: 'atan', arcsinh: 'asinh', arccosh: 'acosh', arctanh: 'atanh', trigamma: 'trigamma',
  // MatrixCalculus.org's array functions
  factorial: 'factorial', sigmoid: 'sigmoid', sum: 'sum', prod: 'prod', tr: 'tr', trace: 'tr', det: 'det', logdet: 'logdet', inv: 'inv', diag: 'diag', norm1: 'norm1', norm2: 'norm2', eye: 'eye', ones: 'ones', zeros: 'zeros',
  // the largest and smallest entry, as the matrix notation prints them
  amax: 'amax', amin: 'amin',
};
for (const def of FUNCTIONS.values()) if (!def.alsoVariable) NAMES[def.name] = def.name;
/** Functions whose names are also variables (gamma is γ): functions only when called. */
const CALLED_ONLY: Readonly<Record<string, string>> = Object.fromEntries([...FUNCTIONS.values()].filter((d) => d.alsoVariable).map((d) => [d.name, d.name]));

/**
 * Names such as `xe` in `xe^x` or `ax` in `ax^2 + bx + c`: a person writing plain math usually means a
 * product of letters, but `ab` may be one name. A name of letters that are each a variable of the
 * selection on their own (or `e`) is read as their product (`xe^x` = x*e^x, since x is a variable
 * there); any other short name of two or three letters stays one name. Both readings come with a warning.
 */
function splitNames(tokens: Token[]): Token[] {
  const singles = new Set(tokens.filter((t, i) => t.kind === 'name' && t.text.length === 1 && tokens[i + 1].text !== '(').map((t) => t.text));
  const out: Token[] = [];
  tokens.forEach((t, i) => {
    const word = t.kind === 'name' && /^[A-Za-z]{2,}$/.test(t.text) && !(t.text in NAMES) && !(t.text in PLAIN_CONSTANTS) && !(t.text in GREEK_LETTERS) && tokens[i + 1].text !== '(';
    if (!word) { out.push(t); return; }
    const letters = [...t.text];
    const product = letters.join('*');
    if (letters.every((l) => singles.has(l) || l === 'e') && letters.some((l) => singles.has(l))) {
      warn(`read '${t.text}' as ${product}, since its letters are variables here; rename it if it is one name`);
      letters.forEach((l, k) => out.push({ kind: 'name', text: l, at: t.at + k, spaced: k === 0 && t.spaced }));
      return;
    }
    if (letters.length <= 3) warn(`read '${t.text}' as one name; write ${product} for a product`);
    out.push(t);
  });
  return out;
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
};

/**
 * MatrixCalculus.org's notation (the `matrix` dialect) is plain math where every letter is a name (e is
 * a vector as often as not), pi is π, and a selection may be `y = expression`.
 */
export const MATRIX_GRAMMAR: Grammar = { ...PLAIN_GRAMMAR, constants: { pi: 'pi' }, unknownFunction: undefined, assignment: true };

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

export function printPlain(e: Expr): string { return printInfix(e, PLAIN_STYLE); }
