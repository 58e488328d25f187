// The order the user wrote a sum's terms in, for printing: the expression tree keeps sums canonical
// and printers read them by degree, so `sin(x) + x^3` would print its derivative as 3*x^2 + cos(x).
// Here every sum of the input is read from its syntax in written order, and each written term is
// followed through the differentiation (its derivative's terms, unsimplified, by the sum and product
// rules); a printed sum whose terms match one of these lists prints in its order
// (src/core/dialects/layout.ts orderedTerms). Terms are matched by their non-numeric part (3*x*cos(x)
// matches x*cos(x)), every function written in elementary ones, so a printer's own rewriting
// (sec u → 1/cos u in numpy) still matches.
import { InputError } from './api';
import { checkDeadline, ifInTime } from './budget';
import { derivative } from './diff';
import { orderedFactors, readingOrder, TermOrigins, TermPlace } from './dialects/layout';
import { dependsOn, Expr, mul, num, ONE, pow, splitCoefficient, treeSize } from './expr';
import { Rational } from './rational';
import { lowerFor } from './lower';
import { toScalar } from './scalar';
import { BinOp, Syn } from './syntax';

/** Inputs larger than this (syntax nodes) print in the reading order: following them costs more than it gives. */
const MAX_INPUT_NODES = 400;
/**
 * A written sum's derivatives are followed while a level stays this small (tree nodes, all terms): high
 * orders of powers of sums grow fast, and their results print in the reading order.
 */
const MAX_LEVEL_NODES = 120;

const SUMS: ReadonlySet<BinOp> = new Set(['add', 'sub', 'badd', 'bsub']);
const ELEMENTARY: ReadonlySet<string> = new Set();

/** The input's term order, for printing the input and what was derived from it. */
export interface WrittenOrder {
  /** For printing the input differentiated `level` times (0: the input itself). */
  at(level: number): TermOrigins;
}

/**
 * The term order of a selection's syntax (a derivative operator around the whole: of its operand),
 * differentiated by `variables` in turn. Undefined when the input has no sum, is too large, or the
 * hard deadline has passed (sums then print in the reading order).
 */
export function writtenOrder(syn: Syn, variables: readonly string[]): WrittenOrder | undefined {
  return ifInTime(() => follow(syn, variables), () => undefined);
}

function follow(syn: Syn, variables: readonly string[]): WrittenOrder | undefined {
  const operand = syn.t === 'derivative' ? syn.arg : syn;
  if (nodeCount(operand, MAX_INPUT_NODES + 1) > MAX_INPUT_NODES) return undefined;
  // a sum inside the input shows in the result as itself or as its derivative (the chain rule's factor)
  const sums = writtenSums(operand)
    .map(({ terms, outermost }) => new WrittenSum(firstLevel(terms), outermost ? variables : variables.slice(0, 1)))
    .filter((s) => s.level(0)!.terms.length > 1);
  if (sums.length === 0) return undefined;
  return { at: (preferred) => new Origins(sums, preferred, variables.length) };
}

/** A sum of the input and its derivatives' terms, each level followed when a printed sum first asks for it. */
class WrittenSum {
  private readonly levels: (Level | undefined)[];
  constructor(first: Level, private readonly variables: readonly string[]) { this.levels = [first]; }

  /** The terms of the sum differentiated `n` times; undefined past the last variable or MAX_LEVEL_NODES. */
  level(n: number): Level | undefined {
    while (this.levels.length <= Math.min(n, this.variables.length)) {
      const previous = this.levels[this.levels.length - 1];
      const x = this.variables[this.levels.length - 1];
      // printing stops at the hard deadline anyway: a level not followed in time is the reading order
      this.levels.push(previous && ifInTime(() => derivativeLevel(previous, x), () => undefined));
    }
    return this.levels[n];
  }
}

/** One list of terms in written order, each with the written term (its group) it came from. */
interface Level {
  terms: Expr[];
  groups: number[];
  /** The terms' match keys (matchKeys), in order, each to its first place and its group. */
  places: Map<string, TermPlace>;
}

