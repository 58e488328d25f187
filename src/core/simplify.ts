// Simplification to what a person would write: among equivalent forms (as built, common factors
// pulled out, over a common denominator, expanded) keep the one with the fewest printed tokens.
// Runs under a deadline; past it, the plainer correct form built so far is returned.
import {
  add, children, E, Expr, HALF, isNegative, isNum, mul, negateTerms, negativeTerms, NodeCache, num, Num, ONE, pow, rebuild, splitCoefficient, splitPower, treeSize, ZERO,
} from './expr';
import { call } from './functions';
import { orderedTerms } from './dialects/layout';
import { gcd, Rational, rationalGcd, rationalRoot } from './rational';
import { collectByTranscendentals, divideExactly } from './collect';
import { exponentialRationalForms } from './exponentialRational';
import { opposedSumsOriented } from './opposedSums';
import { dividesByCircularOrHyperbolic, doubleAnglesHalved } from './halfAngles';
import { inSinhAndCosh } from './sinhCosh';
import { inPowersOfLinearForms, writtenLinearForms } from './shift';
import { denominatorsMultipliedOut } from './denominator';
import { normalDensitiesTogether } from './normalDensities';

const displaySizeCache = new NodeCache<number>();
/** Tokens the plain printer writes for `e` (symbols, numbers, operators, function names; no brackets). */
export function displaySize(e: Expr): number {
  if (e.kind === 'sym' || e.kind === 'const') return 1;
  const cached = displaySizeCache.get(e);
  if (cached !== undefined) return cached;
  const n = uncachedDisplaySize(e);
  displaySizeCache.set(e, n);
  return n;
}

