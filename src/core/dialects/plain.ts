// Plain math: `x^2 sin(x)`, implicit multiplication, `ln`, `log(x, b)`, `e`, `pi`.
import { E, Expr, PI } from '../expr';
import { FUNCTIONS } from '../functions';
import { InfixStyle, printInfix } from './infix';
import { Grammar, read, ReadResult } from './reader';

const NAMES: Record<string, string> = { exp: 'exp', sqrt: 'sqrt', cbrt: 'cbrt', ln: 'log', arcsin: 'asin', arccos: 'acos', arctan: 'atan', arcsinh: 'asinh', arccosh: 'acosh', arctanh: 'atanh' };
for (const name of FUNCTIONS.keys()) NAMES[name] = name;

export const PLAIN_GRAMMAR: Grammar = {
  implicit: 'full',
  power: ['^'],
  times: ['*'],
  divide: ['/'],
  functions: NAMES,
  constants: { pi: PI, e: E },
  forbidden: { '**': "use '^' for powers in plain math", '.^': "use '^' for powers in plain math", '.*': "use '*' for products in plain math", './': "use '/' in plain math" },
};

export function readPlain(src: string): ReadResult { return read(src, PLAIN_GRAMMAR); }
export function parsePlain(src: string): Expr { return readPlain(src).expr; }
/** Functions plain math writes by name (others are lowered before printing). */
export const PLAIN_FUNCTIONS: ReadonlySet<string> = new Set([
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'asec', 'acsc',
  'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth', 'asinh', 'acosh', 'atanh', 'acoth', 'asech', 'acsch',
  'log', 'abs', 'sign',
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
