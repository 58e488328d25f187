// The working as a textbook writes it: every line an equation with its indices on both sides.
// The expression in index form, kept factored as written (f = (X_ab w_b - y_a)(X_ac w_c - y_a)), then
// the rules applied one layer at a time (sum and product rules, chain rule, matrix-function
// identities), then ∂w_a/∂w_k = δ_ak, the deltas removed, like terms collected, and the way back to
// matrix notation. Convention: an index on the right that is not on the left is summed.
// The engine's own working (index-form.ts) expands everything into terms; this is for reading only,
// and its matrix form is checked against the engine's result by the tests.
import { checkDeadline } from '../budget';
import { Rational } from '../rational';
import { compositeRule, elementRule } from './elementwise';
import { dependsOn, fn, MExpr, MSelect, MSym, op, pow, splitCoeff, subexpressions, sym, whereExtreme, zero } from './expr';
import { Indexer, Label, Term, UNIT } from './index-form';
import { printLatex, selectionIdentityLatex, selectionLatex } from './print';
import { latexSymbol, parenthesized } from '../dialects/latex';
import { cols, rows, Shape } from './shape';
import { collectSum, NoMatrixForm, PatternStep, termToMatrix } from './to-matrix';

/** A node of the displayed index form. Labels are fresh per contraction, so each is bound once. */
type Node =
  | { readonly t: 'sum'; readonly terms: readonly Node[]; readonly origin?: Origin }
  | { readonly t: 'prod'; readonly coeff: Rational; readonly factors: readonly Node[] }
  /** A symbol, or an atom the index form keeps whole (inv(U), det(U), a constant compound). */
  | { readonly t: 'leaf'; readonly e: MExpr; readonly idx: readonly Label[] }
  | { readonly t: 'delta'; readonly idx: readonly Label[] }
  | { readonly t: 'ones'; readonly idx: readonly Label[] }
  /** An element-wise function of an index expression. */
  | { readonly t: 'fn'; readonly name: string; readonly arg: Node; readonly e: MExpr; readonly idx: readonly Label[] }
  | { readonly t: 'pow'; readonly base: Node; readonly exp: Rational; readonly e: MExpr; readonly idx: readonly Label[] }
  /** ∂(arg)/∂(variable), not yet worked out. */
  | { readonly t: 'd'; readonly arg: Node };

/** The matrix expression a sum stands for, and its free labels (for the way back to matrices). */
interface Origin { readonly e: MExpr; readonly idx: readonly Label[] }

export type DerivationStep = 'index-form' | 'rules' | 'identity' | 'deltas' | 'collect' | 'matrix-index' | 'matrix' | 'symmetric';

export interface DerivationRule {
  /** sum, product, chain, power, inv, det, logdet, prod, norm1, norm2, index-form, scalar, vector, matrix. */
  name: string;
  /** The identity in LaTeX, with the variable's own symbol. */
  identity: string;
}

/** One line of the derivation: an equation in LaTeX and what was done to reach it. */
export interface DerivationLine {
  order: number;
  step: DerivationStep;
  latex: string;
  /** Rules applied to reach this line (steps 'rules' and 'identity'). */
  rules: DerivationRule[];
  /** Renamings (`b → k`, step 'deltas') or index patterns (`a,ak->k: matrix-vector product`, step 'matrix-index'). */
  notes: string[];
}

/** What the derivation needs from the engine's run. */
export interface DerivationInput {
  ix: Indexer;
  expr: MExpr;
  wrt: MSym;
  order: number;
  /** The function's labels (i, j) and the variable's per order (k, l, …). */
  fIdx: readonly Label[];
  varIdx: readonly (readonly Label[])[];
  /** Fixed letters for those labels. */
  letters: ReadonlyMap<Label, string>;
  /** The result's labels in the layout presented (denominator: the variable's first). */
  out: readonly Label[];
  /** The target shape of the last order's matrix form. */
  target: Shape;
  /** The result as presented, in matrix notation (absent for a tensor). */
  final?: MExpr;
  /** Left-hand side of the last line: `\frac{\partial f}{\partial w}`. */
  finalLhs: string;
}

const MAX_LINES = 40;
const MAX_PASSES = 12;
/** Past this many terms a line stops being readable; the derivation ends there. */
const MAX_TERMS = 24;
const SUMMED_LETTERS = 'abcdefghopqrstuvwxyzABCDEFGHJKLMNOPQRSTUVWXYZ';

/**
 * The derivation, or as much of it as stays readable (empty when even the index form is not), and
 * the matrix form its last index line stands for (in the order of `out`), to check against the result.
 */
export function deriveInIndexForm(input: DerivationInput): { lines: DerivationLine[]; matrix?: MExpr } {
  const d = new Derivation(input);
  try {
    d.run();
  } catch (e) {
    if (!(e instanceof TooLong)) throw e;
  }
  return { lines: d.lines, ...(d.matrix ? { matrix: d.matrix } : {}) };
}

