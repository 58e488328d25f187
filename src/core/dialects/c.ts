// C and C++: <math.h> and <cmath> (sin, pow, fabs, M_PI, and std::sin, std::numbers::pi), the float
// and long double names (sinf, powl), literal suffixes (1.0f, 2L), casts to double or float, a declaration
// or return around the expression (`double y = …;`), comments, and c ? a : b with && || !. Results print
// as C: pow(x, 2), fabs, M_PI, and never a quotient of two integers (1/2 is 0 in C).
import { ZERO_BASED } from '../entries';
import { InputError } from '../api';
import { Expr, HALF, num, ONE, ZERO } from '../expr';
import { call } from '../functions';
import { Lowering, lowerFor, refuseUnwritable, withWritten } from '../lower';
import { Rational } from '../rational';
import { OWN_ACTIVATION_NAMES, OWN_ACTIVATIONS, PREDICATES, signedNumber, Syn, writtenFunctions } from '../syntax';
import { InfixStyle, printInfix } from './infix';
import { CallSite, Grammar, Reading, readWith } from './reader';
import { usesSpacedProducts } from './lezer';
import { warn } from './warnings';

/** <math.h>'s names → canonical names (syntax.ts); each also with its float (f) and long double (l) suffix. */
const MATH_H: Readonly<Record<string, string>> = {
  sin: 'sin', cos: 'cos', tan: 'tan', asin: 'asin', acos: 'acos', atan: 'atan', atan2: 'atan2',
  sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', asinh: 'asinh', acosh: 'acosh', atanh: 'atanh',
  exp: 'exp', exp2: 'exp2', expm1: 'expm1', log: 'log', log2: 'log2', log10: 'log10', log1p: 'log1p',
  sqrt: 'sqrt', cbrt: 'cbrt', hypot: 'hypot', fabs: 'abs', erf: 'erf', erfc: 'erfc', tgamma: 'gamma', lgamma: 'lgamma',
  floor: 'floor', ceil: 'ceil', round: 'round', fmax: 'max', fmin: 'min',
};
const NAMES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(MATH_H).flatMap(([name, canonical]) => [[name, canonical], [`${name}f`, canonical], [`${name}l`, canonical]])),
  // C++'s std::max and std::min of doubles, C++17's std::clamp; abs (see special)
  abs: 'abs', max: 'max', min: 'min', clamp: 'clip',
  ...OWN_ACTIVATIONS,
};
const POWERS: ReadonlySet<string> = new Set(['pow', 'powf', 'powl']);

/** <math.h>'s other constants, refused with their formula: M_PI_2 would otherwise be read as a variable. */
const OTHER_CONSTANTS: Readonly<Record<string, string>> = {
  M_PI_2: 'M_PI/2', M_PI_4: 'M_PI/4', M_1_PI: '1/M_PI', M_2_PI: '2/M_PI', M_2_SQRTPI: '2/sqrt(M_PI)',
  M_SQRT2: 'sqrt(2.0)', M_SQRT1_2: '1/sqrt(2.0)', M_LN2: 'log(2.0)', M_LN10: 'log(10.0)', M_LOG2E: '1/log(2.0)', M_LOG10E: '1/log(10.0)',
};

/**
 * pow(a, b) is a^b; fmin(fmax(u, lo), hi) with numbers lo < hi is clip(u, lo, hi), as std::clamp; C's abs
 * (of an int) is read as |x| with a warning; the rest is the grammar's table.
 */
function special(site: CallSite): Syn | undefined {
  if (site.name === 'abs') warn("read abs(…) as |…|, as fabs and C++'s std::abs are; C's abs takes an int (abs(-1.5) is 1): write fabs");
  const clip = clamped(site);
  if (clip) return clip;
  if (!POWERS.has(site.name)) return undefined;
  if (site.args.length !== 2) throw new InputError(`'${site.name}' takes 2 arguments`, site.at);
  return { t: 'bin', op: 'pow', l: site.args[0], r: site.args[1], at: site.at, text: site.name };
}

