// An integral as written in LaTeX — `\int_0^1 x^2 \, dx`, `\int\limits_{0}^{\pi} f \,\mathrm{d}x`,
// `\int x e^x dx` — read into its integrand, variable and bounds, so Integrate Selection takes the
// integral a student selects. The bounds stay LaTeX text: the caller reads them as expressions.
import { InputError } from '../api';

export interface WrittenIntegral {
  /** The integrand's LaTeX source, without the `\int`, the bounds and the differential. */
  integrand: string;
  /** The variable of the differential (`x` in `dx`, `theta` in `d\theta`). */
  wrt: string;
  /** Both bounds as LaTeX, or neither (an indefinite integral). */
  from?: string;
  to?: string;
}

const INTEGRAL_SIGN = /^\s*\\int(?![A-Za-z])\s*(?:\\(?:no)?limits(?![A-Za-z])\s*)?/;
/** Spacing a writer puts before the differential: blanks, `\,`, `\;`, `\:`, `\!`, `\ `, `~`, `\quad`. */
const TRAILING_SPACING = /(?:\s|\\[,;:! ]|\\q?quad(?![A-Za-z])|~)+$/;
/** The differential at the end: `dx`, `d\theta`, `\mathrm{d}x`, `\operatorname{d}x`, `\text{d}x`, `\mathrm d x`. */
const DIFFERENTIAL = /(?:\\(?:mathrm|operatorname|text|mathit)\s*\{\s*d\s*\}|\\mathrm\s+d|(?<![A-Za-z\\])d)\s*(\\[A-Za-z]+|[A-Za-z])\s*$/;

/** The integral a LaTeX selection writes; undefined when it does not start with `\int`. Throws InputError when it cannot be read. */
export function readIntegral(source: string): WrittenIntegral | undefined {
  const sign = INTEGRAL_SIGN.exec(source);
  if (!sign) return undefined;
  let rest = source.slice(sign[0].length);
  const bounds: { _?: string; '^'?: string } = {};
  for (;;) {
    const script = /^\s*([_^])\s*/.exec(rest);
    if (!script) break;
    const which = script[1] as '_' | '^';
    if (bounds[which] !== undefined) throw new InputError(`the integral has two ${which === '_' ? 'lower' : 'upper'} bounds`);
    const argument = scriptArgument(rest.slice(script[0].length));
    bounds[which] = argument.text;
    rest = rest.slice(script[0].length + argument.length);
  }
  if ((bounds._ === undefined) !== (bounds['^'] === undefined)) throw new InputError('a definite integral needs both bounds: write \\int_a^b');
  const body = rest.replace(TRAILING_SPACING, '');
  const differential = DIFFERENTIAL.exec(body);
  if (!differential) throw new InputError('the integral has no differential at its end: write it as \\int f(x) \\, dx');
  const integrand = body.slice(0, differential.index).replace(TRAILING_SPACING, '').trim();
  if (integrand.trim() === '') throw new InputError('the integral has no integrand before its differential');
  const wrt = differential[1]!.replace(/^\\/, '');
  return { integrand, wrt, ...(bounds._ !== undefined ? { from: bounds._, to: bounds['^']! } : {}) };
}

/** The argument of `_` or `^`: a braced group, a command (`\pi`), or one character. */
function scriptArgument(text: string): { text: string; length: number } {
  if (text.startsWith('{')) {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\\') { i++; continue; }
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) return { text: text.slice(1, i), length: i + 1 };
    }
    throw new InputError('a bound of the integral has an unclosed brace');
  }
  const command = /^\\[A-Za-z]+/.exec(text);
  if (command) return { text: command[0], length: command[0].length };
  if (text === '') throw new InputError('a bound of the integral is missing');
  return { text: text[0]!, length: 1 };
}
