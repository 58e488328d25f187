// The one expression tree shared by every dialect. Immutable; built only through the smart
// constructors below, which keep it in a canonical form (flattened, numbers folded, like terms
// collected, equal bases combined, operands sorted), so equal expressions have equal keys.
import { exactRoot, Rational } from './rational';
import { checkDeadline } from './budget';

export type Expr = Num | Sym | Const | Add | Mul | Pow | Call;

interface Node {
  /** Canonical structural key: equal keys ⇔ equal trees. */
  readonly key: string;
  /** Number of nodes in the tree, counted once when built: the simplifier weighs every candidate by it. */
  readonly size: number;
  /** Values derived from this node, filled lazily through NodeCache (set in every node, so all nodes of a kind share one shape). */
  cache?: unknown[];
}
export interface Num extends Node { readonly kind: 'num'; readonly value: Rational; /** Came from a decimal literal: print as a decimal. */ readonly decimal: boolean }
export interface Sym extends Node { readonly kind: 'sym'; readonly name: string }
export interface Const extends Node { readonly kind: 'const'; readonly name: 'pi' | 'e' }
export interface Add extends Node { readonly kind: 'add'; readonly terms: readonly Expr[] }
export interface Mul extends Node { readonly kind: 'mul'; readonly factors: readonly Expr[] }
export interface Pow extends Node { readonly kind: 'pow'; readonly base: Expr; readonly exp: Expr }
export interface Call extends Node { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] }

// ── Leaves ────────────────────────────────────────────────────────────────────

const LARGE_DECIMAL = Rational.of(10n ** 16n);

/** Whole numbers from -SMALL_INTEGER to SMALL_INTEGER are built once: most numbers the engine makes are among them. */
const SMALL_INTEGER = 64;
const smallIntegers: Num[] = [];
for (let i = -SMALL_INTEGER; i <= SMALL_INTEGER; i++) {
  const r = Rational.of(BigInt(i));
  smallIntegers.push({ kind: 'num', value: r, decimal: false, key: `#${r.toString()}`, size: 1, cache: undefined });
}
const SMALL_HIGH = BigInt(SMALL_INTEGER), SMALL_LOW = -SMALL_HIGH;

export function num(value: Rational | number | bigint, decimal = false): Num {
  if (typeof value === 'number' && Number.isInteger(value) && value >= -SMALL_INTEGER && value <= SMALL_INTEGER) return smallIntegers[value + SMALL_INTEGER];
  const r = typeof value === 'object' ? value : Rational.of(BigInt(value));
  // a small whole number never keeps the decimal look (below)
  if (r.den === 1n && r.num >= SMALL_LOW && r.num <= SMALL_HIGH) return smallIntegers[Number(r.num) + SMALL_INTEGER];
  return { kind: 'num', value: r, decimal: decimalLook(r, decimal), key: `#${r.toString()}`, size: 1, cache: undefined };
}
/** Whether a number written as a decimal still prints as one: a whole number only when large (1e300), so 2.0 reads as 2. */
function decimalLook(r: Rational, decimal: boolean): boolean {
  return decimal && r.isTerminating && (!r.isInteger || r.abs().compare(LARGE_DECIMAL) >= 0);
}
export const ZERO = num(0);
export const ONE = num(1);
export const TWO = num(2);
export const MINUS_ONE = num(-1);
export const HALF = num(Rational.HALF);

export function sym(name: string): Sym { return { kind: 'sym', name, key: name, size: 1, cache: undefined }; }
export const PI: Const = { kind: 'const', name: 'pi', key: '@pi', size: 1, cache: undefined };
export const E: Const = { kind: 'const', name: 'e', key: '@e', size: 1, cache: undefined };

export function isNum(e: Expr, v?: number): e is Num {
  return e.kind === 'num' && (v === undefined || (e.value.den === 1n && e.value.num === BigInt(v)));
}

/** Result of arithmetic on numbers keeps the decimal look when either operand had it. */
function numOp(a: Num, b: Num, r: Rational): Num { return num(r, a.decimal || b.decimal); }
/** a + b as numOp builds it; adding 0 gives the other number back (the same value and look). */
function sumOfNums(a: Num, b: Num): Num {
  return a.value.isZero ? b : b.value.isZero ? a : numOp(a, b, a.value.add(b.value));
}
/** a·b as numOp builds it; multiplying by 1 gives the other number back (the same value and look). */
function productOfNums(a: Num, b: Num): Num {
  return a.value.isOne ? b : b.value.isOne ? a : numOp(a, b, a.value.mul(b.value));
}