function level(terms: Expr[], groups: number[]): Level {
  const places = new Map<string, TermPlace>();
  terms.forEach((t, i) => {
    for (const k of matchKeys(t)) if (!places.has(k)) places.set(k, { place: places.size, group: groups[i] });
  });
  return { terms, groups, places };
}

/** The written terms of a sum, each read as the scalar tree (a term that is itself a sum adds its terms to its group). */
function firstLevel(written: readonly Syn[]): Level {
  const terms: Expr[] = [];
  const groups: number[] = [];
  written.forEach((s, group) => {
    const e = scalarOrUndefined(s);
    if (!e) return;
    for (const t of expanded(e)) { terms.push(t); groups.push(group); }
  });
  return level(terms, groups);
}

/** Each term's derivative, as terms in the order the sum and product rules write them; undefined past MAX_LEVEL_NODES. */
function derivativeLevel(from: Level, x: string): Level | undefined {
  const chained = new Map<string, Expr[]>();
  const terms: Expr[] = [];
  const groups: number[] = [];
  let nodes = 0;
  for (const [i, t] of from.terms.entries()) {
    for (const d of derivativeTerms(t, x, chained)) {
      nodes += treeSize(d);
      if (nodes > MAX_LEVEL_NODES) return undefined;
      terms.push(d);
      groups.push(from.groups[i]);
    }
  }
  return level(terms, groups);
}

/** d(t)/dx as a list of terms: a product by the product rule, factor by factor in reading order (d(x*sin(x)) = sin(x) + x*cos(x)). */
function derivativeTerms(t: Expr, x: string, chained: Map<string, Expr[]>): Expr[] {
  checkDeadline();
  if (!dependsOn(t, x)) return [];
  if (t.kind === 'add') return t.terms.flatMap((u) => derivativeTerms(u, x, chained));
  if (t.kind === 'mul') {
    const factors = orderedFactors([...t.factors]);
    return factors.flatMap((f, i) => {
      const rest = factors.filter((_, j) => j !== i);
      return derivativeTerms(f, x, chained).flatMap((d) => expanded(mul(d, ...rest)));
    });
  }
  if (t.kind === 'sym') return [ONE];
  // x^n, the commonest term: n*x^(n - 1) without the differentiator
  if (t.kind === 'pow' && t.base.kind === 'sym' && t.exp.kind === 'num') return [mul(t.exp, pow(t.base, num(t.exp.value.sub(Rational.ONE))))];
  // a power or a function, by the chain rule; the same factor recurs in the terms of higher orders
  let terms = chained.get(t.key);
  if (!terms) chained.set(t.key, (terms = expanded(derivative(t, x).result)));
  return terms;
}

/** The terms of `e` with products of sums multiplied out (cos(u)*(2*x + 1) → 2*x*cos(u), cos(u)), as simplifying may leave them. */
function expanded(e: Expr): Expr[] {
  if (e.kind === 'add') return readingOrder(e).flatMap(expanded);
  if (e.kind === 'mul') {
    const i = e.factors.findIndex((f) => f.kind === 'add');
    if (i >= 0) {
      const rest = e.factors.filter((_, j) => j !== i);
      return readingOrder(e.factors[i] as Expr & { kind: 'add' }).flatMap((t) => expanded(mul(t, ...rest)));
    }
  }
  return [e];
}

const NUMBER_KEY = ONE.key;
const keys = new WeakMap<Expr, readonly string[]>();
/**
 * What a term is matched by: the non-numeric part of each term it is, every function written in
 * elementary ones (max(0, x) is x/2 + |x|/2 to a printer without max). A number's key is NUMBER_KEY.
 */
function matchKeys(t: Expr): readonly string[] {
  let k = keys.get(t);
  if (k === undefined) {
    k = expanded(lowerFor(t, ELEMENTARY)).map((u) => splitCoefficient(u)[1].key);
    keys.set(t, k);
  }
  return k;
}

