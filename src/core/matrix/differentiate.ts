// Differentiation in index form: the product rule over einsum factors, the chain rule through
// element-wise functions, and the known derivatives of the matrix functions. One table of rules,
// each with its identity, drives both the result and the explanation steps.
import { InputError } from '../api';
import { checkDeadline } from '../budget';
import { Rational } from '../rational';
import { compositeRule, elementRule } from './elementwise';
import { dependsOn, fn, MExpr, MSym, mul, num, op, pow, whereExtreme } from './expr';
import { Indexer, Label, MAX_TERMS, Term, UNIT } from './index-form';
import { indexDims } from './shape';

/** Identities of the structural and matrix-function rules, in index notation. */
export const MATRIX_RULES: Readonly<Record<string, string>> = {
  variable: '∂X_ab/∂X_kl = δ_ak δ_bl',
  product: '∂(u v) = ∂u v + u ∂v (over every einsum factor)',
  power: '∂(u^p) = p u^(p-1) ∂u',
  inv: '∂inv(U)_ab = -inv(U)_ac ∂U_cd inv(U)_db',
  det: '∂det(U) = det(U) inv(U)_dc ∂U_cd',
  logdet: '∂logdet(U) = inv(U)_dc ∂U_cd',
  norm2: '∂‖U‖₂ = U_c ∂U_c / ‖U‖₂',
  norm1: '∂‖U‖₁ = sign(U)_c ∂U_c',
  prod: '∂prod(U) = prod(U) ∂U_c / U_c',
  amax: '∂max(U) = [U_c = max(U)] ∂U_c (one largest entry)',
  amin: '∂min(U) = [U_c = min(U)] ∂U_c (one smallest entry)',
  compare: '∂[u > v] = 0 (u ≠ v)',
};

/** One rule application, for the explanation. */
export interface RawMatrixStep {
  rule: string;
  identity: string;
  atom: MExpr;
  idx: readonly Label[];
  /** The atom's derivative in index form. */
  result: Term[];
}

export class MatrixDifferentiator {
  readonly steps: RawMatrixStep[] = [];
  constructor(
    private readonly ix: Indexer,
    private readonly wrt: MSym,
    /** The variable's index labels, one per index dimension of its shape. */
    private readonly varIdx: readonly Label[],
    private readonly record = true,
  ) {}

  /** ∂(Σ terms)/∂wrt_varIdx. */
  terms(ts: readonly Term[]): Term[] {
    const out: Term[] = [];
    for (const t of ts) {
      for (const d of this.term(t)) out.push(d);
      if (out.length > MAX_TERMS) throw new InputError(`the derivative has more than ${MAX_TERMS} terms in index form`);
    }
    return out;
  }

  /** Product rule over a term's scalar and indexed factors. */
  term(t: Term): Term[] {
    checkDeadline();
    const out: Term[] = [];
    t.scalars.forEach((s, q) => {
      if (!dependsOn(s.atom, this.wrt.name)) return;
      // ∂(s^p) = p s^(p-1) ∂s
      const d = this.atom(s.atom, []);
      if (d.length === 0) return;
      const rest: Term = {
        coeff: t.coeff.mul(s.exp),
        scalars: [...t.scalars.slice(0, q), ...(s.exp.isOne ? [] : [{ atom: s.atom, exp: s.exp.sub(Rational.ONE) }]), ...t.scalars.slice(q + 1)],
        factors: t.factors,
      };
      for (const p of this.ix.product([rest], d)) out.push(p);
    });
    t.factors.forEach((f, q) => {
      if (f.kind !== 'atom' || !dependsOn(f.atom, this.wrt.name)) return;
      const d = this.atom(f.atom, f.idx);
      if (d.length === 0) return;
      const rest: Term = { coeff: t.coeff, scalars: t.scalars, factors: t.factors.filter((_, i) => i !== q) };
      for (const p of this.ix.product([rest], d)) out.push(p);
    });
    return out;
  }

