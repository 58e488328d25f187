// Index (Einstein / Ricci) form, the representation of Laue, Mitterreiter and Giesen: an expression
// is a sum of terms, each a number times scalar factors times indexed factors (x_i, A_ij, δ_ij, 1_i);
// an index that is not free is summed over. Matrix products, transposes, traces, diagonals and sums
// become index patterns; non-linear pieces (element-wise functions, inv, det, logdet, norms, powers)
// stay atoms. Linear structure is expanded, so the product rule runs over einsum factors.
import { InputError } from '../api';
import { checkDeadline } from '../budget';
import { Rational } from '../rational';
import {
  dependsOn, isSymmetric, MExpr, pow, splitPow,
} from './expr';
import { cols, Dim, indexDims, rows, Shape } from './shape';

export type Label = string;

export type Factor =
  | { readonly kind: 'atom'; readonly atom: MExpr; readonly idx: readonly Label[] }
  | { readonly kind: 'delta'; readonly idx: readonly Label[] }
  | { readonly kind: 'ones'; readonly idx: readonly Label[] };

export interface ScalarFactor { readonly atom: MExpr; readonly exp: Rational }

export interface Term {
  readonly coeff: Rational;
  /** Scalar factors with their powers, at most one entry per atom. */
  readonly scalars: readonly ScalarFactor[];
  readonly factors: readonly Factor[];
}

export const UNIT: Term = { coeff: Rational.ONE, scalars: [], factors: [] };

/** Most terms a product may expand into: past it the expression is refused, before memory runs out. */
export const MAX_TERMS = 50_000;

/** Fresh index labels, the dimension each ranges over, and the expansion of trees into index form. */
export class Indexer {
  readonly dims = new Map<Label, Dim>();
  private counter = 0;
  /**
   * @param variable the variable of differentiation: compound sub-expressions that do not depend on
   *   it stay whole (x - mu stays one factor when differentiating by S), as people write them
   */
  constructor(readonly variable?: string) {}

  private isConstantCompound(e: MExpr): boolean {
    return this.variable !== undefined && (e.kind === 'add' || e.kind === 'matmul') && e.shape.length > 0 && !dependsOn(e, this.variable);
  }

  fresh(dim: Dim): Label {
    const l = `·${this.counter++}`;
    this.dims.set(l, dim);
    return l;
  }

  labelsFor(shape: Shape): Label[] { return indexDims(shape).map((d) => this.fresh(d)); }

  // ── Expansion ──────────────────────────────────────────────────────────────

  /** Full expansion of `e` with free indices `idx` (one per index dimension of its shape). */
  expand(e: MExpr, idx: readonly Label[]): Term[] {
    checkDeadline();
    if (this.isConstantCompound(e)) return [this.leaf(e, idx)];
    switch (e.kind) {
      case 'num': return e.value.isZero ? [] : [{ ...UNIT, coeff: e.value }];
      case 'zero': return [];
      case 'add': return e.terms.flatMap((t) => this.expand(t, idx));
      case 'scale': {
        let acc: Term[] = [{ ...UNIT, coeff: e.coeff }];
        for (const f of e.factors) acc = this.product(acc, this.expand(f, []));
        if (e.body) acc = this.product(acc, this.expand(e.body, idx));
        return acc;
      }
      case 'matmul': {
        const fs = e.factors;
        const rowL = rows(e.shape) !== 1 ? idx[0] : null;
        const colL = cols(e.shape) !== 1 ? idx[rowL === null ? 0 : 1] : null;
        let left: Label | null = rowL;
        let acc: Term[] = [UNIT];
        fs.forEach((f, k) => {
          const right = k === fs.length - 1 ? colL : cols(f.shape) !== 1 ? this.fresh(cols(f.shape)) : null;
          const fi: Label[] = [];
          if (rows(f.shape) !== 1) fi.push(left!);
          if (cols(f.shape) !== 1) fi.push(right!);
          acc = this.product(acc, this.expand(f, fi));
          left = right;
        });
        return acc;
      }
      case 'hadamard': return e.factors.reduce<Term[]>((acc, f) => this.product(acc, this.expand(f, idx)), [UNIT]);
      case 'transpose': return this.expand(e.arg, [...idx].reverse());
      case 'op':
        switch (e.name) {
          case 'sum': return this.expand(e.arg, this.labelsFor(e.arg.shape));
          case 'tr': { const a = this.fresh(e.arg.shape[0]); return this.expand(e.arg, [a, a]); }
          case 'diag':
            if (e.arg.shape.length === 1) return this.product(this.expand(e.arg, [idx[0]]), [delta(idx[0], idx[1])]);
            return this.expand(e.arg, [idx[0], idx[0]]);
          default: return [this.leaf(e, idx)];
        }
      default: return [this.leaf(e, idx)];
    }
  }