class TooLong extends Error {}

class Derivation {
  readonly lines: DerivationLine[] = [];
  /** The sum of the matrix forms of the last line in index form. */
  matrix?: MExpr;
  private readonly names = new Map<Label, string>();
  private readonly used = new Set<string>();
  private readonly free = new Set<Label>();
  private order = 1;
  private vIdx: readonly Label[] = [];

  constructor(private readonly input: DerivationInput) {
    for (const [l, n] of input.letters) { this.names.set(l, n); this.used.add(n); }
  }

  run(): void {
    const { expr, fIdx, order } = this.input;
    for (const l of fIdx) this.free.add(l);
    let current = normalize(this.build(expr, fIdx));
    // a slice is a selection matrix times its vector: what each is, once
    const selections = [...subexpressions(expr).values()].filter((e): e is MSelect => e.kind === 'select');
    this.push(0, 'index-form', `${this.fLhs(0)} = ${this.latex(current)}`, selections.map((e) => ({ name: 'slice', identity: selectionIdentityLatex(e) })), []);
    for (let k = 1; k <= order; k++) {
      this.order = k;
      this.vIdx = this.input.varIdx[k - 1];
      for (const l of this.vIdx) this.free.add(l);
      current = this.differentiate(current);
    }
    this.backToMatrix(current);
  }

  // ── Index form of a matrix expression, factored as written ─────────────────

  private build(e: MExpr, idx: readonly Label[]): Node {
    checkDeadline();
    const ix = this.input.ix;
    const wrt = this.input.wrt.name;
    if ((e.kind === 'add' || e.kind === 'matmul') && e.shape.length > 0 && !dependsOn(e, wrt)) return leaf(e, idx);
    switch (e.kind) {
      case 'num': return prod(e.value, []);
      case 'zero': return prod(Rational.ZERO, []);
      case 'sym': case 'const': case 'compare': case 'select': return leaf(e, idx);
      case 'eye': return { t: 'delta', idx: [idx[0], idx[1]] };
      case 'ones': return prod(Rational.ONE, idx.map((l) => ({ t: 'ones', idx: [l] })));
      case 'add': return { t: 'sum', terms: e.terms.map((t) => this.build(t, idx)), origin: { e, idx } };
      case 'scale': return prod(e.coeff, [...e.factors.map((f) => this.build(f, [])), ...(e.body ? [this.build(e.body, idx)] : [])]);
      case 'matmul': {
        const rowL = rows(e.shape) !== 1 ? idx[0] : null;
        const colL = cols(e.shape) !== 1 ? idx[rowL === null ? 0 : 1] : null;
        let left: Label | null = rowL;
        const factors: Node[] = [];
        e.factors.forEach((f, k) => {
          const right = k === e.factors.length - 1 ? colL : cols(f.shape) !== 1 ? ix.fresh(cols(f.shape)) : null;
          const fi: Label[] = [];
          if (rows(f.shape) !== 1) fi.push(left!);
          if (cols(f.shape) !== 1) fi.push(right!);
          factors.push(this.build(f, fi));
          left = right;
        });
        return prod(Rational.ONE, factors);
      }
      case 'hadamard': return prod(Rational.ONE, e.factors.map((f) => this.build(f, idx)));
      case 'transpose': return this.build(e.arg, [...idx].reverse());
      case 'op':
        switch (e.name) {
          case 'sum': return this.build(e.arg, ix.labelsFor(e.arg.shape));
          case 'tr': { const a = ix.fresh(e.arg.shape[0]); return this.build(e.arg, [a, a]); }
          case 'diag':
            if (e.arg.shape.length === 1) return prod(Rational.ONE, [this.build(e.arg, [idx[0]]), { t: 'delta', idx: [idx[0], idx[1]] }]);
            return this.build(e.arg, [idx[0], idx[0]]);
          default: return leaf(e, idx);
        }
      case 'fn': return { t: 'fn', name: e.name, arg: this.build(e.arg, idx), e, idx };
      case 'pow': {
        const base = this.build(e.base, idx);
        // a scalar's brackets hold its sums: (a_b x_b)^3; (X_ab w_b - y_a)^2 would hide which b is
        // summed, and is written as a product of copies instead
        const inner = idx.length > 0 && exposedLabels(base).some((l) => !idx.includes(l));
        if (inner && e.exp.isInteger && e.exp.num >= 2n && e.exp.num <= 3n) {
          return prod(Rational.ONE, Array.from({ length: Number(e.exp.num) }, (_, i) => (i === 0 ? base : this.build(e.base, idx))));
        }
        return { t: 'pow', base: inner ? leaf(e.base, idx) : base, exp: e.exp, e, idx };
      }
    }
  }

