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
import { magnitudeOf, orderedFactors, orderedTerms, readingOrder, SumOrigin, TermOrigins, TermPlace } from './dialects/layout';
import { add, Add, children, dependsOn, Expr, NodeCache, isNegative, mul, neg, negateTerms, negativeTerms, num, ONE, pow, rawCall, rebuild, splitCoefficient, treeSize } from './expr';
import { call } from './functions';
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
/** A product of sums is multiplied out for matching only up to this many terms. */
const MAX_EXPANDED = 16;

const SUMS: ReadonlySet<BinOp> = new Set(['add', 'sub', 'badd', 'bsub']);
const PRODUCTS: ReadonlySet<BinOp> = new Set(['mul', 'emul', 'div', 'ediv', 'cdot']);
const ELEMENTARY: ReadonlySet<string> = new Set();

/** The input's term order, for printing the input and what was derived from it. */
export interface WrittenOrder {
  /** For printing the input differentiated `level` times (0: the input itself). */
  at(level: number): TermOrigins;
  /** The keys of the input's sums as written (x − a, not the canonical a − x that |x − a| holds), for inWrittenOrientation. */
  readonly sums: ReadonlySet<string>;
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
  const chained: Chained = new Map();
  // a sum inside the input shows in the result as itself or as its derivative (the chain rule's factor)
  const sums = writtenSums(operand)
    .map(({ terms, outermost }) => new WrittenSum(firstLevel(terms), writtenWithMinus(terms[0]), outermost ? variables : variables.slice(0, 1), chained))
    .filter((s) => s.level(0)!.terms.length > 1);
  const nameOrder = writtenNameOrder(operand);
  if (sums.length === 0 && !nameOrder) return undefined;
  return { at: (preferred) => new Origins(sums, preferred, variables.length, nameOrder), sums: new Set(sums.map((s) => add(...s.level(0)!.terms).key)) };
}

/**
 * The order the user wrote names in as factors (m*g*h, w*t): each product's names, in writing order,
 * put each before the ones after it; names the input puts both ways round, and names in no product,
 * fall back to the alphabet. Undefined when no product holds two names.
 */
function writtenNameOrder(s: Syn): ReadonlyMap<string, number> | undefined {
  const before = new Map<string, Set<string>>();
  const visit = (n: Syn): void => {
    if (n.t === 'bin' && PRODUCTS.has(n.op)) {
      const names: string[] = [];
      const factor = (f: Syn): void => {
        if (f.t === 'bin' && PRODUCTS.has(f.op)) {
          factor(f.l);
          // a divisor prints in the denominator: only the numerator's order shows
          if (f.op === 'div' || f.op === 'ediv') visit(f.r);
          else factor(f.r);
          return;
        }
        const base = f.t === 'bin' && (f.op === 'pow' || f.op === 'epow') ? f.l : f;
        if (base.t === 'sym') names.push(base.name);
        visit(f);
      };
      factor(n);
      names.forEach((a, i) => names.slice(i + 1).forEach((b) => { if (a !== b) (before.get(a) ?? before.set(a, new Set()).get(a)!).add(b); }));
      return;
    }
    childrenOf(n).forEach(visit);
  };
  visit(s);
  if (before.size === 0) return undefined;
  // written both ways round: no order between the two
  for (const [a, later] of before) for (const b of later) if (before.get(b)?.has(a)) { later.delete(b); before.get(b)!.delete(a); }
  // Kahn's topological order, the alphabet choosing among names free to go next
  const names = [...new Set([...before.keys(), ...[...before.values()].flatMap((l) => [...l])])];
  const waiting = new Map(names.map((n) => [n, 0]));
  for (const later of before.values()) for (const b of later) waiting.set(b, waiting.get(b)! + 1);
  const rank = new Map<string, number>();
  const ready = names.filter((n) => waiting.get(n) === 0);
  while (ready.length > 0) {
    ready.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const next = ready.shift()!;
    rank.set(next, rank.size);
    for (const b of before.get(next) ?? []) {
      waiting.set(b, waiting.get(b)! - 1);
      if (waiting.get(b) === 0) ready.push(b);
    }
  }
  return rank;
}

/** A sum of the input and its derivatives' terms, each level followed when a printed sum first asks for it. */
class WrittenSum {
  private readonly levels: (Level | undefined)[];
  /** `leadsWithMinus`: the first term is written with a minus (-x^2 + …). */
  constructor(first: Level, readonly leadsWithMinus: boolean, private readonly variables: readonly string[], private readonly chained: Chained) {
    this.levels = [first];
  }

