// The one reader of the calculator-style notations (plain math, which is also MatrixCalculus.org's
// `matrix` notation, MATLAB/Octave, Julia): one tokenizer and precedence parser, configured per
// notation by a grammar, producing the surface syntax (src/core/syntax.ts) with each operator's meaning
// in its notation. The scalar engine lowers it with toScalar; the matrix engine typechecks it.
import { InputError } from '../api';
import { checkDeadline, checkNesting } from '../budget';
import { FUNCTIONS, SHORTHANDS } from '../functions';
import { Rational } from '../rational';
import { ARRAY_FUNCTIONS, ArrayRefusal, AxisReduction, BinOp, binomialSyn, ConstantName, DOUBLE_FACTORIAL, ENTRY_AT, ENTRYWISE, factorialSyn, INVERSE_FUNCTIONS, isMinusOne, numberAt, ofEveryEntry, overIndex, PREDICATES, SLICE_BOUNDS, sliceSyn, Syn, termByTerm, UNEXPECTED_EQUALS, varianceSyn, wholeNumbers } from '../syntax';
import { greekToName } from './greek';
import { entrySymbol, EntryNotation } from '../entries';

/** What a call looks like where it was written, for the notation's special readings and messages. */
export interface CallSite {
  /** The callee as written (`nthroot`, `log`). */
  name: string;
  args: Syn[];
  at: number;
  /** The call as written (`exp(X)`), shortened when long. */
  shown: string;
  /** The text between the parentheses. */
  inside: string;
  /** Julia's broadcasting call f.(x). */
  dotted: boolean;
  /** Keyword arguments (dims=2), when the grammar takes them. */
  keywords?: ReadonlyMap<string, Syn>;
}

export interface Grammar {
  /**
   * Implicit multiplication: everywhere a person would (plain); Julia's juxtaposition, after a numeric
   * literal, a closing parenthesis or an adjoint (2x, 2(x + 1), (x + 1)x, x'A); never (MATLAB).
   */
  implicit: 'full' | 'julia' | 'none';
  /**
   * How a chain of powers groups. Right: x^2^3 = x^(2^3) (plain, Julia). Left, as MATLAB and Octave do
   * ("operators of equal precedence evaluate left to right"): x^2^3 = (x^2)^3, and an exponent is its
   * signs and one operand: 2^-x^2 = (2^-x)^2.
   */
  powerChain: 'right' | 'left';
  /** The operators of each precedence level and what they mean in the notation. */
  sums: Readonly<Record<string, BinOp>>;
  /** `.\` (element-wise left division) is 'eldivide': a.\b = b./a; Julia's `⋅` is 'dot', LinearAlgebra's dot. */
  products: Readonly<Record<string, BinOp | 'eldivide' | 'dot'>>;
  powers: Readonly<Record<string, BinOp>>;
  /** Julia's rational a//b, binding tighter than * and /. */
  rational?: string;
  /** Postfix transposes (x', x.'). */
  transposes: readonly string[];
  /** Postfix factorials: n! is Γ(n + 1) (plain math). */
  factorials?: boolean;
  /** Prefix operators such as Julia's √ and ∛. */
  prefix?: Readonly<Record<string, (arg: Syn, at: number, text: string) => Syn>>;
  /**
   * Unicode math read as typed by hand: 'math' (plain) reads π anywhere (2πx is 2·π·x), superscript
   * exponents (x², x⁻¹), ·, ×, − (U+2212); 'julia' what Julia itself reads: · as ⋅ and − as -, names
   * keeping their π and superscripts (x² is a name in Julia).
   */
  unicode?: 'math' | 'julia';
  /** Number literals: decimals (plain), with hexadecimal and binary (MATLAB), with `1_000` and the `1./x` rule (Julia), with suffixes (C's 1.0f, 2L). */
  numbers: 'decimal' | 'matlab' | 'julia' | 'c';
  /** Blanks comments and line continuations (keeping every column where it was). */
  blankComments?: (src: string) => string;
  /** Operators joining conditions, below the comparisons: MATLAB's & | && ||, Julia's && ||. */
  logic?: Readonly<Record<string, 'and' | 'or'>>;
  /** c ? a : b, read as where(c, a, b) (Julia, C). */
  conditional?: boolean;
  /** C: a quotient of two integers truncates (1/2 is 0), so one that is not whole is refused. */
  integerDivision?: boolean;
  /** Function names of the notation → canonical names (syntax.ts). */
  functions: Readonly<Record<string, string>>;
  /** Names that are functions only when called (gamma is also a usual variable name). */
  calledOnly?: Readonly<Record<string, string>>;
  /** Calls that are not one canonical function: Julia's log(b, x), MATLAB's nthroot and norm. */
  special?: (site: CallSite) => Syn | undefined;
  /** What a call of a canonical function means on arrays when the engine cannot differentiate it (Julia's exp(X)). */
  arrayRefusal?: (canonical: string, site: CallSite) => ArrayRefusal | undefined;
  constants: Readonly<Record<string, ConstantName>>;
  /** Julia's identity `I`, sized by the context. */
  identity?: string;
  /** Operators that are mistakes in this notation, with the message to show. */
  forbidden?: Readonly<Record<string, string>>;
  /** Characters the notation has but the reader does not read, with why (C++'s member access). */
  unread?: Readonly<Record<string, string>>;
  /** Julia's broadcasting call sin.(x). */
  dotCall?: boolean;
  /** Keyword arguments each function takes (Julia's sum(A, dims=2), after `,` or `;`): others are refused. */
  keywords?: Readonly<Record<string, readonly string[]>>;
  /**
   * Reductions that take a function first and apply it to every entry: Julia's sum(abs2, x) is sum(abs2.(x)),
   * and map(f, x) is f.(x). The function may be a lambda when `lambdas` is set: sum(v -> v^2, x).
   */
  mapsOver?: ReadonlySet<string>;
  /** Anonymous functions `v -> body` as the function of a mapsOver call (Julia). */
  lambdas?: boolean;
  /** How an entry of a vector is written (x[0] in C, x[1] in Julia, x(1) in MATLAB): read as a scalar symbol (entries.ts). */
  entries?: EntryNotation;
  /** Slices with `end` in the entries' brackets: theta(2:end) (MATLAB), x[1:end-1] (Julia). */
  slices?: boolean;
  /** MATLAB's X(:) stacks a matrix's columns into one vector: read as vec(X), which reductions take whole. */
  colonStacks?: boolean;
  /** Accepts `y = expression` (and a closing `;`), reading the right-hand side. */
  assignment?: boolean;
  /** Plain math: a short name whose letters are variables of the selection (`xe^x`) is their product. */
  splitNames?: (tokens: Token[]) => Token[];
  /** The message for an unknown function. */
  unknownFunction?: (name: string) => string;
  /**
   * Plain math as people type it (see Reader.functionForm): sin x, x ln x, sin^2(x), sin^-1 x, log_2 x. The
   * other notations call every function with parentheses.
   */
  bareFunctions?: boolean;
  /** Names called without arguments besides the constructors sized by their context (Julia's Normal()). */
  calledBare?: ReadonlySet<string>;
  /**
   * Plain math's |u|: the absolute value (the determinant of a square matrix). A bar where an operand
   * starts opens one (||x| - 1| nests, x|y| multiplies); a bar after an operand closes the innermost.
   */
  absoluteBars?: boolean;
  /** MATLAB's `[]` as an omitted argument (max(X, [], 'all')): read by the grammar's special calls only. */
  emptyArgument?: boolean;
  /** Julia's `@.` macro: every operation and call of the expression after it is broadcast (@. x^2 + sin(x)). */
  broadcastMacro?: boolean;
  /**
   * Reductions that take a generator (Julia's sum(v^2 for v in x), maximum(abs(v) for v in x)), by name: the
   * canonical reduction of the body taken on every entry.
   */
  generators?: Readonly<Record<string, string>>;
}