  // ── Differentiation, one layer of rules per line ───────────────────────────

  private differentiate(f: Node): Node {
    const wrt = this.input.wrt;
    let current: Node = { t: 'd', arg: f };
    // the sum and product rules first, as one line
    const rules = new Map<string, DerivationRule>();
    current = normalize(this.structural(current, rules));
    if (termsOf(current).length === 0) rules.set('constant', { name: 'constant', identity: '\\partial c = 0' });
    this.pushRules(current, rules);
    for (let pass = 0; pass < MAX_PASSES && hasDerivative(current); pass++) {
      const applied = new Map<string, DerivationRule>();
      const pending = hasRuleBeyondVariable(current, wrt.name);
      current = normalize(this.rewrite(current, applied, pending));
      this.pushRules(current, applied);
    }
    return this.eliminateDeltas(current);
  }

  private pushRules(n: Node, rules: Map<string, DerivationRule>): void {
    if (rules.size === 0) return;
    const identity = [...rules.values()].every((r) => r.name === 'scalar' || r.name === 'vector' || r.name === 'matrix');
    this.push(this.order, identity ? 'identity' : 'rules', `${this.dLhs()} = ${this.latex(n)}`, [...rules.values()], []);
  }

  /** Pushes ∂ through sums and products (sum and product rules) down to the factors. */
  private structural(n: Node, rules: Map<string, DerivationRule>): Node {
    if (n.t !== 'd') return mapChildren(n, (c) => this.structural(c, rules));
    const a = n.arg;
    const wrt = this.input.wrt.name;
    if (!depends(a, wrt)) return prod(Rational.ZERO, []);
    if (a.t === 'sum') {
      const terms = a.terms.filter((t) => depends(t, wrt));
      if (terms.length > 1 || terms.length < a.terms.length) rules.set('sum', { name: 'sum', identity: `\\partial (u + v) = \\partial u + \\partial v` });
      return { t: 'sum', terms: terms.map((t) => this.structural({ t: 'd', arg: t }, rules)) };
    }
    if (a.t === 'prod') {
      const dependent = a.factors.map((f, q) => (depends(f, wrt) ? q : -1)).filter((q) => q >= 0);
      if (dependent.length > 1) rules.set('product', { name: 'product', identity: `\\partial (u v) = (\\partial u)\\, v + u\\, \\partial v` });
      else if (a.factors.length > 1 || !a.coeff.isOne) rules.set('linear', { name: 'linear', identity: '\\partial (c\\, u) = c\\, \\partial u' });
      return {
        t: 'sum',
        terms: dependent.map((q) => prod(a.coeff, a.factors.map((f, r) => (r === q ? this.structural({ t: 'd', arg: f }, rules) : f)))),
      };
    }
    return n;
  }

  /**
   * Applies one rule to every pending ∂ (then the sum and product rules to what it gave); the
   * variable's own identity only once nothing else is pending, so its deltas appear together.
   */
  private rewrite(n: Node, rules: Map<string, DerivationRule>, pending: boolean): Node {
    if (n.t !== 'd') return mapChildren(n, (c) => this.rewrite(c, rules, pending));
    const a = n.arg;
    if (a.t === 'leaf' && a.e.kind === 'sym' && a.e.name === this.input.wrt.name) {
      if (pending) return n;
      return this.variableIdentity(a.idx, rules);
    }
    return normalize(this.structural(this.rule(a, rules), rules));
  }

  private variableIdentity(idx: readonly Label[], rules: Map<string, DerivationRule>): Node {
    const w = latexSymbol(this.input.wrt.name);
    const v = this.vIdx;
    const sub = (ls: readonly string[]) => `_{${ls.join('')}}`;
    if (v.length === 0) rules.set('scalar', { name: 'scalar', identity: `\\frac{\\partial ${w}}{\\partial ${w}} = 1` });
    else if (v.length === 1) rules.set('vector', { name: 'vector', identity: `\\frac{\\partial ${w}${sub(['a'])}}{\\partial ${w}${sub([this.letter(v[0])])}} = \\delta${sub(['a', this.letter(v[0])])}` });
    else rules.set('matrix', { name: 'matrix', identity: `\\frac{\\partial ${w}${sub(['a', 'b'])}}{\\partial ${w}${sub(v.map((l) => this.letter(l)))}} = \\delta${sub(['a', this.letter(v[0])])}\\,\\delta${sub(['b', this.letter(v[1])])}` });
    return prod(Rational.ONE, idx.map((l, i) => ({ t: 'delta', idx: [l, v[i]] })));
  }