  /**
   * Shallow expansion: numbers, scalar factors, element-wise products and transposes are split, the
   * rest stays whole (so a derivative such as 1 - tanh(u).^2 stays one readable factor).
   */
  shallow(e: MExpr, idx: readonly Label[]): Term {
    switch (e.kind) {
      case 'num': return { ...UNIT, coeff: e.value };
      case 'zero': return { ...UNIT, coeff: Rational.ZERO };
      case 'scale': {
        let t: Term = { ...UNIT, coeff: e.coeff };
        for (const f of e.factors) t = this.mulTerm(t, this.leaf(f, []));
        if (e.body) t = this.mulTerm(t, this.shallow(e.body, idx));
        return t;
      }
      case 'hadamard': return e.factors.reduce<Term>((t, f) => this.mulTerm(t, this.shallow(f, idx)), UNIT);
      case 'transpose': return this.shallow(e.arg, [...idx].reverse());
      default: return this.leaf(e, idx);
    }
  }

  /** One factor: a scalar factor, δ for identities, 1_i for ones, or an indexed atom. */
  leaf(e: MExpr, idx: readonly Label[]): Term {
    if (e.kind === 'num') return { ...UNIT, coeff: e.value };
    if (e.kind === 'zero') return { ...UNIT, coeff: Rational.ZERO };
    if (e.shape.length === 0) {
      const [atom, exp] = splitPow(e);
      return { ...UNIT, scalars: [{ atom, exp }] };
    }
    if (e.kind === 'transpose') return this.leaf(e.arg, [...idx].reverse());
    if (e.kind === 'eye') return { ...UNIT, factors: [{ kind: 'delta', idx: [idx[0], idx[1]] }] };
    if (e.kind === 'ones') return { ...UNIT, factors: idx.map((l) => ({ kind: 'ones' as const, idx: [l] })) };
    return { ...UNIT, factors: [{ kind: 'atom', atom: e, idx: [...idx] }] };
  }

  // ── Products ───────────────────────────────────────────────────────────────

  product(a: readonly Term[], b: readonly Term[]): Term[] {
    if (a.length * b.length > MAX_TERMS) throw new InputError(`the expression expands into more than ${MAX_TERMS} terms in index form`);
    const out: Term[] = [];
    for (const x of a) for (const y of b) { checkDeadline(); const t = this.mulTerm(x, y); if (!t.coeff.isZero) out.push(t); }
    return out;
  }

  mulTerm(a: Term, b: Term): Term {
    const scalars = [...a.scalars];
    for (const s of b.scalars) {
      const i = scalars.findIndex((x) => x.atom.key === s.atom.key);
      if (i < 0) scalars.push(s);
      else {
        const exp = scalars[i].exp.add(s.exp);
        if (exp.isZero) scalars.splice(i, 1);
        else scalars[i] = { atom: s.atom, exp };
      }
    }
    return { coeff: a.coeff.mul(b.coeff), scalars, factors: [...a.factors, ...b.factors] };
  }

  // ── Simplification ─────────────────────────────────────────────────────────