type TokenKind = 'num' | 'name' | 'str' | 'op' | 'end';
export interface Token { kind: TokenKind; text: string; at: number; /** whitespace precedes it */ spaced: boolean }

const NUMBERS: Record<Grammar['numbers'], string> = {
  // 1./x is 1 ./ x: a dot before an element-wise operator belongs to the operator (plain, MATLAB)
  decimal: String.raw`\d+(?:\.(?![*/^'\\])\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?`,
  matlab: String.raw`0[xX][0-9a-fA-F]+|0[bB][01]+|\d+(?:\.(?![*/^'\\])\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?`,
  // Julia: 0x10, 0b101, 0o17, and digit groups 1_000 (Integers and Floating-Point Numbers)
  julia: String.raw`0x[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0b[01]+(?:_[01]+)*|0o[0-7]+(?:_[0-7]+)*|\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?(?:[eE][+-]?\d+)?|\.\d+(?:_\d+)*(?:[eE][+-]?\d+)?`,
  c: String.raw`(?:\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[fFlLuU]*`,
};
const NAME = String.raw`[A-Za-z_\u0370-\u03ff\u212f][A-Za-z0-9_\u0370-\u03ff]*`;
const OPERATOR = String.raw`\*\*|\.\^|\.\*|\.\/|\.\\|\.\+|\.-|\.'|\.\(|\/\/|\.?[<>]=?|[-+*/^\\(),=;'√∛∜⋅≤≥]`;
/** Comparisons (Julia's dotted ones broadcast), read as the predicates of the function table. */
const COMPARISONS: Readonly<Record<string, string>> = {
  '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le', '≥': 'ge', '≤': 'le', '.>': 'gt', '.>=': 'ge', '.<': 'lt', '.<=': 'le',
};
const patterns = new Map<string, RegExp>();

