// JavaScript and TypeScript: `Math.*`, `**`, `Math.pow`, `Math.PI`, `Math.E`.
import { parser } from '@lezer/javascript';
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../api';
import { E, Expr, MINUS_ONE, neg, num, PI, pow, sqrt, sym } from '../expr';
import { call, logBase } from '../functions';
import { Rational } from '../rational';
import { lowerFor } from '../lower';
import { InfixStyle, printInfix } from './infix';
import { ARITHMETIC, atSourceOffsets, chainOperands, combineChain, namedChildren, prepareForLezer, PRODUCTS, readNumber, singleStatement, SUMS, textOf, unsupported, usesSpacedProducts, withCubeRoots } from './lezer';
import { applyFunction } from './reader';

export interface JavaScriptStyle {
  /** The selection wrote powers as `Math.pow(a, b)` rather than `a ** b`. */
  mathPow: boolean;
  spacedProducts: boolean;
}

const NAMES: Readonly<Record<string, string>> = {
  sin: 'sin', cos: 'cos', tan: 'tan', asin: 'asin', acos: 'acos', atan: 'atan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh',
  asinh: 'asinh', acosh: 'acosh', atanh: 'atanh', exp: 'exp', expm1: 'expm1', log: 'log', log1p: 'log1p', sqrt: 'sqrt',
  cbrt: 'cbrt', abs: 'abs', sign: 'sign', hypot: 'hypot', atan2: 'atan2',
};
const AVAILABLE = new Set(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'log', 'log1p', 'expm1', 'abs', 'sign', 'hypot', 'atan2', 'max', 'min']);

const ln = (n: number) => call('log', [num(n)]);
/** The constants of `Math`, exactly (Math.LOG2E is 1/ln 2). */
const MATH_CONSTANTS: Readonly<Record<string, () => Expr>> = {
  PI: () => PI, E: () => E,
  SQRT2: () => sqrt(num(2)), SQRT1_2: () => pow(num(2), num(Rational.of(-1n, 2n))),
  LN2: () => ln(2), LN10: () => ln(10), LOG2E: () => pow(ln(2), MINUS_ONE), LOG10E: () => pow(ln(10), MINUS_ONE),
};

class JavaScriptReader {
  sawPow = false;
  sawStarStar = false;
  constructor(private readonly src: string, private readonly groups: ReadonlySet<number>) {}

  private fail(node: SyntaxNode, what: string): never { throw new InputError(what, node.from); }