  /** ∂ of a factor by its rule: chain rule, power rule, the matrix functions' identities. */
  private rule(a: Node, rules: Map<string, DerivationRule>): Node {
    const ix = this.input.ix;
    const d = (arg: Node): Node => ({ t: 'd', arg });
    const u = sym('u', []);
    switch (a.t) {
      case 'fn': {
        // functions applied in turn to one array, as the differentiator takes them: one rule, simplified
        const composite = a.e.kind === 'fn' ? compositeRule(a.e) : undefined;
        if (composite) {
          const at = composite.at(u);
          rules.set(`composite:${a.e.key}`, { name: 'chain', identity: `\\frac{d}{du} ${printLatex(at.f)} = ${printLatex(at.d)}` });
          return prod(Rational.ONE, [this.build(composite.d, a.idx), d(this.build(composite.leaf, a.idx))]);
        }
        const r = elementRule(a.name, a.e.kind === 'fn' ? a.e.arg : a.e);
        rules.set(`chain:${a.name}`, { name: 'chain', identity: `\\frac{d}{du} ${printLatex(fn(a.name, u))} = ${printLatex(elementRule(a.name, u).d)}` });
        return prod(Rational.ONE, [this.build(r.d, a.idx), d(a.arg)]);
      }
      case 'pow': {
        rules.set('power', { name: 'power', identity: `\\partial (u^{p}) = p\\, u^{p-1}\\, \\partial u` });
        const p = a.exp;
        const lower = p.sub(Rational.ONE);
        const base = this.refresh(a.base, a.idx);
        const kept: Node[] = lower.isOne ? [base] : [{ t: 'pow', base, exp: lower, e: pow(a.e.kind === 'pow' ? a.e.base : a.e, lower), idx: a.idx }];
        return prod(p, [...kept, d(a.base)]);
      }
      case 'leaf': {
        const e = a.e;
        if (e.kind === 'compare') {
          rules.set('compare', { name: 'compare', identity: '\\partial\\, [u > v] = 0 \\quad (u \\ne v)' });
          return prod(Rational.ZERO, []);
        }
        if (e.kind === 'op' && (e.name === 'inv' || e.name === 'det' || e.name === 'logdet')) {
          const U = e.arg;
          const c = ix.fresh(U.shape[0]), dd = ix.fresh(U.shape[1]);
          const inv = e.name === 'inv' ? e : op('inv', U);
          if (e.name === 'inv') {
            rules.set('inv', { name: 'inv', identity: `\\partial (U^{-1})_{ab} = -(U^{-1})_{ac}\\, \\partial U_{cd}\\, (U^{-1})_{db}` });
            return prod(Rational.MINUS_ONE, [leaf(inv, [a.idx[0], c]), d(this.build(U, [c, dd])), leaf(inv, [dd, a.idx[1]])]);
          }
          if (e.name === 'det') {
            rules.set('det', { name: 'det', identity: `\\partial \\det U = \\det U\\, (U^{-1})_{dc}\\, \\partial U_{cd}` });
            return prod(Rational.ONE, [leaf(e, []), leaf(inv, [dd, c]), d(this.build(U, [c, dd]))]);
          }
          rules.set('logdet', { name: 'logdet', identity: `\\partial \\log\\det U = (U^{-1})_{dc}\\, \\partial U_{cd}` });
          return prod(Rational.ONE, [leaf(inv, [dd, c]), d(this.build(U, [c, dd]))]);
        }
        if (e.kind === 'op' && e.name === 'prod') {
          const ls = ix.labelsFor(e.arg.shape);
          rules.set('prod', { name: 'prod', identity: `\\partial \\textstyle\\prod_c u_c = \\prod_c u_c\\, \\frac{\\partial u_{c}}{u_{c}}` });
          return prod(Rational.ONE, [leaf(e, []), this.build(pow(e.arg, Rational.MINUS_ONE), ls), d(this.build(e.arg, ls))]);
        }
        if (e.kind === 'op' && (e.name === 'norm2' || e.name === 'norm1')) {
          const U = e.arg;
          const ls = ix.labelsFor(U.shape);
          if (e.name === 'norm2') {
            rules.set('norm2', { name: 'norm2', identity: `\\partial \\|u\\|_2 = \\frac{u_{c}\\, \\partial u_{c}}{\\|u\\|_2}` });
            return prod(Rational.ONE, [this.build(U, ls), { t: 'pow', base: leaf(e, []), exp: Rational.MINUS_ONE, e: pow(e, Rational.MINUS_ONE), idx: [] }, d(this.build(U, ls))]);
          }
          rules.set('norm1', { name: 'norm1', identity: `\\partial \\|u\\|_1 = \\operatorname{sgn}(u_{c})\\, \\partial u_{c}` });
          return prod(Rational.ONE, [this.build(fn('sign', U), ls), d(this.build(U, ls))]);
        }
        if (e.kind === 'op' && (e.name === 'amax' || e.name === 'amin')) {
          const ls = ix.labelsFor(e.arg.shape);
          const extreme = e.name === 'amax' ? '\\max' : '\\min';
          rules.set(e.name, { name: e.name, identity: `\\partial ${extreme}_c u_c = [u_c = ${extreme} u]\\, \\partial u_{c}` });
          return prod(Rational.ONE, [this.build(whereExtreme(e), ls), d(this.build(e.arg, ls))]);
        }
        // a compound kept whole (a power's base): written out in index form
        rules.set('index-form', { name: 'index-form', identity: '' });
        return d(this.build(e, a.idx));
      }
      default: return d(a);
    }
  }

