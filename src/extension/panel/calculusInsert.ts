// Insert for the panel's calculus sections: the answer (a tangent line's equation, a Taylor
// polynomial, an antiderivative, an implicit derivative) on a new line below the explained
// selection, with its indentation; in LaTeX and Markdown as display math after the math block.
import * as vscode from 'vscode';
import type { InsertionStyle } from '../dialect';
import { displayMathEnd } from '../insertion';

/** The line written below the selection for `text` in the document's style. */
export function calculusLine(text: string, style: InsertionStyle): string {
  if (style === 'latex') return `\\[ ${text} \\]`;
  if (style === 'markdown') return `$$ ${text} $$`;
  return text;
}

/** Writes `text` below the selection [start, end) of the editor's document, in one edit (one undo). */
export async function insertBelow(editor: vscode.TextEditor, start: number, end: number, text: string, style: InsertionStyle): Promise<boolean> {
  const { document } = editor;
  const lines = document.getText().split(/\r?\n/);
  const from = document.positionAt(start);
  const to = document.positionAt(end);
  const afterLine = style === 'latex' || style === 'markdown' ? (displayMathEnd(lines, from, to, style) ?? to.line) : to.line;
  const indent = /^\s*/.exec(lines[from.line] ?? '')![0];
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const at = document.lineAt(afterLine).range.end;
  return editor.edit((edit) => edit.insert(at, `${eol}${indent}${calculusLine(text, style)}`));
}
