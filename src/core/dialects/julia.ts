// Julia, scalar expressions: `^`, `2x` coefficients, `π`, `ℯ`, `log(b, x)`, broadcasting `sin.(x)`.
import { E, Expr, num, PI, pow } from '../expr';
import { FUNCTIONS, logBase } from '../functions';
import { Rational } from '../rational';
import { lowerFor } from '../lower';
import { InfixStyle, printInfix } from './infix';
import { Grammar, read, ReadResult } from './reader';
import { usesSpacedProducts } from './lezer';
import { nameToGreek } from './greek';

const NAMES: Record<string, string> = { exp: 'exp', sqrt: 'sqrt', cbrt: 'cbrt' };
for (const name of FUNCTIONS.keys()) NAMES[name] = name;

export const JULIA_GRAMMAR: Grammar = {
  implicit: 'coefficient',
  power: ['^', '.^'],
  times: ['*', '.*'],
  divide: ['/', './'],
  functions: NAMES,
  special: (name, args) => {
    if (name === 'log' && args.length === 2) return logBase(args[1], args[0]); // Julia: log(b, x)
    if (name === 'log10' && args.length === 1) return logBase(args[0], num(10));
    if (name === 'log2' && args.length === 1) return logBase(args[0], num(2));
    if (name === 'exp' && args.length === 1 && args[0].kind === 'num' && args[0].value.isOne) return E;
    if (name === 'exp2' && args.length === 1) return pow(num(2), args[0]);
    if (name === 'exp10' && args.length === 1) return pow(num(10), args[0]);
    if (name === 'inv' && args.length === 1) return pow(args[0], num(-1));
    if (name === 'sqrt' && args.length === 1) return pow(args[0], num(Rational.HALF));
    return undefined;
  },
  constants: { pi: PI, 'π': PI, 'ℯ': E },
  forbidden: { '**': "use '^' for powers in Julia" },
  dotCall: true,
  assignment: true,
};

export interface JuliaStyle { spacedProducts: boolean; unicode: boolean }

export function readJulia(src: string): ReadResult & { style: JuliaStyle } {
  return { ...read(src, JULIA_GRAMMAR), style: { spacedProducts: usesSpacedProducts(src), unicode: /[^\x00-\x7f]/.test(src) } };
}

const AVAILABLE = new Set(FUNCTIONS.keys());

export function printJulia(e: Expr, style: JuliaStyle): string {
  const infix: InfixStyle = {
    power: { op: '^' },
    fn: (name) => name,
    constant: (name) => (name === 'pi' ? (style.unicode ? 'π' : 'pi') : style.unicode ? 'ℯ' : 'exp(1)'),
    logBase: (arg, base) => (base === 10n || base === 2n ? `log${base}(${arg})` : `log(${base}, ${arg})`),
    symbol: (name) => (style.unicode ? nameToGreek(name) : name),
    spacedProducts: style.spacedProducts,
    parenthesizeNegatedPower: false,
  };
  return printInfix(lowerFor(e, AVAILABLE), infix);
}
