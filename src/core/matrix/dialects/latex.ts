// LaTeX front-end for matrix expressions: x^\top A x, X^{-1}, X^{-\top}, \operatorname{tr}(…), \det X,
// \log\det X, \|Ax - b\|_2^2, \|X\|_F, |X|, \odot, \oslash, \frac, \mathbf{x}, \mathbf{1}, I.
// Juxtaposition is the matrix product (or a scaling), as in print.
import { InputError } from '../../api';
import { checkDeadline, checkNesting } from '../../budget';
import { Rational } from '../../rational';
import { stripMathDelimiters } from '../../dialects/latex';
import { FUNCTIONS as TABLE } from '../../functions';
import { ArrayRefusal, BinOp, numberAt, ParsedMatrix, Syn } from '../../syntax';

type Kind = 'num' | 'name' | 'cmd' | 'op' | 'end';
interface Token { kind: Kind; text: string; at: number }

const IGNORED = new Set(['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'displaystyle', 'textstyle', ',', ';', ':', '!', ' ', 'quad']);
const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Sigma', 'Phi', 'Psi', 'Omega',
]);
const FUNCTIONS: Readonly<Record<string, string>> = {
  exp: 'exp', log: 'log', ln: 'log', sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot', arcsin: 'asin', arccos: 'acos', arctan: 'atan',
  tanh: 'tanh', sinh: 'sinh', cosh: 'cosh', coth: 'coth', det: 'det', tr: 'tr',
};
/** \operatorname{…}: the element-wise functions of the function table by their names, and the matrix functions. */
const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries([...TABLE.values()].filter((f) => f.arity === 1).map((f) => [f.name, f.name])),
  tr: 'tr', Tr: 'tr', trace: 'tr', det: 'det', logdet: 'logdet', diag: 'diag', sum: 'sum', sign: 'sign', sgn: 'sign', sigmoid: 'sigmoid',
  exp: 'exp', log: 'log', abs: 'abs', inv: 'inv',
};
const FONT = new Set(['mathbf', 'boldsymbol', 'bm', 'mathit', 'mathrm', 'vec', 'mathsf', 'mathbb', 'text', 'operatorname']);

// sticky patterns: each token is matched where the last one ended, without copying the rest (linear)
const COMMAND = /\\([A-Za-z]+|.)/y;
const NUMBER = /\d+\.?\d*|\.\d+/y;

function tokenize(src: string, base: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  const match = (re: RegExp) => { re.lastIndex = i; return re.exec(src); };
  while (i < src.length) {
    checkDeadline();
    const ch = src[i];
    if (/\s/.test(ch) || ch === '&') { i++; continue; }
    if (ch === '\\') {
      const m = match(COMMAND);
      if (!m) throw new InputError("a lone '\\' at the end", base + i);
      const name = m[1];
      const at = i;
      i += m[0].length;
      if (IGNORED.has(name)) continue;
      if (name === '{' || name === '}') { out.push({ kind: 'op', text: name === '{' ? '(' : ')', at: base + at }); continue; }
      out.push({ kind: 'cmd', text: name === 'lVert' || name === 'rVert' || name === 'Vert' ? '|' : name, at: base + at });
      continue;
    }
    const n = match(NUMBER);
    if (n) { out.push({ kind: 'num', text: n[0], at: base + i }); i += n[0].length; continue; }
    if (/[A-Za-z]/.test(ch)) { out.push({ kind: 'name', text: ch, at: base + i }); i++; continue; }
    if ("+-*/^_(){}[]|,='".includes(ch)) { out.push({ kind: 'op', text: ch, at: base + i }); i++; continue; }
    throw new InputError(`unexpected character '${String.fromCodePoint(src.codePointAt(i)!)}'`, base + i);
  }
  out.push({ kind: 'end', text: '', at: base + src.length });
  return out;
}

/** A dimension written as a subscript: n or 3. */
function dimSyn(text: string, at: number): Syn {
  return /^\d+$/.test(text) ? { t: 'num', value: Rational.of(BigInt(text)), at } : { t: 'sym', name: text, at };
}

const CLOSE: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