function tokenize(src: string, g: Grammar): Token[] {
  const out: Token[] = [];
  const space = /\s*/y;
  // prefix operators the shared operators lack (C's ! and its casts)
  const prefixes = Object.keys(g.prefix ?? {}).filter((p) => !/^[√∛∜]$/.test(p)).map((p) => `${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|`).join('');
  const brackets = g.entries?.open === '[';
  const colon = g.conditional || g.slices;
  // Julia's broadcast .& and .| join conditions entry by entry
  const dotted = g.logic?.['.&'] !== undefined;
  const bars = g.absoluteBars && !g.logic;
  const key = `${g.numbers}${bars ? '|' : ''}${g.emptyArgument ? '[]' : ''}${g.broadcastMacro ? '@' : ''}${g.logic ? '&' : ''}${dotted ? '.&' : ''}${g.conditional ? '?' : ''}${colon ? ':' : ''}${g.lambdas ? '>' : ''}${brackets ? '[' : ''}${prefixes}`;
  let re = patterns.get(key);
  if (!re) patterns.set(key, (re = new RegExp(`(${NUMBERS[g.numbers]})|(${NAME})|(${dotted ? String.raw`\.&|\.\||` : ''}${g.logic ? String.raw`&&|\|\||&|\||` : ''}${bars ? String.raw`\||` : ''}${g.emptyArgument ? String.raw`\[\s*\]|` : ''}${g.broadcastMacro ? '@\\.|\\$|' : ''}${g.conditional ? String.raw`\?|` : ''}${colon ? ':|' : ''}${g.lambdas ? '->|' : ''}${g.factorials ? '!|' : ''}${brackets ? String.raw`\[|\]|` : ''}${prefixes}${OPERATOR})`, 'y')));
  // a quote after an operand is a transpose; elsewhere it opens a string ('fro')
  const afterOperand = () => {
    const p = out[out.length - 1];
    return p !== undefined && (p.kind === 'num' || p.kind === 'name' || p.text === ')' || p.text === ']' || g.transposes.includes(p.text));
  };
  let pos = 0;
  while (pos < src.length) {
    checkDeadline();
    space.lastIndex = pos;
    space.exec(src);
    const start = space.lastIndex;
    if (start >= src.length) break;
    const quote = src[start];
    if (quote === '"' || (quote === "'" && !(g.transposes.includes("'") && afterOperand()))) {
      const close = src.indexOf(quote, start + 1);
      if (close < 0) throw new InputError('a string is not closed', start);
      out.push({ kind: 'str', text: src.slice(start + 1, close), at: start, spaced: start > pos });
      pos = close + 1;
      continue;
    }
    const unicode = g.unicode && unicodeTokens(src, start, g.unicode, start > pos);
    if (unicode) { out.push(...unicode.tokens); pos = unicode.end; continue; }
    re.lastIndex = start;
    const m = re.exec(src);
    if (m?.[2] && g.unicode === 'math' && m[2].includes('π') && m[2] !== 'π') {
      // 2πx, xπ: π is a constant, not part of a name
      re.lastIndex = start + m[2].indexOf('π');
      if (m[2].startsWith('π')) re.lastIndex = start + 1;
      out.push(m[2].startsWith('π') ? { kind: 'name', text: 'pi', at: start, spaced: start > pos } : { kind: 'name', text: m[2].slice(0, m[2].indexOf('π')), at: start, spaced: start > pos });
      pos = re.lastIndex;
      continue;
    }
    if (!m) throw new InputError(g.unread?.[src[start]] ?? `unexpected character '${String.fromCodePoint(src.codePointAt(start)!)}'`, start);
    out.push({ kind: m[1] ? 'num' : m[2] ? 'name' : 'op', text: g.emptyArgument && m[3]?.startsWith('[') ? EMPTY_ARGUMENT : m[1] ?? m[2] ?? m[3], at: start, spaced: start > pos });
    pos = re.lastIndex;
    // Julia refuses 1./x, 2.^x, 1.*x: "invalid syntax "1./"; add space(s) to clarify"
    if (g.numbers === 'julia' && m[1]?.endsWith('.') && /^[-+*/^\\%<>=&|÷']/.test(src.slice(pos, pos + 1))) {
      throw new InputError(`'${m[1]}${src[pos]}' is invalid syntax in Julia (${m[1]}0${src[pos]} or ${m[1].slice(0, -1)} .${src[pos]}?): add a space to clarify`, start);
    }
  }
  out.push({ kind: 'end', text: '', at: src.length, spaced: true });
  return g.splitNames ? g.splitNames(out) : out;
}

const SUPERSCRIPTS: Readonly<Record<string, string>> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-', '⁺': '+' };
const SUPERSCRIPT_RUN = /[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/y;

/** The tokens of Unicode math at `at` (x², ⁻¹, π, ·, ×, −) as the ASCII it stands for, or undefined. */
function unicodeTokens(src: string, at: number, mode: 'math' | 'julia', spaced: boolean): { tokens: Token[]; end: number } | undefined {
  const ch = src[at];
  const op = (text: string): Token => ({ kind: 'op', text, at, spaced });
  if (ch === '−') return { tokens: [op('-')], end: at + 1 };
  if (ch === '·') return { tokens: [op(mode === 'julia' ? '⋅' : '*')], end: at + 1 };
  if (mode === 'julia') return undefined;
  if (ch === '×') return { tokens: [op('*')], end: at + 1 };
  if (ch === 'π') return { tokens: [{ kind: 'name', text: 'pi', at, spaced }], end: at + 1 };
  SUPERSCRIPT_RUN.lastIndex = at;
  const run = SUPERSCRIPT_RUN.exec(src)?.[0];
  if (!run) return undefined;
  const ascii = [...run].map((c) => SUPERSCRIPTS[c]).join('');
  if (!/^[-+]?\d+$/.test(ascii)) throw new InputError(`'${run}' is not an exponent: superscript digits with one sign before them (x², x⁻¹)`, at);
  const tokens: Token[] = [op('^'), op('(')];
  if (ascii[0] === '-' || ascii[0] === '+') tokens.push(op(ascii[0]));
  tokens.push({ kind: 'num', text: ascii.replace(/^[-+]/, ''), at, spaced: false }, op(')'));
  return { tokens, end: at + run.length };
}

/** √x, √(x + 1), ∛x: square and cube roots written as prefix operators (plain math's Unicode). */
export const UNICODE_ROOTS: Grammar['prefix'] = {
  '√': (arg, at) => ({ t: 'call', fn: 'sqrt', args: [arg], at, text: '√' }),
  '∛': (arg, at) => ({ t: 'call', fn: 'cbrt', args: [arg], at, text: '∛' }),
};

/** A selection as the notation reads it: its syntax, and the name it was assigned to (`y = …`). */
export interface Reading { syn: Syn; assignedTo?: string }

const bin = (op: BinOp, l: Syn, r: Syn, at: number, text: string): Syn => ({ t: 'bin', op, l, r, at, text });
const numberNode = (value: Rational, at: number): Syn => ({ t: 'num', value, at });

const SIZED_BY_CONTEXT: ReadonlySet<string> = new Set(['eye', 'ones', 'zeros']);

/** A table's own entry (never Object's: `constructor` is no function of any notation). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Whether a canonical function applies to every entry of an array alike (Julia's sin.(x), a reduction's element-wise body). */
export function broadcasts(canonical: string): boolean {
  return canonical !== 'inv' && (canonical === 'exp' || canonical === 'sqrt' || canonical === 'sigmoid' || canonical === 'abs2' || FUNCTIONS.has(canonical) || SHORTHANDS.has(canonical));
}

class Reader {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly g: Grammar, private readonly src: string) {}

  private look(): Token { return this.tokens[this.i]; }
  private next(): Token { return this.tokens[this.i++]; }
  private fail(t: Token, what?: string): never {
    if (t.kind === 'end') throw new InputError(what ?? 'the expression is incomplete', t.at);
    throw new InputError(what ?? `unexpected ${t.kind === 'str' ? `string '${t.text}'` : `'${t.text}'`}`, t.at);
  }
  private expect(text: string): Token {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text) this.fail(t, t.kind === 'end' ? `missing '${text}'` : `expected '${text}' but found '${t.text}'`);
    return t;
  }
  private op(t: Token, ops: Readonly<Record<string, unknown>> | readonly string[] | undefined): boolean {
    if (t.kind !== 'op' || ops === undefined) return false;
    return Array.isArray(ops) ? ops.includes(t.text) : Object.hasOwn(ops, t.text);
  }
  /** Where the last token read ends. */
  private end(): number { const p = this.tokens[this.i - 1]; return p.at + (p.kind === 'str' ? p.text.length + 2 : p.text.length); }

  readAll(): Reading {
    if (this.look().kind === 'end') throw new InputError('the selection is empty');
    let assignedTo: string | undefined;
    if (this.g.assignment && this.look().kind === 'name' && this.tokens[1].text === '=') {
      assignedTo = this.next().text;
      this.next();
    }
    const syn = this.condition();
    if (this.g.assignment && this.look().text === ';') this.next();
    const t = this.look();
    if (t.kind !== 'end') this.fail(t, this.trailing(t));
    return { syn, assignedTo };
  }

  private trailing(t: Token): string | undefined {
    if (t.text === ')') return "unmatched ')'";
    if (t.text === '=') return UNEXPECTED_EQUALS;
    if (t.kind === 'op' && this.g.forbidden?.[t.text]) return this.g.forbidden[t.text];
    const prev = this.tokens[this.i - 1];
    // Julia: (x + 1)(x - 1) calls the value of x + 1 (Juxtaposition: "neither juxtaposition of two
    // parenthesized expressions … can be used to imply multiplication")
    if (this.g.implicit === 'julia' && t.text === '(' && prev.text === ')' && !t.spaced) return "'(…)(…)' is a call in Julia, not a product: write * between them";
    return undefined;
  }

  /** Depth of parentheses, calls, unary signs and exponents around the current token. */
  private depth = 0;
  /** The index of the sum being read (generatorReduction's `for i in 1:length(x)`), whose entries x[i] are read. */
  private loopIndex?: string;
  /** Whether the selection has a `for` at all, so calls look ahead for a generator only then. */
  private get writesFor(): boolean { return (this.forWritten ??= this.tokens.some((t) => t.kind === 'name' && t.text === 'for')); }
  private forWritten?: boolean;
  /** Julia's @. macros open around the token being read, inside which $ escapes. */
  private broadcastMacros = 0;
  /** Absolute-value bars open around the token being read: a bar after an operand closes one. */
  private openBars = 0;
  private enter(t: Token): void { checkNesting(++this.depth, t.at); }
  private leave(): void { this.depth--; }

  /**
   * Comparisons joined by the notation's or, each of comparisons joined by its and (which binds tighter), left
   * to right; then, where the notation has one, c ? a : b (right to left: c ? a : d ? b : f).
   */
  private condition(): Syn {
    const c = this.joined('or', () => this.joined('and', () => this.comparison()));
    const t = this.look();
    if (!this.g.conditional || t.text !== '?') return c;
    this.next();
    const a = this.condition();
    this.expect(':');
    return { t: 'call', fn: 'where', args: [c, a, this.condition()], at: t.at, text: '?:' };
  }

  private joined(fn: 'and' | 'or', operand: () => Syn): Syn {
    let left = operand();
    for (let t = this.look(); t.kind === 'op' && this.g.logic && own(this.g.logic, t.text) === fn; t = this.look()) {
      this.next();
      left = { t: 'call', fn, args: [left, operand()], at: t.at, text: t.text };
    }
    return left;
  }

  /** a > b, a <= b: one comparison of two sums (a chain such as 0 < x < 1 is refused). */
  private comparison(): Syn {
    const left = this.sum();
    const t = this.look();
    const fn = t.kind === 'op' ? own(COMPARISONS, t.text) : undefined;
    if (!fn) return left;
    this.next();
    const right = this.sum();
    const after = this.look();
    if (after.kind === 'op' && own(COMPARISONS, after.text)) this.fail(after, 'a chain of comparisons is not supported: write each comparison on its own');
    return { t: 'call', fn, args: [left, right], at: t.at, text: t.text };
  }

  /** A chain of terms, read in a loop as a left-nested chain: linear in its length, no recursion. */
  private sum(): Syn {
    let left = this.product();
    for (;;) {
      const t = this.look();
      if (!this.op(t, this.g.sums)) return left;
      this.next();
      left = bin(this.g.sums[t.text], left, this.product(), t.at, t.text);
    }
  }

  private product(): Syn {
    let left = this.operand();
    let afterDivision = false;
    // a.\b nests what came before one level deeper (b./a), so a chain of them counts towards the nesting limit
    let levels = 0;
    for (;;) {
      const t = this.look();
      if (t.kind === 'op' && this.g.forbidden?.[t.text]) this.fail(t, this.g.forbidden[t.text]);
      if (this.op(t, this.g.products)) {
        this.next();
        const right = this.operand();
        const op = this.g.products[t.text];
        if (op === 'eldivide') {
          // a.\b = b./a, element by element: the reciprocal of what came before times b
          this.enter(t);
          levels++;
          left = bin('emul', bin('epow', left, numberNode(Rational.MINUS_ONE, t.at), t.at, t.text), right, t.at, t.text);
        } else if (op === 'dot') {
          left = { t: 'call', fn: 'dot', args: [left, right], at: t.at, text: t.text };
        } else {
          if (op === 'div' && this.g.integerDivision) this.refuseIntegerQuotient(left, right, t);
          left = bin(op, left, right, t.at, t.text);
        }
        afterDivision = op === 'div' || op === 'ediv';
      } else if (this.g.implicit === 'full' && this.startsImplicitFactor(t)) {
        if (afterDivision) this.fail(t, 'ambiguous implicit multiplication after a division: add * or parentheses');
        // a root is a prefix operator: 2√x reads √x whole
        left = bin('mul', left, this.op(t, this.g.prefix) ? this.unary() : this.power(), t.at, '');
      } else {
        this.depth -= levels;
        return left;
      }
    }
  }

  /**
   * 1/2 in C is 0: a quotient of two integers (literals, comparisons, conditions) is refused, not read as
   * ½, unless it is a whole number anyway (4/2).
   */
  private refuseIntegerQuotient(left: Syn, right: Syn, t: Token): void {
    const [a, b] = [integerConstant(left), integerConstant(right)];
    if (a !== undefined && b !== undefined) {
      if (b.isZero || a.div(b).isInteger) return;
      this.fail(t, `${a}/${b} is integer division in C (it is ${a.num / b.num}): write ${a}.0/${b} for the fraction`);
    }
    if (integerTyped(left) && integerTyped(right)) this.fail(t, `'/' between two integer-valued operands (a comparison is 0 or 1) is integer division in C: write (double)(…) before the first`);
  }

  /** An operand of * and /: Julia's rationals and juxtapositions bind tighter ("1 / 2im equals -0.5im"). */
  private operand(): Syn {
    if (this.g.implicit !== 'julia') return this.unary();
    let value = this.juxtaposed();
    while (this.g.rational && this.look().text === this.g.rational) {
      const t = this.next();
      value = bin('div', value, this.juxtaposed(), t.at, t.text);
    }
    return value;
  }

  /**
   * Julia's juxtaposition: a numeric literal before a name, a parenthesis or a root (2x, 2(x + 1), 2√x),
   * a closing parenthesis before a name ((x + 1)x), an adjoint before a name or a parenthesis (x'A,
   * x'(A*x)); never across a space. It binds looser than unary operators (-2x is (-2)x, √2x is (√2)x)
   * and tighter than * and / (Julia manual, Numeric Literal Coefficients).
   */
  private juxtaposed(): Syn {
    let left = this.unary();
    while (this.juxtaposes()) left = bin('mul', left, this.unary(), this.look().at, '');
    return left;
  }

  private juxtaposes(): boolean {
    const t = this.look(), prev = this.tokens[this.i - 1];
    if (t.spaced) return false;
    if (prev.kind === 'num') return t.kind === 'name' || t.text === '(' || (t.kind === 'op' && this.g.prefix?.[t.text] !== undefined);
    if (this.op(prev, this.g.transposes)) return t.kind === 'name' || t.text === '(';
    return prev.text === ')' && t.kind === 'name';
  }

  /** Implicit multiplication: 2x, 2(x+1), (a)(b), x sin(x) — never inside a word. */
  private startsImplicitFactor(t: Token): boolean {
    const prev = this.tokens[this.i - 1];
    if (t.kind === 'num') {
      if (prev.kind === 'num' || prev.kind === 'name' || prev.text === ')') this.fail(t, `a number after '${prev.text}' needs an explicit '*'`);
      return false;
    }
    if (t.kind === 'name') return true;
    // 2√x, x√x
    if (t.kind === 'op' && this.g.prefix?.[t.text] !== undefined) return prev.kind === 'num' || prev.kind === 'name' || prev.text === ')';
    // prev ends an operand, so a bar there closes one: |x|(x + 1)
    if (t.text === '(') return prev.kind === 'num' || prev.text === ')' || prev.text === '|' || this.op(prev, this.g.transposes) || (prev.kind === 'name' && t.spaced);
    if (t.text === '|' && this.g.absoluteBars) return this.openBars === 0;
    return false;
  }

  private isSign(t: Token): boolean { return t.kind === 'op' && (t.text === '-' || t.text === '+' || (Object.hasOwn(this.g.sums, t.text) && t.text.startsWith('.'))); }

  private unary(): Syn {
    const t = this.look();
    const root = t.kind === 'op' ? this.g.prefix?.[t.text] : undefined;
    if (!root && !this.isSign(t)) return this.power();
    this.next();
    this.enter(t);
    const start = this.look().at;
    const operand = this.unary();
    this.leave();
    if (root) return root(operand, t.at, this.src.slice(start, this.end()));
    return t.text.endsWith('-') ? { t: 'neg', arg: operand, at: t.at } : operand;
  }

  private power(): Syn {
    let base = this.postfix(this.primary());
    if (this.g.powerChain === 'left') {
      // MATLAB/Octave: left to right, each exponent its signs and one operand; the tree nests one
      // level per power, so the chain counts towards the nesting limit
      let levels = 0;
      while (this.op(this.look(), this.g.powers)) {
        const t = this.next();
        this.enter(t);
        levels++;
        base = this.postfix(bin(this.g.powers[t.text], base, this.signed(), t.at, t.text));
      }
      this.depth -= levels;
      return base;
    }
    const t = this.look();
    if (!this.op(t, this.g.powers)) return base;
    this.next();
    this.enter(t);
    // Julia: 2^3x is 2^(3x), x^2y is x^(2y) — a coefficient binds tighter than ^ on its right
    const exponent = this.g.implicit === 'julia' ? this.juxtaposed() : this.unary();
    this.leave();
    return bin(this.g.powers[t.text], base, exponent, t.at, t.text);
  }

  /** An exponent in MATLAB: signs, then one operand (x^-2, 2^-x). */
  private signed(): Syn {
    const t = this.look();
    if (!this.isSign(t)) return this.primary();
    this.next();
    this.enter(t);
    const operand = this.signed();
    this.leave();
    return t.text === '-' ? { t: 'neg', arg: operand, at: t.at } : operand;
  }

  /** Transposes written after an operand (x', x.'): x'' is x, so a run of them is one transpose or none; then factorials (n!). */
  private postfix(e: Syn): Syn {
    let odd: Token | undefined;
    while (this.op(this.look(), this.g.transposes)) { const t = this.next(); odd = odd ? undefined : t; }
    let out = odd ? { t: 'transpose', arg: e, at: odd.at } as Syn : e;
    while (this.g.factorials && this.look().kind === 'op' && this.look().text === '!') {
      const t = this.next();
      if (this.look().text === '!') this.fail(t, DOUBLE_FACTORIAL);
      if (this.look().text === '=' && !this.look().spaced) this.fail(t, "'!=' (not equal) is not supported: the comparisons are >, >=, < and <=");
      out = factorialSyn(out, t.at, '!');
    }
    return out;
  }

  private primary(): Syn {
    checkDeadline();
    const t = this.next();
    if (t.kind === 'num') return readNumber(t.text, t.at);
    if (t.kind === 'str') return { t: 'str', value: t.text, at: t.at };
    if (t.kind === 'op' && t.text === '(') {
      this.enter(t);
      const inner = this.condition();
      // (0:4): MATLAB's and Julia's range, a row of numbers
      if (this.look().text === ':') this.refuseRange(this.look());
      this.expect(')');
      this.leave();
      return inner;
    }
    if (t.kind === 'name') return this.name(t);
    // @. broadcasts everything to the end of the expression it begins (up to a closing parenthesis or comma)
    if (t.kind === 'op' && t.text === '@.' && this.g.broadcastMacro) {
      this.enter(t);
      this.broadcastMacros++;
      const body = this.condition();
      this.broadcastMacros--;
      this.leave();
      return broadcastEverything(body);
    }
    // $f(x) and $(X*w) inside @. are left as written, not broadcast
    if (t.kind === 'op' && t.text === '$' && this.g.broadcastMacro) {
      if (!this.broadcastMacros) this.fail(t, "'$' keeps a call or a parenthesis from being broadcast inside @. only");
      return { t: 'call', fn: AS_WRITTEN, args: [this.postfix(this.primary())], at: t.at, text: '$' };
    }
    if (t.kind === 'op' && t.text === '|' && this.g.absoluteBars) {
      this.enter(t);
      this.openBars++;
      const inner = this.sum();
      if (this.look().text !== '|') this.fail(this.look(), `missing closing '|' for the one at column ${t.at + 1}`);
      this.next();
      this.openBars--;
      this.leave();
      return { t: 'call', fn: 'bars', args: [inner], at: t.at, text: '|…|' };
    }
    return this.fail(t);
  }

  private name(t: Token): Syn {
    const next = this.look();
    const fn = own(this.g.functions, t.text);
    const entry = this.entry(t, fn);
    if (entry) return entry;
    const dotted = this.g.dotCall === true && next.text === '.(';
    // f(x) unspaced everywhere; MATLAB also calls across a space, plain math when f is a function
    const opensCall = dotted || (next.text === '(' && (!next.spaced || this.g.implicit === 'none' || (this.g.implicit === 'full' && fn !== undefined)));
    const base = this.g.bareFunctions ? LOG_BASE.exec(t.text) : null;
    if (base) return this.functionForm({ ...t, text: 'log' }, base[1]);
    if (opensCall) return this.call(t);
    if (this.g.bareFunctions && fn && (next.text === '^' || this.startsBareArgument(next))) return this.functionForm(t);
    if (t.text === this.g.identity) return { t: 'call', fn: 'eye', args: [], at: t.at, text: t.text };
    if (fn) this.fail(next, `the function '${t.text}' needs its argument in parentheses: ${t.text}(…)`);
    const constant = own(this.g.constants, t.text);
    if (constant) return { t: 'const', name: constant, at: t.at };
    return { t: 'sym', name: this.symbolName(t), at: t.at };
  }

  /** How each name read was written: λ and lambda are one name to the engine, so a selection writing both is refused. */
  private readonly spellings = new Map<string, string>();

  /** A symbol's name, a Greek letter spelled out (λ is lambda); refused where the selection writes a name both ways. */
  private symbolName(t: Token): string {
    const name = greekToName(t.text);
    const other = this.spellings.get(name);
    if (other !== undefined && other !== t.text) this.fail(t, `'${other}' and '${t.text}' are both read as ${name}: rename one of them`);
    this.spellings.set(name, t.text);
    return name;
  }

  /**
   * A function as plain math types it, read as LaTeX reads \\sin x: a power after the name is the value's
   * (sin^2(x) = sin(x)^2; sin^-1 x is arcsin x), `base` a logarithm's (log_2 x), and an argument without
   * parentheses is the product of the factors after the name up to the next function (sin 2x = sin(2x),
   * x ln x, sin x cos x = sin(x)·cos(x), sin x^2 = sin(x^2)).
   */
  private functionForm(t: Token, base?: string): Syn {
    let callee = t;
    let power: Syn | undefined;
    let caret: Token | undefined;
    if (this.look().text === '^' && !base) {
      caret = this.next();
      this.enter(caret);
      power = this.signed();
      this.leave();
      const inverse = own(INVERSE_FUNCTIONS, own(this.g.functions, t.text) ?? '');
      if (isMinusOne(power) && inverse) { callee = { ...t, text: inverse }; power = undefined; }
    }
    let value: Syn;
    const open = this.look();
    if (open.text === '(') value = this.call(callee);
    else {
      if (!this.startsBareArgument(open)) this.fail(open, open.kind === 'end' ? `'${t.text}' is missing its argument` : `'${t.text}' needs an argument: ${t.text}(…)`);
      this.enter(open);
      let argument = this.unary();
      while (this.startsImplicitFactor(this.look()) && !this.startsFunction(this.look())) argument = bin('mul', argument, this.power(), this.look().at, '');
      this.leave();
      const end = this.end();
      value = this.resolve({ name: callee.text, args: [argument], at: t.at, dotted: false, shown: this.src.slice(t.at, end), inside: this.src.slice(open.at, end).trim() });
    }
    if (base) {
      const b: Syn = /^\d+$/.test(base) ? numberNode(Rational.of(Number(base)), t.at) : { t: 'sym', name: base, at: t.at };
      value = value.t === 'call' ? { ...value, args: [...value.args, b] } : value;
    }
    return power ? bin('pow', value, power, caret!.at, '^') : value;
  }

  /**
   * What may begin a function's argument written without parentheses: a name, a number, a root, a bar
   * (sin |x|), a minus against its operand (sin -x; `sin - x` and `sin + 1` are refused).
   */
  private startsBareArgument(t: Token): boolean {
    // t is the next token (this.look()); the one after it says whether a minus is spaced from its operand
    const minus = t.kind === 'op' && t.text === '-' && this.tokens[this.i + 1]?.spaced === false;
    const bar = t.text === '|' && this.g.absoluteBars === true;
    return t.kind === 'name' || t.kind === 'num' || minus || bar || (t.kind === 'op' && this.g.prefix?.[t.text] !== undefined);
  }

  /** A function's name, which ends a bare argument (sin x cos x). */
  private startsFunction(t: Token): boolean {
    return t.kind === 'name' && (own(this.g.functions, t.text) !== undefined || LOG_BASE.test(t.text));
  }

  /**
   * An entry of a vector written right after its name: x[0] (C), x[1] (Julia), and MATLAB's x(1) when x
   * is no function and its argument a whole number (MATLAB writes both alike). A scalar symbol.
   */
  private entry(t: Token, fn: string | undefined): Syn | undefined {
    const notation = this.g.entries;
    const open = this.look();
    if (!notation || open.text !== notation.open || open.spaced) return undefined;
    let end = this.i + 1;
    while (end < this.tokens.length && this.tokens[end].text !== notation.close && this.tokens[end].kind !== 'end') end++;
    const inside = this.tokens.slice(this.i + 1, end);
    // a slice: bounds of numbers and `end` (a call inside, norm(x(2:end)), is read as one)
    const slice = this.g.slices && fn === undefined && inside.some((x) => x.text === ':') && !inside.some((x) => x.text === notation.open);
    if (slice && this.tokens[end]?.text === notation.close) {
      this.i = end + 1;
      return this.slice(t, inside, notation, this.tokens[end]);
    }
    // x[i] and x[i + 1] in a sum over i (generatorReduction): the entry of x, every one in turn, or the one so far further on
    const shift = inside.length === 3 && inside[1].text === '+' && /^\d$/.test(inside[2].text) ? Number(inside[2].text) : 0;
    if (this.loopIndex !== undefined && (inside.length === 1 || shift > 0) && inside[0].text === this.loopIndex && this.tokens[end]?.text === notation.close) {
      this.i = end + 1;
      const ahead: Syn[] = shift ? [numberNode(Rational.of(shift), t.at)] : [];
      return { t: 'call', fn: ENTRY_AT, args: [{ t: 'sym', name: this.symbolName(t), at: t.at }, ...ahead], at: t.at, text: t.text };
    }
    // x(end), x[end-1]: an entry counted from an end the selection does not give
    if (fn === undefined && inside[0]?.text === 'end' && this.tokens[end]?.text === notation.close) {
      const written = `${t.text}${notation.open}${inside.map((x) => x.text).join('')}${notation.close}`;
      throw new InputError(`${written} counts from the end of ${t.text}, whose length the selection does not give: index from the start`, t.at);
    }
    if (notation.open === '(' && (fn !== undefined || own(this.g.calledOnly ?? {}, t.text) !== undefined || !inside.every((x) => x.kind === 'num' || x.text === '-') || inside.length === 0)) return undefined;
    if (this.tokens[end]?.text !== notation.close) this.fail(this.tokens[end], `missing '${notation.close}'`);
    const index = inside.map((x) => x.text).join('');
    this.i = end + 1;
    return { t: 'sym', name: entrySymbol(t.text, index, notation, t.at), at: t.at };
  }

  /**
   * theta(2:end), x[1:end-1]: the vector without entries at its ends (`:` alone is the vector); X(2:end, :) and
   * X(:, 2:end), a matrix without rows or columns at its ends.
   */
  private slice(t: Token, inside: readonly Token[], notation: EntryNotation, close: Token): Syn {
    const text = `${t.text}${notation.open}${inside.map((x) => x.text).join('')}${close.text}`.replace(/,/g, ', ');
    const comma = inside.findIndex((x) => x.text === ',');
    const parts = comma < 0 ? [inside] : [inside.slice(0, comma), inside.slice(comma + 1)];
    if (parts.length === 2 && parts[1].some((x) => x.text === ',')) throw new InputError(`'${text}': arrays of more than two dimensions are not supported`, t.at);
    let out: Syn = { t: 'sym', name: this.symbolName(t), at: t.at };
    if (this.g.colonStacks && parts.length === 1 && parts[0].length === 1 && parts[0][0].text === ':') return { t: 'call', fn: 'vec', args: [out], at: t.at, text };
    parts.forEach((part, i) => {
      if (part.length === 1 && part[0].text === ':') return;
      const colon = part.findIndex((x) => x.text === ':');
      const [start, stop] = colon < 0 ? [[], []] : [part.slice(0, colon), part.slice(colon + 1)];
      const first = start.length === 1 && start[0].kind === 'num' && /^\d+$/.test(start[0].text) ? Number(start[0].text) : NaN;
      const fromEnd = stop.length === 1 && stop[0].text === 'end' ? 0
        : stop.length === 3 && stop[0].text === 'end' && stop[1].text === '-' && stop[2].kind === 'num' && /^\d+$/.test(stop[2].text) ? Number(stop[2].text) : NaN;
      if (!(first >= notation.first) || Number.isNaN(fromEnd)) throw new InputError(`'${text}': ${SLICE_BOUNDS}`, t.at);
      if (first === notation.first && fromEnd === 0) return;
      out = sliceSyn(out, first - notation.first, fromEnd, t.at, text, parts.length === 1 ? 'entries' : i === 0 ? 'first' : 'columns');
    });
    return out;
  }

  private call(t: Token): Syn {
    const generator = this.g.generators && this.writesFor ? this.generatorAhead() : undefined;
    if (generator) return this.generatorReduction(t, generator);
    const open = this.next();
    this.enter(open);
    const args: Syn[] = [];
    const keywords = new Map<string, Syn>();
    // name = value, where the grammar takes keywords (Julia's sum(A, dims=2), or after a `;`)
    const argument = () => {
      const [name, eq] = [this.tokens[this.i], this.tokens[this.i + 1]];
      if (name.text === EMPTY_ARGUMENT && name.kind === 'op') { this.next(); args.push({ t: 'str', value: EMPTY_ARGUMENT, at: name.at }); return; }
      if (!this.g.keywords || name.kind !== 'name' || eq?.text !== '=') { args.push(this.condition()); return; }
      this.i += 2;
      const allowed = own(this.g.keywords, t.text) ?? [];
      if (!allowed.includes(name.text)) throw new InputError(`the keyword argument '${name.text}=' of '${t.text}' is not supported${allowed.length ? ` (${allowed.map((k) => `${k}=`).join(', ')} ${allowed.length === 1 ? 'is' : 'are'})` : ''}`, name.at);
      keywords.set(name.text, this.condition());
    };
    // sum(f, A): f of every entry of A, summed (f a function of the table, not called); sum(v -> body, A)
    const [first, comma] = [this.look(), this.tokens[this.i + 1]];
    const mapsOver = this.g.mapsOver?.has(t.text) && first.kind === 'name';
    const mapped = mapsOver && comma?.text === ',' && own(this.g.functions, first.text) !== undefined ? first : undefined;
    if (mapped) this.i += 2;
    const lambda = mapsOver && this.g.lambdas && comma?.text === '->' ? { parameter: greekToName(first.text), at: first.at } : undefined;
    let body: Syn | undefined;
    if (lambda) {
      this.i += 2;
      body = this.condition();
      if (this.look().text !== ',') throw new InputError(`'${t.text}' applies the function to an array given after it: ${t.text}(${first.text} -> …, A)`, this.look().at);
      this.next();
    }
    // only the constructors sized by their context are called without arguments: eye(), ones()
    if (this.look().text !== ')' || !(SIZED_BY_CONTEXT.has(own(this.g.functions, t.text) ?? '') || this.g.calledBare?.has(t.text))) {
      argument();
      while (this.look().text === ',' || (this.g.keywords && this.look().text === ';')) { this.next(); argument(); }
    }
    this.expect(')');
    this.leave();
    const closing = this.end();
    if (mapped && args.length) {
      const of = args[0];
      args[0] = this.resolve({ name: mapped.text, args: [of], at: mapped.at, dotted: true, shown: `${mapped.text}.(…)`, inside: this.src.slice(comma.at + 1, closing - 1).trim() });
    }
    if (lambda && body && args.length) { const array = args[0]; args[0] = ofEveryEntry(body, (u) => (u.t === 'sym' && u.name === lambda.parameter ? array : undefined)); }
    // map(f, A) is f.(A): the array mapped, which sum(f, A) sums
    if (t.text === 'map' && (mapped || lambda)) {
      if (args.length !== 1) throw new InputError(`'map' takes a function and one array here, got ${args.length} arrays`, t.at);
      return args[0];
    }
    return this.resolve({
      name: t.text, args, at: t.at, dotted: open.text === '.(',
      shown: closing - t.at <= 40 ? this.src.slice(t.at, closing) : `${t.text}(…)`,
      inside: this.src.slice(open.at + open.text.length, closing - 1).trim(),
      ...(keywords.size ? { keywords } : {}),
    });
  }

  /**
   * The loop of a generator that is a call's one argument (sum(v^2 for v in x)): the token index of its
   * `for` and its variables, found before the body is read, since x[i] in the body is an entry only when i
   * is the loop's index. Undefined when the call holds none.
   */
  private generatorAhead(): { at: number; names: string[] } | undefined {
    let depth = 0;
    for (let k = this.i; k < this.tokens.length; k++) {
      const x = this.tokens[k];
      if (x.kind === 'end') return undefined;
      if (x.text === '(' || x.text === '[' || x.text === '.(') depth++;
      else if (x.text === ')' || x.text === ']') { if (--depth === 0) return undefined; }
      else if (depth === 1 && x.kind === 'name' && x.text === 'for') {
        const names: string[] = [];
        for (let j = k + 1; j < this.tokens.length && this.tokens[j].text !== 'in' && this.tokens[j].kind !== 'end'; j++) if (this.tokens[j].kind === 'name') names.push(this.tokens[j].text);
        return { at: k, names };
      }
    }
    return undefined;
  }

  /**
   * Julia's sum of a generator: sum(v^2 for v in x), sum(a*b for (a, b) in zip(x, y)), sum(x[i]^2 for i in
   * 1:length(x)) or eachindex(x): the body taken on every entry (ofEveryEntry), summed (or its product,
   * largest or smallest entry taken: Grammar.generators).
   */
  private generatorReduction(t: Token, loop: { at: number; names: string[] }): Syn {
    const reduction = own(this.g.generators ?? {}, t.text);
    if (!reduction) this.fail(t, `'${t.text}' of a generator is not supported (${Object.keys(this.g.generators ?? {}).join(', ')} of one are)`);
    const open = this.next();
    this.enter(open);
    // for i in 1:length(x), for i in eachindex(x): x[i] in the body is an entry of x
    const ahead = this.tokens.slice(loop.at + 1);
    const afterIn = ahead.findIndex((x) => x.text === 'in');
    const range = ahead.slice(afterIn + 1).map((x) => x.text).join('');
    // over 1:length(x) - k, x[i + j] is the entry j further on: the slice x[1 + j:end - k + j] (Rosenbrock's x[i + 1] - x[i]^2)
    const indexOver = loop.names.length === 1 ? /^(?:1:(?:length|size)\((\w+)(?:,1)?\)(?:-(\d))?|eachindex\((\w+)\))\)/.exec(range) : null;
    // for k in 0:4, 10:-2:0: the index is a number, each term written out (a Taylor polynomial)
    const numbers = loop.names.length === 1 ? /^(-?\d+):(?:(-?\d+):)?(-?\d+)\)/.exec(range) : null;
    if (!indexOver && !numbers && /^\d+:/.test(range)) this.fail(this.tokens[loop.at], 'a sum over an index runs over 1:length(x) or eachindex(x), x an array it indexes, or over numbers, 0:4');
    const previous = this.loopIndex;
    if (indexOver) this.loopIndex = loop.names[0];
    const body = this.condition();
    this.loopIndex = previous;
    const forToken = this.next();
    if (forToken.text !== 'for') this.fail(forToken, "expected 'for'");
    while (this.look().text !== 'in' && this.look().kind !== 'end') this.next();
    if (this.next().text !== 'in') this.fail(this.tokens[this.i - 1], "expected 'in'");
    let out: Syn;
    if (numbers) {
      while (this.look().kind !== 'end' && this.look().text !== ')') this.next();
      const [first, step, last] = [Number(numbers[1]), Number(numbers[2] ?? 1), Number(numbers[3])];
      out = termByTerm(body, greekToName(loop.names[0]), wholeNumbers(first, last, step), reduction, `${t.text}(… for ${loop.names[0]} in ${numbers[0].slice(0, -1)})`, forToken.at);
    } else if (indexOver) {
      const array = indexOver[1] ?? indexOver[3];
      const short = Number(indexOver[2] ?? 0);
      for (let depth = 0; this.look().kind !== 'end' && !(depth === 0 && this.look().text === ')');) {
        const x = this.next();
        depth += x.text === '(' ? 1 : x.text === ')' ? -1 : 0;
      }
      out = overIndex(body, loop.names[0], array, short, (x) => `length(${x})`, forToken.at);
    } else {
      // zip(x, y) pairs the entries of its arrays
      const zipped = this.look().text === 'zip' && this.tokens[this.i + 1]?.text === '(';
      const arrays: Syn[] = [];
      if (zipped) {
        this.i += 2;
        arrays.push(this.condition());
        while (this.look().text === ',') { this.next(); arrays.push(this.condition()); }
        this.expect(')');
      } else arrays.push(this.condition());
      if (this.look().text === 'if' || this.look().text === 'for') this.fail(this.look(), "a generator with an 'if' or a second 'for' is not supported: write the sum over one array");
      if (arrays.length !== loop.names.length) this.fail(forToken, `${loop.names.length} loop variable${loop.names.length === 1 ? '' : 's'} over ${arrays.length} array${arrays.length === 1 ? '' : 's'}`);
      const names = loop.names.map((n) => greekToName(n));
      out = ofEveryEntry(body, (u) => (u.t === 'sym' && names.includes(u.name) ? arrays[names.indexOf(u.name)] : undefined));
    }
    this.expect(')');
    this.leave();
    return numbers ? out : { t: 'call', fn: reduction, args: [out], at: t.at, text: t.text };
  }

  /** A range a:b outside an index: where ranges are read instead, in the notation's brackets. */
  private refuseRange(colon: Token): never {
    const [open, close] = [this.g.entries?.open ?? '(', this.g.entries?.close ?? ')'];
    return this.fail(colon, `a range (a:b) is read only as an index (x${open}2:end${close})${this.g.generators ? " and after a generator's in (sum(x^k for k in 0:4))" : ''}: write its terms out`);
  }

  /** A call read: the grammar's special forms, then the function table's. */
  private resolve(site: CallSite): Syn {
    const { name, args, at } = site;
    const special = this.g.special?.(site);
    if (special) return special;
    const empty = args.find(isEmptyArgument);
    if (empty) throw new InputError(`'[]' as an argument of '${name}' is not supported`, empty.at);
    const canonical = own(this.g.functions, name) ?? (this.g.calledOnly && own(this.g.calledOnly, name));
    if (!canonical) throw new InputError(this.g.unknownFunction?.(name) ?? `unknown function '${name}'`, at);
    if (site.dotted && !broadcasts(canonical)) throw new InputError(`'${name}.(…)' broadcasts a scalar function; '${name}' is not one`, at);
    // hypot(a, b, c) (Julia) is hypot(hypot(a, b), c)
    if (canonical === 'hypot' && args.length > 2) return args.slice(1).reduce((a, b): Syn => callNode('hypot', site, [a, b]), args[0]);
    return structuralCall(canonical, site) ?? callNode(canonical, site, args, site.dotted ? undefined : this.g.arrayRefusal?.(canonical, site));
  }
}