  /** ∂atom_idx/∂wrt_varIdx, by the rule for the atom's kind. */
  atom(e: MExpr, idx: readonly Label[]): Term[] {
    if (!dependsOn(e, this.wrt.name)) return [];
    const ix = this.ix;
    switch (e.kind) {
      case 'sym': {
        // ∂X_ab/∂X_kl = δ_ak δ_bl
        const t: Term = { ...UNIT, factors: idx.map((l, i) => ({ kind: 'delta' as const, idx: [l, this.varIdx[i]] })) };
        return this.note('variable', MATRIX_RULES.variable, e, idx, () => [t]);
      }
      case 'transpose': return this.atom(e.arg, [...idx].reverse());
      // a mask is constant away from where its sides meet
      case 'compare': return this.note('compare', MATRIX_RULES.compare, e, idx, () => []);
      case 'pow': {
        // ∂(u^p) = p u^(p-1) ∂u, element-wise
        const lower = ix.shallow(mul(num(e.exp), pow(e.base, e.exp.sub(Rational.ONE))), idx);
        return this.note('power', MATRIX_RULES.power, e, idx, () => ix.product([lower], this.expanded(e.base, idx)));
      }
      case 'fn': {
        // functions applied in turn to one array: their derivative taken and simplified as one
        const composite = compositeRule(e);
        if (composite) {
          const outer = ix.shallow(composite.d, idx);
          return this.note('chain', composite.identity, e, idx, () => ix.product([outer], this.expanded(composite.leaf, idx)));
        }
        const rule = elementRule(e.name, e.arg);
        const outer = ix.shallow(rule.d, idx);
        if (outer.coeff.isZero) return [];
        return this.note(e.name, rule.identity, e, idx, () => ix.product([outer], this.expanded(e.arg, idx)));
      }
      case 'op': {
        const u = e.arg;
        const [r, c] = [u.shape[0], u.shape[1]];
        switch (e.name) {
          case 'inv': {
            // ∂inv(U)_ab = −inv(U)_ac ∂U_cd inv(U)_db
            const ci = ix.fresh(r), di = ix.fresh(c);
            const left = ix.leaf(e, [idx[0], ci]), right = ix.leaf(e, [di, idx[1]]);
            const t = ix.mulTerm({ ...left, coeff: Rational.MINUS_ONE }, right);
            return this.note('inv', MATRIX_RULES.inv, e, idx, () => ix.product([t], this.expanded(u, [ci, di])));
          }
          case 'det': case 'logdet': {
            // ∂det(U) = det(U) inv(U)_dc ∂U_cd;  ∂logdet(U) = inv(U)_dc ∂U_cd
            const ci = ix.fresh(r), di = ix.fresh(c);
            let t = ix.leaf(op('inv', u), [di, ci]);
            if (e.name === 'det') t = ix.mulTerm(t, ix.leaf(e, []));
            return this.note(e.name, MATRIX_RULES[e.name], e, idx, () => ix.product([t], this.expanded(u, [ci, di])));
          }
          case 'norm2': {
            // ∂‖U‖₂ = U_c ∂U_c / ‖U‖₂ (Euclidean; Frobenius for a matrix)
            const ls = ix.labelsFor(u.shape);
            const t = ix.mulTerm(ix.shallow(u, ls), { ...UNIT, scalars: [{ atom: e, exp: Rational.MINUS_ONE }] });
            return this.note('norm2', MATRIX_RULES.norm2, e, idx, () => ix.product([t], this.expanded(u, ls)));
          }
          case 'prod': {
            // ∂prod(U) = prod(U) ∂U_c / U_c (away from zero entries)
            const ls = ix.labelsFor(u.shape);
            const t = ix.mulTerm(ix.shallow(pow(u, Rational.MINUS_ONE), ls), { ...UNIT, scalars: [{ atom: e, exp: Rational.ONE }] });
            return this.note('prod', MATRIX_RULES.prod, e, idx, () => ix.product([t], this.expanded(u, ls)));
          }
          case 'norm1': {
            // ∂‖U‖₁ = sign(U)_c ∂U_c
            const ls = ix.labelsFor(u.shape);
            return this.note('norm1', MATRIX_RULES.norm1, e, idx, () => ix.product([ix.shallow(fn('sign', u), ls)], this.expanded(u, ls)));
          }
          case 'amax': case 'amin': {
            // ∂max(U) = [U_c ≥ max(U)] ∂U_c: the derivative of the largest entry, where one entry is largest
            const ls = ix.labelsFor(u.shape);
            return this.note(e.name, MATRIX_RULES[e.name], e, idx, () => ix.product([ix.shallow(whereExtreme(e), ls)], this.expanded(u, ls)));
          }
          default: return this.expanded(e, idx);
        }
      }
      default: return this.expanded(e, idx);
    }
  }

  /** Derivative of a compound atom: expand it into index form, then differentiate term by term. */
  private expanded(e: MExpr, idx: readonly Label[]): Term[] {
    if (!dependsOn(e, this.wrt.name)) return [];
    return this.terms(this.ix.expand(e, idx));
  }

  /** Applies a rule, recording it before the rules of its parts (the order a textbook shows them). */
  private note(rule: string, identity: string, atom: MExpr, idx: readonly Label[], apply: () => Term[]): Term[] {
    if (!this.record || this.steps.length >= 60) return apply();
    const step: RawMatrixStep = { rule, identity, atom, idx, result: [] };
    this.steps.push(step);
    step.result = apply();
    return step.result;
  }
}

/** The index labels of a variable of this shape. */
export function variableLabels(ix: Indexer, v: MSym): Label[] { return indexDims(v.shape).map((d) => ix.fresh(d)); }
