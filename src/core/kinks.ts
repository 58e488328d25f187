// Where a function is not differentiable: the kinks of abs, ReLU, max, the comparisons and the
// rounding functions, found in the tree, less those a numeric look at the function shows it crosses
// smoothly (Huber's loss switches branches where both agree to first order).
import { compile } from './evaluate';
import { add, children, dependsOn, Expr, isNegative, isNum, neg, negateTerms, sub, sym, symbolsOf, ZERO } from './expr';
import { FUNCTIONS } from './functions';
import { hashText, mulberry32 } from './random';
import { Rational } from './rational';

/** Where a kinked function is not differentiable, in its arguments: `u = 0`, `u = v`, `u an integer`. */
export type Kink = { readonly kind: 'equal'; readonly left: Expr; readonly right: Expr } | { readonly kind: 'integer' | 'halfInteger'; readonly arg: Expr };

const atZero = (u: Expr): Kink => ({ kind: 'equal', left: u, right: ZERO });
const KINKS: Readonly<Record<string, (args: readonly Expr[]) => Kink[]>> = {
  abs: ([u]) => [atZero(u)],
  sign: ([u]) => [atZero(u)],
  relu: ([u]) => [atZero(u)],
  heaviside: ([u]) => [atZero(u)],
  max: ([u, v]) => [{ kind: 'equal', left: u, right: v }],
  min: ([u, v]) => [{ kind: 'equal', left: u, right: v }],
  // a slope of 1 is the identity, an alpha of 1 joins smoothly (elu(u, 1)' is 1 on both sides of 0)
  leaky_relu: ([u, s]) => (isNum(s, 1) ? [] : [atZero(u)]),
  elu: ([u, a]) => (isNum(a, 1) ? [] : [atZero(u)]),
  gt: ([u, v]) => [{ kind: 'equal', left: u, right: v }],
  ge: ([u, v]) => [{ kind: 'equal', left: u, right: v }],
  lt: ([u, v]) => [{ kind: 'equal', left: u, right: v }],
  le: ([u, v]) => [{ kind: 'equal', left: u, right: v }],
  clip: ([u, lo, hi]) => [{ kind: 'equal', left: u, right: lo }, { kind: 'equal', left: u, right: hi }],
  floor: ([u]) => [{ kind: 'integer', arg: u }],
  ceil: ([u]) => [{ kind: 'integer', arg: u }],
  round: ([u]) => [{ kind: 'halfInteger', arg: u }],
};

/** Whether a function of one argument is not differentiable where its argument is 0 (abs, sign, relu): arrays apply it entry by entry. */
export function kinkedAtZero(fn: string): boolean {
  const u = sym('u');
  if (FUNCTIONS.get(fn)?.arity !== 1) return false;
  const kinks = KINKS[fn]?.([u]) ?? [];
  return kinks.length === 1 && kinks[0].kind === 'equal' && kinks[0].left === u && isNum(kinks[0].right, 0);
}

/**
 * A ramp that is 0 at its kink (|u|, relu(u), max(u, 0)): its square and higher powers are differentiable
 * there (relu(u)² has the derivative 2·relu(u)·u', continuous at 0).
 */
export function vanishesAtKink(fn: string, args: readonly Expr[]): boolean {
  if (fn === 'abs' || fn === 'relu') return true;
  return (fn === 'max' || fn === 'min') && args.some((a) => isNum(a, 0));
}

/** The kinks of `e` in `name` that its derivative feels: those it does not cross smoothly. */
export function kinksOf(e: Expr, name: string): Kink[] {
  const kinks = kinksInTree(e, name);
  if (kinks.length === 0) return kinks;
  const look = numericLook(e, name, kinks);
  return look ? kinks.filter((k) => !crossedSmoothly(look, k)) : kinks;
}

/** Every kink of a kinked function `e` holds in `name` (a power ≥ 2 of a ramp that is 0 at its kink has none there). */
function kinksInTree(e: Expr, name: string): Kink[] {
  const out: Kink[] = [];
  const visit = (x: Expr) => {
    if (!dependsOn(x, name)) return;
    if (x.kind === 'pow' && x.base.kind === 'call' && x.exp.kind === 'num' && x.exp.value.compare(Rational.ONE) > 0 && vanishesAtKink(x.base.fn, x.base.args)) {
      x.base.args.forEach(visit);
      return;
    }
    if (x.kind === 'call') {
      const kinks = KINKS[x.fn]?.(x.args) ?? [];
      out.push(...kinks.filter((k) => dependsOn(k.kind === 'equal' ? sub(k.left, k.right) : k.arg, name)));
    }
    children(x).forEach(visit);
  };
  visit(e);
  return out;
}

/** `x - 1 = 0` reads as `x = 1`, `0 = x` as `x = 0`: the variable part on the left, constants on the right. */
function equation(left: Expr, right: Expr, name: string): [Expr, Expr] {
  if (left.kind === 'num' && right.kind !== 'num') [left, right] = [right, left];
  // the terms without the variable go right: x − a = 0 reads as x = a
  const fixed = (t: Expr) => !dependsOn(t, name);
  if (isNum(right, 0) && left.kind === 'add' && left.terms.some(fixed) && !left.terms.every(fixed)) {
    const constant = add(...left.terms.filter(fixed));
    const variable = add(...left.terms.filter((t) => !fixed(t)));
    // 1 − x = 0 reads as x = 1, not −x = −1
    const opposite = (x: Expr) => (x.kind === 'add' ? negateTerms(x) : neg(x));
    return isNegative(variable) ? [opposite(variable), constant] : [variable, opposite(constant)];
  }
  return [left, right];
}

