// MATLAB and Octave, scalar expressions: `^` and `.^`, `.*`, `./`, `exp(1)`, `log10`, `nthroot`.
import { E, Expr, num, PI, pow } from '../expr';
import { FUNCTIONS, logBase } from '../functions';
import { Rational } from '../rational';
import { lowerFor } from '../lower';
import { InfixStyle, printInfix } from './infix';
import { Grammar, read, ReadResult } from './reader';
import { usesSpacedProducts } from './lezer';

const NAMES: Record<string, string> = { exp: 'exp', sqrt: 'sqrt', realsqrt: 'sqrt', reallog: 'log' };
for (const name of FUNCTIONS.keys()) NAMES[name] = name;

export const MATLAB_GRAMMAR: Grammar = {
  implicit: 'none',
  power: ['^', '.^'],
  times: ['*', '.*'],
  divide: ['/', './'],
  functions: NAMES,
  special: (name, args) => {
    if (name === 'exp' && args.length === 1 && args[0].kind === 'num' && args[0].value.isOne) return E;
    if (name === 'log10' && args.length === 1) return logBase(args[0], num(10));
    if (name === 'log2' && args.length === 1) return logBase(args[0], num(2));
    if (name === 'power' && args.length === 2) return pow(args[0], args[1]);
    if (name === 'nthroot' && args.length === 2 && args[1].kind === 'num' && args[1].value.isInteger) return pow(args[0], num(Rational.of(1n, args[1].value.num)));
    return undefined;
  },
  constants: { pi: PI },
  forbidden: { '**': "use '^' for powers in MATLAB" },
  assignment: true,
};

export interface MatlabStyle { spacedProducts: boolean; elementwise: boolean }

export function readMatlab(src: string): ReadResult & { style: MatlabStyle } {
  return { ...read(src, MATLAB_GRAMMAR), style: { spacedProducts: usesSpacedProducts(src), elementwise: /\.[*/^]/.test(src) } };
}

const AVAILABLE = new Set(FUNCTIONS.keys());

export function printMatlab(e: Expr, style: MatlabStyle): string {
  const infix: InfixStyle = {
    power: { op: style.elementwise ? '.^' : '^' },
    fn: (name) => name,
    constant: (name) => (name === 'pi' ? 'pi' : 'exp(1)'),
    logBase: (arg, base) => (base === 10n || base === 2n ? `log${base}(${arg})` : undefined),
    spacedProducts: style.spacedProducts,
    parenthesizeNegatedPower: false,
    times: style.elementwise ? '.*' : '*',
    divide: style.elementwise ? './' : '/',
  };
  return printInfix(lowerFor(e, AVAILABLE), infix);
}
