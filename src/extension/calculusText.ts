// What the calculus commands (tangent line, Taylor polynomial, implicit derivative, integral, critical
// points) read from the user and write into the document, in the style of the document. Pure: no
// vscode import (test/unit/extension/calculusText.test.ts); the words are passed in, localized.
import type { CalculusKind, CalculusOperations } from '../shared/workerProtocol';
import type { InsertionStyle } from './dialect';
import { assignmentAround, cDeclaration, COMMENT, derivativeName, displayMathEnd, identifierPart, statementSpan, type Assignment, type LineInsertion, type TextPosition } from './insertion';

type Result<K extends keyof CalculusOperations> = CalculusOperations[K]['result'];

// ──── Prompts ───────────────────────────────────────────────

/** Names a point may use besides numbers: the constants and the functions of exact values. */
const POINT_WORDS = new Set(['pi', 'e', 'sqrt', 'exp', 'log', 'ln', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'abs']);

/** Why a point cannot be read (checked as the user types; the core has the last word), or undefined. */
export type PointProblem = { kind: 'empty' } | { kind: 'name'; name: string } | { kind: 'character'; character: string } | { kind: 'brackets' } | { kind: 'incomplete' };

/** A point as typed: a number or a constant expression such as `pi/4`, `-1/3`, `sqrt(2)`, `2e-3`. */
export function pointProblem(text: string): PointProblem | undefined {
  const t = text.trim();
  if (t === '') return { kind: 'empty' };
  const bad = /[^0-9.\s+\-*/^()A-Za-zπ]/.exec(t);
  if (bad) return { kind: 'character', character: bad[0] };
  for (const word of t.replace(/\d+(?:\.\d*)?[eE][+-]?\d+/g, '1').match(/[A-Za-z]+/g) ?? []) {
    if (!POINT_WORDS.has(word)) return { kind: 'name', name: word };
  }
  let depth = 0;
  for (const ch of t) {
    depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth < 0) return { kind: 'brackets' };
  }
  if (depth !== 0) return { kind: 'brackets' };
  if (/[+\-*/^]\s*$/.test(t) || /^\s*[*/^]/.test(t) || /\(\s*\)/.test(t)) return { kind: 'incomplete' };
  return undefined;
}

/** A point as the core reads it: `π` written `pi`. */
export function pointSource(text: string): string {
  return text.trim().replace(/π/g, 'pi');
}

/** An infinite bound as a person types it in the box (the core reads more spellings, such as \\infty and np.inf, and has the last word). */
const TYPED_INFINITY = /^\s*[+-]?\s*(?:inf|infinity|oo|∞)\s*$/i;

/** An interval typed as `a, b` or `[a, b]`: its two ends, or what is wrong. Bounds of an integral may be infinite (`0, inf`). */
export function readInterval(text: string, infiniteEnds = false): { from: string; to: string } | { problem: PointProblem | { kind: 'ends' } } {
  const inner = text.trim().replace(/^\[(.*)\]$/s, '$1');
  const ends = inner.split(',');
  if (ends.length !== 2) return { problem: { kind: 'ends' } };
  for (const end of ends) {
    if (infiniteEnds && TYPED_INFINITY.test(end)) continue;
    const problem = pointProblem(end);
    if (problem) return { problem };
  }
  return { from: pointSource(ends[0]!), to: pointSource(ends[1]!) };
}

/** A Taylor order as typed: a whole number from 0 to `max`, or undefined. */
export function readOrder(text: string, max: number): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

// ──── Equations ─────────────────────────────────────────────

/** The equation in a selection for Implicit Derivative: offsets of the text without spaces, math delimiters and a closing `;`. */
export function equationSpan(text: string, style: InsertionStyle): { start: number; end: number } {
  const { start, end } = statementSpan(text, style);
  return { start, end };
}

/** Offsets of `=`, `==` or `===` outside brackets (`<=`, `>=`, `!=`, `=>` are not equations). */
function topLevelRelations(text: string): { index: number; length: number }[] {
  const found: { index: number; length: number }[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === '=' && depth === 0) {
      const length = text.startsWith('===', i) ? 3 : text.startsWith('==', i) ? 2 : 1;
      if (!'<>!:'.includes(text[i - 1] ?? ' ') && text[i + length] !== '>') found.push({ index: i, length });
      i += length - 1;
    }
  }
  return found;
}

