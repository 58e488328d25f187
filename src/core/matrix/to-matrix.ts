// Back from index form to matrix notation, by matching each product's index pattern (Laue et al.):
// (ij,jk→ik) A*B, (ij,j→i) A*x, (i,j→ij) x*y', (i,i→i) x.*y, (i,ij→ij) diag(x)*A, (i,i→) x'*y,
// a swapped order is a transpose, a contracted pair on one matrix a trace; then like terms are
// summed and common factors pulled out: A*x + A'*x = (A + A')*x.
import { checkDeadline } from '../budget';
import { gcd, Rational } from '../rational';
import {
  add, eye, hadamard, MExpr, mul, num, ones, op, pow, splitCoeff, splitPow, transpose,
} from './expr';
import { Factor, Indexer, Label, Term } from './index-form';
import { solvedMatrix } from './print';
import { isScalar, Shape } from './shape';

/** The product has no matrix form (a tensor of order 3 or more). */
export class NoMatrixForm extends Error {}

/** One pattern applied on the way back, for the explanation. */
export interface PatternStep {
  /** einsum-style pattern, e.g. `ij,j->i`. */
  pattern: string;
  /** What it means, e.g. `matrix-vector product`. */
  rule: string;
  /** The matrix expression it produced. */
  result: MExpr;
}

interface Item { expr: MExpr; row: Label | null; col: Label | null }

const labelsOfItem = (it: Item) => [it.row, it.col].filter((l): l is Label => l !== null);

/** Translates one index-form term with free indices `out` into a matrix expression of shape `target`. */
export function termToMatrix(ix: Indexer, t: Term, out: readonly Label[], target: Shape, letter: (l: Label) => string, steps?: PatternStep[]): MExpr {
  const items: Item[] = t.factors.map((f) => itemOf(ix, f));
  const scalars: MExpr[] = t.scalars.map((s) => pow(s.atom, s.exp));
  // a free index no factor carries: the term is constant along it (ones)
  for (const l of out) if (!items.some((it) => it.row === l || it.col === l)) items.push({ expr: ones([ix.dims.get(l)!]), row: l, col: null });
  const outSet = new Set(out);
  const note = (pattern: string, rule: string, result: MExpr) => { if (steps && steps.length < 80) steps.push({ pattern, rule, result }); };
  const sig = (it: Item) => labelsOfItem(it).map(letter).join('');
  // how many times each label occurs, counted afresh after every rewrite
  let counts = new Map<Label, number>();
  const count = (l: Label) => counts.get(l) ?? 0;
  const settle = () => {
    for (let q = items.length - 1; q >= 0; q--) {
      if (items[q].row === null && items[q].col === null) { scalars.push(items[q].expr); items.splice(q, 1); }
    }
  };
  const replace = (drop: number[], it: Item) => {
    drop.sort((a, b) => b - a).forEach((q) => items.splice(q, 1));
    items.push(it);
    settle();
  };
  settle();
  // each rewrite removes a factor or an index: a few passes per factor are always enough
  const passes = 200 + 4 * items.length;
  for (let guard = 0; items.length > 0 && guard < passes; guard++) {
    checkDeadline();
    counts = new Map();
    for (const it of items) for (const l of labelsOfItem(it)) counts.set(l, (counts.get(l) ?? 0) + 1);
    if (items.length === 1 && labelsOfItem(items[0]).every((l) => outSet.has(l)) && items[0].row !== items[0].col) break;
    if (rewriteSelf(items, outSet, count, note, sig)) { settle(); continue; }
    if (rewriteSums(ix, items, outSet, count, note, sig)) { settle(); continue; }
    if (rewriteElementwise(items, outSet, count, note, sig, replace, 'products')) continue;
    if (rewriteContraction(items, outSet, count, note, sig, replace, true)) continue;
    if (rewriteElementwise(items, outSet, count, note, sig, replace, 'summed')) continue;
    if (rewriteContraction(items, outSet, count, note, sig, replace, false)) continue;
    if (rewriteElementwise(items, outSet, count, note, sig, replace, 'free')) continue;
    if (rewriteOuter(items, note, sig, replace)) continue;
    throw new NoMatrixForm('the result is a tensor of order 3 or more');
  }
  let body: MExpr | null = null;
  if (items.length === 1) {
    const it = items[0];
    const wantRow = target.length === 2 && target[0] === 1;
    const want: [Label | null, Label | null] = out.length === 2 ? [out[0], out[1]] : out.length === 1 ? (wantRow ? [null, out[0]] : [out[0], null]) : [null, null];
    if (it.row === want[0] && it.col === want[1]) body = it.expr;
    else if (it.row === want[1] && it.col === want[0]) {
      // the result's order of indices (a denominator-layout Jacobian) is the transpose: a step of its own
      // (a row turned into a column keeps its one index and needs no words)
      body = transpose(it.expr);
      if (out.length === 2) note(`${sig(it)}->${want.filter((l): l is Label => l !== null).map(letter).join('')}`, 'transpose (the order of the result\'s indices)', body);
    }
    else throw new NoMatrixForm('the indices of the result do not form a matrix');
  } else if (out.length > 0) throw new NoMatrixForm('the indices of the result do not form a matrix');
  const r = mul(num(t.coeff), ...scalars, ...(body ? [body] : []));
  return isScalar(target) || !isScalar(r.shape) ? r : mul(r, ones(target));
}