/** MATLAB's `[]` where an argument is left out (max(X, [], 2)): a marker only the grammar's special calls read. */
const EMPTY_ARGUMENT = '[]';
export const isEmptyArgument = (s: Syn): boolean => s.t === 'str' && s.value === EMPTY_ARGUMENT;

/** log_2, log_10, log_b as plain math writes a logarithm's base. */
const LOG_BASE = /^(?:log|ln)_([0-9]+|[A-Za-z])$/;

/** Julia's $ inside @.: the marker of an operand left as written. */
const AS_WRITTEN = '$';

/**
 * Julia's `@.` applied to `body`: every operator dotted (x^2 is x.^2, a*b a.*b, a + 1 a .+ 1), every call
 * broadcast (sin(x) is sin.(x)), and an adjoint of an entry, a real number, is the number; an operand
 * written $f(x) or $(X*w) stays as written. A reduction not so escaped would be broadcast over single
 * entries, which is not what is meant: refused.
 */
function broadcastEverything(body: Syn): Syn {
  const map = (s: Syn): Syn => {
    if (s.t === 'call' && s.fn === AS_WRITTEN) return s.args[0];
    switch (s.t) {
      case 'neg': return { ...s, arg: map(s.arg) };
      case 'transpose': return map(s.arg);
      case 'bin': return { ...s, op: ENTRYWISE[s.op] ?? s.op, l: map(s.l), r: map(s.r) };
      case 'call': {
        if (ARRAY_FUNCTIONS.has(s.fn)) throw new InputError(`'${s.text}' inside @. would be taken entry by entry: write $${s.text}(…) to keep it whole`, s.at);
        const { refuse: _, ...call } = s;
        return { ...call, args: s.args.map(map) };
      }
      default: return s;
    }
  };
  return map(body);
}