/** The term lists of the input's sums; a printed sum follows the list that matches most of its terms. */
class Origins implements TermOrigins {
  /**
   * `preferred`: the level tried first, which wins a tie (0 for the input itself, the last for its
   * derivative); then the levels next to it, outer sums before inner ones at each distance.
   */
  constructor(private readonly sums: readonly WrittenSum[], private readonly preferred: number, private readonly deepest: number) {}

  placesOf(terms: readonly Expr[]): (TermPlace | undefined)[] | undefined {
    const termKeys = terms.map(matchKeys);
    let best: (TermPlace | undefined)[] | undefined;
    let bestCount = 0;
    for (let distance = 0; distance <= this.deepest; distance++) {
      for (const sum of this.sums) {
        for (const n of new Set([this.preferred - distance, this.preferred + distance])) {
          const candidate = n >= 0 ? sum.level(n) : undefined;
          if (!candidate) continue;
          const places = termKeys.map((ks) => placeIn(candidate, ks));
          const count = places.reduce((c, p) => c + (p ? 1 : 0), 0);
          if (count <= bestCount || count < 2 || !follows(termKeys, places)) continue;
          best = places;
          bestCount = count;
          // every term placed: nothing farther can do better
          if (count === terms.length) return best;
        }
      }
    }
    return best;
  }
}

/** A term's first place in `level` (a term printed as several terms of the level: the first of them). */
function placeIn(level: Level, keys: readonly string[]): TermPlace | undefined {
  let found: TermPlace | undefined;
  for (const k of keys) {
    const p = level.places.get(k);
    if (p && (!found || p.place < found.place)) found = p;
  }
  return found;
}

/**
 * Whether a sum follows a term list: every term has a place, or most do and two of them are not
 * numbers — a number and one power in common (1 + x^4 and 6 + 36*x^4 - 27*x^6 + 54*x^2) are chance.
 */
function follows(termKeys: readonly (readonly string[])[], places: readonly (TermPlace | undefined)[]): boolean {
  const placed = places.filter((p) => p).length;
  if (placed === places.length) return true;
  const placedNonNumbers = termKeys.filter((ks, i) => places[i] && !(ks.length === 1 && ks[0] === NUMBER_KEY)).length;
  return placedNonNumbers >= 2 && 2 * placed > places.length;
}

/** Every chain of + and − in the input (outermost first), as its written terms; `outermost`: the input is this sum. */
function writtenSums(s: Syn): { terms: Syn[]; outermost: boolean }[] {
  const out: { terms: Syn[]; outermost: boolean }[] = [];
  const visit = (n: Syn): void => {
    if (n.t === 'bin' && SUMS.has(n.op)) {
      const terms = summands(n);
      out.push({ terms, outermost: n === s });
      terms.forEach(visit);
      return;
    }
    childrenOf(n).forEach(visit);
  };
  visit(s);
  return out;
}

function summands(n: Syn): Syn[] {
  return n.t === 'bin' && SUMS.has(n.op) ? [...summands(n.l), ...summands(n.r)] : [n];
}

function childrenOf(n: Syn): readonly Syn[] {
  switch (n.t) {
    case 'bin': return [n.l, n.r];
    case 'neg': case 'transpose': return [n.arg];
    case 'call': return n.args;
    // an operator inside the input is evaluated in place: its sums are not the user's terms
    default: return [];
  }
}

/** Syntax nodes of `n`, counted up to just past `limit`. */
function nodeCount(n: Syn, limit: number): number {
  let count = 1;
  for (const c of childrenOf(n)) {
    if (count > limit) break;
    count += nodeCount(c, limit - count);
  }
  return count;
}

/** A written term as the scalar tree; undefined when it holds an operator (evaluated in place, with its own check) or has no scalar meaning alone. */
function scalarOrUndefined(s: Syn): Expr | undefined {
  if (containsOperator(s)) return undefined;
  try {
    return toScalar(s);
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

function containsOperator(s: Syn): boolean {
  return s.t === 'derivative' || childrenOf(s).some(containsOperator);
}