// ── Ordering ─────────────────────────────────────────────────────────────────

/** Order of the kinds: numbers first, calls last (a switch: a table looked up by kind was a slow keyed load). */
function rank(kind: Expr['kind']): number {
  switch (kind) {
    case 'num': return 0;
    case 'const': return 1;
    case 'sym': return 2;
    case 'pow': return 3;
    case 'mul': return 4;
    case 'add': return 5;
    case 'call': return 6;
  }
}
export function compareExpr(a: Expr, b: Expr): number {
  if (a.kind === 'num' && b.kind === 'num') return a.value.compare(b.value);
  const r = rank(a.kind) - rank(b.kind);
  if (r !== 0) return r;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

// ── Sums ─────────────────────────────────────────────────────────────────────

/** Splits a term into its numeric coefficient and the rest: 3*x*y → [3, x*y]. */
export function splitCoefficient(e: Expr): [Num, Expr] {
  if (e.kind === 'num') return [e, ONE];
  if (e.kind === 'mul' && e.factors[0].kind === 'num') {
    const rest = e.factors.slice(1);
    return [e.factors[0], rest.length === 1 ? rest[0] : rawMul(rest)];
  }
  return [ONE, e];
}

function rawAdd(terms: Expr[]): Add {
  return { kind: 'add', terms, key: `+(${keysOf(terms)})`, size: sizeOf(terms), cache: undefined };
}

/** The children's keys, comma-separated (concatenated, not joined: most keys are only compared, never hashed). */
function keysOf(kids: readonly Expr[]): string {
  if (kids.length === 0) return '';
  let s = kids[0].key;
  for (let i = 1; i < kids.length; i++) s += ',' + kids[i].key;
  return s;
}

/** 1 + the sizes of the children. */
function sizeOf(kids: readonly Expr[]): number {
  let n = 1;
  for (const k of kids) n += k.size;
  return n;
}

interface SumParts { constant: Num; groups: Map<string, { coeff: Num; rest: Expr }> }

/** Adds term `t` into `parts`: nested sums flattened, c·(a + b) distributed, like terms collected. */
function addTerm(parts: SumParts, t: Expr): void {
  if (t.kind === 'add') { for (const u of t.terms) addTerm(parts, u); return; }
  // c·(a + b) inside a sum is c·a + c·b, so that like terms meet: b + w·x − (w·x + b) = 0
  if (t.kind === 'mul' && t.factors.length === 2 && t.factors[0].kind === 'num' && t.factors[1].kind === 'add') {
    const c = t.factors[0];
    for (const u of t.factors[1].terms) addTerm(parts, mul(c, u));
    return;
  }
  if (t.kind === 'num') { parts.constant = sumOfNums(parts.constant, t); return; }
  const [c, rest] = splitCoefficient(t);
  const g = parts.groups.get(rest.key);
  if (g) g.coeff = sumOfNums(g.coeff, c);
  else parts.groups.set(rest.key, { coeff: c, rest });
}

/** A sum or product of at most this many operands first tries the direct path, which compares operands pairwise instead of grouping them in a Map. */
const DIRECT_LIMIT = 8;

/** c·(a + b), which a sum distributes. */
function isScaledSum(t: Expr): boolean {
  return t.kind === 'mul' && t.factors.length === 2 && t.factors[0].kind === 'num' && t.factors[1].kind === 'add';
}

/**
 * Whether add's grouping gives term `t` back unchanged when it meets no like term: its coefficient
 * c ≠ 0, 1 and its rest a canonical product, so that mul(c, rest) rebuilds t.
 */
function isStandaloneTerm(t: Expr): boolean {
  if (t.kind !== 'mul' || t.factors[0].kind !== 'num') return true;
  const c = t.factors[0].value;
  if (c.isZero || c.isOne) return false;
  return hasDistinctBases(t.factors, 1);
}

/** Whether the factors from `start` on are neither numbers nor products and no two share a base. */
function hasDistinctBases(factors: readonly Expr[], start: number): boolean {
  for (let i = start; i < factors.length; i++) {
    const f = factors[i];
    if (f.kind === 'num' || f.kind === 'mul') return false;
    const base = baseOf(f);
    for (let j = start; j < i; j++) if (equalTrees(baseOf(factors[j]), base)) return false;
  }
  return true;
}

/** Whether two terms have equal rests (splitCoefficient's second part), compared factor by factor without building them. */
function sameRest(s: Expr, t: Expr): boolean {
  const sf = s.kind === 'mul' ? s.factors : undefined;
  const tf = t.kind === 'mul' ? t.factors : undefined;
  const si = sf && sf[0].kind === 'num' ? 1 : 0;
  const ti = tf && tf[0].kind === 'num' ? 1 : 0;
  const n = sf ? sf.length - si : 1;
  if (n !== (tf ? tf.length - ti : 1)) return false;
  for (let k = 0; k < n; k++) {
    if (!equalTrees(sf ? sf[si + k] : s, tf ? tf[ti + k] : t)) return false;
  }
  return true;
}

/**
 * add when no two terms are alike: only the numbers fold, so the terms stay as they are (what the
 * grouping below gives, without its Map). Undefined when two terms meet or a term needs rebuilding.
 */
function sumOfUnlikeTerms(input: readonly Expr[]): Expr | undefined {
  let constant: Num = ZERO;
  const terms: Expr[] = [];
  for (const t of input) {
    if (t.kind === 'num') constant = sumOfNums(constant, t);
    else if (t.kind === 'add') {
      for (const u of t.terms) {
        if (u.kind === 'num') constant = sumOfNums(constant, u);
        else if (u.kind === 'add' || isScaledSum(u)) return undefined;
        else terms.push(u);
      }
    } else if (isScaledSum(t)) return undefined;
    else terms.push(t);
  }
  if (terms.length > DIRECT_LIMIT) return undefined;
  for (let i = 0; i < terms.length; i++) {
    if (!isStandaloneTerm(terms[i])) return undefined;
    for (let j = 0; j < i; j++) if (sameRest(terms[i], terms[j])) return undefined;
  }
  if (!constant.value.isZero) terms.push(constant);
  if (terms.length === 0) return ZERO;
  if (terms.length === 1) return terms[0];
  terms.sort(compareExpr);
  return rawAdd(terms);
}

export function add(...input: Expr[]): Expr {
  checkDeadline();
  if (input.length <= DIRECT_LIMIT) {
    const direct = sumOfUnlikeTerms(input);
    if (direct) return direct;
  }
  const parts: SumParts = { constant: ZERO, groups: new Map() };
  for (const t of input) addTerm(parts, t);
  const terms: Expr[] = [];
  for (const { coeff, rest } of parts.groups.values()) {
    if (coeff.value.isZero) continue;
    terms.push(coeff.value.isOne ? rest : mul(coeff, rest));
  }
  if (!parts.constant.value.isZero) terms.push(parts.constant);
  if (terms.length === 0) return ZERO;
  if (terms.length === 1) return terms[0];
  terms.sort(compareExpr);
  return rawAdd(terms);
}

export function neg(e: Expr): Expr { return mul(MINUS_ONE, e); }
export function sub(a: Expr, b: Expr): Expr { return add(a, neg(b)); }

// ── Products ─────────────────────────────────────────────────────────────────

function rawMul(factors: Expr[]): Mul {
  return { kind: 'mul', factors, key: `*(${keysOf(factors)})`, size: sizeOf(factors), cache: undefined };
}

/** Base and exponent of a factor: x^2 → [x, 2], x → [x, 1], e^u → [e, u]. */
export function splitPower(e: Expr): [Expr, Expr] {
  return e.kind === 'pow' ? [e.base, e.exp] : [e, ONE];
}

interface ProductParts { coeff: Num; groups: Map<string, { base: Expr; exps: Expr[]; factor: Expr }> }

/** Multiplies factor `f` into `parts`: nested products flattened, numbers folded, equal bases grouped. */
function mulFactor(parts: ProductParts, f: Expr): void {
  if (f.kind === 'mul') { for (const g of f.factors) mulFactor(parts, g); return; }
  if (f.kind === 'num') { parts.coeff = productOfNums(parts.coeff, f); return; }
  const base = f.kind === 'pow' ? f.base : f;
  const exp = f.kind === 'pow' ? f.exp : ONE;
  const g = parts.groups.get(base.key);
  if (g) g.exps.push(exp);
  else parts.groups.set(base.key, { base, exps: [exp], factor: f });
}

/** The base a factor is grouped by: x for x^2 and for x. */
function baseOf(f: Expr): Expr { return f.kind === 'pow' ? f.base : f; }

/** Equal trees, compared by size first: most unequal trees differ in size, which spares comparing their keys. */
function equalTrees(a: Expr, b: Expr): boolean { return a === b || (a.size === b.size && a.key === b.key); }

/**
 * mul when no two factors share a base: only the numbers fold, so the factors stay as they are (what
 * the grouping below gives, without its Map). Undefined when a base repeats.
 */
function productOfDistinctBases(input: readonly Expr[]): Expr | undefined {
  let coeff: Num = ONE;
  const factors: Expr[] = [];
  for (const f of input) {
    if (f.kind === 'num') coeff = productOfNums(coeff, f);
    else if (f.kind === 'mul') {
      for (const g of f.factors) {
        if (g.kind === 'num') coeff = productOfNums(coeff, g);
        else if (g.kind === 'mul') return undefined;
        else factors.push(g);
      }
    } else factors.push(f);
  }
  if (coeff.value.isZero) return ZERO;
  if (factors.length > DIRECT_LIMIT || !hasDistinctBases(factors, 0)) return undefined;
  if (factors.length === 0) return coeff;
  if (factors.length === 1 && coeff.value.isOne) return factors[0];
  factors.sort(compareExpr);
  if (!coeff.value.isOne) factors.unshift(coeff);
  return rawMul(factors);
}

/** c·x for a number c and a non-number x, as productOfDistinctBases builds it; undefined when x repeats a base. */
function scaled(c: Num, x: Expr): Expr | undefined {
  if (c.value.isZero) return ZERO;
  if (x.kind !== 'mul') return c.value.isOne ? x : rawMul([c, x]);
  const f = x.factors;
  const own = f[0].kind === 'num' ? f[0] : undefined;
  if (!hasDistinctBases(f, own ? 1 : 0)) return undefined;
  if (!own) return c.value.isOne ? x : rawMul([c, ...f]);
  const coeff = productOfNums(c, own);
  if (coeff.value.isZero) return ZERO;
  if (!coeff.value.isOne) return rawMul([coeff, ...f.slice(1)]);
  return f.length === 2 ? f[1] : rawMul(f.slice(1));
}

/** mul of two operands, the commonest call: a number times a factor, or two factors of different bases. */
function productOfTwo(a: Expr, b: Expr): Expr | undefined {
  if (a.kind === 'num') {
    if (b.kind !== 'num') return scaled(a, b);
    const p = productOfNums(a, b);
    return p.value.isZero ? ZERO : p;
  }
  if (b.kind === 'num') return scaled(b, a);
  if (a.kind === 'mul' || b.kind === 'mul' || equalTrees(baseOf(a), baseOf(b))) return undefined;
  return rawMul(compareExpr(a, b) > 0 ? [b, a] : [a, b]);
}

export function mul(...input: Expr[]): Expr {
  const m = canonicalMul(input);
  return m.kind === 'mul' ? withRootDenominatorOut(m) : m;
}

/**
 * c·n^(−k) with the whole number n dividing c as (c/n)·n^(1−k), for 0 < k < 1: 2/√2 = √2,
 * 6/√2 = 3·√2, as SymPy writes them. (A root in the numerator, √2/2, stays as written.)
 */
function withRootDenominatorOut(m: Mul): Expr {
  const c = m.factors[0];
  if (c.kind !== 'num' || c.decimal || c.value.num === 1n || c.value.num === -1n) return m;
  let coeff = c.value;
  let factors: Expr[] | undefined;
  for (let i = 1; i < m.factors.length; i++) {
    const f = m.factors[i];
    if (rank(f.kind) > rank('pow')) break;
    if (f.kind !== 'pow' || f.base.kind !== 'num' || !f.base.value.isInteger || f.base.value.num < 2n) continue;
    if (f.exp.kind !== 'num' || !f.exp.value.isNegative || coeff.num % f.base.value.num !== 0n) continue;
    factors ??= m.factors.slice(1);
    factors[i - 1] = numberPower(f.base, f.exp.value.add(Rational.ONE));
    coeff = coeff.div(f.base.value);
  }
  return factors ? canonicalMul([num(coeff), ...factors]) : m;
}

function canonicalMul(input: readonly Expr[]): Expr {
  checkDeadline();
  if (input.length === 2) {
    const direct = productOfTwo(input[0], input[1]);
    if (direct) return direct;
  }
  if (input.length <= DIRECT_LIMIT) {
    const direct = productOfDistinctBases(input);
    if (direct) return direct;
  }
  const parts: ProductParts = { coeff: ONE, groups: new Map() };
  for (const f of input) mulFactor(parts, f);
  let coeff = parts.coeff;
  if (coeff.value.isZero) return ZERO;
  const factors: Expr[] = [];
  let needsAnotherPass = false;
  for (const { base, exps, factor } of parts.groups.values()) {
    // a factor whose base occurs once is already canonical
    const p = exps.length === 1 ? factor : pow(base, add(...exps));
    if (p.kind === 'num') coeff = numOp(coeff, p, coeff.value.mul(p.value));
    else {
      // a product, or a power of another base (|u|·|u| = u²), may meet the other factors: u²·u⁻³ = u⁻¹
      if (p.kind === 'mul' || (exps.length > 1 && splitPower(p)[0].key !== base.key)) needsAnotherPass = true;
      factors.push(p);
    }
  }
  if (needsAnotherPass) return mul(coeff, ...factors);
  if (factors.length === 0) return coeff;
  if (factors.length === 1 && coeff.value.isOne) return factors[0];
  factors.sort(compareExpr);
  if (!coeff.value.isOne) factors.unshift(coeff);
  return rawMul(factors);
}

export function div(a: Expr, b: Expr): Expr { return mul(a, pow(b, MINUS_ONE)); }

// ── Powers ───────────────────────────────────────────────────────────────────

function rawPow(base: Expr, exp: Expr): Pow {
  return { kind: 'pow', base, exp, key: `^(${base.key},${exp.key})`, size: 1 + base.size + exp.size, cache: undefined };
}

/** n^(p/q) for integers: evaluates exact roots, pulls out perfect powers (8^(1/2) → 2*2^(1/2)). */
function numberPower(b: Num, e: Rational): Expr {
  const base = b.value;
  if (base.isZero) return e.isNegative ? rawPow(b, num(e)) : ZERO;
  if (e.isInteger) {
    // a power too large to hold exactly (2^(10^7)) stays unevaluated
    const value = base.powIntWithin(e.num);
    return value ? num(value, b.decimal) : rawPow(b, num(e));
  }
  if (base.isNegative || e.den > 12n) return rawPow(b, num(e));
  if (!base.isInteger) return fractionPower(b, e);
  // integer base, rational exponent p/q: write base = r^q * s, with s free of q-th powers (small factors only)
  const q = e.den;
  let outside = 1n;
  let inside = base.num;
  const root = exactRoot(inside, q);
  if (root !== undefined) { outside = root; inside = 1n; }
  else {
    for (let f = 2n; f <= 97n && f ** q <= inside; f++) {
      while (inside % f ** q === 0n) { inside /= f ** q; outside *= f; }
    }
  }
  // (outside^q * inside)^(p/q) = outside^p * inside^n * inside^(r/q), p = n*q + r, past ±1 with
  // 0 < r < q: 2^(3/2) = 2*sqrt(2) as sqrt(8) is, 2^(-3/2) = sqrt(2)/4; 2^(-1/2) stays
  const n = inside === 1n || (e.num > -q && e.num < q) ? 0n : e.num > 0n ? e.num / q : -((-e.num + q - 1n) / q);
  const wholeValue = Rational.of(outside).powIntWithin(e.num)?.mul(Rational.of(inside).powIntWithin(n) ?? Rational.ZERO);
  if (!wholeValue || wholeValue.isZero) return rawPow(b, num(e));
  const whole = num(wholeValue);
  if (inside === 1n) return whole;
  const rest = rawPow(num(inside), num(Rational.of(e.num - n * q, q)));
  return whole.value.isOne ? rest : rawMul([whole, rest]);
}

/**
 * (n/d)^(p/q) as n^(p/q)·d^(−p/q) where either has an exact root: sqrt(1/4) = 1/2, sqrt(2/9) = sqrt(2)/3.
 * Otherwise as written (sqrt(2/3), sqrt(1/2): the 1 is no root taken out), as is a decimal base unless
 * the power is exact (sqrt(0.25) = 0.5, sqrt(2.5)).
 */
function fractionPower(b: Num, e: Rational): Expr {
  const top = numberPower(num(b.value.num), e), bottom = numberPower(num(b.value.den), e.neg());
  if (top.kind === 'num' && bottom.kind === 'num') return num(top.value.mul(bottom.value), b.decimal);
  const rootTaken = (top.kind === 'num' && !top.value.isOne) || bottom.kind === 'num';
  return rootTaken && !b.decimal ? mul(top, bottom) : rawPow(b, num(e));
}

export function pow(base: Expr, exp: Expr): Expr {
  checkDeadline();
  if (exp.kind === 'num') {
    const k = exp.value;
    if (k.isZero) return ONE;
    if (k.isOne) return base;
    if (base.kind === 'num') return numberPower(base, k);
    // |u|^(2k) = u^(2k), and |u|^(2p/q) = u^(2p/q) for an odd q (the real root: ∛(u²) is never negative)
    if (base.kind === 'call' && base.fn === 'abs' && k.num % 2n === 0n && k.den % 2n === 1n) return pow(base.args[0], exp);
    if (k.isInteger) {
      // (a*b)^n = a^n * b^n and (a^m)^n = a^(m*n) for integer n
      if (base.kind === 'mul') return mul(...base.factors.map((f) => pow(f, exp)));
      if (base.kind === 'pow') return pow(base.base, mul(base.exp, exp));
    } else if (base.kind === 'pow' && base.exp.kind === 'num' && (base.exp.value.num % 2n !== 0n || base.exp.value.den % 2n === 0n)) {
      // (x^odd)^r = x^(odd*r), and (x^(p/even))^r = x^(p*r/even) where x^(p/even) is real (x ≥ 0)
      return pow(base.base, mul(base.exp, exp));
    } else if (base.kind === 'pow' && base.exp.kind === 'num' && base.exp.value.isInteger) {
      // (u^(2m))^r = |u|^(2m·r): √(u²) = |u|; an odd root is real, so ∛(u²) = u^(2/3) (even over odd: never negative)
      return pow(k.den % 2n === 1n ? base.base : absolute(base.base), mul(base.exp, exp));
    } else if (base.kind === 'mul' && symbolsOf(base).size > 0) {
      // (a·b)^r = a^r·b^r for a ≥ 0: √(4x²/y²) = 2|x|/|y|; a product of constants stays one power as
      // written, √(2πσ²) = √(2π)·|σ|
      const nonNegative = base.factors.filter(isNonNegative);
      if (nonNegative.length > 0) {
        const constants = nonNegative.filter((f) => symbolsOf(f).size === 0);
        const rest = base.factors.filter((f) => !isNonNegative(f));
        return mul(
          ...(constants.length ? [constantPower(mul(...constants), exp)] : []),
          ...nonNegative.filter((f) => symbolsOf(f).size > 0).map((f) => pow(f, exp)),
          ...(rest.length ? [pow(mul(...rest), exp)] : []),
        );
      }
    }
  }
  if (base.kind === 'add' && exp.kind === 'num' && exp.value.isInteger && exp.value.num % 2n === 0n) {
    // (1 - x)^2 = (x - 1)^2: one orientation for even powers
    return rawPow(evenPowerBase(base), exp);
  }
  if (base.kind === 'num' && base.value.isInteger && base.value.num > 1n && exp.kind === 'add') {
    // 3^(2x + 1) = 3·3^(2x), when 3^1 is a number: a power too large to evaluate stays whole, or mul
    // would merge the two powers of 3 back into this one
    const k = exp.terms.find((t) => t.kind === 'num' && t.value.isInteger);
    const whole = k && pow(base, k);
    if (k && whole && whole.kind === 'num') return mul(whole, pow(base, add(...exp.terms.filter((t) => t !== k))));
  }
  if (base.kind === 'num') {
    if (base.value.isOne) return ONE;
    if (base.value.isZero && exp.kind === 'num' && !exp.value.isNegative) return ZERO;
  }
  // (e^u)^v = e^(u*v) holds for real u
  if (base.kind === 'pow' && base.base === E) return pow(E, mul(base.exp, exp));
  // e^(c·log(u)) = u^c where log(u) is defined (u > 0)
  if (base === E) {
    const [c, rest] = splitCoefficient(exp);
    if (rest.kind === 'call' && rest.fn === 'log') return pow(rest.args[0], c);
  }
  return rawPow(base, exp);
}

/** c^r of a positive constant product, whole roots of its number taken out: √(4π) = 2√π, √(8π) = 2√(2π), √(2π) as it is. */
function constantPower(c: Expr, exp: Expr): Expr {
  const [n, rest] = splitCoefficient(c);
  if (n.value.isOne || rest.kind === 'num') return pow(c, exp);
  const root = pow(n, exp);
  if (root.kind === 'num') return mul(root, pow(rest, exp));
  // 8^(1/2) = 2·2^(1/2): the 2 left under the root stays with the rest
  if (root.kind === 'mul' && root.factors.length === 2 && root.factors[0].kind === 'num' && root.factors[1].kind === 'pow' && root.factors[1].exp.key === exp.key) {
    return mul(root.factors[0], pow(mul(root.factors[1].base, rest), exp));
  }
  return pow(c, exp);
}

/** A factor that is never negative where it is defined: c ≥ 0, |u|, u^(2k), √u, e^u, 2^u. */
export function isNonNegative(f: Expr): boolean {
  if (f.kind === 'num') return !f.value.isNegative;
  if (f.kind === 'const') return true;
  if (f.kind === 'add' || f.kind === 'mul') return children(f).every(isNonNegative);
  if (f.kind === 'call') return f.fn === 'abs';
  if (f.kind !== 'pow') return false;
  if (f.base.kind === 'const' || (f.base.kind === 'num' && !f.base.value.isNegative)) return true;
  return f.exp.kind === 'num' && (f.exp.value.den % 2n === 0n || (f.exp.value.isInteger && f.exp.value.num % 2n === 0n));
}

/** |u| as the function table's call('abs') builds it (expr.ts cannot import the table): |c·u| = |c|·|u|, |u| = u for u ≥ 0. */
export function absolute(u: Expr): Expr {
  if (u.kind === 'num') return num(u.value.abs(), u.decimal);
  if (isNonNegative(u)) return u;
  if (u.kind === 'mul' && u.factors[0].kind === 'num') {
    const [c, rest] = splitCoefficient(u);
    return mul(absolute(c), absolute(rest));
  }
  if (u.kind === 'add') {
    // one orientation of |u| = |−u|: fewer negative terms, then the constant term negative
    // (|x + |y||, |x − 1| rather than |1 − x|)
    const negated = negateTerms(u);
    const c = u.terms.find((t) => t.kind === 'num');
    const [mine, theirs] = [negativeTerms(u), negativeTerms(negated)];
    const flip = mine !== theirs ? theirs < mine : c ? !isNegative(c) : negated.key < u.key;
    return rawCall('abs', [flip ? negated : u]);
  }
  return rawCall('abs', [u]);
}

/** How many terms of a sum print with a leading minus (a term counts as a sum of one). */
export function negativeTerms(e: Expr): number {
  if (e.kind !== 'add') return isNegative(e) ? 1 : 0;
  let n = 0;
  for (const t of e.terms) if (isNegative(t)) n++;
  return n;
}

/** -a - b + c → a + b - c, term by term. */
export function negateTerms(e: Add): Expr { return add(...e.terms.map(neg)); }

/**
 * The orientation of a sum raised to an even power: of u and -u, the one with fewer negative terms,
 * then the smaller ((x − 1)², not (1 − x)², whose −x is a node more, as people write it), then
 * the one whose first term is positive, then the smaller key. The choice depends only on the pair
 * {u, -u}, so it is the same from either side and never flips back.
 */
function evenPowerBase(u: Add): Expr {
  const negated = negateTerms(u);
  if (negated.kind !== 'add') return u;
  const mine = negativeTerms(u), theirs = negativeTerms(negated);
  if (mine !== theirs) return mine < theirs ? u : negated;
  if (u.size !== negated.size) return u.size < negated.size ? u : negated;
  const mineFirst = isNegative(u.terms[0]), theirsFirst = isNegative(negated.terms[0]);
  if (mineFirst !== theirsFirst) return theirsFirst ? u : negated;
  return u.key <= negated.key ? u : negated;
}

/** base^exp kept as written, not split into factors: √(2πσ²) as the user wrote it (src/core/writtenRoots.ts). */
export function writtenPower(base: Expr, exp: Expr): Expr { return rawPow(base, exp); }

export function sqrt(e: Expr): Expr { return pow(e, HALF); }
export function exp(e: Expr): Expr { return pow(E, e); }

// ── Calls (raw; function-specific canonical rules live in functions.ts) ───────

export function rawCall(fn: string, args: readonly Expr[]): Call {
  checkDeadline();
  return { kind: 'call', fn, args, key: `${fn}(${keysOf(args)})`, size: sizeOf(args), cache: undefined };
}

// ── Per-node caches ─────────────────────────────────────────────────────────

let cacheSlots = 0;

/**
 * A value derived from a node, kept in the node itself: the drop-in for a WeakMap keyed by nodes (the
 * simplifier asks such caches millions of times, and a WeakMap entry costs a hash-table insertion and
 * garbage-collector work that a slot in the node does not). Lives as long as the node, as a WeakMap entry does.
 */
export class NodeCache<T> {
  private readonly slot = cacheSlots++;
  get(e: Expr): T | undefined {
    const c = e.cache;
    return c === undefined ? undefined : c[this.slot] as T | undefined;
  }
  set(e: Expr, value: T): this {
    const c = e.cache;
    if (c === undefined) e.cache = slotsWith(this.slot, value);
    else c[this.slot] = value;
    return this;
  }
}

/** A new slot array holding `value` at `slot` (sized for every cache declared, so later sets do not grow it). */
function slotsWith(slot: number, value: unknown): unknown[] {
  const c: unknown[] = new Array(cacheSlots).fill(undefined);
  c[slot] = value;
  return c;
}

// ── Queries ──────────────────────────────────────────────────────────────────

const symbolCache = new NodeCache<ReadonlySet<string>>();
const NO_SYMBOLS: ReadonlySet<string> = new Set();
/** One set per name, so that a tree in one variable shares its leaves' set all the way up. */
const symbolSets = new Map<string, ReadonlySet<string>>();
/** Names of the free symbols of `e` (a shared set: never modify it). */
export function symbolsOf(e: Expr): ReadonlySet<string> {
  switch (e.kind) {
    case 'num': case 'const': return NO_SYMBOLS;
    case 'sym': {
      let named = symbolSets.get(e.name);
      if (!named) symbolSets.set(e.name, (named = new Set([e.name])));
      return named;
    }
  }
  const cached = symbolCache.get(e);
  if (cached) return cached;
  // the union in order of first occurrence; a child's own set serves when it holds all the others' (the usual case)
  let out = NO_SYMBOLS;
  let owned = false;
  let leavesOnly = true;
  for (const c of children(e)) {
    if (c.size > 1) leavesOnly = false;
    const s = symbolsOf(c);
    if (s === out || s.size === 0) continue;
    if (out.size === 0) { out = s; continue; }
    for (const name of s) {
      if (out.has(name)) continue;
      if (!owned) { out = new Set(out); owned = true; }
      (out as Set<string>).add(name);
    }
  }
  // a node of leaves (x^2, 3*y, sin(x)) is answered as fast as looked up: only larger ones are remembered
  if (!leavesOnly) symbolCache.set(e, out);
  return out;
}

export function dependsOn(e: Expr, name: string): boolean { return symbolsOf(e).has(name); }

export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'add': return e.terms;
    case 'mul': return e.factors;
    case 'pow': return [e.base, e.exp];
    case 'call': return e.args;
    default: return [];
  }
}

/** Rebuilds `e` with new children through the canonical constructors. */
export function rebuild(e: Expr, kids: readonly Expr[], call: (fn: string, args: Expr[]) => Expr): Expr {
  switch (e.kind) {
    case 'add': return add(...kids);
    case 'mul': return mul(...kids);
    case 'pow': return pow(kids[0], kids[1]);
    case 'call': return call(e.fn, [...kids]);
    default: return e;
  }
}

/** True for a term that prints with a leading minus: -3, -2*x. */
export function isNegative(e: Expr): boolean {
  if (e.kind === 'num') return e.value.isNegative;
  return e.kind === 'mul' && e.factors[0].kind === 'num' && e.factors[0].value.isNegative;
}

/** Number of nodes in the tree. */
export function treeSize(e: Expr): number { return e.size; }

/** Whether the tree divides by zero somewhere (0^-k), which makes it undefined everywhere. */
export function dividesByZero(e: Expr): boolean {
  if (e.kind === 'pow' && e.base.kind === 'num' && e.base.value.isZero) return true;
  return children(e).some(dividesByZero);
}