  /**
   * Removes Kronecker deltas by renaming a summed index, drops ones that multiply something indexed
   * the same way, combines equal atoms with equal indices into powers; `onDelta` hears each removal.
   */
  simplifyTerm(t: Term, free: readonly Label[], onDelta?: (from: Label, to: Label, before: Term, after: Term) => void): Term {
    const freeSet = new Set(free);
    let factors = [...t.factors];
    for (let changed = true; changed;) {
      changed = false;
      for (let q = 0; q < factors.length; q++) {
        const f = factors[q];
        if (f.kind !== 'delta') continue;
        const [a, b] = f.idx;
        let from: Label | undefined, to: Label | undefined;
        if (a === b) continue;
        if (!freeSet.has(a)) { from = a; to = b; } else if (!freeSet.has(b)) { from = b; to = a; }
        if (from === undefined || to === undefined) continue;
        const before: Term = { ...t, factors };
        const rest = factors.filter((_, i) => i !== q);
        factors = rest.map((g) => renameFactor(g, from!, to!));
        if (onDelta) onDelta(from, to, before, { ...t, factors });
        changed = true;
        break;
      }
    }
    // equal atoms with equal indices combine: x_i x_i = (x.^2)_i, u_i (u.^-1)_i = 1
    const merged: Factor[] = [];
    // the exponent so far is kept beside its slot: once it sums to 0 the slot holds ones, whose own
    // exponent is not the base's (p·p⁻¹·p is p, not p²)
    const slots = new Map<string, { at: number; exp: Rational }>();
    for (const f of factors) {
      if (f.kind !== 'atom') { merged.push(f); continue; }
      const [base, exp] = splitPow(f.atom);
      const k = `${base.key}|${f.idx.join(',')}`;
      const slot = slots.get(k);
      if (slot === undefined) { slots.set(k, { at: merged.length, exp }); merged.push(f); continue; }
      slot.exp = slot.exp.add(exp);
      merged[slot.at] = { kind: 'atom', atom: pow(base, slot.exp), idx: f.idx };
    }
    const expanded: Factor[] = [];
    for (const f of merged) {
      if (f.kind === 'atom' && f.atom.kind === 'ones') expanded.push(...f.idx.map((l) => ({ kind: 'ones' as const, idx: [l] })));
      else expanded.push(f);
    }
    // 1_i beside anything else indexed by i is 1
    const kept = expanded.filter((f, q) => {
      if (f.kind !== 'ones') return true;
      const l = f.idx[0];
      return !expanded.some((g, r) => r !== q && g.kind !== 'ones' && g.idx.includes(l)) &&
        !expanded.some((g, r) => r < q && g.kind === 'ones' && g.idx[0] === l);
    });
    return { coeff: t.coeff, scalars: t.scalars, factors: kept };
  }

  /** Simplifies each term and collects like terms (equal up to renaming of summed indices). */
  collect(terms: readonly Term[], free: readonly Label[], onDelta?: (from: Label, to: Label, before: Term, after: Term) => void): Term[] {
    const groups = new Map<string, Term>();
    for (const raw of terms) {
      checkDeadline();
      const t = this.simplifyTerm(raw, free, onDelta);
      if (t.coeff.isZero) continue;
      const k = termKey(t, free);
      const g = groups.get(k);
      groups.set(k, g ? { ...g, coeff: g.coeff.add(t.coeff) } : t);
    }
    return [...groups.values()].filter((t) => !t.coeff.isZero);
  }
}

export function delta(a: Label, b: Label): Term { return { ...UNIT, factors: [{ kind: 'delta', idx: [a, b] }] }; }

function renameFactor(f: Factor, from: Label, to: Label): Factor {
  if (!f.idx.includes(from)) return f;
  const idx = f.idx.map((l) => (l === from ? to : l));
  return f.kind === 'atom' ? { kind: 'atom', atom: f.atom, idx } : { kind: f.kind, idx };
}

/** Renames labels of a term (a map from old to new). */
export function renameTerm(t: Term, map: ReadonlyMap<Label, Label>): Term {
  const r = (l: Label) => map.get(l) ?? l;
  return {
    ...t,
    factors: t.factors.map((f) => (f.kind === 'atom' ? { kind: 'atom', atom: f.atom, idx: f.idx.map(r) } : { kind: f.kind, idx: f.idx.map(r) })),
  };
}

/** Whether a factor's two indices may be swapped (δ, symmetric atoms). */
function commutesIndices(f: Factor): boolean { return f.kind === 'delta' || (f.kind === 'atom' && f.idx.length === 2 && isSymmetric(f.atom)); }

/** A key equal for terms that are equal up to renaming of summed indices (and the coefficient). */
export function termKey(t: Term, free: readonly Label[]): string {
  const freeSet = new Set(free);
  const name = (f: Factor) => (f.kind === 'atom' ? f.atom.key : f.kind);
  const pattern = (f: Factor, dummy: (l: Label) => string) => {
    const ls = f.idx.map((l) => (freeSet.has(l) ? l : dummy(l)));
    if (commutesIndices(f)) ls.sort();
    return `${name(f)}[${ls.join(',')}]`;
  };
  let order = [...t.factors].sort((a, b) => cmp(pattern(a, () => '*'), pattern(b, () => '*')));
  let numbering = new Map<Label, string>();
  for (let pass = 0; pass < 2; pass++) {
    numbering = new Map();
    for (const f of order) for (const l of f.idx) if (!freeSet.has(l) && !numbering.has(l)) numbering.set(l, `#${numbering.size}`);
    const pass2 = (l: Label) => numbering.get(l)!;
    order = [...order].sort((a, b) => cmp(pattern(a, pass2), pattern(b, pass2)));
  }
  const scal = t.scalars.map((s) => `${s.atom.key}^${s.exp}`).sort().join('*');
  return `${scal}|${order.map((f) => pattern(f, (l) => numbering.get(l)!)).join('')}`;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