/** MATLAB's and Julia's dimension 1 or 2 of a matrix as the engine's axis 0 or 1; `message` (at `at`) refuses any other. */
export function axisOfDimension(d: Syn, message: string, at: number): Syn & { t: 'num' } {
  if (d.t !== 'num' || !(d.value.isOne || d.value.equals(Rational.of(2)))) throw new InputError(message, at);
  return numberNode(d.value.sub(Rational.ONE), d.at) as Syn & { t: 'num' };
}

/** A call node of a canonical function, at the callee, with the callee as written. */
export function callNode(fn: string, site: CallSite, args: readonly Syn[] = site.args, refuse?: ArrayRefusal): Syn {
  return { t: 'call', fn, args, at: site.at, text: site.name, ...(refuse ? { refuse } : {}) };
}

/** Calls every notation reads as syntax rather than as a function: transposes, abs2, sizes. */
function structuralCall(canonical: string, site: CallSite): Syn | undefined {
  const { args, at, name } = site;
  const one = () => { if (args.length !== 1) throw new InputError(`'${name}' takes one argument, got ${args.length}`, at); return args[0]; };
  switch (canonical) {
    case 'transpose': return { t: 'transpose', arg: one(), at };
    // abs2(x) = x^2 (Julia), element by element
    case 'abs2': return bin('epow', one(), numberNode(Rational.of(2), at), at, name);
    case 'factorial': return factorialSyn(one(), at, name);
    // MATLAB's nchoosek(n, k), Julia's binomial(n, k): n!/(k!(n − k)!)
    case 'binomial':
      if (args.length !== 2) throw new InputError(`'${name}' takes n and k, got ${args.length} argument${args.length === 1 ? '' : 's'}`, at);
      return binomialSyn(args[0], args[1], at, name);
    // sizes, as arguments of eye, ones and zeros: length(x), size(A, 2)
    case 'length': return callNode('shapeof', site, [one(), numberNode(Rational.ZERO, at)], { matrix: `${site.shown} of a matrix is its largest dimension, which is not supported: write size(${site.inside}, 1) or size(${site.inside}, 2), or numel(${site.inside}) for its number of entries` });
    // MATLAB's numel(X), Julia's length(X): the number of entries (of a matrix, m·n)
    case 'numel': return callNode('size', site, [one()]);
    case 'ones': case 'zeros': {
      const [shape] = args;
      return args.length === 1 && shape.t === 'call' && shape.fn === 'shape' ? callNode(`${canonical}_like`, site, shape.args) : undefined;
    }
    // size(A): A's shape, which ones and zeros take (ones(size(A))), refused elsewhere (shapeRefusal)
    case 'size':
      if (args.length === 1) return { t: 'call', fn: 'shape', args, at, text: name };
      if (args.length !== 2) throw new InputError(`write ${name}(A, 1) or ${name}(A, 2) for a size`, at);
      return callNode('shapeof', site, [args[0], axisOfDimension(args[1], `write ${name}(A, 1) or ${name}(A, 2) for a size`, at)]);
    default: return undefined;
  }
}