  /** The terms of the sum differentiated `n` times; undefined past the last variable or MAX_LEVEL_NODES. */
  level(n: number): Level | undefined {
    while (this.levels.length <= Math.min(n, this.variables.length)) {
      const previous = this.levels[this.levels.length - 1];
      const x = this.variables[this.levels.length - 1];
      // printing stops at the hard deadline anyway: a level not followed in time is the reading order
      this.levels.push(previous && ifInTime(() => derivativeLevel(previous, x, this.chained), () => undefined));
    }
    return this.levels[n];
  }
}

/** One list of terms in written order. */
interface Level {
  terms: Expr[];
  /** The terms' match keys (matchKeys), in order, each to its first place and its sign. */
  places: Map<string, TermPlace>;
}

/** A level of `terms`: each matches as written and, a product of sums, multiplied out too (simplifying may do either). */
function level(terms: Expr[]): Level {
  const places = new Map<string, TermPlace>();
  for (const t of terms) {
    const parts = expanded(t);
    for (const u of parts.length > 1 ? [t, ...parts] : parts) {
      for (const { key, negative, magnitude } of matchKeys(u)) if (!places.has(key)) places.set(key, { place: places.size, negative, magnitude });
    }
  }
  return { terms, places };
}

/** The written terms of a sum, each read as the scalar tree (a term that is itself a sum adds its terms). */
function firstLevel(written: readonly Summand[]): Level {
  return level(written.flatMap(({ syn, subtracted }) => {
    const e = scalarOrUndefined(syn);
    return e ? termsOf(subtracted ? neg(e) : e) : [];
  }));
}

const termsOf = (e: Expr): readonly Expr[] => (e.kind === 'add' ? readingOrder(e) : [e]);

/** Each term's derivative, as terms in the order the sum and product rules write them; undefined past MAX_LEVEL_NODES. */
function derivativeLevel(from: Level, x: string, chained: Chained): Level | undefined {
  const terms: Expr[] = [];
  let nodes = 0;
  for (const t of from.terms) {
    for (const d of derivativeTerms(t, x, chained)) {
      nodes += treeSize(d);
      if (nodes > MAX_LEVEL_NODES) return undefined;
      terms.push(d);
    }
  }
  return level(terms);
}

/** The chain rule's terms of each power or function, by the variable and its key: they recur in higher orders and in repeated sums. */
type Chained = Map<string, Expr[]>;

/** d(t)/dx as a list of terms: a product by the product rule, factor by factor in reading order (d(x*sin(x)) = sin(x) + x*cos(x)). */
function derivativeTerms(t: Expr, x: string, chained: Chained): Expr[] {
  checkDeadline();
  if (!dependsOn(t, x)) return [];
  if (t.kind === 'add') return t.terms.flatMap((u) => derivativeTerms(u, x, chained));
  if (t.kind === 'mul') {
    const factors = orderedFactors([...t.factors]);
    return factors.flatMap((f, i) => {
      const rest = factors.filter((_, j) => j !== i);
      return derivativeTerms(f, x, chained).flatMap((d) => termsOf(mul(d, ...rest)));
    });
  }
  if (t.kind === 'sym') return [ONE];
  // x^n, the commonest term: n*x^(n - 1) without the differentiator
  if (t.kind === 'pow' && t.base.kind === 'sym' && t.exp.kind === 'num') return [mul(t.exp, pow(t.base, num(t.exp.value.sub(Rational.ONE))))];
  // a power or a function, by the chain rule
  const key = `${x} ${t.key}`;
  let terms = chained.get(key);
  if (!terms) chained.set(key, (terms = [...termsOf(derivative(t, x).result)]));
  return terms;
}

/**
 * The terms of `e` with products of sums multiplied out (cos(u)*(2*x + 1) → 2*x*cos(u), cos(u)), as
 * simplifying may leave them; a product that would make more than MAX_EXPANDED terms stays one term.
 */
function expanded(e: Expr): Expr[] {
  if (e.kind === 'add') return readingOrder(e).flatMap(expanded);
  if (e.kind !== 'mul') return [e];
  const sums = e.factors.filter((f): f is Add => f.kind === 'add');
  if (sums.length === 0 || sums.reduce((n, f) => n * f.terms.length, 1) > MAX_EXPANDED) return [e];
  const rest = e.factors.filter((f) => f.kind !== 'add');
  let products: Expr[][] = [rest];
  for (const sum of sums) products = products.flatMap((p) => readingOrder(sum).map((t) => [...p, t]));
  return products.flatMap((p) => expanded(mul(...p)));
}

interface MatchKey { key: string; negative: boolean; magnitude: string }
const keys = new NodeCache<readonly MatchKey[]>();
/**
 * What a term is matched by: its non-numeric part (with its sign), every function written in
 * elementary ones; of each term when that makes a sum (max(0, x) is x/2 + |x|/2 to a printer without max).
 */
