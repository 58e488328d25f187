// JavaScript and TypeScript: `Math.*`, `**`, `Math.pow`, `Math.PI`, `Math.E`.
import { parser } from '@lezer/javascript';
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../api';
import { checkDeadline } from '../budget';
import { Expr } from '../expr';
import { Rational } from '../rational';
import { lowerFor, refuseUnwritable, withWritten } from '../lower';
import { BinOp, OWN_ACTIVATIONS, Syn } from '../syntax';
import { entrySymbol, ZERO_BASED } from '../entries';
import { InfixStyle, printInfix } from './infix';
import { atSourceOffsets, combineChain, namedChildren, prepareForLezer, PreparedSource, readNumber, singleStatement, textOf, unsupported, usesSpacedProducts, withCubeRoots } from './lezer';

export interface JavaScriptStyle {
  /** The selection wrote powers as `Math.pow(a, b)` rather than `a ** b`. */
  mathPow: boolean;
  spacedProducts: boolean;
  /** It wrote a square as a product (x * x) and no power: results do too. */
  squaresAsProducts?: boolean;
  /** Activations Math lacks that the selection calls (its own sigmoid), by canonical name: results call them so. */
  written?: Readonly<Record<string, string>>;
}

/** A name or an entry times itself: x * x, x*x, x[0] * x[0]. */
const SQUARE_AS_PRODUCT = /(?<![\w$.])([A-Za-z_$][\w$]*(?:\[\d+\])?)\s*\*\s*\1(?![\w$([])/;

/** Math's names → canonical names (syntax.ts); Math.pow, max and min are read as forms. */
const NAMES: Readonly<Record<string, string>> = {
  sin: 'sin', cos: 'cos', tan: 'tan', asin: 'asin', acos: 'acos', atan: 'atan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh',
  asinh: 'asinh', acosh: 'acosh', atanh: 'atanh', exp: 'exp', expm1: 'expm1', log: 'log', log1p: 'log1p', sqrt: 'sqrt',
  cbrt: 'cbrt', abs: 'abs', sign: 'sign', hypot: 'hypot', atan2: 'atan2', log10: 'log10', log2: 'log2',
  floor: 'floor', ceil: 'ceil', round: 'round',
};
const AVAILABLE = new Set([
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'log', 'log1p', 'expm1', 'abs', 'sign', 'hypot', 'atan2', 'max', 'min',
  'floor', 'ceil', 'round',
  // written as operators: c ? a : b, x > 0
  'where', 'gt', 'ge', 'lt', 'le',
]);

const OPERATORS: Readonly<Record<string, BinOp>> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '**': 'pow' };
/** Comparisons, read as the predicates of the function table (1 where they hold, else 0). */
const COMPARISONS: Readonly<Record<string, string>> = { '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' };
const SUMS: ReadonlySet<string> = new Set(['+', '-']);
const PRODUCTS: ReadonlySet<string> = new Set(['*', '/']);

const number = (value: Rational, at: number): Syn => ({ t: 'num', value, at });
const logOf = (n: number, at: number): Syn => ({ t: 'call', fn: 'log', args: [number(Rational.of(n), at)], at, text: 'Math.log' });
const power = (base: Syn, exp: Syn, at: number): Syn => ({ t: 'bin', op: 'pow', l: base, r: exp, at, text: '**' });
/** The constants of `Math`, exactly (Math.LOG2E is 1/ln 2). */
const MATH_CONSTANTS: Readonly<Record<string, (at: number) => Syn>> = {
  PI: (at) => ({ t: 'const', name: 'pi', at }), E: (at) => ({ t: 'const', name: 'e', at }),
  SQRT2: (at) => ({ t: 'call', fn: 'sqrt', args: [number(Rational.of(2), at)], at, text: 'Math.SQRT2' }),
  SQRT1_2: (at) => power(number(Rational.of(2), at), number(Rational.of(-1n, 2n), at), at),
  LN2: (at) => logOf(2, at), LN10: (at) => logOf(10, at),
  LOG2E: (at) => power(logOf(2, at), number(Rational.MINUS_ONE, at), at), LOG10E: (at) => power(logOf(10, at), number(Rational.MINUS_ONE, at), at),
};

class JavaScriptReader {
  /** The activations the selection calls by name (its own sigmoid), by canonical name, as called. */
  written?: Record<string, string>;
  sawPow = false;
  sawStarStar = false;
  private readonly src: string;
  constructor(private readonly prepared: PreparedSource) { this.src = prepared.text; }

  private at(node: SyntaxNode): number { return this.prepared.toSource(node.from); }
  private fail(node: SyntaxNode, what: string): never { throw new InputError(what, this.at(node)); }

  read(node: SyntaxNode): Syn {
    checkDeadline();
    switch (node.name) {
      case 'Number': return readNumber(textOf(node, this.src), this.at(node));
      case 'VariableName': return { t: 'sym', name: textOf(node, this.src), at: this.at(node) };
      case 'ParenthesizedExpression': return this.read(namedChildren(node)[0]);
      case 'UnaryExpression': {
        const op = textOf(node.firstChild!, this.src);
        const arg = this.read(namedChildren(node).at(-1)!);
        if (op === '-') return { t: 'neg', arg, at: this.at(node) };
        if (op === '+') return arg;
        if (op === '!') return { t: 'call', fn: 'not', args: [arg], at: this.at(node), text: op };
        return this.fail(node, `the operator '${op}' is not supported`);
      }
      case 'BinaryExpression': return this.binary(node);
      case 'ConditionalExpression': {
        // c ? a : b is where(c, a, b)
        const [cond, , a, , b] = namedChildren(node);
        return { t: 'call', fn: 'where', args: [this.read(cond), this.read(a), this.read(b)], at: this.at(node), text: '?:' };
      }
      case 'CallExpression': return this.call(node);
      case 'MemberExpression': {
        // x[0]: an entry of an array, a scalar; the derivative by x is the array of derivatives by its entries
        const [object, index] = namedChildren(node);
        if (node.getChild('[') && object.name === 'VariableName' && index) {
          return { t: 'sym', name: entrySymbol(textOf(object, this.src), textOf(index, this.src).replace(/\s+/g, ''), ZERO_BASED, this.at(node)), at: this.at(node) };
        }
        const constant = MATH_CONSTANTS[this.mathMember(node)];
        if (!constant) return this.fail(node, `'${textOf(node, this.src)}' is not a constant this extension knows`);
        return constant(this.at(node));
      }
      default: return atSourceOffsets(this.prepared, () => unsupported(node, this.src));
    }
  }

  private binary(node: SyntaxNode): Syn {
    const [left, op, right] = namedChildren(node);
    const o = textOf(op, this.src);
    if (o === '**') {
      // the grammar nests a ** b ** c to the left; JavaScript's ** is right-associative
      const operands: SyntaxNode[] = [right];
      const ats: number[] = [this.at(op)];
      let n = left;
      while (this.isPower(n)) { const [a, star, b] = namedChildren(n); operands.unshift(b); ats.unshift(this.at(star)); n = a; }
      operands.unshift(n);
      // every operand but the last is a base: `2 ** -x ** 2` is a SyntaxError in JavaScript
      for (const base of operands.slice(0, -1)) this.refuseUnaryBase(base);
      this.sawStarStar = true;
      const read = operands.map((x) => this.read(x));
      return read.slice(0, -1).reduceRight((exp, base, i) => power(base, exp, ats[i]), read[read.length - 1]);
    }
    const comparison = COMPARISONS[o];
    if (comparison) return { t: 'call', fn: comparison, args: [this.read(left), this.read(right)], at: this.at(op), text: o };
    // conditions joined: x > 0 && x < 3 (the scalar reading refuses anything but comparisons on either side)
    if (o === '&&' || o === '||') return { t: 'call', fn: o === '&&' ? 'and' : 'or', args: [this.read(left), this.read(right)], at: this.at(op), text: o };
    if (SUMS.has(o) || PRODUCTS.has(o)) return combineChain(node, this.prepared, SUMS.has(o) ? SUMS : PRODUCTS, OPERATORS, (n) => this.read(n));
    return this.fail(op, `the operator '${o}' is not supported`);
  }

  /** ECMAScript: the base of `**` is an UpdateExpression, never a unary one (`-x ** 2` is a SyntaxError). */
  private refuseUnaryBase(base: SyntaxNode): void {
    if (base.name !== 'UnaryExpression') return;
    const written = textOf(base, this.src);
    const [sign, operand] = [written[0], written.slice(1).trim()];
    this.fail(base, `JavaScript does not allow a unary operator directly before **: write (${written}) ** … or ${sign}(${operand} ** …)`);
  }

  private isPower(n: SyntaxNode): boolean {
    return n.name === 'BinaryExpression' && textOf(namedChildren(n)[1], this.src) === '**';
  }

  /** The property of `Math.name`. */
  private mathMember(node: SyntaxNode): string {
    const [object, property] = namedChildren(node);
    if (object.name !== 'VariableName' || textOf(object, this.src) !== 'Math' || !property) {
      this.fail(node, `only Math functions and constants are supported, not '${textOf(node, this.src)}'`);
    }
    return textOf(property, this.src);
  }

  private call(node: SyntaxNode): Syn {
    const [callee, argList] = namedChildren(node);
    if (callee.name !== 'MemberExpression') {
      const bare = textOf(callee, this.src);
      const own = callee.name === 'VariableName' ? Object.hasOwn(OWN_ACTIVATIONS, bare) && OWN_ACTIVATIONS[bare] : undefined;
      if (!own) this.fail(callee, NAMES[bare] ? `unknown function '${bare}' (use Math.${bare})` : `unknown function '${bare}': Math's functions (Math.exp, Math.sin, …) are read, and sigmoid, relu, softplus, silu and gelu by name`);
      (this.written ??= {})[own] = bare;
      return { t: 'call', fn: own, args: namedChildren(argList).map((a) => this.read(a)), at: this.at(callee), text: bare };
    }
    const name = this.mathMember(callee);
    const args = namedChildren(argList).map((a) => this.read(a));
    const at = this.at(callee);
    const text = `Math.${name}`;
    switch (name) {
      case 'pow':
        if (args.length !== 2) this.fail(callee, "'Math.pow' takes 2 arguments");
        this.sawPow = true;
        return power(args[0], args[1], at);
      case 'max': case 'min': case 'hypot':
        // Math.max(a, b, c) is max(max(a, b), c), Math.hypot(a, b, c) hypot(hypot(a, b), c); with fewer than two arguments a constant
        if (args.length < 2) this.fail(callee, `'${text}' needs at least 2 arguments here`);
        return args.slice(1).reduce((a, b): Syn => ({ t: 'call', fn: name, args: [a, b], at, text }), args[0]);
    }
    const fn = NAMES[name];
    if (!fn) this.fail(namedChildren(callee)[1], `unknown function '${text}'`);
    return { t: 'call', fn, args, at, text };
  }
}

/** A JavaScript selection read once: its syntax, the name it declares or assigns, and how results print. */
export function readJavaScript(source: string): { syn: Syn; assignedTo?: string; style: JavaScriptStyle } {
  const prepared = prepareForLezer(source, 'javascript');
  const statement = atSourceOffsets(prepared, () => singleStatement(parser, prepared.text));
  const at = (node: SyntaxNode) => prepared.toSource(node.from);
  let target: SyntaxNode | undefined;
  let assignedTo: string | undefined;
  if (statement.name === 'ExpressionStatement' || statement.name === 'ReturnStatement') {
    target = namedChildren(statement).at(-1);
    if (target?.name === 'AssignmentExpression') {
      const [lhs, , rhs] = namedChildren(target);
      if (lhs.name !== 'VariableName') throw new InputError('select an expression', at(target));
      assignedTo = textOf(lhs, prepared.text);
      target = rhs;
    }
  } else if (statement.name === 'VariableDeclaration') {
    const parts = namedChildren(statement).filter((n) => n.name !== 'Equals' && n.name !== 'TypeAnnotation');
    if (parts.length !== 2) throw new InputError('select a single declaration such as const y = x ** 2', at(statement));
    assignedTo = textOf(parts[0], prepared.text);
    target = parts[1];
  }
  if (!target) throw new InputError('select an expression, not a statement', at(statement));
  const reader = new JavaScriptReader(prepared);
  const syn = reader.read(target);
  const squaresAsProducts = !reader.sawPow && !reader.sawStarStar && SQUARE_AS_PRODUCT.test(prepared.text);
  const { written } = reader;
  return { syn, assignedTo, style: { mathPow: reader.sawPow && !reader.sawStarStar, spacedProducts: usesSpacedProducts(source, true), ...(squaresAsProducts ? { squaresAsProducts } : {}), ...(written ? { written } : {}) } };
}

/** ECMAScript's reserved words (and eval, arguments): a variable of that name from another notation prints as `name_`. */
const RESERVED = new Set([
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null',
  'package', 'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var',
  'void', 'while', 'with', 'yield', 'eval', 'arguments', 'undefined', 'NaN', 'Infinity', 'Math',
]);

export function printJavaScript(e: Expr, style: JavaScriptStyle): string {
  const infix: InfixStyle = {
    power: { ...(style.mathPow ? { fn: 'Math.pow' } : { op: ' ** ' }), ...(style.squaresAsProducts ? { squareAsProduct: true } : {}) },
    fn: (name) => style.written?.[name] ?? `Math.${name}`,
    constant: (name) => (name === 'pi' ? 'Math.PI' : 'Math.E'),
    logBase: (arg, base) => (base === 10n || base === 2n ? `Math.log${base}(${arg})` : undefined),
    spacedProducts: style.spacedProducts,
    parenthesizeNegatedPower: true,
    symbol: (name) => (RESERVED.has(name) ? `${name}_` : name),
    conditional: 'ternary',
    orValue: { or: '||', parenthesized: false },
  };
  const available = withWritten(AVAILABLE, style.written);
  const lowered = lowerFor(e, available);
  // Math has no erf, gamma or their family, and they have no formula in its functions
  refuseUnwritable(lowered, available, (fn) => `JavaScript's Math has no ${fn}, so the result ${fn}(…) cannot be written in JavaScript`);
  return printInfix(withCubeRoots(lowered), infix);
}