  /** A copy with fresh labels for everything but `keep` (a factor that appears twice in a product). */
  private refresh(n: Node, keep: readonly Label[]): Node {
    const map = new Map<Label, Label>();
    for (const l of labelsOf(n)) if (!keep.includes(l) && !map.has(l)) map.set(l, this.input.ix.fresh(this.input.ix.dims.get(l)!));
    return rename(n, map);
  }

  // ── Deltas, like terms ─────────────────────────────────────────────────────

  private eliminateDeltas(n: Node): Node {
    let terms = termsOf(n).flatMap((t) => distributeDeltas(t));
    const renames: string[] = [];
    terms = terms.map((t) => {
      let term = t;
      for (let changed = true; changed;) {
        changed = false;
        const factors = factorsOf(term);
        for (const f of factors) {
          if (f.t !== 'delta' || f.idx[0] === f.idx[1]) continue;
          const [a, b] = f.idx;
          const [from, to] = !this.free.has(a) ? [a, b] : !this.free.has(b) ? [b, a] : [undefined, undefined];
          if (from === undefined || to === undefined) continue;
          renames.push(`${this.letter(from)} → ${this.letter(to)}`);
          const rest = prod(coeffOf(term), factors.filter((g) => g !== f));
          term = rename(rest, new Map([[from, to]]));
          changed = true;
          break;
        }
      }
      return term;
    });
    const eliminated: Node = normalize({ t: 'sum', terms });
    if (renames.length > 0) this.push(this.order, 'deltas', `${this.dLhs()} = ${this.latex(eliminated)}`, [], [...new Set(renames)]);
    const collected = this.collect(termsOf(eliminated));
    const result = normalize({ t: 'sum', terms: collected });
    if (collected.length < termsOf(eliminated).length) this.push(this.order, 'collect', `${this.dLhs()} = ${this.latex(result)}`, [], []);
    return result;
  }

  /** Terms equal up to the names of summed indices and the order of factors, added up. */
  private collect(terms: readonly Node[]): Node[] {
    const groups = new Map<string, { coeff: Rational; term: Node }>();
    for (const t of terms) {
      const k = this.key(t);
      const g = groups.get(k);
      if (g) g.coeff = g.coeff.add(coeffOf(t));
      else groups.set(k, { coeff: coeffOf(t), term: t });
    }
    return [...groups.values()].filter((g) => !g.coeff.isZero).map((g) => prod(g.coeff, factorsOf(g.term)));
  }

  private key(t: Node): string {
    const free = (l: Label) => (this.free.has(l) ? this.letter(l) : undefined);
    const render = (f: Node, name: (l: Label) => string) => texOf(f, name);
    let order = [...factorsOf(t)].sort((a, b) => cmp(render(a, (l) => free(l) ?? '*'), render(b, (l) => free(l) ?? '*')));
    let numbering = new Map<Label, string>();
    for (let pass = 0; pass < 2; pass++) {
      numbering = new Map();
      for (const f of order) for (const l of labelsOf(f)) if (!this.free.has(l) && !numbering.has(l)) numbering.set(l, `#${numbering.size}`);
      const name = (l: Label) => free(l) ?? numbering.get(l)!;
      order = [...order].sort((a, b) => cmp(render(a, name), render(b, name)));
    }
    return order.map((f) => render(f, (l) => free(l) ?? numbering.get(l)!)).join(' ');
  }

  // ── Back to matrix notation ────────────────────────────────────────────────