function itemOf(ix: Indexer, f: Factor): Item {
  if (f.kind === 'delta') return { expr: eye(ix.dims.get(f.idx[0])!), row: f.idx[0], col: f.idx[1] };
  if (f.kind === 'ones') return { expr: ones([ix.dims.get(f.idx[0])!]), row: f.idx[0], col: null };
  const s = f.atom.shape;
  if (s.length === 1) return { expr: f.atom, row: f.idx[0], col: null };
  if (s.length === 2 && s[0] === 1) return { expr: f.atom, row: null, col: f.idx[0] };
  return { expr: f.atom, row: f.idx[0], col: f.idx[1] };
}

function flip(it: Item): Item { return { expr: transpose(it.expr), row: it.col, col: it.row }; }
/** The item as a column vector (its one label as row). */
function asColumn(it: Item): Item { return it.row !== null ? it : flip(it); }

type Count = (l: Label) => number;
type Note = (pattern: string, rule: string, result: MExpr) => void;
type Sig = (it: Item) => string;
type Replace = (drop: number[], it: Item) => void;

/** (ii→) is a trace, (ii→i) a diagonal. */
function rewriteSelf(items: Item[], out: Set<Label>, count: Count, note: Note, sig: Sig): boolean {
  const q = items.findIndex((it) => it.row !== null && it.row === it.col);
  if (q < 0) return false;
  const it = items[q];
  const l = it.row!;
  if (count(l) === 2 && !out.has(l)) {
    const r = op('tr', it.expr);
    note(`${sig(it)}->`, 'trace', r);
    items[q] = { expr: r, row: null, col: null };
  } else {
    const r = op('diag', it.expr);
    note(`${sig(it)}->${sig(it)[0]}`, 'diagonal', r);
    items[q] = { expr: r, row: l, col: null };
  }
  return true;
}

/** An index summed over on one factor only: sum(x), ones'*A, A*ones, sum(A). */
function rewriteSums(ix: Indexer, items: Item[], out: Set<Label>, count: Count, note: Note, sig: Sig): boolean {
  const lonely = (l: Label | null) => l !== null && !out.has(l) && count(l) === 1;
  for (let q = 0; q < items.length; q++) {
    const it = items[q];
    const r = lonely(it.row), c = lonely(it.col);
    if (!r && !c) continue;
    const before = sig(it);
    if ((r || it.row === null) && (c || it.col === null)) {
      // Σ_i (x.^2)_i = x'*x
      const e = it.expr;
      const res = e.kind === 'pow' && e.exp.equals(Rational.of(2)) && e.base.shape.length === 1 ? mul(transpose(e.base), e.base) : op('sum', e);
      note(`${before}->`, 'sum of the entries', res);
      items[q] = { expr: res, row: null, col: null };
    } else if (r) {
      const res = mul(transpose(ones([ix.dims.get(it.row!)!])), it.expr);
      note(`${before}->${sig({ ...it, row: null })}`, 'column sums', res);
      items[q] = { expr: res, row: null, col: it.col };
    } else {
      const res = mul(it.expr, ones([ix.dims.get(it.col!)!]));
      note(`${before}->${sig({ ...it, col: null })}`, 'row sums', res);
      items[q] = { expr: res, row: it.row, col: null };
    }
    return true;
  }
  return false;
}

