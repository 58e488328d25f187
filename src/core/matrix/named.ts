// Common subexpressions named instead of repeated: `s = sigmoid(X*w)` once, then the result in terms
// of s. The named form is extra to the result, which stays valid code on its own; its definitions are
// assignments in the result's dialect, so that definitions then result run as written.
import { checkDeadline } from '../budget';
import { Rational } from '../rational';
import { add, children, dependsOn, isSymmetric, MExpr, mul, num, pow, splitPow, subexpressions, sym, transpose } from './expr';
import { printLatex } from './print';
import { isScalar } from './shape';
import { mapTree } from './typecheck';

export interface NamedDefinition { readonly name: string; readonly value: MExpr }

/** The result as definitions (each may use the ones before it) and a body that uses them. */
export interface NamedForm { readonly definitions: readonly NamedDefinition[]; readonly body: MExpr }

/** At most this many names: more would read worse than the repetition. */
const MAX_NAMES = 3;
/** A subexpression is named when it repeats and its printed text is at least this long. */
const MIN_TEXT = 10;

const SCALAR_NAMES = ['u', 'v', 'r', 'q', 'g', 'h', 'c'];
const VECTOR_NAMES = ['s', 'u', 'v', 'r', 'q', 'g', 'h', 'z'];
const MATRIX_NAMES = ['S', 'U', 'V', 'R', 'Q', 'G', 'H', 'Z'];
/** Names the printed code or LaTeX already gives a meaning. */
const RESERVED = new Set(['e', 'i', 'j', 'I', 'pi', 'np', 'inv', 'det', 'tr', 'diag', 'sum', 'exp', 'log', 'ones', 'zeros', 'eye']);

/**
 * Names the subexpressions of `e` that repeat (functions, matrix functions, sums and products whose
 * printed text is long), largest saving first; undefined when nothing repeats. `text` prints in the
 * target dialect (the saving is measured there), `taken` holds names in use (symbols, dimensions).
 */
export function nameRepeated(e: MExpr, text: (e: MExpr) => string, taken: ReadonlySet<string>): NamedForm | undefined {
  const used = new Set([...taken, ...RESERVED]);
  let body = e;
  let definitions: NamedDefinition[] = [];
  const ratio = overItsSum(e, used);
  if (ratio) {
    used.add(ratio.name);
    body = ratio.body;
    definitions = [{ name: ratio.name, value: ratio.value }];
  }
  for (let round = definitions.length; round < MAX_NAMES; round++) {
    checkDeadline();
    const best = bestCandidate([body, ...definitions.map((d) => d.value)], text);
    if (!best) break;
    const name = freshName(best, used);
    used.add(name);
    const named = sym(name, best.shape, isSymmetric(best));
    const flipped = isScalar(best.shape) ? undefined : transpose(best).key;
    const replace = (x: MExpr) => mapTree(x, (n) => (n.key === best.key ? named : n.key === flipped ? transpose(named) : undefined));
    body = replace(body);
    definitions = [...definitions.map((d) => ({ name: d.name, value: replace(d.value) })), { name, value: best }];
  }
  if (definitions.length === 0) return undefined;
  return { definitions: inDependencyOrder(definitions), body };
}

/**
 * A vector over its own sum named once, s = v/sum(v) (the softmax, exp(z)/sum(exp(z))), where every
 * term of `e` divides by the sum as often as it holds v: (diag(v) − v*v'/u)/u is diag(s) − s*s'.
 * Undefined when some term does not, or when s would stand only once (nothing repeats).
 */
function overItsSum(e: MExpr, used: ReadonlySet<string>): { name: string; value: MExpr; body: MExpr } | undefined {
  for (const u of subexpressions(e).values()) {
    if (u.kind !== 'op' || u.name !== 'sum' || isScalar(u.arg.shape)) continue;
    const v = u.arg;
    const value = mul(pow(u, Rational.MINUS_ONE), v);
    const name = freshName(value, used);
    const s = sym(name, v.shape);
    let count = 0;
    const terms: MExpr[] = [];
    for (const t of distributedTerms(e)) {
      const [coeff, factors, rest] = t.kind === 'scale' ? [t.coeff, t.factors, t.body] : [Rational.ONE, [], t];
      const k = factors.filter((f) => splitPow(f)[0].key === u.key).reduce((sum, f) => sum.sub(splitPow(f)[1]), Rational.ZERO);
      const others = factors.filter((f) => splitPow(f)[0].key !== u.key);
      const n = rest ? linearOccurrences(rest, v) : 0;
      if (n < 0 || !k.equals(Rational.of(n)) || others.some((f) => contains(f, v))) { count = -1; break; }
      count += n;
      terms.push(mul(num(coeff), ...others, ...(rest ? [mapTree(rest, (x) => (x.key === v.key ? s : undefined))] : [])));
    }
    if (count >= 2) return { name, value, body: add(...terms) };
  }
  return undefined;
}

/** The terms of `e` with every scalar factor multiplied into the sums it scales. */
function distributedTerms(e: MExpr): MExpr[] {
  if (e.kind === 'add') return e.terms.flatMap(distributedTerms);
  if (e.kind === 'scale' && e.body?.kind === 'add') return e.body.terms.flatMap((t) => distributedTerms(mul(num(e.coeff), ...e.factors, t)));
  return [e];
}