/** fmin(fmax(u, lo), hi) or fmax(fmin(u, hi), lo), lo < hi numbers, as the clip it is (its derivative a condition, not two steps). */
function clamped(site: CallSite): Syn | undefined {
  const outer = NAMES[site.name];
  const [inner, bound] = site.args;
  if ((outer !== 'max' && outer !== 'min') || site.args.length !== 2 || inner.t !== 'call' || inner.fn !== (outer === 'min' ? 'max' : 'min') || inner.args.length !== 2) return undefined;
  const [u, innerBound] = inner.args;
  const [lo, hi] = outer === 'min' ? [innerBound, bound] : [bound, innerBound];
  const [a, b] = [signedNumber(lo)?.value, signedNumber(hi)?.value];
  if (a === undefined || b === undefined || a.compare(b) >= 0) return undefined;
  return { t: 'call', fn: 'clip', args: [u, lo, hi], at: site.at, text: site.name };
}

/**
 * The selection's conventions, so results print the same way: std:: before functions, C++20's std::numbers,
 * float code (sinf, 1.0f: results in cosf, 0.5f; with std:: the overloads serve floats as they are).
 */
export interface CStyle {
  spacedProducts: boolean; std: boolean; stdNumbers: boolean; float?: boolean;
  /** Activations <math.h> lacks that the selection calls (its own sigmoid), by canonical name: results call them so. */
  written?: Readonly<Record<string, string>>;
}

const blank = (text: string) => text.replace(/[^\n]/g, ' ');
/** The selection with its line and block comments blanked. */
const withoutComments = (src: string) => src.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, blank);
/** A cast to double or float, marked in place for the reader: 1.0 times its operand, so (double)(x > 0)/2 is no integer division. */
const CAST = '⟨';

/**
 * The selection with what is not the expression blanked (every column stays where it was): comments,
 * `std::` (remembered in the style), a declaration's type or a `return` before it; casts to double or
 * float marked (CAST); C++20's std::numbers::pi and ::e as M_PI and M_E.
 */
function blankC(src: string): string {
  return withoutComments(src)
    .replace(/std::numbers::(pi|e)\b(?:_v<\w+>)?/g, (m, name: string) => (name === 'pi' ? 'M_PI' : 'M_E').padEnd(m.length))
    // C++'s std::abs is the real one; a bare abs is C's, of an int (special warns)
    .replace(/\bstd::abs\b/g, '    fabs')
    .replace(/\b(?:std)?::/g, blank)
    .replace(/\(\s*(?:long\s+)?(?:double|float)\s*\)|static_cast\s*<\s*(?:long\s+)?(?:double|float)\s*>/g, (m) => CAST.padEnd(m.length))
    .replace(/^(\s*)((?:(?:static|const|constexpr|inline|auto|long|double|float)\s+)+)(?=[A-Za-z_]\w*\s*=[^=])/, (_, space: string, type: string) => space + blank(type))
    .replace(/^(\s*)return\b/, (_, space: string) => space + blank('return'));
}

function refuseOtherConstants(src: string): void {
  const m = /\bM_[A-Z0-9_]+\b/.exec(src.replace(/\bM_(?:PI|E)\b/g, blank));
  if (!m) return;
  const formula = OTHER_CONSTANTS[m[0]];
  throw new InputError(formula ? `${m[0]} is not read: write ${formula}` : `unknown constant '${m[0]}'`, m.index);
}

export const C_GRAMMAR: Grammar = {
  entries: ZERO_BASED,
  implicit: 'none',
  powerChain: 'left',
  sums: { '+': 'add', '-': 'sub' },
  logic: { '&&': 'and', '||': 'or' },
  conditional: true,
  products: { '*': 'mul', '/': 'div' },
  powers: {},
  transposes: [],
  numbers: 'c',
  prefix: {
    '!': (arg, at) => ({ t: 'call', fn: 'not', args: [arg], at, text: '!' }),
    [CAST]: (arg, at) => ({ t: 'bin', op: 'mul', l: { t: 'num', value: Rational.ONE, at, decimal: true }, r: arg, at, text: '(double)' }),
  },
  blankComments: blankC,
  functions: NAMES,
  special,
  constants: { M_PI: 'pi', M_E: 'e' },
  forbidden: {
    '^': "'^' is the exclusive or in C: write pow(x, 2) for a power",
    '**': "C has no '**': write pow(x, 2) for a power",
    '&': "'&' is the bitwise and in C: write && to join conditions",
    '|': "'|' is the bitwise or in C: write || to join conditions",
  },
  unread: {
    '.': "members and methods (p.x, Eigen's x.transpose() or x.dot(y)) are not read in C and C++: write vector and matrix expressions in numpy, MATLAB, Julia or LaTeX notation",
  },
  integerDivision: true,
  assignment: true,
  unknownFunction: (name) => `unknown function '${name}' (the functions of <math.h> and <cmath> are read)`,
};