/**
 * norm(x), norm(x, 1), norm(x, 2) of a vector are its Euclidean and 1-norms everywhere; norm(M, 'fro')
 * is the Frobenius norm. `induced` gives the refusals for a matrix when the notation's norm of a matrix
 * is an induced norm (MATLAB's spectral and largest-column-sum norms); else it is entry-wise (Julia).
 */
export function readNorm(site: CallSite, induced?: { spectral: ArrayRefusal; one: ArrayRefusal }): Syn {
  const { args, at, name } = site;
  if (args.length < 1 || args.length > 2) throw new InputError(`'${name}' takes 1 or 2 arguments, got ${args.length}`, at);
  const norm = (fn: string, refuse?: ArrayRefusal) => callNode(fn, site, [args[0]], refuse);
  const p = args[1];
  if (p === undefined) return norm('norm2', induced?.spectral);
  if (p.t === 'num' && p.value.isOne) return norm('norm1', induced?.one);
  if (p.t === 'num' && p.value.equals(Rational.of(2))) return norm('norm2', induced?.spectral);
  if (p.t === 'str' && p.value === 'fro') return norm('norm2');
  const written = p.t === 'str' ? p.value : site.inside.split(',').pop()!.trim();
  throw new InputError(`'${written}' norms are not supported (1, 2 and 'fro' are)`, p.at);
}

