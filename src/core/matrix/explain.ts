// Index form as text for the explanation (Einstein convention: a repeated index is summed) and as
// numpy einsum code; letters for index labels.
import { parenthesized } from '../dialects/latex';
import { Rational } from '../rational';
import { MExpr } from './expr';
import { Factor, Label, Term } from './index-form';
import { CodeStyle, printCode, printLatex, selectionLatex } from './print';
import { Dim } from './shape';

/** Letters for labels: given names for the free indices, a, b, c… for the summed ones. */
export class Letters {
  private readonly names = new Map<Label, string>();
  private readonly used = new Set<string>();
  constructor(fixed: ReadonlyMap<Label, string> = new Map()) {
    for (const [l, n] of fixed) { this.names.set(l, n); this.used.add(n); }
  }
  of = (l: Label): string => {
    let n = this.names.get(l);
    if (n) return n;
    n = 'abcdefghopqrstuvwxyzABCDEFGHJKLMNOPQRSTUVWXYZ'.split('').find((c) => !this.used.has(c)) ?? `z${this.names.size}`;
    this.used.add(n);
    this.names.set(l, n);
    return n;
  };
  /** A fresh namer with the same fixed names, for another term. */
  fork(free: readonly Label[]): Letters { return new Letters(new Map(free.map((l) => [l, this.of(l)]))); }
}

const ATOMIC = new Set(['sym', 'fn', 'op']);

function atomText(e: MExpr): string {
  const t = printCode(e, { dialect: 'matrix' });
  return ATOMIC.has(e.kind) ? t : `(${t})`;
}

function factorText(f: Factor, letter: (l: Label) => string): string {
  const sub = f.idx.map(letter).join('');
  if (f.kind === 'delta') return `δ_${sub}`;
  if (f.kind === 'ones') return `1_${sub}`;
  return `${atomText(f.atom)}_${sub}`;
}

function coeffText(c: Rational, empty: boolean): string {
  if (c.isOne) return empty ? '1' : '';
  if (c.equals(Rational.MINUS_ONE)) return empty ? '-1' : '-';
  return `${c.toString()} `;
}

/** One term in Einstein notation: `2 A_kj x_j`, `det(X) inv(X)_lk`. */
export function termText(t: Term, letter: (l: Label) => string): string {
  const parts: string[] = [];
  for (const s of t.scalars) parts.push(s.exp.isOne ? atomText(s.atom) : `${atomText(s.atom)}^${s.exp.isInteger ? s.exp : `(${s.exp})`}`);
  for (const f of t.factors) parts.push(factorText(f, letter));
  return `${coeffText(t.coeff, parts.length === 0)}${parts.join(' ')}`;
}

/** Reductions LaTeX writes as operators over what follows (1ᵀx, ∏ᵢ xᵢ, maxᵢ xᵢ): bracketed as factors, or a power or a neighbour would join them. */
const OPERATOR_LIKE = new Set(['sum', 'prod', 'amax', 'amin']);

function atomLatex(e: MExpr): string {
  const t = printLatex(e);
  return ATOMIC.has(e.kind) && !(e.kind === 'op' && OPERATOR_LIKE.has(e.name)) ? t : parenthesized(t);
}

/** One term in Einstein notation, in LaTeX: `2 A_{kj} x_{j}`, `\\delta_{ak}`. */
export function termLatex(t: Term, letter: (l: Label) => string): string {
  const parts: string[] = [];
  for (const s of t.scalars) parts.push(s.exp.isOne ? atomLatex(s.atom) : `${atomLatex(s.atom)}^{${s.exp}}`);
  for (const f of t.factors) {
    const sub = `_{${f.idx.map(letter).join('')}}`;
    parts.push(f.kind === 'delta' ? `\\delta${sub}` : f.kind === 'ones' ? `\\mathbf{1}${sub}` : `${f.atom.kind === 'sym' ? printLatex(f.atom) : f.atom.kind === 'select' ? selectionLatex(f.atom) : atomLatex(f.atom)}${sub}`);
  }
  const c = t.coeff;
  const lead = c.isOne ? (parts.length ? '' : '1') : c.equals(Rational.MINUS_ONE) ? (parts.length ? '-' : '-1') : c.isInteger ? `${c} ` : `${c.isNegative ? '-' : ''}\\frac{${c.abs().num}}{${c.den}} `;
  return `${lead}${parts.join(' ')}`;
}

