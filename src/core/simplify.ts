// Simplification to what a person would write: among equivalent forms (as built, common factors
// pulled out, over a common denominator, expanded) keep the one with the fewest printed tokens.
// Runs under a deadline; past it, the plainer correct form built so far is returned.
import {
  add, children, E, Expr, isNegative, mul, num, ONE, pow, rebuild, splitCoefficient, splitPower,
} from './expr';
import { call } from './functions';
import { asFraction } from './dialects/layout';
import { Rational } from './rational';

/** Tokens the plain printer writes for `e` (symbols, numbers, operators, function names; no brackets). */
export function displaySize(e: Expr): number {
  switch (e.kind) {
    case 'num': {
      const v = e.value;
      return (v.isNegative ? 1 : 0) + (v.isInteger || e.decimal ? 1 : 3);
    }
    case 'sym': case 'const': return 1;
    case 'call': return 1 + e.args.reduce((s, a) => s + displaySize(a), 0);
    case 'add': {
      let n = e.terms.length - 1;
      for (const t of e.terms) n += isNegative(t) ? displaySize(mul(num(-1), t)) : displaySize(t);
      if (e.terms.every(isNegative)) n += 1;
      return n;
    }
    case 'pow':
      if (!(e.exp.kind === 'num' && e.exp.value.isNegative && e.base !== E)) {
        if (e.base === E) return 1 + displaySize(e.exp);
        if (e.exp.kind === 'num' && e.exp.value.equals(Rational.HALF)) return 1 + displaySize(e.base);
        return 1 + displaySize(e.base) + displaySize(e.exp);
      }
      return fractionSize(e);
    case 'mul': return fractionSize(e);
  }
}

function fractionSize(e: Expr): number {
  {
    {
      const f = asFraction(e);
      const sizes = (xs: Expr[]) => xs.reduce((s, x) => s + displaySize(x), 0) + Math.max(0, xs.length - 1);
      let n = (f.negative ? 1 : 0) + (f.numerator.length ? sizes(f.numerator) : 1);
      if (f.denominator.length) n += 1 + sizes(f.denominator);
      return n;
    }
  }
}

export interface SimplifyOptions {
  /** performance.now() value after which no more rewriting is tried. */
  deadline: number;
}

export function simplify(e: Expr, options: SimplifyOptions): Expr {
  return new Simplifier(options.deadline).run(e);
}

class Simplifier {
  private readonly memo = new Map<string, Expr>();
  constructor(private readonly deadline: number) {}

  private get late(): boolean { return performance.now() > this.deadline; }

  run(e: Expr): Expr {
    const kids = children(e);
    if (kids.length === 0 || this.late) return e;
    const cached = this.memo.get(e.key);
    if (cached) return cached;
    const simpleKids = kids.map((k) => this.run(k));
    const rebuilt = simpleKids.every((k, i) => k === kids[i]) ? e : rebuild(e, simpleKids, call);
    const best = this.late ? rebuilt : smallest(this.candidates(rebuilt));
    this.memo.set(e.key, best);
    return best;
  }

  private *candidates(e: Expr): Iterable<Expr> {
    yield e;
    if (e.kind === 'add') {
      yield factorTerms(e);
      const t = together(e);
      if (t) yield t;
      const x = expand(e);
      if (x && x !== e) {
        yield x;
        if (x.kind === 'add') yield factorTerms(x);
      }
    } else if (e.kind === 'mul' && e.factors.some((f) => splitPower(f)[0].kind === 'add')) {
      const x = expand(e);
      if (x && x !== e) {
        yield x;
        if (x.kind === 'add') yield factorTerms(x);
      }
      // a sum factor written over a common denominator may cancel with the rest
      const parts = e.factors.map((f) => (f.kind === 'add' ? together(f) ?? f : f));
      yield mul(...parts);
    }
  }
}

function smallest(candidates: Iterable<Expr>): Expr {
  let best: Expr | undefined;
  let bestSize = Infinity;
  for (const c of candidates) {
    const s = displaySize(c);
    if (s < bestSize) { best = c; bestSize = s; }
  }
  return best!;
}

// ── Common factors ───────────────────────────────────────────────────────────

function gcdBig(a: bigint, b: bigint): bigint { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) [a, b] = [b, a % b]; return a; }
function rationalGcd(a: Rational, b: Rational): Rational {
  const den = (a.den / gcdBig(a.den, b.den)) * b.den;
  return Rational.of(gcdBig(a.num, b.num), den);
}

