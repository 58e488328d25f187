// Plain math: `x^2 sin(x)`, implicit multiplication, `ln`, `log(x, b)`, `e`, `pi`.
import { E, Expr, PI } from '../expr';
import { FUNCTIONS } from '../functions';
import { InfixStyle, printInfix } from './infix';
import { applyFunction, Grammar, read, ReadResult, Token } from './reader';
import { InputError } from '../api';
import { GREEK_LETTERS } from './greek';
import { warn } from './warnings';

const NAMES: Record<string, string> = { exp: 'exp', sqrt: 'sqrt', cbrt: 'cbrt', ln: 'log', arcsin: 'asin', arccos: 'acos', arctan: 'atan', arcsinh: 'asinh', arccosh: 'acosh', arctanh: 'atanh' };
for (const def of FUNCTIONS.values()) if (!def.alsoVariable) NAMES[def.name] = def.name;
/** Functions whose names are also variables (gamma is γ): functions only when called. */
const CALLED_ONLY: Readonly<Record<string, string>> = Object.fromEntries([...FUNCTIONS.values()].filter((d) => d.alsoVariable).map((d) => [d.name, d.name]));
NAMES.trigamma = 'trigamma';

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

const PLAIN_CONSTANTS = { pi: PI, e: E };

export const PLAIN_GRAMMAR: Grammar = {
  implicit: 'full',
  power: ['^'],
  powerChain: 'right',
  numbers: 'decimal',
  splitNames,
  times: ['*'],
  divide: ['/'],
  functions: NAMES,
  special: (name, args, at) => {
    if (CALLED_ONLY[name]) return applyFunction(CALLED_ONLY[name], args, at, name);
    if (!(name in NAMES)) throw new InputError(`unknown function '${name}' (write ${name}*(…) for a product)`, at);
    return undefined;
  },
  constants: PLAIN_CONSTANTS,
  forbidden: { '**': "use '^' for powers in plain math", '.^': "use '^' for powers in plain math", '.*': "use '*' for products in plain math", './': "use '/' in plain math" },
};

export function readPlain(src: string): ReadResult { return read(src, PLAIN_GRAMMAR); }
export function parsePlain(src: string): Expr { return readPlain(src).expr; }
/** Functions plain math writes by name (others are lowered before printing). */
export const PLAIN_FUNCTIONS: ReadonlySet<string> = new Set([
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'asec', 'acsc',
  'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth', 'asinh', 'acosh', 'atanh', 'acoth', 'asech', 'acsch',
  'log', 'abs', 'sign', 'gamma', 'lgamma', 'digamma', 'polygamma',
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
