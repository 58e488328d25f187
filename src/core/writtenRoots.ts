// Roots of products as the user wrote them. The tree splits √(2πσ²) into √(2π)·|σ| (so σ cancels and
// |σ| meets sign(σ) in simplification), and a result read back from it says (μ − x)/(σ²·|σ|·√(2π))
// where the user wrote np.sqrt(2 * np.pi * sigma**2). After simplification, a product that holds a
// written root's parts, each to the same power (±1, ±3 for (2x)^(3/2), …), takes the root back as written:
// (μ − x)/(σ²·√(2πσ²)); d/dh √(2gh) = g/√(2gh), not √2·g/(2√(gh)).
import { InputError } from './api';
import { children, Expr, mul, num, pow, rebuild, splitPower, symbolsOf, treeSize, writtenPower } from './expr';
import { call } from './functions';
import { Rational } from './rational';
import { toScalar } from './scalar';
import { Syn } from './syntax';

/**
 * A root of a product in the selection, `exp` its unit (1/2 for √(2x) and for (2x)^(3/2)): `parts` are the
 * factors the tree holds base^exp as that have symbols, `constants` the rest.
 */
export interface WrittenRoot { readonly base: Expr; readonly exp: Rational; readonly parts: readonly Expr[]; readonly constants: Expr }

const ROOTS: Readonly<Record<string, Rational>> = { sqrt: Rational.of(1n, 2n), cbrt: Rational.of(1n, 3n) };

/** The roots of products the selection writes (sqrt(2*pi*sigma^2), (2*g*h)^0.5) that the tree holds split. */
export function writtenRoots(syn: Syn): readonly WrittenRoot[] {
  const found = new Map<string, WrittenRoot>();
  // a stack, not recursion: a sum of 10,000 terms is a syntax chain 10,000 deep
  const stack: Syn[] = [syn];
  for (let s = stack.pop(); s; s = stack.pop()) {
    if (s.t === 'derivative') continue;
    const [arg, exp] = s.t === 'call' && s.args.length === 1 && ROOTS[s.fn] ? [s.args[0], ROOTS[s.fn]]
      : s.t === 'bin' && (s.op === 'pow' || s.op === 'epow') ? [s.l, fractionOf(s.r)] : [undefined, undefined];
    const root = arg && exp && rootOf(arg, exp);
    if (root && !found.has(root.base.key)) found.set(root.base.key, root);
    if (s.t === 'call') stack.push(...s.args);
    else if (s.t === 'bin') stack.push(s.r, s.l);
    else if (s.t === 'neg' || s.t === 'transpose') stack.push(s.arg);
  }
  return [...found.values()];
}

function fractionOf(s: Syn): Rational | undefined {
  const e = scalarOrUndefined(s);
  return e?.kind === 'num' && !e.value.isInteger ? e.value : undefined;
}

function rootOf(arg: Syn, written: Rational): WrittenRoot | undefined {
  const base = scalarOrUndefined(arg);
  if (base?.kind !== 'mul' || symbolsOf(base).size === 0) return undefined;
  const exp = Rational.of(1n, written.den);
  const split = pow(base, num(exp));
  if (split.kind !== 'mul') return undefined;
  const parts = split.factors.filter((f) => symbolsOf(f).size > 0);
  const constants = mul(...split.factors.filter((f) => symbolsOf(f).size === 0));
  // a root whose constants come out whole is simpler split: √(4x²/y²) = 2|x|/|y|; √(2π) is left under it
  return constants.kind === 'num' ? undefined : { base, exp, parts, constants };
}

function scalarOrUndefined(s: Syn): Expr | undefined {
  try {
    return toScalar(s);
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

/** `e` with every product that holds a written root's parts holding the root as written, where the root's constants cancel against the product's. */
export function withRootsAsWritten(e: Expr, roots: readonly WrittenRoot[]): Expr {
  if (roots.length === 0) return e;
  const visit = (x: Expr): Expr => {
    const kids = children(x);
    if (kids.length === 0) return x;
    const out = kids.map(visit);
    let y = out.every((k, i) => k === kids[i]) ? x : rebuild(x, out, call);
    for (const root of roots) if (y.kind === 'mul') y = rootTaken(y, root) ?? y;
    return y;
  };
  return visit(e);
}

/** Multiples of a root's unit a result takes back as written: (2x)^(5/2)'s derivatives hold (2x)^(3/2), √(2x), 1/√(2x), … */
const MULTIPLES = [1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((k) => [k, -k]);

function rootTaken(product: Expr & { kind: 'mul' }, root: WrittenRoot): Expr | undefined {
  let best: Expr | undefined;
  // a whole power of the base is not a root: (2x)² is 4x² to the tree and to a person
  for (const m of MULTIPLES.filter((k) => BigInt(k) % root.exp.den !== 0n)) {
    const factors = root.parts.reduce((fs, p) => absoluteAt(fs, p, m), product.factors);
    const wanted = new Set(root.parts.map((p) => pow(p, num(m)).key));
    if (factors.filter((f) => wanted.has(f.key)).length !== wanted.size) continue;
    // over it as 1/root: printers put a negative power under a fraction bar by negating its exponent, which would split it again
    const taken = writtenPower(root.base, num(root.exp.mul(Rational.of(BigInt(Math.abs(m))))));
    const written = m > 0 ? taken : writtenPower(taken, num(-1));
    const out = mul(...factors.filter((f) => !wanted.has(f.key)), pow(root.constants, num(-m)), written);
    if (!best || constantsSize(out) < constantsSize(best)) best = out;
  }
  // only where the root's constants cancel against the product's (√(2π) out, √(2πσ²) in)
  return best && constantsSize(best) < constantsSize(product) ? best : undefined;
}

/**
 * `factors` with the part |u| to the power `m` where they hold it to another power of m's parity, or
 * sign(u) = |u|/u: |u|^j·u^k = |u|^m·u^(k+j−m) for even j − m, so |σ|/σ⁵ = 1/(σ³·|σ|). Unchanged for other parts.
 */
function absoluteAt(factors: readonly Expr[], part: Expr, m: number): readonly Expr[] {
  if (part.kind !== 'call' || part.fn !== 'abs') return factors;
  const u = part.args[0];
  let j = 0;
  let k = 0;
  const rest: Expr[] = [];
  for (const f of factors) {
    const [b, x] = splitPower(f);
    const whole = x.kind === 'num' && x.value.isInteger ? Number(x.value.num) : undefined;
    if (whole !== undefined && b.key === part.key) j += whole;
    else if (f.kind === 'call' && f.fn === 'sign' && f.args[0].key === u.key) { j += 1; k -= 1; }
    else if (whole !== undefined && b.key === u.key) k += whole;
    else rest.push(f);
  }
  if (j === 0 || (j - m) % 2 !== 0) return factors;
  return [...rest, pow(part, num(m)), pow(u, num(k + j - m))];
}

const constantsSize = (e: Expr) => (e.kind === 'mul' ? e.factors : [e]).reduce((n, f) => n + (symbolsOf(f).size === 0 ? treeSize(f) : 0), 0);
