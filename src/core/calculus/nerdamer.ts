// The bridge to nerdamer, the symbolic integrator: loaded on the first integral only (a require inside
// a function, of a module the bundles keep in dist/nerdamer.js), our tree printed in nerdamer's
// syntax with every symbol renamed, and nerdamer's answer read back with the plain reader.
import { InputError } from '../api';
import { asScalar, read } from '../dialects';
import { add, children, div, E, Expr, neg, num, ONE, pow, rebuild, sym, symbolsOf } from '../expr';
import { call } from '../functions';

type Nerdamer = typeof import('nerdamer');

let loaded: Nerdamer | undefined;

/** nerdamer with its Calculus module, required on first use. */
function nerdamer(): Nerdamer {
  if (!loaded) {
    // a file of its own in the bundles (scripts/build.mjs): parsed on the first integral only
    loaded = require('./nerdamerModule') as Nerdamer;
  }
  return loaded;
}

/** Functions nerdamer knows under the same name and meaning as ours. */
const SAME_NAME = new Set([
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'asec', 'acsc', 'acot',
  'sinh', 'cosh', 'tanh', 'sech', 'csch', 'coth', 'asinh', 'acosh', 'atanh', 'asech', 'acsch', 'acoth',
  'log', 'abs', 'erf',
]);

/** Ours that nerdamer lacks, written with the ones it has (the check is against the original anyway). */
const REWRITES: ReadonlyMap<string, (u: Expr) => Expr> = new Map([
  ['erfc', (u: Expr) => add(ONE, neg(call('erf', [u])))],
  ['log1p', (u: Expr) => call('log', [add(ONE, u)])],
  ['expm1', (u: Expr) => add(pow(E, u), num(-1))],
  ['sigmoid', (u: Expr) => div(ONE, add(ONE, pow(E, neg(u))))],
  ['softplus', (u: Expr) => call('log', [add(ONE, pow(E, u))])],
]);

/** An integrand nerdamer cannot be asked about: names the function it lacks. */
export class UnknownToNerdamer extends Error {
  constructor(readonly fn: string) { super(`the symbolic integrator does not know ${fn}`); this.name = 'UnknownToNerdamer'; }
}

/** Symbols renamed s0, s1, … so that no name of ours means something else to nerdamer (i, e, pi, gamma…). */
export interface Renaming {
  toNerdamer: ReadonlyMap<string, string>;
  fromNerdamer: ReadonlyMap<string, string>;
}

export function renamingFor(names: Iterable<string>): Renaming {
  const to = new Map<string, string>(), from = new Map<string, string>();
  for (const n of [...new Set(names)].sort()) {
    const alias = `s${to.size}`;
    to.set(n, alias);
    from.set(alias, n);
  }
  return { toNerdamer: to, fromNerdamer: from };
}

/** `e` in nerdamer's syntax, fully parenthesised. Throws UnknownToNerdamer on a function it lacks. */
export function toNerdamer(e: Expr, renaming: Renaming): string {
  const go = (x: Expr): string => {
    switch (x.kind) {
      case 'num': {
        const r = x.value;
        return r.isInteger ? (r.isNegative ? `(${r.num})` : `${r.num}`) : `(${r.num}/${r.den})`;
      }
      case 'const': return x.name;
      case 'sym': return renaming.toNerdamer.get(x.name)!;
      case 'add': return `(${x.terms.map(go).join('+')})`;
      case 'mul': return `(${x.factors.map(go).join('*')})`;
      case 'pow': {
        if (x.exp.kind === 'num' && x.exp.value.num === 1n && x.exp.value.den === 2n) return `sqrt(${go(x.base)})`;
        return `(${go(x.base)})^(${go(x.exp)})`;
      }
      case 'call': {
        const rewrite = REWRITES.get(x.fn);
        if (rewrite && x.args.length === 1) return go(rewrite(x.args[0]));
        if (!SAME_NAME.has(x.fn)) throw new UnknownToNerdamer(x.fn);
        return `${x.fn}(${x.args.map(go).join(',')})`;
      }
    }
  };
  return go(e);
}

/** What nerdamer answered: its text, and how long it took. */
export interface NerdamerAnswer {
  text: string;
  ms: number;
}

/** nerdamer's antiderivative of `integrand` (its syntax) by `variable` (its name), as it prints it. */
export function nerdamerIntegrate(integrand: string, variable: string): NerdamerAnswer {
  const n = nerdamer();
  const started = performance.now();
  // nerdamer.integrate, unlike nerdamer(...), keeps no history of the expressions it parsed
  const text = n.integrate(integrand, variable).toString();
  return { text, ms: performance.now() - started };
}

/** nerdamer's partial fraction decomposition of a rational `expression` in `variable`. */
export function nerdamerPartialFractions(expression: string, variable: string): NerdamerAnswer {
  const n = nerdamer();
  const started = performance.now();
  // Algebra's partfrac is missing from nerdamer's typings
  const algebra = n as unknown as { partfrac(expression: string, variable: string): { toString(): string } };
  const text = algebra.partfrac(expression, variable).toString();
  return { text, ms: performance.now() - started };
}

/** nerdamer's solutions of `expression` = 0 (its syntax) for `variable` (its name), each as it prints it. */
export function nerdamerSolve(expression: string, variable: string): { solutions: string[]; ms: number } {
  // Solve's solve is missing from nerdamer's typings
  const solver = nerdamer() as unknown as { solve(expression: string, variable: string): { toString(): string } };
  const started = performance.now();
  const text = solver.solve(expression, variable).toString();
  return { solutions: topLevelItems(text), ms: performance.now() - started };
}

/** The items of nerdamer's printed vector `[a,b(c,d),…]`, split at the commas outside brackets. */
function topLevelItems(text: string): string[] {
  const inner = text.trim().replace(/^\[/, '').replace(/\]$/, '');
  const items: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) { items.push(inner.slice(start, i)); start = i + 1; }
  }
  if (inner.slice(start).trim()) items.push(inner.slice(start));
  return items.map((item) => item.trim());
}

/**
 * nerdamer's answer as our tree, its symbols named back. Throws InputError when it is not an answer:
 * an integral left unevaluated, the imaginary unit, a function our table lacks (Si, Ei, …).
 */
export function fromNerdamer(text: string, renaming: Renaming): Expr {
  if (/\bintegrate\(/.test(text)) throw new InputError('the symbolic integrator left an integral unevaluated');
  let e: Expr;
  try {
    e = asScalar(read(text, 'plain')).expr;
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`the symbolic integrator's answer could not be read (${error.detail})`);
    throw error;
  }
  const stray = [...symbolsOf(e)].filter((s) => !renaming.fromNerdamer.has(s));
  if (stray.length) throw new InputError(`the symbolic integrator's answer has ${stray.includes('i') ? 'the imaginary unit i' : `unknown names (${stray.join(', ')})`}`);
  return renamed(e, renaming.fromNerdamer);
}

function renamed(e: Expr, names: ReadonlyMap<string, string>): Expr {
  if (e.kind === 'sym') return sym(names.get(e.name)!);
  if (e.kind === 'num' || e.kind === 'const') return e;
  return rebuild(e, children(e).map((c) => renamed(c, names)), call);
}

