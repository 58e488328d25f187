// The dialect registry: how each notation is read into the tree and printed back.
import { Dialect, InputError } from '../api';
import { Expr } from '../expr';
import { lowerFor } from '../lower';
import { parsePlain, PLAIN_FUNCTIONS, printPlain } from './plain';
import { parsePython, printPython, PythonStyle } from './python';
import { JavaScriptStyle, parseJavaScript, printJavaScript } from './javascript';
import { LATEX_FUNCTIONS, parseLatex, printLatex } from './latex';
import { MatlabStyle, printMatlab, readMatlab } from './matlab';
import { JuliaStyle, printJulia, readJulia } from './julia';
import { collectWarnings } from './warnings';
export { warn } from './warnings';

/** A parsed selection and the conventions it was written with, so results print the same way. */
export interface Parsed {
  expr: Expr;
  dialect: Dialect;
  /** The name assigned to, when the selection was `y = …`. */
  assignedTo?: string;
  style: DialectStyle;
  /** Readings the user may not have meant, in short sentences (e.g. "read `xy` as x*y ..."). */
  warnings?: string[];
}

export type DialectStyle =
  | { dialect: 'plain' }
  | { dialect: 'latex' }
  | ({ dialect: 'python' } & PythonStyle)
  | ({ dialect: 'javascript' } & JavaScriptStyle)
  | ({ dialect: 'matlab' } & MatlabStyle)
  | ({ dialect: 'julia' } & JuliaStyle);

export function parse(source: string, dialect: Dialect, documentText = ''): Parsed {
  const { value, warnings } = collectWarnings(() => parseSilently(source, dialect, documentText));
  return warnings.length ? { ...value, warnings } : value;
}

function parseSilently(source: string, dialect: Dialect, documentText: string): Parsed {
  switch (dialect) {
    case 'plain': return { expr: parsePlain(source), dialect, style: { dialect } };
    case 'latex': {
      const { expr, assignedTo } = parseLatex(source);
      return { expr, dialect, assignedTo, style: { dialect } };
    }
    case 'python': {
      const { expr, assignedTo, style } = parsePython(source, documentText);
      return { expr, dialect, assignedTo, style: { dialect, ...style } };
    }
    case 'javascript': {
      const { expr, assignedTo, style } = parseJavaScript(source);
      return { expr, dialect, assignedTo, style: { dialect, ...style } };
    }
    case 'matlab': {
      const { expr, assignedTo, style } = readMatlab(source);
      return { expr, dialect, assignedTo, style: { dialect, ...style } };
    }
    case 'julia': {
      const { expr, assignedTo, style } = readJulia(source);
      return { expr, dialect, assignedTo, style: { dialect, ...style } };
    }
    default: throw new InputError(`unknown dialect '${dialect as string}'`);
  }
}

/** Prints `e` in the dialect and style of a parsed selection. */
export function print(e: Expr, style: DialectStyle): string {
  switch (style.dialect) {
    case 'plain': return printPlain(lowerFor(e, PLAIN_FUNCTIONS));
    case 'latex': return printLatex(lowerFor(e, LATEX_FUNCTIONS));
    case 'python': return printPython(e, style);
    case 'javascript': return printJavaScript(e, style);
    case 'matlab': return printMatlab(e, style);
    case 'julia': return printJulia(e, style);
  }
}

export const toPlain = (e: Expr) => print(e, { dialect: 'plain' });
export const toLatex = (e: Expr) => print(e, { dialect: 'latex' });