class LatexMatrixParser {
  private i = 0;
  /** Inside |…| or \|…\|: a bar closes instead of opening. */
  private bars = 0;
  /** Groups, bars, signs, function arguments and powers around the current token. */
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Reads a nested part, refusing nesting deeper than MAX_NESTING. */
  private nested<T>(at: number, read: () => T): T {
    checkNesting(++this.depth, at);
    try { return read(); } finally { this.depth--; }
  }

  /**
   * A number token read one digit at a time, as TeX reads x^23 (x² · 3) and \frac12: the first digit,
   * the rest left as the next token. A leading point takes the whole number: x^.5 is x^0.5.
   */
  private digit(t: Token): Syn {
    if (t.text.startsWith('.')) return { t: 'num', value: numberAt(t.text, t.at), at: t.at };
    if (t.text.length > 1) this.tokens[--this.i] = { kind: 'num', text: t.text.slice(1), at: t.at + 1 };
    return { t: 'num', value: Rational.of(Number(t.text[0])), at: t.at };
  }

  private look(o = 0): Token { return this.tokens[this.i + o]; }
  private next(): Token { return this.tokens[this.i++]; }
  private isOp(text: string, o = 0): boolean { const t = this.look(o); return t.kind === 'op' && t.text === text; }
  private isCmd(text: string, o = 0): boolean { const t = this.look(o); return t.kind === 'cmd' && t.text === text; }
  private fail(t: Token, what?: string): never {
    if (t.kind === 'end') throw new InputError(what ?? 'the expression is incomplete', t.at);
    throw new InputError(what ?? `unexpected '${t.kind === 'cmd' ? '\\' + t.text : t.text}'`, t.at);
  }
  private expect(text: string): Token {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text) this.fail(t, t.kind === 'end' ? `missing '${text}'` : undefined);
    return t;
  }

  parseAll(): ParsedMatrix {
    if (this.look().kind === 'end') throw new InputError('the selection is empty');
    let assignedTo: string | undefined;
    const eq = this.tokens.findIndex((t) => t.kind === 'op' && t.text === '=');
    if (eq >= 0) {
      const lhs = this.tokens.slice(0, eq);
      if (lhs.length === 1 && (lhs[0].kind === 'name' || (lhs[0].kind === 'cmd' && GREEK.has(lhs[0].text)))) assignedTo = lhs[0].text;
      else if (!(lhs.length >= 1 && lhs[0].kind === 'name' && lhs[1]?.text === '(')) this.fail(this.tokens[eq], "unexpected '=': select an expression, or f = expression");
      else assignedTo = lhs[0].text;
      this.i = eq + 1;
    }
    const syn = this.sum();
    if (this.look().kind !== 'end') this.fail(this.look());
    return { syn, assignedTo };
  }

  private sum(): Syn {
    let left = this.product();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { t: 'bin', op: t.text === '+' ? 'add' : 'sub', l: left, r: this.product(), at: t.at, text: t.text };
    }
    return left;
  }

  private product(): Syn {
    let left = this.unary();
    for (;;) {
      const t = this.look();
      const explicit: Record<string, BinOp> = { cdot: 'cdot', times: 'mul', ast: 'mul', odot: 'emul', circ: 'emul', oslash: 'ediv' };
      if (t.kind === 'cmd' && explicit[t.text]) {
        this.next();
        left = { t: 'bin', op: explicit[t.text], l: left, r: this.unary(), at: t.at, text: `\\${t.text}` };
      } else if (t.kind === 'op' && (t.text === '*' || t.text === '/')) {
        this.next();
        left = { t: 'bin', op: t.text === '*' ? 'mul' : 'div', l: left, r: this.unary(), at: t.at, text: t.text };
      } else if (this.startsFactor(t)) {
        left = { t: 'bin', op: 'mul', l: left, r: this.postfix(), at: t.at, text: ' ' };
      } else return left;
    }
  }

  private startsFactor(t: Token): boolean {
    if (t.kind === 'num' || t.kind === 'name') return true;
    if (t.kind === 'cmd') return t.text === '|' ? this.bars === 0 : !['cdot', 'times', 'ast', 'odot', 'circ', 'oslash', 'rVert', 'top', 'intercal'].includes(t.text);
    return t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{' || (t.text === '|' && this.bars === 0));
  }

  private unary(): Syn {
    if (this.isOp('-')) { const t = this.next(); return { t: 'neg', arg: this.nested(t.at, () => this.unary()), at: t.at }; }
    if (this.isOp('+')) { const t = this.next(); return this.nested(t.at, () => this.unary()); }
    return this.postfix();
  }

  /** Primes and superscripts: two transposes in a row cancel (x'' is x); a power of a power nests. */
  private postfix(): Syn {
    let e = this.primary();
    let powers = 0;
    let transposed = false;
    for (;;) {
      let next: Syn;
      const t = this.look();
      if (this.isOp("'")) { this.next(); next = { t: 'transpose', arg: e, at: t.at }; }
      else if (this.isOp('^')) { this.next(); next = this.superscript(e, t); }
      else return e;
      const isTranspose = next.t === 'transpose' && next.arg === e;
      if (isTranspose && transposed) { e = (e as Syn & { t: 'transpose' }).arg; transposed = false; continue; }
      if (!isTranspose) checkNesting(this.depth + ++powers, t.at);
      e = next;
      transposed = isTranspose;
    }
  }

  /** x^\top, x^T, X^{-1}, X^{-\top}, x^{\circ 2}, s^2. */
  private superscript(base: Syn, caret: Token): Syn {
    const tr = (): Syn => ({ t: 'transpose', arg: base, at: caret.at });
    const t = this.look();
    if ((t.kind === 'cmd' && (t.text === 'top' || t.text === 'intercal' || t.text === 'mathsf')) || (t.kind === 'name' && t.text === 'T')) {
      this.next();
      if (t.text === 'mathsf') this.group();
      return tr();
    }
    if (t.kind === 'op' && t.text === '{') {
      // {\top}, {T}, {-1}, {-\top}, {\circ 2}
      const word = this.shortGroupAhead();
      if (word && ['\\top', 'T', '\\intercal', '\\mathsf{T}'].includes(word.text)) { this.i = word.end; return tr(); }
      if (word && ['-\\top', '-T', '-\\intercal'].includes(word.text)) {
        this.i = word.end;
        return { t: 'transpose', arg: { t: 'call', fn: 'inv', args: [base], at: caret.at, text: '^{-1}' }, at: caret.at };
      }
      if (this.isCmd('circ', 1)) {
        const open = this.next();
        this.next();
        const p = this.nested(open.at, () => this.sum());
        this.expect('}');
        return { t: 'bin', op: 'epow', l: base, r: p, at: caret.at, text: '^{\\circ}' };
      }
      const exp = this.group();
      return { t: 'bin', op: 'pow', l: base, r: exp, at: caret.at, text: '^' };
    }
    if (t.kind === 'num') {
      this.next();
      return { t: 'bin', op: 'pow', l: base, r: this.digit(t), at: caret.at, text: '^' };
    }
    if (t.kind === 'op' && t.text === '-') {
      this.next();
      const k = this.next();
      if (k.kind !== 'num') this.fail(k, 'an exponent must be a number');
      return { t: 'bin', op: 'pow', l: base, r: { t: 'neg', arg: this.digit(k), at: t.at }, at: caret.at, text: '^' };
    }
    return this.fail(t, t.kind === 'end' ? 'an exponent is missing' : 'an exponent must be a number, \\top or -1');
  }

  /** The text of a braced group of at most a few tokens starting at the current '{', and the index after it. */
  private shortGroupAhead(): { text: string; end: number } | undefined {
    let text = '';
    let depth = 0;
    for (let k = this.i; k < this.i + 6 && k < this.tokens.length; k++) {
      const b = this.tokens[k];
      if (b.kind === 'op' && b.text === '{') { depth++; if (depth === 1) continue; }
      if (b.kind === 'op' && b.text === '}' && --depth === 0) return { text, end: k + 1 };
      if (b.kind === 'end') return undefined;
      text += b.kind === 'cmd' ? `\\${b.text}` : b.text;
    }
    return undefined;
  }

  private group(): Syn {
    const open = this.next();
    const close = CLOSE[open.text];
    if (open.kind !== 'op' || !close) this.fail(open, open.kind === 'end' ? "missing '{'" : `expected '{' but found '${open.text}'`);
    if (this.isOp(close)) this.fail(this.look(), 'empty braces');
    const saved = this.bars;
    this.bars = 0;
    const inner = this.nested(open.at, () => this.sum());
    this.bars = saved;
    this.expect(close);
    return inner;
  }

  /** A word in braces: \mathbf{x} → x, \operatorname{tr} → tr. */
  private word(): string {
    this.expect('{');
    let w = '';
    while (!this.isOp('}')) {
      const p = this.next();
      if (p.kind === 'end') this.fail(p, "missing '}'");
      if (p.kind === 'cmd' && FONT.has(p.text)) continue;
      w += p.kind === 'cmd' ? p.text : p.text === '{' || p.text === '}' ? '' : p.text;
    }
    this.next();
    return w;
  }

  private rewindWord(): string { this.i--; return this.word(); }

  /** A name with an optional subscript: w_0, x_{i}, \beta_1. */
  private named(name: string, at: number): Syn {
    let full = name;
    if (this.isOp('_') && !(this.look(1).kind === 'cmd')) {
      this.next();
      const t = this.next();
      if (t.kind === 'op' && t.text === '{') {
        let w = '';
        while (!this.isOp('}')) { const p = this.next(); if (p.kind === 'end') this.fail(p, "missing '}'"); w += p.text; }
        this.next();
        full = `${name}_${w}`;
      } else if (t.kind === 'num' || t.kind === 'name') full = `${name}_${t.text}`;
      else this.fail(t);
    }
    if (full === 'I') return { t: 'call', fn: 'eye', args: [], at, text: 'I' };
    // I_n and I_{n}: an identity of known size
    if (name === 'I' && full !== 'I') return { t: 'call', fn: 'eye', args: [dimSyn(full.slice(2), at)], at, text: 'I' };
    return { t: 'sym', name: full, at };
  }

  private primary(): Syn {
    checkDeadline();
    const t = this.next();
    if (t.kind === 'num') return { t: 'num', value: numberAt(t.text, t.at), at: t.at };
    if (t.kind === 'name') return this.named(t.text, t.at);
    if (t.kind === 'op') {
      if (t.text === '(' || t.text === '[' || t.text === '{') { this.i--; return this.group(); }
      if (t.text === '|') return this.bracketed(t, '|', (inner) => ({ t: 'call', fn: 'bars', args: [inner], at: t.at, text: '|…|' }));
      return this.fail(t);
    }
    if (t.kind === 'cmd') return this.command(t);
    return this.fail(t);
  }

  /** |…| and \|…\| with an optional _1, _2, _F. */
  private bracketed(open: Token, close: string, make: (inner: Syn) => Syn): Syn {
    this.bars++;
    const inner = this.nested(open.at, () => this.sum());
    this.bars--;
    const c = this.next();
    if (c.text !== close) this.fail(c, `missing closing '${close === '|' && open.kind === 'cmd' ? '\\|' : close}'`);
    return make(inner);
  }

  private command(t: Token): Syn {
    const name = t.text;
    if (name === '|') {
      return this.bracketed(t, '|', (inner) => {
        // ‖x‖, ‖x‖₂ Euclidean and ‖x‖₁ of a vector; of a matrix ‖M‖_F is Frobenius, ‖M‖₂ and ‖M‖₁ are
        // induced norms (Golub & Van Loan 2.3), refused; a bare ‖M‖ is read as Frobenius
        let fn = 'norm2';
        let refuse: ArrayRefusal | undefined;
        if (this.isOp('_')) {
          this.next();
          const s = this.next();
          const w = s.kind === 'op' && s.text === '{' ? this.rewindWord() : s.text;
          if (w === '1') {
            fn = 'norm1';
            refuse = { matrix: '‖M‖₁ of a matrix is its induced 1-norm (the largest column sum), which is not supported' };
          } else if (w === '2') {
            refuse = { matrix: '‖M‖₂ of a matrix is its spectral norm (the largest singular value), which is not supported; ‖M‖_F is the Frobenius norm' };
          } else if (w !== 'F' && w !== 'mathrmF' && w !== 'rmF') this.fail(s, `the norm ‖·‖_${w} is not supported (1, 2 and F are)`);
        }
        return { t: 'call', fn, args: [inner], at: t.at, text: '\\|…\\|', ...(refuse ? { refuse } : {}) };
      });
    }
    if (GREEK.has(name)) {
      if (name === 'sigma' && this.isOp('(')) return this.functionArgument('sigmoid', t);
      return this.named(name, t.at);
    }
    if (name === 'mathbf' || name === 'boldsymbol' || name === 'bm' || name === 'vec' || name === 'mathbb' || name === 'mathit') {
      const w = this.word();
      if (w === '1') {
        // \mathbf{1}_n: ones of known size
        const sized = this.named('1', t.at);
        const args = sized.t === 'sym' && sized.name.startsWith('1_') ? [dimSyn(sized.name.slice(2), t.at)] : [];
        return { t: 'call', fn: 'ones', args, at: t.at, text: '\\mathbf{1}' };
      }
      if (w === 'I') return { t: 'call', fn: 'eye', args: [], at: t.at, text: '\\mathbf{I}' };
      if (w === '0') this.fail(t, 'a zero vector is not supported here');
      return this.named(w, t.at);
    }
    if (name === 'operatorname' || name === 'mathrm' || name === 'text') {
      const w = this.word();
      const fn = OPERATOR_NAMES[w];
      if (!fn) {
        if (name === 'mathrm' && /^[A-Za-z][A-Za-z0-9]*$/.test(w)) return this.named(w, t.at);
        this.fail(t, `unknown operator '${w}'`);
      }
      return this.functionArgument(fn, t);
    }
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
      const a = this.fracArgument(), b = this.fracArgument();
      return { t: 'bin', op: 'div', l: a, r: b, at: t.at, text: '\\frac' };
    }
    if (name === 'sqrt') return { t: 'call', fn: 'sqrt', args: [this.fracArgument('\\sqrt')], at: t.at, text: '\\sqrt' };
    if (name === 'log' && this.isCmd('det')) { this.next(); return this.functionArgument('logdet', t); }
    if (FUNCTIONS[name]) return this.functionArgument(FUNCTIONS[name], t);
    return this.fail(t, `unknown command '\\${name}'`);
  }

  /** An argument of \\frac or \\sqrt: a group, or one digit or letter (\\frac12, \\sqrt x). */
  private fracArgument(command = '\\frac'): Syn {
    if (this.isOp('{') || this.isOp('(') || this.isOp('[')) return this.group();
    const t = this.next();
    if (t.kind === 'num') return this.digit(t);
    if (t.kind === 'name') return this.named(t.text, t.at);
    return this.fail(t, `'${command}' needs its argument${command === '\\frac' ? 's' : ''} in braces`);
  }

  /** \det(X), \det X, \operatorname{tr}(AB), \log |X|, \exp(x). */
  private functionArgument(fn: string, t: Token): Syn {
    const text = `\\${t.text}`;
    if (this.isOp('(') || this.isOp('[') || this.isOp('{')) {
      const arg = this.group();
      return { t: 'call', fn, args: [arg], at: t.at, text };
    }
    return this.nested(t.at, () => this.bareArgument(fn, t, text));
  }

  private bareArgument(fn: string, t: Token, text: string): Syn {
    const p = this.look();
    if (!this.startsFactor(p)) this.fail(p, p.kind === 'end' ? `'${text}' is missing its argument` : `'${text}' needs an argument`);
    // a bare argument is the product of the following plain factors: \det AB = det(A B)
    let arg = this.postfix();
    while (this.look().kind === 'name' || (this.look().kind === 'cmd' && (this.look().text === 'mathbf' || this.look().text === 'boldsymbol' || GREEK.has(this.look().text)))) {
      arg = { t: 'bin', op: 'mul', l: arg, r: this.postfix(), at: this.look().at, text: ' ' };
    }
    return { t: 'call', fn, args: [arg], at: t.at, text };
  }
}

export function parseLatexMatrix(source: string): ParsedMatrix {
  const { text, offset } = stripMathDelimiters(source);
  const trimmed = text.replace(/[.,;]\s*$/, '');
  if (trimmed.trim() === '') throw new InputError('the selection is empty');
  return new LatexMatrixParser(tokenize(trimmed, offset)).parseAll();
}