/**
 * A shared index that stays (free, or on a third factor): x.*y and A.*B first ('products'); a vector
 * goes into a matrix as diag(x)*A or A*diag(x) only when no matrix-vector product is left to do, on a
 * summed index ('summed': A'*diag(e)*A) before the matrix products, on a free one ('free') after them
 * (so v.*(W'*u) rather than diag(v)*W'*u).
 */
function rewriteElementwise(items: Item[], out: Set<Label>, count: Count, note: Note, sig: Sig, replace: Replace, phase: 'products' | 'summed' | 'free'): boolean {
  const stays = (l: Label) => out.has(l) || count(l) >= 3;
  const vec = (it: Item) => (it.row === null) !== (it.col === null);
  // vectors first: (i,i→i)
  for (let p = 0; p < items.length && phase === 'products'; p++) {
    for (let q = p + 1; q < items.length; q++) {
      const a = items[p], b = items[q];
      if (!vec(a) || !vec(b)) continue;
      const l = labelsOfItem(a)[0];
      if (labelsOfItem(b)[0] !== l || !stays(l)) continue;
      const res = hadamard(asColumn(a).expr, asColumn(b).expr);
      note(`${sig(a)},${sig(b)}->${sig(a)}`, 'element-wise product', res);
      replace([p, q], { expr: res, row: l, col: null });
      return true;
    }
  }
  // a vector into a matrix: (i,ij→ij) diag(x)*A, (j,ij→ij) A*diag(x)
  for (let p = 0; p < items.length; p++) {
    const v = items[p];
    if (!vec(v)) continue;
    const l = labelsOfItem(v)[0];
    if (!stays(l) || phase === 'products' || (phase === 'summed') === out.has(l)) continue;
    const q = items.findIndex((m, i) => i !== p && !vec(m) && m.row !== null && m.col !== null && (m.row === l || m.col === l));
    if (q < 0) continue;
    const m = items[q];
    const d = op('diag', asColumn(v).expr);
    const it: Item = m.row === l ? { expr: mul(d, m.expr), row: m.row, col: m.col } : { expr: mul(m.expr, d), row: m.row, col: m.col };
    note(`${sig(v)},${sig(m)}->${sig(m)}`, m.row === l ? 'diag(x) times a matrix' : 'a matrix times diag(x)', it.expr);
    replace([p, q], it);
    return true;
  }
  // two matrices on the same pair of indices: (ij,ij→ij) A.*B
  for (let p = 0; p < items.length && phase === 'products'; p++) {
    for (let q = p + 1; q < items.length; q++) {
      const a = items[p], b = items[q];
      if (a.row === null || a.col === null || b.row === null || b.col === null) continue;
      const same = a.row === b.row && a.col === b.col, swapped = a.row === b.col && a.col === b.row;
      if (!same && !swapped) continue;
      if (!stays(a.row) && !stays(a.col)) continue;
      const res = hadamard(a.expr, same ? b.expr : transpose(b.expr));
      note(`${sig(a)},${sig(b)}->${sig(a)}`, 'element-wise product', res);
      replace([p, q], { expr: res, row: a.row, col: a.col });
      return true;
    }
  }
  return false;
}

/** An index on exactly two factors, summed: (ij,jk→ik) A*B, (ij,j→i) A*x, (i,i→) x'*y; with a vector first when `withVector`. */
function rewriteContraction(items: Item[], out: Set<Label>, count: Count, note: Note, sig: Sig, replace: Replace, withVector: boolean): boolean {
  const vec = (it: Item) => it.row === null || it.col === null;
  // which items carry each label: the partner of p is found without trying every pair
  const holders = new Map<Label, number[]>();
  items.forEach((it, i) => { for (const l of labelsOfItem(it)) { const h = holders.get(l); if (h) h.push(i); else holders.set(l, [i]); } });
  for (let p = 0; p < items.length; p++) {
    // the first q after p that shares an index summed over these two only
    let q = -1;
    for (const l of labelsOfItem(items[p])) {
      if (out.has(l) || count(l) !== 2) continue;
      const other = holders.get(l)!.find((i) => i > p);
      if (other !== undefined && (q < 0 || other < q) && !(withVector && !vec(items[p]) && !vec(items[other]))) q = other;
    }
    if (q < 0) continue;
    const shared = labelsOfItem(items[p]).find((l) => !out.has(l) && count(l) === 2 && labelsOfItem(items[q]).includes(l))!;
    let [a, b] = [items[p], items[q]];
    // orient a with the summed index as its column, b with it as its row; swap roles if both would need a transpose
    const needA = a.col !== shared, needB = b.row !== shared;
    if (needA && needB && a.col !== null && b.row !== null) [a, b] = [b, a];
    const left = a.col === shared ? a : flip(a);
    const right = b.row === shared ? b : flip(b);
    const res = mul(left.expr, right.expr);
    const it: Item = { expr: res, row: left.row, col: right.col };
    const rule = left.row === null && right.col === null ? 'inner product' : left.row !== null && right.col !== null ? 'matrix product' : 'matrix-vector product';
    note(`${sig(items[p])},${sig(items[q])}->${sig(it)}`, rule, res);
    replace([p, q], it);
    return true;
  }
  return false;
}