  private backToMatrix(n: Node): void {
    const { ix, out, target, final, finalLhs } = this.input;
    if (out.length <= 2 && final) {
      try {
        const notes: string[] = [];
        const parts = termsOf(n).map((t) => {
          const steps: PatternStep[] = [];
          const m = termToMatrix(ix, this.termOf(t), out, target, (l) => this.letter(l), steps);
          for (const s of steps) notes.push(`${s.pattern}: ${s.rule}`);
          return m;
        });
        const sub = out.length ? `_{${out.map((l) => this.letter(l)).join('')}}` : '';
        const shown = parts.length === 0 ? '0' : parts.map((m, i) => {
          const [c, rest] = splitCoeff(m);
          const body = indexed(rest, sub);
          const mag = c.abs();
          const lead = mag.isOne ? '' : mag.isInteger ? `${mag} ` : `\\frac{${mag.num}}{${mag.den}} `;
          const sign = c.isNegative ? (i === 0 ? '-' : ' - ') : i === 0 ? '' : ' + ';
          return `${sign}${lead}${body}`;
        }).join('');
        const lhs = this.outLhs();
        if (parts.length && !(final && shown === printLatex(final))) this.push(this.order, 'matrix-index', `${lhs} = ${shown}`, [], [...new Set(notes)]);
        this.matrix = parts.length ? collectSum(parts) : zero(target);
      } catch (e) {
        if (!(e instanceof NoMatrixForm)) throw e;
      }
    }
    const symmetric = this.input.wrt.symmetric && this.vIdx.length === 2;
    if (final) this.push(this.order, symmetric ? 'symmetric' : 'matrix', `${finalLhs} = ${printLatex(final)}`, [], []);
  }

  /** A product of the derivation as one of the engine's terms. */
  private termOf(t: Node): Term {
    const ix = this.input.ix;
    let term: Term = { ...UNIT, coeff: coeffOf(t) };
    for (const f of factorsOf(t)) {
      switch (f.t) {
        case 'leaf': term = ix.mulTerm(term, ix.leaf(f.e, f.idx)); break;
        case 'fn': case 'pow': term = ix.mulTerm(term, ix.leaf(f.e, f.idx)); break;
        case 'delta': case 'ones': term = ix.mulTerm(term, { ...UNIT, factors: [{ kind: f.t, idx: f.idx }] }); break;
        case 'sum':
          if (!f.origin) throw new NoMatrixForm();
          term = ix.mulTerm(term, ix.leaf(f.origin.e, f.origin.idx));
          break;
        default: throw new NoMatrixForm();
      }
    }
    return term;
  }

  // ── Lines ──────────────────────────────────────────────────────────────────

  private push(order: number, step: DerivationStep, latex: string, rules: DerivationRule[], notes: string[]): void {
    if (this.lines.length >= MAX_LINES) throw new TooLong();
    this.lines.push({ order, step, latex, rules, notes });
  }

  letter = (l: Label): string => {
    let n = this.names.get(l);
    if (n) return n;
    n = SUMMED_LETTERS.split('').find((c) => !this.used.has(c)) ?? `z_{${this.names.size}}`;
    this.used.add(n);
    this.names.set(l, n);
    return n;
  };

  private latex(n: Node): string {
    const terms = n.t === 'sum' ? n.terms : [n];
    if (terms.length > MAX_TERMS) throw new TooLong();
    for (const t of terms) this.nameSummed(t);
    return texOf(n, this.letter, this.wrtLatex());
  }

  /** Letters for a term's new summed labels: a, b, c… again in every term, as one writes them. */
  private nameSummed(t: Node): void {
    const labels = [...new Set(labelsOf(t))];
    const taken = new Set<string>(this.input.letters.values());
    for (const l of labels) { const n = this.names.get(l); if (n) taken.add(n); }
    for (const l of labels) {
      if (this.names.has(l)) continue;
      const n = SUMMED_LETTERS.split('').find((c) => !taken.has(c)) ?? `z_{${this.names.size}}`;
      taken.add(n);
      this.names.set(l, n);
    }
  }

  private wrtLatex(): string {
    const v = this.vIdx;
    return `${latexSymbol(this.input.wrt.name)}${v.length ? `_{${v.map(this.letter).join('')}}` : ''}`;
  }

  private fSub(): string { return this.input.fIdx.length ? `_{${this.input.fIdx.map(this.letter).join('')}}` : ''; }

  /** f_i, or ∂f_i/∂w_k for the derivative of order k. */
  private fLhs(order: number): string {
    if (order === 0) return `f${this.fSub()}`;
    const w = latexSymbol(this.input.wrt.name);
    const per = this.input.varIdx.slice(0, order).map((v) => `\\partial ${w}${v.length ? `_{${v.map(this.letter).join('')}}` : ''}`);
    return `\\frac{\\partial${order > 1 ? `^{${order}}` : ''} f${this.fSub()}}{${per.join('\\, ')}}`;
  }

  private dLhs(): string { return this.fLhs(this.order); }

  /** The left side with the result's indices in the presented order (the same derivative). */
  private outLhs(): string { return this.fLhs(this.order); }
}

// ── Nodes ─────────────────────────────────────────────────────────────────────