/** Factor map of a term: base key → [base, exponent]. */
function factorMap(t: Expr): Map<string, [Expr, Expr]> {
  const [, rest] = splitCoefficient(t);
  const map = new Map<string, [Expr, Expr]>();
  const factors = rest.kind === 'mul' ? rest.factors : rest.kind === 'num' ? [] : [rest];
  for (const f of factors) {
    const [b, x] = splitPower(f);
    map.set(b.key + (x.kind === 'num' ? '' : `^${x.key}`), [b, x]);
  }
  return map;
}

/** a·x·y + b·x·z → g·x·(a/g·y + b/g·z), with numeric exponents taking their minimum. */
export function factorTerms(e: Expr & { kind: 'add' }): Expr {
  let common: Map<string, [Expr, Expr]> | undefined;
  let g: Rational | undefined;
  for (const t of e.terms) {
    const [c] = splitCoefficient(t);
    g = g ? rationalGcd(g, c.value) : c.value.abs();
    const m = factorMap(t);
    if (!common) { common = m; continue; }
    const next = new Map<string, [Expr, Expr]>();
    for (const [k, [b, x]] of common) {
      const other = m.get(k);
      if (!other) continue;
      const y = other[1];
      if (x.kind === 'num' && y.kind === 'num') next.set(k, [b, x.value.compare(y.value) <= 0 ? x : y]);
      else if (x.key === y.key) next.set(k, [b, x]);
    }
    common = next;
  }
  const pulled: Expr[] = [];
  for (const [b, x] of common!.values()) pulled.push(pow(b, x));
  const gcd = g && !g.isZero ? g : Rational.ONE;
  if (pulled.length === 0 && gcd.isOne) return e;
  const factor = mul(num(gcd), ...pulled);
  const inverse = pow(factor, num(-1));
  return mul(factor, add(...e.terms.map((t) => mul(t, inverse))));
}

// ── Common denominator ───────────────────────────────────────────────────────

/** a/b + c/d → (a·d + c·b)/(b·d) with the least common denominator of the factors. */
export function together(e: Expr & { kind: 'add' }): Expr | undefined {
  const lcm = new Map<string, [Expr, Rational]>();
  for (const t of e.terms) {
    const f = asFraction(t);
    for (const d of f.denominator) {
      const [b, x] = splitPower(d);
      if (x.kind !== 'num') continue;
      const prev = lcm.get(b.key);
      if (!prev || prev[1].compare(x.value) < 0) lcm.set(b.key, [b, x.value]);
    }
  }
  if (lcm.size === 0) return undefined;
  const denominator = mul(...[...lcm.values()].map(([b, x]) => pow(b, num(x))));
  const numerator = add(...e.terms.map((t) => mul(t, denominator)));
  const n = numerator.kind === 'add' ? smallest([numerator, factorTerms(numerator), expand(numerator) ?? numerator]) : numerator;
  return mul(n, pow(denominator, num(-1)));
}

// ── Expansion ────────────────────────────────────────────────────────────────

const MAX_TERMS = 48;

/** Distributes products over sums (and small integer powers of sums); undefined when too large. */
export function expand(e: Expr): Expr | undefined {
  if (e.kind === 'add') {
    const parts = e.terms.map(expand);
    if (parts.some((p) => p === undefined)) return undefined;
    return add(...(parts as Expr[]));
  }
  if (e.kind === 'pow' && e.base.kind === 'add' && e.exp.kind === 'num' && e.exp.value.isInteger && e.exp.value.num > 1n && e.exp.value.num <= 4n) {
    const factors = Array.from({ length: Number(e.exp.value.num) }, () => e.base);
    return distribute(factors);
  }
  if (e.kind === 'mul') return distribute(e.factors);
  return e;
}

function distribute(factors: readonly Expr[]): Expr | undefined {
  let terms: Expr[] = [ONE];
  for (const f of factors) {
    const fx = f.kind === 'add' || f.kind === 'pow' ? expand(f) : f;
    if (!fx) return undefined;
    const fTerms = fx.kind === 'add' ? fx.terms : [fx];
    if (terms.length * fTerms.length > MAX_TERMS) return undefined;
    terms = terms.flatMap((t) => fTerms.map((u) => mul(t, u)));
  }
  return add(...terms);
}