function uncachedDisplaySize(e: Expr): number {
  switch (e.kind) {
    case 'num': {
      const v = e.value;
      return (v.isNegative ? 1 : 0) + (v.isInteger || e.decimal ? 1 : 3);
    }
    case 'sym': case 'const': return 1;
    case 'call': return 1 + e.args.reduce((s, a) => s + displaySize(a), 0);
    case 'add': {
      let n = e.terms.length - 1;
      // a negative term's minus is the sum's operator: −t is t's size less its sign
      for (const t of e.terms) n += isNegative(t) ? displaySize(t) - 1 : displaySize(t);
      if (isNegative(orderedTerms(e)[0])) n += 1;
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

/**
 * Tokens of a product (or a power) printed as a fraction: sign, numerator, and denominator with each
 * negative power written positive — asFraction's parts, counted without building them.
 */
function fractionSize(e: Expr): number {
  const [coeff, rest] = splitCoefficient(e);
  const c = coeff.value.abs();
  let numerator = 0, numeratorItems = 0, denominator = 0, denominatorItems = 0;
  if (coeff.decimal && !c.isOne) { numerator++; numeratorItems++; }
  else {
    if (c.num !== 1n) { numerator++; numeratorItems++; }
    if (c.den !== 1n) { denominator++; denominatorItems++; }
  }
  const factors = rest.kind === 'mul' ? rest.factors : rest.kind === 'num' ? [] : [rest];
  for (const f of factors) {
    const [base, exp] = splitPower(f);
    if (exp.kind === 'num' && exp.value.isNegative && base !== E) {
      denominator += positivePowerSize(base, exp.value.neg());
      denominatorItems++;
    } else if (f.kind === 'num' && !f.value.isInteger) {
      numerator++; numeratorItems++;
      denominator++; denominatorItems++;
    } else { numerator += displaySize(f); numeratorItems++; }
  }
  let n = (coeff.value.isNegative ? 1 : 0) + (numeratorItems ? numerator + numeratorItems - 1 : 1);
  if (denominatorItems) n += 1 + denominator + denominatorItems - 1;
  return n;
}

/** displaySize(base^k) for k > 0 and base^−k a canonical factor (so base^k is canonical too). */
function positivePowerSize(base: Expr, k: Rational): number {
  if (k.isOne) return displaySize(base);
  if (k.equals(Rational.HALF)) return 1 + displaySize(base);
  return 1 + displaySize(base) + (k.isInteger ? 1 : 3);
}

export interface SimplifyOptions {
  /** performance.now() value after which no more rewriting is tried. */
  deadline: number;
  /**
   * The expression the user wrote, when this derives from it: its linear forms are the ones a polynomial
   * is written in (shift.ts), and its sums are not put in linear factors. One request, one source: the
   * request's memo holds what was found with it.
   */
  source?: Expr;
}

const PASSES = 3;
/** Tree nodes above which a sum or product that collects is only collected (see candidates). */
const LARGE = 40;
/** Below this many nodes, collecting by transcendental factors finds nothing factoring and expanding do not. */
const WORTH_COLLECTING = 16;
/**
 * Tree nodes above which a collected sum is not tried with the Pythagorean identities: expanding each
 * substitution is the costliest rewrite of a long sum (a quarter of the slowest fuzz case), and on the
 * three benchmark corpora no such rewrite past 40 nodes ever won.
 */
const PYTHAGOREAN_LIMIT = 120;
/** Above this many nodes a derivative is collected before the search (see simplifyReport). */
const COLLECT_FIRST = 120;

export function simplify(e: Expr, options: SimplifyOptions): Expr { return simplifyReport(e, options).result; }

/** Said with a result whose simplification the time budget cut short. */
export const CUT_SHORT_WARNING = 'the time budget cut simplification short: the result is correct but may not be in its simplest form (derivative.timeBudgetMs)';

/** The simplest form found, and whether the deadline cut the search short (then it may not be the simplest). */
export function simplifyReport(e: Expr, options: SimplifyOptions): { result: Expr; complete: boolean } {
  // a rewrite at one level can open another below it (a cancelled factor, a combined fraction)
  // a long derivative (a high order's product rule) is collected first, so the search below runs on
  // the short collected form instead of every product of the expansion
  const collected = treeSize(e) > COLLECT_FIRST && !hasCallOf(e, QUOTIENT_AND_HYPERBOLIC) ? collectByTranscendentals(e) : undefined;
  let current = collected && treeSize(collected) < treeSize(e) ? collected : e;
  let complete = true;
  // one memo for every pass and every call of the request: a subtree searched once is not searched again
  const simplifier = new Simplifier(options.deadline, requestMemo(options.deadline), writtenLinearForms(e, options.source), hasWrittenOutCall(e),
    options.source ? sumsOf(options.source) : NO_SUMS, writtenRamps(options.source ?? e), hasCallOf(e, NORMAL_DENSITY));
  for (let pass = 0; pass < PASSES; pass++) {
    const next = simplifier.run(current);
    complete &&= !simplifier.cut;
    if (next === current || next.key === current.key || !complete) { current = next; break; }
    current = next;
  }
  return { result: current, complete };
}

const NORMAL_DENSITY: ReadonlySet<string> = new Set(['normpdf']);

/** tan(u) = sin(u)/cos(u), sinh(2u) = 2·sinh(u)·cosh(u), …: identities collecting does not see, which the search below finds. */
const QUOTIENT_AND_HYPERBOLIC = new Set(['tan', 'cot', 'sec', 'csc', 'sinh', 'cosh', 'tanh', 'coth', 'sech', 'csch']);

/** Functions with an algebraic definition in others: log1p(u) = log(1 + u), expm1(u) = e^u − 1, hypot(u, v) = √(u² + v²). */
const WRITTEN_OUT: Readonly<Record<string, (args: readonly Expr[]) => Expr>> = {
  log1p: ([u]) => call('log', [add(ONE, u)]),
  expm1: ([u]) => add(pow(E, u), num(-1)),
  hypot: ([u, v]) => pow(add(pow(u, num(2)), pow(v, num(2))), num(Rational.HALF)),
};

const writtenOutCalls = new NodeCache<boolean>();
/** Whether `e` holds log1p, expm1 or hypot; remembered per node (every level of a search asks). */
function hasWrittenOutCall(e: Expr): boolean {
  if (e.size === 1) return false;
  const cached = writtenOutCalls.get(e);
  if (cached !== undefined) return cached;
  const out = (e.kind === 'call' && e.fn in WRITTEN_OUT) || children(e).some(hasWrittenOutCall);
  writtenOutCalls.set(e, out);
  return out;
}

/** `e` with every log1p, expm1 and hypot written by its definition. */
function writtenOut(e: Expr): Expr {
  const kids = children(e);
  if (kids.length === 0) return e;
  const out = kids.map(writtenOut);
  if (e.kind === 'call' && WRITTEN_OUT[e.fn]) return WRITTEN_OUT[e.fn](out);
  return out.every((k, i) => k === kids[i]) ? e : rebuild(e, out, call);
}

function hasCallOf(e: Expr, names: ReadonlySet<string>): boolean {
  if (e.kind === 'call' && names.has(e.fn)) return true;
  return children(e).some((c) => hasCallOf(c, names));
}

/**
 * The input to differentiate: simplified first when that removes a function (tan(x)·cos(x)/sin(x)
 * is 1, sin(x)² + cos(x)² is 1), so the derivative does not carry them; otherwise as written.
 */
export function withoutRemovableFunctions(e: Expr, deadline: number): Expr {
  const calls = countCalls(e);
  if (calls < 2 || !hasRelatedFunctions(e)) return e;
  // the input is the source: the request's memo keeps what this search finds for the levels after it
  const s = simplifyReport(e, { deadline, source: e });
  return s.complete && countCalls(s.result) < calls ? s.result : e;
}

/**
 * Whether two function applications (e^u counted as one) could meet in an identity: their arguments
 * are multiples of one thing (sin x and cos x, e^x and e^−x, sin 2x and cos x), or one is applied to
 * the other (exp(log1p(u))). Functions of unrelated arguments cancel nothing.
 */
function hasRelatedFunctions(e: Expr): boolean {
  const seen = new Set<string>();
  const related = (x: Expr): boolean => {
    const arg = x.kind === 'call' && x.args.length === 1 ? x.args[0] : x.kind === 'pow' && x.base === E ? x.exp : undefined;
    if (arg) {
      const key = splitCoefficient(arg)[1].key;
      if (seen.has(key)) return true;
      seen.add(key);
      if (arg.kind === 'call' || (arg.kind === 'pow' && arg.base === E)) return true;
    } else if (x.kind === 'call') return true;
    return children(x).some(related);
  };
  return related(e);
}

/** Entries above which a request's memo starts afresh (bounds its memory). */
const MAX_MEMO = 20_000;

interface Memo {
  /** A subtree's key → its simplest form (its children simplified first, then its candidates searched). */
  readonly simplified: Map<string, Expr>;
  /**
   * A searched node's key → the best of its candidates. Different subtrees simplify to the same
   * children (a pass rebuilds what the previous one built), so one search serves them all.
   */
  readonly searched: Map<string, Expr>;
}

let lastRequest: { deadline: number; memo: Memo } | undefined;
const newMemo = (): Memo => ({ simplified: new Map(), searched: new Map() });

/**
 * The memo of the request whose soft deadline this is: every level of a high-order derivative (and
 * withoutRemovableFunctions before them) searches the subtrees the previous level kept. A memo entry
 * is the search's result for a key, the same whoever asks; the deadline only scopes it to one request.
 */
function requestMemo(deadline: number): Memo {
  if (!Number.isFinite(deadline)) return newMemo();
  const full = () => lastRequest!.memo.simplified.size + lastRequest!.memo.searched.size > MAX_MEMO;
  if (lastRequest?.deadline !== deadline || full()) lastRequest = { deadline, memo: newMemo() };
  return lastRequest.memo;
}

const NO_SUMS: ReadonlySet<string> = new Set();
const sumKeys = new NodeCache<ReadonlySet<string>>();

/** The keys of the sums in `e` (the user's, when `e` is what they wrote). */
function sumsOf(e: Expr): ReadonlySet<string> {
  let keys = sumKeys.get(e);
  if (keys) return keys;
  const out = new Set<string>();
  const visit = (x: Expr): void => { if (x.kind === 'add') out.add(x.key); children(x).forEach(visit); };
  visit(e);
  sumKeys.set(e, (keys = out));
  return keys;
}

class Simplifier {
  /** Whether the deadline stopped the search somewhere. */
  cut = false;
  /**
   * `forms`: the expression's linear sums, in whose powers a polynomial sum may be shorter (shift.ts);
   * `writtenOutCalls`: whether it holds log1p, expm1 or hypot (no rewrite brings one in);
   * `writtenSums`: the keys of the sums the user wrote, which are not factored (exp(x² − 3x + 2) keeps its exponent);
   * `ramps`: max(u, 0) as the user wrote it (relu(u), max(0, u));
   * `densities`: whether it holds the normal density φ (no rewrite brings one in).
   */
  constructor(
    private readonly deadline: number, private readonly memo: Memo,
    private readonly forms: readonly (Expr & { kind: 'add' })[] = [], private readonly writtenOutCalls = true,
    private readonly writtenSums: ReadonlySet<string> = NO_SUMS, private readonly ramps: (u: Expr) => Expr = (u) => call('max', [u, ZERO]),
    private readonly densities = false,
  ) {}

  /** Nodes visited, counted to read the clock at the first and then every 16th (each visit is microseconds). */
  private ticks = -1;

  private get late(): boolean {
    if (this.cut) return true;
    if ((++this.ticks & 15) !== 0 || performance.now() <= this.deadline) return false;
    this.cut = true;
    return true;
  }

  run(e: Expr): Expr {
    const kids = children(e);
    if (kids.length === 0 || this.late) return e;
    const cached = this.memo.simplified.get(e.key);
    if (cached) return cached;
    const simpleKids = kids.map((k) => this.run(k));
    const rebuilt = simpleKids.every((k, i) => k === kids[i]) ? e : rebuild(e, simpleKids, call);
    // not a candidate: the shorter product would win the search, and code evaluates it as 0/0
    const guarded = rebuilt.kind === 'mul' ? stepOverRamp(rebuilt) : undefined;
    if (guarded) {
      const best = this.run(guarded);
      this.memo.simplified.set(e.key, best);
      return best;
    }
    const best = this.late ? rebuilt : this.search(rebuilt);
    this.memo.simplified.set(e.key, best);
    return best;
  }

  private search(e: Expr): Expr {
    const known = this.memo.searched.get(e.key);
    if (known) return known;
    const best = this.smallestCandidate(e);
    this.memo.searched.set(e.key, best);
    return best;
  }

  /** Tree nodes of the best candidate so far at the node being searched: a rewrite that cannot beat it is not built. */
  private bestNodes = Infinity;

  private smallestCandidate(e: Expr): Expr {
    const outer = this.bestNodes;
    let best = e;
    this.bestNodes = e.size;
    for (const c of this.candidates(e)) {
      if (c.size < this.bestNodes || (c.size === this.bestNodes && c.key !== best.key && displaySize(c) < displaySize(best))) { best = c; this.bestNodes = c.size; }
    }
    this.bestNodes = outer;
    return best;
  }

  /**
   * Whether factorTerms(x) may beat the best so far. Its sum keeps x's terms, so it has more than
   * x.terms.length nodes — unless a term with a sum factor is left as c·(a + b), which add distributes.
   */
  private mayFactorWin(x: Expr & { kind: 'add' }): boolean {
    return x.terms.length < this.bestNodes || x.terms.some((t) => children(t).some((f) => splitPower(f)[0].kind === 'add'));
  }

  /** Sums whose rewriting in powers of a linear form is being searched: that search does not rewrite them again. */
  private readonly shifting = new Set<string>();

  /** `e` in powers of the expression's linear forms, each no larger than `e`, simplified. */
  private inPowersOfForms(e: Expr & { kind: 'add' }): Expr[] {
    if (this.shifting.has(e.key)) return [];
    const forms = inPowersOfLinearForms(e, this.forms).filter((s) => s.size <= e.size);
    this.shifting.add(e.key);
    // the form's powers out as one factor before the search, which may turn −c·L³ into c·(−L)³
    const out = forms.flatMap((s) => (s.kind === 'add' ? [s, factorTerms(s)] : [s]).map((f) => this.run(f)));
    this.shifting.delete(e.key);
    return out;
  }

  private *candidates(e: Expr): Iterable<Expr> {
    yield* this.rewrites(e);
    // last, so that on a tie the forms above stay: a rational function of t = e^u, its common
    // factors in t cancelled, the numerator in powers of t or of t + 1
    if (e.kind === 'add' || e.kind === 'mul') yield* exponentialRationalForms(e);
  }

  private *rewrites(e: Expr): Iterable<Expr> {
    yield e;
    // exp(log1p(u)) = 1 + u, hypot(u, v)² = u² + v²: the written-out form, simplified, may cancel
    // what the named function hides (the plain printer writes these out anyway)
    if (this.writtenOutCalls && e.kind !== 'call' && hasWrittenOutCall(e)) yield this.run(writtenOut(e));
    // sin(x)·sin(2x)·sin(3x) = (sin(2x) + sin(4x) − sin(6x))/4: as sums, such products may cancel and
    // gather; the sum is searched again (it has no such product left, so this ends there)
    if (e.kind === 'add' || e.kind === 'mul') {
      const s = productsToSums(e);
      if (s) yield this.run(s);
      // u and −u as factors, written alike, merge in a product and are a sum's common factor
      const o = opposedSumsOriented(e);
      if (o) {
        yield o;
        if (o.kind === 'add') yield factorTerms(o);
      }
      // sinh(2u) beside functions of u, as 2·sinh(u)·cosh(u): sinh(18x)·tanh(9x)/cosh(9x)⁴ = 2·tanh(9x)²/cosh(9x)²
      const h = doubleAnglesHalved(e, trigQuotients);
      if (h) {
        yield h;
        if (h.kind === 'add') yield factorTerms(h);
      }
      // coth and csch beside sinh and cosh of one argument, in sinh and cosh: the terms share a denominator
      const sc = inSinhAndCosh(e);
      if (sc?.kind === 'add') {
        const t = together(sc);
        if (t) yield t;
      } else if (sc) yield sc.kind === 'mul' ? trigQuotients(sc) : sc;
    }
    if (e.kind === 'pow') {
      // √(x² − 2x + 1) = |x − 1|: a perfect square under an even root
      const root = e.base.kind === 'add' && e.exp.kind === 'num' && e.exp.value.den % 2n === 0n ? polynomialSquareRoot(e.base) : undefined;
      if (root) yield pow(pow(root, num(2)), e.exp);
      const primitive = rootContentOut(e);
      if (primitive) yield primitive;
    } else if (e.kind === 'add') {
      const factored = factorTerms(e);
      yield factored;
      // a sum factor of squares of sines and cosines left by the factoring, searched again where that
      // shortens it: 2·sin·cos⁴ − 3·sin³·cos² = sin·cos²·(2cos² − 3sin²) = sin·cos²·(5cos² − 3)
      if (factored !== e && factored.kind === 'mul' && factored.factors.some(hasSquaredCircular)) {
        const searched = this.run(factored);
        if (searched.size < this.bestNodes) yield searched;
      }
      // φ(b) as φ(a)·e^((a² − b²)/2), which may cancel (the written sum has one density left)
      if (this.densities) for (const one of normalDensitiesTogether(e, expand)) yield this.run(one);
      const roots = this.writtenSums.has(e.key) ? undefined : linearFactors(e);
      if (roots) yield roots;
      const power = this.writtenSums.has(e.key) ? undefined : polynomialPower(e);
      if (power) yield power;
      yield* this.inPowersOfForms(e);
      const collected = treeSize(e) >= WORTH_COLLECTING ? collectByTranscendentals(e) : undefined;
      if (collected) yield collected;
      // a large sum's collected form already is over one denominator, expanded and grouped: the
      // other rewrites of a long sum cost much and rarely win
      if (collected && treeSize(e) > LARGE) {
        if (treeSize(e) <= PYTHAGOREAN_LIMIT) yield* pythagorean(e);
        const h = exponentialPairs(e);
        if (h) yield h;
        return;
      }
      const t = together(e);
      if (t) yield t;
      const x = expand(e);
      if (x && x !== e) {
        yield x;
        if (x.kind === 'add' && this.mayFactorWin(x)) yield factorTerms(x);
      }
      yield* pythagorean(e);
      const h = exponentialPairs(e);
      if (h) yield h;
    } else if (e.kind === 'mul') {
      const q = trigQuotients(e);
      if (q !== e) yield q;
      const sc = inSinesAndCosines(e);
      if (sc) {
        yield sc;
        // sec(u)²/tan(u) = 1/(sin(u)·cos(u)) = 2/sin(2u)
        const halved = sc.kind === 'mul' ? doubleAngleProducts(sc) : sc;
        if (halved !== sc) yield halved;
      }
      const sg = signProducts(e, this.ramps);
      if (sg !== e) yield sg;
      const da = doubleAngleProducts(e);
      if (da !== e) yield da;
      const r = constantRootsTogether(e);
      if (r) yield r;
      if (!e.factors.some((f) => splitPower(f)[0].kind === 'add')) return;
      const sa = signsAsAbsolute(e);
      if (sa) yield sa;
      const collected = treeSize(e) >= WORTH_COLLECTING ? collectByTranscendentals(e) : undefined;
      if (collected) yield collected;
      // a large product that collects needs no full expansion besides; its sum factors are still rewritten below
      const x = collected && treeSize(e) > LARGE ? undefined : expand(e);
      if (x && x !== e) {
        yield x;
        if (x.kind === 'add' && this.mayFactorWin(x)) yield factorTerms(x);
      }
      // a sum factor over a common denominator, with its common factor out (its double angles halved
      // first, so sinh(2u) shows its cosh(u)), or with e^u ± e^v as 2·e^((u+v)/2)·cosh or
      // sinh((u−v)/2), may cancel with the rest
      for (const rewrite of dividesByCircularOrHyperbolic(e) ? SUM_FACTOR_REWRITES_HALVED : SUM_FACTOR_REWRITES) {
        let changed = false;
        const factors = e.factors.map((f) => {
          const [b, k] = splitPower(f);
          // under a root the pair's 2·e^w·cosh(v) leaves √2 and a root of cosh: √(1 + e^(2x)) stays as written
          if (rewrite === exponentialPairs && !(k.kind === 'num' && k.value.isInteger)) return f;
          const t = b.kind === 'add' ? rewrite(b) : undefined;
          if (!t || t === b) return f;
          changed = true;
          return pow(t, k);
        });
        // the product as it is is already a candidate; a sum over a denominator u may meet −u outside
        if (!changed) continue;
        const rewritten = mul(...factors);
        yield rewritten;
        const o = opposedSumsOriented(rewritten);
        if (o) yield o;
      }
      // (y²/9 + 4)^(3/2) = (y² + 36)^(3/2)/27: the number pulled out meets the product's coefficient
      let rooted = false;
      const primitives = e.factors.map((f) => { const p = f.kind === 'pow' ? rootContentOut(f) : undefined; rooted ||= !!p; return p ?? f; });
      if (rooted) yield mul(...primitives);
      // -c/(1 - x) reads better as c/(x - 1)
      if (isNegative(e)) {
        const i = e.factors.findIndex((f) => { const [b, k] = splitPower(f); return b.kind === 'add' && k.kind === 'num' && k.value.isInteger && k.value.num % 2n !== 0n; });
        if (i >= 0) {
          const [b, k] = splitPower(e.factors[i]);
          yield mul(num(-1), ...e.factors.filter((_, j) => j !== i), pow(negateTerms(b as Expr & { kind: 'add' }), k));
        }
      }
      const c = cancelPolynomials(e);
      if (c) yield c;
      const p = proportionalSums(e);
      if (p) yield p;
      yield* denominatorsMultipliedOut(e);
    }
  }
}

/** Rewrites of a product's sum factors; the halved double angle only beside a circular or hyperbolic divisor, the one place it cancels. */
const SUM_FACTOR_REWRITES = [together, factorTerms, exponentialPairs];
const SUM_FACTOR_REWRITES_HALVED = [together, factorTerms, halvedAndFactored, exponentialPairs];

/** Size of a candidate: tree nodes, then printed tokens to break ties. */
export function cost(e: Expr): number { return treeSize(e) * 1000 + displaySize(e); }

/** The candidate of least cost; printed tokens are counted only to break a tie in tree nodes. */
function smallest(candidates: Iterable<Expr>): Expr {
  let best: Expr | undefined;
  let bestNodes = Infinity;
  for (const c of candidates) {
    const n = treeSize(c);
    if (n < bestNodes || (n === bestNodes && c.key !== best!.key && displaySize(c) < displaySize(best!))) { best = c; bestNodes = n; }
  }
  return best!;
}

// ── Trigonometric identities ─────────────────────────────────────────────────

/** Whether `f` is a sum with an even power of a sine or cosine in a term (where sin² + cos² = 1 may shorten it). */
function hasSquaredCircular(f: Expr): boolean {
  if (f.kind !== 'add') return false;
  return f.terms.some((t) => (t.kind === 'mul' ? t.factors : [t]).some((g) => {
    const [b, k] = splitPower(g);
    return b.kind === 'call' && (b.fn === 'sin' || b.fn === 'cos') && k.kind === 'num' && k.value.isInteger && k.value.num % 2n === 0n;
  }));
}

/** A sum's double angles beside their halves written by the halves, then its common factor out: cosh(u)²·a + sinh(2u)·b = cosh(u)·(cosh(u)·a + 2·sinh(u)·b). */
function halvedAndFactored(e: Expr & { kind: 'add' }): Expr | undefined {
  const h = doubleAnglesHalved(e, trigQuotients);
  return h?.kind === 'add' ? factorTerms(h) : h;
}

/** f(u)^2 → an equivalent in the partner function: the Pythagorean identities. */
const half = (e: Expr) => mul(num(Rational.HALF), e);
const twice = (u: Expr) => mul(num(2), u);
/** f(u)^2 by the double-angle identities. */
const DOUBLE_ANGLE: Readonly<Record<string, (u: Expr) => Expr>> = {
  sin: (u) => half(add(ONE, mul(num(-1), call('cos', [twice(u)])))),
  cos: (u) => half(add(ONE, call('cos', [twice(u)]))),
  sinh: (u) => half(add(call('cosh', [twice(u)]), num(-1))),
  cosh: (u) => half(add(call('cosh', [twice(u)]), ONE)),
};
const SQUARE_IDENTITIES: Readonly<Record<string, (u: Expr) => Expr>> = {
  sin: (u) => add(ONE, mul(num(-1), pow(call('cos', [u]), num(2)))),
  cos: (u) => add(ONE, mul(num(-1), pow(call('sin', [u]), num(2)))),
  tan: (u) => add(pow(call('sec', [u]), num(2)), num(-1)),
  sec: (u) => add(pow(call('tan', [u]), num(2)), ONE),
  cot: (u) => add(pow(call('csc', [u]), num(2)), num(-1)),
  csc: (u) => add(pow(call('cot', [u]), num(2)), ONE),
  sinh: (u) => add(pow(call('cosh', [u]), num(2)), num(-1)),
  cosh: (u) => add(pow(call('sinh', [u]), num(2)), ONE),
  tanh: (u) => add(ONE, mul(num(-1), pow(call('cosh', [u]), num(-2)))),
};

/** For each f(u)^(2k) in a sum, the sum with f² rewritten by its identity (kept when smaller). */
function* pythagorean(e: Expr & { kind: 'add' }): Iterable<Expr> {
  const seen = new Set<string>();
  for (const t of e.terms) {
    const factors = t.kind === 'mul' ? t.factors : [t];
    for (const f of factors) {
      const [b, k] = splitPower(f);
      if (b.kind !== 'call' || !SQUARE_IDENTITIES[b.fn] || k.kind !== 'num' || !k.value.isInteger || k.value.num % 2n !== 0n || seen.has(b.key)) continue;
      seen.add(b.key);
      for (const identity of [SQUARE_IDENTITIES[b.fn], DOUBLE_ANGLE[b.fn]]) {
        if (!identity) continue;
        const square = identity(b.args[0]);
        const rewritten = add(...e.terms.map((term) => substituteSquare(term, b.key, square)));
        const x = rewritten.kind === 'add' ? expand(rewritten) : rewritten;
        // worth it when it removes functions (sin² + cos² → 1), terms (1 − tanh² → 1/cosh²) or minus
        // signs (4 − cos² → sin² + 3), not when it merely trades −sin² for cos² − 1
        if (x && (countCalls(x) < countCalls(e) || termCount(x) < termCount(e) || fewerNegativeTerms(x, e))) yield x;
      }
    }
  }
}

const termCount = (e: Expr) => (e.kind === 'add' ? e.terms.length : 1);
/** Whether `x` has fewer negative terms than `e` and no more terms or functions. */
const fewerNegativeTerms = (x: Expr, e: Expr) =>
  termCount(x) <= termCount(e) && countCalls(x) <= countCalls(e) && negativeTerms(x) < negativeTerms(e);

const callCounts = new NodeCache<number>();
/** Number of function applications (e^u included) in a tree. */
function countCalls(e: Expr): number {
  if (e.size === 1) return 0;
  // pythagorean weighs every rewrite of a long sum by it, and the sum's terms are shared
  const cached = callCounts.get(e);
  if (cached !== undefined) return cached;
  let n = e.kind === 'call' || (e.kind === 'pow' && e.base === E) ? 1 : 0;
  for (const c of children(e)) n += countCalls(c);
  callCounts.set(e, n);
  return n;
}

/** Replaces f^(2k) (k ≠ 0) in a term by square^k. */
function substituteSquare(term: Expr, key: string, square: Expr): Expr {
  const factors = term.kind === 'mul' ? term.factors : [term];
  let changed = false;
  const out = factors.map((f) => {
    const [b, k] = splitPower(f);
    if (b.key !== key || k.kind !== 'num' || !k.value.isInteger || k.value.num % 2n !== 0n) return f;
    changed = true;
    return pow(square, num(k.value.num / 2n));
  });
  return changed ? mul(...out) : term;
}

/** sin(u)·cos(u) = sin(2u)/2 and sinh(u)·cosh(u) = sinh(2u)/2. */
const DOUBLE_PRODUCTS: readonly [string, string][] = [['sin', 'cos'], ['sinh', 'cosh']];

/** A product's sin(u)·cos(u), or 1/(sin(u)·cos(u)) = 2/sin(2u), as the double angle (sinh and cosh alike). */
function doubleAngleProducts(e: Expr & { kind: 'mul' }): Expr {
  for (const [a, b] of DOUBLE_PRODUCTS) {
    for (const k of [1, -1] as const) {
      const s = e.factors.find((f) => ofPower(f, k)?.fn === a);
      if (!s) continue;
      const u = ofPower(s, k)!.args[0];
      const c = e.factors.find((f) => { const g = ofPower(f, k); return g?.fn === b && g.args[0].key === u.key; });
      if (c) return mul(pow(mul(num(Rational.HALF), call(a, [mul(num(2), u)])), num(k)), ...e.factors.filter((f) => f !== s && f !== c));
    }
  }
  return e;
}

/** `f` as call^k: the call, or undefined. */
function ofPower(f: Expr, k: 1 | -1): (Expr & { kind: 'call' }) | undefined {
  if (k === 1) return f.kind === 'call' ? f : undefined;
  return f.kind === 'pow' && f.base.kind === 'call' && f.exp.kind === 'num' && f.exp.value.equals(Rational.MINUS_ONE) ? f.base : undefined;
}

/** Sines and cosines of multiples of one argument in a term, beyond which it is not written as a sum (2^degree parts). */
const MAX_PRODUCT_DEGREE = 6;

/** A sine (or cosine) of m·base with its coefficient; cos of 0 stands for 1. */
type Harmonics = Map<string, { fn: 'sin' | 'cos'; m: Rational; c: Rational }>;

/**
 * Each term's product of sines and cosines of rational multiples of one argument written as a sum
 * (sin a·sin b = (cos(a−b) − cos(a+b))/2, sin a·cos b = (sin(a+b) + sin(a−b))/2,
 * cos a·cos b = (cos(a−b) + cos(a+b))/2), like terms gathered; undefined when no term has such a product.
 */
function productsToSums(e: Expr & { kind: 'add' | 'mul' }): Expr | undefined {
  const terms = e.kind === 'add' ? e.terms : [e];
  if (!terms.some((t) => t.kind === 'mul' || t.kind === 'pow')) return undefined;
  let changed = false;
  const out = terms.map((t) => {
    const s = termAsSum(t);
    if (s) changed = true;
    return s ?? t;
  });
  return changed ? add(...out) : undefined;
}

/** A term whose sines and cosines share one argument's multiples, of degree 2 or more, as a sum. */
function termAsSum(t: Expr): Expr | undefined {
  const factors = t.kind === 'mul' ? t.factors : [t];
  let base: Expr | undefined;
  let degree = 0;
  for (const f of factors) {
    const [b, k] = splitPower(f);
    if (b.kind !== 'call' || (b.fn !== 'sin' && b.fn !== 'cos')) continue;
    if (k.kind !== 'num' || !k.value.isInteger || k.value.isNegative) return undefined;
    const argBase = splitCoefficient(b.args[0])[1];
    if (argBase.kind === 'num' || (base && argBase.key !== base.key)) return undefined;
    base = argBase;
    degree += Number(k.value.num);
  }
  if (!base || degree < 2 || degree > MAX_PRODUCT_DEGREE) return undefined;
  let harmonics: Harmonics = new Map([['cos:0', { fn: 'cos', m: Rational.ZERO, c: Rational.ONE }]]);
  const rest: Expr[] = [];
  for (const f of factors) {
    const [b, k] = splitPower(f);
    if (b.kind !== 'call' || (b.fn !== 'sin' && b.fn !== 'cos')) { rest.push(f); continue; }
    const m = splitCoefficient(b.args[0])[0].value;
    for (let i = 0n; i < (k as Expr & { kind: 'num' }).value.num; i++) harmonics = timesHarmonic(harmonics, b.fn, m);
  }
  const parts: Expr[] = [];
  for (const { fn, m, c } of harmonics.values()) {
    if (c.isZero) continue;
    parts.push(mul(num(c), ...rest, m.isZero ? ONE : call(fn, [mul(num(m), base)])));
  }
  return add(...parts);
}

/** The harmonics times sin or cos of k·base, by the product-to-sum identities. */
function timesHarmonic(harmonics: Harmonics, g: 'sin' | 'cos', k: Rational): Harmonics {
  const out: Harmonics = new Map();
  const put = (fn: 'sin' | 'cos', m: Rational, c: Rational) => {
    // sin(−a) = −sin(a), cos(−a) = cos(a), sin(0) = 0
    if (m.isNegative) { m = m.neg(); if (fn === 'sin') c = c.neg(); }
    if (fn === 'sin' && m.isZero) return;
    const key = `${fn}:${m.toString()}`;
    const prior = out.get(key);
    out.set(key, { fn, m, c: prior ? prior.c.add(c) : c });
  };
  for (const { fn, m, c } of harmonics.values()) {
    const h = c.mul(Rational.HALF);
    if (fn === 'sin' && g === 'sin') { put('cos', m.sub(k), h); put('cos', m.add(k), h.neg()); }
    else if (fn === 'cos' && g === 'cos') { put('cos', m.sub(k), h); put('cos', m.add(k), h); }
    else {
      // sin a·cos b = (sin(a+b) + sin(a−b))/2, whichever factor is the sine
      const [a, b] = fn === 'sin' ? [m, k] : [k, m];
      put('sin', a.add(b), h); put('sin', a.sub(b), h);
    }
  }
  return out;
}

function hasExponentialFactor(t: Expr): boolean {
  if (t.kind === 'pow') return t.base === E;
  return t.kind === 'mul' && t.factors.some((f) => f.kind === 'pow' && f.base === E);
}

/** Quotients that have a name: sin/cos → tan, cos/sin → cot, sinh/cosh → tanh. */
const QUOTIENTS: readonly [string, string, string][] = [['sin', 'cos', 'tan'], ['cos', 'sin', 'cot'], ['sinh', 'cosh', 'tanh']];

const QUOTIENT_PARTS = new Set(QUOTIENTS.flatMap(([top, bottom]) => [top, bottom]));

function trigQuotients(e: Expr & { kind: 'mul' }): Expr {
  if (!e.factors.some((f) => { const b = splitPower(f)[0]; return b.kind === 'call' && QUOTIENT_PARTS.has(b.fn); })) return e;
  let factors = [...e.factors];
  for (const [top, bottom, name] of QUOTIENTS) {
    for (const f of factors) {
      const [b, k] = splitPower(f);
      if (b.kind !== 'call' || b.fn !== top || k.kind !== 'num' || k.value.isNegative) continue;
      const partner = factors.find((g) => { const [c, j] = splitPower(g); return c.kind === 'call' && c.fn === bottom && c.args[0].key === b.args[0].key && j.kind === 'num' && j.value.isNegative; });
      if (!partner) continue;
      const j = (splitPower(partner)[1] as Expr & { kind: 'num' }).value.neg();
      const m = k.value.compare(j) <= 0 ? k.value : j;
      factors = [mul(...factors, pow(b, num(m.neg())), pow(splitPower(partner)[0], num(m)), pow(call(name, b.args), num(m)))];
      break;
    }
  }
  return factors.length === 1 ? factors[0] : e;
}

/** tan, cot, sec, csc as quotients of sin and cos, then named quotients again: tan(x)·cos(x)/sin(x) = 1. */
const AS_SINE_COSINE: Readonly<Record<string, (u: Expr) => [Expr, number][]>> = {
  tan: (u) => [[call('sin', [u]), 1], [call('cos', [u]), -1]],
  cot: (u) => [[call('cos', [u]), 1], [call('sin', [u]), -1]],
  sec: (u) => [[call('cos', [u]), -1]],
  csc: (u) => [[call('sin', [u]), -1]],
};

function inSinesAndCosines(e: Expr & { kind: 'mul' }): Expr | undefined {
  const base = (f: Expr) => splitPower(f)[0];
  if (!e.factors.some((f) => { const b = base(f); return b.kind === 'call' && AS_SINE_COSINE[b.fn]; })) return undefined;
  // worth trying only when some sine or cosine (or a partner) of the same argument can meet it
  const args = new Set<string>();
  let meets = false;
  for (const f of e.factors) {
    const b = base(f);
    if (b.kind !== 'call' || !(b.fn in AS_SINE_COSINE || b.fn === 'sin' || b.fn === 'cos')) continue;
    if (args.has(b.args[0].key)) meets = true;
    args.add(b.args[0].key);
  }
  if (!meets) return undefined;
  const out = mul(...e.factors.map((f) => {
    const [b, k] = splitPower(f);
    if (b.kind !== 'call' || !AS_SINE_COSINE[b.fn]) return f;
    return mul(...AS_SINE_COSINE[b.fn](b.args[0]).map(([g, j]) => pow(g, mul(num(j), k))));
  }));
  return out.kind === 'mul' ? trigQuotients(out) : out;
}

/**
 * c·e^u·r ± c·e^v·r (e^0 allowed: a constant term) = 2c·e^((u+v)/2)·r·cosh or sinh((u−v)/2):
 * (e^x − e^−x)/2 = sinh(x), e^x + 1 = 2·e^(x/2)·cosh(x/2). Pairs of terms with the same rest only.
 */
export function exponentialPairs(e: Expr & { kind: 'add' }): Expr | undefined {
  // a pair needs some e^u (the other may be e^0); without one, no term is worth taking apart
  if (!e.terms.some(hasExponentialFactor)) return undefined;
  return cachedFor(pairedForms, e, uncachedExponentialPairs);
}

/**
 * A rewrite of `e` remembered per node: a sum searched on its own is asked again as a factor of
 * every product above it. undefined (nothing to rewrite) is remembered as null.
 */
function cachedFor(cache: NodeCache<Expr | null>, e: Expr & { kind: 'add' }, rewrite: (e: Expr & { kind: 'add' }) => Expr | undefined): Expr | undefined {
  const cached = cache.get(e);
  if (cached !== undefined) return cached ?? undefined;
  const out = rewrite(e);
  cache.set(e, out ?? null);
  return out;
}

const pairedForms = new NodeCache<Expr | null>();
const togetherForms = new NodeCache<Expr | null>();

function uncachedExponentialPairs(e: Expr & { kind: 'add' }): Expr | undefined {
  const groups = new Map<string, { c: Rational; v: Expr; rest: Expr; term: Expr }[]>();
  for (const t of e.terms) {
    const [c, r] = splitCoefficient(t);
    const factors = r.kind === 'mul' ? r.factors : r.kind === 'num' ? [] : [r];
    const ex = factors.find((f) => f.kind === 'pow' && f.base === E) as (Expr & { kind: 'pow' }) | undefined;
    const rest = mul(...factors.filter((f) => f !== ex));
    const entry = { c: c.value, v: ex ? ex.exp : num(0), rest, term: t };
    const g = groups.get(rest.key);
    if (g) g.push(entry); else groups.set(rest.key, [entry]);
  }
  const used = new Set<Expr>();
  const combined: Expr[] = [];
  for (const g of groups.values()) {
    if (g.length !== 2) continue;
    const [a, b] = g;
    if (!a.c.abs().equals(b.c.abs()) || a.v.key === b.v.key) continue;
    const middle = mul(num(Rational.HALF), add(a.v, b.v));
    const half = mul(num(Rational.HALF), add(a.v, mul(num(-1), b.v)));
    const fn = a.c.equals(b.c) ? 'cosh' : 'sinh';
    combined.push(mul(num(a.c.mul(Rational.of(2n))), a.rest, pow(E, middle), call(fn, [half])));
    used.add(a.term).add(b.term);
  }
  if (combined.length === 0) return undefined;
  return add(...e.terms.filter((t) => !used.has(t)), ...combined);
}

// ── Common factors ───────────────────────────────────────────────────────────

/** Factor map of a term: key → [base, symbolic part of the exponent, numeric part]; x^(x-1) → [x, x, -1]. */
function factorMap(t: Expr): Map<string, [Expr, Expr, Rational]> {
  const [, rest] = splitCoefficient(t);
  const map = new Map<string, [Expr, Expr, Rational]>();
  const factors = rest.kind === 'mul' ? rest.factors : rest.kind === 'num' ? [] : [rest];
  for (const f of factors) {
    const [b, x] = splitPower(f);
    if (x.kind === 'num') { map.set(b.key, [b, num(0), x.value]); continue; }
    const [n, symbolic] = x.kind === 'add' && x.terms.some((u) => u.kind === 'num') && b !== E
      ? [(x.terms.find((u) => u.kind === 'num') as Expr & { kind: 'num' }).value, add(...x.terms.filter((u) => u.kind !== 'num'))]
      : [Rational.ZERO, x];
    map.set(`${b.key}^${symbolic.key}`, [b, symbolic, n]);
  }
  return map;
}

const factored = new NodeCache<Expr>();
/** a·x·y + b·x·z → g·x·(a/g·y + b/g·z), with numeric exponents taking their minimum. */
export function factorTerms(e: Expr & { kind: 'add' }): Expr {
  const cached = factored.get(e);
  if (cached) return cached;
  const out = uncachedFactorTerms(e);
  factored.set(e, out);
  return out;
}

function uncachedFactorTerms(e: Expr & { kind: 'add' }): Expr {
  let common: Map<string, [Expr, Expr, Rational]> | undefined;
  let g: Rational | undefined;
  for (const t of e.terms) {
    const [c] = splitCoefficient(t);
    g = g ? rationalGcd(g, c.value) : c.value.abs();
    const m = factorMap(t);
    if (!common) { common = m; continue; }
    const next = new Map<string, [Expr, Expr, Rational]>();
    for (const [k, [b, symbolic, n]] of common) {
      const other = m.get(k);
      if (other) next.set(k, [b, symbolic, n.compare(other[2]) <= 0 ? n : other[2]]);
    }
    common = next;
  }
  const pulled: Expr[] = [];
  for (const [b, symbolic, n] of common!.values()) pulled.push(pow(b, add(symbolic, num(n))));
  const gcd = g && !g.isZero ? g : Rational.ONE;
  if (pulled.length === 0 && gcd.isOne) return e;
  const factor = mul(num(gcd), ...pulled);
  const inverse = pow(factor, num(-1));
  return mul(factor, add(...e.terms.map((t) => mul(t, inverse))));
}

// ── Common denominator ───────────────────────────────────────────────────────

/** Denominator pieces of a term: x^-2 → [x, 2]; e^(-u) reads as 1/e^u → [e^u, 1]. */
function denominatorPieces(t: Expr): [Expr, Rational][] {
  const [, rest] = splitCoefficient(t);
  const factors = rest.kind === 'mul' ? rest.factors : [rest];
  const out: [Expr, Rational][] = [];
  for (const f of factors) {
    const [b, x] = splitPower(f);
    if (b === E) { if (isNegative(x)) out.push([pow(E, mul(num(-1), x)), Rational.ONE]); }
    else if (x.kind === 'num' && x.value.isNegative) out.push([b, x.value.neg()]);
  }
  return out;
}

/** a/b + c/d → (a·d + c·b)/(b·d) with the least common denominator of the factors. */
export function together(e: Expr & { kind: 'add' }): Expr | undefined { return cachedFor(togetherForms, e, uncachedTogether); }

function uncachedTogether(e: Expr & { kind: 'add' }): Expr | undefined {
  const lcm = new Map<string, [Expr, Rational]>();
  for (const t of e.terms) {
    for (const [b, x] of denominatorPieces(t)) {
      const prev = lcm.get(b.key);
      if (!prev || prev[1].compare(x) < 0) lcm.set(b.key, [b, x]);
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

const expanded = new NodeCache<Expr | null>();
/** Distributes products over sums (and small integer powers of sums); undefined when too large. */
export function expand(e: Expr): Expr | undefined {
  if (e.kind !== 'add' && e.kind !== 'mul' && e.kind !== 'pow') return e;
  // the simplifier asks again for the same subtrees at every level above them
  const cached = expanded.get(e);
  if (cached !== undefined) return cached ?? undefined;
  const out = uncachedExpand(e);
  expanded.set(e, out ?? null);
  return out;
}

function uncachedExpand(e: Expr): Expr | undefined {
  if (e.kind === 'add') {
    const parts = e.terms.map(expand);
    if (parts.some((p) => p === undefined)) return undefined;
    return itselfWhenEqual(e, add(...(parts as Expr[])));
  }
  if (e.kind === 'pow' && e.base.kind === 'add' && e.exp.kind === 'num' && e.exp.value.isInteger && e.exp.value.num > 1n && e.exp.value.num <= 4n) {
    const factors = Array.from({ length: Number(e.exp.value.num) }, () => e.base);
    return distribute(factors);
  }
  if (e.kind === 'mul') { const x = distribute(e.factors); return x && itselfWhenEqual(e, x); }
  return e;
}

/**
 * `e` itself when its expansion `x` is the same tree: the search then skips it (x !== e) instead of
 * weighing and factoring a copy that cannot win, and caches kept per node find it. Rebuilding is not
 * skipped: it also folds what a tree built otherwise left apart (2^(4/3)/4 → 2^(1/3)/2).
 */
function itselfWhenEqual(e: Expr, x: Expr): Expr { return x.key === e.key ? e : x; }

function distribute(factors: readonly Expr[]): Expr | undefined {
  let terms: Expr[] = [ONE];
  for (const f of factors) {
    const fx = f.kind === 'add' || f.kind === 'pow' ? expand(f) : f;
    if (!fx) return undefined;
    const fTerms = fx.kind === 'add' ? fx.terms : [fx];
    if (terms.length * fTerms.length > MAX_TERMS) return undefined;
    const next: Expr[] = [];
    for (const t of terms) for (const u of fTerms) next.push(mul(t, u));
    terms = next;
  }
  return add(...terms);
}


// ── Signs ────────────────────────────────────────────────────────────────────

/**
 * u^k·sign(u) = |u|·u^(k−1) for a whole k, |u|^k·sign(u) = u·|u|^(k−1): sign(x)/|x| = 1/x, the derivative
 * of log|x|. A step times the ramp it steps is the ramp, heaviside(u)·max(u, 0)^k = max(u, 0)^k for k > 0
 * (0 on both sides at u = 0): the derivative of ReLU(x)² is 2·ReLU(x).
 */
function signProducts(e: Expr & { kind: 'mul' }, rampOf: (u: Expr) => Expr): Expr {
  const step = e.factors.find((f) => f.kind === 'call' && f.fn === 'heaviside');
  if (step) {
    const u = (step as Expr & { kind: 'call' }).args[0];
    const ramps = new Set(rampsOf(u).map((r) => r.key));
    if (e.factors.some((f) => { const [b, k] = splitPower(f); return ramps.has(b.key) && k.kind === 'num' && !k.value.isNegative; })) {
      return mul(...e.factors.filter((f) => f !== step));
    }
    // u^k·heaviside(u) = u^(k−1)·max(u, 0) for a whole k ≥ 1: the derivative of x·relu(x) is 2·relu(x)
    const i = e.factors.findIndex((f) => { const [b, k] = splitPower(f); return b.key === u.key && k.kind === 'num' && k.value.isInteger && !k.value.isNegative && !k.value.isZero; });
    if (i >= 0) {
      const [b, k] = splitPower(e.factors[i]);
      return mul(...e.factors.filter((f, j) => f !== step && j !== i), pow(b, add(k, num(-1))), rampOf(u));
    }
  }
  const signs = e.factors.filter((f) => f.kind === 'call' && f.fn === 'sign');
  for (const s of signs) {
    const u = (s as Expr & { kind: 'call' }).args[0];
    const absU = call('abs', [u]);
    const rest = e.factors.filter((f) => f !== s);
    const i = rest.findIndex((f) => { const [b, k] = splitPower(f); return b.key === u.key && k.kind === 'num' && k.value.isInteger; });
    if (i >= 0) return mul(...rest.filter((_, j) => j !== i), absU, pow(u, add(splitPower(rest[i])[1], num(-1))));
    const j = rest.findIndex((f) => splitPower(f)[0].key === absU.key);
    const k = j >= 0 ? splitPower(rest[j])[1] : undefined;
    if (k) return mul(...rest.filter((_, m) => m !== j), u, pow(absU, add(k, num(-1))));
  }
  return e;
}

/**
 * A product with a sum factor holding |u| and sign(u) and a power of u over it, with sign(u) as |u|/u
 * and the sum over one denominator: the terms share |u| and the new 1/u meets the power,
 * (|σ|·q/σ³ − sign(σ))/σ² = |σ|·(q − σ²)/σ⁵ (the normal density written with √(2πσ²), by σ).
 */
function signsAsAbsolute(e: Expr & { kind: 'mul' }): Expr | undefined {
  const factorsOf = (t: Expr) => (t.kind === 'mul' ? t.factors : [t]);
  const over = new Set(e.factors.map(splitPower).filter(([, k]) => k.kind === 'num' && k.value.isNegative).map(([b]) => b.key));
  let changed = false;
  const factors = e.factors.map((f) => {
    if (f.kind !== 'add') return f;
    const absolute = new Set(f.terms.flatMap((t) => factorsOf(t).map((g) => splitPower(g)[0]).filter((b) => b.kind === 'call' && b.fn === 'abs').map((b) => b.key)));
    // sign(u) as |u|/u, where the sum holds |u| and the product a power of u over it
    const asAbsolute = (g: Expr): Expr | undefined => (g.kind === 'call' && g.fn === 'sign' && over.has(g.args[0].key) && absolute.has(call('abs', g.args).key)
      ? mul(call('abs', g.args), pow(g.args[0], num(-1))) : undefined);
    if (!f.terms.some((t) => factorsOf(t).some(asAbsolute))) return f;
    const rewritten = add(...f.terms.map((t) => mul(...factorsOf(t).map((g) => asAbsolute(g) ?? g))));
    changed = true;
    return rewritten.kind === 'add' ? together(rewritten) ?? rewritten : rewritten;
  });
  return changed ? mul(...factors) : undefined;
}

/** The ramps max(u, 0) of u, as the functions table writes them. */
const rampsOf = (u: Expr): Expr[] => [call('relu', [u]), call('max', [u, ZERO]), call('max', [ZERO, u])];

const rampsWritten = new NodeCache<(u: Expr) => Expr>();

/** max(u, 0) as `source` writes the ramp of u (relu(u), max(0, u)); max(u, 0) where it has none. */
function writtenRamps(source: Expr): (u: Expr) => Expr {
  const known = rampsWritten.get(source);
  if (known) return known;
  const written = new Map<string, Expr>();
  const zero = (a: Expr) => isNum(a, 0);
  const visit = (x: Expr): void => {
    if (x.kind === 'call' && (x.fn === 'relu' || (x.fn === 'max' && x.args.some(zero)))) {
      const u = x.fn === 'relu' ? x.args[0] : x.args.find((a) => !zero(a));
      if (u && !written.has(u.key)) written.set(u.key, x);
    }
    children(x).forEach(visit);
  };
  visit(source);
  const ramps = (u: Expr) => written.get(u.key) ?? call('max', [u, ZERO]);
  rampsWritten.set(source, ramps);
  return ramps;
}

/**
 * heaviside(u)·max(u, 0)^(−k) = where(u > 0, u^(−k), 0): where u < 0 the product is 0 (the derivative
 * of √max(u, 0) there), but written as a product code evaluates it as 0/0, NaN. Under u > 0 every ramp
 * of u is u itself.
 */
function stepOverRamp(e: Expr & { kind: 'mul' }): Expr | undefined {
  const step = e.factors.find((f) => f.kind === 'call' && f.fn === 'heaviside');
  if (!step) return undefined;
  const u = (step as Expr & { kind: 'call' }).args[0];
  const ramps = new Set(rampsOf(u).map((r) => r.key));
  const singular = e.factors.some((f) => { const [b, k] = splitPower(f); return ramps.has(b.key) && isNegative(k); });
  if (!singular) return undefined;
  const unramped = (x: Expr): Expr => (ramps.has(x.key) ? u : x.size === 1 ? x : rebuild(x, children(x).map(unramped), call));
  return call('where', [call('gt', [u, ZERO]), unramped(mul(...e.factors.filter((f) => f !== step))), ZERO]);
}

// ── Polynomial cancellation ──────────────────────────────────────────────────

type Poly = Rational[]; // coefficients, index = degree

/** Splits c·g^k into [c, k] for the generator g (a symbol, or any non-numeric atom such as sin(x)); `negative`: k < 0 allowed. */
function monomial(t: Expr, g: Expr, negative = false): [Rational, number] | undefined {
  const [c, rest] = splitCoefficient(t);
  if (rest.kind === 'num') return [c.value, 0];
  if (rest.key === g.key) return [c.value, 1];
  if (rest.kind === 'pow' && rest.base.key === g.key && rest.exp.kind === 'num' && rest.exp.value.isInteger && (negative || rest.exp.value.num > 0n) && rest.exp.value.abs().num <= 40n) {
    return [c.value, Number(rest.exp.value.num)];
  }
  return undefined;
}

/** The generator of a sum seen as a polynomial: the base of its first non-constant term. */
function generatorOf(e: Expr & { kind: 'add' }): Expr | undefined {
  const t = e.terms.find((u) => u.kind !== 'num');
  if (!t) return undefined;
  const [, rest] = splitCoefficient(t);
  return splitPower(rest)[0];
}

/** A sum as a polynomial in `g` with rational coefficients, or undefined. */
function toPoly(e: Expr, g: Expr): Poly | undefined {
  const poly: Poly = [];
  for (const t of e.kind === 'add' ? e.terms : [e]) {
    const m = monomial(t, g);
    if (!m) return undefined;
    while (poly.length <= m[1]) poly.push(Rational.ZERO);
    poly[m[1]] = poly[m[1]].add(m[0]);
  }
  return poly;
}

function fromPoly(p: Poly, g: Expr): Expr {
  return add(...p.map((c, k) => mul(num(c), pow(g, num(k)))));
}

/** Past these a polynomial's rational roots are not searched: the divisors to try grow with them. */
const MAX_ROOT_DEGREE = 6;
const MAX_ROOT_COEFFICIENT = 1_000n;

const linearFactorings = new NodeCache<Expr | null>();

/**
 * A polynomial in one generator with its rational roots as linear factors (the rational root test):
 * x² + 3x + 2 = (x + 1)·(x + 2), 9a² − 24a + 16 = (3a − 4)², x⁴ + 2x³ + 3x² − 4x − 2 = (x − 1)·(x³ + 3x² + 6x + 2).
 * Undefined when it has none (or is too large to test).
 */
function linearFactors(e: Expr & { kind: 'add' }): Expr | undefined { return cachedFor(linearFactorings, e, uncachedLinearFactors); }

function uncachedLinearFactors(e: Expr & { kind: 'add' }): Expr | undefined {
  // a polynomial of degree d has at most d + 1 terms
  if (e.terms.length > MAX_ROOT_DEGREE + 1) return undefined;
  const g = generatorOf(e);
  let p = g && toPoly(e, g);
  if (!p || p.length < 3 || p.length - 1 > MAX_ROOT_DEGREE || e.terms.some((t) => splitCoefficient(t)[0].decimal)) return undefined;
  const linear: [Rational, number][] = [];
  // a constant 0 is a power of the generator, factorTerms' to take out
  for (const root of p[0].isZero ? [] : rationalRoots(p) ?? []) {
    let q: Rational[] | undefined;
    let times = 0;
    while (p.length > 2 && (q = divideExactly(p, [root.neg(), Rational.ONE]))) { p = q; times++; }
    if (times > 0) linear.push([root, times]);
    if (p.length <= 2) break;
  }
  if (linear.length === 0) return undefined;
  // the rest's number out front, positive where a factor of odd power with a positive root can take
  // the sign instead: x·(2 − x) and (3 − x)·(x + 1), not −x·(x − 2); −(x + 1)·(x + 2) keeps its minus
  const content = p.reduce((c, v) => rationalGcd(c, v), Rational.ZERO).mul(p[p.length - 1].isNegative ? Rational.of(-1n) : Rational.ONE);
  const flip = content.isNegative ? linear.findIndex(([root, times]) => times % 2 === 1 && !root.isNegative) : -1;
  let coefficient = flip >= 0 ? content.neg() : content;
  const factors = linear.map(([root, times], i) => {
    // q·g − p with whole coefficients, (3a − 4) not (a − 4/3), the q^times it adds divided out
    coefficient = coefficient.div(Rational.of(root.den ** BigInt(times)));
    const sign = i === flip ? -1n : 1n;
    return pow(add(mul(num(Rational.of(sign * root.den)), g!), num(Rational.of(-sign * root.num))), num(times));
  });
  return mul(num(coefficient), fromPoly(p.map((c) => c.div(content)), g!), ...factors);
}

/**
 * The nonzero rational roots of a polynomial (coefficients by degree, the constant nonzero) by the
 * rational root test: ±p/q with p dividing the lowest whole coefficient and q the leading one.
 * Undefined past `maxCoefficient`, whose divisors would be too many to try.
 */
export function rationalRoots(p: readonly Rational[], maxCoefficient = MAX_ROOT_COEFFICIENT): Rational[] | undefined {
  const scale = p.reduce((m, c) => (m % c.den === 0n ? m : m * c.den), 1n);
  const whole = p.map((c) => (c.num * scale) / c.den);
  const a = whole[0] < 0n ? -whole[0] : whole[0], b = whole[whole.length - 1] < 0n ? -whole[whole.length - 1] : whole[whole.length - 1];
  if (a === 0n || a > maxCoefficient || b > maxCoefficient) return undefined;
  const divisors = (n: number) => { const out: number[] = []; for (let d = 1; d * d <= n; d++) if (n % d === 0) out.push(d, n / d); return out; };
  // most candidates are told apart in floating point; a near root is tested exactly
  const floats = whole.map(Number);
  const seen = new Set<number>();
  const out: Rational[] = [];
  for (const top of divisors(Number(a))) for (const bottom of divisors(Number(b))) for (const sign of [1, -1]) {
    const x = (sign * top) / bottom;
    if (seen.has(x) || !nearRoot(floats, x)) continue;
    seen.add(x);
    const r = Rational.of(BigInt(sign * top), BigInt(bottom));
    if (isRoot(p, r)) out.push(r);
  }
  return out;
}

function nearRoot(p: readonly number[], x: number): boolean {
  let value = 0, scale = 0;
  for (let k = p.length - 1; k >= 0; k--) { value = value * x + p[k]; scale = scale * Math.abs(x) + Math.abs(p[k]); }
  return Math.abs(value) <= 1e-9 * scale;
}

function isRoot(p: readonly Rational[], r: Rational): boolean {
  let value = Rational.ZERO;
  for (let k = p.length - 1; k >= 0; k--) value = value.mul(r).add(p[k]);
  return value.isZero;
}

/** Past this degree a polynomial is not tested for being a power. */
const MAX_POWER_DEGREE = 12;

const polynomialPowers = new NodeCache<Expr | null>();

/**
 * A polynomial in one generator, negative powers allowed, as a power of a polynomial times a power of the
 * generator: x⁴ + 3x² + 3 + 1/x² = (x² + 1)³/x², 8x³ + 12x² + 6x + 1 = (2x + 1)³. Undefined when it is none.
 */
function polynomialPower(e: Expr & { kind: 'add' }): Expr | undefined { return cachedFor(polynomialPowers, e, uncachedPolynomialPower); }

function uncachedPolynomialPower(e: Expr & { kind: 'add' }): Expr | undefined {
  if (e.terms.length < 3 || e.terms.length > MAX_POWER_DEGREE + 1 || e.terms.some((t) => splitCoefficient(t)[0].decimal)) return undefined;
  const g = generatorOf(e);
  if (!g) return undefined;
  // the lowest power of g (negative for 1/x²) shifted to 0
  const terms: [Rational, number][] = [];
  for (const t of e.terms) {
    const m = monomial(t, g, true);
    if (!m || Math.abs(m[1]) > MAX_POWER_DEGREE) return undefined;
    terms.push(m);
  }
  const low = Math.min(...terms.map(([, d]) => d));
  const p: Poly = [];
  for (const [c, d] of terms) {
    while (p.length <= d - low) p.push(Rational.ZERO);
    p[d - low] = p[d - low].add(c);
  }
  const degree = p.length - 1;
  if (degree < 2 || degree > MAX_POWER_DEGREE) return undefined;
  for (let k = degree; k >= 2; k--) {
    if (degree % k !== 0) continue;
    const root = polynomialRoot(p, k);
    if (root) return mul(pow(fromPoly(root.r, g), num(k)), num(root.c), pow(g, num(low)));
  }
  return undefined;
}

/** c and r with c·r^k = p, r of degree deg(p)/k with a whole leading coefficient, for a polynomial p; undefined when p is no k-th power. */
function polynomialRoot(p: Poly, k: number): { r: Poly; c: Rational } | undefined {
  const n = (p.length - 1) / k;
  // r monic first: p = lead·m^k, m's coefficients from the top down, each fixed by p's coefficient k·m_n^(k−1)·m_j + (known terms)
  const lead = p[p.length - 1];
  const monic = p.map((c) => c.div(lead));
  // its values at 0, 1 and −1 are k-th powers of rationals: most polynomials are told apart by them alone
  const at = (g: Rational) => monic.reduceRight((v, c) => v.mul(g).add(c), Rational.ZERO);
  if (![Rational.ZERO, Rational.ONE, Rational.MINUS_ONE].every((g) => isRationalPower(at(g), k))) return undefined;
  const m: Poly = Array.from({ length: n + 1 }, () => Rational.ZERO);
  m[n] = Rational.ONE;
  for (let j = n - 1; j >= 0; j--) {
    // m^k's coefficient there from the terms above j (m_j is still 0)
    const d = k * n - (n - j);
    m[j] = monic[d].sub(polyPowerOf(m, k)[d]).div(Rational.of(BigInt(k)));
  }
  const mk = polyPowerOf(m, k);
  if (mk.length !== monic.length || mk.some((c, i) => !c.equals(monic[i]))) return undefined;
  // whole coefficients in r, their content into c: (x² + 1)³, (2x + 1)³ rather than 8·(x + 1/2)³
  const scale = m.reduce((l, c) => (l % c.den === 0n ? l : (l * c.den) / gcd(l, c.den)), 1n);
  const r = m.map((c) => c.mul(Rational.of(scale)));
  return { r, c: lead.div(Rational.of(scale).powInt(BigInt(k))) };
}

function polyMulCoefficients(a: Poly, b: Poly): Poly {
  const out: Poly = Array.from({ length: a.length + b.length - 1 }, () => Rational.ZERO);
  a.forEach((x, i) => { if (!x.isZero) b.forEach((y, j) => { out[i + j] = out[i + j].add(x.mul(y)); }); });
  return out;
}

function polyPowerOf(a: Poly, k: number): Poly {
  let out: Poly = [Rational.ONE];
  for (let i = 0; i < k; i++) out = polyMulCoefficients(out, a);
  return out;
}

/** Whether q = r^k for a rational r. */
function isRationalPower(q: Rational, k: number): boolean {
  return !(q.isNegative && k % 2 === 0) && rationalRoot(q.abs(), BigInt(k)) !== undefined;
}

/** r with r² = e, for a polynomial e in one generator with rational coefficients, or undefined. */
function polynomialSquareRoot(e: Expr & { kind: 'add' }): Expr | undefined {
  const g = generatorOf(e);
  const p = g && toPoly(e, g);
  if (!p || p.length < 3 || (p.length - 1) % 2 !== 0 || p[p.length - 1].isNegative) return undefined;
  // c·s² = e, and √c rational
  const square = polynomialRoot(p, 2);
  const c = square && rationalRoot(square.c, 2n);
  return c ? fromPoly(square.r.map((x) => x.mul(c)), g!) : undefined;
}

/**
 * numericContentOut of a root, or of the root with its base multiplied out when only that shows the
 * number: √((2x + 3)² − 1) = 2·√(x² + 3x + 2). The base stays as written when no number comes out.
 */
function rootContentOut(e: Expr & { kind: 'pow' }): Expr | undefined {
  const direct = numericContentOut(e);
  if (direct || e.base.kind !== 'add' || e.exp.kind !== 'num' || e.exp.value.isInteger) return direct;
  const x = expand(e.base);
  if (!x || x === e.base) return undefined;
  const p = pow(x, e.exp);
  return p.kind === 'pow' ? numericContentOut(p) : undefined;
}

/**
 * (c·p)^k = c^k·p^k for a sum with rational coefficients, c > 0 their greatest common divisor and a
 * fractional k for which c^k is rational: √(4x + 8) = 2·√(x + 2). Undefined otherwise.
 */
function numericContentOut(e: Expr & { kind: 'pow' }): Expr | undefined {
  if (e.base.kind !== 'add' || e.exp.kind !== 'num' || e.exp.value.isInteger || e.exp.value.abs().compare(Rational.of(16n)) > 0) return undefined;
  let g: Rational | undefined;
  for (const t of e.base.terms) {
    const [c] = splitCoefficient(t);
    if (c.decimal) return undefined;
    g = g ? rationalGcd(g, c.value) : c.value.abs();
  }
  if (!g || g.isOne || g.isZero) return undefined;
  const k = e.exp.value;
  const root = rationalRoot(g, k.den);
  if (!root) return undefined;
  const power = k.isNegative ? Rational.ONE.div(root) : root;
  let factor = Rational.ONE;
  for (let i = 0n; i < (k.num < 0n ? -k.num : k.num); i++) factor = factor.mul(power);
  const inverse = num(Rational.ONE.div(g));
  return mul(num(factor), pow(add(...e.base.terms.map((t) => mul(inverse, t))), e.exp));
}

/**
 * A product's square roots of constants as one root: √2/(2√π) = 1/√(2π) (the normal density's
 * constant, as people write it), √2·√π = √(2π). Only where roots merge: √2/2 stays as written.
 */
function constantRootsTogether(e: Expr & { kind: 'mul' }): Expr | undefined {
  let coefficient = Rational.ONE;
  const over: Expr[] = [], under: Expr[] = [], rest: Expr[] = [];
  for (const f of e.factors) {
    if (f.kind === 'num' && !f.decimal) coefficient = coefficient.mul(f.value);
    else if (f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.den === 2n && (f.exp.value.num === 1n || f.exp.value.num === -1n) && isRootableConstant(f.base)) {
      (f.exp.value.isNegative ? under : over).push(f.base);
    } else rest.push(f);
  }
  if (over.length + under.length < 2) return undefined;
  // √n = n/√n: beside a root in the denominator, a whole number's root joins it
  const wholes = under.length ? over.filter((b): b is Num => b.kind === 'num') : [];
  for (const b of wholes) coefficient = coefficient.mul(b.value);
  const top = over.filter((b) => b.kind !== 'num' || !under.length), bottom = [...under, ...wholes];
  return mul(num(coefficient), ...(top.length ? [pow(mul(...top), HALF)] : []), ...(bottom.length ? [pow(mul(...bottom), num(Rational.HALF.neg()))] : []), ...rest);
}

/** A whole number above 1, π, or a product of them: what constantRootsTogether takes roots of. */
function isRootableConstant(b: Expr): boolean {
  if (b.kind === 'num') return !b.decimal && b.value.isInteger && b.value.num > 1n;
  if (b.kind === 'const') return b.name === 'pi';
  return b.kind === 'mul' && b.factors.every(isRootableConstant);
}

/**
 * (2.5y³ + 3)^(3/2)·(18.75y³ + 22.5) = 7.5·(2.5y³ + 3)^(5/2): a sum factor that is a number times
 * another is written as that number times it, so their powers merge. The base kept is a root's (a
 * root's base is the user's), else the first; the number must come out exactly (no √(1/2) left).
 */
function proportionalSums(e: Expr & { kind: 'mul' }): Expr | undefined {
  const sums = e.factors.flatMap((f, i) => { const [b, k] = splitPower(f); return b.kind === 'add' && k.kind === 'num' ? [{ i, base: b, k: k.value }] : []; });
  for (let a = 0; a < sums.length; a++) {
    for (let b = a + 1; b < sums.length; b++) {
      const [kept, other] = sums[b].k.isInteger || !sums[a].k.isInteger ? [sums[a], sums[b]] : [sums[b], sums[a]];
      const ratio = multipleOf(other.base, kept.base);
      if (!ratio) continue;
      const factor = pow(ratio, num(other.k));
      if (factor.kind !== 'num') continue;
      return mul(factor, pow(kept.base, num(other.k)), ...e.factors.filter((_, j) => j !== other.i));
    }
  }
  return undefined;
}

/** c when `s` = c·`t` term by term for one number c ≠ 1 (a decimal when either sum has decimals). */
function multipleOf(s: Expr & { kind: 'add' }, t: Expr & { kind: 'add' }): Num | undefined {
  if (s.terms.length !== t.terms.length || s.key === t.key) return undefined;
  const coefficients = new Map<string, Num>();
  for (const u of t.terms) { const [c, rest] = splitCoefficient(u); coefficients.set(rest.key, c); }
  let ratio: Rational | undefined;
  let decimal = false;
  for (const u of s.terms) {
    const [c, rest] = splitCoefficient(u);
    const d = coefficients.get(rest.key);
    if (!d) return undefined;
    const r = c.value.div(d.value);
    if (ratio && !ratio.equals(r)) return undefined;
    ratio = r;
    decimal ||= c.decimal || d.decimal;
  }
  return ratio && !ratio.isOne ? num(ratio, decimal) : undefined;
}

/** Cancels a polynomial denominator factor that divides a polynomial numerator factor. */
function cancelPolynomials(e: Expr & { kind: 'mul' }): Expr | undefined {
  const factors = [...e.factors];
  let changed = false;
  for (let i = 0; i < factors.length; i++) {
    const [nb, nk] = splitPower(factors[i]);
    if (nb.kind !== 'add' || !(nk.kind === 'num' && nk.value.isOne)) continue;
    for (let j = 0; j < factors.length; j++) {
      const [db, dk] = splitPower(factors[j]);
      if (db.kind !== 'add' || dk.kind !== 'num' || !dk.value.isInteger || !dk.value.isNegative) continue;
      const g = generatorOf(db);
      const n = g && toPoly(factors[i], g), d = g && toPoly(db, g);
      const q = n && d && divideExactly(n, d);
      if (!q) continue;
      factors[i] = fromPoly(q, g!);
      factors[j] = pow(db, num(dk.value.add(Rational.ONE)));
      changed = true;
      break;
    }
  }
  return changed ? mul(...factors) : undefined;
}