/** A sum of terms in Einstein notation, in LaTeX. */
export function sumLatex(terms: readonly Term[], free: readonly Label[], letters: Letters): string {
  if (terms.length === 0) return '0';
  return terms.map((t, i) => {
    const text = termLatex(t, letters.fork(free).of);
    if (i === 0) return text;
    return text.startsWith('-') ? `- ${text.slice(1)}` : `+ ${text}`;
  }).join(' ');
}

/** A sum of terms in Einstein notation; each term names its own summed indices. */
export function sumText(terms: readonly Term[], free: readonly Label[], letters: Letters): string {
  if (terms.length === 0) return '0';
  return terms.map((t, i) => {
    const text = termText(t, letters.fork(free).of);
    if (i === 0) return text;
    return text.startsWith('-') ? `- ${text.slice(1)}` : `+ ${text}`;
  }).join(' ');
}

/**
 * Python code for a sum of terms: np.einsum('ij,j->i', A, x) + …, in the order of `out`; in PyTorch
 * or TensorFlow (`style.library`) their einsum, with identities and ones in the dtype of `style.tensor`
 * (einsum multiplies one dtype), and a TensorFlow column's entries as the 1-D vector einsum indexes.
 */
export function einsumCode(terms: readonly Term[], out: readonly Label[], letters: Letters, dims: ReadonlyMap<Label, Dim>, style: Omit<CodeStyle, 'dialect'> = {}): string {
  const np = style.prefix ?? 'np';
  const code: CodeStyle = { dialect: 'python', ...style, prefix: np };
  const dtype = style.library && style.tensor ? `, dtype=${style.tensor}.dtype` : '';
  const dimText = (l: Label) => (style.dim ? style.dim(dims.get(l)!) : String(dims.get(l)!));
  if (terms.length === 0) return out.length === 0 ? '0' : `${np}.zeros((${out.map(dimText).join(', ')}${out.length === 1 ? ',' : ''})${dtype})`;
  const operand = (atom: MExpr) => {
    const text = printCode(atom, code);
    return style.columns && atom.shape.length === 1 ? `${simpleOperand(text, true)}[:, 0]` : text;
  };
  return terms.map((t, i) => {
    const letter = letters.fork(out).of;
    const operands: string[] = [];
    const specs: string[] = [];
    for (const f of t.factors) {
      specs.push(f.idx.map(letter).join(''));
      if (f.kind === 'delta') operands.push(`${np}.eye(${dimText(f.idx[0])}${dtype})`);
      else if (f.kind === 'ones') operands.push(`${np}.ones(${dimText(f.idx[0])}${dtype})`);
      else operands.push(operand(f.atom));
    }
    // free indices no factor carries: the term is constant along them
    for (const l of out) if (!t.factors.some((f) => f.idx.includes(l))) { specs.push(letter(l)); operands.push(`${np}.ones(${dimText(l)}${dtype})`); }
    const scal = t.scalars.map((s) => {
      const base = printCode(s.atom, code);
      const b = /^[\w.]+(\(.*\))?$/.test(base) ? base : `(${base})`;
      return s.exp.isOne ? b : `${b}**${s.exp.isInteger ? s.exp : `(${s.exp})`}`;
    });
    const c = t.coeff.abs();
    const lead = [...(c.isOne ? [] : [c.isInteger ? c.toString() : `(${c.num}/${c.den})`]), ...scal];
    const outSpec = out.map(letter).join('');
    const body = operands.length === 0 ? '' : isIdentity(specs, outSpec) ? simpleOperand(operands[0], lead.length > 0 || terms.length > 1) : `${np}.einsum('${specs.join(',')}->${outSpec}', ${operands.join(', ')})`;
    const text = [...lead, ...(body ? [body] : [])].join(' * ') || '1';
    const sign = t.coeff.isNegative ? '-' : '+';
    return i === 0 ? (sign === '-' ? `-${text}` : text) : ` ${sign} ${text}`;
  }).join('');
}

/** `np.einsum('k->k', w)` is `w`: one operand whose indices are the output's, in order, none repeated. */
function isIdentity(specs: readonly string[], outSpec: string): boolean {
  return specs.length === 1 && specs[0] === outSpec && new Set(outSpec).size === outSpec.length;
}