/** Two factors with no index in common, both vectors: (i,j→ij) x*y'. */
function rewriteOuter(items: Item[], note: Note, sig: Sig, replace: Replace): boolean {
  if (items.length < 2) return false;
  const vec = (it: Item) => (it.row === null) !== (it.col === null);
  const p = items.findIndex(vec);
  const q = items.findIndex((it, i) => i !== p && vec(it));
  if (p < 0 || q < 0) return false;
  const a = asColumn(items[p]), b = asColumn(items[q]);
  const res = mul(a.expr, transpose(b.expr));
  const it: Item = { expr: res, row: a.row, col: b.row };
  note(`${sig(items[p])},${sig(items[q])}->${sig(it)}`, 'outer product', res);
  replace([p, q], it);
  return true;
}

// ── Collecting common factors ────────────────────────────────────────────────

interface Parts { coeff: Rational; scalars: Map<string, { base: MExpr; exp: Rational }>; chain: MExpr[] }

function partsOf(e: MExpr): Parts {
  const [coeff, rest] = splitCoeff(e);
  const scalars = new Map<string, { base: MExpr; exp: Rational }>();
  let body: MExpr | null = rest;
  const addScalar = (f: MExpr) => {
    const [base, exp] = f.kind === 'pow' ? [f.base, f.exp] : [f, Rational.ONE];
    scalars.set(base.key, { base, exp });
  };
  if (rest.kind === 'scale') { rest.factors.forEach(addScalar); body = rest.body; }
  else if (isScalar(rest.shape) && !(rest.kind === 'num')) { addScalar(rest); body = null; }
  else if (rest.kind === 'num') body = null;
  const chain = body === null ? [] : body.kind === 'matmul' ? [...body.factors] : [body];
  return { coeff, scalars, chain };
}

function rebuild(p: Parts): MExpr {
  return mul(num(p.coeff), ...[...p.scalars.values()].map((s) => pow(s.base, s.exp)), ...p.chain);
}

/** Sums terms and pulls out common factors: numbers, scalar factors, left and right matrix factors. */
export function collectSum(terms: readonly MExpr[]): MExpr {
  const nonzero = terms.filter((t) => !(t.kind === 'zero' || (t.kind === 'num' && t.value.isZero)));
  // a term that is a scaled sum is added term by term, so like terms across them meet (factorTerms takes common factors out again)
  const summed = add(...(nonzero.length > 1 ? nonzero.flatMap(spreadScaledSum) : nonzero));
  if (summed.kind !== 'add') return summed;
  return factorTerms([...summed.terms]);
}

/** c·(a + b) as [c·a, c·b]; other terms as they are. */
function spreadScaledSum(t: MExpr): MExpr[] {
  if (t.kind !== 'scale' || t.body?.kind !== 'add') return [t];
  return t.body.terms.map((u) => mul(num(t.coeff), ...t.factors, u));
}

