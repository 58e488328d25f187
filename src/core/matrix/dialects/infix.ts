// Front-end for the infix matrix notations: MatrixCalculus.org's syntax (`matrix`), MATLAB/Octave and
// Julia. They share `'` for the transpose, `*` for the matrix product and `.*` `./` `.^` for
// element-wise work; each has its own function names.
import { InputError } from '../../api';
import { checkDeadline, checkNesting } from '../../budget';
import { Rational } from '../../rational';
import { FUNCTIONS } from '../../functions';
import { isElementwise } from '../expr';
import { ArrayRefusal, BinOp, numberAt, ParsedMatrix, Syn } from '../../syntax';

export type InfixDialect = 'matrix' | 'matlab' | 'julia';

type Kind = 'num' | 'name' | 'str' | 'op' | 'end';
interface Token { kind: Kind; text: string; at: number }

const OPS = ['.^', '.*', './', '.+', '.-', ".'", '.(', '==', '+', '-', '*', '/', '\\', '^', "'", '(', ')', ',', '=', ';', '⋅'];

// sticky patterns: each token is matched where the last one ended, without copying the rest (linear)
// 1./x is 1 ./ x: a dot before an operator belongs to the operator
const NUMBER = /(\d+(?:\.(?![*/^'+\-(])\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/y;
const NAME = /[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*/y;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const prevEndsOperand = () => {
    const p = out[out.length - 1];
    return p !== undefined && (p.kind === 'num' || p.kind === 'name' || p.text === ')' || p.text === "'" || p.text === ".'");
  };
  const match = (re: RegExp): string | undefined => { re.lastIndex = i; return re.exec(src)?.[0]; };
  while (i < src.length) {
    checkDeadline();
    const ch = src[i];
    if (/\s/.test(ch)) { i++; continue; }
    const n = match(NUMBER);
    if (n) { out.push({ kind: 'num', text: n, at: i }); i += n.length; continue; }
    const w = match(NAME);
    if (w) { out.push({ kind: 'name', text: w, at: i }); i += w.length; continue; }
    // a quote after an operand is a transpose; elsewhere it opens a string ('fro')
    if ((ch === "'" && !prevEndsOperand()) || ch === '"') {
      const close = src.indexOf(ch, i + 1);
      if (close < 0) throw new InputError('a string is not closed', i);
      out.push({ kind: 'str', text: src.slice(i + 1, close), at: i });
      i = close + 1;
      continue;
    }
    const o = OPS.find((x) => src.startsWith(x, i));
    if (!o) throw new InputError(`unexpected character '${String.fromCodePoint(src.codePointAt(i)!)}'`, i);
    out.push({ kind: 'op', text: o, at: i });
    i += o.length;
  }
  out.push({ kind: 'end', text: '', at: src.length });
  return out;
}

/** The element-wise functions of the function table, under their own names (sigmoid aside). */
const ELEMENTWISE: Readonly<Record<string, string>> = Object.fromEntries(
  ['exp', 'sqrt', ...[...FUNCTIONS.values()].filter((f) => f.arity === 1).map((f) => f.name)].map((n) => [n, n]),
);

/** Function names of each dialect → canonical names (syntax.ts). */
const FUNCTIONS_OF: Readonly<Record<InfixDialect, Readonly<Record<string, string>>>> = {
  matrix: {
    ...ELEMENTWISE, sigmoid: 'sigmoid', sum: 'sum', tr: 'tr', trace: 'tr', det: 'det', logdet: 'logdet', inv: 'inv', diag: 'diag', norm1: 'norm1', norm2: 'norm2',
    eye: 'eye', ones: 'ones', zeros: 'zeros',
  },
  matlab: {
    ...ELEMENTWISE, sum: 'colsum', trace: 'tr', det: 'det', logdet: 'logdet', inv: 'inv', diag: 'diag', norm: 'norm', eye: 'eye', ones: 'ones', zeros: 'zeros', dot: 'dot',
    transpose: 'transpose', ctranspose: 'transpose', sigmoid: 'sigmoid', expm: 'expm', logm: 'logm', sqrtm: 'sqrtm',
    length: 'length', numel: 'length', size: 'size',
  },
  julia: {
    ...ELEMENTWISE, sum: 'sum', tr: 'tr', det: 'det', logdet: 'logdet', inv: 'inv', diag: 'diag', Diagonal: 'diag', diagm: 'diag', norm: 'norm', opnorm: 'opnorm', dot: 'dot',
    ones: 'ones', zeros: 'zeros', transpose: 'transpose', adjoint: 'transpose', sigmoid: 'sigmoid', logistic: 'sigmoid', I: 'eye', abs2: 'abs2',
    length: 'length', size: 'size',
  },
};

/** What a matrix function is called, for refusals: exp(X) is the matrix exponential. */
const MATRIX_FUNCTION_NAMES: Readonly<Record<string, [matrix: string, elementwise: string]>> = {
  exp: ['the matrix exponential', 'the element-wise exponential'],
  log: ['the matrix logarithm', 'the element-wise logarithm'],
  sqrt: ['the matrix square root', 'the element-wise square root'],
};

/** Julia's f(X) on an array: a matrix function of a square matrix, an error on a vector; f.(X) is element-wise. */
function juliaArrayRefusal(name: string, shown: string): ArrayRefusal {
  const [what, elementwise] = MATRIX_FUNCTION_NAMES[name] ?? [`the matrix function ${name}`, `${name} element-wise`];
  const dotted = `${name}.(${shown.slice(shown.indexOf('(') + 1)}`;
  return {
    matrix: `in Julia ${shown} of a matrix is ${what}, which is not supported; write ${dotted} for ${elementwise}`,
    vector: `in Julia ${shown} of a vector is an error; write ${dotted} for ${elementwise}`,
  };
}

/** MATLAB's expm, logm, sqrtm: matrix functions (of a scalar, the function itself). */
function matlabMatrixFunction(name: string, shown: string): ArrayRefusal {
  const [what, elementwise] = MATRIX_FUNCTION_NAMES[name];
  const plain = `${name}(${shown.slice(shown.indexOf('(') + 1)}`;
  return { matrix: `${what} ${shown} is not supported; write ${plain} for ${elementwise}`, vector: `${shown} needs a square matrix; write ${plain} for ${elementwise}` };
}

class InfixParser {
  private i = 0;
  /** Open parentheses, calls and signs around the current token (sums and products chain, they do not nest). */
  private depth = 0;
  constructor(private readonly tokens: Token[], private readonly dialect: InfixDialect, private readonly src: string) {}

  private look(): Token { return this.tokens[this.i]; }
  private next(): Token { return this.tokens[this.i++]; }
  private is(text: string): boolean { const t = this.look(); return t.kind === 'op' && t.text === text; }
  private fail(t: Token, what?: string): never {
    if (t.kind === 'end') throw new InputError(what ?? 'the expression is incomplete', t.at);
    throw new InputError(what ?? `unexpected '${t.text}'`, t.at);
  }
  private expect(text: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text) this.fail(t, t.kind === 'end' ? `missing '${text}'` : `expected '${text}' but found '${t.text}'`);
  }

  parseAll(): ParsedMatrix {
    if (this.look().kind === 'end') throw new InputError('the selection is empty');
    let assignedTo: string | undefined;
    if (this.look().kind === 'name' && this.tokens[1].kind === 'op' && this.tokens[1].text === '=') {
      assignedTo = this.next().text;
      this.next();
    }
    const syn = this.sum();
    if (this.is(';')) this.next();
    const t = this.look();
    if (t.kind !== 'end') this.fail(t, t.text === ')' ? "unmatched ')'" : undefined);
    return { syn, assignedTo };
  }

  private sum(): Syn {
    let left = this.product();
    for (;;) {
      const t = this.look();
      if (t.kind !== 'op' || !['+', '-', '.+', '.-'].includes(t.text)) return left;
      this.next();
      const right = this.product();
      // MATLAB broadcasts a scalar in + and −; Julia only with .+ and .−; the matrix dialect never
      const broadcast = t.text.startsWith('.') || this.dialect === 'matlab';
      const op: BinOp = t.text.endsWith('+') ? (broadcast ? 'badd' : 'add') : (broadcast ? 'bsub' : 'sub');
      left = { t: 'bin', op, l: left, r: right, at: t.at, text: t.text };
    }
  }

  private product(): Syn {
    let left = this.unary();
    for (;;) {
      const t = this.look();
      const ops: Record<string, BinOp> = { '*': 'mul', '/': 'div', '\\': 'solve', '.*': 'emul', './': 'ediv', '⋅': 'mul' };
      if (t.kind !== 'op' || !(t.text in ops)) return left;
      this.next();
      const right = this.unary();
      if (t.text === '⋅') left = { t: 'call', fn: 'dot', args: [left, right], at: t.at, text: '⋅' };
      else left = { t: 'bin', op: ops[t.text], l: left, r: right, at: t.at, text: t.text };
    }
  }

  /** Reads a nested part, refusing nesting deeper than MAX_NESTING. */
  private nested<T>(at: number, read: () => T): T {
    checkNesting(++this.depth, at);
    try { return read(); } finally { this.depth--; }
  }

  private unary(): Syn {
    const t = this.look();
    if (this.is('-')) { this.next(); return { t: 'neg', arg: this.nested(t.at, () => this.unary()), at: t.at }; }
    if (this.is('+')) { this.next(); return this.nested(t.at, () => this.unary()); }
    return this.juxtaposed();
  }

  /**
   * Julia's juxtaposition, a product that binds tighter than * and /: a numeric literal coefficient
   * (2x, 2x^2 = 2*(x^2)), an adjoint before a name or a parenthesis (x'A, x'(A*x)), a parenthesis
   * before a name ((x + 1)x). Written without a space, as Julia requires.
   */
  private juxtaposed(): Syn {
    let left = this.power();
    while (this.dialect === 'julia' && this.juxtaposes()) {
      const t = this.look();
      left = { t: 'bin', op: 'mul', l: left, r: this.power(), at: t.at, text: '' };
    }
    return left;
  }

  private juxtaposes(): boolean {
    const prev = this.tokens[this.i - 1], next = this.look();
    if (!prev || prev.at + prev.text.length !== next.at) return false;
    const opensOperand = next.kind === 'name' || (next.kind === 'op' && next.text === '(');
    if (prev.kind === 'num') return opensOperand;
    if (prev.kind === 'op' && (prev.text === "'" || prev.text === ".'")) return opensOperand;
    return prev.kind === 'op' && prev.text === ')' && next.kind === 'name';
  }

  private power(): Syn {
    const base = this.postfix();
    const t = this.look();
    if (t.kind === 'op' && (t.text === '^' || t.text === '.^')) {
      this.next();
      let exp = this.is('-') || this.is('+') ? this.unary() : this.postfix();
      // Julia: 2^3x is 2^(3x)
      if (this.dialect === 'julia' && exp.t === 'num' && this.juxtaposes()) exp = { t: 'bin', op: 'mul', l: exp, r: this.power(), at: this.look().at, text: '' };
      return { t: 'bin', op: t.text === '^' ? 'pow' : 'epow', l: base, r: exp, at: t.at, text: t.text };
    }
    return base;
  }

  /** Transposes: x'' is x, so a run of them is one transpose or none. */
  private postfix(): Syn {
    const e = this.primary();
    let odd: Token | undefined;
    while (this.is("'") || this.is(".'")) { const t = this.next(); odd = odd ? undefined : t; }
    return odd ? { t: 'transpose', arg: e, at: odd.at } : e;
  }

  private primary(): Syn {
    checkDeadline();
    const t = this.next();
    if (t.kind === 'num') return { t: 'num', value: numberAt(t.text, t.at), at: t.at };
    if (t.kind === 'str') return { t: 'str', value: t.text, at: t.at };
    if (t.kind === 'op' && t.text === '(') {
      const inner = this.nested(t.at, () => this.sum());
      this.expect(')');
      return inner;
    }
    if (t.kind === 'name') return this.name(t);
    return this.fail(t);
  }

  private name(t: Token): Syn {
    const dotCall = this.is('.(');
    if (this.is('(') || dotCall) {
      this.next();
      const args: Syn[] = [];
      this.nested(t.at, () => {
        if (this.is(')')) return;
        args.push(this.sum());
        while (this.is(',')) { this.next(); args.push(this.sum()); }
      });
      this.expect(')');
      return this.call(t, args, dotCall);
    }
    if (this.dialect === 'julia' && t.text === 'I') return { t: 'call', fn: 'eye', args: [], at: t.at, text: 'I' };
    if (FUNCTIONS_OF[this.dialect][t.text]) this.fail(this.look(), `the function '${t.text}' needs its argument in parentheses`);
    return { t: 'sym', name: t.text, at: t.at };
  }

  private call(t: Token, args: Syn[], dotCall: boolean): Syn {
    const name = FUNCTIONS_OF[this.dialect][t.text];
    const text = this.src.slice(t.at, t.at + t.text.length);
    if (!name) throw new InputError(`unknown function '${t.text}'`, t.at);
    if (dotCall && !isElementwise(name) && name !== 'abs2') {
      throw new InputError(`'${t.text}.(…)' broadcasts a scalar function; '${t.text}' is not one`, t.at);
    }
    // the call as written, for messages: exp(X)
    const closing = this.tokens[this.i - 1].at + 1;
    const shown = closing - t.at <= 40 ? this.src.slice(t.at, closing) : `${t.text}(…)`;
    const call = (fn: string, as: Syn[] = args, refuse?: ArrayRefusal): Syn => ({ t: 'call', fn, args: as, at: t.at, text, ...(refuse ? { refuse } : {}) });
    switch (name) {
      case 'transpose': return { t: 'transpose', arg: args[0], at: t.at };
      // abs2(x) = x^2 (Julia)
      case 'abs2': return { t: 'bin', op: 'epow', l: args[0], r: { t: 'num', value: Rational.of(2), at: t.at }, at: t.at, text };
      case 'expm': case 'logm': case 'sqrtm': return call(name.slice(0, -1), args, matlabMatrixFunction(name.slice(0, -1), shown));
      case 'norm': return this.norm(t, args, shown);
      case 'opnorm': {
        const why = `${shown} is an operator norm (the largest singular value, or the largest column or row sum), which is not supported`;
        return call('norm2', [args[0]], { matrix: why, vector: why });
      }
      // sizes, as arguments of eye, ones and zeros: length(x), size(A, 2)
      case 'length': return call('shapeof', [args[0], { t: 'num', value: Rational.ZERO, at: t.at }]);
      case 'size': {
        const axis = args[1];
        if (args.length !== 2 || axis.t !== 'num' || !axis.value.isInteger || axis.value.num < 1n || axis.value.num > 2n) throw new InputError(`write ${t.text}(A, 1) or ${t.text}(A, 2) for a size`, t.at);
        return call('shapeof', [args[0], { t: 'num', value: axis.value.sub(Rational.ONE), at: axis.at }]);
      }
      case 'colsum':
        if (args.length === 2 && args[1].t === 'str' && args[1].value === 'all') return call('sum', [args[0]]);
        if (args.length !== 1) throw new InputError("sum takes one argument (or 'all')", t.at);
        return call('colsum');
      case 'ones': case 'zeros':
        // MATLAB's ones(n) is n×n
        if (this.dialect === 'matlab' && args.length === 1) return call(name, [args[0], args[0]]);
        return call(name);
      default:
        // Julia's exp(X), sqrt(X), sin(X) of a square matrix are matrix functions (exp.(X) is element-wise)
        if (this.dialect === 'julia' && !dotCall && isElementwise(name)) return call(name, args, juliaArrayRefusal(t.text, shown));
        return call(name);
    }
  }

  /**
   * norm(x), norm(x, 1), norm(x, 2) of a vector are its Euclidean and 1-norms everywhere. Of a matrix,
   * Julia's norm is entry-wise (Frobenius, sum of absolute values: opnorm is the operator norm);
   * MATLAB's is the induced norm (spectral, largest column sum), refused: norm(M, 'fro') is Frobenius.
   */
  private norm(t: Token, args: Syn[], shown: string): Syn {
    const call = (fn: string, refuse?: ArrayRefusal): Syn => ({ t: 'call', fn, args: [args[0]], at: t.at, text: t.text, ...(refuse ? { refuse } : {}) });
    const matlab = this.dialect === 'matlab';
    const spectral = matlab ? { matrix: `${shown} of a matrix is its spectral norm (the largest singular value), which is not supported; write norm(M, 'fro') for the Frobenius norm` } : undefined;
    if (args.length < 1 || args.length > 2) throw new InputError(`'${t.text}' takes 1 or 2 arguments, got ${args.length}`, t.at);
    const p = args[1];
    if (args.length === 1) return call('norm2', spectral);
    if (p.t === 'num' && p.value.isOne) return call('norm1', matlab ? { matrix: `${shown} of a matrix is its induced 1-norm (the largest column sum), which is not supported; write sum(abs(M), 'all') for the sum of absolute values` } : undefined);
    if (p.t === 'num' && p.value.equals(Rational.of(2))) return call('norm2', spectral);
    if (p.t === 'str' && p.value === 'fro') return call('norm2');
    throw new InputError(`'${this.src.slice(p.at, p.at + 8).split(/[),]/)[0]}' norms are not supported (1, 2 and 'fro' are)`, p.at);
  }
}

export function parseInfix(source: string, dialect: InfixDialect): ParsedMatrix {
  if (source.trim() === '') throw new InputError('the selection is empty');
  return new InfixParser(tokenize(source), dialect, source).parseAll();
}