/** The one reader of C and C++: the surface syntax, with the selection's style. */
export function readC(src: string): Reading & { style: CStyle } {
  const code = withoutComments(src);
  refuseOtherConstants(code);
  const integer = /^\s*(?:(?:static|const|constexpr|unsigned|signed|long|short)\s+)*(?:int|long|short|char|bool|size_t)\s+([A-Za-z_]\w*)\s*=[^=]/.exec(code);
  if (integer) throw new InputError(`${integer[1]} is declared an integer, so its value is truncated: declare it double to differentiate it`, integer.index);
  const float = new RegExp(String.raw`\b(?:${[...POWERS, ...Object.keys(MATH_H)].join('|')})f\s*\(|\d[fF]\b|\(\s*float\s*\)|<\s*float\s*>`).test(code);
  const reading = readWith(src, C_GRAMMAR);
  const written = writtenFunctions(reading.syn, OWN_ACTIVATION_NAMES);
  const style = { spacedProducts: usesSpacedProducts(src, true), std: /\bstd::(?!numbers::)/.test(src), stdNumbers: /\bstd::numbers::/.test(src), ...(float ? { float } : {}), ...(written ? { written } : {}) };
  return { ...reading, style };
}

/** The canonical functions <math.h> has (under its names below); the others print through lower.ts. */
const AVAILABLE: ReadonlySet<string> = new Set([...Object.values(MATH_H), ...PREDICATES, 'where']);
const NAMES_OUT: Readonly<Record<string, string>> = { abs: 'fabs', gamma: 'tgamma', max: 'fmax', min: 'fmin' };

/** Functions C lacks that lower.ts writes with ones C lacks too (sign, heaviside as ½(1 + sign)): as conditionals, ½ at 0. */
const C_LOWERINGS: Readonly<Record<string, Lowering>> = {
  sign: ([u]) => byCase(u, ONE, num(-1), ZERO),
  heaviside: ([u]) => byCase(u, ONE, ZERO, num(HALF.value, true)),
};
/** u > 0 ? above : u < 0 ? below : atZero. */
const byCase = (u: Expr, above: Expr, below: Expr, atZero: Expr) => call('where', [call('gt', [u, ZERO]), above, call('where', [call('lt', [u, ZERO]), below, atZero])]);

/** `e` in the functions C has and those the selection calls (`written`): what it lacks written with them (sign as conditionals, sec as 1/cos). */
export function lowerC(e: Expr, written?: Readonly<Record<string, string>>): Expr {
  return lowerFor(e, withWritten(AVAILABLE, written), C_LOWERINGS);
}

export function printC(e: Expr, style: CStyle): string {
  const std = style.std ? 'std::' : '';
  // float code calls the float functions (sinf); C++'s std:: overloads take floats as they are
  const f = style.float && !style.std ? 'f' : '';
  const infix: InfixStyle = {
    power: { fn: `${std}pow${f}`, squareAsProduct: true },
    // std::abs is C++'s real absolute value; std::max(x, 0) would not compile (double and int), std::fmax does
    // comparisons and conditions print as operators, without the float suffix
    fn: (name) => style.written?.[name] ?? `${std}${std && name === 'abs' ? 'abs' : NAMES_OUT[name] ?? name}${f && !PREDICATES.has(name) && name !== 'where' ? f : ''}`,
    constant: (name) => (style.stdNumbers ? `std::numbers::${name}` : name === 'pi' ? 'M_PI' : 'M_E'),
    logBase: (arg, base) => (base === 10n || base === 2n ? `${std}log${base}${f}(${arg})` : undefined),
    spacedProducts: style.spacedProducts,
    parenthesizeNegatedPower: false,
    conditional: 'ternary',
    orValue: { or: '||', parenthesized: false },
    integerDivision: true,
    ...(style.float ? { floatLiterals: true } : {}),
    // pow(x, 1.0/3) is NaN for x < 0; the engine's odd roots are real, as cbrt is
    elementwise: { times: '*', divide: '/', power: '', realRoot: (base, q) => (q === 3n ? `${std}cbrt${f}(${base})` : undefined) },
  };
  const lowered = lowerC(e, style.written);
  // <math.h> has no digamma or polygamma, and they have no formula in its functions
  refuseUnwritable(lowered, withWritten(AVAILABLE, style.written), (fn) => `<math.h> has no ${fn}, so the result ${fn}(…) cannot be written in C`);
  return printInfix(lowered, infix);
}