function factorTerms(input: MExpr[]): MExpr {
  // a loop rather than a recursion over the groups: a long sum may form thousands of them
  for (let terms = input; ;) {
    checkDeadline();
    if (terms.length < 2) return add(...terms);
    const parts = terms.map(partsOf);
    // common number: gcd of the numerators over lcm of the denominators, negative when every term is
    let n = 0n, d = 1n;
    for (const p of parts) { n = gcd(n, p.coeff.num); d = (d * p.coeff.den) / gcd(d, p.coeff.den); }
    let g = Rational.of(n, d);
    // pull out 2 from 2a + 4b, and 1/2 from a/2 - b/2, but not 1/2 from a/2 - b (it would read (a - 2b)/2)
    if (g.num === 1n && !parts.every((p) => p.coeff.abs().equals(parts[0].coeff.abs()))) g = Rational.ONE;
    if (parts.every((p) => p.coeff.isNegative)) g = g.neg();
    // common scalar factors with the smallest power of one sign (a scalar variable's denominator: its largest)
    const common: { base: MExpr; exp: Rational }[] = [];
    for (const [k, s] of parts[0].scalars) {
      const exps = parts.map((p) => p.scalars.get(k)?.exp);
      if (exps.some((e) => e === undefined)) continue;
      const es = exps as Rational[];
      if (es.every((e) => !e.isNegative)) common.push({ base: s.base, exp: es.reduce((m, e) => (e.compare(m) < 0 ? e : m)) });
      else if (es.every((e) => e.isNegative)) {
        // a scalar variable every term divides by goes out at its largest power, so the sum left has none:
        // (x'x - n·σ²)/σ³, not (x'x/σ² - n)/σ; a function of arrays at its smallest, (I - x x'/‖x‖²)/‖x‖
        const largest = s.base.kind === 'sym';
        common.push({ base: s.base, exp: es.reduce((m, e) => ((largest ? e.compare(m) < 0 : e.compare(m) > 0) ? e : m)) });
      }
    }
    if (!g.isOne || common.length) {
      const inner = parts.map((p) => {
        const scalars = new Map(p.scalars);
        for (const c of common) {
          const e = scalars.get(c.base.key)!.exp.sub(c.exp);
          if (e.isZero) scalars.delete(c.base.key); else scalars.set(c.base.key, { base: c.base, exp: e });
        }
        return rebuild({ coeff: p.coeff.div(g), scalars, chain: p.chain });
      });
      const rest = factorTerms(inner);
      return mul(num(g), ...common.map((c) => pow(c.base, c.exp)), rest);
    }
    // the same array with different scalar coefficients: c*M + d*M = (c + d)*M
    const alike = collectLikeChains(parts);
    if (alike) { terms = alike; continue; }
    // element-wise factors every term has: s - s.^2 = s.*(1 - s)
    const shared = commonElementwise(parts);
    if (shared) {
      const inner = add(...spreadNumbers(parts.map((p, i) => rebuild({ ...p, chain: [shared.rests[i]] }))));
      return hadamard(...shared.common, inner.kind === 'add' ? factorTerms([...inner.terms]) : inner);
    }
    // a matrix factor shared on the left or on the right by two or more terms
    const best = bestGroup(parts, 'left') ?? bestGroup(parts, 'right');
    if (!best) return simplerSum(terms);
    const { side, members, factor } = best;
    const inner = members.map((i) => {
      const p = parts[i];
      const chain = side === 'left' ? p.chain.slice(1) : p.chain.slice(0, -1);
      return rebuild({ ...p, chain });
    });
    const innerAdd = add(...inner);
    const innerSum = innerAdd.kind === 'add' ? factorTerms([...innerAdd.terms]) : innerAdd;
    const grouped = side === 'left' ? mul(factor, innerSum) : mul(innerSum, factor);
    const memberSet = new Set(members);
    const others = terms.filter((_, i) => !memberSet.has(i));
    if (others.length === 0) return grouped;
    terms = [grouped, ...others];
  }
}

/** Terms with numbers multiplied into inner sums, so that 1 - (1 - s) adds up to s. */
function spreadNumbers(terms: readonly MExpr[]): MExpr[] {
  return terms.flatMap((t) => {
    const [c, rest] = splitCoeff(t);
    return rest.kind === 'add' ? rest.terms.map((u) => mul(num(c), u)) : [t];
  });
}

/** Terms whose array parts are equal, merged into one with the sum of their scalar parts; undefined when none are. */
function collectLikeChains(parts: Parts[]): MExpr[] | undefined {
  const groups = new Map<string, number[]>();
  parts.forEach((p, i) => {
    if (p.chain.length === 0) return;
    const k = p.chain.map((f) => f.key).join('@');
    const g = groups.get(k);
    if (g) g.push(i); else groups.set(k, [i]);
  });
  if (![...groups.values()].some((g) => g.length > 1)) return undefined;
  const merged = new Set<number>();
  const out: MExpr[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    g.forEach((i) => merged.add(i));
    const coefficient = add(...spreadNumbers(g.map((i) => rebuild({ ...parts[i], chain: [] }))));
    out.push(mul(coefficient, ...parts[g[0]].chain));
  }
  parts.forEach((p, i) => { if (!merged.has(i)) out.push(rebuild(p)); });
  return out;
}