/** How often `v` stands in `e` as a factor of its products (linearly: v, v', diag(v)); −1 when it stands elsewhere too. */
function linearOccurrences(e: MExpr, v: MExpr): number {
  if (e.key === v.key) return 1;
  switch (e.kind) {
    case 'matmul': case 'hadamard': {
      const ns = e.factors.map((f) => linearOccurrences(f, v));
      return ns.some((n) => n < 0) ? -1 : ns.reduce((a, b) => a + b, 0);
    }
    case 'transpose': return linearOccurrences(e.arg, v);
    case 'op': return e.name === 'diag' ? linearOccurrences(e.arg, v) : contains(e, v) ? -1 : 0;
    default: return contains(e, v) ? -1 : 0;
  }
}

/** Whether `v` occurs in `e`. */
function contains(e: MExpr, v: MExpr): boolean {
  return e.key === v.key || children(e).some((c) => contains(c, v));
}

/** The repeated subexpression whose naming saves the most printed text. */
function bestCandidate(roots: readonly MExpr[], text: (e: MExpr) => string): MExpr | undefined {
  const counts = new Map<string, { e: MExpr; n: number }>();
  const visit = (x: MExpr) => {
    // x and x' are one subexpression, counted once where it is transposed
    const e = x.kind === 'transpose' ? x.arg : x;
    if (isCandidate(e)) {
      const c = counts.get(e.key);
      if (c) c.n++; else counts.set(e.key, { e, n: 1 });
    }
    children(e).forEach(visit);
  };
  roots.forEach(visit);
  let best: { e: MExpr; saving: number } | undefined;
  for (const { e, n } of counts.values()) {
    if (n < 2) continue;
    const length = text(e).length;
    if (length < MIN_TEXT) continue;
    const saving = (n - 1) * length;
    if (!best || saving > best.saving) best = { e, saving };
  }
  return best?.e;
}

/**
 * A count (sum(ones(n)), printed x.shape[0], len(x)) is not named: it is short, and np.mean prints it inside;
 * nor is an inverse the selection wrote as a solve, which the result prints as solves (A\x + A'\x).
 */
function isCandidate(x: MExpr): boolean {
  if (x.kind === 'op') return !(x.name === 'sum' && x.arg.kind === 'ones') && x.written !== 'solve';
  return x.kind === 'fn' || x.kind === 'add' || x.kind === 'matmul' || x.kind === 'hadamard';
}

/** s for a vector (sigmoid's s first), S for a matrix, u for a scalar; a number is appended if all are taken. */
function freshName(e: MExpr, used: ReadonlySet<string>): string {
  const pool = isScalar(e.shape) ? SCALAR_NAMES : e.shape.length === 2 && e.shape[0] !== 1 ? MATRIX_NAMES : VECTOR_NAMES;
  const free = pool.find((n) => !used.has(n));
  if (free) return free;
  for (let k = 1; ; k++) if (!used.has(`${pool[0]}${k}`)) return `${pool[0]}${k}`;
}

/** Definitions ordered so that each uses only names defined before it. */
function inDependencyOrder(defs: readonly NamedDefinition[]): NamedDefinition[] {
  const out: NamedDefinition[] = [];
  const pending = [...defs];
  while (pending.length > 0) {
    const k = pending.findIndex((d) => pending.every((o) => o === d || !dependsOn(d.value, o.name)));
    out.push(...pending.splice(k < 0 ? 0 : k, 1));
  }
  return out;
}

/** The named form printed: definitions and body in the dialect, in numpy and in LaTeX ("where s = …"). */
export interface PrintedNamedForm {
  /** Each name with its value in the result's dialect, in numpy and in LaTeX. */
  definitions: { name: string; code: string; numpy: string; latex: string }[];
  /** The result in terms of the names: in the result's dialect, in numpy, and in LaTeX with its "where" clause. */
  result: string;
  numpy: string;
  latex: string;
  /** Runnable lines: the definitions as assignments, then the result (for LaTeX, the same as `latex`). */
  code: string;
  numpyCode: string;
}

export function printNamedForm(form: NamedForm, dialect: 'matrix' | 'python' | 'matlab' | 'julia' | 'latex', print: (e: MExpr) => string, printNumpy: (e: MExpr) => string): PrintedNamedForm {
  const definitions = form.definitions.map((d) => ({ name: d.name, code: print(d.value), numpy: printNumpy(d.value), latex: printLatex(d.value) }));
  const where = definitions.map((d) => `${d.name} = ${d.latex}`).join(',\\; ');
  const latex = `${printLatex(form.body)} \\quad \\text{where } ${where}`;
  const result = print(form.body);
  const numpy = printNumpy(form.body);
  const end = dialect === 'matlab' ? ';' : '';
  const code = dialect === 'latex' ? latex : [...definitions.map((d) => `${d.name} = ${d.code}${end}`), result].join('\n');
  const numpyCode = [...definitions.map((d) => `${d.name} = ${d.numpy}`), numpy].join('\n');
  return { definitions, result, numpy, latex, code, numpyCode };
}