/**
 * var(x) and std(x) (MATLAB's; Julia's Statistics): the squares of the deviations from the mean, summed,
 * over n − 1 when `corrected` (both languages' default) or n. `along`: of every entry (Julia's var of a
 * matrix), of each column where x is a matrix (MATLAB's: a row; of a vector, every entry), or along
 * dimension 1 or 2 (MATLAB's var(X, 0, 2), Julia's dims=2), the row's or column's mean broadcast back.
 */
export function readVariance(site: CallSite, corrected: boolean, along: 'entries' | 'columns' | (Syn & { t: 'num' })): Syn {
  const { args: [x], at, name } = site;
  const reduction: AxisReduction | undefined = along === 'entries' ? undefined
    : along === 'columns' ? { sum: (e) => callNode('colsum', site, [e]), count: callNode('colcount', site, [x]), kept: (e) => e }
    : { sum: (e) => callNode('sum', site, [e, along]), count: callNode('size', site, [x, along]), kept: (e) => e };
  return varianceSyn(x, { t: 'num', value: corrected ? Rational.ONE : Rational.ZERO, at }, name === 'std', at, name, reduction);
}

/** mean(x) (MATLAB's, Julia's Statistics): the sum of every entry (or, with `axis`, along it) over how many it adds. */
export function readMean(site: CallSite, axis?: Syn & { t: 'num' }): Syn {
  const { args: [x], at, name } = site;
  const along = axis ? [x, axis] : [x];
  return { t: 'bin', op: 'ediv', l: callNode('sum', site, along), r: callNode('size', site, along), at, text: name };
}