function matchKeys(t: Expr): readonly MatchKey[] {
  let k = keys.get(t);
  if (k === undefined) {
    const lowered = lowerFor(t, ELEMENTARY);
    k = (lowered.kind === 'add' ? lowered.terms : [lowered]).map((u) => ({ key: splitCoefficient(u)[1].key, negative: isNegative(u), magnitude: magnitudeOf(u) }));
    keys.set(t, k);
  }
  return k;
}

/** The term lists of the input's sums; a printed sum follows a list that has every one of its terms. */
class Origins implements TermOrigins {
  /**
   * `preferred`: the level tried first (0 for the input itself, the last for its derivative); then the
   * levels next to it, outer sums before inner ones at each distance.
   */
  constructor(
    private readonly sums: readonly WrittenSum[], private readonly preferred: number, private readonly deepest: number,
    readonly nameOrder?: ReadonlyMap<string, number>,
  ) {}
  /** By the sum's key: the result prints in two or three notations, mostly the same sums. */
  private readonly found = new Map<string, SumOrigin | undefined>();

  placesOf(sum: Add, terms: readonly Expr[]): SumOrigin | undefined {
    if (this.found.has(sum.key)) return this.found.get(sum.key);
    const origin = this.search(terms);
    this.found.set(sum.key, origin);
    return origin;
  }

  private search(terms: readonly Expr[]): SumOrigin | undefined {
    const termKeys = terms.map(matchKeys);
    // a sum the input writes as it is, all its terms with their numbers and no more (a chain rule's inner factor
    // r + σ²/2): as written, before the levels of derivatives, where the same terms may stand in another order
    for (const sum of this.sums) {
      const written = sum.level(0);
      if (!written || written.terms.length !== terms.length) continue;
      const places = termKeys.map((ks) => placeIn(written, ks));
      const same = places.every((p, i) => p && termKeys[i].length === 1 && p.magnitude === termKeys[i][0].magnitude);
      if (same) return { places: places as TermPlace[], leadsWithMinus: sum.leadsWithMinus };
    }
    for (let distance = 0; distance <= this.deepest; distance++) {
      for (const sum of this.sums) {
        for (const n of new Set([this.preferred - distance, this.preferred + distance])) {
          const candidate = n >= 0 ? sum.level(n) : undefined;
          if (!candidate) continue;
          // every term or none: a partial match (x^2 + x + 1 in 3*x^2 - 4*x - 2 + x^4 + 2*x^3) is chance
          const places = termKeys.map((ks) => placeIn(candidate, ks));
          if (places.every((p) => p)) return { places: places as TermPlace[], leadsWithMinus: sum.leadsWithMinus };
        }
      }
    }
    return undefined;
  }
}

/** A term's first place in `level` (a term printed as several terms of the level: the first of them). */
function placeIn(level: Level, keys: readonly MatchKey[]): TermPlace | undefined {
  let found: TermPlace | undefined;
  for (const { key } of keys) {
    const p = level.places.get(key);
    if (p && (!found || p.place < found.place)) found = p;
  }
  return found;
}

/** Every chain of + and − in the input (outermost first), as its written terms; `outermost`: the input is this sum. */
function writtenSums(s: Syn): { terms: Summand[]; outermost: boolean }[] {
  const out: { terms: Summand[]; outermost: boolean }[] = [];
  const visit = (n: Syn): void => {
    if (n.t === 'bin' && SUMS.has(n.op)) {
      const terms = summands(n, false);
      out.push({ terms, outermost: n === s });
      for (const t of terms) visit(t.syn);
      return;
    }
    childrenOf(n).forEach(visit);
  };
  visit(s);
  return out;
}

/**
 * `e` with |u| and sign(u) of a sum turned the way the user wrote it, where that has no more minus
 * signs: |x − a| stays |x − a| (the tree keeps one orientation of ±u, |a − x|), and d/dx |x − a| is
 * sign(x − a), not −sign(a − x).
 */
export function inWrittenOrientation(e: Expr, written: ReadonlySet<string> | undefined): Expr {
  if (!written || written.size === 0) return e;
  const visit = (x: Expr): Expr => {
    const kids = children(x);
    if (kids.length === 0) return x;
    const out = kids.map(visit);
    const y = out.every((k, i) => k === kids[i]) ? x : rebuild(x, out, call);
    if (y.kind !== 'call' || (y.fn !== 'abs' && y.fn !== 'sign') || y.args[0].kind !== 'add' || written.has(y.args[0].key)) return y;
    const flipped = negateTerms(y.args[0]);
    // as written, unless that writes more minus signs (−x² − x − 7 stays x² + x + 7)
    if (!written.has(flipped.key) || negativeTerms(flipped) > negativeTerms(y.args[0])) return y;
    return y.fn === 'abs' ? rawCall('abs', [flipped]) : neg(rawCall('sign', [flipped]));
  };
  return visit(e);
}

