// Exact rational numbers on bigint: every constant the engine produces stays exact, within a size
// bound: a number that would need more than MAX_EXACT_BITS is refused or left unevaluated.
import { InputError } from './api';

/** Largest numerator or denominator, in bits, that exact arithmetic builds from a power or a literal (about 4,900 digits). */
export const MAX_EXACT_BITS = 16384;

/** Number of bits of |n| (0 for 0). */
export function bitLength(n: bigint): number {
  if (n < 0n) n = -n;
  // most numbers fit 32 bits: counted without printing them in hex
  if (n < 0x100000000n) return 32 - Math.clz32(Number(n));
  return n.toString(16).length * 4 - Math.clz32(parseInt(n.toString(16)[0], 16)) + 28;
}

/** The greatest common divisor of two whole numbers, non-negative. */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

/** The greatest rational dividing both a and b by a whole number: gcd of the numerators over lcm of the denominators. */
export function rationalGcd(a: Rational, b: Rational): Rational {
  return Rational.of(gcd(a.num, b.num), (a.den / gcd(a.den, b.den)) * b.den);
}

export class Rational {
  /** Always reduced, denominator positive. */
  private constructor(readonly num: bigint, readonly den: bigint) {}

  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = BigInt(num);
    let d = BigInt(den);
    if (d === 0n) throw new RangeError('division by zero');
    if (d < 0n) { n = -n; d = -d; }
    const g = gcd(n, d);
    return g > 1n ? new Rational(n / g, d / g) : new Rational(n, d);
  }

  /** Parses a decimal literal such as `0.044715`, `12`, `1.5e-3` exactly. */
  static parseDecimal(text: string): Rational {
    const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new SyntaxError(`not a number: ${text}`);
    const frac = m[2] ?? '';
    const exp = m[3] ? Number(m[3]) : 0;
    // 10^k has about 3.33·k bits: refuse literals such as 1e999999999 before building them
    if (Math.abs(exp) * 3.33 > MAX_EXACT_BITS) throw new InputError(`the number ${text} is too large to compute with exactly`);
    let num = BigInt((m[1] || '0') + frac);
    let den = 10n ** BigInt(frac.length);
    if (exp > 0) num *= 10n ** BigInt(exp);
    else if (exp < 0) den *= 10n ** BigInt(-exp);
    return Rational.of(num, den);
  }

  get isInteger(): boolean { return this.den === 1n; }
  get isZero(): boolean { return this.num === 0n; }
  get isOne(): boolean { return this.num === 1n && this.den === 1n; }
  get isNegative(): boolean { return this.num < 0n; }
  /** True when the value has a finite decimal expansion (denominator 2^a 5^b). */
  get isTerminating(): boolean {
    let d = this.den;
    while (d % 2n === 0n) d /= 2n;
    while (d % 5n === 0n) d /= 5n;
    return d === 1n;
  }

  // whole numbers are most of the engine's arithmetic: their sums and products need no gcd
  add(o: Rational): Rational {
    if (this.den === 1n && o.den === 1n) return new Rational(this.num + o.num, 1n);
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    if (this.den === 1n && o.den === 1n) return new Rational(this.num - o.num, 1n);
    return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Rational): Rational {
    if (this.den === 1n && o.den === 1n) return new Rational(this.num * o.num, 1n);
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  div(o: Rational): Rational {
    // a whole number by one of its divisors (a monic divisor, a common factor taken out) needs no gcd
    if (this.den === 1n && o.den === 1n && o.num !== 0n && this.num % o.num === 0n) return new Rational(this.num / o.num, 1n);
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  neg(): Rational { return new Rational(-this.num, this.den); }
  abs(): Rational { return this.num < 0n ? this.neg() : this; }
  /** Integer power; negative exponents invert. */
  powInt(k: bigint): Rational {
    if (k >= 0n) return Rational.of(this.num ** k, this.den ** k);
    return Rational.of(this.den ** -k, this.num ** -k);
  }
  /** Integer power, or undefined when its numerator or denominator would exceed `maxBits`. */
  powIntWithin(k: bigint, maxBits = MAX_EXACT_BITS): Rational | undefined {
    const bitsPerFactor = Math.max(bitLength(this.num) - 1, bitLength(this.den) - 1);
    if (bitsPerFactor > 0 && Number(k < 0n ? -k : k) * bitsPerFactor > maxBits) return undefined;
    if (this.isZero && k < 0n) return undefined;
    return this.powInt(k);
  }
  compare(o: Rational): number {
    if (this.den === o.den) return this.num < o.num ? -1 : this.num > o.num ? 1 : 0;
    const l = this.num * o.den, r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  equals(o: Rational): boolean { return this.num === o.num && this.den === o.den; }
  /** Nearest double; parts beyond the double range are scaled down together first (10^400/10^399 → 10). */
  toNumber(): number {
    const n = Number(this.num), d = Number(this.den);
    if (Number.isFinite(n) && Number.isFinite(d)) return n / d;
    // the leading 64 bits of each part, and the power of two they were shifted by
    const top = (x: bigint): [number, number] => {
      const shift = Math.max(0, bitLength(x) - 64);
      return [Number(x >> BigInt(shift)), shift];
    };
    const [tn, sn] = top(this.num < 0n ? -this.num : this.num), [td, sd] = top(this.den);
    const e = sn - sd, half = Math.trunc(e / 2);
    const magnitude = (tn / td) * 2 ** half * 2 ** (e - half);
    return this.num < 0n ? -magnitude : magnitude;
  }

  /** `3`, `-1/3`. */
  toString(): string { return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`; }

  /** Decimal form for terminating values (`0.134145`), else undefined. */
  toDecimalString(): string | undefined {
    if (!this.isTerminating) return undefined;
    let scale = 0n;
    let d = this.den;
    let n = this.num < 0n ? -this.num : this.num;
    while (d !== 1n) {
      // multiply numerator and denominator by 2 or 5 until the denominator is a power of ten
      const ten = 10n ** scale;
      if (ten % d === 0n) { n = n * (ten / d); d = 1n; break; }
      scale += 1n;
    }
    const digits = n.toString().padStart(Number(scale) + 1, '0');
    const cut = digits.length - Number(scale);
    const intPart = digits.slice(0, cut);
    const fracPart = digits.slice(cut).replace(/0+$/, '');
    const body = fracPart ? `${intPart}.${fracPart}` : intPart;
    return this.num < 0n ? `-${body}` : body;
  }

  static readonly ZERO = Rational.of(0n);
  static readonly ONE = Rational.of(1n);
  static readonly MINUS_ONE = Rational.of(-1n);
  static readonly HALF = Rational.of(1n, 2n);
}

/** The rational r ≥ 0 with r^k = q, for q ≥ 0; undefined when there is none. */
export function rationalRoot(q: Rational, k: bigint): Rational | undefined {
  const n = exactRoot(q.num, k), d = exactRoot(q.den, k);
  return n !== undefined && d !== undefined ? Rational.of(n, d) : undefined;
}

/** Exact integer k-th root of a non-negative bigint, or undefined when not a perfect power. */
export function exactRoot(n: bigint, k: bigint): bigint | undefined {
  if (n < 0n) return undefined;
  if (n < 2n) return n;
  const r = integerRoot(n, k);
  return r ** k === n ? r : undefined;
}

/** ⌊n^(1/k)⌋ for n ≥ 0, k ≥ 1, by Newton's method on bigint (exact for numbers beyond the double range). */
function integerRoot(n: bigint, k: bigint): bigint {
  if (n < 2n || k === 1n) return n;
  if (bitLength(n) < 50) {
    // doubles are exact here: round, then correct by one either way
    let r = BigInt(Math.round(Math.pow(Number(n), 1 / Number(k))));
    while (r > 0n && r ** k > n) r--;
    while ((r + 1n) ** k <= n) r++;
    return r;
  }
  let x = 1n << BigInt(Math.ceil(bitLength(n) / Number(k))); // ≥ the root
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) return x;
    x = y;
  }
}