/** Element-wise factors of an array term: the factors of u.*v, or the array itself. */
function elementFactors(e: MExpr): MExpr[] {
  return e.kind === 'hadamard' ? [...e.factors] : e.kind === 'ones' ? [] : [e];
}

/**
 * Element-wise factors (with their smallest power of one sign) that every term of a sum of arrays
 * has, and what remains of each term; undefined when there are none.
 */
function commonElementwise(parts: Parts[]): { common: MExpr[]; rests: MExpr[] } | undefined {
  if (!parts.every((p) => p.chain.length === 1 && !isScalar(p.chain[0].shape) && p.chain[0].kind !== 'matmul')) return undefined;
  const powers = parts.map((p) => new Map(elementFactors(p.chain[0]).map((f) => { const [base, exp] = splitPow(f); return [base.key, { base, exp }]; })));
  const common: { base: MExpr; exp: Rational }[] = [];
  for (const [k, { base }] of powers[0]) {
    const exps = powers.map((m) => m.get(k)?.exp);
    if (exps.some((e) => e === undefined)) continue;
    const es = exps as Rational[];
    if (es.every((e) => !e.isNegative && !e.isZero)) common.push({ base, exp: es.reduce((m, e) => (e.compare(m) < 0 ? e : m)) });
    else if (es.every((e) => e.isNegative)) common.push({ base, exp: es.reduce((m, e) => (e.compare(m) < 0 ? e : m)) });
  }
  if (common.length === 0) return undefined;
  const shape = parts[0].chain[0].shape;
  const rests = powers.map((m) => {
    const left = new Map(m);
    for (const c of common) {
      const e = left.get(c.base.key)!.exp.sub(c.exp);
      if (e.isZero) left.delete(c.base.key); else left.set(c.base.key, { base: c.base, exp: e });
    }
    return left.size === 0 ? ones(shape) : hadamard(...[...left.values()].map((f) => pow(f.base, f.exp)));
  });
  return { common: common.map((c) => pow(c.base, c.exp)), rests };
}

/**
 * The sum, or the sum with element-wise products over sums distributed when that is smaller:
 * (1 - y).*s - y.*(1 - s) = s - y. Sums of diagonal matrices are one diagonal matrix.
 */
function simplerSum(terms: MExpr[]): MExpr {
  const plain = add(...terms);
  if (plain.kind !== 'add') return plain;
  const diagonal = (t: MExpr) => { const r = splitCoeff(t)[1]; return r.kind === 'op' && r.name === 'diag' && r.arg.shape.length === 1 ? r.arg : undefined; };
  if (plain.terms.every((t) => diagonal(t) !== undefined)) {
    return op('diag', factorTerms(plain.terms.map((t) => mul(num(splitCoeff(t)[0]), diagonal(t)!))));
  }
  const spread = plain.terms.flatMap(distribute);
  if (spread.length === plain.terms.length) return plain;
  const expanded = add(...spread);
  return expanded.key.length < plain.key.length ? expanded : plain;
}

/** c*(u.*(a + b)) → [c*(u.*a), c*(u.*b)]; other terms stay. */
function distribute(t: MExpr): MExpr[] {
  const [c, rest] = splitCoeff(t);
  if (rest.kind !== 'hadamard') return [t];
  const i = rest.factors.findIndex((f) => f.kind === 'add');
  if (i < 0) return [t];
  const others = rest.factors.filter((_, j) => j !== i);
  return (rest.factors[i] as MExpr & { kind: 'add' }).terms.flatMap((a) => distribute(mul(num(c), hadamard(...others, a))));
}

function bestGroup(parts: Parts[], side: 'left' | 'right'): { side: 'left' | 'right'; members: number[]; factor: MExpr } | undefined {
  const groups = new Map<string, { factor: MExpr; members: number[] }>();
  parts.forEach((p, i) => {
    if (p.chain.length < 2) return;
    // the right-hand side of the user's solve stays with it: A\\x + A'\\x, not (inv(A) + inv(A)')*x
    if (side === 'right' && solvedMatrix(p.chain[p.chain.length - 2])) return;
    const f = side === 'left' ? p.chain[0] : p.chain[p.chain.length - 1];
    const g = groups.get(f.key);
    if (g) g.members.push(i); else groups.set(f.key, { factor: f, members: [i] });
  });
  let best: { factor: MExpr; members: number[] } | undefined;
  for (const g of groups.values()) if (g.members.length >= 2 && (!best || g.members.length > best.members.length)) best = g;
  return best && { side, ...best };
}