/**
 * A product with its sums to odd powers turned where that writes fewer minus signs, the sign going to the
 * product's number: (−x − 4)/x³ is −(x + 4)/x³, −2/(x² − 1) is 2/(1 − x²) (one minus sign fewer, the same
 * length), 2·(−8x² + 3x − 2)·(1 − 2x) is 2·(8x² − 3x + 2)·(2x − 1), as people write them.
 */
export function withMinusAbsorbed(e: Expr): Expr {
  const kids = children(e);
  if (kids.length === 0) return e;
  // inside first: a term's sign becomes its sum's subtraction, sinh(u)·v − cosh(u)·(0.27x² + 1)
  const inside = kids.map(withMinusAbsorbed);
  const rebuilt = inside.every((k, i) => k === kids[i]) ? e : rebuild(e, inside, call);
  return rebuilt.kind === 'mul' ? productWithMinusAbsorbed(rebuilt) : rebuilt;
}

function productWithMinusAbsorbed(e: Expr & { kind: 'mul' }): Expr {
  const c = e.factors.find((f) => f.kind === 'num');
  // what turning each sum saves in minus signs (its negative terms turn positive, the others negative); every sum that saves one is turned
  const savings = e.factors.map((f) => { const b = oddPowerSum(f); return b && 2 * negativeTerms(b) - b.terms.length; });
  const turned = new Set(savings.flatMap((saved, i) => (saved !== undefined && saved > 0 ? [i] : [])));
  // a minus left in front goes into one more sum that costs nothing to turn, or back to one that saved
  // only it, unless that sum would then start with a minus: −2·e^(−x²)·(4x⁴ − 12x² + 3), not 2·e^(−x²)·(−4x⁴ + 12x² − 3)
  if ((c !== undefined && isNegative(c)) !== (turned.size % 2 === 1)) {
    const free = savings.findIndex((saved, i) => saved === 0 && !turned.has(i));
    const single = [...turned].find((i) => savings[i] === 1 && !isNegative(orderedTerms(oddPowerSum(e.factors[i])!)[0]));
    if (free >= 0) turned.add(free);
    else if (single !== undefined) turned.delete(single);
  }
  // no sum starts with a minus, as a polynomial is written with its leading coefficient positive: a minus
  // in front goes into such a sum (3·(35x⁴ − 140x³ − 5), not −3·(−35x⁴ + 140x³ + 5)), and one that turning
  // leaves with as many minus signs gives one to the front (−4·e^(−x²)·(8x⁶ − 60x⁴ + 90x² − 15))
  const startsWithMinus = (f: Expr, i: number) => { const b = oddPowerSum(f); return b !== undefined && isNegative(orderedTerms(turned.has(i) ? (negateTerms(b) as Add) : b)[0]); };
  const leadingMinus = e.factors.findIndex(startsWithMinus);
  if (leadingMinus >= 0 && ((c !== undefined && isNegative(c)) !== (turned.size % 2 === 1) || savings[leadingMinus] === 0)) {
    if (turned.has(leadingMinus)) turned.delete(leadingMinus);
    else turned.add(leadingMinus);
  }
  if (turned.size === 0) return e;
  const factors = e.factors.map((f, i) => (turned.has(i) ? (f.kind === 'pow' ? pow(negateTerms(f.base as Add), f.exp) : negateTerms(f as Add)) : f));
  return turned.size % 2 === 1 ? neg(mul(...factors)) : mul(...factors);
}

/** The sum `f` is, or is the base of to an odd power. */
function oddPowerSum(f: Expr): Add | undefined {
  const [b, k] = f.kind === 'pow' ? [f.base, f.exp] : [f, ONE];
  return b.kind === 'add' && k.kind === 'num' && k.value.isInteger && k.value.num % 2n !== 0n ? b : undefined;
}

/** Whether a written term starts with a minus sign: -x^2, -3*x, -2/x (sin(-x) does not, though it is held as -sin(x)). */
function writtenWithMinus({ syn, subtracted }: Summand): boolean {
  let s = syn;
  while (s.t === 'bin' && PRODUCTS.has(s.op)) s = s.l;
  return subtracted !== (s.t === 'neg' || (s.t === 'num' && s.value.isNegative));
}

/** A written term of a sum, and whether it is subtracted (b in a - b). */
interface Summand { syn: Syn; subtracted: boolean }

function summands(n: Syn, subtracted: boolean): Summand[] {
  if (n.t !== 'bin' || !SUMS.has(n.op)) return [{ syn: n, subtracted }];
  const minus = n.op === 'sub' || n.op === 'bsub';
  return [...summands(n.l, subtracted), ...summands(n.r, subtracted !== minus)];
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
