// MATLAB and Octave, scalar expressions: `^` and `.^` (left to right), `.*`, `./`, `\`, transposes,
// `exp(1)`, `log10`, `nthroot`, comments and `...` continuations. Results print element-wise, so they
// run when the variables are vectors (x = linspace(…)).
import { E, Expr, num, PI, pow } from '../expr';
import { call, FUNCTIONS } from '../functions';
import { Rational } from '../rational';
import { lowerFor } from '../lower';
import { InfixStyle, printInfix } from './infix';
import { Grammar, read, ReadResult } from './reader';
import { usesSpacedProducts } from './lezer';

const NAMES: Record<string, string> = {
  exp: 'exp', sqrt: 'sqrt', realsqrt: 'sqrt', reallog: 'log', log2: 'log2', log10: 'log10',
  sind: 'sind', cosd: 'cosd', tand: 'tand', secd: 'secd', cscd: 'cscd', cotd: 'cotd', asind: 'asind', acosd: 'acosd', atand: 'atand',
  deg2rad: 'deg2rad', rad2deg: 'rad2deg',
};
for (const def of FUNCTIONS.values()) if (!def.alsoVariable) NAMES[def.name] = def.name;
// MATLAB's names for the gamma family: gammaln is ln|Γ|, psi(x) is ψ and psi(k, x) is ψ⁽ᵏ⁾ (special below)
delete NAMES.lgamma; delete NAMES.digamma; delete NAMES.polygamma;
NAMES.gammaln = 'lgamma';
const GAMMA_OUT: Readonly<Record<string, string>> = { lgamma: 'gammaln', digamma: 'psi', polygamma: 'psi' };

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

export const MATLAB_GRAMMAR: Grammar = {
  implicit: 'none',
  power: ['^', '.^'],
  powerChain: 'left',
  times: ['*', '.*'],
  divide: ['/', './'],
  leftDivide: ['\\', '.\\'],
  transpose: ["'", ".'"],
  numbers: 'matlab',
  blankComments: blankMatlabComments,
  functions: NAMES,
  special: (name, args) => {
    if (name === 'exp' && args.length === 1 && args[0].kind === 'num' && args[0].value.isOne) return E;
    if ((name === 'power' || name === 'realpow') && args.length === 2) return pow(args[0], args[1]);
    // gamma is a function only when called (it is also a usual variable name)
    if (name === 'gamma' && args.length === 1) return call('gamma', args);
    if (name === 'psi' && args.length === 1) return call('digamma', args);
    if (name === 'psi' && args.length === 2) return call('polygamma', args);
    // nthroot(x, n) is the real n-th root
    if (name === 'nthroot' && args.length === 2 && args[1].kind === 'num' && args[1].value.isInteger) return pow(args[0], num(Rational.of(1n, args[1].value.num)));
    return undefined;
  },
  constants: { pi: PI },
  forbidden: { '**': "use '^' for powers in MATLAB" },
  assignment: true,
};

export interface MatlabStyle { spacedProducts: boolean }

export function readMatlab(src: string): ReadResult & { style: MatlabStyle } {
  return { ...read(src, MATLAB_GRAMMAR), style: { spacedProducts: usesSpacedProducts(src) } };
}

const AVAILABLE = new Set(FUNCTIONS.keys());

export function printMatlab(e: Expr, style: MatlabStyle): string {
  const infix: InfixStyle = {
    power: { op: '^' },
    fn: (name) => GAMMA_OUT[name] ?? name,
    constant: (name) => (name === 'pi' ? 'pi' : 'exp(1)'),
    logBase: (arg, base) => (base === 10n || base === 2n ? `log${base}(${arg})` : undefined),
    spacedProducts: style.spacedProducts,
    parenthesizeNegatedPower: false,
    elementwise: {
      times: '.*', divide: './', power: '.^',
      // x.^(1/3) is complex for x < 0 in MATLAB; nthroot is the real root
      realRoot: (base, q) => `nthroot(${base}, ${q})`,
    },
  };
  return printInfix(lowerFor(e, AVAILABLE), infix);
}
