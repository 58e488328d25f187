// How an expression is laid out for reading, shared by every printer: term order in sums,
// numerator and denominator of products, the log-base pattern.
import { Add, E, Expr, isNegative, negateTerms, num, Num, pow, splitCoefficient, splitPower } from '../expr';

/** Polynomial-ish degree of a term, for ordering sums as people write them (x^2 + 2*x + 1). */
function degree(e: Expr): number {
  switch (e.kind) {
    case 'num': case 'const': return 0;
    case 'sym': return 1;
    case 'pow': return e.exp.kind === 'num' ? degree(e.base) * e.exp.value.toNumber() : degree(e.base) + 1;
    case 'mul': return e.factors.reduce((s, f) => s + degree(f), 0);
    case 'add': return Math.max(...e.terms.map(degree));
    case 'call': return 0.5;
  }
}

const degreeOf = (t: Expr) => (t.kind === 'num' ? -Infinity : degree(t));

/** Factors in reading order: numbers, π (2πr, as formulas and code write it), symbols and their powers, functions, e's powers, sums. */
function factorRank(e: Expr): number {
  const [base] = splitPower(e);
  if (base.kind === 'num') return 0;
  if (base === E) return 4;
  // a binomial coefficient leads as a number does: C(n, k)·p^k·(1 − p)^(n − k)
  if (base.kind === 'const' || (base.kind === 'call' && base.fn === 'binomial')) return 1;
  if (base.kind === 'sym') return 2;
  if (base.kind === 'call') return 3;
  return 5;
}
export function orderedFactors(factors: Expr[]): Expr[] {
  const name = (e: Expr) => { const [b] = splitPower(e); return b.kind === 'sym' ? b.name : ''; };
  const written = origins?.nameOrder;
  const byName = (a: string, b: string) => {
    const [i, j] = [written?.get(a), written?.get(b)];
    if (i !== undefined && j !== undefined) return i - j;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return factors
    .map((f, i) => ({ f, i, r: factorRank(f), n: name(f) }))
    .sort((a, b) => (a.r - b.r) || byName(a.n, b.n) || (a.i - b.i))
    .map((x) => x.f);
}

/**
 * Where the terms of a printed sum came from in the user's input (src/core/termOrder.ts builds it), so
 * sums print in the order the user wrote them rather than the reading order.
 */
export interface TermOrigins {
  /** The origin of each of `terms` (the sum's terms in reading order), or undefined when the sum does not follow the input. */
  placesOf(sum: Add, terms: readonly Expr[]): SumOrigin | undefined;
  /** Names in the order the user wrote them as factors (m*g*h), by rank; others in the alphabet's. */
  readonly nameOrder?: ReadonlyMap<string, number>;
}
export interface SumOrigin {
  /** For each term, its place among the input's terms (or their derivatives), and the sign it has there. */
  places: readonly TermPlace[];
  /** The user wrote the sum with a minus first (-x^2 + …). */
  leadsWithMinus: boolean;
}
/** `magnitude`: the term's number without its sign there (2 for -2*x). */
export interface TermPlace { place: number; negative: boolean; magnitude: string }

let origins: TermOrigins | undefined;

/** Runs `print` with sums ordered as `termOrigins` says (nested calls keep their own); the tree stays canonical. */
export function withTermOrigins<T>(termOrigins: TermOrigins | undefined, print: () => T): T {
  const saved = origins;
  origins = termOrigins;
  try { return print(); } finally { origins = saved; }
}

/**
 * `print` with `termOrigins` in force, run when first asked for and kept: a result's input and its
 * LaTeX are printed only for callers that read them (the CLI prints neither; JSON and the worker's
 * structured clone read every field through the getter).
 */
export function printedWhenRead<T>(termOrigins: TermOrigins | undefined, print: () => T): () => T {
  let printed: T | undefined;
  return () => (printed ??= withTermOrigins(termOrigins, print));
}

/** Terms in reading order: higher degree first, numbers last, a positive term first when there is one. */
export function readingOrder(e: Add): Expr[] {
  const terms = e.terms.map((t, i) => ({ t, i, d: t.kind === 'num' ? -Infinity : degree(t) }));
  terms.sort((a, b) => (b.d - a.d) || (a.i - b.i));
  return positiveFirst(terms.map((x) => x.t));
}

/** A positive term moves to the front when it is of the leading term's degree or the sum has two terms. */
function positiveFirst(out: Expr[]): Expr[] {
  const firstPositive = out.findIndex((t) => !isNegative(t));
  const swap = firstPositive > 0 && (degreeOf(out[firstPositive]) === degreeOf(out[0]) || out.length === 2);
  if (swap) out.unshift(...out.splice(firstPositive, 1));
  return out;
}

/**
 * Terms in the order to print them. With term origins in force, a sum whose terms all came from the
 * input follows it (by place), and the reading order's "a positive term first" applies unless the user
 * led with a minus: d(cos(x) + x^2) prints 2*x - sin(x), d(-x^4 + 2*x^2) prints -4*x^3 + 4*x. A sum
 * that is the written one negated (2*x - 3 held as 3 - 2*x) keeps the reading order: its written
 * order says nothing of it.
 */
export function orderedTerms(e: Add): Expr[] {
  const reading = readingOrder(e);
  const origin = origins?.placesOf(e, reading);
  if (!origin || reading.every((t, i) => isNegative(t) !== origin.places[i].negative)) return reading;
  const written = reading
    .map((t, i) => ({ t, i, place: origin.places[i].place }))
    .sort((a, b) => a.place - b.place || a.i - b.i)
    .map((x) => x.t);
  return origin.leadsWithMinus ? written : positiveFirst(written);
}

/**
 * The base to print for a power: a sum to an even power that is the written sum negated prints as
 * written ((2*x - 3)^3 differentiates to 6*(2*x - 3)^2, which the tree holds as 6*(3 - 2*x)^2: one
 * orientation of an even power's base, so that equal powers have equal keys). A constant term must
 * be the written number too, since any constant matches one: (x - 1)^2 is not printed (1 - x)^2
 * because the derivative of x^3 - 3*x^2 + 3*x has -6*x and 3.
 */
export function writtenBase(base: Expr, exp: Expr): Expr {
  if (!origins || base.kind !== 'add' || exp.kind !== 'num' || !exp.value.isInteger || exp.value.num % 2n !== 0n) return base;
  const reading = readingOrder(base);
  const origin = origins.placesOf(base, reading);
  if (!origin) return base;
  const negatedThere = (t: Expr, i: number) => isNegative(t) !== origin.places[i].negative && (t.kind !== 'num' || magnitudeOf(t) === origin.places[i].magnitude);
  return reading.every(negatedThere) ? negateTerms(base) : base;
}

/** A term's number without its sign, as TermPlace keeps it. */
export function magnitudeOf(t: Expr): string { return splitCoefficient(t)[0].value.abs().toString(); }

export interface Fraction {
  negative: boolean;
  /** Numerator factors (a number first if not 1), never empty in meaning: empty means 1. */
  numerator: Expr[];
  /** Denominator factors with positive exponents; empty means no fraction. */
  denominator: Expr[];
}

/** Splits a product (or a single factor) into sign, numerator and denominator factors. */
export function asFraction(e: Expr): Fraction {
  const [coeff, rest] = splitCoefficient(e);
  const negative = coeff.value.isNegative;
  const c = coeff.value.abs();
  const numerator: Expr[] = [];
  const denominator: Expr[] = [];
  if (coeff.decimal && !c.isOne) numerator.push(num(c, true));
  else {
    if (c.num !== 1n) numerator.push(num(c.num));
    if (c.den !== 1n) denominator.push(num(c.den));
  }
  const factors = rest.kind === 'mul' ? rest.factors : rest.kind === 'num' ? [] : [rest];
  for (const f of factors) {
    const [base, exp] = splitPower(f);
    if (exp.kind === 'num' && exp.value.isNegative && base !== E) denominator.push(pow(base, num(exp.value.neg())));
    else if (f.kind === 'num' && !(f as Num).value.isInteger) {
      // an exact fraction such as 1/2 inside a product
      numerator.push(num((f as Num).value.num));
      denominator.push(num((f as Num).value.den));
    } else numerator.push(f);
  }
  return { negative, numerator: orderedFactors(numerator), denominator: orderedFactors(denominator) };
}

/** The log-base pattern log(u)/log(b) with b a number: returns [u, b] and the remaining factors. */
export function logBasePattern(f: Fraction): { arg: Expr; base: Num; numerator: Expr[]; denominator: Expr[] } | undefined {
  const li = f.numerator.findIndex((x) => x.kind === 'call' && x.fn === 'log');
  const bi = f.denominator.findIndex((x) => x.kind === 'call' && x.fn === 'log' && x.args[0].kind === 'num' && x.args[0].value.isInteger && x.args[0].value.num > 1n);
  if (li < 0 || bi < 0) return undefined;
  const arg = (f.numerator[li] as Expr & { kind: 'call' }).args[0];
  const base = (f.denominator[bi] as Expr & { kind: 'call' }).args[0] as Num;
  return {
    arg, base,
    numerator: f.numerator.filter((_, i) => i !== li),
    denominator: f.denominator.filter((_, i) => i !== bi),
  };
}


/**
 * where(c, where(d, a, b), b) as one where whose conditions all hold (c and d), and where(c, a, where(d, a, b))
 * as one where either holds (c or d): the alternatives, each conditions that all hold, the value where one
 * alternative holds, and the otherwise. Printers write it as 0 < x < 3, c && d || e ? a : b, (a if c or d else b).
 */
export function joinedWhere(e: Expr & { kind: 'call' }): { alternatives: Expr[][]; value: Expr; otherwise: Expr } {
  const conjunction = (w: Expr & { kind: 'call' }) => {
    const [first, , otherwise] = w.args;
    const conditions = [first];
    let value = w.args[1];
    while (value.kind === 'call' && value.fn === 'where' && value.args[2].key === otherwise.key) {
      conditions.push(value.args[0]);
      value = value.args[1];
    }
    return { conditions, value, otherwise };
  };
  const { conditions, value, otherwise: first } = conjunction(e);
  const alternatives = [conditions];
  let otherwise = first;
  while (otherwise.kind === 'call' && otherwise.fn === 'where') {
    const next = conjunction(otherwise);
    if (next.value.key !== value.key) break;
    alternatives.push(next.conditions);
    otherwise = next.otherwise;
  }
  return { alternatives, value, otherwise };
}
