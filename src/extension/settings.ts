// The extension's settings, typed once and read in one place. Mirrors `contributes.configuration`
// in package.json: keep the two in step.
import * as vscode from 'vscode';
import type { DialectSetting } from './dialect';

/** Where a derivative goes. */
export type InsertMode = 'belowSelection' | 'replace' | 'clipboard';

export const INSERT_MODES: readonly InsertMode[] = ['belowSelection', 'replace', 'clipboard'];
const DIALECT_SETTINGS: readonly DialectSetting[] = ['auto', 'plain', 'python', 'javascript', 'latex'];

export const SECTION = 'derivative';

export interface ExtensionSettings {
  /** `derivative.insertMode`: on a new line below the selection (default), in place of it, or to the clipboard. */
  insertMode: InsertMode;
  /** `derivative.dialect`: notation of selections; `auto` follows the document's language. */
  dialect: DialectSetting;
  /** `derivative.timeBudgetMs`: simplification budget handed to the core; the computation is stopped at budget + grace. */
  timeBudgetMs: number;
}

export const DEFAULT_SETTINGS: Readonly<ExtensionSettings> = {
  insertMode: 'belowSelection',
  dialect: 'auto',
  timeBudgetMs: 2000,
};

/** Extra time past the budget before a computation is stopped. */
export const TIME_LIMIT_GRACE_MS = 5000;

/** Reads the settings for a document (language-specific overrides apply); invalid values fall back to defaults. */
export function readSettings(scope?: vscode.ConfigurationScope): ExtensionSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const insertMode = config.get<string>('insertMode');
  const dialect = config.get<string>('dialect');
  const budget = config.get<number>('timeBudgetMs');
  return {
    insertMode: INSERT_MODES.includes(insertMode as InsertMode) ? (insertMode as InsertMode) : DEFAULT_SETTINGS.insertMode,
    dialect: DIALECT_SETTINGS.includes(dialect as DialectSetting) ? (dialect as DialectSetting) : DEFAULT_SETTINGS.dialect,
    timeBudgetMs: typeof budget === 'number' && budget >= 100 ? Math.min(budget, 60_000) : DEFAULT_SETTINGS.timeBudgetMs,
  };
}