  read(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'Number': return readNumber(textOf(node, this.src), node.from);
      case 'VariableName': return sym(textOf(node, this.src));
      case 'ParenthesizedExpression': return this.read(namedChildren(node)[0]);
      case 'UnaryExpression': {
        const op = textOf(node.firstChild!, this.src);
        const operand = this.read(namedChildren(node).at(-1)!);
        if (op === '-') return neg(operand);
        if (op === '+') return operand;
        return this.fail(node, `the operator '${op}' is not supported`);
      }
      case 'BinaryExpression': return this.binary(node);
      case 'CallExpression': return this.call(node);
      case 'MemberExpression': {
        const constant = MATH_CONSTANTS[this.mathMember(node)];
        if (!constant) return this.fail(node, `'${textOf(node, this.src)}' is not a constant this extension knows`);
        return constant();
      }
      default: return unsupported(node, this.src);
    }
  }

  private binary(node: SyntaxNode): Expr {
    const [left, op, right] = namedChildren(node);
    const o = textOf(op, this.src);
    if (o === '**' && this.isPower(left)) {
      // the grammar nests a ** b ** c to the left; JavaScript's ** is right-associative
      const operands: SyntaxNode[] = [right];
      let n = left;
      while (this.isPower(n)) { const [a, , b] = namedChildren(n); operands.unshift(b); n = a; }
      operands.unshift(n);
      // every operand but the last is a base: `2 ** -x ** 2` is a SyntaxError in JavaScript
      for (const base of operands.slice(0, -1)) this.refuseUnaryBase(base);
      this.sawStarStar = true;
      return operands.map((x) => this.read(x)).reduceRight((exp, base) => pow(base, exp));
    }
    if (o === '**') this.refuseUnaryBase(left);
    if (SUMS.has(o) || PRODUCTS.has(o)) {
      // a + b - c …: Lezer nests it to the left; read it in a loop, canonicalise once
      const { first, rest } = chainOperands(node, this.src, SUMS.has(o) ? SUMS : PRODUCTS, this.groups);
      return combineChain(this.read(first), rest.map(([op, n]) => [op, this.read(n)]));
    }
    const apply = ARITHMETIC[o];
    if (!apply) return this.fail(op, `the operator '${o}' is not supported`);
    if (o === '**') this.sawStarStar = true;
    return apply(this.read(left), this.read(right));
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

  private call(node: SyntaxNode): Expr {
    const [callee, argList] = namedChildren(node);
    if (callee.name !== 'MemberExpression') this.fail(callee, `unknown function '${textOf(callee, this.src)}' (use Math.${textOf(callee, this.src)})`);
    const name = this.mathMember(callee);
    const args = namedChildren(argList).map((a) => this.read(a));
    switch (name) {
      case 'pow':
        if (args.length !== 2) this.fail(callee, "'Math.pow' takes 2 arguments");
        this.sawPow = true;
        return pow(args[0], args[1]);
      case 'log10': return logBase(args[0], num(10));
      case 'log2': return logBase(args[0], num(2));
      case 'max': case 'min':
        // Math.max(a, b, c) is max(max(a, b), c); with fewer than two arguments it is a constant
        if (args.length < 2) this.fail(callee, `'Math.${name}' needs at least 2 arguments here`);
        return args.reduce((a, b) => applyFunction(name, [a, b], callee.from, `Math.${name}`));
    }
    const fn = NAMES[name];
    if (!fn) this.fail(namedChildren(callee)[1], `unknown function 'Math.${name}'`);
    return applyFunction(fn, args, callee.from, `Math.${name}`);
  }
}

export function parseJavaScript(source: string): { expr: Expr; assignedTo?: string; style: JavaScriptStyle } {
  const prepared = prepareForLezer(source, 'javascript');
  const { expr, assignedTo, reader } = atSourceOffsets(prepared, () => readJavaScript(prepared.text, prepared.groups));
  return { expr, assignedTo, style: { mathPow: reader.sawPow && !reader.sawStarStar, spacedProducts: usesSpacedProducts(source) } };
}

function readJavaScript(source: string, groups: ReadonlySet<number>) {
  const statement = singleStatement(parser, source);
  let target: SyntaxNode | undefined;
  let assignedTo: string | undefined;
  if (statement.name === 'ExpressionStatement' || statement.name === 'ReturnStatement') {
    target = namedChildren(statement).at(-1);
    if (target?.name === 'AssignmentExpression') {
      const [lhs, , rhs] = namedChildren(target);
      if (lhs.name !== 'VariableName') throw new InputError('select an expression', target.from);
      assignedTo = textOf(lhs, source);
      target = rhs;
    }
  } else if (statement.name === 'VariableDeclaration') {
    const parts = namedChildren(statement).filter((n) => n.name !== 'Equals' && n.name !== 'TypeAnnotation');
    if (parts.length !== 2) throw new InputError('select a single declaration such as const y = x ** 2', statement.from);
    assignedTo = textOf(parts[0], source);
    target = parts[1];
  }
  if (!target) throw new InputError('select an expression, not a statement', statement.from);
  const reader = new JavaScriptReader(source, groups);
  const expr = reader.read(target);
  return { expr, assignedTo, reader };
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
    power: style.mathPow ? { fn: 'Math.pow' } : { op: ' ** ' },
    fn: (name) => `Math.${name}`,
    constant: (name) => (name === 'pi' ? 'Math.PI' : 'Math.E'),
    logBase: (arg, base) => (base === 10n || base === 2n ? `Math.log${base}(${arg})` : undefined),
    spacedProducts: style.spacedProducts,
    parenthesizeNegatedPower: true,
    symbol: (name) => (RESERVED.has(name) ? `${name}_` : name),
  };
  return printInfix(withCubeRoots(lowerFor(e, AVAILABLE)), infix);
}