const leaf = (e: MExpr, idx: readonly Label[]): Node => ({ t: 'leaf', e, idx: [...idx] });
const prod = (coeff: Rational, factors: readonly Node[]): Node => ({ t: 'prod', coeff, factors });
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function mapChildren(n: Node, f: (c: Node) => Node): Node {
  switch (n.t) {
    case 'sum': return { ...n, terms: n.terms.map(f) };
    case 'prod': return { ...n, factors: n.factors.map(f) };
    default: return n;
  }
}

function depends(n: Node, wrt: string): boolean {
  switch (n.t) {
    case 'sum': return n.terms.some((t) => depends(t, wrt));
    case 'prod': return !n.coeff.isZero && n.factors.some((f) => depends(f, wrt));
    case 'leaf': case 'fn': case 'pow': return dependsOn(n.e, wrt);
    case 'd': return true;
    default: return false;
  }
}

function hasDerivative(n: Node): boolean {
  switch (n.t) {
    case 'd': return true;
    case 'sum': return n.terms.some(hasDerivative);
    case 'prod': return n.factors.some(hasDerivative);
    default: return false;
  }
}

/** A ∂ of something other than the variable itself is still to be worked out. */
function hasRuleBeyondVariable(n: Node, wrt: string): boolean {
  switch (n.t) {
    case 'd': return !(n.arg.t === 'leaf' && n.arg.e.kind === 'sym' && n.arg.e.name === wrt);
    case 'sum': return n.terms.some((t) => hasRuleBeyondVariable(t, wrt));
    case 'prod': return n.factors.some((f) => hasRuleBeyondVariable(f, wrt));
    default: return false;
  }
}

/** Flattens sums of sums and products of products, drops zero terms, folds numbers. */
function normalize(n: Node): Node {
  switch (n.t) {
    case 'sum': {
      const terms: Node[] = [];
      for (const t of n.terms.map(normalize)) {
        if (t.t === 'sum' && !t.origin) terms.push(...t.terms);
        else if (!(t.t === 'prod' && t.coeff.isZero)) terms.push(t);
      }
      if (terms.length === 1 && !n.origin) return terms[0];
      if (terms.length === 0) return prod(Rational.ZERO, []);
      return { ...n, terms };
    }
    case 'prod': {
      let coeff = n.coeff;
      const factors: Node[] = [];
      for (const f of n.factors.map(normalize)) {
        if (f.t === 'prod') { coeff = coeff.mul(f.coeff); factors.push(...f.factors); }
        else if (f.t === 'sum' && f.terms.length === 1 && f.terms[0].t === 'prod') { coeff = coeff.mul(f.terms[0].coeff); factors.push(...f.terms[0].factors); }
        else factors.push(f);
      }
      if (coeff.isZero) return prod(Rational.ZERO, []);
      return prod(coeff, factors);
    }
    case 'd': return { t: 'd', arg: normalize(n.arg) };
    case 'fn': return { ...n, arg: normalize(n.arg) };
    case 'pow': return { ...n, base: normalize(n.base) };
    default: return n;
  }
}

function termsOf(n: Node): readonly Node[] {
  if (n.t === 'sum' && !n.origin) return n.terms;
  if (n.t === 'prod' && n.coeff.isZero) return [];
  return [n];
}

function factorsOf(n: Node): readonly Node[] { return n.t === 'prod' ? n.factors : [n]; }
function coeffOf(n: Node): Rational { return n.t === 'prod' ? n.coeff : Rational.ONE; }

function containsDelta(n: Node): boolean {
  switch (n.t) {
    case 'delta': return true;
    case 'sum': return n.terms.some(containsDelta);
    case 'prod': return n.factors.some(containsDelta);
    default: return false;
  }
}

/** Multiplies out the brackets that hold a delta, so that every delta is a factor of a term. */
function distributeDeltas(t: Node): Node[] {
  const factors = factorsOf(t);
  const q = factors.findIndex((f) => f.t === 'sum' && containsDelta(f));
  if (q < 0) return [t];
  const group = factors[q] as Node & { t: 'sum' };
  return group.terms.flatMap((inner) => distributeDeltas(normalize(prod(coeffOf(t), factors.map((f, r) => (r === q ? inner : f))))));
}

function labelsOf(n: Node): Label[] {
  switch (n.t) {
    case 'sum': return n.terms.flatMap(labelsOf);
    case 'prod': return n.factors.flatMap(labelsOf);
    case 'leaf': case 'delta': case 'ones': return [...n.idx];
    case 'fn': return labelsOf(n.arg);
    case 'pow': return labelsOf(n.base);
    case 'd': return labelsOf(n.arg);
  }
}

/** Labels visible outside a function's parentheses (those inside are summed there). */
function exposedLabels(n: Node): Label[] {
  switch (n.t) {
    case 'sum': return n.terms.flatMap(exposedLabels);
    case 'prod': return n.factors.flatMap(exposedLabels);
    case 'fn': return [...n.idx];
    case 'pow': return exposedLabels(n.base);
    case 'd': return exposedLabels(n.arg);
    default: return [...n.idx];
  }
}

