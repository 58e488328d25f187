// The links in hovers and the lightbulb's actions: the arguments of the commands that insert,
// replace or explain a previewed derivative, checked on arrival (links can be crafted by hand), and
// whether a command is there to link to.
import * as vscode from 'vscode';
import type { PreviewTarget } from './previewTargets';

/** Arguments of the insert/replace/explain commands behind hover links and code actions. */
export interface DerivativeLinkArgs {
  uri: string;
  /** Document version the preview was computed on: nothing is written if it changed. */
  version: number;
  /** The expression's range: start line, start character, end line, end character. */
  range: [number, number, number, number];
  /** The expression as the core read it (may differ from the range's text by blanked markup). */
  expression: string;
  wrt: string;
  mode: 'belowSelection' | 'replace';
  /** `named`: a matrix result's named form (its definitions, then the result), below the expression. */
  form?: 'named';
}

export function linkArgs(target: PreviewTarget, wrt: string, mode: DerivativeLinkArgs['mode'], form?: 'named'): DerivativeLinkArgs {
  const { start, end } = target.range;
  return { uri: target.document.uri.toString(), version: target.version, range: [start.line, start.character, end.line, end.character], expression: target.source.expression, wrt, mode, ...(form ? { form } : {}) };
}

/** Whether a value received by a command is DerivativeLinkArgs (links can be crafted by hand). */
export function isLinkArgs(value: unknown): value is DerivativeLinkArgs {
  const v = value as Partial<DerivativeLinkArgs> | undefined;
  return (
    !!v &&
    typeof v.uri === 'string' &&
    typeof v.version === 'number' &&
    Array.isArray(v.range) &&
    v.range.length === 4 &&
    v.range.every((n) => Number.isInteger(n) && n >= 0) &&
    typeof v.expression === 'string' &&
    typeof v.wrt === 'string' &&
    (v.mode === 'belowSelection' || v.mode === 'replace') &&
    (v.form === undefined || v.form === 'named')
  );
}

/**
 * Whether a command is registered. The list of commands is long and, in a remote window, a round
 * trip away, so it is kept: the first call waits for it, later ones answer at once from the list and
 * refresh it in the background when it is older than a few seconds.
 */
export async function commandExists(id: string): Promise<boolean> {
  const now = Date.now();
  if (!knownCommands) {
    refreshing ??= refreshCommands();
    await refreshing;
  } else if (now - knownCommands.at > COMMANDS_TTL_MS) {
    refreshing ??= refreshCommands();
  }
  return knownCommands?.ids.has(id) ?? false;
}
let knownCommands: { at: number; ids: Set<string> } | undefined;
let refreshing: Promise<void> | undefined;
const COMMANDS_TTL_MS = 2000;

async function refreshCommands(): Promise<void> {
  try {
    knownCommands = { at: Date.now(), ids: new Set(await vscode.commands.getCommands(true)) };
  } finally {
    refreshing = undefined;
  }
}