function simpleOperand(code: string, inProduct: boolean): string {
  return !inProduct || /^[\w.]+(\(.*\))?$/.test(code) ? code : `(${code})`;
}

/**
 * MATLAB or Julia code for a sum of terms with no matrix form (a tensor), as einsum computes it by
 * broadcasting: each factor reshaped so its indices lie on their axes of the result (free indices first,
 * in the order of `out`, then the summed ones), the factors multiplied element-wise, the summed axes
 * summed away: -reshape(inv(X), [n, 1, n]).*reshape(inv(X).', [1, n, 1, n]). `style.dim` writes sizes.
 */
export function broadcastTensorCode(terms: readonly Term[], out: readonly Label[], dims: ReadonlyMap<Label, Dim>, style: CodeStyle & { dialect: 'matlab' | 'julia' }): string {
  const jl = style.dialect === 'julia';
  const dimText = (l: Label) => (style.dim ? style.dim(dims.get(l)!) : String(dims.get(l)!));
  const times = jl ? ' .* ' : '.*';
  const onesAlong = (l: Label) => (jl ? `ones(${dimText(l)})` : `ones(${dimText(l)}, 1)`);
  if (terms.length === 0) return `zeros(${out.map(dimText).join(', ')})`;
  return terms.map((t, i) => {
    const summed: Label[] = [];
    for (const f of t.factors) for (const l of f.idx) if (!out.includes(l) && !summed.includes(l)) summed.push(l);
    const axes = [...out, ...summed];
    const operands: string[] = [];
    const place = (code: string, idx: readonly Label[]) => {
      const at = idx.map((l) => axes.indexOf(l));
      // already on its axes: a vector on the first, a matrix on the first two
      if (at.every((a, k) => a === k)) { operands.push(code); return; }
      const sizes = Array.from({ length: Math.max(...at) + 1 }, (_, a) => (at.includes(a) ? dimText(axes[a]) : '1'));
      operands.push(jl ? `reshape(${code}, ${sizes.join(', ')})` : `reshape(${code}, [${sizes.join(', ')}])`);
    };
    for (const f of t.factors) {
      const code = f.kind === 'delta' ? (jl ? `Matrix(1.0I, ${dimText(f.idx[0])}, ${dimText(f.idx[0])})` : `eye(${dimText(f.idx[0])})`)
        : f.kind === 'ones' ? onesAlong(f.idx[0])
        : printCode(f.atom, style);
      const [a, b] = f.idx;
      if (b === undefined) place(code, [a]);
      // A_ii is A's diagonal
      else if (a === b) place(`diag(${code})`, [a]);
      // A_ji on axes i < j: its transpose's
      else if (axes.indexOf(a) > axes.indexOf(b)) place(jl ? `transpose(${code})` : `${simpleOperand(code, true)}.'`, [b, a]);
      else place(code, [a, b]);
    }
    // free indices no factor carries: the term is constant along them
    for (const l of out) if (!t.factors.some((f) => f.idx.includes(l))) place(onesAlong(l), [l]);
    const scalars = t.scalars.map((s) => {
      const base = simpleOperand(printCode(s.atom, style), true);
      return s.exp.isOne ? base : `${base}^${s.exp.isInteger ? s.exp : `(${s.exp})`}`;
    });
    const c = t.coeff.abs();
    const lead = [...(c.isOne ? [] : [c.isInteger ? c.toString() : `(${c.num}/${c.den})`]), ...scalars];
    let body = operands.join(times);
    const sums = summed.map((l) => axes.indexOf(l) + 1);
    // the summed axes come last: MATLAB drops them once summed, Julia's dropdims does
    if (sums.length) body = jl ? `dropdims(sum(${body}, dims=(${sums.join(', ')},)), dims=(${sums.join(', ')},))` : sums.reduce((acc, a) => `sum(${acc}, ${a})`, body);
    const text = [...lead, ...(body ? [body] : [])].join(jl ? ' * ' : '*') || '1';
    const sign = t.coeff.isNegative ? '-' : '+';
    return i === 0 ? (sign === '-' ? `-${text}` : text) : ` ${sign} ${text}`;
  }).join('');
}