function rename(n: Node, map: ReadonlyMap<Label, Label>): Node {
  const r = (ls: readonly Label[]) => ls.map((l) => map.get(l) ?? l);
  switch (n.t) {
    case 'sum': return { t: 'sum', terms: n.terms.map((t) => rename(t, map)), ...(n.origin ? { origin: { e: n.origin.e, idx: r(n.origin.idx) } } : {}) };
    case 'prod': return prod(n.coeff, n.factors.map((f) => rename(f, map)));
    case 'leaf': return leaf(n.e, r(n.idx));
    case 'delta': case 'ones': return { t: n.t, idx: r(n.idx) };
    case 'fn': return { ...n, arg: rename(n.arg, map), idx: r(n.idx) };
    case 'pow': return { ...n, base: rename(n.base, map), idx: r(n.idx) };
    case 'd': return { t: 'd', arg: rename(n.arg, map) };
  }
}

// ── LaTeX ─────────────────────────────────────────────────────────────────────

/** A matrix expression with indices: w_k, λ w_k, (X^T(Xw - y))_k. */
function indexed(m: MExpr, sub: string): string {
  if (m.kind === 'sym') return `${printLatex(m)}${sub}`;
  if (m.kind === 'scale' && m.coeff.isOne && m.body?.kind === 'sym') return `${m.factors.map((f) => printLatex(f)).join('\\, ')}\\, ${printLatex(m.body)}${sub}`;
  return sub ? `${parenthesized(printLatex(m))}${sub}` : printLatex(m);
}

const ATOMIC = new Set(['sym', 'fn', 'op']);

function sub(idx: readonly Label[], letter: (l: Label) => string): string {
  return idx.length ? `_{${idx.map(letter).join('')}}` : '';
}

function texOf(n: Node, letter: (l: Label) => string, wrt = 'w'): string {
  const t = (m: Node) => texOf(m, letter, wrt);
  switch (n.t) {
    case 'sum': {
      if (n.terms.length === 0) return '0';
      return n.terms.map((term, i) => {
        const s = t(term);
        if (i === 0) return s;
        return s.startsWith('-') ? ` - ${s.slice(1)}` : ` + ${s}`;
      }).join('');
    }
    case 'prod': {
      // scalars without indices lead: λ w_a w_a
      const plain = (f: Node) => f.t === 'leaf' && f.idx.length === 0;
      const factors = [...n.factors.filter(plain), ...n.factors.filter((f) => !plain(f))];
      const parts = factors.map((f) => (f.t === 'sum' && (n.factors.length > 1 || !n.coeff.isOne) ? parenthesized(t(f)) : t(f)));
      const c = n.coeff;
      const mag = c.abs();
      const lead = mag.isOne ? (parts.length ? '' : '1') : mag.isInteger ? `${mag}${parts.length ? ' ' : ''}` : `\\frac{${mag.num}}{${mag.den}}${parts.length ? ' ' : ''}`;
      return `${c.isNegative ? '-' : ''}${lead}${parts.join('\\, ')}`;
    }
    case 'leaf': {
      const e = n.e;
      if (e.shape.length === 0 || n.idx.length === 0) return ATOMIC.has(e.kind) ? printLatex(e) : parenthesized(printLatex(e));
      if (e.kind === 'select') return `${selectionLatex(e)}${sub(n.idx, letter)}`;
      return e.kind === 'sym' ? `${latexSymbol(e.name)}${sub(n.idx, letter)}` : `${parenthesized(printLatex(e))}${sub(n.idx, letter)}`;
    }
    case 'delta': return `\\delta${sub(n.idx, letter)}`;
    case 'ones': return `\\mathbf{1}${sub(n.idx, letter)}`;
    case 'fn': {
      // the function's own LaTeX (\tanh\left(·\right), \sqrt{·}) around the index expression
      // a private-use character: no name the printers turn into a command (Ξ became \Xi)
      const PLACE = '\uE000';
      return printLatex(fn(n.name, sym(PLACE, []))).replace(PLACE, t(n.arg));
    }
    case 'pow': {
      const b = t(n.base);
      const simple = n.base.t === 'leaf' && (n.base.e.kind === 'sym' || n.base.idx.length === 0);
      return `${simple || n.base.t === 'fn' ? `{${b}}` : parenthesized(b)}^{${n.exp.isInteger ? n.exp : `${n.exp.num}/${n.exp.den}`}}`;
    }
    case 'd': {
      const a = t(n.arg);
      const simple = n.arg.t === 'leaf' || n.arg.t === 'fn';
      return `\\frac{\\partial ${simple ? a : parenthesized(a)}}{\\partial ${wrt}}`;
    }
  }
}