/** What a matrix function is called, for refusals: exp(X) is the matrix exponential. */
export const MATRIX_FUNCTION_NAMES: Readonly<Record<string, [matrix: string, elementwise: string]>> = {
  exp: ['the matrix exponential', 'the element-wise exponential'],
  log: ['the matrix logarithm', 'the element-wise logarithm'],
  sqrt: ['the matrix square root', 'the element-wise square root'],
};

/** Reads a selection in a notation. Throws InputError with the column of what it cannot read. */
export function readWith(source: string, grammar: Grammar): Reading {
  const text = grammar.blankComments ? grammar.blankComments(source) : source;
  if (text.trim() === '') throw new InputError('the selection is empty');
  return new Reader(tokenize(text, grammar), grammar, text).readAll();
}

/** A value C computes as an integer: a whole literal, a comparison or condition, and sums and products of them. */
/** The value of an integer constant C computes in int (3, -2, 9*3, 1 + 2), or undefined. */
function integerConstant(s: Syn): Rational | undefined {
  switch (s.t) {
    case 'num': return !s.decimal && s.value.isInteger ? s.value : undefined;
    case 'neg': return integerConstant(s.arg)?.neg();
    case 'bin': {
      const fold = s.op === 'add' ? 'add' : s.op === 'sub' ? 'sub' : s.op === 'mul' ? 'mul' : undefined;
      const [l, r] = [integerConstant(s.l), integerConstant(s.r)];
      return fold && l !== undefined && r !== undefined ? l[fold](r) : undefined;
    }
    default: return undefined;
  }
}

function integerTyped(s: Syn): boolean {
  switch (s.t) {
    case 'num': return !s.decimal && s.value.isInteger;
    case 'neg': return integerTyped(s.arg);
    case 'bin': return (s.op === 'add' || s.op === 'sub' || s.op === 'mul') && integerTyped(s.l) && integerTyped(s.r);
    case 'call': return PREDICATES.has(s.fn) || (s.fn === 'where' && integerTyped(s.args[1]) && integerTyped(s.args[2]));
    default: return false;
  }
}

/** A number literal: decimal, or (MATLAB, Julia) hexadecimal, binary, octal, with `_` between digit groups, or (C) a suffix. */
function readNumber(text: string, at: number): Syn {
  const written = text.replace(/_/g, '');
  if (/^0[xXbBo]/.test(written)) return numberNode(Rational.of(BigInt(written.replace(/^0[oO]/, '0o'))), at);
  const digits = written.replace(/[fFlLuU]+$/, '');
  return /[.eE]/.test(digits) ? { t: 'num', value: numberAt(digits, at), at, decimal: true } : numberNode(numberAt(digits, at), at);
}
