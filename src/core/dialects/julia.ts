// Julia, scalar expressions: `^`, numeric-literal coefficients (`2x`, `2^3x`), `//`, `√`, `π`, `ℯ`,
// `log(b, x)`, `atan(y, x)`, broadcasting (`sin.(x)`, `.+`), comments. Results print with dotted
// operators and calls, so they run when the variables are vectors or ranges.
import { E, Expr, num, PI, pow } from '../expr';
import { call, FUNCTIONS, logBase } from '../functions';
import { Rational } from '../rational';
import { lowerFor } from '../lower';
import { InfixStyle, printInfix } from './infix';
import { Grammar, read, ReadResult } from './reader';
import { usesSpacedProducts } from './lezer';
import { nameToGreek } from './greek';

const SHORTHAND_NAMES = [
  'exp', 'sqrt', 'cbrt', 'exp2', 'exp10', 'log2', 'log10', 'inv', 'abs2', 'sinpi', 'cospi', 'tanpi',
  'sind', 'cosd', 'tand', 'secd', 'cscd', 'cotd', 'asind', 'acosd', 'atand', 'deg2rad', 'rad2deg',
];
const NAMES: Record<string, string> = {};
for (const name of [...[...FUNCTIONS.values()].filter((d) => !d.alsoVariable).map((d) => d.name), ...SHORTHAND_NAMES]) NAMES[name] = name;
// SpecialFunctions.jl: loggamma (lgamma before 0.8), digamma, trigamma, polygamma(n, x); gamma is in special below
NAMES.loggamma = 'lgamma';
NAMES.trigamma = 'trigamma';
delete NAMES.atan2; // Julia writes atan(y, x)

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
  implicit: 'julia',
  power: ['^', '.^'],
  powerChain: 'right',
  plus: ['+', '.+'],
  minus: ['-', '.-'],
  times: ['*', '.*'],
  divide: ['/', './'],
  leftDivide: ['\\', '.\\'],
  rational: '//',
  transpose: ["'"],
  prefix: { '√': (u) => pow(u, num(Rational.HALF)), '∛': (u) => pow(u, num(Rational.of(1n, 3n))), '∜': (u) => pow(u, num(Rational.of(1n, 4n))) },
  numbers: 'julia',
  blankComments: blankJuliaComments,
  functions: NAMES,
  special: (name, args) => {
    if (name === 'log' && args.length === 2) return logBase(args[1], args[0]); // Julia: log(b, x)
    if (name === 'atan' && args.length === 2) return call('atan2', args); // Julia: atan(y, x)
    if (name === 'exp' && args.length === 1 && args[0].kind === 'num' && args[0].value.isOne) return E;
    // gamma is a function only when called (it is also a usual variable name)
    if (name === 'gamma' && args.length === 1) return call('gamma', args);
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
    fn: (name) => (name === 'atan2' ? 'atan' : name === 'lgamma' ? 'loggamma' : name),
    constant: (name) => (name === 'pi' ? (style.unicode ? 'π' : 'pi') : style.unicode ? 'ℯ' : 'exp(1)'),
    logBase: (arg, base, dot) => (base === 10n || base === 2n ? `log${base}${dot}(${arg})` : `log${dot}(${base}, ${arg})`),
    symbol: (name) => (style.unicode ? nameToGreek(name) : name),
    spacedProducts: style.spacedProducts,
    parenthesizeNegatedPower: false,
    elementwise: {
      // spaced as the Julia manual writes them (1 ./ x, a .* b); 1./x and 2.^x are syntax errors
      times: ' .* ', divide: ' ./ ', power: '.^', plus: '.+', minus: '.-', call: '.',
      spaceAfterDigit: true,
      // x^(1/3) of a negative x is a DomainError; cbrt is the real root
      realRoot: (base, q) => (q === 3n ? `cbrt.(${base})` : undefined),
    },
  };
  return printInfix(lowerFor(e, AVAILABLE), infix);
}