/**
 * Where `e` is not differentiable in `name`, for the warning next to the result ("not differentiable
 * where x = 0"); undefined when it is smooth. Conditions are printed with `print`.
 */
export function nonDifferentiableWhere(e: Expr, name: string, print: (e: Expr) => string): string | undefined {
  const conditions = new Set(kinksOf(e, name).map((k) => kinkText(k, name, print)));
  return conditions.size ? `not differentiable where ${[...conditions].join(' or ')}` : undefined;
}

/**
 * A kink as its condition: `x = 1`, `2*x is an integer`; of arrays (`entry`), said of an entry:
 * `an entry of abs(r) is 1`.
 */
export function kinkText(k: Kink, name: string, print: (e: Expr) => string, entry = false): string {
  const subject = (e: Expr) => (entry ? `an entry of ${print(e)}` : print(e));
  if (k.kind === 'equal') {
    const [left, right] = equation(k.left, k.right, name);
    return `${subject(left)} ${entry ? 'is' : '='} ${print(right)}`;
  }
  return k.kind === 'integer' ? `${subject(k.arg)} is an integer` : `${subject(k.arg)} is an integer plus 1/2`;
}

// ── Crossing a kink smoothly ─────────────────────────────────────────────────

/** Where the scan looks for the points where a kink's sides meet, and how finely: [−6, 6], then wider when none is there. */
const SCAN_FROM = -6, SCAN_TO = 6, SCAN_STEPS = 240;
const SCAN_SCALES = [1, 200];
/** Points of a kink checked, at most. */
const MAX_CROSSINGS = 6;

/**
 * Whether `e` (as `look` holds it) is differentiable in `name` at the points where the sides of kink `k` meet: found by
 * scanning `name` over [−6, 6], else [−1200, 1200] (any other symbol held at a fixed random value) for sign changes of
 * left − right, and there the one-sided slopes of `e` agree (where(|x| ≤ 1, x²/2, |x| − 1/2) at
 * x = ±1, and its |x| at 0, where that branch is not taken). False when no such point is found or a
 * value is not a number: the kink then stands.
 */
function crossedSmoothly(look: NumericLook, k: Kink): boolean {
  if (k.kind !== 'equal') return false;
  let g: (x: number) => number;
  try {
    g = look.at(sub(k.left, k.right));
  } catch {
    return false;
  }
  const f = look.f;
  for (const scale of SCAN_SCALES) {
    const crossings = crossingsOf(g, scale);
    if (crossings.length > 0) return crossings.every((x) => slopesAgree(f, x));
  }
  return false;
}

/** `e` and its kinks' sides as functions of `name`, the other symbols held at fixed random values (compiled once). */
interface NumericLook { readonly f: (x: number) => number; readonly at: (side: Expr) => (x: number) => number }

function numericLook(e: Expr, name: string, kinks: readonly Kink[]): NumericLook | undefined {
  const sides = kinks.flatMap((k) => (k.kind === 'equal' ? [k.left, k.right] : []));
  const names = [name, ...[...new Set([e, ...sides].flatMap((x) => [...symbolsOf(x)]))].filter((n) => n !== name)];
  const random = mulberry32(hashText(e.key));
  const values = Float64Array.from(names, (_, i) => (i === 0 ? 0 : 0.5 + random()));
  const at = (x: Expr) => {
    const c = compile(x, names);
    return (v: number) => { values[0] = v; return c(values); };
  };
  try {
    return { f: at(e), at };
  } catch {
    return undefined;
  }
}

/** Where g changes sign on [−6, 6]·scale, up to MAX_CROSSINGS points. */
function crossingsOf(g: (x: number) => number, scale: number): number[] {
  const crossings: number[] = [];
  let x0 = SCAN_FROM * scale, g0 = g(x0);
  for (let i = 1; i <= SCAN_STEPS && crossings.length < MAX_CROSSINGS; i++) {
    const x1 = (SCAN_FROM + ((SCAN_TO - SCAN_FROM) * i) / SCAN_STEPS) * scale, g1 = g(x1);
    if (g0 === 0) crossings.push(x0);
    else if (g0 * g1 < 0) crossings.push(bisect(g, x0, x1, g0));
    [x0, g0] = [x1, g1];
  }
  return crossings;
}

/** A root of g between a and b, where g changes sign (g(a) = ga). */
function bisect(g: (x: number) => number, a: number, b: number, ga: number): number {
  for (let i = 0; i < 60; i++) {
    const m = (a + b) / 2, gm = g(m);
    if (gm === 0 || m === a || m === b) return m;
    if ((gm < 0) === (ga < 0)) { a = m; ga = gm; } else b = m;
  }
  return (a + b) / 2;
}

/**
 * Whether f is continuous at x and its one-sided slopes there agree (second-order one-sided differences).
 * The limits from each side are compared too: a jump whose value at x is the midpoint (sign(0) = 0)
 * makes both slopes huge and equal.
 */
function slopesAgree(f: (x: number) => number, x: number): boolean {
  const h = 1e-4 * Math.max(1, Math.abs(x));
  const [m2, m1, c, p1, p2] = [f(x - 2 * h), f(x - h), f(x), f(x + h), f(x + 2 * h)];
  const left = (3 * c - 4 * m1 + m2) / (2 * h), right = (-3 * c + 4 * p1 - p2) / (2 * h);
  const fromLeft = 2 * m1 - m2, fromRight = 2 * p1 - p2;
  if (![left, right, fromLeft, fromRight].every(Number.isFinite)) return false;
  const continuous = Math.abs(fromLeft - fromRight) <= 1e-4 * Math.max(1, Math.abs(fromLeft), Math.abs(fromRight));
  return continuous && Math.abs(left - right) <= 1e-5 * Math.max(1, Math.abs(left), Math.abs(right));
}