/**
 * Whether a selection reads as an equation F = G for Implicit Derivative: one relation whose left
 * side is not a name being defined (`y = x^2` and `f(x) = …` define y and f), or SymPy's `Eq(F, G)`.
 */
export function isEquation(text: string): boolean {
  const t = text.trim();
  if (/^(?:[A-Za-z_]\w*\.)?Eq\s*\(/.test(t)) return true;
  const relations = topLevelRelations(t);
  if (relations.length !== 1) return false;
  const [{ index, length }] = relations as [{ index: number; length: number }];
  const left = t.slice(0, index).trim().replace(/^(?:const|let|var)\s+/, '');
  const right = t.slice(index + length).trim();
  if (left === '' || right === '') return false;
  // a name, or a function of names (f(x, t)), being defined; sin(x*y) = x is an equation
  if (length === 1 && /^[A-Za-z_\\][\w\\]*(?:\s*\(\s*[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s*\))?(?:\s*:[^=]+)?$/.test(left) && !/^(?:sin|cos|tan|exp|log|ln|sqrt|sinh|cosh|tanh)\s*\(/.test(left)) return false;
  return true;
}

/** F − (G): what analyze reads to list an equation's symbols (undefined when it is not `F = G`). */
export function equationAsDifference(text: string): string | undefined {
  const t = text.trim();
  const relations = topLevelRelations(t);
  if (relations.length !== 1) return undefined;
  const [{ index, length }] = relations as [{ index: number; length: number }];
  return `${t.slice(0, index).trim()} - (${t.slice(index + length).trim()})`;
}

// ──── Answers ───────────────────────────────────────────────

/** One operation's answer, in the forms each place and notation takes. */
export interface CalculusAnswer {
  /** What replaces the selection (an expression in its notation); absent when the answer is not one expression. */
  replacement?: string;
  /** Written right after the selection, inside its math (` = \\frac{1}{3}` after `\\int_0^1 x^2 \\, dx`); when set, it takes the place of the line below. */
  after?: string;
  /** The answer as one line in the selection's notation (the clipboard; plain text below the selection). */
  statement: string;
  /** The answer in LaTeX (LaTeX and Markdown documents, in display math). */
  latex: string;
  /** In code: the name for `name = value` (from the assigned name, if any); absent: code gets `comment`. */
  assign?: (assigned: string | undefined) => string | undefined;
  /** The value assigned in code, and what follows it (a remainder comment). */
  value?: string;
  trailing?: string;
  /** In code without an assignment: the comment's text. */
  comment: string;
}

/** The words the answers use, localized by the caller. */
export interface AnswerWords {
  /** `tangent at x = 2` */
  tangentAt(wrt: string, at: string): string;
  /** `Taylor polynomial of order 5 at x = 0` */
  taylorAt(order: number, wrt: string, at: string): string;
  antiderivative: string;
  /** `integral from 0 to 1` */
  integralBetween(from: string, to: string): string;
  /** `critical points on [-10, 10]` */
  criticalOn(from: string, to: string): string;
  kind(kind: Result<'critical'>['points'][number]['kind']): string;
  notDifferentiable: string;
}

/** The right-hand side of `name = rhs` as the core printed it. */
function rightOf(equation: string, name: string): string {
  const prefix = `${name} = `;
  return equation.startsWith(prefix) ? equation.slice(prefix.length) : equation;
}

export function tangentAnswer(r: Result<'tangent'>, style: InsertionStyle, words: AnswerWords): CalculusAnswer {
  const rhs = rightOf(r.result, r.name);
  return {
    replacement: rhs,
    statement: style === 'latex' || style === 'markdown' ? r.equation.latex : r.result,
    latex: r.equation.latex,
    assign: (assigned) => (assigned ? `${identifierPart(assigned)}_tangent` : undefined),
    value: rhs,
    comment: `${words.tangentAt(r.wrt, r.point.x.result)}: ${r.result}`,
  };
}

export function taylorAnswer(r: Result<'taylor'>, style: InsertionStyle, words: AnswerWords): CalculusAnswer {
  // in code the core writes the remainder as a trailing comment: `x - x**3/6  # + O(x**6)`
  const trailing = r.result.startsWith(r.polynomial) ? r.result.slice(r.polynomial.length) : '';
  const remainder = trailing.replace(/^\s*(?:#|\/\/|%)\s*/, '').replace(/^\+\s*/, '');
  const label = words.taylorAt(r.order, r.wrt, r.at.result);
  const code = style !== 'plain' && style !== 'latex' && style !== 'markdown';
  return {
    replacement: r.polynomial,
    statement: code ? r.result : style === 'plain' ? `${r.input.plain} = ${r.plainWithRemainder}` : `${r.input.latex} = ${r.latex}`,
    latex: `${r.input.latex} = ${r.latex}`,
    assign: (assigned) => (assigned ? `${identifierPart(assigned)}_taylor` : undefined),
    value: r.polynomial,
    ...(trailing ? { trailing } : {}),
    comment: `${label}: ${r.polynomial}${remainder ? ` + ${remainder}` : ''}`,
  };
}

export function implicitAnswer(r: Result<'implicit'>, style: InsertionStyle): CalculusAnswer {
  const name = derivativeName(r.of, r.wrt, 1);
  const code = style !== 'plain' && style !== 'latex' && style !== 'markdown';
  return {
    replacement: r.result,
    statement: code ? `${name} = ${r.result}` : style === 'plain' ? r.equation.plain : r.equation.latex,
    latex: r.equation.latex,
    // an equation is not an assignment: dy/dx gets its own name in code, as Differentiate names it
    assign: () => name,
    value: r.result,
    comment: r.equation.plain,
  };
}

/** Whether Integrate Selection reads the selection as an integral written out (`\\int_0^1 x^2 \\, dx`), its variable and bounds included. */
export function selectsWrittenIntegral(source: string, style: InsertionStyle): boolean {
  // a look at the text, as isEquation is: the host does not load the core; the worker's integrate reads it
  return (style === 'latex' || style === 'markdown') && /^\s*\\int(?![A-Za-z])/.test(source);
}

/** A number in LaTeX: `1.2e-14` as `1.2 \\times 10^{-14}`. */
function numberLatex(text: string): string {
  const m = /^(-?[\d.]+)e([+-]?\d+)$/.exec(text);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : text;
}

/** What follows a written integral in its math: ` = value` (± the quadrature's error when inexact), or ` = F + C`. */
function valueAfterIntegral(r: Result<'integrate'>): string | undefined {
  const definite = r.definite;
  if (definite) {
    if (definite.exact) return ` = ${definite.exact.latex}`;
    return ` = ${numberLatex(String(definite.value))} \\pm ${numberLatex(definite.errorEstimate.toPrecision(2))}`;
  }
  return r.latex !== undefined ? ` = ${r.latex} + C` : undefined;
}

/** An integral's answer; undefined when there is nothing to write (no antiderivative and no definite value). */
export function integralAnswer(r: Result<'integrate'>, style: InsertionStyle, words: AnswerWords): CalculusAnswer | undefined {
  const definite = r.definite;
  const after = r.written && (style === 'latex' || style === 'markdown') ? valueAfterIntegral(r) : undefined;
  if (definite) {
    if (!Number.isFinite(definite.value) || !r.equation) return undefined;
    const value = definite.exact?.result ?? String(definite.value);
    return {
      ...(after !== undefined ? { after } : {}),
      replacement: value,
      statement: style === 'latex' || style === 'markdown' ? r.equation.latex : style === 'plain' ? r.equation.plain : value,
      latex: r.equation.latex,
      assign: (assigned) => (assigned ? `${identifierPart(assigned)}_integral` : undefined),
      value,
      comment: `${words.integralBetween(definite.from.plain, definite.to.plain)}: ${definite.exact ? value : `${value} ± ${definite.errorEstimate.toPrecision(2)}`}`,
    };
  }
  if (!r.found || r.result === undefined || !r.equation) return undefined;
  return {
    ...(after !== undefined ? { after } : {}),
    replacement: r.result,
    statement: style === 'latex' || style === 'markdown' ? r.equation.latex : style === 'plain' ? r.equation.plain : r.result,
    latex: r.equation.latex,
    assign: (assigned) => (assigned ? `${identifierPart(assigned)}_integral` : undefined),
    value: r.result,
    comment: `${words.antiderivative}: ${r.result} + C`,
  };
}

/** Critical points as one line (never in place of the expression); undefined when there are none. */
export function criticalAnswer(r: Result<'critical'>, style: InsertionStyle, words: AnswerWords): CalculusAnswer | undefined {
  if (r.points.length === 0) return undefined;
  const label = words.criticalOn(r.interval.from.plain, r.interval.to.plain);
  const describe = (p: Result<'critical'>['points'][number]) => [words.kind(p.kind), ...(p.differentiable ? [] : [words.notDifferentiable])].join(', ');
  const x = identifierPart(r.wrt);
  const listed = r.points.map((p) => `${x} = ${p.x.result} (${describe(p)})`).join(', ');
  const latex = r.points.map((p) => `${r.wrt} = ${p.x.latex} \\ \\text{(${describe(p)})}`).join(', \\quad ');
  return {
    statement: style === 'latex' || style === 'markdown' ? latex : `${label}: ${listed}`,
    latex,
    comment: `${label}: ${listed}`,
  };
}

/**
 * The answer of one operation: what the commands write and what the explanation panel's sections
 * copy and insert, so both write the same text for the same result.
 */
export function calculusAnswer<K extends CalculusKind>(kind: K, result: Result<K>, style: InsertionStyle, words: AnswerWords): CalculusAnswer | undefined {
  switch (kind) {
    case 'tangent': return tangentAnswer(result as Result<'tangent'>, style, words);
    case 'taylor': return taylorAnswer(result as Result<'taylor'>, style, words);
    case 'implicit': return implicitAnswer(result as Result<'implicit'>, style);
    case 'integrate': return integralAnswer(result as Result<'integrate'>, style, words);
    case 'critical': return criticalAnswer(result as Result<'critical'>, style, words);
  }
  return undefined;
}

// ──── Where the answer goes ─────────────────────────────────

export interface AnswerPlacement {
  style: InsertionStyle;
  /** The document's lines (without line ends). */
  lines: readonly string[];
  /** The selection's expression (or equation) in the document. */
  start: TextPosition;
  end: TextPosition;
  /** From splitSelection, when the selection itself was an assignment. */
  assignment?: Assignment;
}

/**
 * The line written below the selection: in code `f_tangent = …` under an assignment `f = …` (its
 * declaration keyword and `;` kept), else a comment; in LaTeX `\[ … \]` and in Markdown `$$ … $$`
 * after the display math the selection is in; in plain text the statement.
 */
export function answerBelow(answer: CalculusAnswer, placement: AnswerPlacement): LineInsertion {
  const { style, lines, start, end } = placement;
  const indent = /^\s*/.exec(lines[start.line] ?? '')![0];
  if (style === 'latex' || style === 'markdown') {
    const text = style === 'latex' ? `\\[ ${answer.latex} \\]` : `$$ ${answer.latex} $$`;
    return { afterLine: displayMathEnd(lines, start, end, style) ?? end.line, text: indent + text };
  }
  if (style === 'plain') return { afterLine: end.line, text: indent + answer.statement };
  const prefix = (lines[start.line] ?? '').slice(0, start.character);
  const suffix = (lines[end.line] ?? '').slice(end.character);
  const assignment = placement.assignment ?? assignmentAround(prefix, suffix, style);
  const name = answer.value !== undefined ? answer.assign?.(assignment?.name) : undefined;
  if (name === undefined) return { afterLine: end.line, text: `${indent}${COMMENT[style]} ${answer.comment}` };
  const semicolon = style === 'c' || (style === 'javascript' && (!assignment || assignment.semicolon || /^\s*;/.test(suffix))) || (style === 'matlab' && !!assignment?.semicolon) ? ';' : '';
  const keyword = style === 'javascript' ? `${assignment ? (assignment.keyword ?? '') : 'const'}` : style === 'c' ? cDeclaration(assignment) : '';
  return { afterLine: end.line, text: `${indent}${keyword ? `${keyword} ` : ''}${name} = ${answer.value}${semicolon}${answer.trailing ?? ''}` };
}
